"""Model rows -> engine dataclasses for one plan (TPS, available officers, reserve candidate sites).

A row whose coordinates the engine cannot use (NaN, infinite, out of range, e.g. from an old import or a
direct database edit) does not stop the plan: an ops officer expects the plan to be computed with everyone
still counted and to be told which person or place to fix. So a TPS with bad coordinates is planned as a TPS
without coordinates (grouped by its desa), an officer with a bad home base is planned from the centre of his
sector, and a reserve site with bad coordinates is left out; each is listed by name among the plan's problems
(codes ``station_bad_coords``, ``officer_bad_coords``, ``site_bad_coords``). A plan setting the engine cannot
use fails the job with a message naming the setting (``plan_settings_check``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from siaga.deployment.models import DeploymentPlan, ReserveSite
from siaga.engine import deployment as engine
from siaga.personnel.selectors import personnel_available
from siaga.stations.models import Station
from siaga.units.models import Unit

DEFAULT_CATEGORY = "kurang_rawan"
SETTINGS = ("reserve_fraction", "response_minutes", "speed_kmh", "circuity", "reserve_team_size")


@dataclass
class EngineInputs:
    stations: list[engine.Station]
    officers: list[engine.Officer]
    sites: list[engine.ReserveSite]
    site_info: dict[int, dict]
    desa_codes: dict[int, str]
    problems: list[dict] = field(default_factory=list)


def plan_inputs(plan: DeploymentPlan) -> EngineInputs:
    plan_settings_check(plan)
    stations, desa_codes, problems = _stations(plan)
    officers, officer_problems = _officers(plan)
    sites, site_info, site_problems = _sites(plan.unit)
    return EngineInputs(stations, officers, sites, site_info, desa_codes, problems + officer_problems + site_problems)


def plan_settings_check(plan: DeploymentPlan) -> None:
    """Raise ValidationError (Bahasa Indonesia, naming the setting) if the engine cannot use a plan setting."""
    try:
        engine.validate_inputs(config=engine.PlanConfig(**{name: getattr(plan, name) for name in SETTINGS}))
    except engine.PlanInputError as exc:
        reasons = "; ".join(issue.reason for issue in exc.issues)
        raise ValidationError(f"Pengaturan rencana tidak sah: {reasons}.") from exc


def _problem(code: str, ref: int, message: str) -> dict:
    return {"code": code, "ref": ref, "message": message}


def _stations(plan: DeploymentPlan):
    qs = Station.objects.filter(election=plan.election, unit__path__startswith=plan.unit.path)
    rows = qs.values_list(
        "pk", "lat", "lon", "category", "desa_id", "unit_id", "voters_male", "voters_female", "number", "desa__name"
    )
    desa_ids: dict[str, int] = {}
    out, uncategorised, problems = [], 0, []
    for pk, lat, lon, category, desa, unit_id, male, female, number, desa_name in rows.order_by("pk"):
        if not category:
            uncategorised += 1
        if (why := engine.coordinate_problem(lat, lon)) is not None:
            lat = lon = None
            name = f"TPS {number:03d} {desa_name or ''}".strip()
            problems.append(
                _problem("station_bad_coords", pk, f"{name}: {why}; dikelompokkan menurut desa tanpa koordinat.")
            )
        desa_int = desa_ids.setdefault(desa, len(desa_ids) + 1)
        sector = unit_id or plan.unit_id
        out.append(engine.Station(pk, lat, lon, category or DEFAULT_CATEGORY, desa_int, sector, male + female))
    if uncategorised:
        problems.append(
            {
                "code": "station_no_category",
                "ref": None,
                "message": f"{uncategorised} TPS belum berkategori; dianggap kurang rawan.",
            }
        )
    return out, {v: k for k, v in desa_ids.items()}, problems


def _officers(plan: DeploymentPlan) -> tuple[list[engine.Officer], list[dict]]:
    """Officers of Polsek work in their own sector; Polres HQ staff and Brimob BKO form the pool (sector None)."""
    rows = personnel_available(unit=plan.unit, day=plan.election.voting_day).values_list(
        "pk", "home_lat", "home_lon", "unit_id", "unit__kind", "function", "name", "nrp"
    )
    officers, problems = [], []
    for pk, lat, lon, unit_id, kind, function, name, nrp in rows.order_by("pk"):
        if (why := engine.coordinate_problem(lat, lon)) is not None:
            lat = lon = None
            message = f"Pangkalan {name} (NRP {nrp}): {why}; jarak dihitung dari pusat sektornya."
            problems.append(_problem("officer_bad_coords", pk, message))
        sector = unit_id if kind == Unit.Kind.POLSEK and function != "brimob_bko" else None
        officers.append(engine.Officer(pk, lat, lon, sector))
    return officers, problems


def _sites(unit: Unit) -> tuple[list[engine.ReserveSite], dict[int, dict], list[dict]]:
    sites, info, problems = [], {}, []

    def usable(ref: int, name: str, lat, lon) -> bool:
        why = engine.coordinate_problem(lat, lon, required=True)
        if why is not None:
            message = f"Lokasi cadangan {name}: {why}; tidak dipakai sebagai lokasi cadangan."
            problems.append(_problem("site_bad_coords", ref, message))
        return why is None

    units = Unit.objects.filter(path__startswith=unit.path, kind__in=("polres", "polsek")).exclude(lat=None)
    for u in units.exclude(lon=None):
        if not usable(u.pk, f"Mako {u.name}", u.lat, u.lon):
            continue
        sector = u.pk if u.kind == Unit.Kind.POLSEK else None
        sites.append(engine.ReserveSite(u.pk, u.lat, u.lon, u.kind, sector))
        info[u.pk] = {"name": f"Mako {u.name}", "kind": u.kind, "lat": u.lat, "lon": u.lon, "unit_id": u.pk}
    for s in ReserveSite.objects.filter(unit__path__startswith=unit.path):
        sid = ReserveSite.SITE_ID_OFFSET + s.pk
        if not usable(sid, s.name, s.lat, s.lon):
            continue
        sites.append(engine.ReserveSite(sid, s.lat, s.lon, "pos_aju", None))
        info[sid] = {"name": s.name, "kind": "pos_aju", "lat": s.lat, "lon": s.lon, "unit_id": s.unit_id}
    return sites, info, problems
