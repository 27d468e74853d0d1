from datetime import date

from ninja import Router, Schema
from ninja.errors import HttpError

from siaga.elections import selectors

router = Router(tags=["Pemilihan"])


class StageOut(Schema):
    id: int
    code: str
    name: str
    start: date
    end: date
    is_critical: bool


class CandidateOut(Schema):
    number: int
    name: str
    parties: str


class ElectionOut(Schema):
    id: int
    name: str
    type: str
    unit_id: int
    voting_day: date
    is_demo: bool


class ElectionDetailOut(ElectionOut):
    regions: list[str]
    stages: list[StageOut]
    candidates: list[CandidateOut]


class OperationOut(Schema):
    id: int
    name: str
    unit_id: int
    start: date
    end: date
    election_ids: list[int]


def _election(request, election_id: int):
    election = selectors.election_get(user=request.auth, pk=election_id)
    if election is None:
        raise HttpError(404, "Pemilihan tidak ditemukan.")
    return election


@router.get("/", response=list[ElectionOut], summary="Pemilihan yang terlihat oleh pengguna")
def election_list(request):
    return list(selectors.election_list(user=request.auth))


@router.get("/operasi", response=list[OperationOut], summary="Operasi kepolisian")
def operation_list(request):
    ops = selectors.operation_list(user=request.auth).prefetch_related("elections")
    return [_operation_dict(op) for op in ops]


def _operation_dict(op) -> dict:
    return {
        "id": op.pk,
        "name": op.name,
        "unit_id": op.unit_id,
        "start": op.start,
        "end": op.end,
        "election_ids": [e.pk for e in op.elections.all()],
    }


@router.get("/{election_id}", response=ElectionDetailOut, summary="Satu pemilihan dengan tahapan dan calon")
def election_detail(request, election_id: int):
    election = _election(request, election_id)
    detail = selectors.election_detail(election=election, user=request.user)
    return {
        **ElectionOut.from_orm(election).dict(),
        "regions": [r.code for r in detail["regions"]],
        "stages": detail["stages"],
        "candidates": detail["candidates"],
    }


@router.get("/{election_id}/tahapan", response=list[StageOut], summary="Tahapan satu pemilihan")
def stage_list(request, election_id: int):
    return list(_election(request, election_id).stages.all())
