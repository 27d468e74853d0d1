"""Intel notes (catatan intelijen) on a TPS or a whole desa; each changes the score of the TPS concerned."""

from django.core.exceptions import ValidationError
from django.db import transaction

from siaga.core import access
from siaga.risk.models import IntelNote
from siaga.risk.services.scope import desa_require
from siaga.stations.models import Station


def _recompute(note: IntelNote) -> None:
    from siaga.risk.services.compute import categories_recompute

    if note.station_id:
        ids = [note.station_id]
    else:
        ids = list(
            Station.objects.filter(election_id=note.election_id, desa_id=note.desa_id).values_list("pk", flat=True)
        )
    categories_recompute(election=note.election, station_ids=ids)


def intel_note_create(*, election, text: str, severity: int, actor, station=None, desa=None, valid_until=None):
    """A note on a TPS (owned by the TPS's unit) or on a desa (owned by the author's unit)."""
    unit = station.unit if station is not None and station.unit_id else getattr(actor, "unit", None)
    access.require(actor, "risk.notes", station, unit=None if station is not None else unit)
    if station is None and desa is not None:
        desa_require(actor, desa)
    if station is not None and station.election_id != election.pk:
        raise ValidationError("TPS ini bukan bagian dari pemilihan tersebut.")
    if not (text or "").strip():
        raise ValidationError({"text": "Isi catatan wajib diisi."})
    if station is None and desa is None:
        raise ValidationError("Catatan harus untuk satu TPS atau satu desa.")
    if int(severity) not in IntelNote.Severity.values:
        raise ValidationError({"severity": "Tingkat tidak dikenal."})
    with transaction.atomic():
        note = IntelNote.objects.create(
            election=election, station=station, desa=desa if station is None else station.desa,
            severity=int(severity), text=text.strip(), valid_until=valid_until,
            author=None if actor is access.SYSTEM else actor, unit=unit,
        )  # fmt: skip
        _recompute(note)
    return note


def intel_note_delete(*, note: IntelNote, actor) -> None:
    access.require(actor, "risk.notes", note)
    with transaction.atomic():
        note.delete()
        _recompute(note)
