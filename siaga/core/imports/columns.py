"""The declarative column spec of an importer and the cell parsers behind it.

Every cell first goes through `clean_cell`: NUL bytes and control characters are refused, NaN, infinity and
huge numbers are refused; then the column's type parses it. Messages are in Bahasa Indonesia and quote the
offending value cut to a few dozen characters.
"""

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

LAT_RANGE = (-11.5, 6.5)  # Indonesia, with a margin
LON_RANGE = (94.5, 141.5)
MAX_NUMBER = 1e15
QUOTE_CHARS = 40
FORMULA_START = re.compile(r"^[=@+\-]")
CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode Cc except NUL (own message), tab, LF, CR
NUMBER_OR_PHONE = re.compile(r"[+\-]?[\d\s().,/\-]+")  # "-8.2", "+62 (812) 3456-789": not formulas
KINDS = ("str", "int", "float", "date", "choice", "bool", "lat", "lon")
YES = {"ya", "y", "1", "true", "x", "v", "ada", "benar", "✓"}
NO = {"tidak", "t", "n", "0", "false", "-", "tidak ada", "salah"}


class CellError(ValueError):
    """A cell's value is not acceptable; the message is for the user."""


def normalise(text) -> str:
    """Header/choice key: lower case, runs of anything but letters and digits become one space."""
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


def quote(value, limit: int = QUOTE_CHARS) -> str:
    """A value as quoted in an error message: cut, and control characters made visible."""
    text = str(value)
    text = "".join(ch if ch.isprintable() else "�" for ch in text[: limit + 1])
    if len(text) > limit:
        text = text[:limit] + "…"
    return f"'{text}'"


def looks_like_formula(text: str) -> bool:
    """Text a spreadsheet would evaluate: starting with = or @, or with + or - unless it is a number/phone."""
    return bool(FORMULA_START.match(text)) and not NUMBER_OR_PHONE.fullmatch(text)


def clean_cell(value):
    """The raw cell value made safe to parse, or CellError. Blank text becomes None."""
    if value is None or isinstance(value, bool | dt.date | dt.datetime | dt.time):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("Nilai bukan angka yang sah (NaN/tak hingga).")
        if abs(value) > MAX_NUMBER:
            raise CellError("Angka terlalu besar.")
        return value
    if isinstance(value, int):
        if abs(value) > MAX_NUMBER:
            raise CellError("Angka terlalu besar.")
        return value
    text = str(value)
    if "\x00" in text:
        raise CellError("Berisi karakter NUL yang tidak diizinkan; simpan ulang berkas sebagai teks biasa.")
    if CONTROL.search(text):
        raise CellError("Berisi karakter kendali yang tidak diizinkan.")
    text = text.strip()
    return text or None


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "-"))


def as_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code or NRP typed as a number
    return str(value).strip()


def parse_float(value, *, label: str = "Nilai") -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"{label} {quote(value)} bukan angka.") from None
    if not math.isfinite(number):
        raise CellError(f"{label} {quote(value)} bukan angka yang sah.")
    if abs(number) > MAX_NUMBER:
        raise CellError(f"{label} {quote(value)} terlalu besar.")
    return number


def parse_int(value, *, label: str = "Nilai") -> int:
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 1.234 = thousands separator
            value = text.replace(".", "")
    number = parse_float(value, label=label)
    if number != int(number):
        raise CellError(f"{label} {quote(value)} bukan bilangan bulat.")
    return int(number)


def parse_coordinate(value, *, axis: str) -> float:
    name = "Lintang" if axis == "lat" else "Bujur"
    number = parse_float(value, label=name)
    low, high = LAT_RANGE if axis == "lat" else LON_RANGE
    if not low <= number <= high:
        raise CellError(f"{name} {number:g} di luar wilayah Indonesia ({low} s.d. {high}).")
    return number


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    raise CellError(f"Tanggal {quote(value)} tidak dikenal (contoh: 2024-11-27 atau 27/11/2024).")


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    `required`: the header must be present and every row must fill the cell. `parse`: a custom parser called
    with the cleaned value (None when blank) instead of the built-in type; it raises CellError.
    """

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: str = "str"
    max_length: int | None = None
    choices: dict[str, object] = field(default_factory=dict)  # normalised text → value
    min_value: float | None = None
    max_value: float | None = None
    parse: Callable | None = None
    default: object = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    def names(self) -> set[str]:
        return {normalise(self.key), normalise(self.label), *(normalise(a) for a in self.aliases)}

    def value(self, raw):
        """The parsed value of one cell, or CellError."""
        value = clean_cell(raw)
        if self.parse is not None:
            return self.parse(value)
        if blank(value):
            if self.required:
                raise CellError(f"{self.label} wajib diisi.")
            return self.default
        return getattr(self, f"_parse_{self.kind}")(value)

    def _parse_str(self, value) -> str:
        text = as_text(value)
        if self.max_length is not None and len(text) > self.max_length:
            raise CellError(
                f"{self.label} terlalu panjang ({len(text)} karakter; paling banyak {self.max_length}): {quote(text)}."
            )
        if looks_like_formula(text):
            raise CellError(
                f"{self.label} {quote(text)} diawali tanda rumus spreadsheet (=, +, -, @); hapus tanda itu."
            )
        return text

    def _parse_int(self, value) -> int:
        return self._bounded(parse_int(value, label=self.label))

    def _parse_float(self, value) -> float:
        return self._bounded(parse_float(value, label=self.label))

    def _bounded(self, number):
        if self.min_value is not None and number < self.min_value:
            raise CellError(f"{self.label} {number:g} di bawah batas {self.min_value:g}.")
        if self.max_value is not None and number > self.max_value:
            raise CellError(f"{self.label} {number:g} melebihi batas {self.max_value:g}.")
        return number

    def _parse_lat(self, value) -> float:
        return parse_coordinate(value, axis="lat")

    def _parse_lon(self, value) -> float:
        return parse_coordinate(value, axis="lon")

    def _parse_date(self, value) -> dt.date:
        return parse_date(value)

    def _parse_choice(self, value):
        key = normalise(as_text(value))
        if key in self.choices:
            return self.choices[key]
        shown = ", ".join(sorted({str(k) for k in self.choices})[:8])
        raise CellError(f"{self.label} {quote(value)} tidak dikenal (pilihan: {shown}).")

    def _parse_bool(self, value) -> bool:
        key = normalise(as_text(value)) if not isinstance(value, bool) else ("ya" if value else "tidak")
        if key in YES or value in YES:
            return True
        if key in NO:
            return False
        raise CellError(f"Nilai {quote(value)} tidak dikenal: isi 'ya' atau 'tidak'.")
