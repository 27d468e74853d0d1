"""Reads for deployment plans. A Polres user sees its plans; a Polsek sees plans with posts in its sector and
only those posts/officers; a partner sees none (all through restrict())."""

from __future__ import annotations

import math
from collections import defaultdict

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.html import escape

from siaga.deployment.models import (
    CATEGORY_COLORS,
    Assignment,
    DeploymentPlan,
    PlanPost,
    PlanReserve,
    category_label,
)
from siaga.personnel.models import Personnel
from siaga.stations.models import Station
from siaga.units.models import Unit

RING_POINTS = 48


def plans_for_user(*, user):
    own = DeploymentPlan.objects.restrict(user)
    sector = PlanPost.objects.restrict(user).values("plan_id")
    qs = DeploymentPlan.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=sector))
    return qs.select_related("election", "operation", "unit", "job")


def plan_for_user(*, user, pk: int) -> DeploymentPlan | None:
    return plans_for_user(user=user).filter(pk=pk).first()


def can_see_whole_plan(*, user, plan: DeploymentPlan) -> bool:
    return DeploymentPlan.objects.restrict(user).filter(pk=plan.pk).exists()


def _officers_prefetch():
    qs = Assignment.objects.select_related("personnel__unit").order_by("personnel__rank", "personnel__name")
    return Prefetch("assignments", queryset=qs)


def plan_posts(*, user, plan: DeploymentPlan, unit_id: int | None = None):
    qs = PlanPost.objects.restrict(user).filter(plan=plan).select_related("unit").prefetch_related(_officers_prefetch())
    return qs.filter(unit_id=unit_id) if unit_id else qs


def plan_reserves(*, user, plan: DeploymentPlan):
    return (
        PlanReserve.objects.restrict(user)
        .filter(plan=plan)
        .select_related("unit")
        .prefetch_related(_officers_prefetch())
    )


def stations_by_id(ids) -> dict[int, Station]:
    return {s.pk: s for s in Station.objects.filter(pk__in=list(ids)).select_related("desa")}


def _post_popup(post: PlanPost, stations: dict[int, Station]) -> str:
    names = ", ".join(escape(str(stations[i])) for i in post.station_ids if i in stations)
    officers = "<br>".join(
        escape(f"{a.personnel.get_rank_display()} {a.personnel.name}") for a in post.assignments.all()
    )
    lack = f"<br><b>Kurang {post.missing} personel</b>" if post.missing else ""
    return (
        f"<b>Pos {post.number}</b> · {escape(post.category_label)} · {escape(post.unit.name)}<br>"
        f"<small>{names}</small><br>{officers or '<i>belum ada personel</i>'}{lack}"
        f"<br>Linmas: {post.linmas}"
    )


def posts_geojson(*, user, plan: DeploymentPlan) -> dict:
    posts = [p for p in plan_posts(user=user, plan=plan) if p.lat is not None]
    stations = stations_by_id(i for p in posts for i in p.station_ids)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {
                "name": f"Pos {p.number}",
                "category": p.category,
                "color": CATEGORY_COLORS.get(p.category, "#264653") if not p.missing else "#000000",
                "radius": 5 + min(len(p.station_ids), 6),
                "fillOpacity": 0.85,
                "popup": _post_popup(p, stations),
                "officers": p.assigned,
                "required": p.required,
            },
        }
        for p in posts
    ]
    return {"type": "FeatureCollection", "features": features}


def ring(lat: float, lon: float, radius_km: float, n: int = RING_POINTS) -> list[list[float]]:
    """A closed polygon ring approximating a circle (GeoJSON [lon, lat] order)."""
    dlat = radius_km / 111.32
    dlon = radius_km / (111.32 * max(math.cos(math.radians(lat)), 1e-6))
    pts = [[lon + dlon * math.cos(2 * math.pi * i / n), lat + dlat * math.sin(2 * math.pi * i / n)] for i in range(n)]
    return pts + [pts[0]]


def reserve_radius_km(plan: DeploymentPlan) -> float:
    """Straight-line reach within the response time (speed / circuity)."""
    return plan.response_minutes / 60.0 * plan.speed_kmh / plan.circuity


