"""Exports of the (filtered, restricted) TPS list. The CSV/XLSX headers are the import format, so an export
can be edited and re-imported."""

import csv
import io
import json

from openpyxl import Workbook

from siaga.core.exports import safe_row
from siaga.stations.categories import category_style, category_styles
from siaga.stations.selectors import station_feature

HEADERS = [
    "Kode Desa",
    "Desa/Kelurahan",
    "Kecamatan",
    "No TPS",
    "Alamat",
    "Latitude",
    "Longitude",
    "DPT L",
    "DPT P",
    "Disabilitas",
    "Lokasi Khusus",
    "Polsek",
    "Kategori",
]


def export_rows(qs, *, election=None):
    styles = category_styles(election=election)
    for s in qs:
        yield [
            s.desa_id,
            s.desa.name,
            s.desa.parent.name,
            s.number,
            s.address,
            s.lat,
            s.lon,
            s.voters_male,
            s.voters_female,
            s.voters_disabled,
            s.get_special_type_display() if s.special_type else "",
            s.unit.name if s.unit_id else "",
            category_style(s.category, styles=styles).label,
        ]


def export_csv(qs, *, election=None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for row in export_rows(qs, election=election):
        writer.writerow(safe_row("" if v is None else v for v in row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(qs, *, election=None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("TPS")
    sheet.append(HEADERS)
    for row in export_rows(qs, election=election):
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export_feature(s, style) -> dict:
    return station_feature(
        s,
        style,
        number=s.number,
        desa=s.desa_id,
        desa_name=s.desa.name,
        kecamatan=s.desa.parent.name,
        address=s.address,
        category_label=style.label,
        voters_male=s.voters_male,
        voters_female=s.voters_female,
        voters_disabled=s.voters_disabled,
        polsek=s.unit.name if s.unit_id else "",
    )


def export_geojson(qs, *, election=None) -> bytes:
    """Full attributes for GIS use (the map endpoint sends only what the map needs)."""
    styles = category_styles(election=election)
    located = qs.exclude(lat=None).exclude(lon=None)
    features = [_export_feature(s, category_style(s.category, styles=styles)) for s in located]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")
