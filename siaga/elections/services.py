"""Writes for elections, stages, candidates, operations and calendar events."""

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from siaga.core.audit import audit_record
from siaga.elections.models import CalendarEvent, Candidate, Election, Operation, Stage
from siaga.regions.models import Region

DATA_DIR = Path(__file__).parent / "data"
STAGE_TEMPLATES = {"pemilu_2024": "pemilu_2024.json", "pilkada_2024": "pilkada_2024.json"}


@cache
def stage_template(code: str) -> dict:
    if code not in STAGE_TEMPLATES:
        raise ValidationError(f"Templat tahapan '{code}' tidak dikenal.")
    return json.loads((DATA_DIR / STAGE_TEMPLATES[code]).read_text())


def stage_templates() -> list[dict]:
    return [stage_template(code) for code in STAGE_TEMPLATES]


def _check_scope(*, type: str, regions: list[Region]) -> None:
    if not regions:
        raise ValidationError("Cakupan wilayah pemilihan wajib diisi.")
    if type == Election.Type.PILKADES and (len(regions) != 1 or regions[0].level != Region.Level.DESA):
        raise ValidationError("Pilkades harus mencakup tepat satu desa.")


@transaction.atomic
def election_create(*, name: str, type: str, unit, regions: list[Region], voting_day: date, is_demo=False) -> Election:
    _check_scope(type=type, regions=regions)
    election = Election.objects.create(name=name, type=type, unit=unit, voting_day=voting_day, is_demo=is_demo)
    election.regions.set(regions)
    return election


@transaction.atomic
def election_apply_template(*, election: Election, template_code: str, replace: bool = True) -> list[Stage]:
    """Create the election's stages from a shipped template. Dates shift with the election's voting day
    when it differs from the template's (e.g. a re-run or a later Pilkada under the same rules)."""
    template = stage_template(template_code)
    shift = election.voting_day - date.fromisoformat(template["voting_day"])
    if replace:
        election.stages.filter(code__in=[s["code"] for s in template["stages"]]).delete()
    stages = Stage.objects.bulk_create(
        [
            Stage(
                election=election,
                code=row["code"],
                name=row["name"],
                start=date.fromisoformat(row["start"]) + shift,
                end=date.fromisoformat(row["end"]) + shift,
                is_critical=row.get("critical", False),
            )
            for row in template["stages"]
        ]
    )
    audit_record(
        action="action",
        model="elections.Election",
        object_id=election.pk,
        object_repr=election,
        changes={"template": template_code, "stages": len(stages), "shift_days": shift.days},
        note=f"Tahapan dari templat {template['name']}",
    )
    return stages


def _check_dates(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("Tanggal selesai tidak boleh sebelum tanggal mulai.")


def stage_create(*, election: Election, name: str, start: date, end: date, is_critical=False, code="") -> Stage:
    _check_dates(start, end)
    return Stage.objects.create(election=election, name=name, start=start, end=end, is_critical=is_critical, code=code)


@transaction.atomic
def pilkades_stage_create(
    *, elections, kabupaten: Region, name: str, start: date, end: date, is_critical=False
) -> list[Stage]:
    """A Pilkades stage set by the kabupaten (Perbup) applies to every Pilkades in that kabupaten."""
    _check_dates(start, end)
    targets = [
        e
        for e in elections.filter(
            type=Election.Type.PILKADES, regions__code__startswith=kabupaten.code + "."
        ).distinct()
    ]
    if not targets:
        raise ValidationError(f"Belum ada Pilkades di {kabupaten.name} dalam cakupan Anda.")
    return [stage_create(election=e, name=name, start=start, end=end, is_critical=is_critical) for e in targets]


def candidate_create(*, election: Election, number: int, name: str, parties: str = "", is_demo=False) -> Candidate:
    if election.type == Election.Type.PEMILU:
        raise ValidationError("Calon hanya dicatat untuk Pilkada dan Pilkades.")
    if election.candidates.filter(number=number).exists():
        raise ValidationError(f"Nomor urut {number} sudah dipakai.")
    return Candidate.objects.create(election=election, number=number, name=name, parties=parties, is_demo=is_demo)


@transaction.atomic
def operation_create(*, name: str, unit, start: date, end: date, elections=(), units=(), is_demo=False) -> Operation:
    _check_dates(start, end)
    operation = Operation.objects.create(name=name, unit=unit, start=start, end=end, is_demo=is_demo)
    operation.elections.set(elections)
    operation.units.set(units or [unit])
    return operation


def calendar_event_create(
    *, unit, title: str, start: date, end: date, kind=CalendarEvent.Kind.OTHER, location="", is_demo=False
) -> CalendarEvent:
    _check_dates(start, end)
    if end - start > timedelta(days=366):
        raise ValidationError("Agenda lokal paling lama satu tahun.")
    return CalendarEvent.objects.create(
        unit=unit, title=title, kind=kind, start=start, end=end, location=location, is_demo=is_demo
    )
