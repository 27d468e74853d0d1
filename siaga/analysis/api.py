"""Analysis API: the gangguan kamtibmas register (list, idempotent entry by client id) and statistics."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Query, Router, Schema

from siaga.analysis import selectors, services
from siaga.analysis.formulas import period_of
from siaga.analysis.models import Case, CrimeType
from siaga.core import access
from siaga.core.api_errors import ErrorOut
from siaga.core.params import MAX_ID, date_range
from siaga.regions.models import Region
from siaga.units.models import Unit

router = Router(tags=["Anev"])


class CaseOut(Schema):
    id: int
    lp_number: str
    crime_type: str
    unit_id: int
    occurred_at: datetime
    reported_at: datetime
    desa_code: str | None
    lat: float | None
    lon: float | None
    status: str
    cleared_on: date | None


class CaseIn(Schema):
    client_id: UUID
    unit_id: int
    lp_number: str
    crime_type: str
    occurred_at: datetime
    reported_at: datetime | None = None
    desa_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    place: str = ""
    victims: int = 0
    suspects: int = 0
    loss_rp: int = 0
    evidence_type: str = ""
    evidence_grams: float | None = None
    gakkumdu: bool = False
    summary: str = ""


class StatsOut(Schema):
    unit_id: int
    start: date
    end: date
    ct: int
    cc: int
    cc_pct: float | None
    ci_ct: int
    ci_cc: int
    rate: float | None
    clock: str
    ct_change_prev: float
    ct_change_prev_pct: float | None
    ct_change_yoy: float
    ct_change_yoy_pct: float | None
    empty: bool


def _out(case: Case) -> dict:
    return {
        "id": case.pk, "lp_number": case.lp_number, "crime_type": case.crime_type_id, "unit_id": case.unit_id,
        "occurred_at": case.occurred_at, "reported_at": case.reported_at, "desa_code": case.desa_id, "lat": case.lat,
        "lon": case.lon, "status": case.status, "cleared_on": case.cleared_on,
    }  # fmt: skip


def _viewer(request):
    if not access.can(request.auth, "analysis.view"):
        raise PermissionDenied("Register gangguan kamtibmas hanya untuk satuan Polri.")
    return request.auth


@router.get("/cases", response={200: list[CaseOut], 400: ErrorOut, 403: ErrorOut}, summary="Register perkara")
def case_list(request, dari: date | None = None, sampai: date | None = None):
    user = _viewer(request)
    start, end = date_range(dari, sampai, default=timezone.localdate() - timezone.timedelta(days=30))
    if sampai is None and dari is None:
        end = timezone.localdate()
    qs = Case.objects.restrict(user).filter(reported_at__date__range=(start, end)).order_by("-reported_at")
    return [_out(c) for c in qs[:1000]]


@router.post("/cases", response={201: CaseOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Catat perkara (idempoten menurut client_id)")  # fmt: skip
def case_create(request, payload: CaseIn):
    user = request.auth
    unit = access.get_for_user(Unit.objects.all(), user, pk=payload.unit_id)
    ctype = CrimeType.objects.filter(code=payload.crime_type).first()
    if ctype is None:
        raise ValidationError({"crime_type": f"Jenis {payload.crime_type} tidak dikenal dalam klasifikasi Perkap."})
    desa = None
    if payload.desa_code:
        desa = Region.objects.filter(code=payload.desa_code, level=4).first()
        if desa is None:
            raise ValidationError({"desa_code": f"Kode desa {payload.desa_code} tidak dikenal."})
    data = payload.dict(exclude={"client_id", "unit_id", "crime_type", "desa_code", "lp_number", "occurred_at",
                                 "reported_at"})  # fmt: skip
    case = services.case_create(
        unit=unit, lp_number=payload.lp_number, crime_type=ctype, occurred_at=payload.occurred_at,
        reported_at=payload.reported_at, desa=desa, client_id=payload.client_id, actor=user, **data,
    )  # fmt: skip
    return 201, _out(case)


@router.get("/stats", response={200: StatsOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            summary="CT, CC, CC %, crime rate, crime clock dan perbandingan")  # fmt: skip
def stats(request, unit: int = Query(..., ge=1, le=MAX_ID), dari: date | None = None, sampai: date | None = None,
          periode_jenis: str = Query("month", pattern="^(day|week|month|year|custom)$")):  # fmt: skip
    user = _viewer(request)
    target = access.get_for_user(Unit.objects.all(), user, pk=unit)
    anchor = dari or timezone.localdate()
    try:
        period = period_of(periode_jenis, anchor, sampai or anchor)
    except ValueError as exc:
        raise ValidationError({"sampai": str(exc)}) from exc
    s = selectors.case_stats(user=user, unit=target, period=period)
    t = s["total"]
    return {
        "unit_id": target.pk, "start": period.start, "end": period.end, "ct": t["ct"], "cc": t["cc"],
        "cc_pct": t["cc_pct"], "ci_ct": t["ci_ct"], "ci_cc": t["ci_cc"], "rate": t["rate"], "clock": t["clock"],
        "ct_change_prev": s["change_prev"]["ct"][0], "ct_change_prev_pct": s["change_prev"]["ct"][1],
        "ct_change_yoy": s["change_yoy"]["ct"][0], "ct_change_yoy_pct": s["change_yoy"]["ct"][1], "empty": s["empty"],
    }  # fmt: skip
