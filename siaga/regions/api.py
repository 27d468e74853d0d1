from ninja import Router, Schema
from ninja.errors import HttpError

from siaga.regions.models import Region

router = Router(tags=["Wilayah"])


class RegionOut(Schema):
    code: str
    name: str
    level: int
    kind: str
    parent_id: str | None
    lat: float | None
    lon: float | None
    coord_source: str


@router.get("/", response=list[RegionOut], summary="Daftar wilayah (anak dari `parent`, atau provinsi)")
def region_list(request, parent: str = ""):
    qs = Region.objects.restrict(request.auth)
    return list(qs.filter(parent_id=parent) if parent else qs.filter(level=1))


@router.get("/{code}", response=RegionOut, summary="Satu wilayah menurut kode Kemendagri")
def region_detail(request, code: str):
    region = Region.objects.restrict(request.auth).filter(code=code).first()
    if region is None:
        raise HttpError(404, f"Wilayah dengan kode '{code}' tidak ditemukan.")
    return region
