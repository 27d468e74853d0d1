"""Patrols API: objects, teams, today's route of the caller's team and idempotent check-ins."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from siaga.core import access
from siaga.core.api_errors import ErrorOut
from siaga.core.params import MAX_ID, date_range
from siaga.patrols import selectors
from siaga.patrols.coverage import coverage_summary
from siaga.patrols.models import PatrolStop, PatrolTeam, VulnerableObject
from siaga.patrols.services import CheckinError, patrol_checkin_record

router = Router(tags=["Patroli"])


class ObjectOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    desa_code: str | None
    lat: float | None
    lon: float | None
    base_weight: int
    effective_weight: float
    weight_explanation: str


class TeamOut(Schema):
    id: int
    name: str
    unit_id: int
    vehicle: str
    polri_count: int
    tni_count: int
    satpolpp_count: int
    dishub_count: int


class StopOut(Schema):
    id: int
    team_id: int
    object_id: int
    object_name: str
    lat: float | None
    lon: float | None
    seq: int
    arrival: datetime
    departure: datetime
    checked_in: bool


class CheckinIn(Schema):
    client_id: UUID
    team_id: int
    object_id: int
    stop_id: int | None = None
    at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None
    note: str = ""


class CheckinOut(Schema):
    id: int
    client_id: UUID
    team_id: int
    object_id: int
    stop_id: int | None
    at: datetime
    created: bool


class CoverageRowOut(Schema):
    object_id: int
    object_name: str
    planned: int
    due: int
    achieved: int
    flagged: bool


@router.get("/objek", response=list[ObjectOut], summary="Objek rawan dalam cakupan pengguna")
def object_list(request, jenis: str = ""):
    objects = selectors.objects_with_weights(selectors.object_list(user=request.auth, kind=jenis))
    return [
        {
            **{f: getattr(o, f) for f in ("id", "name", "kind", "address", "lat", "lon", "base_weight")},
            "desa_code": o.desa_id,
            "effective_weight": o.weight.effective,
            "weight_explanation": o.weight.explanation,
        }
        for o in objects
    ]


@router.get("/tim", response=list[TeamOut], summary="Tim patroli dalam cakupan pengguna")
def team_list(request):
    return list(selectors.team_list(user=request.auth))


@router.get("/saya", response=list[StopOut], summary="Rute hari ini untuk tim pengguna")
def my_route(request, tim: int | None = Query(None, ge=1, le=MAX_ID)):
    teams = selectors.user_field_teams(user=request.auth, team_id=tim)
    return [
        {
            "id": s.pk,
            "team_id": s.team_id,
            "object_id": s.object_id,
            "object_name": s.object.name,
            "lat": s.object.lat,
            "lon": s.object.lon,
            "seq": s.seq,
            "arrival": s.arrival,
            "departure": s.departure,
            "checked_in": bool(s.my_checkins),
        }
        for s in selectors.field_stops(teams=teams)
    ]


@router.post(
    "/checkin",
    response={200: CheckinOut, 201: CheckinOut, 400: ErrorOut, 404: ErrorOut},
    summary="Check-in di objek (idempoten menurut client_id)",
)
def checkin_create(request, payload: Form[CheckinIn], photo: UploadedFile | None = File(None)):
    user = request.auth
    team = access.get_for_user(PatrolTeam.objects.all(), user, pk=payload.team_id)
    obj = access.get_for_user(VulnerableObject.objects.all(), user, pk=payload.object_id)
    stop = None
    if payload.stop_id is not None:
        stop = access.get_for_user(PatrolStop.objects.all(), user, pk=payload.stop_id)
    try:
        checkin, created = patrol_checkin_record(
            user=user,
            client_id=payload.client_id,
            team=team,
            obj=obj,
            stop=stop,
            at=payload.at,
            lat=payload.lat,
            lon=payload.lon,
            accuracy_m=payload.accuracy_m,
            note=payload.note,
            photo=photo,
        )
    except CheckinError as exc:
        return 400, {"detail": str(exc)}
    body = {**{f: getattr(checkin, f) for f in ("id", "client_id", "team_id", "object_id", "stop_id", "at")}}
    return (201 if created else 200), {**body, "created": created}


@router.get(
    "/cakupan",
    response={200: list[CoverageRowOut], 400: ErrorOut},
    summary="Cakupan tercapai vs. rencana per objek (hak lihat rencana patroli; rentang maks. 1 tahun)",
)
def coverage(request, dari: date | None = None, sampai: date | None = None):
    # planned visits are plan data: the same permission as the plan pages
    if not access.can(request.auth, "patrols.plan"):
        raise PermissionDenied("Rencana dan cakupan patroli hanya untuk perencana dan pimpinan.")
    day_from, day_to = date_range(dari, sampai, default=timezone.localdate(), names=("dari", "sampai"))
    summary = coverage_summary(user=request.auth, day_from=day_from, day_to=day_to)
    return [
        {
            "object_id": line.obj.pk,
            "object_name": line.obj.name,
            "planned": line.planned,
            "due": line.due,
            "achieved": line.achieved,
            "flagged": line.flagged,
        }
        for line in summary["lines"]
    ]
