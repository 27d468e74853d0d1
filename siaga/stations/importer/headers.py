"""Column headers: the variants KPU offices use, mapped to Station fields."""

import re
from dataclasses import dataclass

# field → (name shown in messages, accepted header variants after normalisation)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("No TPS", ("no tps", "nomor tps", "tps", "no tps tps", "nomer tps", "kode tps")),
    "desa_code": (
        "Kode Desa",
        ("kode desa", "kode kelurahan", "kode wilayah", "kode desa kelurahan", "kode kelurahan desa", "kode desa kel"),
    ),
    "desa_name": (
        "Desa/Kelurahan",
        ("desa kelurahan", "kelurahan desa", "desa", "kelurahan", "nama desa", "nama kelurahan", "desa kel"),
    ),
    "kecamatan": ("Kecamatan", ("kecamatan", "nama kecamatan", "kec")),
    "address": ("Alamat", ("alamat", "alamat tps", "lokasi tps")),
    "lat": ("Latitude", ("latitude", "lintang", "lat")),
    "lon": ("Longitude", ("longitude", "bujur", "lon", "lng", "long")),
    "voters_male": ("DPT L", ("dpt l", "laki laki", "dpt laki laki", "l", "pemilih laki laki", "jumlah dpt l")),
    "voters_female": ("DPT P", ("dpt p", "perempuan", "dpt perempuan", "p", "pemilih perempuan", "jumlah dpt p")),
    "voters_disabled": ("Disabilitas", ("disabilitas", "dpt disabilitas", "pemilih disabilitas", "jumlah disabilitas")),
    "special_type": ("Lokasi Khusus", ("lokasi khusus", "tps khusus", "jenis lokasi khusus", "tps lokasi khusus")),
}
_ALIASES = {alias: field for field, (_, aliases) in COLUMNS.items() for alias in aliases}
REQUIRED = ("number", "voters_male", "voters_female")


def normalise(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


@dataclass
class HeaderMap:
    row: int  # spreadsheet row number of the header
    fields: dict[str, int]  # field → column index
    labels: dict[str, str]  # field → header text as written in the file
    ignored: list[str]
    errors: list[dict]

    def label(self, field: str) -> str:
        return self.labels.get(field, COLUMNS[field][0])


def _match(cells) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = _ALIASES.get(normalise(cell))
        if field and field not in found:
            found[field] = index
    return found


def find_header(rows: list[tuple[int, tuple]]) -> tuple[int, tuple] | None:
    """The first of the leading rows with at least three recognised headers (title rows are skipped)."""
    best = None
    for number, cells in rows:
        hits = len(_match(cells))
        if hits >= 3:
            return number, cells
        if hits and (best is None or hits > len(_match(best[1]))):
            best = (number, cells)
    return best or (rows[0] if rows else None)


def map_header(number: int, cells: tuple) -> HeaderMap:
    fields, labels, ignored, errors = {}, {}, [], []
    for index, cell in enumerate(cells):
        if cell is None or str(cell).strip() == "":
            continue
        field = _ALIASES.get(normalise(cell))
        if field is None:
            ignored.append(str(cell).strip())
        elif field in fields:
            errors.append(_err(number, str(cell), f"Kolom ganda: '{labels[field]}' dan '{cell}' berarti data sama."))
        else:
            fields[field], labels[field] = index, str(cell).strip()
    for field in REQUIRED:
        if field not in fields:
            errors.append(_missing(number, field))
    if "desa_code" not in fields and not {"desa_name", "kecamatan"} <= fields.keys():
        errors.append(
            _err(
                number,
                "Kode Desa",
                "Kolom 'Kode Desa' tidak ditemukan (atau isi kolom 'Desa/Kelurahan' dan 'Kecamatan').",
            )
        )
    return HeaderMap(number, fields, labels, ignored, errors)


def _missing(number: int, field: str) -> dict:
    name, aliases = COLUMNS[field]
    accepted = ", ".join(f"'{a}'" for a in aliases[:4])
    return _err(number, name, f"Kolom wajib '{name}' tidak ditemukan (nama yang diterima antara lain {accepted}).")


def _err(row: int, column: str, message: str) -> dict:
    return {"row": row, "column": column, "message": message}
