"""Reads of the personnel register. One filter function serves the list page, the export and the API."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum

from siaga.core.params import date_param, id_param
from siaga.personnel.models import Personnel, SupportStrength
from siaga.units.models import Unit

FILTER_KEYS = ("q", "unit", "rank", "function", "home", "available_on")


def personnel_filter(*, user, params: dict | None = None):
    """Personnel visible to the user, filtered by q (name/NRP), unit, rank, function, home (ya/tidak),
    available_on (YYYY-MM-DD: not on leave that day)."""
    params = params or {}
    qs = Personnel.objects.restrict(user).select_related("unit")
    if q := (params.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(nrp__startswith=q))
    if unit := id_param(params.get("unit"), name="unit"):
        qs = qs.filter(unit_id=unit)
    if rank := params.get("rank"):
        qs = qs.filter(rank=rank)
    if function := params.get("function"):
        qs = qs.filter(function=function)
    if params.get("home") == "tidak":
        qs = qs.filter(Q(home_lat=None) | Q(home_lon=None))
    elif params.get("home") == "ya":
        qs = qs.exclude(home_lat=None).exclude(home_lon=None)
    if day := date_param(params.get("available_on"), name="available_on"):
        qs = qs.filter(is_active=True).exclude(unavailabilities__start__lte=day, unavailabilities__end__gte=day)
    return qs


def personnel_available(*, unit: Unit, day: datetime.date):
    """Active officers of the unit's subtree who are not unavailable on `day` (engine input, no user scope:
    the caller has already checked access to the plan)."""
    qs = Personnel.objects.filter(unit__path__startswith=unit.path, is_active=True).select_related("unit")
    return qs.exclude(unavailabilities__start__lte=day, unavailabilities__end__gte=day)


def personnel_units(*, user):
    return Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS).order_by("path")


def personnel_detail(*, user, pk: int) -> Personnel | None:
    qs = Personnel.objects.restrict(user).select_related("unit").prefetch_related("unavailabilities")
    return qs.filter(pk=pk).first()


def personnel_for_user(*, user) -> Personnel | None:
    """The register entry of the signed-in officer (matched by NRP), for "Tugas saya"."""
    if not getattr(user, "nrp", ""):
        return None
    return Personnel.objects.select_related("unit").filter(nrp=user.nrp).first()


def strength_summary(*, user) -> list[dict]:
    """Per unit: Polri count, without home base, TNI and Linmas counts."""
    rows = {
        r["unit"]: r
        for r in Personnel.objects.restrict(user)
        .values("unit")
        .annotate(polri=Count("id"), no_home=Count("id", filter=Q(home_lat=None)))
    }
    support = SupportStrength.objects.restrict(user).values("unit", "agency").annotate(total=Sum("count"))
    extra: dict[int, dict] = {}
    for s in support:
        extra.setdefault(s["unit"], {})[s["agency"]] = s["total"]
    out = []
    for unit in personnel_units(user=user):
        r = rows.get(unit.pk, {})
        e = extra.get(unit.pk, {})
        if r or e:
            out.append(
                {
                    "unit": unit,
                    "polri": r.get("polri", 0),
                    "no_home": r.get("no_home", 0),
                    "tni": e.get("tni", 0),
                    "linmas": e.get("linmas", 0),
                }
            )
    return out


def support_totals(*, unit: Unit) -> dict[str, int]:
    """TNI and Linmas counts in the unit's subtree (engine summary input)."""
    qs = SupportStrength.objects.filter(unit__path__startswith=unit.path).values("agency").annotate(t=Sum("count"))
    return {r["agency"]: r["t"] for r in qs}


# --- roll-up figures for Polda/Mabes (siaga.command) -----------------------------------------------------------------


def rollup_changed_units(*, since: datetime.datetime) -> set[int]:
    return set(Personnel.objects.filter(updated_at__gt=since).values_list("unit_id", flat=True).distinct())


def rollup_strength(*, unit_ids, functions=None) -> dict[int, int]:
    """Active personnel per unit id (only those of `functions`, e.g. a Polda's Brimob/Samapta pool, when given)."""
    qs = Personnel.objects.filter(unit_id__in=list(unit_ids), is_active=True)
    if functions is not None:
        qs = qs.filter(function__in=list(functions))
    rows = qs.values("unit_id").annotate(n=Count("id")).order_by()
    return {r["unit_id"]: r["n"] for r in rows}
