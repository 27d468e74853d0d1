"""Rows out of a CSV or XLSX file as (spreadsheet row number, tuple of cell values)."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook


class FileFormatError(ValueError):
    pass


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileFormatError("Berkas CSV tidak dapat dibaca (encoding tidak dikenal). Simpan sebagai CSV UTF-8.")


def read_rows(path: str | Path, filename: str) -> tuple[int, Iterator[tuple[int, tuple]]]:
    """(estimated number of rows, iterator over rows). XLSX: first sheet, read-only, values only."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx(path)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _csv(path)
    raise FileFormatError("Format berkas tidak didukung: gunakan .xlsx atau .csv.")


def _csv(path) -> tuple[int, Iterator[tuple[int, tuple]]]:
    text = _decode(Path(path).read_bytes())
    sample = text[:4096]
    delimiter = max((";", ",", "\t"), key=sample.count)
    lines = text.count("\n") + 1
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return lines, ((n, tuple(row)) for n, row in enumerate(reader, start=1))


def _xlsx(path) -> tuple[int, Iterator[tuple[int, tuple]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file problem
        raise FileFormatError(f"Berkas XLSX tidak dapat dibuka: {exc}") from exc
    sheet = workbook.worksheets[0]
    total = sheet.max_row or 0

    def rows():
        try:
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        finally:
            workbook.close()

    return total, rows()
