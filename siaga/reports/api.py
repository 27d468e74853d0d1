"""Reports API (mounted at /api/reports/): intake for field apps and partners, the gateway webhook, reads scoped by
`restrict()`, and the workflow transitions. Request bodies are parsed here so that malformed JSON gets an
Indonesian message; every failure (ReportError, pydantic, permission) is answered by siaga.core.api_errors."""

from __future__ import annotations

import hmac
import json
import os
import uuid
from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ValidationError as PydanticError

from siaga.core.api_errors import BAD_JSON, ErrorOut, parse_json_body, pydantic_message
from siaga.reports import selectors, services
from siaga.reports.actions import ACTIONS, ActionInput, report_action
from siaga.reports.errors import ReportError
from siaga.reports.services.batch import MAX_BATCH

router = Router(tags=["Laporan"])
GATEWAY_SECRET_ENV = "SIAGA_GATEWAY_SECRET"
ERRORS = frozenset({400, 403, 404, 409, 413, 422, 429, 503})


class ReportIn(Schema):
    client_id: uuid.UUID = Field(description="UUID dari aplikasi klien; kunci idempotensi (kirim ulang = sama)")
    text: str = Field(min_length=3, max_length=5000, description="Uraian kejadian")
    category: str | None = Field(None, max_length=40, description="Kode kategori (lihat /api/reports/categories)")
    severity: int | None = Field(None, ge=1, le=4, description="1 rendah … 4 kritis")
    occurred_at: datetime | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    location_text: str = Field("", max_length=250)
    desa_code: str | None = Field(None, max_length=13)


class GatewayIn(Schema):
    message_id: str = Field(min_length=1, max_length=120, description="ID pesan dari gateway (kunci idempotensi)")
    sender: str = Field("", max_length=60)
    text: str = Field(min_length=3, max_length=5000)
    gateway: str = Field("sms", max_length=30)


class AckOut(Schema):
    id: int
    client_id: uuid.UUID
    status: str
    tracking_code: str | None
    created: bool


class ReportOut(Schema):
    id: int
    status: str
    status_label: str
    category: str | None
    category_confirmed: bool
    suggested_category: str
    category_label: str
    severity: int
    severity_label: str
    source: str
    text: str
    occurred_at: str
    created_at: str
    updated_at: str
    lat: float | None
    lon: float | None
    desa: str
    unit: str
    incident_id: int | None
    incident_count: int
    overdue: bool


class EventOut(Schema):
    kind: str
    label: str
    at: datetime
    actor: str
    from_status: str
    to_status: str
    unit: str
    note: str


class ContactOut(Schema):
    name: str
    phone: str
    email: str


class ReportDetailOut(ReportOut):
    full_text: str
    triage: dict
    timeline: list[EventOut]
    contact: ContactOut | None


class FeedOut(Schema):
    cursor: str
    reports: list[ReportOut]


class ReportCategoryOut(Schema):
    code: str
    label: str
    group: str
    default_severity: int


class VerifyIn(Schema):
    category: str | None = Field(None, max_length=40)
    severity: int | None = Field(None, ge=1, le=4)


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class RejectIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class UnitIn(Schema):
    unit_id: int | None = None
    note: str = Field("", max_length=500)


class LocationIn(Schema):
    desa_code: str = Field(min_length=1, max_length=20)


def _body_schema(schema: type[Schema]) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema.model_json_schema()}}}}


def clean_text(value):
    """Strings as PostgreSQL can store them: no NUL characters, no lone surrogates (recursively)."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    if isinstance(value, dict):
        return {clean_text(k): clean_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_text(v) for v in value]
    return value


def _parse(request: HttpRequest, schema: type[Schema]):
    return parse_json_body(request, schema, clean=clean_text)


def batch_items(request: HttpRequest) -> list:
    """The batch body's items, each validated on its own: report_submit keywords, or a ReportError (422)."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, BAD_JSON) from exc
    items = data.get("reports") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise HttpError(400, "Isi permintaan harus berupa objek JSON dengan daftar 'reports' (1–100 laporan).")
    if len(items) > MAX_BATCH:
        raise HttpError(413, f"Terlalu banyak laporan dalam satu kiriman (maksimal {MAX_BATCH}).")
    return [_batch_item(item) for item in items]


