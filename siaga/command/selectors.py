"""Reads of the roll-up: the ~500 `PolresFigures` rows of the user's scope (never raw rows), Polda totals for
Mabes, the map layer, BKO proposals and the BKO records a plan page shows."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.html import escape

from siaga.command.models import ALERT_LABELS, PLAN_STATUS_LABELS, BkoProposal, PolresFigures
from siaga.core import access
from siaga.units.models import Unit

SORTS = {
    "nama": "name",
    "status": "plan_status",
    "kurang": "missing",
    "bko": "bko_needed",
    "tawar": "bko_offered",
    "patroli": "patrol_pct",
    "laporan": "open_total",
    "kritis": "open_critical",
    "eskalasi": "escalated",
    "siaga": "alert_level",
    "ct": "ct",
    "cc": "cc_pct",
}
DEFAULT_SORT = "-bko"
STATUS_LABELS = PLAN_STATUS_LABELS
TOTAL_FIELDS = (
    "posts",
    "required",
    "assigned",
    "missing",
    "strength",
    "bko_needed",
    "bko_offered",
    "bko_in",
    "bko_out",
    "patrol_due",
    "patrol_done",
    "open_low",
    "open_medium",
    "open_high",
    "open_critical",
    "open_total",
    "escalated",
    "ct",
    "cc",
)


def figures_for(*, user, polda: Unit | None = None):
    qs = PolresFigures.objects.restrict(user)
    if polda is not None:
        qs = qs.filter(unit__path__startswith=polda.path)
    return qs


def sort_key(raw: str) -> str:
    raw = (raw or DEFAULT_SORT).strip()
    desc = raw.startswith("-")
    name = raw.lstrip("-")
    if name not in SORTS:
        name, desc = DEFAULT_SORT.lstrip("-"), True
    return ("-" if desc else "") + name


def rollup_rows(*, user, polda: Unit | None = None, sort: str = DEFAULT_SORT) -> list[PolresFigures]:
    key = sort_key(sort)
    field = SORTS[key.lstrip("-")]
    order = f"-{field}" if key.startswith("-") else field
    from django.db.models import F

    expr = F(field).desc(nulls_last=True) if order.startswith("-") else F(field).asc(nulls_last=True)
    return list(figures_for(user=user, polda=polda).order_by(expr, "name"))


def totals(rows: list[PolresFigures]) -> dict:
    out = {f: sum(getattr(r, f) for r in rows) for f in TOTAL_FIELDS}
    out["polres"] = len(rows)
    out["short"] = sum(1 for r in rows if r.bko_short)
    out["patrol_pct"] = round(100.0 * out["patrol_done"] / out["patrol_due"], 1) if out["patrol_due"] else None
    out["cc_pct"] = round(100.0 * out["cc"] / out["ct"], 1) if out["ct"] else None
    return out


def polda_rows(*, user) -> list[dict]:
    """Mabes: one line per Polda (sums over its Polres rows, one grouped query)."""
    sums = {f: Sum(f) for f in TOTAL_FIELDS}
    qs = (
        figures_for(user=user)
        .values("polda_id")
        .annotate(
            polres=Count("unit_id"),
            short=Count("unit_id", filter=Q(bko_needed__gt=0)),
            siaga_i=Count("unit_id", filter=Q(alert_level=1)),
            **sums,
        )
        .order_by()
    )
    rows = {r["polda_id"]: r for r in qs}
    names = dict(Unit.objects.filter(pk__in=[k for k in rows if k]).values_list("pk", "name"))
    out = []
    for pk, r in rows.items():
        r["name"] = names.get(pk, "Tanpa Polda")
        r["patrol_pct"] = round(100.0 * r["patrol_done"] / r["patrol_due"], 1) if r["patrol_due"] else None
        r["cc_pct"] = round(100.0 * r["cc"] / r["ct"], 1) if r["ct"] else None
        out.append(r)
    return sorted(out, key=lambda r: (-(r["bko_needed"] or 0), r["name"]))


def is_mabes_view(user) -> bool:
    return access.is_admin(user) or access.unit_level(user.unit) == access.LEVELS["mabes"]


def color_of(f: PolresFigures) -> str:
    if f.alert_level == 1 or f.open_critical:
        return "#e63946"
    if f.bko_short:
        return "#f4a261"
    if f.plan_status != "approved":
        return "#e9c46a"
    return "#2a9d8f"


def rank_of(f: PolresFigures) -> int:
    return 3 if color_of(f) == "#e63946" else 2 if f.bko_short else 1 if f.plan_status != "approved" else 0


def rollup_geojson(*, user, polda: Unit | None = None) -> dict:
    """One aggregate marker per Polres (clustered on the map): ~500 points for the whole country."""
    features = []
    for f in figures_for(user=user, polda=polda).only(
        "unit_id", "name", "lat", "lon", "plan_status", "missing", "bko_needed", "bko_in", "bko_offered",
        "bko_out", "open_total", "open_critical", "escalated", "alert_level", "patrol_pct",
    ):  # fmt: skip
        if f.lat is None or f.lon is None:
            continue
        url = reverse("command:polres", args=[f.unit_id])
        popup = (
            f'<b><a href="{url}">{escape(f.name)}</a></b><br>Rencana: {STATUS_LABELS.get(f.plan_status, "")}'
            f"<br>Kurang di pos: {f.missing} · BKO dibutuhkan: {f.bko_short} · dapat dipinjamkan: {f.bko_spare}"
            f"<br>Laporan terbuka: {f.open_total} (kritis {f.open_critical}) · eskalasi {f.escalated}"
            f"<br>{ALERT_LABELS.get(f.alert_level, 'Status siaga belum ditetapkan')}"
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [f.lon, f.lat]},
                "properties": {
                    "name": f.name,
                    "color": color_of(f),
                    "rank": rank_of(f),
                    "radius": 6 + min(f.open_total, 40) // 5,
                    "popup": popup,
                    "bko_short": f.bko_short,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def proposals_for(*, user, status: str = "", polda: Unit | None = None) -> list[BkoProposal]:
    """Proposals in the user's scope (of one Polda when given); without `status` the superseded ones are left out."""
    qs = BkoProposal.objects.restrict(user).select_related("giver", "receiver", "polda", "decided_by")
    if polda is not None:
        qs = qs.filter(polda=polda)
    qs = qs.filter(status=status) if status else qs.exclude(status=BkoProposal.Status.SUPERSEDED)
    return list(qs.order_by("status", "-created_at", "-id")[:500])


