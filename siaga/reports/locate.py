"""Where a report happened: coordinates or place names → desa → responsible Polsek.

Everything is answered from an in-process index built once per process per Polres (regions, the gazetteer,
Polsek jurisdictions) and refreshed every few minutes, so that the intake path runs no query for it."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from siaga.engine.triage import Gazetteer, GazetteerEntry, Resolution

INDEX_TTL_SECONDS = 300
MAX_DESA_DISTANCE_KM = 15.0
_LEVEL_NAMES = {1: "provinsi", 2: "kabupaten", 3: "kecamatan", 4: "desa"}

# Indonesia's bounding box with a margin (Sabang–Merauke, Miangas–Rote).
LAT_RANGE = (-11.5, 6.5)
LON_RANGE = (94.5, 141.5)


def inside_indonesia(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


@dataclass
class Located:
    unit_id: int
    desa_code: str | None = None
    places: list[dict] = field(default_factory=list)
    # "coordinates", "desa", "text", "ambiguous" (the text names places a person must choose from: `places`
    # holds the candidates, marked "candidate") or "polres" (no place found)
    method: str = "polres"


@dataclass
class LocationIndex:
    polres_id: int
    kabupaten_code: str | None
    desa: list[tuple[str, float, float]]  # (code, lat, lon)
    polsek_by_desa: dict[str, int]
    polsek_by_kec: dict[str, int]
    gazetteer: Gazetteer
    built_at: float = field(default_factory=time.monotonic)

    def unit_for(self, code: str | None) -> int:
        if not code:
            return self.polres_id
        return self.polsek_by_desa.get(code) or self.polsek_by_kec.get(code[:8]) or self.polres_id

    def nearest_desa(self, lat: float, lon: float) -> str | None:
        best, best_d = None, float("inf")
        kx = math.cos(math.radians(lat))
        for code, dlat, dlon in self.desa:
            d = (dlat - lat) ** 2 + ((dlon - lon) * kx) ** 2
            if d < best_d:
                best, best_d = code, d
        if best is None or math.sqrt(best_d) * 111.0 > MAX_DESA_DISTANCE_KM:
            return None
        return best

    def locate(self, *, lat=None, lon=None, desa_code=None, text="") -> Located:
        """Cheapest first: a known desa code, then coordinates (nearest desa); only without either are the
        place names in the text matched (the deferred triage step records the places of every report)."""
        if desa_code and (desa_code in self.polsek_by_desa or self.gazetteer.get(desa_code)):
            return Located(self.unit_for(desa_code), desa_code, method="desa")
        if lat is not None and lon is not None:
            code = self.nearest_desa(lat, lon)
            if code:
                return Located(self.unit_for(code), code, [], "coordinates")
        found = self.resolve(text)
        places = [self.place_dict(m) for m in found.matches[:5]]
        if found.ambiguous:
            # Never resolved silently: the candidates go to a person (the report page), the report stays with
            # the Polsek all candidates share, else with the Polres.
            candidates = [{**self.place_dict(m), "candidate": True} for m in found.candidates]
            return Located(self.unit_for(found.kecamatan_code), None, candidates, "ambiguous")
        if found.desa_code or found.kecamatan_code:
            return Located(self.unit_for(found.desa_code or found.kecamatan_code), found.desa_code, places, "text")
        return Located(self.polres_id, None, places)

    def resolve(self, text: str) -> Resolution:
        """The place the text names (engine rules: context, ranks, ties → ambiguous)."""
        return self.gazetteer.resolve(text[:2000], within=self.kabupaten_code, min_score=0.6)

    def places(self, text: str) -> list[dict]:
        if not text.strip():
            return []
        return [self.place_dict(m) for m in self.resolve(text).matches[:5]]

    def label(self, code: str | None) -> str:
        """ "Desa X, Kec. Y" (kelurahan: "Kel. X, Kec. Y"; a kecamatan: "Kec. Y") from the in-process index."""
        entry = self.gazetteer.get(code) if code else None
        if entry is None:
            return ""
        if entry.level == "kecamatan":
            return f"Kec. {entry.name}"
        parent = self.gazetteer.get(entry.parent_code) if entry.parent_code else None
        return place_label(code, entry.name, parent.name if parent else None)

    def place_dict(self, m) -> dict:
        return {
            "code": m.code,
            "name": m.name,
            "level": m.level,
            "score": round(m.score, 3),
            "text": m.matched_text,
            "label": self.label(m.code),
        }


def place_label(code: str, name: str, kecamatan: str | None) -> str:
    """ "Desa X, Kec. Y" ("Kel. X, Kec. Y" for a kelurahan, whose code's last part starts with 1)."""
    kind = "Kel." if code.rsplit(".", 1)[-1].startswith("1") else "Desa"
    if name.lower().startswith(("desa ", "kel. ", "kelurahan ")):
        kind = ""
    label = f"{kind} {name}".strip()
    return label + (f", Kec. {kecamatan}" if kecamatan else "")


_lock = threading.RLock()
_indexes: dict[int, LocationIndex] = {}
_polres_of_unit: dict[int | None, tuple[int, float]] = {}


def clear_cache() -> None:
    with _lock:
        _indexes.clear()
        _polres_of_unit.clear()


def polres_for_unit(unit) -> int | None:
    """The id of the Polres above (or at) a unit; with no unit, the first Polres of the installation."""
    from siaga.units.models import Unit

    key = getattr(unit, "pk", None)
    cached = _polres_of_unit.get(key)
    if cached and time.monotonic() - cached[1] < INDEX_TTL_SECONDS:
        return cached[0]
    polres = Unit.objects.filter(kind=Unit.Kind.POLRES)
    if unit is not None:
        prefixes = [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "/" and i > 0]
        polres = polres.filter(path__in=prefixes)
    found = polres.order_by("path").values_list("pk", flat=True).first()
    if found is None and unit is not None:
        found = Unit.objects.filter(kind=Unit.Kind.POLRES).order_by("path").values_list("pk", flat=True).first()
    if found is None:
        return None
    _polres_of_unit[key] = (found, time.monotonic())
    return found


def location_index(polres_id: int) -> LocationIndex:
    index = _indexes.get(polres_id)
    if index is not None and time.monotonic() - index.built_at < INDEX_TTL_SECONDS:
        return index
    index = _build_index(polres_id)  # database reads outside the lock (see taxonomy.known_categories)
    with _lock:
        _indexes[polres_id] = index
    return index


def _build_index(polres_id: int) -> LocationIndex:
    from siaga.regions.models import Region
    from siaga.units.models import Unit

    kab = Region.objects.filter(units__pk=polres_id, level=2).values_list("code", flat=True).first()
    if kab is None:
        return LocationIndex(polres_id, None, [], {}, {}, Gazetteer([]))
    rows = list(Region.objects.filter(code__startswith=kab + ".").values_list("code", "name", "level", "parent_id"))
    rows.append((kab, Region.objects.get(pk=kab).name, 2, None))
    gazetteer = Gazetteer([GazetteerEntry(c, n, _LEVEL_NAMES[lv], p) for c, n, lv, p in rows])
    desa = list(
        Region.objects.filter(code__startswith=kab + ".", level=4, lat__isnull=False).values_list("code", "lat", "lon")
    )
    links = Unit.regions.through.objects.filter(
        unit__kind=Unit.Kind.POLSEK, region__code__startswith=kab + "."
    ).values_list("unit_id", "region__code", "region__level")
    by_kec = {code: unit_id for unit_id, code, level in links if level == 3}
    by_desa = {code: unit_id for unit_id, code, level in links if level == 4}
    for code, _, level, _ in rows:
        if level == 4 and code not in by_desa and code[:8] in by_kec:
            by_desa[code] = by_kec[code[:8]]
    return LocationIndex(polres_id, kab, desa, by_desa, by_kec, gazetteer)
