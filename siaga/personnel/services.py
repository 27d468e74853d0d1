"""Writes of the personnel register: import, edit, availability, TNI/Linmas strength."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from siaga.core import access
from siaga.core.audit import audit_record
from siaga.core.jobs import JobError, job_enqueue
from siaga.personnel.importer import CleanRow, ImportFileError, RowValidator, read_table
from siaga.personnel.models import Personnel, SupportStrength, Unavailability
from siaga.units.models import Unit

IMPORT_FIELDS = ("name", "rank", "unit_id", "function", "home_lat", "home_lon", "phone")
Progress = Callable[[int, int, str], None]


def _require(user, perm: str = "personnel.change") -> None:
    # only the personnel import (moving onto siaga.core.imports) still calls this; other services use access.require
    access.require(user, perm)


def personnel_import_enqueue(*, user, filename: str, content: bytes):
    """Store the upload and start the import as a background job (progress at /pekerjaan/<id>/)."""
    _require(user)
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    stored = default_storage.save(f"imports/personel/{uuid.uuid4().hex}.{suffix}", ContentFile(content))
    return job_enqueue(
        kind="personnel_import",
        title=f"Impor personel: {filename}",
        runner="siaga.personnel.services.personnel_import_runner",
        params={"stored": stored, "filename": filename, "user_id": user.pk},
        user=user,
    )


def personnel_import_runner(job, *, stored: str, filename: str, user_id: int) -> dict:
    from siaga.accounts.models import User

    user = User.objects.select_related("unit").get(pk=user_id)
    try:
        with default_storage.open(stored, "rb") as fh:
            content = fh.read()
        return personnel_import(user=user, filename=filename, content=content, progress=job.report_progress)
    finally:
        default_storage.delete(stored)


def personnel_import(*, user, filename: str, content: bytes, progress: Progress | None = None) -> dict:
    """Validate every row first; write all rows in one transaction or nothing. Idempotent by NRP."""
    _require(user)
    try:
        rows = read_table(filename, content)
    except ImportFileError as exc:
        raise JobError(str(exc), errors=[{"row": 1, "column": "", "message": str(exc)}]) from exc
    if not rows:
        raise JobError("Berkas tidak berisi baris data.")
    clean = _validate(user, rows, progress)
    if progress:
        progress(len(rows), len(rows), "Menyimpan…")
    created, updated = _write(clean)
    audit_record(
        action="import",
        model="personnel.Personnel",
        object_repr=filename,
        changes={"rows": len(clean), "created": created, "updated": updated},
        note=f"Impor personel dari {filename}",
    )
    summary = f"{len(clean)} baris diimpor: {created} personel baru, {updated} diperbarui."
    return {"message": summary, "summary": summary, "created": created, "updated": updated}


def _validate(user, rows, progress: Progress | None) -> list[CleanRow]:
    units = {}
    for unit in Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS).only("pk", "code", "name"):
        units[unit.code.lower()] = unit.pk
        units[unit.name.lower()] = unit.pk
    nrps = {cells.get("NRP", "") for _, cells in rows}
    in_scope = set(Personnel.objects.restrict(user).filter(nrp__in=nrps).values_list("nrp", flat=True))
    everywhere = set(Personnel.objects.filter(nrp__in=nrps).values_list("nrp", flat=True))
    validator = RowValidator(units=units, foreign_nrps=everywhere - in_scope)
    clean = []
    for i, (number, cells) in enumerate(rows, start=1):
        row = validator.validate(number, cells)
        if row is not None:
            clean.append(row)
        if progress and i % 250 == 0:
            progress(i, len(rows), f"Memeriksa baris {i} dari {len(rows)}…")
    if validator.errors:
        n = len({e["row"] for e in validator.errors})
        raise JobError(f"{n} baris bermasalah; tidak ada data yang disimpan.", errors=validator.errors)
    return clean


@transaction.atomic
def _write(clean: list[CleanRow]) -> tuple[int, int]:
    existing = {p.nrp: p for p in Personnel.objects.select_for_update().filter(nrp__in=[r.nrp for r in clean])}
    new, changed = [], []
    for row in clean:
        values = {f: getattr(row, f) for f in IMPORT_FIELDS}
        person = existing.get(row.nrp)
        if person is None:
            new.append(Personnel(nrp=row.nrp, **values))
        elif any(getattr(person, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(person, f, v)
            changed.append(person)
    Personnel.objects.bulk_create(new, batch_size=500)
    Personnel.objects.bulk_update(changed, IMPORT_FIELDS, batch_size=500)
    return len(new), len(changed)


def personnel_update(*, user, personnel: Personnel, data: dict) -> Personnel:
    """Save an edited officer (data from PersonnelForm.cleaned_data); the unit must be in the user's scope."""
    access.require(user, "personnel.change", personnel)
    unit = data.get("unit")
    if unit is not None and not access.in_scope(user, unit):
        raise ValidationError({"unit": "Satuan di luar cakupan Anda."})
    for field, value in data.items():
        setattr(personnel, field, value)
    personnel.full_clean()
    personnel.save()
    return personnel


def unavailability_add(*, user, personnel: Personnel, start, end, reason: str, note: str = "") -> Unavailability:
    access.require(user, "personnel.change", personnel)
    if end < start:
        raise ValidationError({"end": "Tanggal selesai tidak boleh sebelum tanggal mulai."})
    return Unavailability.objects.create(personnel=personnel, start=start, end=end, reason=reason, note=note)


def unavailability_delete(*, user, unavailability: Unavailability) -> None:
    access.require(user, "personnel.change", unavailability)
    unavailability.delete()


def support_strength_set(*, user, agency: str, unit: Unit, count: int, desa=None, note: str = "", is_demo=False):
    """Set (create or replace) the TNI or Linmas count for a unit, or for one desa of it."""
    access.require(user, "personnel.change", unit=unit)
    obj, _ = SupportStrength.objects.update_or_create(
        agency=agency, unit=unit, desa=desa, defaults={"count": count, "note": note, "is_demo": is_demo}
    )
    return obj
