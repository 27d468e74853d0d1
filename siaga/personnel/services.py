"""Writes of the personnel register: import, edit, availability, TNI/Linmas strength."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from siaga.core import access
from siaga.core.imports import import_now
from siaga.personnel.importer import PersonnelImporter
from siaga.personnel.models import Personnel, SupportStrength, Unavailability
from siaga.units.models import Unit


def personnel_import(*, user, filename: str, content: bytes) -> dict:
    """Import at once (commands, tests): every row validated first, all written in one transaction or nothing."""
    return import_now(importer=PersonnelImporter, actor=user, filename=filename, content=content)


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