def reserves_geojson(*, user, plan: DeploymentPlan) -> dict:
    radius = reserve_radius_km(plan)
    features = []
    for r in plan_reserves(user=user, plan=plan):
        if r.lat is None or r.lon is None:
            continue
        officers = "<br>".join(
            escape(f"{a.personnel.get_rank_display()} {a.personnel.name}") for a in r.assignments.all()
        )
        props = {
            "name": r.name,
            "popup": f"<b>Cadangan: {escape(r.name)}</b><br>{r.size} personel · "
            f"{r.covered} TPS rawan/sangat rawan dalam {plan.response_minutes:g} menit<br><small>{officers}</small>",
            "color": "#1d3557",
            "fillOpacity": 0.9,
            "radius": 9,
            "size": r.size,
            "radius_m": round(radius * 1000),
        }
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]}, "properties": props}
        )
        ring_props = {**props, "kind": "ring", "weight": 1, "fillOpacity": 0.03}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring(r.lat, r.lon, radius)]},
                "properties": ring_props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def roster(*, user, plan: DeploymentPlan, unit_id: int | None = None) -> list[dict]:
    """Per sector (Polsek): its posts with TPS and officers, in post order."""
    posts = list(plan_posts(user=user, plan=plan, unit_id=unit_id))
    stations = stations_by_id(i for p in posts for i in p.station_ids)
    grouped: dict[int, dict] = {}
    for p in posts:
        entry = grouped.setdefault(p.unit_id, {"unit": p.unit, "posts": [], "officers": 0, "missing": 0})
        p.stations = [stations[i] for i in p.station_ids if i in stations]
        entry["posts"].append(p)
        entry["officers"] += p.assigned
        entry["missing"] += p.missing
    return sorted(grouped.values(), key=lambda e: e["unit"].path)


def roster_units(*, user, plan: DeploymentPlan):
    ids = PlanPost.objects.restrict(user).filter(plan=plan).values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("path")


def shortfall_rows(*, user, plan: DeploymentPlan) -> list[PlanPost]:
    """Understaffed posts in the order they were filled (sangat rawan first)."""
    qs = PlanPost.objects.restrict(user).filter(plan=plan).select_related("unit").order_by("fill_rank", "number")
    return [p for p in qs if p.missing]


def problems(*, plan: DeploymentPlan) -> list[dict]:
    """Engine and app problems grouped by code (count plus the first messages)."""
    rows = list(plan.result.get("app_problems", [])) + list(plan.result.get("problems", []))
    grouped: dict[str, dict] = defaultdict(lambda: {"count": 0, "examples": []})
    for p in rows:
        g = grouped[p["code"]]
        g["count"] += 1
        if len(g["examples"]) < 5:
            g["examples"].append(_readable(p))
    order = [
        "bko_needed",
        "pattern_missing",
        "reserve_below_target",
        "post_understaffed",
        "station_bad_coords",
        "officer_bad_coords",
        "site_bad_coords",
        "station_no_coords",
        "station_no_category",
        "officer_no_home",
        "reserve_no_sites",
        "reserve_uncovered",
        "osrm_fallback",
    ]
    return sorted(
        ({"code": c, **g} for c, g in grouped.items()),
        key=lambda g: order.index(g["code"]) if g["code"] in order else 99,
    )


def _readable(problem: dict) -> str:
    """Name the officer or TPS behind an engine message that only carries its id."""
    ref = problem.get("ref")
    if ref is not None and problem["code"] == "officer_no_home":
        officer = Personnel.objects.filter(pk=ref).select_related("unit").first()
        if officer:
            return f"{officer} ({officer.unit.name}) belum memiliki pangkalan; jarak dihitung dari pusat sektornya."
    if ref is not None and problem["code"] == "station_no_coords":
        station = Station.objects.filter(pk=ref).select_related("desa").first()
        if station:
            return f"{station} belum memiliki koordinat; digabungkan ke pos di desanya."
    return problem["message"]


def assignment_card(*, plan: DeploymentPlan, personnel: Personnel) -> dict | None:
    """What, where, when for one officer: post or reserve, TPS with addresses, partners, Kapolsek contact."""
    a = (
        Assignment.objects.filter(plan=plan, personnel=personnel)
        .select_related("post__unit", "reserve__unit", "personnel__unit")
        .first()
    )
    if a is None:
        return None
    place = a.post or a.reserve
    partners = (
        Assignment.objects.filter(plan=plan)
        .filter(Q(post=a.post) if a.post_id else Q(reserve=a.reserve))
        .exclude(pk=a.pk)
        .select_related("personnel")
    )
    stations = list(stations_by_id(a.post.station_ids).values()) if a.post_id else []
    stations.sort(key=lambda s: (s.desa_id, s.number))
    lat, lon = place.lat, place.lon
    map_link = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}" if lat is not None else ""
    kapolsek = _commander(place.unit)
    return {
        "assignment": a,
        "plan": plan,
        "personnel": personnel,
        "post": a.post,
        "reserve": a.reserve,
        "stations": stations,
        "partners": [p.personnel for p in partners],
        "map_link": map_link,
        "commander": kapolsek,
        "category": category_label(a.post.category) if a.post_id else "",
        "card_url": reverse("deployment:card", args=[plan.pk, personnel.pk]),
    }


def _commander(unit: Unit):
    from siaga.accounts.models import User

    role = "kapolsek" if unit.kind == Unit.Kind.POLSEK else "kapolres"
    return User.objects.filter(unit=unit, role=role, is_active=True).first()


