"""Rows out of an uploaded CSV or XLSX, with bounded memory: (spreadsheet row number, tuple of cell values).

CSV: the encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM or by its NUL pattern, cp1252, latin-1)
and the delimiter sniffed among , ; tab | (comma when nothing is conclusive). XLSX: the zip is inspected before
openpyxl opens it (total and per-part uncompressed size, compression ratio, shared-strings size), then the first
sheet is streamed read-only with cached formula values. Every cell is capped in length. Each failure is an
ImportFileError with a message in Bahasa Indonesia.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

MB = 1024 * 1024
MAX_CELL_CHARS = 2000
MAX_COLUMNS = 100
XLSX_MAX_TOTAL = 40 * MB  # all parts, uncompressed
XLSX_MAX_SHEET = 30 * MB  # one worksheet part, uncompressed (streamed)
XLSX_MAX_SHARED_STRINGS = 8 * MB  # loaded whole by openpyxl
XLSX_MAX_OTHER_PART = 4 * MB  # styles, workbook, relationships: parsed whole
XLSX_MAX_RATIO = 200  # uncompressed / compressed, for parts above 1 MB
DELIMITERS = (",", ";", "\t", "|")
SUFFIXES = (".csv", ".txt", ".xlsx")

Row = tuple[int, tuple]


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


def _n(number: int) -> str:
    """A count as written in Indonesian: 200.001."""
    return f"{number:,}".replace(",", ".")


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",") + " MB"


def open_rows(path: str | Path, filename: str, *, max_rows: int) -> tuple[int, Iterator[Row]]:
    """(estimated row count for the progress bar, rows of the first sheet); raises ImportFileError, also while
    iterating."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFileError("Format berkas tidak didukung: gunakan .xlsx atau .csv.")
    estimate, rows = _xlsx(Path(path)) if suffix == ".xlsx" else _csv(Path(path))
    return min(estimate, max_rows), _bounded(rows, max_rows)


def read_rows(path: str | Path, filename: str, *, max_rows: int) -> Iterator[Row]:
    return open_rows(path, filename, max_rows=max_rows)[1]


def _bounded(rows: Iterator[Row], max_rows: int) -> Iterator[Row]:
    for number, cells in rows:
        if number > max_rows:
            raise ImportFileError(f"Berkas berisi lebih dari {_n(max_rows)} baris; bagi menjadi beberapa berkas.")
        if len(cells) > MAX_COLUMNS:
            cells = cells[:MAX_COLUMNS]
        end = len(cells)
        while end and cells[end - 1] is None:  # read-only XLSX pads rows to the sheet's width
            end -= 1
        cells = tuple(cells[:end])
        for index, value in enumerate(cells):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ImportFileError(
                    f"Baris {number}, kolom ke-{index + 1}: isi sel terlalu panjang "
                    f"({_n(len(value))} karakter; paling banyak {_n(MAX_CELL_CHARS)})."
                )
        yield number, cells


# --- CSV -----------------------------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """Text of a CSV file in whichever encoding a spreadsheet or a KPU system saved it."""
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, encoding in boms:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                raise ImportFileError("Berkas CSV rusak: isinya tidak sesuai penanda encoding-nya.") from None
    sample = raw[:4000]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):  # UTF-16 without BOM: every other byte NUL
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("Encoding berkas CSV tidak dikenal. Simpan ulang sebagai CSV UTF-8.")  # pragma: no cover


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields most often."""
    lines = [line for line in text[:20000].splitlines()[:30] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        widths = [c for c in counts if c > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv(path: Path) -> tuple[int, Iterator[Row]]:
    text = decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    return text.count("\n") + 1, _csv_rows(reader)


def _csv_rows(reader) -> Iterator[Row]:
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ImportFileError(
                f"Baris {number + 1}: isi sel terlalu panjang atau tanda kutip tidak ditutup."
            ) from None
        number += 1
        yield number, tuple(row)


# --- XLSX ----------------------------------------------------------------------------------------------------


def check_xlsx(path: Path) -> None:
    """Refuse a zip that would expand beyond the caps before any XML is parsed."""
    if not zipfile.is_zipfile(path):
        raise ImportFileError("Berkas bukan XLSX yang sah (bukan arsip Excel). Simpan ulang sebagai .xlsx atau .csv.")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError("Berkas XLSX rusak dan tidak dapat dibuka.") from None
    total = sum(info.file_size for info in infos)
    if total > XLSX_MAX_TOTAL:
        raise ImportFileError(
            f"Isi berkas XLSX terlalu besar setelah diekstrak ({_mb(total)}; paling banyak {_mb(XLSX_MAX_TOTAL)})."
        )
    for info in infos:
        name = info.filename.lower()
        if name.startswith("xl/worksheets/"):
            cap = XLSX_MAX_SHEET
        elif name == "xl/sharedstrings.xml":
            cap = XLSX_MAX_SHARED_STRINGS
        else:
            cap = XLSX_MAX_OTHER_PART
        if info.file_size > cap:
            raise ImportFileError(
                f"Bagian '{info.filename[:60]}' dalam berkas XLSX terlalu besar ({_mb(info.file_size)}; "
                f"paling banyak {_mb(cap)})."
            )
        if info.file_size > MB and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1):
            raise ImportFileError(
                "Berkas XLSX ditolak: rasio kompresinya tidak wajar (kemungkinan zip bomb). "
                "Simpan ulang dari aplikasi spreadsheet."
            )


def _xlsx(path: Path) -> tuple[int, Iterator[Row]]:
    from openpyxl import load_workbook

    check_xlsx(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        estimate = int(sheet.max_row or 0) if sheet is not None else 0
    except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file problem
        raise ImportFileError("Berkas XLSX tidak dapat dibuka; simpan ulang dari aplikasi spreadsheet.") from None
    if sheet is None:
        workbook.close()
        raise ImportFileError("Berkas XLSX tidak berisi lembar kerja.")
    return estimate, _xlsx_rows(workbook, sheet)


def _xlsx_rows(workbook, sheet) -> Iterator[Row]:
    try:
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception:  # noqa: BLE001 - a corrupt part surfaces while streaming
                raise ImportFileError(f"Berkas XLSX rusak setelah baris {number}; simpan ulang berkasnya.") from None
            number += 1
            yield number, cells
    finally:
        workbook.close()
