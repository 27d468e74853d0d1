"""A tiny MBTiles file built on the fly (sqlite3 + generated PNGs), for the basemap tests."""

from __future__ import annotations

import gzip
import sqlite3
import struct
import zlib
from pathlib import Path


def png(rgb: tuple[int, int, int], size: int = 4) -> bytes:
    """A solid-colour PNG, written by hand so the tests need no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def build_mbtiles(path: Path, *, fmt: str = "png", tiles: dict | None = None, metadata: dict | None = None) -> Path:
    """`tiles` maps XYZ (z, x, y) to bytes; they are stored in TMS rows as the MBTiles spec requires."""
    meta = {
        "name": "Jember uji",
        "format": fmt,
        "minzoom": "0",
        "maxzoom": "12",
        "bounds": "113.2,-8.5,114.0,-7.9",
        "attribution": '<a href="https://www.openstreetmap.org/copyright">&copy; OpenStreetMap</a>',
    }
    meta.update(metadata or {})
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", list(meta.items()))
    for (z, x, y), data in (tiles or {}).items():
        conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (1 << z) - 1 - y, data))
    conn.commit()
    conn.close()
    return path


def gzipped_pbf() -> bytes:
    return gzip.compress(b"\x1a\x02\x08\x01")
