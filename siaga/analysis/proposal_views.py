"""Pages of the hot-spot forecast: the dashboard layer of next week's forecast, and the proposed new patrol objects
with the action that accepts one (thin: parse, call one selector or service, render)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from siaga.analysis import proposals, selectors
from siaga.analysis.forms import police_units
from siaga.core import access
from siaga.core.params import ParamError, id_param

PROPOSAL_KEY = re.compile(r"[0-9]{1,6}-[0-9]{1,6}")


def _unit(request, value, *, outside=PermissionDenied):
    """The unit asked for (or the user's own), among the police units the user may view (else `outside` is
    raised: 403 with the reason, or Http404 where the unit names a record, as a proposal's cases do)."""
    access.require(request.user, "analysis.view")
    units = police_units(request.user)
    unit_id = id_param(value, name="unit") if value else None
    unit = units.filter(pk=unit_id).first() if unit_id else request.user.unit
    if unit is None or not units.filter(pk=unit.pk).exists():
        raise outside("Perkiraan hot spot hanya untuk satuan Polri dalam wilayah Anda.")
    return units, unit


@login_required
def forecast_geojson(request):
    """Next week's forecast for the user's unit (the dashboard map layer)."""
    from siaga.analysis.forecast import unit_forecast

    _, unit = _unit(request, request.GET.get("unit"))
    found = unit_forecast(cases=selectors.crimes(request.user, unit), key=f"unit{unit.pk}")
    if found is None:
        return JsonResponse({"type": "FeatureCollection", "features": [], "properties": {"empty": True}})
    return JsonResponse(
        selectors.surface_geojson(found.grid, found.surface, label="Perkiraan {value:.2f} kejadian dalam 7 hari")
    )


@login_required
def proposal_list(request):
    units, unit = _unit(request, request.GET.get("unit"))
    forecast, rows = proposals.patrol_object_proposals(user=request.user, unit=unit)
    ctx = {
        "unit": unit,
        "units": units,
        "forecast": forecast,
        "proposals": rows,
        "can_accept": access.can(request.user, "analysis.hotspot_propose", unit=unit),
        "near_m": int(proposals.NEAR_OBJECT_M),
        "evidence_m": int(proposals.EVIDENCE_M),
    }
    return render(request, "analysis/proposals.html", ctx)


@login_required
def proposal_cases(request, key: str):
    """The cases of the register behind one proposal: 404 for a proposal that is not (or no longer) among the
    unit's proposals for this user, and for a unit outside the user's scope."""
    if not PROPOSAL_KEY.fullmatch(key):
        raise Http404("Usulan tidak ditemukan.")
    _, unit = _unit(request, request.GET.get("unit"), outside=Http404)
    found = selectors.proposal_cases(user=request.user, unit=unit, key=key)
    if found is None:
        raise Http404("Usulan tidak ditemukan atau sudah tidak berlaku: perkiraan hot spot sudah berubah.")
    return render(request, "analysis/proposal_cases.html", {"unit": unit, **found})


@login_required
@require_POST
def proposal_accept(request):
    access.require(request.user, "analysis.hotspot_propose")  # role and level first (403 with the reason)
    _, unit = _unit(request, request.POST.get("unit"))
    key = request.POST.get("usulan") or ""
    if not key or len(key) > 20:
        raise ParamError("Usulan tidak dikenal.", "usulan")
    name = (request.POST.get("nama") or "").strip()[:200]
    try:
        obj = proposals.patrol_object_proposal_accept(actor=request.user, unit=unit, key=key, name=name)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Objek patroli “{obj.name}” dibuat dari usulan perkiraan hot spot.")
    return redirect(reverse("analysis:proposals") + f"?unit={unit.pk}")
