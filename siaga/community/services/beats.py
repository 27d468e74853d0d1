"""Beats (desa, RW, RT with their officers) and the tokoh register."""

from __future__ import annotations

import re

from django.db import transaction

from siaga.community.choices import BeatKind, TokohKind
from siaga.community.models import Beat, Tokoh
from siaga.community.selectors import jurisdiction_roots
from siaga.core import access
from siaga.core.errors import ServiceError

PHONE_RE = re.compile(r"^(\+62|62|0)8\d{7,11}$")


def desa_in_unit(desa, unit) -> bool:
    """Whether the desa lies in the unit's jurisdiction (its regions or, for a unit without any, its parent's)."""
    if desa is None or getattr(desa, "level", None) != 4:
        return False
    return any(desa.code == r.code or desa.code.startswith(r.code + ".") for r in jurisdiction_roots(unit))


def clean_phone(phone: str) -> str:
    phone = re.sub(r"[\s\-().]", "", phone or "")
    if phone and not PHONE_RE.match(phone):
        raise ServiceError("Nomor telepon tidak sah (contoh: 081234567890).", 422, "phone")
    return phone


def _check_place(unit, desa) -> None:
    if unit is None or not unit.is_police:
        raise ServiceError("Pilih satuan Polri.", 422, "unit")
    if not desa_in_unit(desa, unit):
        raise ServiceError("Desa ini di luar wilayah hukum satuan tersebut.", 422, "desa")


def _check_officer(officer, unit) -> None:
    if officer is None:
        return
    if officer.role not in ("field", "kapolsek", "intel", "ops") or officer.unit_id is None:
        raise ServiceError("Petugas harus personel Polri yang memiliki akun.", 422, "officer")
    root = unit.parent if unit.kind == "polsek" and unit.parent_id else unit
    if not officer.unit.path.startswith(root.path):
        raise ServiceError("Petugas berasal dari satuan di luar Polres ini.", 422, "officer")


def beat_save(*, actor, unit, desa, beat: Beat | None = None, kind: str = BeatKind.DESA, **fields) -> Beat:
    """Create or change a beat. A desa beat has no RW; an RW beat names its RW (and optionally its RT)."""
    if beat is not None:
        access.require(actor, "community.change", beat)
    access.require(actor, "community.change", unit=unit)
    _check_place(unit, desa)
    if kind not in BeatKind.values:
        raise ServiceError("Jenis wilayah binaan tidak dikenal.", 422, "kind")
    rw, rt = (fields.pop("rw", "") or "").strip(), (fields.pop("rt", "") or "").strip()
    if kind == BeatKind.DESA:
        rw, rt = "", ""
    elif not rw or (kind == BeatKind.RT and not rt):
        raise ServiceError("Isi nomor RW (dan RT untuk wilayah RT).", 422, "rw")
    _check_officer(fields.get("officer"), unit)
    fields["babinsa_phone"] = clean_phone(fields.get("babinsa_phone", ""))
    clash = Beat.objects.filter(desa=desa, rw=rw, rt=rt).exclude(pk=getattr(beat, "pk", None))
    if clash.exists():
        raise ServiceError("Wilayah binaan ini sudah terdaftar.", 409, "rw")
    beat = beat or Beat()
    beat.unit, beat.desa, beat.kind, beat.rw, beat.rt = unit, desa, kind, rw, rt
    for name, value in fields.items():
        setattr(beat, name, value)
    if beat.lat is None and desa.lat is not None:
        beat.lat, beat.lon = desa.lat, desa.lon
    with transaction.atomic():
        beat.save()
    return beat


def tokoh_save(*, actor, unit, desa, name: str, kind: str, tokoh: Tokoh | None = None, **fields) -> Tokoh:
    """Create or change a tokoh. Only an intelligence role may write the intel note; contact fields need
    community.contact (a role without it keeps the stored value)."""
    if tokoh is not None:
        access.require(actor, "community.change", tokoh)
    access.require(actor, "community.change", unit=unit)
    _check_place(unit, desa)
    name = (name or "").strip()
    if not name:
        raise ServiceError("Nama tokoh wajib diisi.", 422, "name")
    if kind not in TokohKind.values:
        raise ServiceError("Jenis tokoh tidak dikenal.", 422, "kind")
    influence = int(fields.pop("influence", 3) or 3)
    if not 1 <= influence <= 5:
        raise ServiceError("Pengaruh harus 1 sampai 5.", 422, "influence")
    if "intel_note" in fields and not access.can(actor, "community.intel"):
        fields.pop("intel_note")
    for key in ("phone", "address"):
        if key in fields and not access.can(actor, "community.contact"):
            fields.pop(key)
    if "phone" in fields:
        fields["phone"] = clean_phone(fields["phone"])
    beat = fields.get("beat")
    if beat is not None and beat.desa_id != desa.pk:
        raise ServiceError("RW yang dipilih tidak berada di desa tokoh.", 422, "beat")
    tokoh = tokoh or Tokoh()
    tokoh.unit, tokoh.desa, tokoh.name, tokoh.kind, tokoh.influence = unit, desa, name[:150], kind, influence
    for key, value in fields.items():
        setattr(tokoh, key, value)
    with transaction.atomic():
        tokoh.save()
    return tokoh


def tokoh_intel_note(*, actor, tokoh: Tokoh, text: str) -> Tokoh:
    """Satintelkam writes the tokoh's intel note (read by intelligence roles only)."""
    access.require(actor, "community.intel", tokoh)
    Tokoh.objects.filter(pk=tokoh.pk).update(intel_note=(text or "").strip()[:4000])
    tokoh.refresh_from_db(fields=["intel_note"])
    return tokoh
