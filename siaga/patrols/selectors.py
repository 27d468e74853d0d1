"""Reads of the patrols app; every queryset starts from ``restrict(user, action)``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from siaga.core import access
from siaga.patrols.choices import PlanStatus
from siaga.patrols.models import PatrolCheckin, PatrolPlan, PatrolStop, PatrolTeam, Shift, VulnerableObject
from siaga.patrols.weights import object_weights


def local_today() -> date:
    return timezone.localdate()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, start + timedelta(days=1)


def object_list(*, user, kind: str = "", kecamatan: str = "", q: str = "", action: str = "view"):
    qs = VulnerableObject.objects.restrict(user, action).select_related("unit", "desa", "desa__parent")
    qs = qs.prefetch_related("critical_periods")
    if kind:
        qs = qs.filter(kind=kind)
    if kecamatan:
        qs = qs.filter(desa__code__startswith=kecamatan + ".")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q) | Q(owner__icontains=q))
    return qs.order_by("name")


def objects_with_weights(objects) -> list:
    """Attach ``weight`` (a siaga.patrols.weights.Weight for now) to each object."""
    objects = list(objects)
    weights = object_weights(objects)
    for obj in objects:
        obj.weight = weights[obj.pk]
    return objects


def object_get(*, user, pk: int, action: str = "view") -> VulnerableObject | None:
    return object_list(user=user, action=action).filter(pk=pk).first()


def team_list(*, user, action: str = "view"):
    shifts = Prefetch("shifts", queryset=Shift.objects.order_by("start"))
    return (
        PatrolTeam.objects.restrict(user, action)
        .select_related("unit")
        .prefetch_related(shifts, "partners", "members")
        .order_by("name")
    )


def team_get(*, user, pk: int, action: str = "view") -> PatrolTeam | None:
    return team_list(user=user, action=action).filter(pk=pk).first()


def plan_list(*, user):
    if not access.can(user, "patrols.plan"):
        return PatrolPlan.objects.none()
    return PatrolPlan.objects.restrict(user).select_related("unit", "job", "created_by")


def plan_get(*, user, pk: int) -> PatrolPlan | None:
    return plan_list(user=user).filter(pk=pk).first()


def plan_periods(*, plan: PatrolPlan):
    stops = Prefetch("stops", queryset=PatrolStop.objects.select_related("team", "object").order_by("team", "seq"))
    return plan.plan_periods.prefetch_related(stops).order_by("day", "period")


def current_plans_filter(*, day_from: date, day_to: date) -> Q:
    """Stops of the newest finished plan per unit and day (a recomputed plan supersedes older ones)."""
    chosen: dict[tuple[int, date], int] = {}
    plans = PatrolPlan.objects.filter(status=PlanStatus.DONE, date_from__lte=day_to, date_to__gte=day_from)
    for plan_id, unit_id, first, last in plans.order_by("-created_at", "-id").values_list(
        "pk", "unit_id", "date_from", "date_to"
    ):
        day = max(first, day_from)
        while day <= min(last, day_to):
            chosen.setdefault((unit_id, day), plan_id)
            day += timedelta(days=1)
    by_plan: dict[int, list[date]] = defaultdict(list)
    for (_, day), plan_id in chosen.items():
        by_plan[plan_id].append(day)
    condition = Q(pk__in=[])
    for plan_id, days in by_plan.items():
        condition |= Q(plan_id=plan_id, day__in=days)
    return condition


def stops_between(*, user, day_from: date, day_to: date):
    qs = PatrolStop.objects.restrict(user).filter(day__gte=day_from, day__lte=day_to)
    return qs.filter(current_plans_filter(day_from=day_from, day_to=day_to))


def field_team_queryset(*, user):
    """Teams the user may follow in the field: those they are a member of (whatever their unit) and, for
    planners, every team in their scope."""
    if not getattr(user, "is_authenticated", False):
        return PatrolTeam.objects.none()
    condition = Q(members=user)
    if access.can(user, "patrols.plan"):
        condition |= Q(pk__in=PatrolTeam.objects.restrict(user).values("pk"))
    return PatrolTeam.objects.filter(condition).distinct()


def user_field_teams(*, user, team_id: int | None = None) -> list[PatrolTeam]:
    qs = field_team_queryset(user=user)
    if team_id:
        return list(qs.filter(pk=team_id))
    return list(qs.filter(members=user, is_active=True))


def field_stop_get(*, user, pk: int) -> PatrolStop | None:
    teams = field_team_queryset(user=user)
    return PatrolStop.objects.filter(team__in=teams).select_related("team", "object").filter(pk=pk).first()


def field_stops(*, teams, now: datetime | None = None) -> list[PatrolStop]:
    """Today's stops of ``teams`` (plus last night's shift still running), each with ``my_checkins``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    today_start, _ = day_bounds(today)
    yesterday = today - timedelta(days=1)
    qs = PatrolStop.objects.filter(team__in=teams).filter(Q(day=today) | Q(day=yesterday, departure__gte=today_start))
    qs = qs.filter(current_plans_filter(day_from=yesterday, day_to=today))
    checkins = Prefetch("checkins", queryset=PatrolCheckin.objects.order_by("at"), to_attr="my_checkins")
    return list(qs.select_related("team", "object", "object__desa").prefetch_related(checkins).order_by("arrival"))


