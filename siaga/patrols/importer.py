"""Vulnerable-object import (CSV or XLSX) on the core import framework, into one police unit of the user's scope.

Columns: nama, jenis (code or label, e.g. "gudang", "Kantor KPU") required; alamat, kode_desa, lintang, bujur
(inside Indonesia, both or neither), pemilik, bobot (1–10, default 5). Everything is validated first, then
written in one transaction.
"""

from django.core.exceptions import ValidationError

from siaga.core import access
from siaga.core.imports import Column, Importer, normalise
from siaga.core.jobs import job_runner
from siaga.patrols.choices import ObjectKind

KINDS = {normalise(k.value): k.value for k in ObjectKind} | {normalise(k.label): k.value for k in ObjectKind}


@job_runner("patrols.import")
class ObjectImporter(Importer):
    title = "Impor objek rawan"
    permission = "patrols.change"
    max_bytes = 2 * 1024 * 1024
    max_rows = 10_000
    header_search_rows = 1
    audit_model = "patrols.VulnerableObject"
    columns = (
        Column("nama", "nama", ("nama objek",), required=True, max_length=200),
        Column("jenis", "jenis", ("jenis objek",), required=True, kind="choice", choices=KINDS),
        Column("alamat", "alamat", max_length=250, default=""),
        Column("kode_desa", "kode_desa", ("kode desa", "kode wilayah"), max_length=13),
        Column("lintang", "lintang", ("latitude", "lat"), kind="lat"),
        Column("bujur", "bujur", ("longitude", "lon"), kind="lon"),
        Column("pemilik", "pemilik", ("pemilik pengelola",), max_length=150, default=""),
        Column("bobot", "bobot", kind="int", min_value=1, max_value=10, default=5),
    )

    def check_params(self) -> None:
        from siaga.units.models import Unit

        self.unit = Unit.objects.filter(pk=self.params.get("unit_id")).first()
        if self.unit is None or not self.unit.is_police:
            raise ValidationError("Pilih satuan Polri untuk objek yang diimpor.")
        access.require(self.actor, self.permission, unit=self.unit)

    def clean_row(self, row):
        values = row.values
        coords_ok = not {"lintang", "bujur"} & row.invalid
        if coords_ok and (values["lintang"] is None) != (values["bujur"] is None):
            row.error(
                "lintang" if values["lintang"] is None else "bujur", "Isi lintang dan bujur, atau kosongkan keduanya."
            )
        return None if row.failed else {**values, "row": row.number}

    def finish(self, items: list) -> None:
        from siaga.regions.models import Region

        codes = {item["kode_desa"] for item in items if item["kode_desa"]}
        self.desa = {r.code: r for r in Region.objects.filter(code__in=codes, level=Region.Level.DESA)}
        for item in items:
            if item["kode_desa"] and item["kode_desa"] not in self.desa:
                self.row_error(item["row"], "kode_desa", f"Kode desa {item['kode_desa']} tidak dikenal.")

    def audit_object(self):
        return self.unit.pk, f"Impor objek rawan {self.unit}"

    def write(self, items: list) -> dict:
        from siaga.patrols.models import VulnerableObject

        objects = [
            VulnerableObject(
                unit=self.unit,
                kind=item["jenis"],
                name=item["nama"],
                address=item["alamat"],
                desa=self.desa.get(item["kode_desa"]),
                lat=item["lintang"],
                lon=item["bujur"],
                owner=item["pemilik"],
                base_weight=item["bobot"],
            )
            for item in items
        ]
        created = VulnerableObject.objects.bulk_create(objects)
        summary = f"{len(created)} objek rawan diimpor ke {self.unit}."
        return {"created": len(created), "summary": summary, "message": summary}
