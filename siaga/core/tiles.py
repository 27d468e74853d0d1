"""Offline basemap: tiles read straight from a local MBTiles file (SQLite), no tile server.

An operations room without internet points `SIAGA_TILES_MBTILES` at an MBTiles file (raster png/jpg/webp for
Leaflet; vector pbf is served too, for other clients). The file is opened read-only; MBTiles stores rows in TMS
order, so the XYZ `y` of the URL is flipped."""

from __future__ import annotations

import hashlib
import html
import logging
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "pbf": "application/x-protobuf",
}
RASTER_FORMATS = {"png", "jpg", "webp"}
MAX_ZOOM = 24
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class TileSet:
    path: str
    format: str  # png | jpg | webp | pbf
    name: str
    attribution: str  # plain text, HTML-escaped (Leaflet renders attribution as HTML)
    minzoom: int | None
    maxzoom: int | None
    bounds: tuple[float, float, float, float] | None  # west, south, east, north

    @property
    def is_raster(self) -> bool:
        return self.format in RASTER_FORMATS


_cache: dict[tuple[str, float], TileSet] = {}


def _connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _bounds(value: str | None) -> tuple[float, float, float, float] | None:
    try:
        west, south, east, north = (float(v) for v in (value or "").split(","))
    except ValueError:
        return None
    if -180 <= west < east <= 180 and -90 <= south < north <= 90:
        return west, south, east, north
    return None


def read_tileset(path: str) -> TileSet:
    """The metadata of an MBTiles file; raises OSError/sqlite3.Error when it is missing or not MBTiles."""
    if not Path(path).is_file():
        raise FileNotFoundError(path)
    with closing(_connect(path)) as conn:
        meta = dict(conn.execute("SELECT name, value FROM metadata").fetchall())
    fmt = (meta.get("format") or "png").strip().lower()
    fmt = {"jpeg": "jpg"}.get(fmt, fmt)
    if fmt not in CONTENT_TYPES:
        raise sqlite3.DatabaseError(f"unsupported tile format {fmt!r}")
    return TileSet(
        path=path,
        format=fmt,
        name=meta.get("name", ""),
        attribution=html.escape(html.unescape(strip_tags(meta.get("attribution", ""))).strip()),
        minzoom=_int(meta.get("minzoom")),
        maxzoom=_int(meta.get("maxzoom")),
        bounds=_bounds(meta.get("bounds")),
    )


def configured_tileset() -> TileSet | None:
    """The tile set of SIAGA_TILES_MBTILES (cached until the file changes), or None when unset or unreadable."""
    path = settings.SIAGA_TILES_MBTILES
    if not path:
        return None
    try:
        key = (path, Path(path).stat().st_mtime)
        if key not in _cache:
            _cache.clear()
            _cache[key] = read_tileset(path)
        return _cache[key]
    except (OSError, sqlite3.Error) as exc:
        log.warning("SIAGA_TILES_MBTILES %s tidak dapat dibaca: %s", path, exc)
        return None


def read_tile(path: str, z: int, x: int, y: int) -> bytes | None:
    """One tile by XYZ address (y counted from the north), or None."""
    row = (1 << z) - 1 - y  # MBTiles rows follow TMS: counted from the south
    with closing(_connect(path)) as conn:
        found = conn.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?", (z, x, row)
        ).fetchone()
    return bytes(found[0]) if found and found[0] is not None else None


TILE_PATH = re.compile(r"([0-9]{1,2})/([0-9]{1,8})/([0-9]{1,8})\.(png|jpg|jpeg|webp|pbf)")


@require_GET
@login_required
def tile(request, tile: str):
    """/peta/ubin/<z>/<x>/<y>.<ext> (XYZ, as Leaflet asks)."""
    tileset = configured_tileset()
    if tileset is None:
        raise Http404("Peta dasar lokal (MBTiles) tidak dipasang.")
    match = TILE_PATH.fullmatch(tile)
    if match is None:
        raise Http404("Ubin peta tidak ada.")
    z_, x_, y_ = int(match[1]), int(match[2]), int(match[3])
    ext = {"jpeg": "jpg"}.get(match[4], match[4])
    if ext != tileset.format or z_ > MAX_ZOOM or x_ >= (1 << z_) or y_ >= (1 << z_):
        raise Http404("Ubin peta tidak ada.")
    try:
        data = read_tile(tileset.path, z_, x_, y_)
    except sqlite3.Error as exc:
        log.warning("MBTiles %s: %s", tileset.path, exc)
        raise Http404("Ubin peta tidak dapat dibaca.") from exc
    if data is None:
        raise Http404("Ubin peta tidak ada.")
    etag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(data, content_type=CONTENT_TYPES[ext])
        if ext == "pbf" and data[:2] == b"\x1f\x8b":
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    # private: tiles sit behind the login, a shared proxy must not hand them to strangers
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    return response
