"""Reading official boundary files: a GeoJSON FeatureCollection or a zipped ESRI Shapefile of kecamatan/desa
polygons (BIG, BPS or a Pemda GIS office). No Django here: the service in boundaries.py matches and stores.

Everything untrusted is bounded: the upload size, the zip (member count, declared and actual unpacked size, so a
zip bomb stops after a few megabytes), the vertex count per outline, and every coordinate must lie in Indonesia
(a Shapefile in a projected system such as UTM is refused with a hint, never drawn in the sea)."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from siaga.engine.simplify import simplify_polygons, vertex_count

MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_FEATURES = 20_000
MAX_VERTICES_IN = 500_000  # per feature, as delivered
MAX_VERTICES_STORED = 4_000  # per feature, after simplification
# Indonesia with a margin: Sabang to Merauke, Miangas to Rote
LON_RANGE = (94.0, 142.0)
LAT_RANGE = (-11.5, 6.5)


class BoundaryFileError(ValueError):
    """The whole file is unusable (message in Bahasa Indonesia)."""


@dataclass
class BoundaryFeature:
    index: int  # 1-based position in the file, as reported to the user
    properties: dict
    polygons: list = field(default_factory=list)  # MultiPolygon coordinates: [polygon[ring[[lon, lat]]]]
    error: str = ""
    simplified: bool = False

    @property
    def geometry(self) -> dict:
        if len(self.polygons) == 1:
            return {"type": "Polygon", "coordinates": self.polygons[0]}
        return {"type": "MultiPolygon", "coordinates": self.polygons}


def read_boundary_file(data: bytes, filename: str) -> list[BoundaryFeature]:
    """Features of a .geojson/.json or .zip (Shapefile) file; per-feature problems are set on `error`."""
    if len(data) > MAX_FILE_BYTES:
        raise BoundaryFileError(f"Berkas terlalu besar: paling besar {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    suffix = PurePosixPath(filename.lower()).suffix
    if suffix in (".geojson", ".json"):
        raw = _geojson_features(data)
    elif suffix == ".zip":
        raw = _shapefile_features(data)
    else:
        raise BoundaryFileError("Format berkas tidak didukung: unggah GeoJSON (.geojson) atau Shapefile dalam .zip.")
    if not raw:
        raise BoundaryFileError("Berkas tidak berisi satu pun fitur batas wilayah.")
    if len(raw) > MAX_FEATURES:
        raise BoundaryFileError(f"Berkas berisi {len(raw)} fitur; paling banyak {MAX_FEATURES}.")
    return [_feature(i, props, geometry) for i, (props, geometry) in enumerate(raw, start=1)]


def _geojson_features(data: bytes) -> list[tuple[dict, dict | None]]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BoundaryFileError("Berkas GeoJSON tidak dapat dibaca (bukan JSON yang sah).") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise BoundaryFileError("GeoJSON harus berupa FeatureCollection.")
    crs = ((doc.get("crs") or {}).get("properties") or {}).get("name", "") if isinstance(doc.get("crs"), dict) else ""
    if crs and not any(tag in crs.upper() for tag in ("4326", "CRS84", "WGS84", "WGS 84")):
        raise BoundaryFileError(f"Sistem koordinat {crs} tidak didukung: gunakan WGS84 (EPSG:4326).")
    out = []
    for feat in doc["features"]:
        if not isinstance(feat, dict):
            out.append(({}, None))
            continue
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        out.append((props, feat.get("geometry") if isinstance(feat.get("geometry"), dict) else None))
    return out


def _unzip(data: bytes) -> dict[str, bytes]:
    """The members of a zip, refusing bombs: limits on count and on the bytes actually inflated."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise BoundaryFileError("Berkas .zip rusak atau bukan zip.") from exc
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        raise BoundaryFileError(f"Zip berisi {len(members)} berkas; paling banyak {MAX_ZIP_MEMBERS}.")
    if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise BoundaryFileError("Isi zip terlalu besar setelah dibuka.")
    wanted = (".shp", ".dbf", ".shx", ".cpg", ".prj")
    out: dict[str, bytes] = {}
    budget = MAX_UNZIPPED_BYTES
    for member in members:
        name = PurePosixPath(member.filename).name
        if name.startswith(".") or PurePosixPath(name.lower()).suffix not in wanted:
            continue
        chunks = []
        try:
            with archive.open(member) as handle:
                while chunk := handle.read(1 << 20):  # the declared size may lie: count what is inflated
                    budget -= len(chunk)
                    if budget < 0:
                        raise BoundaryFileError("Isi zip terlalu besar setelah dibuka.")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError) as exc:
            raise BoundaryFileError(f"Berkas {name} di dalam zip tidak dapat dibuka.") from exc
        out[member.filename] = b"".join(chunks)
    return out


