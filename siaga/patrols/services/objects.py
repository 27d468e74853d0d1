import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from siaga.core import access
from siaga.core.audit import audit_record
from siaga.patrols.choices import ObjectKind
from siaga.patrols.models import CriticalPeriod, VulnerableObject
from siaga.regions.models import Region

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
CSV_COLUMNS = ["nama", "jenis", "alamat", "kode_desa", "lintang", "bujur", "pemilik", "bobot"]


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


def vulnerable_objects_import_csv(*, content: bytes, unit, shared_with=()) -> int:
    """Import objects from CSV (columns ``CSV_COLUMNS``): everything is validated first, then written at once.

    Raises ValidationError with a list of "baris N, kolom X: ..." messages; nothing is written on error.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(["Berkas harus berupa teks UTF-8 (CSV)."]) from exc
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ",")
    missing = [c for c in ("nama", "jenis") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError([f"Kolom wajib tidak ada: {', '.join(missing)}."])
    rows = list(reader)
    desa = {r.code: r for r in Region.objects.filter(code__in={row.get("kode_desa", "").strip() for row in rows})}
    objects, errors = [], []
    for number, row in enumerate(rows, start=2):
        obj, row_errors = _object_from_row(row, number, unit, desa)
        objects.append(obj)
        errors += row_errors
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = VulnerableObject.objects.bulk_create(objects)
        if shared_with:
            through = VulnerableObject.shared_with.through
            through.objects.bulk_create(
                [through(vulnerableobject_id=o.pk, unit_id=u.pk) for o in created for u in shared_with]
            )
        audit_record(action="import", model="patrols.VulnerableObject", note=f"Impor CSV: {len(created)} objek.")
    return len(created)


def _object_from_row(row: dict, number: int, unit, desa: dict) -> tuple[VulnerableObject, list[str]]:
    errors = []
    kinds = {k.value: k.value for k in ObjectKind} | {k.label.lower(): k.value for k in ObjectKind}
    kind = kinds.get((row.get("jenis") or "").strip().lower())
    if kind is None:
        errors.append(f"Baris {number}, kolom jenis: jenis objek “{row.get('jenis', '')}” tidak dikenal.")
    name = (row.get("nama") or "").strip()
    if not name:
        errors.append(f"Baris {number}, kolom nama: wajib diisi.")
    lat, lon, coord_errors = _coords(row, number)
    weight, weight_error = _weight(row, number)
    code = (row.get("kode_desa") or "").strip()
    if code and code not in desa:
        errors.append(f"Baris {number}, kolom kode_desa: kode wilayah {code} tidak dikenal.")
    obj = VulnerableObject(
        unit=unit,
        kind=kind or "",
        name=name[:200],
        address=(row.get("alamat") or "").strip()[:250],
        desa=desa.get(code),
        lat=lat,
        lon=lon,
        owner=(row.get("pemilik") or "").strip()[:150],
        base_weight=weight or 5,
    )
    return obj, errors + coord_errors + ([weight_error] if weight_error else [])


def _coords(row: dict, number: int) -> tuple[float | None, float | None, list[str]]:
    values, errors = [], []
    for column, limit in (("lintang", 90), ("bujur", 180)):
        raw = (row.get(column) or "").strip().replace(",", ".")
        if not raw:
            values.append(None)
            continue
        try:
            value = float(raw)
        except ValueError:
            value = None
        if value is None or not -limit <= value <= limit:
            errors.append(f"Baris {number}, kolom {column}: “{raw}” bukan koordinat yang sah.")
            value = None
        values.append(value)
    if (values[0] is None) != (values[1] is None) and not errors:
        errors.append(f"Baris {number}, kolom lintang/bujur: isi keduanya atau kosongkan keduanya.")
    return values[0], values[1], errors


def _weight(row: dict, number: int) -> tuple[int | None, str | None]:
    raw = (row.get("bobot") or "").strip()
    if not raw:
        return None, None
    if raw.isdigit() and 1 <= int(raw) <= 10:
        return int(raw), None
    return None, f"Baris {number}, kolom bobot: “{raw}” harus bilangan bulat 1–10."
