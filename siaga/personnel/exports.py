"""Personnel export in the import format (so that an export can be edited and imported again)."""

import csv
import io

from openpyxl import Workbook

from siaga.core.exports import safe_row
from siaga.personnel.importer import PersonnelImporter

COLUMNS = [column.label for column in PersonnelImporter.columns]  # the import format


def _rows(qs):
    for p in qs.iterator(chunk_size=1000):
        yield [
            p.nrp,
            p.name,
            p.get_rank_display(),
            p.unit.code,
            p.get_function_display(),
            p.home_lat,
            p.home_lon,
            p.phone,
        ]


def personnel_xlsx(qs) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Personel"
    ws.append(COLUMNS)
    for row in _rows(qs):
        ws.append(safe_row(row))
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGH", (20, 32, 10, 34, 18, 11, 11, 16), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def personnel_csv(qs) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for row in _rows(qs):
        writer.writerow(safe_row("" if v is None else v for v in row))
    return buf.getvalue()
