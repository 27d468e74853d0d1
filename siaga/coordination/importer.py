"""Pilkades serentak: one CSV/XLSX for a whole kabupaten round, on the core import framework.

One row per TPS and/or per candidate (a row may carry both):
  tanggal (hari pemungutan, the same on every row), kode_desa, desa (optional, checked against the code),
  no_urut + nama_calon (a candidate kepala desa), no_tps + dpt_laki + dpt_perempuan (+ kode_tps, alamat_tps).
Every desa must lie in the Polres' jurisdiction and have at least one candidate and one TPS. A candidate number
may appear once per desa, a TPS number once per desa, a KPU/panitia TPS code (kode_tps) in one desa only.
The import creates or updates each desa's Pilkades election (elections.services), its candidates and its TPS
(stations), and the round's desa rows for the board: importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError

from siaga.core import access
from siaga.core.imports import Column, Importer, normalise
from siaga.core.imports.columns import quote
from siaga.core.jobs import job_runner


@job_runner("coordination.import")
class PilkadesImporter(Importer):
    title = "Impor Pilkades serentak"
    permission = "coordination.pilkades"
    max_bytes = 10 * 1024 * 1024
    max_rows = 100_000
    header_search_rows = 5
    audit_model = "coordination.PilkadesRound"
    columns = (
        Column(
            "tanggal",
            "tanggal",
            ("hari pemungutan", "tanggal pemungutan", "tanggal pilkades"),
            required=True,
            kind="date",
        ),
        Column("kode_desa", "kode_desa", ("kode desa", "kode wilayah"), required=True, max_length=13),
        Column("desa", "desa", ("nama desa", "desa/kelurahan"), max_length=120, default=""),
        Column("no_urut", "no_urut", ("nomor urut", "no urut calon"), kind="int", min_value=1, max_value=20),
        Column("nama_calon", "nama_calon", ("calon", "nama calon kepala desa"), max_length=200, default=""),
        Column("no_tps", "no_tps", ("nomor tps", "tps"), kind="int", min_value=1, max_value=999),
        Column(
            "dpt_laki", "dpt_laki", ("dpt laki-laki", "dpt l"), kind="int", min_value=0, max_value=100_000, default=0
        ),
        Column(
            "dpt_perempuan",
            "dpt_perempuan",
            ("dpt perempuan", "dpt p"),
            kind="int",
            min_value=0,
            max_value=100_000,
            default=0,
        ),
        Column("kode_tps", "kode_tps", ("kode tps",), max_length=40, default=""),
        Column("alamat_tps", "alamat_tps", ("alamat tps", "lokasi tps"), max_length=250, default=""),
    )

    def check_params(self) -> None:
        from siaga.units.models import Unit

        self.unit = Unit.objects.filter(pk=self.params.get("unit_id"), kind=Unit.Kind.POLRES).first()
        if self.unit is None:
            raise ValidationError("Pilih Polres penyelenggara pengamanan Pilkades.")
        access.require(self.actor, self.permission, unit=self.unit)
        access.require(self.actor, "elections.change", unit=self.unit)

    def prepare(self) -> None:
        from siaga.regions.models import Region

        kab_codes = [r.code for r in self.unit.regions.all() if r.level <= 2]
        self.kab_codes = kab_codes
        self.desa = {}
        for kab in kab_codes:
            self.desa.update(
                {r.code: r for r in Region.objects.filter(level=4, code__startswith=kab + ".").select_related("parent")}
            )
        self.day = None
        self.day_row = None
        self.candidates: dict[str, dict[int, tuple[str, int]]] = defaultdict(dict)
        self.tps: dict[str, dict[int, dict]] = defaultdict(dict)
        self.tps_codes: dict[str, tuple[str, int]] = {}
        self.unknown: list[tuple[int, str]] = []

    def clean_row(self, row):
        v = row.values
        if v["tanggal"] is not None:
            if self.day is None:
                self.day, self.day_row = v["tanggal"], row.number
            elif v["tanggal"] != self.day:
                row.error(
                    "tanggal",
                    f"Satu berkas untuk satu Pilkades serentak: tanggal {v['tanggal']:%d-%m-%Y} berbeda dengan "
                    f"{self.day:%d-%m-%Y} di baris {self.day_row}.",
                )
        code = v["kode_desa"]
        region = None
        if code and "kode_desa" not in row.invalid:
            region = self.desa.get(code)
            if region is None:
                self.unknown.append((row.number, code))
                row.failed = True
            elif v["desa"] and normalise(v["desa"]) != normalise(region.name):
                row.error("desa", f"Kode {code} adalah Desa {region.name}, bukan {quote(v['desa'])}.")
        has_candidate = v["no_urut"] is not None or bool(v["nama_calon"])
        has_tps = v["no_tps"] is not None
        if not has_candidate and not has_tps and not {"no_urut", "no_tps"} & row.invalid:
            row.error("nama_calon", "Baris tidak berisi calon maupun TPS.")
        if has_candidate and "no_urut" not in row.invalid:
            if v["no_urut"] is None:
                row.error("no_urut", "Nomor urut calon wajib diisi.")
            elif not v["nama_calon"]:
                row.error("nama_calon", f"Nama calon nomor urut {v['no_urut']} wajib diisi.")
            elif region is not None:
                first = self.candidates[code].get(v["no_urut"])
                if first is not None:
                    row.error(
                        "no_urut",
                        f"Nomor urut {v['no_urut']} di Desa {region.name} ganda: sudah dipakai {quote(first[0])} "
                        f"di baris {first[1]}.",
                    )
                else:
                    self.candidates[code][v["no_urut"]] = (v["nama_calon"], row.number)
        if has_tps and region is not None:
            first = self.tps[code].get(v["no_tps"])
            if first is not None:
                row.error(
                    "no_tps", f"TPS {v['no_tps']} di Desa {region.name} ganda: sudah ada di baris {first['row']}."
                )
            else:
                self.tps[code][v["no_tps"]] = {
                    "row": row.number,
                    "male": v["dpt_laki"] or 0,
                    "female": v["dpt_perempuan"] or 0,
                    "address": v["alamat_tps"],
                }
            if v["kode_tps"]:
                other = self.tps_codes.setdefault(v["kode_tps"], (code, row.number))
                if other[0] != code:
                    other_name = self.desa[other[0]].name
                    row.error(
                        "kode_tps",
                        f"TPS {quote(v['kode_tps'])} tercatat di dua desa: {other_name} (baris {other[1]}) dan "
                        f"{region.name}.",
                    )
        return None if row.failed else {"row": row.number, "desa": code}

    def finish(self, items: list) -> None:
        from siaga.regions.models import Region

        known = {r.code: r for r in Region.objects.filter(code__in={c for _, c in self.unknown})}
        for number, code in self.unknown:
            region = known.get(code)
            if region is None:
                self.row_error(number, "kode_desa", f"Kode desa {code} tidak ditemukan dalam data wilayah Kemendagri.")
            elif region.level != 4:
                self.row_error(number, "kode_desa", f"Kode {code} ({region.name}) bukan kode desa.")
            else:
                self.row_error(
                    number, "kode_desa", f"Desa {region.name} ({code}) berada di luar wilayah hukum {self.unit.name}."
                )
        first_row = {}
        for item in items:
            first_row.setdefault(item["desa"], item["row"])
        for code, number in first_row.items():
            name = self.desa[code].name
            if not self.candidates.get(code):
                self.row_error(number, "nama_calon", f"Desa {name} belum memiliki calon kepala desa.")
            if not self.tps.get(code):
                self.row_error(number, "no_tps", f"Desa {name} belum memiliki TPS.")
        self.desa_codes = sorted(first_row)

    def audit_object(self):
        return self.round.pk, str(self.round)

    def write(self, items: list) -> dict:
        from siaga.coordination.pilkades import pilkades_round_write

        self.round, result = pilkades_round_write(
            unit=self.unit,
            voting_day=self.day,
            desa=[self.desa[c] for c in self.desa_codes],
            candidates=self.candidates,
            tps=self.tps,
            actor=self.actor,
            progress=self.progress,
        )
        return result
