"""Writes for elections, stages, candidates, operations and calendar events."""

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from siaga.core import access
from siaga.core.audit import audit_record
from siaga.elections.models import CalendarEvent, Candidate, Election, Operation, Stage
from siaga.regions.models import Region
from siaga.regions.selectors import jurisdiction_regions

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


def _check_actor(actor, obj=None, *, regions=(), units=()) -> None:
    """The actor needs ``elections.change`` (roles at Polres level or above) on ``obj`` (or on its own unit for a new
    record), may only use regions of their jurisdiction and police units of their own subtree."""
    owner = units[0] if units else None
    access.require(actor, "elections.change", obj, unit=owner if obj is None else None)
    if actor is access.SYSTEM or access.is_admin(actor):
        return
    allowed = set(jurisdiction_regions(user=actor).values_list("code", flat=True))
    outside = sorted(str(r) for r in regions if r.code not in allowed)
    if outside:
        raise ValidationError(f"Di luar wilayah hukum Anda: {', '.join(outside)}.")
    if any(not access.in_scope(actor, u) for u in units):
        raise ValidationError("Satuan yang dipilih berada di luar cakupan Anda.")


@transaction.atomic
def election_create(
    *, name: str, type: str, unit, regions: list[Region], voting_day: date, actor, is_demo=False
) -> Election:
    _check_actor(actor, regions=regions, units=[unit])
    _check_scope(type=type, regions=regions)
    election = Election.objects.create(name=name, type=type, unit=unit, voting_day=voting_day, is_demo=is_demo)
    election.regions.set(regions)
    return election


@transaction.atomic
def election_update(
    *, election: Election, actor, name: str, type: str, unit, regions: list[Region], voting_day: date
) -> Election:
    _check_actor(actor, election, regions=regions, units=[unit])
    _check_scope(type=type, regions=regions)
    if type == Election.Type.PEMILU and election.candidates.exists():
        raise ValidationError("Pemilu tidak mencatat calon: hapus dulu calon pemilihan ini sebelum mengubah jenisnya.")
    election.name, election.type, election.unit, election.voting_day = name, type, unit, voting_day
    election.full_clean()
    election.save()
    election.regions.set(regions)
    return election


@transaction.atomic
def election_apply_template(*, election: Election, template_code: str, actor, replace: bool = True) -> list[Stage]:
    """Create the election's stages from a shipped template. Dates shift with the election's voting day
    when it differs from the template's (e.g. a re-run or a later Pilkada under the same rules)."""
    _check_actor(actor, election)
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


def stage_create(*, election: Election, name: str, start: date, end: date, actor, is_critical=False, code="") -> Stage:
    _check_actor(actor, election)
    _check_dates(start, end)
    return Stage.objects.create(election=election, name=name, start=start, end=end, is_critical=is_critical, code=code)


@transaction.atomic
def pilkades_stage_create(
    *, elections, kabupaten: Region, name: str, start: date, end: date, actor, is_critical=False
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
    return [
        stage_create(election=e, name=name, start=start, end=end, is_critical=is_critical, actor=actor) for e in targets
    ]


def _check_candidate(*, election: Election, number: int, exclude_pk: int | None = None) -> None:
    if election.type == Election.Type.PEMILU:
        raise ValidationError("Calon hanya dicatat untuk Pilkada dan Pilkades.")
    if number < 1:
        raise ValidationError("Nomor urut calon dimulai dari 1.")
    if election.candidates.filter(number=number).exclude(pk=exclude_pk).exists():
        raise ValidationError(f"Nomor urut {number} sudah dipakai.")


def candidate_create(
    *, election: Election, number: int, name: str, actor, parties: str = "", is_demo=False
) -> Candidate:
    """A candidate (pair) of a Pilkada, or a candidate kepala desa of a Pilkades (its election's single desa)."""
    _check_actor(actor, election)
    _check_candidate(election=election, number=number)
    candidate = Candidate.objects.create(election=election, number=number, name=name, parties=parties, is_demo=is_demo)
    if actor is not access.SYSTEM:
        audit_record(action="create", model="elections.Candidate", object_id=candidate.pk, object_repr=candidate)
    return candidate


def candidate_update(*, candidate: Candidate, actor, number: int, name: str, parties: str = "") -> Candidate:
    _check_actor(actor, candidate.election)
    _check_candidate(election=candidate.election, number=number, exclude_pk=candidate.pk)
    candidate.number, candidate.name, candidate.parties = number, name, parties
    candidate.save()
    audit_record(
        action="update",
        model="elections.Candidate",
        object_id=candidate.pk,
        object_repr=candidate,
        changes={"number": number, "name": name, "parties": parties},
    )
    return candidate


def _check_operation(*, actor, operation=None, unit, start: date, end: date, units) -> None:
    _check_actor(actor, operation, units=[unit, *units])
    _check_dates(start, end)


@transaction.atomic
def operation_create(
    *, name: str, unit, start: date, end: date, actor, elections=(), units=(), is_demo=False
) -> Operation:
    _check_operation(actor=actor, unit=unit, start=start, end=end, units=units)
    operation = Operation.objects.create(name=name, unit=unit, start=start, end=end, is_demo=is_demo)
    operation.elections.set(elections)
    operation.units.set(units or [unit])
    return operation


@transaction.atomic
def operation_update(
    *, operation: Operation, actor, name: str, unit, start: date, end: date, elections=(), units=()
) -> Operation:
    _check_operation(actor=actor, operation=operation, unit=unit, start=start, end=end, units=units)
    operation.name, operation.unit, operation.start, operation.end = name, unit, start, end
    operation.save()
    operation.elections.set(elections)
    operation.units.set(units or [unit])
    return operation


def _check_event(start: date, end: date) -> None:
    _check_dates(start, end)
    if end - start > timedelta(days=366):
        raise ValidationError("Agenda lokal paling lama satu tahun.")


def calendar_event_create(
    *, unit, title: str, start: date, end: date, actor, kind=CalendarEvent.Kind.OTHER, location="", is_demo=False
) -> CalendarEvent:
    _check_actor(actor, units=[unit])
    _check_event(start, end)
    return CalendarEvent.objects.create(
        unit=unit, title=title, kind=kind, start=start, end=end, location=location, is_demo=is_demo
    )


def calendar_event_update(
    *, event: CalendarEvent, actor, title: str, start: date, end: date, kind: str, location: str = ""
) -> CalendarEvent:
    _check_actor(actor, event)
    _check_event(start, end)
    event.title, event.start, event.end, event.kind, event.location = title, start, end, kind, location
    event.save()
    return event
