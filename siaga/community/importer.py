"""Tokoh and RW imports (CSV or XLSX) on the core framework, into one police unit of the user's scope; every row
is checked (bad phone number, unknown desa or a desa outside the unit) before anything is written."""

import re

from django.core.exceptions import ValidationError

from siaga.community.choices import TokohKind
from siaga.core import access
from siaga.core.imports import Column, Importer, normalise
from siaga.core.imports.columns import CellError
from siaga.core.jobs import job_runner

KINDS = {normalise(k.value): k.value for k in TokohKind} | {normalise(k.label): k.value for k in TokohKind}
PHONE_RE = re.compile(r"^(\+62|62|0)8\d{7,11}$")


def parse_phone(value):
    if value is None:
        return ""
    text = re.sub(r"[\s\-().]", "", str(value))
    if text.endswith(".0"):
        text = text[:-2]
    if text.startswith("8"):
        text = "0" + text  # a spreadsheet drops the leading zero
    if not PHONE_RE.match(text):
        raise CellError(f"Nomor telepon '{str(value)[:20]}' tidak sah (contoh: 081234567890).")
    return text


class _UnitImporter(Importer):
    permission = "community.change"
    max_bytes = 2 * 1024 * 1024
    max_rows = 20_000
    header_search_rows = 1

    def check_params(self) -> None:
        from siaga.units.models import Unit

        self.unit = Unit.objects.filter(pk=self.params.get("unit_id")).first()
        if self.unit is None or not self.unit.is_police:
            raise ValidationError("Pilih satuan Polri tujuan impor.")
        access.require(self.actor, self.permission, unit=self.unit)

    def clean_row(self, row):
        return None if row.failed else {**row.values, "row": row.number}

    def _desa(self, items: list) -> None:
        from siaga.community.services import desa_in_unit
        from siaga.regions.models import Region

        codes = {item["kode_desa"] for item in items}
        self.desa = {r.code: r for r in Region.objects.filter(code__in=codes, level=Region.Level.DESA)}
        for item in items:
            desa = self.desa.get(item["kode_desa"])
            if desa is None:
                self.row_error(item["row"], "kode_desa", f"Kode desa {item['kode_desa']} tidak dikenal.")
            elif not desa_in_unit(desa, self.unit):
                self.row_error(item["row"], "kode_desa", f"Desa {desa.name} di luar wilayah hukum {self.unit}.")


@job_runner("community.import_tokoh")
class TokohImporter(_UnitImporter):
    title = "Impor tokoh"
    audit_model = "community.Tokoh"
    columns = (
        Column("nama", "nama", ("nama tokoh",), required=True, max_length=150),
        Column("jenis", "jenis", ("jenis tokoh", "kategori"), required=True, kind="choice", choices=KINDS),
        Column("kode_desa", "kode_desa", ("kode desa", "kode wilayah"), required=True, max_length=13),
        Column("pengaruh", "pengaruh", kind="int", min_value=1, max_value=5, default=3),
        Column("afiliasi", "afiliasi", max_length=250, default=""),
        Column("telepon", "telepon", ("no hp", "hp", "nomor telepon"), parse=parse_phone, default=""),
        Column("alamat", "alamat", max_length=250, default=""),
        Column("lintang", "lintang", ("latitude", "lat"), kind="lat"),
        Column("bujur", "bujur", ("longitude", "lon"), kind="lon"),
    )

    def finish(self, items: list) -> None:
        self._desa(items)

    def audit_object(self):
        return self.unit.pk, f"Impor tokoh {self.unit}"

    def write(self, items: list) -> dict:
        from siaga.community.models import Tokoh

        contact = access.can(self.actor, "community.contact")
        rows = [
            Tokoh(
                unit=self.unit,
                desa=self.desa[i["kode_desa"]],
                name=i["nama"],
                kind=i["jenis"],
                influence=i["pengaruh"],
                affiliations=i["afiliasi"],
                phone=i["telepon"] if contact else "",
                address=i["alamat"] if contact else "",
                lat=i["lintang"],
                lon=i["bujur"],
            )
            for i in items
        ]
        created = Tokoh.objects.bulk_create(rows)
        summary = f"{len(created)} tokoh diimpor ke {self.unit}."
        return {"created": len(created), "summary": summary, "message": summary}


@job_runner("community.import_rw")
class RwImporter(_UnitImporter):
    title = "Impor RW / Polisi RW"
    audit_model = "community.Beat"
    columns = (
        Column("kode_desa", "kode_desa", ("kode desa", "kode wilayah"), required=True, max_length=13),
        Column("rw", "rw", ("nomor rw",), required=True, max_length=5),
        Column("rt", "rt", ("nomor rt",), max_length=5, default=""),
        Column("polisi_rw", "polisi_rw", ("username polisi rw", "petugas"), max_length=150, default=""),
        Column("jumlah_kk", "jumlah_kk", ("kk",), kind="int", min_value=0, max_value=100000),
        Column("lintang", "lintang", ("latitude", "lat"), kind="lat"),
        Column("bujur", "bujur", ("longitude", "lon"), kind="lon"),
    )

    def finish(self, items: list) -> None:
        from siaga.accounts.models import User
        from siaga.community.models import Beat

        self._desa(items)
        names = {i["polisi_rw"] for i in items if i["polisi_rw"]}
        root = self.unit.parent if self.unit.kind == "polsek" and self.unit.parent_id else self.unit
        self.users = {u.username: u for u in User.objects.filter(username__in=names, unit__path__startswith=root.path)}
        seen = set()
        existing = set(Beat.objects.filter(desa__code__in=list(self.desa)).values_list("desa__code", "rw", "rt"))
        for i in items:
            key = (i["kode_desa"], str(i["rw"]).strip(), str(i["rt"] or "").strip())
            if key in seen or key in existing:
                self.row_error(i["row"], "rw", f"RW {key[1]} di desa {key[0]} sudah terdaftar.")
            seen.add(key)
            if i["polisi_rw"] and i["polisi_rw"] not in self.users:
                self.row_error(i["row"], "polisi_rw", f"Akun {i['polisi_rw']} tidak ditemukan di Polres ini.")

    def audit_object(self):
        return self.unit.pk, f"Impor RW {self.unit}"

    def write(self, items: list) -> dict:
        from siaga.community.models import Beat

        rows = []
        for i in items:
            desa = self.desa[i["kode_desa"]]
            rows.append(
                Beat(
                    unit=self.unit,
                    desa=desa,
                    kind="rt" if i["rt"] else "rw",
                    rw=str(i["rw"]).strip(),
                    rt=str(i["rt"] or "").strip(),
                    officer=self.users.get(i["polisi_rw"]),
                    households=i["jumlah_kk"],
                    lat=i["lintang"] if i["lintang"] is not None else desa.lat,
                    lon=i["bujur"] if i["bujur"] is not None else desa.lon,
                    radius_m=600,
                )
            )
        created = Beat.objects.bulk_create(rows)
        summary = f"{len(created)} RW/RT diimpor ke {self.unit}."
        return {"created": len(created), "summary": summary, "message": summary}
