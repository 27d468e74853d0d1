"""Proposed new patrol objects: cells of next week's hot-spot forecast (analysis.forecast) with no active patrol
object nearby. Ops staff at Polres level accept one; the object is created through the patrols service (which
checks `patrols.change` on its unit) and the acceptance is audited with the evidence behind it.

A proposal is identified by its forecast cell ("row-col"); accepting recomputes the proposals from the current
data and refuses a cell that is no longer proposed (an object was placed nearby, or the forecast moved). The cases
behind a proposal (its evidence) are those the forecast was fitted on, within EVIDENCE_M of the cell's centre; their
ids travel with the proposal so the list shown (`selectors.proposal_cases`) is exactly what was counted."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from siaga.analysis.forecast import WINDOW_DAYS, Forecast, polres_of, unit_forecast
from siaga.core import access
from siaga.engine.geo import haversine_km
from siaga.engine.hotspots import top_cells

NEAR_OBJECT_M = 500.0  # a hot cell with an active object this close is already covered
SPACING_M = 750.0  # proposals at least this far apart
EVIDENCE_M = 300.0  # past cases counted around a proposal
MIN_CASES = 3  # a proposal needs at least this many cases of the past year within EVIDENCE_M
LIMIT = 10


@dataclass(frozen=True)
class Proposal:
    key: str  # "row-col" of the forecast cell
    lat: float
    lon: float
    expected: float  # crime cases expected next week in the cell
    cases: int  # crime cases of the past year within EVIDENCE_M
    desa_id: str | None  # the desa most of those cases happened in
    desa_name: str
    unit_id: int | None  # the unit that handled most of those cases
    nearest_object_m: float | None
    case_ids: tuple[int, ...] = ()  # the cases counted in `cases`

    @property
    def name(self) -> str:
        place = self.desa_name or f"{self.lat:.4f}, {self.lon:.4f}"
        return f"Titik rawan {place}"[:200]


def _num(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _objects(unit):
    """Active patrol objects with coordinates of the unit's Polres (all of them: an object placed by the Polres
    covers a Polsek's hot cell too). Only their positions are used."""
    from siaga.patrols.models import VulnerableObject

    polres = polres_of(unit) or unit
    return list(
        VulnerableObject.objects.filter(unit__path__startswith=polres.path, is_active=True)
        .exclude(lat=None)
        .exclude(lon=None)
        .values_list("lat", "lon")
    )


def evidence_window(forecast: Forecast) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the occurrence times the forecast was fitted on (the year before its first day), aware in
    the current time zone: the period a proposal's cases are counted in."""
    end = timezone.make_aware(dt.datetime.combine(forecast.start, dt.time.min))
    return end - dt.timedelta(days=WINDOW_DAYS), end


