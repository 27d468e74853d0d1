"""Import TPS files: validate everything, then write in one transaction (all or nothing); re-importing the
same file updates TPS in place, keyed by election + desa + TPS number."""

import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from siaga.core.audit import audit_record
from siaga.core.context import Actor, reset_actor, set_actor
from siaga.core.jobs import JobError, job_enqueue
from siaga.stations.importer.reader import FileFormatError, read_rows
from siaga.stations.importer.validate import TpsRow, validate_file
from siaga.stations.models import Station
from siaga.units.selectors import polsek_by_desa

WRITE_FIELDS = [
    "address",
    "lat",
    "lon",
    "voters_male",
    "voters_female",
    "voters_disabled",
    "special_type",
    "unit",
]
ALLOWED_SUFFIXES = (".csv", ".xlsx")


def _noop(*args, **kwargs) -> None:
    return None


def station_import_file(*, election, path, filename: str, progress: Callable = _noop) -> dict:
    started = time.perf_counter()
    try:
        total, rows = read_rows(path, filename)
    except FileFormatError as exc:
        raise JobError(str(exc), errors=[{"row": "", "column": "", "message": str(exc)}]) from exc
    progress(0, total, "Membaca berkas…")
    valid, errors, info = validate_file(election=election, total=total, rows=rows, progress=progress)
    if errors:
        rows_bad = len({e["row"] for e in errors})
        raise JobError(
            f"Berkas ditolak: {len(errors)} kesalahan pada {rows_bad} baris. Tidak ada data yang disimpan.", errors
        )
    if not valid:
        raise JobError(
            "Berkas tidak berisi baris TPS.", [{"row": "", "column": "", "message": "Tidak ada baris data."}]
        )
    progress(total, total, f"Menyimpan {len(valid)} TPS…")
    result = station_import_write(election=election, rows=valid, filename=filename)
    result["seconds"] = round(time.perf_counter() - started, 3)
    result["ignored_columns"] = info.get("ignored_columns", [])
    return result


def _polsek_map(election, desa_codes: set[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for kab in sorted({".".join(code.split(".")[:2]) for code in desa_codes}):
        mapping.update(polsek_by_desa(kabupaten_code=kab))
    return mapping


def _apply(station: Station, row: TpsRow, unit_id: int) -> bool:
    new = {
        "address": row.address,
        "lat": row.lat,
        "lon": row.lon,
        "voters_male": row.voters_male,
        "voters_female": row.voters_female,
        "voters_disabled": row.voters_disabled,
        "special_type": row.special_type,
        "unit_id": unit_id,
    }
    changed = any(getattr(station, key) != value for key, value in new.items())
    for key, value in new.items():
        setattr(station, key, value)
    return changed


def station_import_write(*, election, rows: list[TpsRow], filename: str = "") -> dict:
    polsek = _polsek_map(election, {r.desa for r in rows})
    existing = {
        (s.desa_id, s.number): s
        for s in Station.objects.filter(election=election).only("id", "desa_id", "number", *WRITE_FIELDS)
    }
    created, updated = [], []
    for row in rows:
        station = existing.get((row.desa, row.number))
        unit_id = polsek.get(row.desa, election.unit_id)
        if station is None:
            created.append(Station(election=election, desa_id=row.desa, number=row.number))
            _apply(created[-1], row, unit_id)
        elif _apply(station, row, unit_id):
            updated.append(station)
    with transaction.atomic():
        Station.objects.bulk_create(created, batch_size=2000)
        Station.objects.bulk_update(updated, WRITE_FIELDS, batch_size=1000)
        summary = {"rows": len(rows), "created": len(created), "updated": len(updated)}
        audit_record(
            action="import",
            model="stations.Station",
            object_id=election.pk,
            object_repr=election,
            changes=summary,
            note=f"Impor TPS dari {filename}"[:500],
        )
    unchanged = len(rows) - len(created) - len(updated)
    message = f"{len(rows)} baris: {len(created)} TPS baru, {len(updated)} diperbarui, {unchanged} tidak berubah."
    return {**summary, "unchanged": unchanged, "message": "Impor selesai.", "summary": message}


def station_import_run(job, *, election_id: int, path: str, filename: str) -> dict:
    """Job runner (siaga.core.jobs): imports the uploaded file, then deletes it."""
    from siaga.elections.models import Election

    token = set_actor(Actor(user_id=job.created_by_id, channel="impor"))
    try:
        election = Election.objects.get(pk=election_id)
        return station_import_file(election=election, path=path, filename=filename, progress=job.report_progress)
    finally:
        reset_actor(token)
        Path(path).unlink(missing_ok=True)


def station_import_enqueue(*, election, upload, user):
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError("Format berkas tidak didukung: unggah .xlsx atau .csv.")
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return job_enqueue(
        kind="stations.import",
        title=f"Impor TPS {election.name} ({upload.name})"[:200],
        runner="siaga.stations.importer.service.station_import_run",
        params={"election_id": election.pk, "path": str(path), "filename": upload.name},
        user=user,
    )
