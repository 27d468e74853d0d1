"""Patrol plans: model rows -> engine inputs, one engine run per day x shift window, results stored as rows."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from siaga.core import access
from siaga.core.audit import audit_record
from siaga.core.jobs import job_enqueue
from siaga.engine import patrols as engine
from siaga.patrols.choices import PlanStatus
from siaga.patrols.history import forecast_intensity, incident_history
from siaga.patrols.jobs import run_patrol_plan
from siaga.patrols.models import PatrolPlan, PatrolStop, PatrolTeam, PlanPeriod, VulnerableObject
from siaga.patrols.weights import object_weights

MAX_PLAN_DAYS = 31
NO_SHIFT_PERIOD = "tanpa-shift"
PERMANENT_REASONS = {"no_coordinates", "unreachable", "not_allocated", "no_active_team"}


@dataclass
class Window:
    """One engine run: a day and a shift window with the teams on duty (plus teams that have no shift)."""

    day: date
    key: str
    label: str
    start: time | None
    end: time | None
    teams: list[PatrolTeam] = field(default_factory=list)


def patrol_plan_create(
    *,
    unit,
    date_from: date,
    date_to: date,
    actor,
    periods: list[str] | None = None,
    title: str = "",
    dwell_minutes: int = 12,
    is_demo: bool = False,
) -> PatrolPlan:
    """Create a plan and enqueue its computation ("patrols.plan", siaga.patrols.jobs) after commit."""
    access.require(actor, "patrols.change", unit=unit)
    if date_to < date_from:
        raise ValidationError("Tanggal akhir rencana tidak boleh sebelum tanggal awal.")
    if (date_to - date_from).days + 1 > MAX_PLAN_DAYS:
        raise ValidationError(f"Rencana paling panjang {MAX_PLAN_DAYS} hari.")
    if not 10 <= dwell_minutes <= 15:
        raise ValidationError("Lama singgah harus 10–15 menit.")
    title = title or f"Patroli gabungan {date_from:%d-%m-%Y} s.d. {date_to:%d-%m-%Y}"
    with transaction.atomic():
        plan = PatrolPlan.objects.create(
            unit=unit,
            title=title,
            date_from=date_from,
            date_to=date_to,
            periods=list(periods or []),
            seed=secrets.token_hex(16),
            dwell_minutes=dwell_minutes,
            created_by=None if actor is access.SYSTEM else actor,
            is_demo=is_demo,
        )
        job = job_enqueue(
            runner=run_patrol_plan,
            title=f"Menghitung {title}",
            params={"plan_id": plan.pk},
            user=None if actor is access.SYSTEM else actor,
            unit=unit,
        )
        PatrolPlan.objects.filter(pk=plan.pk).update(job=job)
        plan.job = job
    return plan


def patrol_plan_compute(*, plan: PatrolPlan, progress: Callable | None = None) -> dict:
    """Run the engine for every day x shift window of the plan and store periods, stops and a summary.

    Called by the runner (siaga.patrols.jobs) after patrol_plan_create checked the actor."""
    PatrolPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING)
    teams = list(
        PatrolTeam.objects.filter(unit__path__startswith=plan.unit.path, is_active=True).prefetch_related("shifts")
    )
    objects = list(
        VulnerableObject.objects.filter(unit__path__startswith=plan.unit.path, is_active=True).prefetch_related(
            "critical_periods"
        )
    )
    history = incident_history(objects)
    forecast = forecast_intensity(objects)  # once for the plan, like the history
    windows = plan_windows(plan, teams)
    config = engine.PatrolConfig(dwell_minutes=plan.dwell_minutes, seed=plan.seed, route_time_limit_s=0.5)
    plan.plan_periods.all().delete()
    for number, window in enumerate(windows, start=1):
        result = _run_window(window, objects, history, config, forecast)
        _store_window(plan, window, result)
        if progress:
            progress(number, len(windows), f"{window.day:%d-%m} {window.label}: {len(result.visited_ids())} kunjungan")
    summary = _summary(plan, objects, teams)
    PatrolPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DONE, summary=summary)
    plan.status, plan.summary = PlanStatus.DONE, summary
    audit_record(
        action="action",
        model="patrols.PatrolPlan",
        object_id=plan.pk,
        object_repr=plan,
        note=f"Rencana dihitung: {summary['visits']} kunjungan dalam {summary['periods']} shift.",
    )
    return summary


def plan_windows(plan: PatrolPlan, teams: list[PatrolTeam]) -> list[Window]:
    idle = [team for team in teams if not team.shifts.all()]
    shifts = [s for team in teams for s in team.shifts.all() if not plan.periods or s.period_key in plan.periods]
    keys = sorted({(s.start, s.end) for s in shifts})
    windows = []
    day = plan.date_from
    while day <= plan.date_to:
        for start, end in keys:
            on_duty = [s for s in shifts if (s.start, s.end) == (start, end) and s.runs_on(day)]
            if on_duty:
                key = on_duty[0].period_key
                label = on_duty[0].name or on_duty[0].window_label
                windows.append(Window(day, key, label, start, end, [s.team for s in on_duty] + idle))
        if not keys:
            windows.append(Window(day, NO_SHIFT_PERIOD, "Tanpa shift", None, None, idle))
        day += timedelta(days=1)
    return windows


def _minutes(value: time | None) -> int | None:
    return None if value is None else value.hour * 60 + value.minute


def local_datetime(day: date, minutes: int) -> datetime:
    midnight = timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())
    return midnight + timedelta(minutes=minutes)


def _interval(window: Window) -> tuple[datetime, datetime]:
    start = _minutes(window.start) or 0
    end = _minutes(window.end) if window.end is not None else 1440
    if end <= start:
        end += 1440
    return local_datetime(window.day, start), local_datetime(window.day, end)


def _run_window(
    window: Window, objects: list, history: dict, config, forecast: dict | None = None
) -> engine.PatrolPlan:
    start, end = _interval(window)
    weights = object_weights(objects, start=start, end=end, history=history, forecast=forecast)
    targets = [_target(obj, weights[obj.pk].effective) for obj in objects]
    on_shift = {team.pk for team in window.teams if team.shifts.all()}
    teams = [_team(team, window if team.pk in on_shift else None) for team in window.teams]
    return engine.plan_patrols(targets, teams, config, day=window.day, period=window.key)


def _target(obj: VulnerableObject, weight: float) -> engine.Target:
    windows = ()
    if obj.visit_in_hours_only and obj.open_from and obj.open_to and obj.open_from != obj.open_to:
        windows = ((_minutes(obj.open_from), _minutes(obj.open_to)),)
    return engine.Target(id=obj.pk, lat=obj.lat, lon=obj.lon, risk_weight=weight, windows=windows, name=obj.name)


def _team(team: PatrolTeam, window: Window | None) -> engine.Team:
    return engine.Team(
        id=team.pk,
        base_lat=team.base_lat,
        base_lon=team.base_lon,
        shift_start=_minutes(window.start) if window else None,
        shift_end=_minutes(window.end) if window else None,
        speed_kmh=float(team.speed_kmh),
        capacity=team.visits_per_shift,
        name=team.name,
    )


@transaction.atomic
def _store_window(plan: PatrolPlan, window: Window, result: engine.PatrolPlan) -> PlanPeriod:
    period = PlanPeriod.objects.create(
        plan=plan, day=window.day, period=window.key, label=window.label, result=result.to_dict()
    )
    stops = [
        PatrolStop(
            plan=plan,
            plan_period=period,
            team_id=route.team_id,
            object_id=stop.object_id,
            day=window.day,
            seq=seq,
            arrival=local_datetime(window.day, stop.arrival_min),
            departure=local_datetime(window.day, stop.departure_min),
        )
        for route in result.routes
        for seq, stop in enumerate(route.stops, start=1)
    ]
    PatrolStop.objects.bulk_create(stops)
    return period


def _summary(plan: PatrolPlan, objects: list, teams: list) -> dict:
    names = {obj.pk: obj.name for obj in objects}
    team_names = {team.pk: team.name for team in teams}
    periods = list(plan.plan_periods.values_list("result", flat=True))
    reasons: Counter = Counter()
    misses: dict = {}
    miss_count: Counter = Counter()
    issues: dict = {}
    utility: Counter = Counter()
    for result in periods:
        for item in result["uncovered"]:
            reasons[item["code"]] += 1
            if item["code"] in PERMANENT_REASONS:
                misses[item["object_id"]] = {"name": names.get(item["object_id"], "?"), **item}
                miss_count[item["object_id"]] += 1
        for item in result["team_issues"]:
            if item["code"] != "team_idle":
                issues[(item["team_id"], item["code"])] = {"team": team_names.get(item["team_id"], "?"), **item}
        for key in ("defender_utility", "defender_utility_uniform", "defender_utility_deterministic"):
            utility[key] += float(result["stats"].get(key) or 0.0)
    count = max(len(periods), 1)
    never = [misses[i] for i, n in miss_count.items() if n == len(periods)]
    sometimes = [{**misses[i], "shifts": n} for i, n in miss_count.items() if n < len(periods)]
    return {
        "periods": len(periods),
        "visits": plan.stops.count(),
        "objects": len(objects),
        "teams": len(teams),
        "reasons": dict(reasons),
        "never": sorted(never, key=lambda x: x["name"]),
        "sometimes": sorted(sometimes, key=lambda x: (-x["shifts"], x["name"])),
        "team_issues": sorted(issues.values(), key=lambda x: x["team"]),
        "utility": {key: round(value / count, 4) for key, value in utility.items()},
    }
