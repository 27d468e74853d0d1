"""Visits from the phone: idempotent by the client's UUID, position checked against the beat (flagged, never
refused), early-warning information kept as an intel note with its source protected."""

from __future__ import annotations

import math
import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from siaga.community.choices import Audience, PositionCheck, VisitKind
from siaga.community.models import Aspiration, AspirationEvent, Beat, Campaign, EarlyWarning, Tokoh, Visit
from siaga.community.services.beats import desa_in_unit
from siaga.core import access
from siaga.core.errors import ServiceError
from siaga.core.images import ImageRejected, image_reencode

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_CLOCK_SKEW = timedelta(minutes=10)
MAX_BACKDATE = timedelta(days=7)
GPS_SLACK_M = 150


class VisitError(ServiceError):
    """A visit that cannot be accepted (message for the officer, Bahasa Indonesia)."""


def visit_record(*, actor, client_id, desa, kind: str = VisitKind.SAMBANG, beat=None, at=None, **data):
    """Record a visit; a replay with the same client id returns the first one (created=False)."""
    client_id = _uuid(client_id)
    existing = Visit.objects.filter(client_id=client_id).first()
    if existing is not None:
        access.require(actor, "community.visit", existing)
        if existing.officer_id != getattr(actor, "pk", None) and actor is not access.SYSTEM:
            raise VisitError("ID klien ini sudah dipakai untuk kunjungan lain.", 409)
        return existing, False
    beat = beat or _own_beat(actor, desa)
    unit = beat.unit if beat is not None else getattr(actor, "unit", None)
    access.require(actor, "community.visit", unit=unit)
    if not desa_in_unit(desa, unit) and (beat is None or beat.desa_id != desa.pk):
        raise VisitError("Desa ini di luar wilayah satuan Anda.", 422)
    if beat is not None and beat.desa_id != desa.pk:
        raise VisitError("Wilayah binaan tidak berada di desa yang dipilih.", 422)
    visit = _build(actor, client_id, desa, kind, beat, unit, _when(at), data)
    tokoh = _tokoh(actor, desa, data.get("tokoh_ids") or [])
    campaigns = _campaigns(actor, data.get("campaign_ids") or [])
    try:
        with transaction.atomic():
            visit.save()
            visit.tokoh.set(tokoh)
            visit.campaigns.set(campaigns)
            _extras(actor, visit, data)
    except IntegrityError:
        existing = Visit.objects.filter(client_id=client_id).first()
        if existing is None:
            raise
        return existing, False
    return visit, True


def _uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise VisitError("ID klien kunjungan harus berupa UUID.", 422) from exc


def _when(at):
    now = timezone.now()
    at = at or now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + MAX_CLOCK_SKEW or at < now - MAX_BACKDATE:
        raise VisitError("Waktu kunjungan tidak wajar; periksa jam perangkat.", 422)
    return at


def _own_beat(actor, desa):
    """The actor's own beat in the desa (an RW beat before the desa beat), if any."""
    if desa is None or actor is access.SYSTEM:
        return None
    beats = Beat.objects.filter(desa=desa, officer=actor).order_by("-kind")
    return beats.first() or Beat.objects.filter(desa=desa, kind="desa").first()


def _build(actor, client_id, desa, kind, beat, unit, at, data) -> Visit:
    if kind not in VisitKind.values:
        raise VisitError("Jenis kunjungan tidak dikenal.", 422)
    audience = data.get("audience") or Audience.WARGA
    if audience not in Audience.values:
        raise VisitError("Sasaran kunjungan tidak dikenal.", 422)
    headcount = int(data.get("headcount") or 1)
    if not 1 <= headcount <= 10000:
        raise VisitError("Jumlah orang harus 1 sampai 10.000.", 422)
    lat, lon = data.get("lat"), data.get("lon")
    if (lat is None) != (lon is None):
        raise VisitError("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya.", 422)
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise VisitError("Koordinat posisi tidak sah.", 422)
    check, distance = position_check(beat, desa, lat, lon, data.get("accuracy_m"))
    visit = Visit(
        client_id=client_id,
        unit=unit,
        officer=access.acting_user(actor),
        beat=beat,
        desa=desa,
        kind=kind,
        at=at,
        lat=lat,
        lon=lon,
        accuracy_m=data.get("accuracy_m"),
        position_check=check,
        distance_m=distance,
        audience=audience,
        headcount=headcount,
        topics=(data.get("topics") or "").strip()[:250],
        himbauan=(data.get("himbauan") or "").strip()[:2000],
        note=(data.get("note") or "").strip()[:2000],
        is_demo=bool(data.get("is_demo")),
    )
    if data.get("photo") is not None:
        visit.photo = _check_photo(data["photo"])
    return visit


