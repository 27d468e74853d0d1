"""Input checks at the engine boundary: coordinates and settings the solvers cannot work with.

A NaN, infinite or out-of-range coordinate would otherwise fail deep inside a solver (min-cost flow
"BAD_COST_RANGE", scipy "must be finite") or, worse, silently distort distances. plan(), replan() and the
benchmark helpers call ``validate_inputs`` first and raise ``PlanInputError``, whose message (Bahasa Indonesia)
names every bad TPS, officer and reserve site. ``None`` stays the documented "unknown" for a TPS location or an
officer's home base; a reserve site must have coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Officer, PlanConfig, ReserveSite, Station

SHOWN = 10  # bad rows named in the message; the rest are counted


@dataclass(frozen=True, slots=True)
class InputIssue:
    """One bad input: kind ("tps", "personel", "lokasi_cadangan", "pengaturan"), its id and the reason."""

    kind: str
    ref: int | str | None
    reason: str


class PlanInputError(ValueError):
    """Planner input the solvers cannot use; ``issues`` lists every bad row, the message names them."""

    def __init__(self, issues: Sequence[InputIssue]) -> None:
        self.issues = list(issues)
        shown = "; ".join(_describe(i) for i in self.issues[:SHOWN])
        more = len(self.issues) - SHOWN
        tail = f"; dan {more} lainnya" if more > 0 else ""
        super().__init__(f"Data masukan plotting tidak sah: {shown}{tail}.")


LABELS = {"tps": "TPS", "personel": "personel", "lokasi_cadangan": "lokasi cadangan", "pengaturan": "pengaturan"}


def _describe(issue: InputIssue) -> str:
    label = LABELS.get(issue.kind, issue.kind)
    return f"{label} {issue.ref}: {issue.reason}" if issue.ref is not None else f"{label}: {issue.reason}"


def coordinate_problem(lat: object, lon: object, *, required: bool = False) -> str | None:
    """Why (lat, lon) is unusable, in Bahasa Indonesia, or None when it is fine.

    Both None (or either None) means "no location", which is fine unless ``required``.
    """
    if lat is None or lon is None:
        return "koordinat wajib diisi" if required else None
    try:
        lat_f, lon_f = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"koordinat bukan angka (lintang {lat!r}, bujur {lon!r})"
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        return f"koordinat bukan angka terhingga (lintang {lat_f}, bujur {lon_f})"
    if not (-90.0 <= lat_f <= 90.0 and -180.0 <= lon_f <= 180.0):
        return f"koordinat di luar rentang (lintang {lat_f:g} harus -90..90, bujur {lon_f:g} harus -180..180)"
    return None


def input_issues(
    stations: Iterable[Station] = (), officers: Iterable[Officer] = (), sites: Iterable[ReserveSite] = ()
) -> list[InputIssue]:
    issues = [InputIssue("tps", s.id, why) for s in stations if (why := coordinate_problem(s.lat, s.lon)) is not None]
    issues += [
        InputIssue("personel", o.id, why) for o in officers if (why := coordinate_problem(o.lat, o.lon)) is not None
    ]
    issues += [
        InputIssue("lokasi_cadangan", s.id, why)
        for s in sites
        if (why := coordinate_problem(s.lat, s.lon, required=True)) is not None
    ]
    return issues


def _finite(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def config_issues(config: PlanConfig) -> list[InputIssue]:
    """Settings that would make travel times, the reserve or the response radius meaningless."""
    issues = []
    checks = (
        ("speed_kmh", "kecepatan (km/jam)", lambda v: v > 0),
        ("circuity", "faktor jalan", lambda v: v > 0),
        ("response_minutes", "waktu tanggap (menit)", lambda v: v > 0),
        ("reserve_fraction", "porsi cadangan", lambda v: 0 <= v < 1),
        ("reserve_team_size", "ukuran tim cadangan", lambda v: v >= 1 and v == int(v)),
        ("pool_penalty_minutes", "penalti personel Polres (menit)", lambda v: v >= 0),
        ("out_of_sector_penalty_minutes", "penalti di luar sektor (menit)", lambda v: v >= 0),
        ("merge_radius_km", "radius penggabungan pos (km)", lambda v: v >= 0),
    )
    for name, label, ok in checks:
        raw = getattr(config, name)
        value = _finite(raw)
        if value is None or not ok(value):
            issues.append(InputIssue("pengaturan", None, f"nilai {label} tidak sah: {raw!r}"))
    return issues


def validate_inputs(
    stations: Iterable[Station] = (),
    officers: Iterable[Officer] = (),
    sites: Iterable[ReserveSite] = (),
    config: PlanConfig | None = None,
) -> None:
    """Raise PlanInputError naming every bad coordinate (and bad setting, when ``config`` is given)."""
    issues = input_issues(stations, officers, sites) + (config_issues(config) if config is not None else [])
    if issues:
        raise PlanInputError(issues)
