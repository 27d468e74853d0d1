"""Cell parsers: each returns the value or raises CellError with a message in Bahasa Indonesia."""

import re

from siaga.stations.importer.headers import normalise

LAT_RANGE = (-11.5, 6.5)  # Indonesia, with a margin
LON_RANGE = (94.5, 141.5)


class CellError(ValueError):
    pass


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "-"))


def parse_count(value, *, required: bool = True) -> int:
    if blank(value):
        if required:
            raise CellError("wajib diisi (angka 0 atau lebih).")
        return 0
    if isinstance(value, bool):
        raise CellError(f"'{value}' bukan angka.")
    if isinstance(value, int | float):
        number = value
    else:
        text = str(value).strip().replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 1.234 = thousands separator
            text = text.replace(".", "")
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise CellError(f"'{value}' bukan angka.") from None
    if number != int(number):
        raise CellError(f"'{value}' bukan bilangan bulat.")
    if number < 0:
        raise CellError(f"jumlah pemilih tidak boleh negatif ({int(number)}).")
    return int(number)


def parse_tps_number(value) -> int:
    if blank(value):
        raise CellError("nomor TPS wajib diisi.")
    text = re.sub(r"^tps\s*", "", str(value).strip(), flags=re.IGNORECASE)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit() or int(text) == 0:
        raise CellError(f"nomor TPS '{value}' tidak valid (harus angka 1 atau lebih).")
    return int(text)


def parse_coordinate(value, *, axis: str) -> float | None:
    if blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"koordinat '{value}' tidak valid (contoh: -8.1724).") from None
    low, high = LAT_RANGE if axis == "lat" else LON_RANGE
    if not low <= number <= high:
        name = "lintang" if axis == "lat" else "bujur"
        raise CellError(f"{name} {number} di luar wilayah Indonesia ({low} s.d. {high}).")
    return number


def parse_desa_code(value) -> str:
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if re.fullmatch(r"\d{10}", text):
        text = f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    if not re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", text):
        raise CellError(f"kode desa '{value}' tidak sesuai format Kemendagri (contoh: 35.09.01.2001).")
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
        f"lokasi khusus '{value}' tidak dikenal (isi kosong, Lapas/Rutan, Rumah Sakit, Pesantren atau Terpencil)."
    )
