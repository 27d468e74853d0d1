"""Boundary files built on the fly for the import tests: GeoJSON dicts and zipped Shapefiles (pyshp)."""

from __future__ import annotations

import io
import json
import math
import zipfile

import shapefile

WGS84_PRJ = (
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
)


def square(lon: float, lat: float, size: float = 0.01) -> list:
    """A closed counter-clockwise ring around (lon, lat)."""
    h = size / 2
    return [[lon - h, lat - h], [lon + h, lat - h], [lon + h, lat + h], [lon - h, lat + h], [lon - h, lat - h]]


def circle(lon: float, lat: float, n: int, radius: float = 0.02) -> list:
    ring = [
        [lon + radius * math.cos(2 * math.pi * k / n), lat + radius * math.sin(2 * math.pi * k / n)] for k in range(n)
    ]
    return ring + [ring[0]]


def feature(props: dict, ring: list | None = None, *, geometry: dict | None = None) -> dict:
    geom = geometry if geometry is not None else {"type": "Polygon", "coordinates": [ring]}
    return {"type": "Feature", "properties": props, "geometry": geom}


def geojson_bytes(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def shapefile_zip(records: list[tuple[dict, list]], *, prj: str = WGS84_PRJ, name: str = "batas_desa") -> bytes:
    """A zipped Shapefile: `records` are (attributes, ring) pairs; every attribute is a text field."""
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    writer = shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON)
    for key in records[0][0]:
        writer.field(key, "C", size=60)
    for attrs, ring in records:
        writer.poly([list(reversed(ring))])  # Shapefile outer rings run clockwise
        writer.record(*attrs.values())
    writer.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.shp", shp.getvalue())
        archive.writestr(f"{name}.shx", shx.getvalue())
        archive.writestr(f"{name}.dbf", dbf.getvalue())
        if prj:
            archive.writestr(f"{name}.prj", prj)
    return out.getvalue()