def checkins_between(*, user, day_from: date, day_to: date):
    start, _ = day_bounds(day_from)
    _, end = day_bounds(day_to)
    return (
        PatrolCheckin.objects.restrict(user)
        .filter(at__gte=start, at__lt=end)
        .select_related("team", "object", "user", "stop")
    )


def team_checkin_counts(*, user, day: date) -> dict[int, int]:
    return dict(
        checkins_between(user=user, day_from=day, day_to=day)
        .values("team_id")
        .annotate(n=Count("id"))
        .values_list("team_id", "n")
    )


def anev_patrols(*, user, unit, day_from: date, day_to: date, now: datetime | None = None) -> dict:
    """Patrol coverage for an Anev: stops planned, due (planned departure passed) and achieved (checked in) in the
    period, per unit of the patrolling team within ``unit``'s subtree, counted in the database (as in
    ``coverage.coverage_summary``, a stop counts once however many members check in)."""
    from django.db.models import Exists, OuterRef

    now = now or timezone.now()
    stops = stops_between(user=user, day_from=day_from, day_to=day_to).filter(team__unit__path__startswith=unit.path)
    checked = PatrolCheckin.objects.filter(stop_id=OuterRef("pk"))
    rows = (
        stops.annotate(done=Exists(checked))
        .values("team__unit_id", "team__unit__name")
        .annotate(
            planned=Count("id"),
            due=Count("id", filter=Q(departure__lte=now) | Q(done=True)),
            achieved=Count("id", filter=Q(done=True)),
        )
        .order_by("team__unit__name")
    )
    units = [
        {
            "unit_id": r["team__unit_id"],
            "unit": r["team__unit__name"],
            "planned": r["planned"],
            "due": r["due"],
            "achieved": r["achieved"],
            "percent": round(100 * r["achieved"] / r["due"]) if r["due"] else None,
        }
        for r in rows
    ]
    totals = {k: sum(u[k] for u in units) for k in ("planned", "due", "achieved")}
    totals["percent"] = round(100 * totals["achieved"] / totals["due"]) if totals["due"] else None
    return {"units": units, "totals": totals}


def object_desa_ids(*, user) -> set[str]:
    """Desa (region codes) that have at least one active patrol object the user can see."""
    qs = VulnerableObject.objects.restrict(user).filter(is_active=True).exclude(desa=None)
    return set(qs.values_list("desa_id", flat=True).distinct())


# --- roll-up figures for Polda/Mabes (siaga.command) -----------------------------------------------------------------

ROLLUP_DAYS = 7


def rollup_changed_units(*, since: datetime) -> set[int]:
    """Units whose patrol plans changed or whose teams checked in (by check-in time, a day of offline queue
    allowed) after `since`."""
    plans = set(PatrolPlan.objects.filter(updated_at__gt=since).values_list("unit_id", flat=True).distinct())
    late = since - timedelta(days=1)
    checkins = PatrolCheckin.objects.filter(at__gt=late).values_list("team__unit_id", flat=True).distinct()
    return plans | set(checkins)


def rollup_coverage(*, unit_ids, now: datetime | None = None) -> dict[int, tuple[int, int]]:
    """{unit id: (stops due, stops achieved)} over the last ROLLUP_DAYS days of the current patrol plans."""
    now = now or timezone.now()
    day_to = timezone.localdate(now)
    day_from = day_to - timedelta(days=ROLLUP_DAYS - 1)
    qs = PatrolStop.objects.filter(team__unit_id__in=list(unit_ids), day__gte=day_from, day__lte=day_to)
    qs = qs.filter(current_plans_filter(day_from=day_from, day_to=day_to))
    due = Q(departure__lte=now) | Q(checkins__isnull=False)
    rows = (
        qs.values("team__unit_id")
        .annotate(
            due=Count("id", filter=due, distinct=True),
            done=Count("id", filter=Q(checkins__isnull=False), distinct=True),
        )
        .order_by()
    )
    return {r["team__unit_id"]: (r["due"], r["done"]) for r in rows}
