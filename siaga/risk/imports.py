"""Checklist import: a CSV/XLSX with one row per TPS and one yes/no column per indicator (core import framework).

Format (documented on the import page):
- ``kode_desa`` — Kemendagri code of the desa/kelurahan (variants: "Kode Desa", "Kode Kel", "Kode Wilayah");
- ``nomor_tps`` — TPS number (variants: "No TPS", "TPS", "Nomor TPS", "No. TPS");
- one column per indicator, headed by its code (``dpt_tms``) or its exact label; values ``ya``/``1``/``x``/``v``
  (yes) or ``tidak``/``0``/empty (no);
- informational columns are ignored: nama desa, kecamatan, alamat, no, keterangan; any other column is an error.

The file is validated completely first; any error rejects the whole file (nothing is written) and every bad row
and column is reported. Indicator columns absent from the file leave those indicators unchanged. Only TPS in the
importing user's scope can be set.
"""

from siaga.core.imports import CellError, Column, Importer, quote
from siaga.core.imports.columns import as_text, blank
from siaga.core.jobs import job_runner
from siaga.risk.models import Source
from siaga.stations.models import Station


def _tps_number(value) -> int | None:
    if blank(value):
        raise CellError("Nomor TPS wajib diisi.")
    text = as_text(value)
    if not text.isdigit() or not 0 < int(text) < 100_000:
        raise CellError(f"Nomor TPS {quote(value)} bukan angka.")
    return int(text)


FIXED_COLUMNS = (
    Column(
        "kode_desa",
        "kode_desa",
        aliases=("Kode Desa", "Kode Desa Kel", "Kode Kel", "Kode Kelurahan", "Kode Wilayah", "Kode Desa Kelurahan"),
        required=True,
        max_length=20,
    ),
    Column("nomor_tps", "nomor_tps", aliases=("No TPS", "Nomor TPS", "TPS", "Nomor", "No. TPS"), required=True,
           parse=_tps_number),
)  # fmt: skip


@job_runner("risk.import")
class ChecklistImporter(Importer):
    title = "Impor daftar periksa kerawanan"
    permission = "risk.checklist"
    max_bytes = 5 * 1024 * 1024
    max_rows = 50_000
    strict_columns = True
    unknown_column_message = "Kolom {name} tidak dikenal: bukan kode atau nama indikator."
    ignored_headers = ("nama_desa", "desa", "kelurahan", "desa_kelurahan", "kecamatan", "alamat", "no", "keterangan")
    audit_model = "risk.StationIndicator"

    def check_params(self) -> None:
        from siaga.risk import selectors

        self.election = selectors.election_get(user=self.actor, pk=self.params["election_id"])
        self.profile = selectors.profile_for(election=self.election)

    def get_columns(self) -> tuple[Column, ...]:
        if not hasattr(self, "profile"):
            self.check_params()
        if not hasattr(self, "_columns"):
            indicators = self.profile.indicators.filter(active=True).values_list("code", "label")
            self._columns = FIXED_COLUMNS + tuple(
                Column(code, code, aliases=(label,), kind="bool", default=False) for code, label in indicators
            )
        return self._columns

    def indicator_codes(self) -> list[str]:
        fixed = {c.key for c in FIXED_COLUMNS}
        return sorted(key for key in self.header.index if key not in fixed)

    def prepare(self) -> None:
        qs = Station.objects.restrict(self.actor, "view").filter(election=self.election)
        self.stations = {(d, num): pk for pk, d, num in qs.values_list("pk", "desa_id", "number")}
        self.seen: dict[int, int] = {}
        self.codes = self.indicator_codes()

    def clean_row(self, row):
        desa, number = row.values["kode_desa"], row.values["nomor_tps"]
        if desa is None or number is None:
            return None
        station_id = self.stations.get((desa, number))
        if station_id is None:
            row.error(
                "kode_desa",
                f"TPS {number} di desa {quote(desa)} tidak ada dalam pemilihan ini (atau di luar wilayah Anda).",
            )
            return None
        if station_id in self.seen:
            row.error("nomor_tps", f"TPS {number} desa {desa} sudah ada di baris {self.seen[station_id]}.")
            return None
        self.seen[station_id] = row.number
        return station_id, {code for code in self.codes if row.values[code]}

    def audit_object(self):
        return self.election.pk, f"Impor daftar periksa {self.election}"

    def write(self, items) -> dict:
        from siaga.risk.services import categories_recompute
        from siaga.risk.services.checklist import _current, checklist_write

        parsed = dict(items)
        current = _current(list(parsed))
        columns = set(self.codes)
        # Columns absent from the file keep their current value.
        values = {sid: (current[sid] - columns) | yes for sid, yes in parsed.items()}
        changed = checklist_write(
            profile=self.profile, values=values, actor=self.actor, source=Source.IMPORT, audit_each=False
        )
        self.progress(len(items), len(items), "Menghitung ulang kategori…")
        result = categories_recompute(election=self.election, actor=self.actor)
        summary = f"{len(values)} TPS dibaca, {changed} daftar periksa berubah, {result['changed']} kategori berubah."
        return {"changed": changed, "recategorised": result["changed"], "summary": summary}