def _batch_item(item):
    if not isinstance(item, dict):
        return ReportError("Setiap laporan harus berupa objek JSON.", status=422)
    try:
        return ReportIn.model_validate(clean_text(item)).model_dump()
    except PydanticError as exc:
        error = ReportError(pydantic_message(exc), status=422)
        error.client_id = item.get("client_id") if isinstance(item.get("client_id"), str) else None
        return error


def _report(request, pk: int):
    report = selectors.report_for_user(user=request.auth, pk=pk)
    if report is None:
        raise HttpError(404, "Laporan tidak ditemukan.")
    return report


def _ack(report, created: bool):
    body = {
        "id": report.pk,
        "client_id": report.client_id,
        "status": report.status,
        "tracking_code": report.tracking_code,
        "created": created,
    }
    return (201 if created else 200), body


@router.post(
    "/",
    response={200: AckOut, 201: AckOut, ERRORS: ErrorOut},
    openapi_extra=_body_schema(ReportIn),
    summary="Kirim laporan (201 baru, 200 bila client_id sudah pernah diterima)",
)
def report_create(request):
    data = _parse(request, ReportIn)
    user = request.auth
    report, created = services.report_submit(
        channel="partner" if user.is_partner else "officer",
        user=user,
        client_id=data.client_id,
        text=data.text,
        category=data.category,
        severity=data.severity,
        occurred_at=data.occurred_at,
        lat=data.lat,
        lon=data.lon,
        location_text=data.location_text,
        desa_code=data.desa_code,
    )
    return _ack(report, created)


class ReportBatchIn(Schema):
    reports: list[ReportIn] = Field(max_length=100, description="1–100 laporan, masing-masing dengan client_id")


class ReportBatchItemOut(Schema):
    index: int
    client_id: str | None
    status: int = Field(description="201 baru, 200 kirim ulang (client_id sudah diterima), 4xx ditolak")
    id: int | None
    report_status: str | None
    tracking_code: str | None
    created: bool
    detail: str


class ReportBatchOut(Schema):
    created: int
    replayed: int
    failed: int
    results: list[ReportBatchItemOut]


@router.post(
    "/batch",
    response={200: ReportBatchOut, ERRORS: ErrorOut},
    openapi_extra=_body_schema(ReportBatchIn),
    summary="Kirim banyak laporan sekaligus (maks. 100; hasil per laporan: 201/200/4xx)",
)
def report_batch(request):
    user = request.auth
    items = batch_items(request)
    results = services.reports_submit_batch(user=user, channel="partner" if user.is_partner else "officer", items=items)
    return {
        "created": sum(r["status"] == 201 for r in results),
        "replayed": sum(r["status"] == 200 for r in results),
        "failed": sum(r["status"] >= 400 for r in results),
        "results": results,
    }