def polres_bko(*, unit: Unit) -> list[BkoProposal]:
    """The BKO decided or proposed for a Polres (received or lent)."""
    qs = BkoProposal.objects.filter(Q(receiver=unit) | Q(giver=unit)).exclude(status=BkoProposal.Status.SUPERSEDED)
    return list(qs.select_related("giver", "receiver", "decided_by").order_by("-created_at")[:100])


def plan_bko_panel(*, plan, user) -> dict | None:
    """For the plan page (siaga.deployment.panels): the approved BKO of the plan's unit and election."""
    qs = BkoProposal.objects.filter(status=BkoProposal.Status.APPROVED)
    received = qs.filter(receiver_id=plan.unit_id, election_id=plan.election_id)
    received = list(received.select_related("giver", "decided_by"))
    lent = qs.filter(giver_id=plan.unit_id, giver_plan__election_id=plan.election_id)
    lent = list(lent.select_related("receiver", "decided_by"))
    if not received and not lent:
        return None
    return {
        "received": received,
        "lent": lent,
        "received_total": sum(p.personnel for p in received),
        "lent_total": sum(p.personnel for p in lent),
        "bko_needed": (plan.summary or {}).get("bko_needed", 0),
    }


def dashboard_panel(user) -> dict:
    """Polda/Mabes staff: their roll-up in one line on the dashboard (from the aggregate, ~500 rows at most)."""
    if not access.can(user, "command.view"):
        return {"hidden": True}
    rows = list(figures_for(user=user).only(*TOTAL_FIELDS, "bko_in", "bko_out", "plan_status", "alert_level"))
    return {
        **totals(rows),
        "approved": sum(1 for r in rows if r.plan_status == "approved"),
        "siaga_i": sum(1 for r in rows if r.alert_level == 1),
        "proposed": BkoProposal.objects.restrict(user).filter(status=BkoProposal.Status.PROPOSED).count(),
    }
