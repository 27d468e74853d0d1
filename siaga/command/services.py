"""BKO between units: propose (the engine's matching over the roll-up figures), approve (the BKO record both plans
show, once however often it is approved), reject. Every write checks `command.bko` at the proposal's Polda."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from siaga.command.figures import POOL_FUNCTIONS, figures_refresh, spare_of
from siaga.command.models import BkoProposal, PolresFigures
from siaga.core import access
from siaga.core.audit import audit_record
from siaga.deployment import selectors as deployment_selectors
from siaga.engine import bko as engine
from siaga.personnel import selectors as personnel_selectors
from siaga.units.models import Unit

log = logging.getLogger(__name__)
DECIDED = (BkoProposal.Status.APPROVED, BkoProposal.Status.REJECTED)


def _is_mabes(actor) -> bool:
    return access.is_admin(actor) or access.unit_level(getattr(actor, "unit", None)) == access.LEVELS["mabes"]


def bko_propose(*, actor, scope: Unit | None = None, k_nearest: int = 5, refresh: bool = True, is_demo: bool = False):
    """Match the Polres of `scope` (a Polda; a Mabes unit or None: the whole country, across Polda borders) that
    are still short after approved BKO to those with spare strength and the Polda pools. Earlier open proposals of
    the same receivers are superseded. The roll-up is refreshed first (incrementally) unless `refresh=False`.
    Returns (proposals, engine result)."""
    if scope is None:
        access.require(actor, "command.bko")
        if not _is_mabes(actor):
            raise PermissionDenied("Pencocokan BKO nasional hanya untuk Mabes.")
    else:
        access.require(actor, "command.bko", unit=scope)
        if scope.kind not in ("polda", "mabes"):
            raise ValidationError("Pencocokan BKO dilakukan untuk satu Polda atau seluruh Polda (Mabes).")
    if refresh:
        figures_refresh()
    rows = PolresFigures.objects.select_related("unit")
    if scope is not None:
        rows = rows.filter(unit__path__startswith=scope.path)
    rows = list(rows)
    demands, supplies, skipped = [], [], []
    for f in rows:
        if f.lat is None or f.lon is None:
            if f.bko_short or f.bko_spare:
                skipped.append(f.name)
            continue
        if f.bko_short and f.plan_id:
            demands.append(engine.Demand(f.unit_id, f.polda_id or 0, f.lat, f.lon, f.bko_short, name=f.name))
        elif f.bko_spare:
            supplies.append(engine.Supply(f.unit_id, f.polda_id or 0, f.lat, f.lon, f.bko_spare, name=f.name))
    supplies += _pools({f.polda_id for f in rows if f.polda_id}, skipped)
    cross = scope is None or scope.kind == "mabes"
    result = engine.match(demands, supplies, k_nearest=k_nearest, cross_border=cross)
    note = result.message + (f" Tanpa koordinat (dilewati): {', '.join(skipped[:10])}." if skipped else "")
    by_id = {f.unit_id: f for f in rows}
    with transaction.atomic():
        open_ = BkoProposal.objects.filter(status=BkoProposal.Status.PROPOSED, receiver_id__in=[d.id for d in demands])
        superseded = open_.update(status=BkoProposal.Status.SUPERSEDED, updated_at=timezone.now())
        proposals = [
            BkoProposal(
                polda_id=by_id[m.demand_id].polda_id,
                giver_id=m.supply_id,
                receiver_id=m.demand_id,
                election_id=by_id[m.demand_id].election_id,
                receiver_plan_id=by_id[m.demand_id].plan_id,
                giver_plan_id=by_id[m.supply_id].plan_id if m.supply_id in by_id else None,
                personnel=m.personnel,
                distance_km=m.distance_km,
                cross_border=m.cross_border,
                run_note=note[:500],
                is_demo=is_demo,
            )
            for m in result.matches
            if by_id[m.demand_id].polda_id is not None
        ]
        BkoProposal.objects.bulk_create(proposals, batch_size=500)
        audit_record(
            action="action",
            model="command.BkoProposal",
            object_id=scope.pk if scope else "",
            object_repr=f"Pencocokan BKO {scope or 'nasional'}",
            changes={"proposed": len(proposals), "superseded": superseded, "moved": result.moved},
            note=note[:500],
        )
    return proposals, result


def _pools(polda_ids: set[int], skipped: list[str]) -> list[engine.Supply]:
    """Each Polda's own Brimob/Samapta strength not yet lent."""
    strength = personnel_selectors.rollup_strength(unit_ids=polda_ids, functions=POOL_FUNCTIONS)
    lent = _lent(giver_ids=strength.keys())
    out = []
    for polda in Unit.objects.filter(pk__in=list(strength)):
        spare = strength[polda.pk] - lent.get(polda.pk, 0)
        if spare <= 0:
            continue
        if polda.lat is None or polda.lon is None:
            skipped.append(polda.name)
            continue
        out.append(engine.Supply(polda.pk, polda.pk, polda.lat, polda.lon, spare, name=polda.name, kind="pool"))
    return out


def _lent(*, giver_ids, election_id=None) -> dict[int, int]:
    """Approved BKO lent by each giver (from its plan of `election_id` and without a plan, when given)."""
    qs = BkoProposal.objects.filter(status=BkoProposal.Status.APPROVED, giver_id__in=list(giver_ids))
    if election_id is not None:
        qs = qs.filter(Q(giver_plan__election_id=election_id) | Q(giver_plan__isnull=True))
    return {r["giver_id"]: r["n"] for r in qs.values("giver_id").annotate(n=Sum("personnel")).order_by()}