@router.post(
    "/gateway",
    auth=None,
    response={200: AckOut, 201: AckOut, 401: ErrorOut, ERRORS: ErrorOut},
    openapi_extra=_body_schema(GatewayIn),
    summary="Webhook gateway SMS/WhatsApp (header X-Siaga-Gateway-Secret)",
)
def report_gateway(request):
    secret = os.environ.get(GATEWAY_SECRET_ENV, "")
    if not secret:
        raise HttpError(503, "Gateway belum dikonfigurasi (SIAGA_GATEWAY_SECRET kosong).")
    given = request.headers.get("X-Siaga-Gateway-Secret", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return 401, {"detail": "Rahasia gateway tidak cocok."}
    data = _parse(request, GatewayIn)
    report, created = services.report_submit(
        channel="gateway",
        client_id=services.gateway_client_id(gateway=data.gateway, message_id=data.message_id),
        text=data.text,
        sender=data.sender,
        gateway_message_id=data.message_id,
        client_ip=request.META.get("REMOTE_ADDR"),
    )
    return _ack(report, created)


@router.get("/categories", response=list[ReportCategoryOut], summary="Kategori laporan")
def category_list(request):
    from siaga.reports.models import Category

    return list(Category.objects.restrict(request.auth).filter(is_active=True))


@router.get("/", response={200: FeedOut, 400: ErrorOut}, summary="Laporan yang boleh Anda lihat (kursor `since`)")
def report_list(
    request,
    status: str = "",
    category: str = "",
    severity: int | None = Query(None, ge=1, le=4),
    hours: int | None = Query(None, ge=1, le=24 * 366),
    since: str = "",
    limit: int = Query(100, ge=1, le=500),
):
    status, category, since = clean_text(status), clean_text(category), clean_text(since)
    return selectors.report_feed(
        user=request.auth,
        since=since,
        limit=limit,
        status=status,
        category=category,
        severity=severity or "",
        hours=hours or "",
    )


@router.get("/{pk}", response={200: ReportDetailOut, 404: ErrorOut}, summary="Satu laporan beserta riwayatnya")
def report_detail(request, pk: int):
    report = _report(request, pk)
    return _detail(request.auth, report)


def _detail(user, report) -> dict:
    data = selectors.report_dict(report)
    contact = selectors.report_contact(user=user, report=report)
    data.update(
        full_text=report.text,
        triage=report.triage or {},
        contact={"name": contact.name, "phone": contact.phone, "email": contact.email} if contact else None,
        timeline=[
            {
                "kind": e.kind,
                "label": e.get_kind_display(),
                "at": e.at,
                "actor": str(e.actor or "sistem"),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "unit": str(e.unit or ""),
                "note": e.note,
            }
            for e in selectors.report_timeline(report)
        ],
    )
    return data


# the body each workflow action takes (siaga/reports/actions.py is the table of actions; pages use the same)
ACTION_SCHEMAS: dict[str, type[Schema]] = {
    "verify": VerifyIn,
    "start": NoteIn,
    "resolve": NoteIn,
    "assign": UnitIn,
    "escalate": NoteIn,
    "reject": RejectIn,
    "lokasi": LocationIn,
    "share": UnitIn,
}
FIELDS = ("note", "reason", "category", "severity", "unit_id", "desa_code")


def _action_input(request, action: str) -> ActionInput:
    """The JSON body of one action (its schema in the OpenAPI), as the input the workflow table takes."""
    data = _parse(request, ACTION_SCHEMAS[action])
    fields = {name: getattr(data, name, None) for name in FIELDS}
    return ActionInput(**{k: v for k, v in fields.items() if v is not None})


def _run(request, pk: int, action: str):
    user = request.auth
    report = _report(request, pk)
    report_action(report=report, user=user, name=action, data=_action_input(request, action))
    after = selectors.report_for_user(user=user, pk=pk)
    if after is None:
        # The action is committed but took the report out of the caller's scope (an escalation to the Polres,
        # an assignment to another Polsek): answer with the report as the action left it, not a 404 or a 500.
        report.refresh_from_db()
        return _detail(user, report)
    return _detail(user, after)


def _transition(action: str, schema: type[Schema], summary: str):
    @router.post(
        f"/{{pk}}/{action}",
        response={200: ReportDetailOut, ERRORS: ErrorOut},
        openapi_extra=_body_schema(schema),
        summary=summary,
        operation_id=f"report_{action}",
    )
    def view(request, pk: int):
        return _run(request, pk, action)

    return view


for _name, _action in ACTIONS.items():
    _transition(_name, ACTION_SCHEMAS[_name], _action.label)
