"""Near-duplicate detection: is a new report about an incident that was already reported?"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from .text import analyze

EARTH_RADIUS_KM = 6371.0088


class ReportRef(NamedTuple):
    """The fields of a report that duplicate detection needs. ``location`` is (lat, lon) in degrees or None.
    ``time`` datetimes must be all naive or all timezone-aware."""

    id: object
    time: datetime
    location: tuple[float, float] | None
    desa_code: str | None
    category: str | None
    text: str


@dataclass(frozen=True, slots=True)
class DuplicateParams:
    """Thresholds. A pair is a duplicate when it is in the same area (distance ≤ ``max_distance_km`` or, when
    either side lacks coordinates, the same desa), within ``max_minutes`` and text similarity ≥
    ``min_text_similarity`` (``min_text_similarity_other_category`` when the categories differ)."""

    max_distance_km: float = 1.5
    max_minutes: float = 120.0
    min_text_similarity: float = 0.3
    min_text_similarity_other_category: float = 0.55
    shingle_size: int = 3


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """The best earlier report for a candidate, with the components of the decision.

    ``score`` in [0, 1] ranks matches: 0.5 × text + 0.25 × proximity + 0.15 × recency + 0.1 × same category.
    """

    report_id: object
    score: float
    text_similarity: float
    token_similarity: float
    shingle_similarity: float
    distance_km: float | None
    same_desa: bool
    minutes_apart: float
    same_category: bool


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@lru_cache(maxsize=8192)
def _features(text: str, shingle_size: int) -> tuple[frozenset[str], frozenset[str]]:
    """(content stems, character shingles of the normalised text)."""
    doc = analyze(text)
    stems = frozenset(doc.content_stems())
    joined = " ".join(doc.tokens)
    shingles = frozenset(joined[i : i + shingle_size] for i in range(max(1, len(joined) - shingle_size + 1)))
    return stems, shingles


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: a short report fully contained in a longer one scores 1."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def text_similarity(a: str, b: str, shingle_size: int = 3) -> tuple[float, float, float]:
    """(combined, token, shingle) similarity in [0, 1].

    token = mean of Jaccard and overlap coefficient on content stems; shingle = Jaccard on character shingles;
    combined = the larger of the two.
    """
    stems_a, sh_a = _features(a, shingle_size)
    stems_b, sh_b = _features(b, shingle_size)
    token = 0.5 * (_jaccard(stems_a, stems_b) + _overlap(stems_a, stems_b))
    shingle = _jaccard(sh_a, sh_b)
    return max(token, shingle), token, shingle


def _area(candidate: ReportRef, other: ReportRef, params: DuplicateParams) -> tuple[bool, float | None, bool]:
    """(same area?, distance in km or None, same desa?)."""
    same_desa = bool(candidate.desa_code) and candidate.desa_code == other.desa_code
    if candidate.location is not None and other.location is not None:
        distance = haversine_km(candidate.location, other.location)
        return distance <= params.max_distance_km, distance, same_desa
    return same_desa, None, same_desa


def compare(candidate: ReportRef, other: ReportRef, params: DuplicateParams | None = None) -> DuplicateMatch | None:
    """The match between two reports, or None when they are not duplicates under ``params``."""
    params = params or DuplicateParams()
    minutes = abs((candidate.time - other.time).total_seconds()) / 60.0
    if minutes > params.max_minutes:
        return None
    same_area, distance, same_desa = _area(candidate, other, params)
    if not same_area:
        return None
    combined, token, shingle = text_similarity(candidate.text, other.text, params.shingle_size)
    same_category = candidate.category is not None and candidate.category == other.category
    needed = params.min_text_similarity if same_category else params.min_text_similarity_other_category
    if combined < needed:
        return None
    proximity = 1.0 - distance / params.max_distance_km if distance is not None else 1.0
    recency = 1.0 - minutes / params.max_minutes if params.max_minutes else 1.0
    score = 0.5 * combined + 0.25 * max(0.0, proximity) + 0.15 * recency + 0.1 * same_category
    return DuplicateMatch(
        other.id, round(score, 4), round(combined, 4), round(token, 4), round(shingle, 4),
        None if distance is None else round(distance, 4), same_desa, round(minutes, 2), same_category,
    )  # fmt: skip


def find_duplicate(
    candidate: ReportRef | tuple, recent: Iterable[ReportRef | tuple], params: DuplicateParams | None = None
) -> DuplicateMatch | None:
    """The best duplicate of ``candidate`` among ``recent`` reports, or None.

    Plain tuples in ``ReportRef`` field order are accepted. A report never matches itself (same id).
    """
    params = params or DuplicateParams()
    cand = ReportRef(*candidate)
    best: DuplicateMatch | None = None
    for raw in recent:
        other = ReportRef(*raw)
        if other.id == cand.id:
            continue
        match = compare(cand, other, params)
        if match is not None and (best is None or match.score > best.score):
            best = match
    return best
