"""Reading and validating a personnel file (XLSX or CSV). Validation never writes; see services.personnel_import.

Columns (header row, case-insensitive; see docs/personnel_import.md): NRP, Nama, Pangkat, Satuan, Fungsi,
Lintang, Bujur, Telepon. Every problem is reported with its row number (as in the spreadsheet) and column.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from dataclasses import dataclass

from siaga.personnel.choices import Function, Rank

COLUMNS = ["NRP", "Nama", "Pangkat", "Satuan", "Fungsi", "Lintang", "Bujur", "Telepon"]
REQUIRED = ["NRP", "Nama", "Pangkat", "Satuan"]
ALIASES = {
    "nrp": "NRP",
    "nama": "Nama",
    "pangkat": "Pangkat",
    "satuan": "Satuan",
    "kesatuan": "Satuan",
    "fungsi": "Fungsi",
    "lintang": "Lintang",
    "latitude": "Lintang",
    "lat": "Lintang",
    "bujur": "Bujur",
    "longitude": "Bujur",
    "lon": "Bujur",
    "telepon": "Telepon",
    "hp": "Telepon",
    "no hp": "Telepon",
}
NRP_RE = re.compile(r"^\d{8,18}$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


@dataclass(frozen=True)
class CleanRow:
    row: int
    nrp: str
    name: str
    rank: str
    unit_id: int
    function: str
    home_lat: float | None
    home_lon: float | None
    phone: str


def read_table(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column: text}) for every non-empty data row."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        matrix = _read_xlsx(content)
    elif lower.endswith(".csv"):
        matrix = _read_csv(content)
    else:
        raise ImportFileError("Format berkas tidak didukung: gunakan .xlsx atau .csv.")
    if not matrix:
        raise ImportFileError("Berkas kosong: baris pertama harus berisi judul kolom.")
    header = [ALIASES.get(str(h or "").strip().lower(), str(h or "").strip()) for h in matrix[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(f"Kolom wajib tidak ada: {', '.join(missing)}. Baris pertama harus berisi judul kolom.")
    rows = []
    for number, values in enumerate(matrix[1:], start=2):
        cells = {h: _text(v) for h, v in zip(header, values, strict=False) if h in COLUMNS}
        if any(cells.values()):
            rows.append((number, cells))
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) > 1000:
        return str(int(value))  # an NRP typed as a number
    return str(value).strip()


def _read_xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file problem
        raise ImportFileError(f"Berkas XLSX tidak dapat dibaca: {exc}") from exc
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _read_csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return [row for row in csv.reader(io.StringIO(text), dialect)]


RANKS = {label.lower(): value for value, label in Rank.choices} | {v: v for v in Rank.values}
FUNCTIONS = {label.lower(): value for value, label in Function.choices} | {v: v for v in Function.values}
FUNCTIONS |= {"sabhara": Function.SAMAPTA, "bhabin": Function.BHABIN, "brimob": Function.BRIMOB}


class RowValidator:
    """Validates rows against the units the importing user may write to and NRPs held elsewhere."""

    def __init__(self, *, units: dict[str, int], foreign_nrps: set[str]):
        self.units = units  # lower-cased unit code and name -> unit id
        self.foreign_nrps = foreign_nrps
        self.seen: dict[str, int] = {}
        self.errors: list[dict] = []

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})

    def validate(self, row: int, cells: dict[str, str]) -> CleanRow | None:
        before = len(self.errors)
        nrp = self._nrp(row, cells.get("NRP", ""))
        name = cells.get("Nama", "")
        if not name:
            self.error(row, "Nama", "Nama wajib diisi.")
        rank = RANKS.get(cells.get("Pangkat", "").lower())
        if rank is None:
            self.error(row, "Pangkat", f"Pangkat '{cells.get('Pangkat', '')}' tidak dikenal (contoh: Bripda, Aiptu).")
        unit_id = self.units.get(cells.get("Satuan", "").lower())
        if unit_id is None:
            self.error(row, "Satuan", f"Satuan '{cells.get('Satuan', '')}' tidak ada dalam cakupan Anda.")
        function = FUNCTIONS.get((cells.get("Fungsi") or "samapta").lower())
        if function is None:
            self.error(row, "Fungsi", f"Fungsi '{cells.get('Fungsi')}' tidak dikenal (contoh: Samapta, Lantas).")
        lat, lon = self._coords(row, cells.get("Lintang", ""), cells.get("Bujur", ""))
        if len(self.errors) > before:
            return None
        phone = cells.get("Telepon", "")[:20]
        return CleanRow(row, nrp, name[:150], rank, unit_id, function, lat, lon, phone)

    def _nrp(self, row: int, nrp: str) -> str:
        if not NRP_RE.match(nrp):
            self.error(row, "NRP", f"NRP '{nrp}' tidak valid: harus 8–18 angka.")
        elif nrp in self.seen:
            self.error(row, "NRP", f"NRP {nrp} ganda: sudah ada di baris {self.seen[nrp]}.")
        elif nrp in self.foreign_nrps:
            self.error(row, "NRP", f"NRP {nrp} sudah terdaftar di satuan di luar cakupan Anda.")
        self.seen.setdefault(nrp, row)
        return nrp

    def _coords(self, row: int, lat_text: str, lon_text: str) -> tuple[float | None, float | None]:
        if not lat_text and not lon_text:
            return None, None
        lat = self._number(row, "Lintang", lat_text, -11.5, 6.5)
        lon = self._number(row, "Bujur", lon_text, 94.5, 141.5)
        return lat, lon

    def _number(self, row: int, column: str, text: str, low: float, high: float) -> float | None:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self.error(row, column, f"{column} '{text}' bukan angka (isi keduanya, Lintang dan Bujur, atau kosongkan).")
            return None
        if not low <= value <= high:
            self.error(row, column, f"{column} {value} di luar wilayah Indonesia ({low} s.d. {high}).")
            return None
        return value