def _shapefile_features(data: bytes) -> list[tuple[dict, dict | None]]:
    import shapefile  # pyshp

    files = _unzip(data)
    shp_names = sorted(n for n in files if n.lower().endswith(".shp"))
    if not shp_names:
        raise BoundaryFileError("Zip tidak berisi berkas .shp.")
    if len(shp_names) > 1:
        raise BoundaryFileError("Zip berisi lebih dari satu Shapefile: unggah satu lapis (kecamatan atau desa) saja.")
    stem = shp_names[0][:-4]

    def part(ext: str) -> bytes | None:
        return next((v for k, v in files.items() if k[:-4] == stem and k[-4:].lower() == ext), None)

    dbf = part(".dbf")
    if dbf is None:
        raise BoundaryFileError("Zip tidak berisi berkas .dbf (atribut kode/nama wilayah).")
    prj = (part(".prj") or b"").decode("latin-1").upper()
    if prj and "PROJCS" in prj:
        raise BoundaryFileError(
            "Shapefile memakai koordinat terproyeksi (mis. UTM): ekspor ulang dalam WGS84 (EPSG:4326)."
        )
    encoding = (part(".cpg") or b"").decode("latin-1").strip() or "utf-8"
    shx = part(".shx")
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(files[shp_names[0]]),
            dbf=io.BytesIO(dbf),
            shx=io.BytesIO(shx) if shx is not None else None,
            encoding=encoding if encoding.lower() != "system" else "utf-8",
            encodingErrors="replace",
        )
        out = []
        for record in reader.iterShapeRecords():
            props = record.record.as_dict()
            geometry = None if record.shape.shapeType == shapefile.NULL else record.shape.__geo_interface__
            out.append((props, geometry))
        return out
    except (shapefile.ShapefileException, LookupError, ValueError, struct.error, IndexError) as exc:
        raise BoundaryFileError(f"Shapefile tidak dapat dibaca: {exc}") from exc


def _feature(index: int, props: dict, geometry: dict | None) -> BoundaryFeature:
    feature = BoundaryFeature(index=index, properties={str(k): v for k, v in (props or {}).items()})
    if geometry is None:
        feature.error = "tidak memiliki geometri"
        return feature
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords
    else:
        feature.error = f"geometri {kind or 'kosong'} bukan Polygon/MultiPolygon"
        return feature
    try:
        polygons = [[[[float(p[0]), float(p[1])] for p in ring] for ring in polygon] for polygon in polygons]
    except (TypeError, ValueError, IndexError):
        feature.error = "koordinat tidak sah"
        return feature
    feature.error = _validate(polygons)
    if feature.error:
        return feature
    if vertex_count(polygons) > MAX_VERTICES_STORED:
        polygons = simplify_polygons(polygons, MAX_VERTICES_STORED)
        feature.simplified = True
    feature.polygons = [[[[round(x, 6), round(y, 6)] for x, y in ring] for ring in polygon] for polygon in polygons]
    return feature


def _validate(polygons: list) -> str:
    if not polygons or not all(polygon for polygon in polygons):
        return "poligon kosong"
    total = vertex_count(polygons)
    if total > MAX_VERTICES_IN:
        return f"terlalu banyak titik ({total}; paling banyak {MAX_VERTICES_IN})"
    for polygon in polygons:
        for ring in polygon:
            if len(ring) < 4:
                return "cincin poligon kurang dari 4 titik"
            if ring[0] != ring[-1]:
                return "cincin poligon tidak tertutup (titik awal dan akhir berbeda)"
            for lon, lat in ring:
                if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                    return (
                        f"koordinat ({lon:g}, {lat:g}) di luar Indonesia; pastikan berkas memakai WGS84 "
                        "(bujur, lintang)"
                    )
    return ""
