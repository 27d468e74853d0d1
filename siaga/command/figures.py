"""The roll-up aggregate: one `PolresFigures` row per Polres, refreshed incrementally.

`figures_refresh()` asks each app which units changed since the last refresh (each through an index: reports by
`updated_at`, check-ins by time, cases by report/clearance date, plans and personnel by `updated_at`), maps them to
their Polres and recomputes only those rows, each figure with one grouped query per app for the whole batch. The
worker's housekeeping runs it every loop; `siaga rollup_refresh --full` rebuilds every row; a BKO decision refreshes
its two Polres at once (`figures_refresh(polres_ids=...)`). Pages and the API read the ~500 rows, never raw rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from siaga.analysis import rollup as analysis_selectors
from siaga.analysis.formulas import Period
from siaga.command.models import BkoProposal, PolresFigures, RefreshMark
from siaga.deployment import selectors as deployment_selectors
from siaga.patrols import selectors as patrol_selectors
from siaga.personnel import selectors as personnel_selectors
from siaga.reports import selectors as report_selectors
from siaga.units.models import Unit

OVERLAP = dt.timedelta(minutes=2)  # re-read changes this far before the watermark (late commits)
FULL_EVERY = dt.timedelta(minutes=30)  # patrol "due" counts grow with the clock alone: rebuild now and then
CHORE_EVERY = dt.timedelta(seconds=30)  # the roll-up is at most this much older than the records (plus a run)
BATCH = 200
POOL_FUNCTIONS = ("brimob_bko", "samapta")

CHANGE_SOURCES = (
    deployment_selectors.rollup_changed_units,
    personnel_selectors.rollup_changed_units,
    report_selectors.rollup_changed_units,
    patrol_selectors.rollup_changed_units,
    analysis_selectors.rollup_changed_units,
)

UPDATE_FIELDS = [f.name for f in PolresFigures._meta.concrete_fields if f.name not in ("unit",) and not f.primary_key]


@dataclass
class Tree:
    """Every Polres with its Polda and every unit below it (one query over the units table)."""

    polres: dict[int, dict]
    polres_of: dict[int, int]  # unit id (the Polres itself or below) -> Polres id
    members: dict[int, list[int]]  # Polres id -> unit ids in its subtree


def police_tree() -> Tree:
    rows = list(Unit.objects.values_list("pk", "path", "kind", "name", "lat", "lon", "is_demo"))
    polda_by_path = {path: pk for pk, path, kind, *_ in rows if kind == "polda"}
    polres_by_path, polres = {}, {}
    for pk, path, kind, name, lat, lon, is_demo in rows:
        if kind != "polres":
            continue
        polres_by_path[path] = pk
        polda = next((polda_by_path[p] for p in _prefixes(path) if p in polda_by_path), None)
        polres[pk] = {"name": name, "lat": lat, "lon": lon, "is_demo": is_demo, "polda_id": polda, "path": path}
    polres_of, members = {}, {pk: [] for pk in polres}
    for pk, path, *_ in rows:
        owner = next((polres_by_path[p] for p in _prefixes(path) if p in polres_by_path), None)
        if owner is not None:
            polres_of[pk] = owner
            members[owner].append(pk)
    return Tree(polres, polres_of, members)


def _prefixes(path: str):
    parts = path.strip("/").split("/")
    for i in range(1, len(parts) + 1):
        yield "/" + "/".join(parts[:i]) + "/"


def figures_refresh(
    *, full: bool = False, polres_ids=None, now: dt.datetime | None = None, overlap: dt.timedelta = OVERLAP
) -> dict:
    """Recompute the rows of the Polres changed since the last refresh (all with `full`; plus `polres_ids`)."""
    now = now or timezone.now()
    tree = police_tree()
    mark = RefreshMark.objects.filter(key="figures").first()
    if polres_ids is None:
        full = full or mark is None or mark.full_at is None or now - mark.full_at > FULL_EVERY
    if full:
        targets = set(tree.polres)
    elif polres_ids is not None:
        targets = set()
    else:
        since = mark.since - overlap
        changed: set[int] = set()
        for source in CHANGE_SOURCES:
            changed |= source(since=since)
        targets = {tree.polres_of[u] for u in changed if u in tree.polres_of}
        targets |= set(PolresFigures.objects.filter(dirty=True).values_list("unit_id", flat=True))
        targets |= set(tree.polres) - set(PolresFigures.objects.values_list("unit_id", flat=True))
    targets |= {pk for pk in (polres_ids or ()) if pk in tree.polres}
    ordered = sorted(targets)
    for start in range(0, len(ordered), BATCH):
        _store(_compute(ordered[start : start + BATCH], tree, now))
    if full:
        PolresFigures.objects.exclude(unit_id__in=list(tree.polres)).delete()
    if polres_ids is None:
        RefreshMark.objects.update_or_create(
            key="figures", defaults={"since": now, **({"full_at": now} if full else {})}
        )
    return {"refreshed": len(ordered), "full": full}


def figures_refresh_chore() -> dict | None:
    """The worker's housekeeping (every few seconds, on every worker): at most once per CHORE_EVERY."""
    mark = RefreshMark.objects.filter(key="figures").only("since").first()
    if mark is not None and timezone.now() - mark.since < CHORE_EVERY:
        return None
    return figures_refresh()


def _month(now: dt.datetime) -> Period:
    today = timezone.localdate(now)
    first = today.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return Period("month", first, nxt - dt.timedelta(days=1))