def _spare_now(giver: Unit) -> tuple[int, int | None]:
    """What `giver` can still lend now, and its current plan id (a Polres) — read fresh, not from the roll-up."""
    if giver.kind == "polres":
        plan = deployment_selectors.rollup_current_plans(unit_ids=[giver.pk]).get(giver.pk) or {}
        lent = _lent(giver_ids=[giver.pk], election_id=plan.get("election_id")).get(giver.pk, 0)
        return spare_of(plan) - lent, plan.get("plan_id")
    pool = personnel_selectors.rollup_strength(unit_ids=[giver.pk], functions=POOL_FUNCTIONS).get(giver.pk, 0)
    return pool - _lent(giver_ids=[giver.pk]).get(giver.pk, 0), None


def _short_now(proposal: BkoProposal) -> tuple[int, int | None]:
    plan = deployment_selectors.rollup_current_plans(unit_ids=[proposal.receiver_id]).get(proposal.receiver_id) or {}
    received = (
        BkoProposal.objects.filter(
            status=BkoProposal.Status.APPROVED, receiver_id=proposal.receiver_id, election_id=proposal.election_id
        ).aggregate(n=Sum("personnel"))["n"]
        or 0
    )
    return (plan.get("bko_needed") or 0) - received, plan.get("plan_id")


def _require_decider(actor, proposal: BkoProposal) -> None:
    access.require(actor, "command.bko", proposal)
    if proposal.cross_border and not _is_mabes(actor):
        raise PermissionDenied("BKO lintas Polda diputuskan oleh Mabes.")


def bko_approve(*, actor, proposal: BkoProposal) -> BkoProposal:
    """proposed → approved: the BKO record on both plans (the receiver's gains the personnel, the giver's shows
    them lent). Approving an approved proposal again changes nothing."""
    _require_decider(actor, proposal)
    with transaction.atomic():
        # the giver's row is the lock: two approvals lending from one giver are decided one after the other
        giver = Unit.objects.select_for_update().get(pk=proposal.giver_id)
        locked = BkoProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status == BkoProposal.Status.APPROVED:
            return locked
        if locked.status != BkoProposal.Status.PROPOSED:
            raise ValidationError(f"Usulan BKO ini sudah {locked.get_status_display().lower()}.")
        spare, giver_plan = _spare_now(giver)
        if spare < locked.personnel:
            raise ValidationError(
                f"{giver.name} kini hanya dapat meminjamkan {max(spare, 0)} personel; jalankan ulang pencocokan BKO."
            )
        short, receiver_plan = _short_now(locked)
        if short < locked.personnel:
            raise ValidationError(
                f"{locked.receiver} kini hanya kekurangan {max(short, 0)} personel; jalankan ulang pencocokan BKO."
            )
        locked.status = BkoProposal.Status.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = access.acting_user(actor)
        locked.receiver_plan_id = receiver_plan or locked.receiver_plan_id
        locked.giver_plan_id = giver_plan or locked.giver_plan_id
        locked.save()
    figures_refresh(polres_ids=[locked.receiver_id, locked.giver_id])
    return locked


def bko_reject(*, actor, proposal: BkoProposal, reason: str = "") -> BkoProposal:
    _require_decider(actor, proposal)
    with transaction.atomic():
        locked = BkoProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status == BkoProposal.Status.REJECTED:
            return locked
        if locked.status != BkoProposal.Status.PROPOSED:
            raise ValidationError(f"Usulan BKO ini sudah {locked.get_status_display().lower()}.")
        locked.status = BkoProposal.Status.REJECTED
        locked.reason = reason.strip()[:250]
        locked.decided_at = timezone.now()
        locked.decided_by = access.acting_user(actor)
        locked.save()
    return locked


@transaction.atomic
def mabes_attach(*, actor, code: str = "mabes-polri", name: str = "Mabes Polri", lat=None, lon=None) -> Unit:
    """The Mabes unit as the root above every Polda, so that a Mabes user's scope (the `path` prefix) holds them
    all: creates it (or reuses it by code) and moves every root Polda under it, rewriting the materialised path of
    each Polda's whole subtree in one transaction. Administrators only (the unit tree is theirs)."""
    access.require(actor, "units.change")
    mabes, _ = Unit.objects.get_or_create(code=code, defaults={"name": name, "kind": "mabes", "lat": lat, "lon": lon})
    if mabes.kind != "mabes" or mabes.parent_id is not None:
        raise ValidationError(f"Satuan {code} sudah ada dan bukan Mabes di puncak pohon satuan.")
    for polda in Unit.objects.filter(kind="polda", parent__isnull=True):
        old, new = polda.path, f"{mabes.path}{polda.code}/"
        subtree = list(Unit.objects.filter(path__startswith=old).only("pk", "path"))
        for unit in subtree:
            unit.path = new + unit.path[len(old) :]
        Unit.objects.bulk_update(subtree, ["path"], batch_size=1000)
        Unit.objects.filter(pk=polda.pk).update(parent=mabes)
        audit_record(
            action="update", model="units.Unit", object_id=polda.pk, object_repr=polda,
            changes={"parent": [None, mabes.pk], "path": [old, new]}, note=f"{len(subtree)} satuan dipindah",
        )  # fmt: skip
    return mabes