def _proposals(forecast: Forecast, cases, objects, limit: int) -> list[Proposal]:
    import numpy as np

    points = list(
        cases.exclude(lat=None).exclude(lon=None).values_list("lat", "lon", "desa_id", "desa__name", "unit_id", "pk")
    )
    case_xy = np.array([(p[0], p[1]) for p in points], float).reshape(-1, 2)
    obj_xy = np.array(objects, float).reshape(-1, 2)
    surface, grid = forecast.surface, forecast.grid
    cols = surface.shape[1]
    chosen: list[Proposal] = []
    for flat in top_cells(surface, 0.05):
        value = float(surface.ravel()[flat])
        if value <= 0 or len(chosen) >= limit:
            break
        row, col = int(flat // cols), int(flat % cols)
        lat, lon = grid.centre(row, col)
        nearest = None
        if len(obj_xy):
            nearest = float(haversine_km(lat, lon, obj_xy[:, 0], obj_xy[:, 1]).min() * 1000)
            if nearest <= NEAR_OBJECT_M:
                continue
        if any(float(haversine_km(lat, lon, p.lat, p.lon)) * 1000 < SPACING_M for p in chosen):
            continue
        near = np.flatnonzero(haversine_km(lat, lon, case_xy[:, 0], case_xy[:, 1]) * 1000 <= EVIDENCE_M)
        if len(near) < MIN_CASES:
            continue
        desa = Counter((points[i][2], points[i][3]) for i in near if points[i][2]).most_common(1)
        unit = Counter(points[i][4] for i in near).most_common(1)
        chosen.append(
            Proposal(
                key=f"{row}-{col}",
                lat=round(float(lat), 6),
                lon=round(float(lon), 6),
                expected=round(value, 3),
                cases=len(near),
                desa_id=desa[0][0][0] if desa else None,
                desa_name=desa[0][0][1] if desa else "",
                unit_id=unit[0][0] if unit else None,
                nearest_object_m=None if nearest is None else round(nearest),
                case_ids=tuple(int(points[i][5]) for i in near),
            )
        )
    return chosen


def patrol_object_proposals(*, user, unit, until: dt.date | None = None, limit: int = LIMIT):
    """(forecast or None, proposals) for a unit the user may view: the forecast is made from the cases the user may
    see in the unit's subtree only (a Polsek sees proposals from its own cases)."""
    from siaga.analysis.selectors import crimes

    access.require(user, "analysis.view", unit=unit)
    cases = crimes(user, unit)
    forecast = unit_forecast(cases=cases, key=f"unit{unit.pk}", until=until)
    if forecast is None:
        return None, []
    start, end = evidence_window(forecast)
    recent = cases.filter(occurred_at__gte=start, occurred_at__lt=end)
    return forecast, _proposals(forecast, recent, _objects(unit), limit)


def patrol_object_proposal(*, user, unit, key: str) -> tuple[Forecast | None, Proposal | None]:
    """(forecast, the proposal `key` among the unit's current proposals for the user, or None)."""
    forecast, proposals = patrol_object_proposals(user=user, unit=unit)
    return forecast, next((p for p in proposals if p.key == key), None)


def patrol_object_proposal_accept(*, actor, unit, key: str, name: str = "", base_weight: int | None = None):
    """Create the patrol object a proposal stands for (kind `titik_rawan`), owned by the unit that handled most of
    the cases around it (within `unit`), and audit the acceptance with its evidence."""
    from siaga.core.audit import audit_record
    from siaga.patrols.choices import ObjectKind
    from siaga.patrols.services.objects import vulnerable_object_save
    from siaga.regions.models import Region
    from siaga.units.models import Unit

    access.require(actor, "analysis.hotspot_propose", unit=unit)
    _, proposal = patrol_object_proposal(user=actor, unit=unit, key=key)
    if proposal is None:
        raise ValidationError(
            "Usulan ini tidak berlaku lagi: perkiraan hot spot sudah berubah atau sudah ada objek patroli di dekatnya. "
            "Muat ulang daftar usulan."
        )
    owner = Unit.objects.filter(pk=proposal.unit_id, path__startswith=unit.path).first() or unit
    weight = base_weight or min(10, max(3, round(3 + 2 * proposal.expected)))

    with transaction.atomic():
        obj = vulnerable_object_save(
            actor=actor,
            data={
                "unit": owner,
                "kind": ObjectKind.HOTSPOT,
                "name": (name or proposal.name).strip()[:200],
                "desa": Region.objects.filter(pk=proposal.desa_id).first() if proposal.desa_id else None,
                "lat": proposal.lat,
                "lon": proposal.lon,
                "base_weight": weight,
                "note": (
                    f"Dari usulan perkiraan hot spot: {_num(proposal.expected)} kejadian diperkirakan dalam 7 hari; "
                    f"{proposal.cases} perkara setahun terakhir dalam radius {EVIDENCE_M:.0f} m."
                ),
                "is_active": True,
            },
        )
        audit_record(
            action="action",
            model="patrols.VulnerableObject",
            object_id=obj.pk,
            object_repr=obj.name,
            changes={"usulan": proposal.key, "perkiraan": proposal.expected, "perkara": proposal.cases},
            note=f"Usulan objek patroli dari perkiraan hot spot {unit.name} diterima.",
        )
    return obj