def _by_polres(values: dict[int, object], tree: Tree, add) -> dict[int, object]:
    out: dict[int, object] = {}
    for unit_id, value in values.items():
        owner = tree.polres_of.get(unit_id)
        if owner is not None:
            out[owner] = add(out.get(owner), value)
    return out


def _compute(polres_ids: list[int], tree: Tree, now: dt.datetime) -> list[PolresFigures]:
    unit_ids = [u for p in polres_ids for u in tree.members[p]]
    plans = deployment_selectors.rollup_current_plans(unit_ids=polres_ids)
    strength = _by_polres(personnel_selectors.rollup_strength(unit_ids=unit_ids), tree, lambda a, b: (a or 0) + b)
    reports = _by_polres(report_selectors.rollup_open_reports(unit_ids=unit_ids), tree, _merge_reports)
    alerts = report_selectors.rollup_alert_levels(unit_ids=polres_ids)
    coverage = _by_polres(patrol_selectors.rollup_coverage(unit_ids=unit_ids, now=now), tree, _add_pair)
    crimes = _by_polres(analysis_selectors.rollup_ct_cc(unit_ids=unit_ids, period=_month(now)), tree, _add_pair)
    lent_in, lent_out = bko_totals(polres_ids=polres_ids, plans=plans)
    rows = []
    for pk in polres_ids:
        info, plan = tree.polres[pk], plans.get(pk) or {}
        rep = reports.get(pk) or {"severity": {}, "escalated": 0}
        sev = rep["severity"]
        due, done = coverage.get(pk, (0, 0))
        ct, cc = crimes.get(pk, (0, 0))
        rows.append(
            PolresFigures(
                unit_id=pk,
                polda_id=info["polda_id"],
                name=info["name"],
                lat=info["lat"],
                lon=info["lon"],
                is_demo=info["is_demo"],
                plan_id=plan.get("plan_id"),
                plan_status=plan.get("status", ""),
                plan_version=plan.get("version"),
                election_id=plan.get("election_id"),
                posts=plan.get("posts") or 0,
                required=plan.get("required_at_posts") or 0,
                assigned=plan.get("assigned_at_posts") or 0,
                missing=plan.get("missing_at_posts") or 0,
                strength=strength.get(pk, 0),
                bko_needed=plan.get("bko_needed") or 0,
                bko_offered=spare_of(plan),
                bko_in=lent_in.get(pk, 0),
                bko_out=lent_out.get(pk, 0),
                patrol_due=due,
                patrol_done=done,
                patrol_pct=round(100.0 * done / due, 1) if due else None,
                open_low=sev.get(1, 0),
                open_medium=sev.get(2, 0),
                open_high=sev.get(3, 0),
                open_critical=sev.get(4, 0),
                open_total=sum(sev.values()),
                escalated=rep["escalated"],
                alert_level=alerts.get(pk),
                ct=ct,
                cc=cc,
                cc_pct=round(100.0 * cc / ct, 1) if ct else None,
                dirty=False,
                refreshed_at=now,
            )
        )
    return rows


def spare_of(plan: dict) -> int:
    """Officers a computed plan leaves beyond its posts and its reserve target (what the Polres can lend)."""
    if plan.get("status") not in ("approved", "computed") or (plan.get("bko_needed") or 0) > 0:
        return 0
    extra_reserve = max(0, (plan.get("reserve_held") or 0) - (plan.get("reserve_target") or 0))
    return extra_reserve + (plan.get("unassigned") or 0)


def bko_totals(*, polres_ids, plans: dict[int, dict]) -> tuple[dict[int, int], dict[int, int]]:
    """Approved BKO received and lent per Polres for the election of its current plan."""
    approved = BkoProposal.objects.filter(status=BkoProposal.Status.APPROVED)
    lent_in: dict[int, int] = {}
    for row in (
        approved.filter(receiver_id__in=polres_ids).values("receiver_id", "election_id").annotate(n=Sum("personnel"))
    ):
        if row["election_id"] == (plans.get(row["receiver_id"]) or {}).get("election_id"):
            lent_in[row["receiver_id"]] = lent_in.get(row["receiver_id"], 0) + row["n"]
    # lent: counted against the election of the giver's plan it was lent from (a giver without a plan: all)
    lent_out: dict[int, int] = {}
    rows = approved.filter(giver_id__in=polres_ids).values("giver_id", "giver_plan__election_id")
    for row in rows.annotate(n=Sum("personnel")).order_by():
        plan_election = (plans.get(row["giver_id"]) or {}).get("election_id")
        if row["giver_plan__election_id"] in (None, plan_election):
            lent_out[row["giver_id"]] = lent_out.get(row["giver_id"], 0) + row["n"]
    return lent_in, lent_out


def _merge_reports(a, b):
    if a is None:
        return {"severity": dict(b["severity"]), "escalated": b["escalated"]}
    for sev, n in b["severity"].items():
        a["severity"][sev] = a["severity"].get(sev, 0) + n
    a["escalated"] += b["escalated"]
    return a


def _add_pair(a, b):
    return (a[0] + b[0], a[1] + b[1]) if a is not None else tuple(b)


@transaction.atomic
def _store(rows: list[PolresFigures]) -> None:
    PolresFigures.objects.bulk_create(
        rows, batch_size=BATCH, update_conflicts=True, unique_fields=["unit"], update_fields=UPDATE_FIELDS
    )
