"""`report_submit`: the one intake service behind every channel (officer form, public form, API, gateway).

Idempotent on `client_id`: the unique constraint decides, and a retry gets the original report back. The
report, its "created" timeline row and the reporter's contact are committed together before the caller
answers, so an acknowledged report is never lost. The request path does only what the acknowledgement needs
(validation, place → desa → unit, the INSERT); the text triage runs after commit in the deferred step."""

from __future__ import annotations

import secrets
import uuid
from contextlib import nullcontext
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from siaga.core.dbfaults import retry_on_disconnect
from siaga.core.params import MIN_YEAR
from siaga.reports.errors import ReportError
from siaga.reports.locate import inside_indonesia
from siaga.reports.models import Report, ReporterContact, ReportPhoto
from siaga.reports.photos import photos_check
from siaga.reports.services.deferred import triage_schedule
from siaga.reports.services.store import needs_transaction, reports_insert
from siaga.reports.services.throttle import public_throttle_take
from siaga.reports.taxonomy import known_categories
from siaga.reports.triage import deadline_from, initial_severity, locate_report

MAX_TEXT = 5000
GATEWAY_NAMESPACE = uuid.UUID("6f1c2f9e-4d0b-4c55-9a55-6b7e2a2b9c11")
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CHANNEL_SOURCE = {"officer": "officer", "partner": "partner", "public": "public", "gateway": "gateway"}


def gateway_client_id(*, gateway: str, message_id: str) -> uuid.UUID:
    """The idempotency key of a gateway message: the same message id always maps to the same report."""
    return uuid.uuid5(GATEWAY_NAMESPACE, f"{gateway}:{message_id}")


def tracking_code_new() -> str:
    return "SG" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def _occurred(value):
    """The incident time as the database can store it: a naive time is local (WIB), nothing before MIN_YEAR (a
    year-1 time with an offset cannot even be converted to UTC)."""
    if value is None:
        return None
    if value.year < MIN_YEAR:
        raise ReportError(f"Waktu kejadian tidak masuk akal (sebelum tahun {MIN_YEAR}).", field="occurred_at")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _validate(*, channel, user, text, category, severity, lat, lon, occurred_at) -> tuple[str, str | None]:
    if channel not in _CHANNEL_SOURCE:
        raise ReportError(f"Kanal '{channel}' tidak dikenal.")
    if channel in ("officer", "partner") and (user is None or not user.can("reports.submit")):
        raise ReportError("Anda tidak berwenang mengirim laporan.", status=403)
    text = (text or "").strip()
    if len(text) < 3:
        raise ReportError("Uraian laporan wajib diisi (minimal 3 karakter).", field="text")
    if len(text) > MAX_TEXT:
        raise ReportError(f"Uraian laporan terlalu panjang (maksimal {MAX_TEXT} karakter).", field="text")
    category = category or None
    if category is not None and category not in known_categories():
        raise ReportError(f"Kategori '{category}' tidak dikenal.", field="category")
    if severity is not None and severity not in (1, 2, 3, 4):
        raise ReportError("Tingkat keparahan harus 1 (rendah) sampai 4 (kritis).", field="severity")
    if (lat is None) != (lon is None):
        raise ReportError("Lintang dan bujur harus diisi keduanya.", field="lat")
    if lat is not None and not inside_indonesia(lat, lon):
        raise ReportError("Koordinat di luar wilayah Indonesia.", field="lat")
    if occurred_at is not None and occurred_at > timezone.now() + timedelta(minutes=10):
        raise ReportError("Waktu kejadian tidak boleh di masa depan.", field="occurred_at")
    return text, category


def _replay(client_id, user) -> Report:
    existing = Report.objects.filter(client_id=client_id).first()
    if existing is None:
        raise ReportError("Laporan tidak dapat disimpan. Silakan coba lagi.", status=409)
    if existing.reporter_id != (user.pk if user is not None else None):
        raise ReportError("ID klien ini sudah dipakai untuk laporan lain.", status=409, field="client_id")
    if existing.triage_state == Report.Triage.PENDING:
        # the first attempt may have died between its commit and its inline triage: the retry finishes it
        triage_schedule([existing.pk])
    return existing


def _client_uuid(client_id) -> uuid.UUID:
    try:
        return client_id if isinstance(client_id, uuid.UUID) else uuid.UUID(str(client_id))
    except ValueError as exc:
        raise ReportError("client_id harus berupa UUID.", field="client_id") from exc


