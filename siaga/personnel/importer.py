"""Personnel import (XLSX or CSV) on the core import framework; see docs/personnel_import.md.

Columns (header row, case-insensitive): NRP, Nama, Pangkat, Satuan (required), Fungsi, Lintang, Bujur, Telepon.
The unit must be a police unit in the importing user's scope, and an NRP held by a unit outside that scope is
refused. Idempotent by NRP: re-importing updates the officers in place.
"""

from __future__ import annotations

import re

from siaga.core.imports import CellError, Column, Importer, normalise, quote
from siaga.core.imports.columns import as_text, blank
from siaga.core.jobs import job_runner
from siaga.personnel.choices import Function, Rank

NRP_RE = re.compile(r"^\d{8,18}$")
IMPORT_FIELDS = ("name", "rank", "unit_id", "function", "home_lat", "home_lon", "phone")
RANKS = {normalise(label): value for value, label in Rank.choices} | {v: v for v in Rank.values}
FUNCTIONS = {normalise(label): value for value, label in Function.choices} | {v: v for v in Function.values}
FUNCTIONS |= {"sabhara": Function.SAMAPTA, "bhabin": Function.BHABIN, "brimob": Function.BRIMOB}


def _nrp(value) -> str:
    if blank(value):
        raise CellError("NRP wajib diisi.")
    text = as_text(value)
    if not NRP_RE.match(text):
        raise CellError(f"NRP {quote(text)} tidak valid: harus 8–18 angka.")
    return text


@job_runner("personnel.import")
class PersonnelImporter(Importer):
    title = "Impor personel"
    permission = "personnel.change"
    max_bytes = 5 * 1024 * 1024
    max_rows = 20_000
    header_search_rows = 1
    audit_model = "personnel.Personnel"
    columns = (
        Column("nrp", "NRP", required=True, parse=_nrp),
        Column("name", "Nama", required=True, max_length=150),
        Column("rank", "Pangkat", required=True, kind="choice", choices=RANKS),
        Column("unit", "Satuan", aliases=("kesatuan",), required=True, max_length=100),
        Column("function", "Fungsi", kind="choice", choices=FUNCTIONS, default=Function.SAMAPTA),
        Column("home_lat", "Lintang", aliases=("latitude", "lat"), kind="lat"),
        Column("home_lon", "Bujur", aliases=("longitude", "lon"), kind="lon"),
        Column("phone", "Telepon", aliases=("hp", "no hp"), max_length=20, default=""),
    )

    def prepare(self) -> None:
        from siaga.units.models import Unit

        self.units: dict[str, int] = {}
        for unit in Unit.objects.restrict(self.actor).filter(kind__in=Unit.POLICE_KINDS).only("pk", "code", "name"):
            self.units[unit.code.lower()] = unit.pk
            self.units[unit.name.lower()] = unit.pk
        self.seen: dict[str, int] = {}

    def clean_row(self, row):
        values = row.values
        if values["nrp"] is not None:
            if values["nrp"] in self.seen:
                row.error("nrp", f"NRP {values['nrp']} ganda: sudah ada di baris {self.seen[values['nrp']]}.")
            self.seen.setdefault(values["nrp"], row.number)
        unit_id = self.units.get(values["unit"].lower()) if values["unit"] else None
        if unit_id is None and "unit" not in row.invalid:
            row.error("unit", f"Satuan {quote(values['unit'])} tidak ada dalam cakupan Anda.")
        coords_ok = not {"home_lat", "home_lon"} & row.invalid
        if coords_ok and (values["home_lat"] is None) != (values["home_lon"] is None):
            missing = "home_lon" if values["home_lon"] is None else "home_lat"
            row.error(missing, "Isi keduanya, Lintang dan Bujur, atau kosongkan keduanya.")
        values["unit_id"] = unit_id
        values["phone"] = values["phone"] or ""
        return None if row.failed else (row.number, values)

    def finish(self, items) -> None:
        """An NRP registered in a unit outside the user's scope may not be taken over."""
        from siaga.personnel.models import Personnel

        nrps = {values["nrp"] for _, values in items}
        in_scope = set(Personnel.objects.restrict(self.actor).filter(nrp__in=nrps).values_list("nrp", flat=True))
        foreign = set(Personnel.objects.filter(nrp__in=nrps).values_list("nrp", flat=True)) - in_scope
        for number, values in items:
            if values["nrp"] in foreign:
                self.row_error(number, "nrp", f"NRP {values['nrp']} sudah terdaftar di satuan di luar cakupan Anda.")

    def write(self, items) -> dict:
        from siaga.personnel.models import Personnel

        rows = [values for _, values in items]
        existing = {p.nrp: p for p in Personnel.objects.select_for_update().filter(nrp__in=[r["nrp"] for r in rows])}
        new, changed = [], []
        for row in rows:
            values = {f: row[f] for f in IMPORT_FIELDS}
            person = existing.get(row["nrp"])
            if person is None:
                new.append(Personnel(nrp=row["nrp"], **values))
            elif any(getattr(person, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(person, f, v)
                changed.append(person)
        Personnel.objects.bulk_create(new, batch_size=500)
        Personnel.objects.bulk_update(changed, IMPORT_FIELDS, batch_size=500)
        summary = f"{len(rows)} baris diimpor: {len(new)} personel baru, {len(changed)} diperbarui."
        return {"created": len(new), "updated": len(changed), "summary": summary, "message": summary}
