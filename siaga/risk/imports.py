"""Checklist import: a CSV/XLSX with one row per TPS and one yes/no column per indicator.

Format (documented on the import page):
- ``kode_desa`` — Kemendagri code of the desa/kelurahan (variants: "Kode Desa", "Kode Kel", "Kode Wilayah");
- ``nomor_tps`` — TPS number (variants: "No TPS", "TPS", "Nomor TPS", "No. TPS");
- one column per indicator, headed by its code (``dpt_tms``) or its exact label; values ``ya``/``1``/``x``/``v``
  (yes) or ``tidak``/``0``/empty (no);
- informational columns are ignored: nama desa, kecamatan, alamat, no, keterangan.

The file is validated completely first; any error rejects the whole file (nothing is written) and every bad row
and column is reported. Indicator columns absent from the file leave those indicators unchanged.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from siaga.stations.models import Station

DESA_HEADERS = {"kode_desa", "kode_desa_kel", "kode_kel", "kode_kelurahan", "kode_wilayah", "kode_desa_kelurahan"}
TPS_HEADERS = {"nomor_tps", "no_tps", "tps", "nomor", "no_tps_"}
IGNORED_HEADERS = {"nama_desa", "desa", "kelurahan", "desa_kelurahan", "kecamatan", "alamat", "no", "keterangan"}
YES = {"ya", "y", "1", "true", "x", "v", "ada", "benar", "✓"}
NO = {"tidak", "t", "n", "0", "false", "", "-", "tidak_ada", "salah"}


def norm(text) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").strip().lower()).strip("_")


@dataclass
class ParsedImport:
    values: dict[int, set[str]] = field(default_factory=dict)  # station id → "yes" codes among `columns`
    columns: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def error(self, row, column, message):
        self.errors.append({"row": row, "column": column, "message": message})


def read_rows(path: Path) -> list[list]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        rows = [["" if v is None else v for v in row] for row in wb.active.iter_rows(values_only=True)]
        wb.close()
        return rows
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _map_header(header: list, indicators: dict[str, str], out: ParsedImport) -> dict:
    """Column index → role ('desa', 'tps' or an indicator code)."""
    by_label = {norm(label): code for code, label in indicators.items()}
    roles = {}
    for idx, raw in enumerate(header):
        key = norm(raw)
        if key in DESA_HEADERS:
            roles[idx] = "desa"
        elif key in TPS_HEADERS:
            roles[idx] = "tps"
        elif key in indicators or key in by_label:
            roles[idx] = key if key in indicators else by_label[key]
        elif key and key not in IGNORED_HEADERS:
            out.error(1, str(raw), f"Kolom '{raw}' tidak dikenal: bukan kode atau nama indikator.")
    for role, name in (("desa", "kode_desa"), ("tps", "nomor_tps")):
        if role not in roles.values():
            out.error(1, name, f"Kolom wajib '{name}' tidak ada.")
    return roles


def _parse_row(n, row, roles, header, stations, seen, out):
    cells = {role: (row[i] if i < len(row) else "") for i, role in roles.items()}
    desa = str(cells.get("desa", "")).strip()
    try:
        number = int(float(str(cells.get("tps", "")).strip()))
    except ValueError:
        out.error(n, "nomor_tps", f"Nomor TPS '{cells.get('tps')}' bukan angka.")
        return
    station_id = stations.get((desa, number))
    if station_id is None:
        out.error(n, "kode_desa", f"TPS {number} di desa {desa} tidak ada dalam pemilihan ini (atau di luar wilayah).")
        return
    if station_id in seen:
        out.error(n, "nomor_tps", f"TPS {number} desa {desa} sudah ada di baris {seen[station_id]}.")
        return
    seen[station_id] = n
    yes = set()
    for idx, role in roles.items():
        if role in ("desa", "tps"):
            continue
        value = norm(cells[role])
        if value in YES:
            yes.add(role)
        elif value not in NO:
            out.error(n, str(header[idx]), f"Nilai '{cells[role]}' tidak dikenal: isi 'ya' atau 'tidak'.")
    out.values[station_id] = yes


def parse_checklist(*, rows: list[list], profile, user) -> ParsedImport:
    out = ParsedImport()
    if not rows:
        out.error(1, "", "Berkas kosong.")
        return out
    indicators = dict(profile.indicators.filter(active=True).values_list("code", "label"))
    header = rows[0]
    roles = _map_header(header, indicators, out)
    if out.errors:
        return out
    out.columns = sorted({r for r in roles.values() if r not in ("desa", "tps")})
    qs = Station.objects.restrict(user, "view").filter(election=profile.election)
    stations = {(d, num): pk for pk, d, num in qs.values_list("pk", "desa_id", "number")}
    seen: dict[int, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        if any(str(c).strip() for c in row):
            _parse_row(n, row, roles, header, stations, seen, out)
    return out
