"""Check-ins from the field: idempotent by the client's UUID, photo checked for size and type."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from siaga.core import access
from siaga.core.images import ImageRejected, image_reencode
from siaga.patrols.choices import PositionSource
from siaga.patrols.models import PatrolCheckin

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_CLOCK_SKEW = timedelta(minutes=10)
MAX_BACKDATE = timedelta(days=3)


class CheckinError(Exception):
    """A check-in that cannot be accepted; the message is for the officer (Bahasa Indonesia)."""


def patrol_checkin_record(
    *,
    user,
    client_id,
    team,
    obj,
    stop=None,
    at=None,
    lat=None,
    lon=None,
    accuracy_m=None,
    note: str = "",
    photo=None,
    is_demo: bool = False,
) -> tuple[PatrolCheckin, bool]:
    """Record a check-in; a retry with the same ``client_id`` returns the first one (created=False)."""
    checkin_require(user, team)
    client_id = _uuid(client_id)
    existing = PatrolCheckin.objects.filter(client_id=client_id).first()
    if existing is not None:
        return _same_sender(existing, user), False
    _validate(user=user, team=team, obj=obj, stop=stop, lat=lat, lon=lon)
    now = timezone.now()
    at = at or now
    if timezone.is_naive(at):  # a phone's clock time without an offset is local time (WIB)
        at = timezone.make_aware(at)
    if at > now + MAX_CLOCK_SKEW or at < now - MAX_BACKDATE:
        raise CheckinError("Waktu check-in tidak wajar; periksa jam perangkat.")
    if photo is not None:
        photo = _check_photo(photo)
    checkin = PatrolCheckin(
        client_id=client_id,
        team=team,
        object=obj,
        stop=stop,
        user=user,
        at=at,
        lat=lat,
        lon=lon,
        accuracy_m=accuracy_m,
        note=(note or "").strip()[:2000],
        is_demo=is_demo,
        position_source=_source(lat, accuracy_m),
    )
    if photo is not None:
        checkin.photo = photo
    try:
        with transaction.atomic():
            checkin.save()
    except IntegrityError:
        existing = PatrolCheckin.objects.filter(client_id=client_id).first()
        if existing is None:
            raise
        return _same_sender(existing, user), False
    return checkin, True


def _uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise CheckinError("ID klien check-in harus berupa UUID.") from exc


def _same_sender(existing: PatrolCheckin, user) -> PatrolCheckin:
    if existing.user_id != user.pk:
        raise CheckinError("ID klien ini sudah dipakai untuk check-in lain.")
    return existing


def checkin_allowed(user, team) -> bool:
    """Members check in for their own team (``patrols.checkin``: every police role and partners; being a member
    is the scope); planners record for any team of their unit's subtree (``patrols.change`` on the team)."""
    if access.can(user, "patrols.change", team):
        return True
    if not access.can(user, "patrols.checkin"):
        return False
    return user is access.SYSTEM or team.members.filter(pk=user.pk).exists()


def checkin_require(user, team) -> None:
    if not checkin_allowed(user, team):
        raise PermissionDenied("Anda bukan anggota tim ini sehingga tidak dapat check-in untuknya.")


def _validate(*, user, team, obj, stop, lat, lon) -> None:
    if stop is not None and (stop.team_id != team.pk or stop.object_id != obj.pk):
        raise CheckinError("Titik patroli tidak cocok dengan tim dan objek.")
    if (lat is None) != (lon is None):
        raise CheckinError("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya.")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CheckinError("Koordinat posisi tidak sah.")


def _source(lat, accuracy_m) -> str:
    if lat is None:
        return PositionSource.NONE
    return PositionSource.GPS if accuracy_m is not None else PositionSource.TYPED


def _check_photo(photo):
    """The photo decoded and encoded again (siaga.core.images): a real JPEG/PNG/WebP named by its verified type."""
    if photo.size > MAX_PHOTO_BYTES:
        raise CheckinError(f"Foto terlalu besar (maksimal {MAX_PHOTO_BYTES // (1024 * 1024)} MB).")
    try:
        encoded, _ = image_reencode(photo, stem="foto")
    except ImageRejected as exc:
        raise CheckinError("Berkas foto tidak dapat dibaca sebagai gambar JPEG, PNG atau WebP.") from exc
    return encoded
