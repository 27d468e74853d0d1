"""Roll-up API: the same figures as the pages (`GET /api/command/rollup`, URL name `api:command_rollup`), BKO
proposals and their decisions."""

from __future__ import annotations

from datetime import datetime

from ninja import Path, Query, Router, Schema

from siaga.command import selectors, services
from siaga.command.models import BkoProposal
from siaga.core import access
from siaga.core.api_errors import ErrorOut
from siaga.core.params import MAX_ID
from siaga.core.replicas import use_replica
from siaga.units.models import Unit

router = Router(tags=["Komando Polda/Mabes"])


class PolresOut(Schema):
    unit_id: int
    name: str
    polda_id: int | None
    lat: float | None
    lon: float | None
    plan_id: int | None
    plan_status: str
    plan_version: int | None
    posts: int
    required: int
    assigned: int
    missing: int
    strength: int
    bko_needed: int
    bko_offered: int
    bko_in: int
    bko_out: int
    patrol_due: int
    patrol_done: int
    patrol_pct: float | None
    open_low: int
    open_medium: int
    open_high: int
    open_critical: int
    open_total: int
    escalated: int
    alert_level: int | None
    ct: int
    cc: int
    cc_pct: float | None
    refreshed_at: datetime | None


class RollupOut(Schema):
    polda_id: int | None
    polres: list[PolresOut]
    totals: dict


class ProposalOut(Schema):
    id: int
    polda_id: int
    giver_id: int
    giver: str
    receiver_id: int
    receiver: str
    personnel: int
    distance_km: float
    cross_border: bool
    status: str
    reason: str


class BkoRejectIn(Schema):
    reason: str = ""


def _viewer(request):
    access.require(request.auth, "command.view")
    return request.auth


def _polda(user, pk: int | None) -> Unit | None:
    if pk is not None:
        return access.get_for_user(Unit.objects.filter(kind="polda"), user, pk=pk)
    unit = user.unit
    return unit if unit is not None and unit.kind == "polda" else None


@router.get("/rollup", response={200: RollupOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            url_name="command_rollup", summary="Rekap per Polres (Polda: Polres-nya; Mabes: semua)")  # fmt: skip
def rollup(request, polda: int | None = Query(None, ge=1, le=MAX_ID), urut: str = Query("", max_length=20)):
    user = _viewer(request)
    with use_replica():  # a heavy read: a replica when one is configured, up and caught up
        target = _polda(user, polda)
        rows = selectors.rollup_rows(user=user, polda=target, sort=urut)
    return {"polda_id": target.pk if target else None, "polres": rows, "totals": selectors.totals(rows)}


def _out(p: BkoProposal) -> dict:
    return {
        "id": p.pk, "polda_id": p.polda_id, "giver_id": p.giver_id, "giver": p.giver.name,
        "receiver_id": p.receiver_id, "receiver": p.receiver.name, "personnel": p.personnel,
        "distance_km": p.distance_km, "cross_border": p.cross_border, "status": p.status, "reason": p.reason,
    }  # fmt: skip


@router.get("/bko", response={200: list[ProposalOut], 400: ErrorOut, 403: ErrorOut},
            url_name="command_bko", summary="Usulan dan keputusan BKO dalam cakupan")  # fmt: skip
def bko_list(request, status: str = Query("", pattern="^(|proposed|approved|rejected|superseded)$")):
    return [_out(p) for p in selectors.proposals_for(user=_viewer(request), status=status)]


def _proposal(request, pk: int) -> BkoProposal:
    qs = BkoProposal.objects.select_related("giver", "receiver")
    return access.get_for_user(qs, request.auth, "command.bko", pk=pk)


@router.post("/bko/{proposal_id}/approve", response={200: ProposalOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Setujui usulan BKO (idempoten)")  # fmt: skip
def bko_approve(request, proposal_id: int = Path(..., ge=1, le=MAX_ID)):
    proposal = _proposal(request, proposal_id)
    return 200, _out(services.bko_approve(actor=request.auth, proposal=proposal))


@router.post("/bko/{proposal_id}/reject", response={200: ProposalOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Tolak usulan BKO")  # fmt: skip
def bko_reject(request, payload: BkoRejectIn, proposal_id: int = Path(..., ge=1, le=MAX_ID)):
    proposal = _proposal(request, proposal_id)
    return 200, _out(services.bko_reject(actor=request.auth, proposal=proposal, reason=payload.reason))
