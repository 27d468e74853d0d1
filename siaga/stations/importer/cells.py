"""TPS cell parsers (custom column parsers of the import framework): each returns the value or raises CellError
with a message in Bahasa Indonesia. Values arrive cleaned (no NUL/control characters, finite numbers)."""

import re

from siaga.core.imports import CellError, normalise, quote
from siaga.core.imports.columns import blank, parse_int
from siaga.core.imports.columns import parse_coordinate as _coordinate


def parse_count(value, *, required: bool = True) -> int:
    if blank(value):
        if required:
            raise CellError("Wajib diisi (angka 0 atau lebih).")
        return 0
    if isinstance(value, bool):
        raise CellError(f"{quote(value)} bukan angka.")
    number = parse_int(value, label="Jumlah")
    if number < 0:
        raise CellError(f"Jumlah pemilih tidak boleh negatif ({number}).")
    if number > 100_000:
        raise CellError(f"Jumlah pemilih {number} tidak wajar untuk satu TPS.")
    return number


def parse_optional_count(value) -> int:
    return parse_count(value, required=False)


def parse_tps_number(value) -> int:
    if blank(value):
        raise CellError("Nomor TPS wajib diisi.")
    text = re.sub(r"^tps\s*", "", str(value).strip(), flags=re.IGNORECASE)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit() or not 0 < int(text) < 100_000:
        raise CellError(f"Nomor TPS {quote(value)} tidak valid (harus angka 1 atau lebih).")
    return int(text)


def parse_lat(value) -> float | None:
    return None if blank(value) else _coordinate(value, axis="lat")


def parse_lon(value) -> float | None:
    return None if blank(value) else _coordinate(value, axis="lon")


def parse_desa_code(value) -> str | None:
    if blank(value):
        return None
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if re.fullmatch(r"\d{10}", text):
        text = f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    if not re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", text):
        raise CellError(f"Kode desa {quote(value)} tidak sesuai format Kemendagri (contoh: 35.09.01.2001).")
    return text


_SPECIAL = {
    "": "",
    "tidak": "",
    "bukan": "",
    "biasa": "",
    "reguler": "",
    "0": "",
    "lapas": "lapas",
    "rutan": "lapas",
    "lapas rutan": "lapas",
    "lp": "lapas",
    "lembaga pemasyarakatan": "lapas",
    "rumah tahanan": "lapas",
    "rumah sakit": "rumah_sakit",
    "rs": "rumah_sakit",
    "rsud": "rumah_sakit",
    "pesantren": "pesantren",
    "ponpes": "pesantren",
    "pondok pesantren": "pesantren",
    "terpencil": "terpencil",
    "sulit dijangkau": "terpencil",
    "terpencil sulit dijangkau": "terpencil",
    "daerah terpencil": "terpencil",
}


def parse_special(value) -> str:
    if blank(value):
        return ""
    key = normalise(value)
    if key in _SPECIAL:
        return _SPECIAL[key]
    for prefix, code in (("lapas", "lapas"), ("rutan", "lapas"), ("rs ", "rumah_sakit"), ("pondok", "pesantren")):
        if key.startswith(prefix):
            return code
    raise CellError(
        f"Lokasi khusus {quote(value)} tidak dikenal (isi kosong, Lapas/Rutan, Rumah Sakit, Pesantren atau Terpencil)."
    )
