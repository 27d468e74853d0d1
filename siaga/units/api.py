from ninja import Router, Schema

from siaga.units.models import Unit

router = Router(tags=["Satuan"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    lat: float | None
    lon: float | None


@router.get("/", response=list[UnitOut], summary="Satuan dalam cakupan pengguna")
def unit_list(request):
    return list(Unit.objects.restrict(request.auth))
