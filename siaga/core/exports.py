"""Escaping for spreadsheet exports (CSV and XLSX): a text cell that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) is prefixed with a quote, so `=HYPERLINK(...)` typed into a
name or address comes back as text. Numbers stay numbers (a negative coordinate is not text)."""

import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def safe_cell(value):
    """The value to write into a CSV or XLSX cell."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]


def safe_workbook(workbook) -> None:
    """Escape every text cell of a (not write-only) openpyxl workbook in place, before it is saved."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    escaped = safe_cell(cell.value)
                    if escaped is not cell.value:
                        cell.value = escaped
