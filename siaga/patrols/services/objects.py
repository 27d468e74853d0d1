from django.core.exceptions import ValidationError
from django.db import transaction

from siaga.core import access
from siaga.patrols.models import CriticalPeriod, VulnerableObject

OBJECT_FIELDS = (
    "unit",
    "kind",
    "name",
    "address",
    "desa",
    "lat",
    "lon",
    "owner",
    "base_weight",
    "open_from",
    "open_to",
    "visit_in_hours_only",
    "note",
    "is_active",
)


@transaction.atomic
def vulnerable_object_save(
    *, actor, data: dict, shared_with=None, obj: VulnerableObject | None = None
) -> VulnerableObject:
    """Create or update an object from validated data (a form's cleaned_data); the actor needs ``patrols.change``
    on the object's unit (both the current and the new one when it moves)."""
    if obj is not None:
        access.require(actor, "patrols.change", obj)
    if obj is None or "unit" in data:
        access.require(actor, "patrols.change", unit=data.get("unit") or getattr(obj, "unit", None))
    obj = obj or VulnerableObject()
    for field in OBJECT_FIELDS:
        if field in data:
            setattr(obj, field, data[field])
    obj.full_clean()
    obj.save()
    if shared_with is not None:
        obj.shared_with.set(shared_with)
    return obj


@transaction.atomic
def vulnerable_object_delete(*, actor, obj: VulnerableObject) -> None:
    """Delete an object that has never been checked in at; its planned stops go with it.

    An object with check-ins is refused: the check-ins are the record of what patrols did there."""
    access.require(actor, "patrols.change", obj)
    VulnerableObject.objects.select_for_update().filter(pk=obj.pk).first()  # a concurrent check-in waits for us
    checkins = obj.checkins.count()
    if checkins:
        raise ValidationError(
            f"Objek “{obj.name}” tidak dapat dihapus karena sudah memiliki {checkins} check-in patroli; riwayat "
            "check-in harus tetap tersimpan. Nonaktifkan objek (hapus centang “aktif”) agar tidak dijadwalkan lagi."
        )
    obj.delete()


def critical_period_create(*, actor, obj: VulnerableObject, label: str, starts_at, ends_at, multiplier: float):
    access.require(actor, "patrols.change", obj)
    if ends_at <= starts_at:
        raise ValidationError("Waktu selesai periode kritis harus setelah waktu mulai.")
    period = CriticalPeriod(object=obj, label=label, starts_at=starts_at, ends_at=ends_at, multiplier=multiplier)
    period.full_clean()
    period.save()
    return period