def position_check(beat, desa, lat, lon, accuracy_m=None) -> tuple[str, int | None]:
    """Inside or outside the beat: within its drawn outline, else within its radius of its centre (plus the GPS
    accuracy and some slack). Returns (check, distance in metres from the centre)."""
    if lat is None:
        return PositionCheck.UNKNOWN, None
    c_lat = beat.lat if beat is not None and beat.lat is not None else desa.lat
    c_lon = beat.lon if beat is not None and beat.lon is not None else desa.lon
    if c_lat is None or c_lon is None:
        return PositionCheck.UNKNOWN, None
    distance = int(_metres(lat, lon, c_lat, c_lon))
    if beat is not None and beat.boundary and _inside(beat.boundary, lat, lon):
        return PositionCheck.INSIDE, distance
    radius = (beat.radius_m if beat is not None else 2000) + min(accuracy_m or 0, 500) + GPS_SLACK_M
    return (PositionCheck.INSIDE if distance <= radius else PositionCheck.OUTSIDE), distance


def _metres(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(min(1.0, a)))


def _inside(geometry: dict, lat: float, lon: float) -> bool:
    """Point in a GeoJSON Polygon/MultiPolygon (outer rings, ray casting)."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        ring = polygon[0] if polygon else []
        inside = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=False):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / ((y2 - y1) or 1e-12) + x1:
                inside = not inside
        if inside:
            return True
    return False


def _tokoh(actor, desa, ids) -> list[Tokoh]:
    found = list(Tokoh.objects.restrict(actor).filter(pk__in=[int(i) for i in ids])) if ids else []
    if len(found) != len(set(map(int, ids))):
        raise VisitError("Ada tokoh yang tidak dikenal atau di luar cakupan Anda.", 422)
    return found


def _campaigns(actor, ids) -> list[Campaign]:
    from siaga.community.selectors import inherited

    found = list(inherited(Campaign, actor).filter(pk__in=[int(i) for i in ids])) if ids else []
    if len(found) != len(set(map(int, ids))):
        raise VisitError("Ada kampanye himbauan yang tidak dikenal atau di luar cakupan Anda.", 422)
    return found


def _extras(actor, visit: Visit, data: dict) -> None:
    """The early-warning note and the aspirations heard, written with the visit (same transaction)."""
    warning = (data.get("early_warning") or "").strip()
    if warning:
        EarlyWarning.objects.create(
            visit=visit,
            unit=visit.unit,
            text=warning[:4000],
            source=(data.get("early_warning_source") or "")[:250],
            is_demo=visit.is_demo,
        )
    for item in data.get("aspirations") or []:
        text = (item.get("text") or "").strip()
        if not text:
            continue
        aspiration = Aspiration.objects.create(
            unit=visit.unit,
            desa=visit.desa,
            visit=visit,
            kind=item.get("kind") or "aspirasi",
            topic=item.get("topic") or "lainnya",
            text=text[:4000],
            resident=(item.get("resident") or "")[:150],
            recorded_by=access.acting_user(actor),
            is_demo=visit.is_demo,
        )
        AspirationEvent.objects.create(aspiration=aspiration, new="recorded", actor=access.acting_user(actor))


def _check_photo(photo):
    if photo.size > MAX_PHOTO_BYTES:
        raise VisitError(f"Foto terlalu besar (maksimal {MAX_PHOTO_BYTES // (1024 * 1024)} MB).", 422)
    try:
        encoded, _ = image_reencode(photo, stem="foto")
    except ImageRejected as exc:
        raise VisitError("Berkas foto tidak dapat dibaca sebagai gambar JPEG, PNG atau WebP.", 422) from exc
    return encoded
