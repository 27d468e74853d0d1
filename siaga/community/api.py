"""Binmas API: idempotent visits from phones and gateways, the tokoh register (what the caller may read),
aspirations by status and the coverage summary."""

from datetime import datetime
from uuid import UUID

from ninja import Router, Schema

from siaga.community import selectors, services
from siaga.core import access
from siaga.core.errors import ServiceError
from siaga.regions.models import Region

router = Router(tags=["Binmas"])


class VisitIn(Schema):
    client_id: UUID
    desa_code: str
    kind: str = "sambang"
    at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None
    audience: str = "warga"
    headcount: int = 1
    tokoh_ids: list[int] = []
    campaign_ids: list[int] = []
    topics: str = ""
    himbauan: str = ""
    note: str = ""
    early_warning: str = ""
    early_warning_source: str = ""


class VisitOut(Schema):
    id: int
    client_id: UUID
    created: bool
    desa_code: str
    position_check: str
    distance_m: int | None


class TokohOut(Schema):
    id: int
    name: str
    kind: str
    desa_code: str
    influence: int
    affiliations: str
    phone: str | None
    intel_note: str | None


class CoverageOut(Schema):
    days: int
    desa_total: int
    desa_stale: int
    rw_total: int
    rw_stale: int
    tokoh_total: int
    tokoh_stale: int
    aspirations: dict[str, int]


@router.post("/kunjungan", response=VisitOut)
def visit_create(request, payload: VisitIn):
    access.require(request.user, "community.visit")
    desa = Region.objects.filter(code=payload.desa_code, level=4).first()
    if desa is None:
        raise ServiceError(f"Kode desa {payload.desa_code[:20]} tidak dikenal.", 422, "desa_code")
    data = payload.dict(exclude={"client_id", "desa_code", "kind", "at"})
    visit, created = services.visit_record(
        actor=request.user, client_id=payload.client_id, desa=desa, kind=payload.kind, at=payload.at, **data
    )
    return {
        "id": visit.pk,
        "client_id": visit.client_id,
        "created": created,
        "desa_code": visit.desa_id,
        "position_check": visit.position_check,
        "distance_m": visit.distance_m,
    }


@router.get("/tokoh", response=list[TokohOut])
def tokoh_list(request):
    access.require(request.user, "community.view")
    intel = access.can(request.user, "community.intel")
    contact = access.can(request.user, "community.contact")
    return [
        {
            "id": t.pk,
            "name": t.name,
            "kind": t.kind,
            "desa_code": t.desa_id,
            "influence": t.influence,
            "affiliations": t.affiliations,
            "phone": t.phone if contact else None,
            "intel_note": t.intel_note if intel else None,
        }
        for t in selectors.tokoh_for(request.user)[:5000]
    ]


@router.get("/cakupan", response=CoverageOut)
def coverage(request, hari: int = selectors.COVERAGE_DAYS):
    access.require(request.user, "community.view")
    cov = selectors.coverage(user=request.user, days=max(1, min(hari, 365)))
    stats = selectors.aspiration_stats(user=request.user)
    keys = ("days", "desa_total", "desa_stale", "rw_total", "rw_stale", "tokoh_total")
    out = {k: cov[k] for k in keys}
    out["tokoh_stale"] = len(cov["tokoh_stale"])
    out["aspirations"] = {code: n for _, code, n in stats["by_status"]}
    return out
