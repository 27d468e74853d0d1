"""Pages: live operations map + feed, report detail with its timeline and actions, the officer's phone form, the
public form (no account) with its tracking-code lookup, and the alert-level form."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from siaga.core.images import photo_response
from siaga.core.maps import map_config
from siaga.core.middleware import client_ip
from siaga.core.params import ParamError
from siaga.reports import selectors, services
from siaga.reports.actions import ActionInput, actions_for, report_action
from siaga.reports.errors import ReportError
from siaga.reports.forms import FILTER_HOURS, FILTER_SEVERITY, PublicReportForm, category_choices
from siaga.reports.models import AlertLevel, Report
from siaga.reports.services.deferred import report_triage_retry
from siaga.units.models import Unit
from siaga.units.selectors import partners_for


def _filters(request) -> dict:
    keys = ("status", "category", "severity", "hours", "unit")
    return {key: request.GET.get(key, "").replace("\x00", "") for key in keys}


@login_required
def live(request):
    config = map_config([{"key": "wilayah", "label": "Wilayah", "url": reverse("regions:jurisdiction_geojson")}])
    filters = _filters(request)
    context = {
        "map_config": config,
        "categories": category_choices(),
        "statuses": Report.Status.choices,
        "hours": FILTER_HOURS,
        "severities": FILTER_SEVERITY,
        "filters": filters,
        "polres": selectors.report_polres_filter(user=request.user, unit=filters["unit"]),
        "feed_url": reverse("reports:feed"),
    }
    return render(request, "reports/live.html", context)


@login_required
def feed(request):
    try:
        data = selectors.report_feed(
            user=request.user, since=request.GET.get("since", "").replace("\x00", ""), **_filters(request)
        )
    except ParamError as exc:
        return JsonResponse({"detail": exc.message}, status=400)
    except ValueError:
        return JsonResponse({"detail": "Filter tidak valid."}, status=400)
    return JsonResponse(data)


@login_required
def geojson(request):
    return JsonResponse(selectors.reports_geojson(user=request.user))


@login_required
def detail(request, pk: int):
    report = selectors.report_for_user(user=request.user, pk=pk)
    if report is None:
        raise Http404("Laporan tidak ditemukan.")
    user = request.user
    context = {
        "report": report,
        "data": selectors.report_dict(report),
        "timeline": selectors.report_timeline(report),
        "contact": selectors.report_contact(user=user, report=report),
        "photos": list(report.photos.all()),
        "categories": category_choices(),
        "actions": actions_for(user=user, report=report),
        "units": Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS),
        "partners": partners_for(user=user),
        "suggestions": selectors.report_suggestions(report),
        "location": selectors.report_location(report),
        "desa_choices": selectors.report_desa_choices(report) if not report.desa_id else [],
    }
    return render(request, "reports/detail.html", context)


@login_required
def photo(request, pk: int, photo_pk: int):
    """A report photo, served by Siaga (never straight from the media folder) to those who may see the report,
    with the verified image type, as an inline download under a neutral name, in a sandbox."""
    found = selectors.report_photo_for_user(user=request.user, report_pk=pk, photo_pk=photo_pk)
    if found is None:
        raise Http404("Foto tidak ditemukan.")
    return photo_response(found.image, filename=f"laporan-{pk}-foto-{found.pk}")


def _unit_from(request, key: str = "unit_id") -> Unit | None:
    raw = request.POST.get(key, "")
    return Unit.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None


def _action_input(post) -> ActionInput:
    def number(key: str) -> int | None:
        raw = post.get(key, "")
        return int(raw) if raw.isdigit() and len(raw) < 12 else None

    return ActionInput(
        note=post.get("note", ""),
        reason=post.get("reason", ""),
        category=post.get("category") or None,
        severity=number("severity"),
        unit_id=number("unit_id"),
        desa_code=post.get("desa_code", ""),
    )


@login_required
@require_POST
def action(request, pk: int, action: str):
    report = selectors.report_for_user(user=request.user, pk=pk)
    if report is None:
        raise Http404("Laporan tidak ditemukan.")
    try:
        report_action(report=report, user=request.user, name=action, data=_action_input(request.POST))
    except ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Tindakan tersimpan.")
    return redirect("reports:detail", pk=pk)


@login_required
def officer_form(request):
    if not request.user.can("reports.submit"):
        raise PermissionDenied("Anda tidak berwenang mengirim laporan.")
    context = {"categories": category_choices(), "api_url": "/api/reports/", "batch_url": "/api/reports/batch"}
    return render(request, "reports/officer_form.html", context)


def public_form(request):
    form = PublicReportForm(request.POST or None, initial={"client_id": uuid.uuid4()})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, _ = services.report_submit(
                channel="public",
                client_id=data["client_id"],
                text=data["text"],
                category=data["category"] or None,
                occurred_at=data["occurred_at"],
                lat=data["lat"],
                lon=data["lon"],
                location_text=data["location_text"],
                photos=request.FILES.getlist("photos"),
                contact={"name": data["name"], "phone": data["phone"], "email": data["email"]},
                client_ip=client_ip(request),
            )
        except ReportError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            return render(request, "reports/public_ack.html", {"tracking_code": report.tracking_code})
    elif request.method == "POST":
        status = 400
    return render(request, "reports/public_form.html", {"form": form}, status=status)


def public_status(request):
    code = request.GET.get("kode", "")
    found = selectors.report_public_status(tracking_code=code) if code else None
    return render(request, "reports/public_status.html", {"code": code, "found": found})


@login_required
def triage_failed(request):
    """Reports whose automatic triage failed repeatedly (no suggestion, severity rule, duplicate grouping or
    TPS/object match): ops staff see them here and put them back in the queue."""
    if not request.user.can("reports.change"):
        raise PermissionDenied("Anda tidak berwenang melihat daftar triase gagal.")
    context = {"reports": selectors.reports_triage_failed(user=request.user)}
    return render(request, "reports/triage_failed.html", context)


@login_required
@require_POST
def triage_retry(request, pk: int):
    report = selectors.report_for_user(user=request.user, pk=pk)
    if report is None:
        raise Http404("Laporan tidak ditemukan.")
    try:
        report_triage_retry(user=request.user, report=report)
    except ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Laporan #{report.pk} dikembalikan ke antrean triase.")
    return redirect("reports:triage_failed")


@login_required
@require_POST
def alert_set(request):
    unit = _unit_from(request) or request.user.unit
    level = request.POST.get("level", "")
    try:
        services.alert_level_set(
            unit=unit, level=int(level) if level.isdigit() else 0, user=request.user, note=request.POST.get("note", "")
        )
    except ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{unit.name}: {AlertLevel.Level(int(level)).label} ditetapkan.")
    return redirect("hq:dashboard")
