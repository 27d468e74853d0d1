"""Model rows -> engine dataclasses for one plan (TPS, available officers, reserve candidate sites)."""

from __future__ import annotations

from dataclasses import dataclass, field

from siaga.deployment.models import DeploymentPlan, ReserveSite
from siaga.engine import deployment as engine
from siaga.personnel.selectors import personnel_available
from siaga.stations.models import Station
from siaga.units.models import Unit

DEFAULT_CATEGORY = "kurang_rawan"


@dataclass
class EngineInputs:
    stations: list[engine.Station]
    officers: list[engine.Officer]
    sites: list[engine.ReserveSite]
    site_info: dict[int, dict]
    desa_codes: dict[int, str]
    problems: list[dict] = field(default_factory=list)


def plan_inputs(plan: DeploymentPlan) -> EngineInputs:
    stations, desa_codes, problems = _stations(plan)
    officers = _officers(plan)
    sites, site_info = _sites(plan.unit)
    return EngineInputs(stations, officers, sites, site_info, desa_codes, problems)


def _stations(plan: DeploymentPlan):
    qs = Station.objects.filter(election=plan.election, unit__path__startswith=plan.unit.path)
    rows = qs.values_list("pk", "lat", "lon", "category", "desa_id", "unit_id", "voters_male", "voters_female")
    desa_ids: dict[str, int] = {}
    out, uncategorised = [], 0
    for pk, lat, lon, category, desa, unit_id, male, female in rows.order_by("pk"):
        if not category:
            uncategorised += 1
        desa_int = desa_ids.setdefault(desa, len(desa_ids) + 1)
        sector = unit_id or plan.unit_id
        out.append(engine.Station(pk, lat, lon, category or DEFAULT_CATEGORY, desa_int, sector, male + female))
    problems = []
    if uncategorised:
        problems.append(
            {
                "code": "station_no_category",
                "ref": None,
                "message": f"{uncategorised} TPS belum berkategori; dianggap kurang rawan.",
            }
        )
    return out, {v: k for k, v in desa_ids.items()}, problems


def _officers(plan: DeploymentPlan) -> list[engine.Officer]:
    """Officers of Polsek work in their own sector; Polres HQ staff and Brimob BKO form the pool (sector None)."""
    rows = personnel_available(unit=plan.unit, day=plan.election.voting_day).values_list(
        "pk", "home_lat", "home_lon", "unit_id", "unit__kind", "function"
    )
    return [
        engine.Officer(pk, lat, lon, unit_id if kind == Unit.Kind.POLSEK and function != "brimob_bko" else None)
        for pk, lat, lon, unit_id, kind, function in rows.order_by("pk")
    ]


def _sites(unit: Unit) -> tuple[list[engine.ReserveSite], dict[int, dict]]:
    sites, info = [], {}
    units = Unit.objects.filter(path__startswith=unit.path, kind__in=("polres", "polsek")).exclude(lat=None)
    for u in units.exclude(lon=None):
        sector = u.pk if u.kind == Unit.Kind.POLSEK else None
        sites.append(engine.ReserveSite(u.pk, u.lat, u.lon, u.kind, sector))
        info[u.pk] = {"name": f"Mako {u.name}", "kind": u.kind, "lat": u.lat, "lon": u.lon, "unit_id": u.pk}
    for s in ReserveSite.objects.filter(unit__path__startswith=unit.path):
        sid = ReserveSite.SITE_ID_OFFSET + s.pk
        sites.append(engine.ReserveSite(sid, s.lat, s.lon, "pos_aju", None))
        info[sid] = {"name": s.name, "kind": "pos_aju", "lat": s.lat, "lon": s.lon, "unit_id": s.unit_id}
    return sites, info
