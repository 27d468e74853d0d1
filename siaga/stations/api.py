from ninja import Query, Router, Schema
from ninja.errors import HttpError

from siaga.core.params import MAX_ID
from siaga.elections.selectors import election_get
from siaga.stations import selectors

router = Router(tags=["TPS"])
MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000


class StationOut(Schema):
    id: int
    election_id: int
    number: int
    desa_code: str
    desa: str
    kecamatan: str
    address: str
    lat: float | None
    lon: float | None
    voters_male: int
    voters_female: int
    voters_disabled: int
    special_type: str
    unit_id: int | None
    polsek: str
    category: str


class StationPage(Schema):
    count: int
    items: list[StationOut]


def _out(s) -> dict:
    return {
        "id": s.pk,
        "election_id": s.election_id,
        "number": s.number,
        "desa_code": s.desa_id,
        "desa": s.desa.name,
        "kecamatan": s.desa.parent.name,
        "address": s.address,
        "lat": s.lat,
        "lon": s.lon,
        "voters_male": s.voters_male,
        "voters_female": s.voters_female,
        "voters_disabled": s.voters_disabled,
        "special_type": s.special_type,
        "unit_id": s.unit_id,
        "polsek": s.unit.name if s.unit_id else "",
        "category": s.category,
    }


@router.get(
    "/",
    response=StationPage,
    summary="Daftar TPS satu pemilihan, dengan filter yang sama seperti halaman daftar",
    description="Parameter filter: category, polsek, kecamatan, desa, special_type, q (serta filter tambahan).",
)
def station_list(
    request,
    election: int = Query(..., ge=1, le=MAX_ID),
    limit: int = Query(200, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    found = election_get(user=request.auth, pk=election)
    if found is None:
        raise HttpError(404, "Pemilihan tidak ditemukan.")
    qs = selectors.station_list(user=request.auth, election=found, params=request.GET)
    return {"count": qs.count(), "items": [_out(s) for s in qs[offset : offset + limit]]}


@router.get("/{station_id}", response=StationOut, summary="Satu TPS")
def station_detail(request, station_id: int):
    station = selectors.station_get(user=request.auth, pk=station_id)
    if station is None:
        raise HttpError(404, "TPS tidak ditemukan.")
    return _out(station)
