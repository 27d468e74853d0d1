"""Writing an engine result into a plan: JSON, summary numbers and the post/reserve/assignment rows."""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

from siaga.deployment.inputs import EngineInputs
from siaga.deployment.models import Assignment, DeploymentPlan, PlanPost, PlanReserve
from siaga.engine import deployment as engine
from siaga.personnel.selectors import support_totals

RESERVE_KIND_LABELS = {"polsek": "Mako Polsek", "polres": "Mako Polres", "pos_aju": "Pos AJU"}


def plan_store(plan: DeploymentPlan, result: engine.Plan, inputs: EngineInputs, problems: list[dict]) -> None:
    """Replace the plan's rows with the result (call inside a transaction)."""
    PlanPost.objects.filter(plan=plan).delete()
    PlanReserve.objects.filter(plan=plan).delete()
    posts = _posts(plan, result)
    reserves = _reserves(plan, result, inputs)
    _assignments(plan, result, posts, reserves)
    data = result.to_dict()
    data["sites"] = {str(k): v for k, v in inputs.site_info.items()}
    data["app_problems"] = problems
    plan.result = data
    plan.summary = plan_summary(plan, result, inputs, problems)
    plan.moved = result.moved if plan.previous_id else None
    plan.status = DeploymentPlan.Status.COMPUTED
    plan.computed_at = timezone.now()
    plan.save()


def _posts(plan: DeploymentPlan, result: engine.Plan) -> dict[int, PlanPost]:
    rows = [
        PlanPost(
            plan=plan,
            number=p.id,
            category=p.category,
            unit_id=p.sector_id,
            station_ids=list(p.station_ids),
            lat=p.lat,
            lon=p.lon,
            required=p.required,
            assigned=len(p.officer_ids),
            linmas=p.linmas,
            fill_rank=p.fill_rank,
        )
        for p in result.posts
    ]
    PlanPost.objects.bulk_create(rows, batch_size=500)
    return {r.number: r for r in rows}


def _reserves(plan: DeploymentPlan, result: engine.Plan, inputs: EngineInputs) -> list[PlanReserve]:
    rows = []
    for i, team in enumerate(result.reserves, start=1):
        site = inputs.site_info.get(team.site_id) or {
            "name": f"Mako {plan.unit.name}",
            "kind": "polres",
            "lat": plan.unit.lat,
            "lon": plan.unit.lon,
            "unit_id": plan.unit_id,
        }
        rows.append(
            PlanReserve(
                plan=plan,
                number=i,
                site_id=team.site_id,
                kind=team.kind or site["kind"],
                name=site["name"],
                unit_id=site["unit_id"],
                lat=site["lat"],
                lon=site["lon"],
                size=len(team.officer_ids),
                covered=len(team.covered_station_ids),
            )
        )
    PlanReserve.objects.bulk_create(rows, batch_size=500)
    return rows


def _assignments(plan, result: engine.Plan, posts: dict[int, PlanPost], reserves: list[PlanReserve]) -> None:
    rows = []
    for p in result.posts:
        post = posts[p.id]
        rows += [Assignment(plan=plan, personnel_id=oid, post=post, unit_id=post.unit_id) for oid in p.officer_ids]
    for team, reserve in zip(result.reserves, reserves, strict=True):
        rows += [
            Assignment(plan=plan, personnel_id=o, reserve=reserve, unit_id=reserve.unit_id) for o in team.officer_ids
        ]
    Assignment.objects.bulk_create(rows, batch_size=1000)


def plan_summary(plan: DeploymentPlan, result: engine.Plan, inputs: EngineInputs, problems: list[dict]) -> dict:
    s = result.stats
    support = support_totals(unit=plan.unit)
    codes = Counter(p.code for p in result.problems) + Counter(p["code"] for p in problems)
    must = s.get("must_cover_stations", 0)
    return {
        "stations": s.get("stations", len(inputs.stations)),
        "stations_no_coords": s.get("stations_no_coords", 0),
        "posts": s.get("posts", len(result.posts)),
        "officers_available": s.get("officers_available", len(inputs.officers)),
        "officers_no_home": sum(1 for o in inputs.officers if o.lat is None or o.lon is None),
        "required_at_posts": s.get("required_at_posts", 0),
        "assigned_at_posts": s.get("assigned_at_posts", 0),
        "missing_at_posts": s.get("missing_at_posts", 0),
        "understaffed_posts": len(result.shortfall),
        "reserve_target": s.get("reserve_target", 0),
        "reserve_held": s.get("reserve_held", 0),
        "reserve_teams": len(result.reserves),
        "bko_needed": result.bko_needed,
        "linmas_required": s.get("linmas_required", sum(p.linmas for p in result.posts)),
        "linmas_available": support.get("linmas", 0),
        "tni_available": support.get("tni", 0),
        "must_cover_stations": must,
        "must_cover_covered": s.get("must_cover_covered", 0),
        "coverage_pct": round(100.0 * s.get("must_cover_covered", 0) / must, 1) if must else 100.0,
        "total_travel_km": round(float(s.get("total_travel_km", 0.0)), 1),
        "unassigned": len(result.unassigned_officer_ids),
        "moved": result.moved if plan.previous_id else None,
        "problem_counts": dict(codes),
        "runtime_s": round(float(s.get("runtime_s", 0.0)), 3),
    }
