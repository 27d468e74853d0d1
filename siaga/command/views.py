"""Roll-up pages for Polda and Mabes staff (thin: parse, one selector or service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from siaga.command import selectors, services
from siaga.command.figures import figures_refresh
from siaga.command.models import BkoProposal, PolresFigures
from siaga.core import access
from siaga.core.maps import map_config
from siaga.core.params import id_param
from siaga.core.replicas import use_replica
from siaga.units.models import Unit

MABES_TOP = 50


def _polda(request) -> Unit | None:
    """The Polda the page is about: `?polda=` (404 outside one's scope), else the user's own Polda."""
    pk = id_param(request.GET.get("polda"), name="polda")
    if pk is not None:
        return access.get_for_user(Unit.objects.filter(kind="polda"), request.user, pk=pk)
    unit = request.user.unit
    return unit if unit is not None and unit.kind == "polda" else None


@use_replica
def rollup(request):
    access.require(request.user, "command.view")
    polda = _polda(request)
    sort = selectors.sort_key(request.GET.get("urut", ""))
    mabes = polda is None and selectors.is_mabes_view(request.user)
    rows = selectors.rollup_rows(user=request.user, polda=polda, sort=sort)
    shown = rows[:MABES_TOP] if mabes else rows  # the whole country: the Polda table, then the most pressing Polres
    geo = reverse("command:rollup_geojson") + (f"?polda={polda.pk}" if polda else "")
    layer = {"key": "polres", "label": "Polres", "url": geo, "cluster": True}
    context = {
        "polda": polda,
        "mabes": mabes,
        "can_all": selectors.is_mabes_view(request.user),
        "poldas": selectors.polda_rows(user=request.user) if mabes else [],
        "rows": shown,
        "hidden_rows": len(rows) - len(shown),
        "totals": selectors.totals(rows),
        "sort": sort,
        "map_config": map_config([layer]),
        "can_bko": access.can(request.user, "command.bko", unit=polda) if polda else False,
        "refreshed_at": max((r.refreshed_at for r in rows if r.refreshed_at), default=None),
        "status_labels": selectors.STATUS_LABELS,
        "alert_labels": selectors.ALERT_LABELS,
    }
    return render(request, "command/rollup.html", context)


@use_replica
def rollup_geojson(request):
    access.require(request.user, "command.view")
    return JsonResponse(selectors.rollup_geojson(user=request.user, polda=_polda(request)))


@use_replica
def polres(request, pk: int):
    access.require(request.user, "command.view")
    unit = access.get_for_user(Unit.objects.filter(kind="polres"), request.user, pk=pk)
    figures = PolresFigures.objects.filter(unit=unit).first()
    context = {
        "unit": unit,
        "f": figures,
        "bko": selectors.polres_bko(unit=unit),
        "status_labels": selectors.STATUS_LABELS,
        "alert_labels": selectors.ALERT_LABELS,
    }
    return render(request, "command/polres.html", context)


def bko_list(request):
    access.require(request.user, "command.view")
    polda = _polda(request)
    context = {
        "polda": polda,
        "proposals": selectors.proposals_for(user=request.user, polda=polda),
        "can_bko": access.can(request.user, "command.bko", unit=polda) if polda else False,
    }
    return render(request, "command/bko.html", context)


@require_POST
def bko_propose(request):
    polda = _polda(request) or access.get_for_user(
        Unit.objects.filter(kind="polda"), request.user, pk=id_param(request.POST.get("polda"), name="polda") or 0
    )
    try:
        proposals, result = services.bko_propose(actor=request.user, scope=polda)
        messages.success(request, f"{len(proposals)} usulan BKO dibuat. {result.message}")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("command:bko") + f"?polda={polda.pk}")


def _proposal(request, pk: int) -> BkoProposal:
    return access.get_for_user(
        BkoProposal.objects.select_related("giver", "receiver"), request.user, "command.bko", pk=pk
    )


@require_POST
def bko_approve(request, pk: int):
    proposal = _proposal(request, pk)
    try:
        done = services.bko_approve(actor=request.user, proposal=proposal)
        messages.success(request, f"BKO disetujui: {done.personnel} personel {done.giver} → {done.receiver}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("command:bko") + f"?polda={proposal.polda_id}")


@require_POST
def bko_reject(request, pk: int):
    proposal = _proposal(request, pk)
    try:
        services.bko_reject(actor=request.user, proposal=proposal, reason=request.POST.get("reason", ""))
        messages.success(request, "Usulan BKO ditolak.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("command:bko") + f"?polda={proposal.polda_id}")


@require_POST
def refresh(request):
    access.require(request.user, "command.bko")
    figures_refresh()
    messages.success(request, "Rekap diperbarui.")
    return redirect("command:rollup")