def current_plan_for_personnel(*, personnel: Personnel) -> DeploymentPlan | None:
    """The approved plan (or, if none, the newest computed one) in which the officer has a place."""
    qs = DeploymentPlan.objects.filter(assignments__personnel=personnel).select_related("election", "unit")
    approved = qs.filter(status=DeploymentPlan.Status.APPROVED).order_by("-approved_at").first()
    return approved or qs.filter(status=DeploymentPlan.Status.COMPUTED).order_by("-computed_at").first()


def dashboard_panel(user) -> dict:
    """The newest approved (else newest) plan visible to the user, for the dashboard."""
    if getattr(user, "is_partner", False):
        return {"plan": None}
    plans = plans_for_user(user=user).order_by("-created_at")
    plan = plans.filter(status=DeploymentPlan.Status.APPROVED).first() or plans.first()
    return {"plan": plan, "whole": plan is not None and can_see_whole_plan(user=user, plan=plan)}


def anev_deployment(*, user, unit, day_to) -> list[dict]:
    """Deployment for an Anev: per election, the plan in force at the end of the period (the newest approved plan
    made by then, else the newest computed one), its version and status, the posts in the unit's subtree staffed
    vs needed, officers required vs assigned, the reserve held vs its target and the BKO needed. Aggregated in the
    database: one query per election for the posts."""
    from datetime import datetime, time, timedelta

    from django.db.models import Count, F, Sum
    from django.utils import timezone

    end = timezone.make_aware(datetime.combine(day_to + timedelta(days=1), time.min))
    plans = plans_for_user(user=user).filter(created_at__lt=end).exclude(status=DeploymentPlan.Status.DRAFT)
    chosen: dict[int, DeploymentPlan] = {}
    for plan in plans.order_by("-created_at", "-version"):
        best = chosen.get(plan.election_id)
        if best is None or (
            plan.status == DeploymentPlan.Status.APPROVED and best.status != DeploymentPlan.Status.APPROVED
        ):
            chosen[plan.election_id] = plan
    out = []
    for plan in sorted(chosen.values(), key=lambda p: (-p.election.voting_day.toordinal(), p.pk)):
        posts = PlanPost.objects.restrict(user).filter(plan=plan, unit__path__startswith=unit.path)
        agg = posts.aggregate(
            posts=Count("id"),
            staffed=Count("id", filter=Q(assigned__gte=F("required"))),
            required=Sum("required"),
            assigned=Sum("assigned"),
        )
        whole = plan.unit.path.startswith(unit.path)
        summary = plan.summary or {}
        out.append(
            {
                "plan": plan,
                "election": plan.election,
                "version": plan.version,
                "status": plan.get_status_display(),
                "posts": agg["posts"] or 0,
                "staffed": agg["staffed"] or 0,
                "required": agg["required"] or 0,
                "assigned": agg["assigned"] or 0,
                "reserve_held": summary.get("reserve_held") if whole else None,
                "reserve_target": summary.get("reserve_target") if whole else None,
                "bko_needed": summary.get("bko_needed") if whole else None,
                "station_ids": {sid for ids in posts.values_list("station_ids", flat=True) for sid in ids or []},
            }
        )
    return out


# --- roll-up figures for Polda/Mabes (siaga.command) -----------------------------------------------------------------

ROLLUP_SUMMARY_KEYS = (
    "posts",
    "required_at_posts",
    "assigned_at_posts",
    "missing_at_posts",
    "reserve_target",
    "reserve_held",
    "unassigned",
    "bko_needed",
    "officers_available",
    "coverage_pct",
)


def rollup_changed_units(*, since) -> set[int]:
    return set(DeploymentPlan.objects.filter(updated_at__gt=since).values_list("unit_id", flat=True).distinct())


def rollup_current_plans(*, unit_ids) -> dict[int, dict]:
    """The current plan of each unit: the newest approved one, else the newest computed, else the newest draft;
    with its summary figures (never the engine result)."""
    rank = {DeploymentPlan.Status.APPROVED: 0, DeploymentPlan.Status.COMPUTED: 1, DeploymentPlan.Status.DRAFT: 2}
    rows = (
        DeploymentPlan.objects.filter(unit_id__in=list(unit_ids))
        .exclude(status=DeploymentPlan.Status.SUPERSEDED)
        .values("pk", "unit_id", "status", "version", "summary", "election_id", "created_at")
    )
    best: dict[int, dict] = {}
    for row in rows:
        key = (rank[row["status"]], -row["created_at"].timestamp(), -row["version"])
        current = best.get(row["unit_id"])
        if current is None or key < current["_key"]:
            best[row["unit_id"]] = {**row, "_key": key}
    out = {}
    for unit_id, row in best.items():
        summary = row["summary"] or {}
        out[unit_id] = {
            "plan_id": row["pk"],
            "status": row["status"],
            "version": row["version"],
            "election_id": row["election_id"],
            **{k: summary.get(k) for k in ROLLUP_SUMMARY_KEYS},
        }
    return out
