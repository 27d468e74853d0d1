"""Import of the gangguan kamtibmas register a Satreskrim already keeps (XLSX/CSV), on the core import framework.

One row per case: no_lp, tanggal_kejadian (+ jam), tanggal_lapor, jenis (Siaga code or name), kode_desa, lintang,
bujur, tempat, kesatuan (Polsek name or code; blank = the Polres), status (+ tanggal_status), korban, tersangka,
kerugian, bb_jenis, bb_gram, gakkumdu, uraian. Idempotent by LP number: a known LP updates its case (its status may
only move forward), a new LP creates one. Every bad row and column is reported; nothing is written unless all are
good (all or nothing, one transaction).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from siaga.analysis.rules import lp_normalise, lp_problem, status_problem
from siaga.core import access
from siaga.core.imports import Column, Importer, normalise
from siaga.core.imports.columns import CellError, quote
from siaga.core.jobs import job_runner

STATUS_WORDS = {
    "lidik": "lidik",
    "penyelidikan": "lidik",
    "sidik": "sidik",
    "penyidikan": "sidik",
    "tahap 2": "tahap2",
    "tahap ii": "tahap2",
    "tahap2": "tahap2",
    "p21": "tahap2",
    "p 21": "tahap2",
    "selesai": "selesai",
    "sp3": "sp3",
    "dihentikan": "sp3",
    "limpah": "limpah",
    "dilimpahkan": "limpah",
}


def _time(value):
    if value is None:
        return None
    if isinstance(value, dt.time):
        return value
    if isinstance(value, dt.datetime):
        return value.time()
    match = re.fullmatch(r"(\d{1,2})[.:](\d{2})(?::\d{2})?", str(value).strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise CellError(f"Jam {quote(value)} tidak dikenal (contoh: 21:30).")
    return dt.time(int(match[1]), int(match[2]))


def _status(value):
    if value is None:
        return "lidik"
    code = STATUS_WORDS.get(normalise(value))
    if code is None:
        raise CellError(f"Status {quote(value)} tidak dikenal (lidik, sidik, tahap II/P21, selesai, SP3, limpah).")
    return code


@job_runner("analysis.import")
class CaseImporter(Importer):
    title = "Impor register gangguan kamtibmas"
    permission = "analysis.import"
    max_bytes = 20 * 1024 * 1024
    max_rows = 200_000
    audit_model = "analysis.Case"
    columns = (
        Column(
            "no_lp",
            "No LP",
            ("nomor lp", "no laporan polisi", "nomor laporan polisi", "lp"),
            required=True,
            max_length=80,
        ),
        Column(
            "tanggal_kejadian",
            "Tanggal kejadian",
            ("tgl kejadian", "waktu kejadian", "tanggal"),
            required=True,
            kind="date",
        ),
        Column("jam", "Jam kejadian", ("jam", "pukul", "jam kejadian"), parse=_time),
        Column("tanggal_lapor", "Tanggal lapor", ("tgl lapor", "tanggal laporan", "tgl lp"), kind="date"),
        Column(
            "jenis",
            "Jenis",
            ("jenis kejahatan", "jenis gangguan", "kode jenis", "jenis perkara"),
            required=True,
            max_length=150,
        ),
        Column("kode_desa", "Kode desa", ("kode wilayah", "kode desa kelurahan"), max_length=13, default=""),
        Column("lat", "Lintang", ("latitude", "lat"), kind="lat"),
        Column("lon", "Bujur", ("longitude", "lon", "lng"), kind="lon"),
        Column("tempat", "Tempat kejadian", ("tkp", "lokasi", "tempat"), max_length=250, default=""),
        Column("kesatuan", "Kesatuan", ("polsek", "unit", "kesatuan penanganan"), max_length=150, default=""),
        Column("status", "Status", ("status perkara", "tahap"), parse=_status),
        Column("tanggal_status", "Tanggal status", ("tgl status",), kind="date"),
        Column("korban", "Korban", ("jumlah korban",), kind="int", min_value=0, max_value=10_000, default=0),
        Column("tersangka", "Tersangka", ("jumlah tersangka",), kind="int", min_value=0, max_value=10_000, default=0),
        Column(
            "kerugian",
            "Kerugian (Rp)",
            ("kerugian", "nilai kerugian"),
            kind="int",
            min_value=0,
            max_value=10**15,
            default=0,
        ),
        Column("bb_jenis", "Jenis barang bukti", ("barang bukti", "jenis bb"), max_length=60, default=""),
        Column(
            "bb_gram",
            "Berat barang bukti (gram)",
            ("berat bb", "bb gram", "berat gram"),
            kind="float",
            min_value=0,
            max_value=10**7,
        ),
        Column("gakkumdu", "Sentra Gakkumdu", ("gakkumdu", "rujukan gakkumdu"), kind="bool", default=False),
        Column("uraian", "Uraian", ("uraian singkat", "modus", "keterangan"), max_length=2000, default=""),
    )

    def check_params(self) -> None:
        from siaga.units.models import Unit

        self.unit = Unit.objects.filter(pk=self.params.get("unit_id"), kind=Unit.Kind.POLRES).first()
        if self.unit is None:
            raise ValidationError("Pilih Polres pemilik register.")
        access.require(self.actor, self.permission, unit=self.unit)

    def prepare(self) -> None:
        from siaga.analysis.models import Case, CrimeType
        from siaga.regions.models import Region
        from siaga.units.models import Unit

        self.types = {}
        for t in CrimeType.objects.all():
            self.types[normalise(t.code)] = t
            self.types[normalise(t.name)] = t
        codes = [r.code for r in self.unit.regions.all()]
        self.desa = {}
        for code in codes:
            self.desa.update({r.code: r for r in Region.objects.filter(level=4, code__startswith=code + ".")})
        self.units = {}
        for u in Unit.objects.filter(path__startswith=self.unit.path, kind__in=["polres", "polsek"]):
            self.units[normalise(u.name)] = u
            self.units[normalise(u.code)] = u
            self.units[normalise(u.name.replace("Polsek ", ""))] = u
        self.existing = {}
        self.seen: dict[str, int] = {}
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self._case_model = Case

    def clean_row(self, row):
        v = row.values
        lp = lp_normalise(v["no_lp"]) if v["no_lp"] else ""
        if lp and "no_lp" not in row.invalid:
            if problem := lp_problem(lp):
                row.error("no_lp", problem)
            elif lp in self.seen:
                row.error("no_lp", f"Nomor LP {lp} ganda: sudah ada di baris {self.seen[lp]}.")
            else:
                self.seen[lp] = row.number
        ctype = None
        if v["jenis"]:
            ctype = self.types.get(normalise(v["jenis"]))
            if ctype is None:
                row.error("jenis", f"Jenis {quote(v['jenis'])} tidak dikenal dalam klasifikasi Perkap 7/2009.")
        occurred = v["tanggal_kejadian"]
        if occurred is not None and occurred > self.today:
            row.error("tanggal_kejadian", f"Tanggal kejadian {occurred:%d-%m-%Y} di masa depan.")
        reported = v["tanggal_lapor"] or occurred
        if v["tanggal_lapor"] is not None and reported > self.today:
            row.error("tanggal_lapor", f"Tanggal lapor {reported:%d-%m-%Y} di masa depan.")
        elif reported is not None and occurred is not None and reported < occurred:
            row.error("tanggal_lapor", "Tanggal lapor sebelum tanggal kejadian.")
        status_on = v["tanggal_status"]
        if status_on is not None and status_on > self.today:
            row.error("tanggal_status", f"Tanggal status {status_on:%d-%m-%Y} di masa depan.")
        desa = None
        if v["kode_desa"]:
            desa = self.desa.get(v["kode_desa"])
            if desa is None:
                row.error(
                    "kode_desa",
                    f"Desa {quote(v['kode_desa'])} berada di luar wilayah hukum {self.unit.name} atau tidak dikenal.",
                )
        unit = self.unit
        if v["kesatuan"]:
            unit = self.units.get(normalise(v["kesatuan"])) or self.units.get(normalise("polsek " + v["kesatuan"]))
            if unit is None:
                row.error("kesatuan", f"Kesatuan {quote(v['kesatuan'])} bukan {self.unit.name} atau Polseknya.")
        if row.failed or row.invalid:
            return None
        when = dt.datetime.combine(occurred, v["jam"] or dt.time(0, 0))
        return {
            "row": row.number,
            "lp": lp,
            "type": ctype,
            "unit": unit,
            "desa": desa,
            "occurred_at": timezone.make_aware(when, self.tz),
            "reported_at": timezone.make_aware(dt.datetime.combine(reported, v["jam"] or dt.time(0, 0)), self.tz)
            if reported != occurred
            else timezone.make_aware(when, self.tz),
            "status": v["status"] or "lidik",
            "status_on": status_on or reported,
            "fields": {
                "lat": v["lat"],
                "lon": v["lon"],
                "place": v["tempat"],
                "victims": v["korban"] or 0,
                "suspects": v["tersangka"] or 0,
                "loss_rp": v["kerugian"] or 0,
                "evidence_type": v["bb_jenis"],
                "evidence_grams": v["bb_gram"],
                "gakkumdu": bool(v["gakkumdu"]),
                "summary": v["uraian"],
            },
        }

    def finish(self, items: list) -> None:
        lps = [item["lp"] for item in items]
        self.existing = {}
        for i in range(0, len(lps), 900):
            for case in self._case_model.objects.filter(lp_number__in=lps[i : i + 900]).select_related("unit"):
                self.existing[case.lp_number] = case
        for item in items:
            case = self.existing.get(item["lp"])
            if case is None:
                continue
            if not case.unit.path.startswith(self.unit.path):
                self.row_error(
                    item["row"], "no_lp", f"Nomor LP {item['lp']} milik {case.unit.name}, di luar {self.unit.name}."
                )
            elif problem := status_problem(case.status, item["status"]):
                self.row_error(item["row"], "status", f"{problem} (nomor LP {item['lp']})")

    def audit_object(self):
        return self.unit.pk, f"Register {self.unit.name}"

    def write(self, items: list) -> dict:
        from siaga.analysis.imports import cases_write

        return cases_write(items=items, existing=self.existing, actor=self.actor, progress=self.progress)