def report_prepare(
    *,
    channel: str,
    client_id,
    text: str,
    user=None,
    category: str | None = None,
    severity: int | None = None,
    occurred_at=None,
    lat: float | None = None,
    lon: float | None = None,
    location_text: str = "",
    desa_code: str | None = None,
    gateway_message_id: str = "",
    sender: str = "",
    is_demo: bool = False,
) -> Report:
    """Validate one submission and build its (unsaved) report: what the acknowledgement needs and no more —
    the place → desa → responsible unit, and the reporter's severity, else the category's default, else 2.
    The suggested category and the severity rules follow in the deferred triage step."""
    client_id = _client_uuid(client_id)
    occurred_at = _occurred(occurred_at)
    text, category = _validate(
        channel=channel, user=user, text=text, category=category, severity=severity, lat=lat, lon=lon,
        occurred_at=occurred_at,
    )  # fmt: skip
    located = locate_report(
        user=user, lat=lat, lon=lon, desa_code=desa_code, text=text, location_text=location_text or ""
    )
    if located is None:
        raise ReportError("Belum ada Polres yang dikonfigurasi untuk menerima laporan.", status=503)
    unit_id = located.unit_id
    if located.method == "polres" and user is not None and user.unit_id and not user.is_partner:
        unit_id = user.unit_id  # an officer's report without a place stays with the officer's own unit
    level, minutes = initial_severity(category=category, severity=severity)
    source = _CHANNEL_SOURCE[channel]
    now = timezone.now()
    return Report(
        client_id=client_id,
        tracking_code=tracking_code_new() if source in ("public", "gateway") else None,
        source=source,
        reporter=user,
        unit_id=unit_id,
        category_id=category,
        severity=level,
        text=text,
        occurred_at=occurred_at or now,
        lat=lat,
        lon=lon,
        location_text=(location_text or "")[:250],
        desa_id=located.desa_code,
        triage={
            "located_by": located.method,
            "places": located.places,
            "severity_given": severity is not None,
            "intake_severity": level,
        },
        deadline_at=deadline_from(minutes, now),
        gateway_message_id=gateway_message_id[:120],
        sender=sender[:60],
        is_demo=is_demo,
    )


def created_note(source: str) -> str:
    return f"Diterima melalui kanal {Report.Source(source).label.lower()}."


@retry_on_disconnect
def report_submit(
    *,
    channel: str,
    client_id,
    text: str,
    user=None,
    contact: dict | None = None,
    photos=(),
    client_ip: str | None = None,
    **fields,
) -> tuple[Report, bool]:
    """Store a report from any channel. Returns (report, created); a replayed client_id returns the original.

    `fields` are report_prepare's (category, severity, occurred_at, lat, lon, location_text, desa_code,
    gateway_message_id, sender, is_demo). The report and its "created" timeline row (and contact, photos, the
    partner share) are committed before this returns."""
    report = report_prepare(channel=channel, client_id=client_id, text=text, user=user, **fields)
    checked_photos = photos_check(photos)
    if channel == "public":
        if Report.objects.filter(client_id=report.client_id).exists():
            return _replay(report.client_id, user), False
        if client_ip is not None:  # web submissions; internal callers (demo, imports) are not throttled
            public_throttle_take(ip=client_ip)
    contact = _contact_fields(contact)
    extras = bool(contact or checked_photos or (user is not None and user.is_partner))
    try:
        with transaction.atomic() if (extras or needs_transaction()) else nullcontext():
            created = reports_insert([report], actor_id=getattr(user, "pk", None), note=created_note(report.source))
            if created and extras:
                _store_extras(report, user=user, contact=contact, photos=checked_photos)
    except IntegrityError:
        created = []
    if not created:
        return _replay(report.client_id, user), False
    triage_schedule([report.pk])
    return report, True


def _contact_fields(contact: dict | None) -> dict | None:
    if not contact or not any((contact.get(k) or "").strip() for k in ("name", "phone", "email")):
        return None
    return {
        "name": (contact.get("name") or "").strip()[:120],
        "phone": (contact.get("phone") or "").strip()[:40],
        "email": (contact.get("email") or "").strip()[:254],
    }


def _store_extras(report: Report, *, user, contact, photos) -> None:
    if user is not None and user.is_partner and user.unit_id:
        Report.shared_with.through.objects.create(report_id=report.pk, unit_id=user.unit_id)  # sees its own
    if contact:
        ReporterContact.objects.create(report=report, **contact)
    for upload, content_type in photos:
        ReportPhoto.objects.create(report=report, image=upload, content_type=content_type, size=upload.size)
