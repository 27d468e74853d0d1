"""Validate every row of a TPS file before anything is written; collect every error with row and column."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Q

from siaga.regions.models import Region
from siaga.stations.importer import cells
from siaga.stations.importer.headers import HeaderMap, find_header, map_header, normalise

PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class TpsRow:
    row: int
    desa: str
    number: int
    address: str
    lat: float | None
    lon: float | None
    voters_male: int
    voters_female: int
    voters_disabled: int
    special_type: str


class ScopeIndex:
    """The desa inside the election's scope, by code and by (kecamatan name, desa name)."""

    def __init__(self, election):
        prefixes = [r.code for r in election.regions.all()]
        q = Q(pk__in=[]) if not prefixes else Q()
        for code in prefixes:
            q |= Q(code=code) | Q(code__startswith=code + ".")
        desa = Region.objects.filter(q, level=Region.Level.DESA).values_list("code", "name", "parent__name")
        self.codes: set[str] = set()
        self.by_name: dict[tuple[str, str], list[str]] = {}
        for code, name, kec in desa:
            self.codes.add(code)
            self.by_name.setdefault((normalise(kec), normalise(name)), []).append(code)


class RowValidator:
    def __init__(self, header: HeaderMap, scope: ScopeIndex):
        self.header, self.scope = header, scope
        self.errors: list[dict] = []
        self.seen: dict[tuple[str, int], int] = {}
        self.unknown_codes: list[tuple[int, str]] = []  # (row, code) not in scope: resolved at the end

    def error(self, row: int, field: str, message: str) -> None:
        self.errors.append({"row": row, "column": self.header.label(field), "message": message})

    def cell(self, cells_: tuple, field: str):
        index = self.header.fields.get(field)
        return cells_[index] if index is not None and index < len(cells_) else None

    def parse(self, row: int, cells_: tuple, field: str, fn: Callable, **kwargs):
        try:
            return fn(self.cell(cells_, field), **kwargs)
        except cells.CellError as exc:
            self.error(row, field, str(exc)[0].upper() + str(exc)[1:])
            return None

    def desa(self, row: int, cells_: tuple) -> str | None:
        if "desa_code" in self.header.fields and not cells.blank(self.cell(cells_, "desa_code")):
            code = self.parse(row, cells_, "desa_code", cells.parse_desa_code)
            if code and code not in self.scope.codes:
                self.unknown_codes.append((row, code))
                return None
            return code
        return self._desa_by_name(row, cells_)

    def _desa_by_name(self, row: int, cells_: tuple) -> str | None:
        name, kec = self.cell(cells_, "desa_name"), self.cell(cells_, "kecamatan")
        if cells.blank(name) or cells.blank(kec):
            field = "desa_code" if "desa_code" in self.header.fields else "desa_name"
            self.error(row, field, "Desa belum diisi (isi kode desa, atau nama desa/kelurahan dan kecamatan).")
            return None
        codes = self.scope.by_name.get((normalise(kec), normalise(name)), [])
        if len(codes) != 1:
            problem = "tidak ditemukan dalam cakupan pemilihan" if not codes else "bermakna ganda; pakai kode desa"
            self.error(row, "desa_name", f"Desa '{name}' di Kecamatan '{kec}' {problem}.")
            return None
        return codes[0]

    def validate(self, row: int, cells_: tuple) -> TpsRow | None:
        errors_before = len(self.errors) + len(self.unknown_codes)
        number = self.parse(row, cells_, "number", cells.parse_tps_number)
        desa = self.desa(row, cells_)
        values = {
            "voters_male": self.parse(row, cells_, "voters_male", cells.parse_count),
            "voters_female": self.parse(row, cells_, "voters_female", cells.parse_count),
            "voters_disabled": self.parse(row, cells_, "voters_disabled", cells.parse_count, required=False),
            "lat": self.parse(row, cells_, "lat", cells.parse_coordinate, axis="lat"),
            "lon": self.parse(row, cells_, "lon", cells.parse_coordinate, axis="lon"),
            "special_type": self.parse(row, cells_, "special_type", cells.parse_special),
        }
        self._check_pair(row, cells_)
        if number is not None and desa is not None:
            first = self.seen.setdefault((desa, number), row)
            if first != row:
                self.error(row, "number", f"TPS {number} di desa {desa} ganda: sudah ada di baris {first}.")
        if len(self.errors) + len(self.unknown_codes) > errors_before:
            return None
        address = self.cell(cells_, "address")
        return TpsRow(row, desa, number, "" if cells.blank(address) else str(address).strip()[:250], **values)

    def _check_pair(self, row: int, cells_: tuple) -> None:
        for field, other in (("lat", "lon"), ("lon", "lat")):
            if field in self.header.fields or other in self.header.fields:
                raw, raw_other = self.cell(cells_, field), self.cell(cells_, other)
                if cells.blank(raw) and not cells.blank(raw_other):
                    self.error(row, field, "Koordinat harus berpasangan: lintang dan bujur diisi keduanya.")

    def resolve_unknown_codes(self) -> None:
        known = set(Region.objects.filter(code__in={c for _, c in self.unknown_codes}).values_list("code", flat=True))
        for row, code in self.unknown_codes:
            if code in known:
                self.error(row, "desa_code", f"Desa {code} berada di luar cakupan wilayah pemilihan ini.")
            else:
                self.error(row, "desa_code", f"Kode desa {code} tidak ditemukan dalam data wilayah Kemendagri.")
        self.unknown_codes = []


def validate_file(*, election, total: int, rows: Iterator, progress: Callable) -> tuple[list[TpsRow], list[dict], dict]:
    """Return (valid rows, errors, info). Errors list every bad row and column; rows are only usable if none."""
    head = []
    for item in rows:
        head.append(item)
        if len(head) >= 10:
            break
    header_row = find_header(head)
    if header_row is None:
        return [], [{"row": 1, "column": "", "message": "Berkas kosong."}], {}
    header = map_header(*header_row)
    if header.errors:
        return [], header.errors, {"ignored_columns": header.ignored}
    validator = RowValidator(header, ScopeIndex(election))
    valid = _validate_rows(validator, head, rows, header.row, total, progress)
    validator.resolve_unknown_codes()
    validator.errors.sort(key=lambda e: e["row"])
    return valid, validator.errors, {"ignored_columns": header.ignored, "header_row": header.row}


def _validate_rows(validator, head, rows, header_row, total, progress) -> list[TpsRow]:
    valid, count = [], 0
    for number, cells_ in _chain(head, rows):
        if number <= header_row or all(cells.blank(c) for c in cells_):
            continue
        row = validator.validate(number, cells_)
        if row is not None:
            valid.append(row)
        count += 1
        if count % PROGRESS_EVERY == 0:
            progress(number, max(total, number), f"Memeriksa baris {number}…")
    return valid


def _chain(head, rows):
    yield from head
    yield from rows
