from datetime import date

from ninja import Field, Query, Router, Schema

from siaga.core.params import MAX_ID
from siaga.personnel.selectors import personnel_filter

router = Router(tags=["Personel"])


class PersonnelOut(Schema):
    id: int
    nrp: str
    name: str
    rank: str
    function: str
    unit_id: int
    home_lat: float | None
    home_lon: float | None
    is_active: bool


class PersonnelFilter(Schema):
    q: str | None = None
    unit: int | None = Field(None, ge=1, le=MAX_ID)
    rank: str | None = None
    function: str | None = None
    home: str | None = None
    available_on: date | None = None


@router.get("/", response=list[PersonnelOut], summary="Personel dalam cakupan pengguna")
def personnel_list(request, filters: Query[PersonnelFilter]):
    params = {k: v for k, v in filters.model_dump().items() if v is not None}
    return list(personnel_filter(user=request.auth, params=params)[:5000])
