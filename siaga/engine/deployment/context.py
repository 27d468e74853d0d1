"""Shared working state of one planning run: posts, locations with fallbacks, officer arrays."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .grouping import Draft, StationArrays, centroid
from .model import Officer, Pattern, Plan, Post, Problem, Station
from .staffing import NO_SECTOR, Side


@dataclass(slots=True)
class Locator:
    """Fallback positions: desa centroid, then sector centroid, then centroid of all located TPS."""

    desa: dict[int, tuple[float, float]]
    sector: dict[int, tuple[float, float]]
    overall: tuple[float, float]

    @classmethod
    def build(cls, stations: Sequence[Station], arrays: StationArrays) -> Locator:
        desa_acc: dict[int, list[int]] = defaultdict(list)
        sector_acc: dict[int, list[int]] = defaultdict(list)
        for i in np.flatnonzero(arrays.located):
            desa_acc[stations[i].desa_id].append(int(i))
            sector_acc[stations[i].sector_id].append(int(i))
        overall = centroid(np.flatnonzero(arrays.located).tolist(), arrays) or (0.0, 0.0)
        return cls(
            {k: centroid(v, arrays) for k, v in desa_acc.items()},
            {k: centroid(v, arrays) for k, v in sector_acc.items()},
            overall,
        )

    def for_sector(self, sector_id: int | None) -> tuple[float, float]:
        return self.sector.get(sector_id, self.overall) if sector_id is not None else self.overall

    def for_post(self, post: Post) -> tuple[float, float]:
        if post.lat is not None and post.lon is not None:
            return post.lat, post.lon
        for desa in post.desa_ids:
            if desa in self.desa:
                return self.desa[desa]
        return self.for_sector(post.sector_id)


@dataclass(slots=True)
class Context:
    stations: Sequence[Station]
    arrays: StationArrays
    locator: Locator
    officers: list[Officer]  # available officers only
    off_side: Side = field(init=False)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        pts = np.empty((len(self.officers), 2))
        for i, o in enumerate(self.officers):
            if o.lat is None or o.lon is None:
                pts[i] = self.locator.for_sector(o.sector_id)
                msg = f"Personel {o.id} tidak memiliki lokasi asal; jarak dihitung dari pusat sektornya"
                self.problems.append(Problem("officer_no_home", msg, o.id))
            else:
                pts[i] = (o.lat, o.lon)
        sectors = np.array([NO_SECTOR if o.sector_id is None else o.sector_id for o in self.officers], dtype=np.int64)
        self.off_side = Side(pts, sectors)


def build_posts(
    drafts: Sequence[Draft], ids: Sequence[int], ctx: Context, patterns: Mapping[str, Pattern]
) -> list[Post]:
    posts = []
    for draft, pid in zip(drafts, ids, strict=True):
        pat = patterns[draft.category]
        where = centroid(draft.members, ctx.arrays)
        posts.append(
            Post(
                id=pid,
                category=draft.category,
                station_ids=[ctx.stations[i].id for i in draft.members],
                desa_ids=list(draft.desa_ids),
                sector_id=draft.sector_id,
                lat=None if where is None else round(where[0], 6),
                lon=None if where is None else round(where[1], 6),
                required=pat.polri,
                linmas=math.ceil(pat.linmas * len(draft.members) / pat.tps),
            )
        )
    return posts


def station_problems(stations: Sequence[Station], arrays: StationArrays) -> list[Problem]:
    msg = "TPS {} tidak memiliki koordinat; dikelompokkan menurut desa"
    return [
        Problem("station_no_coords", msg.format(stations[i].id), stations[i].id)
        for i in np.flatnonzero(~arrays.located)
    ]


def inherit_ids(drafts: Sequence[Draft], stations: Sequence[Station], previous: Plan | None) -> list[int]:
    """Post ids: a draft takes the id of the previous post of its category it overlaps most (each used once)."""
    if previous is None:
        return list(range(1, len(drafts) + 1))
    where = {sid: (p.id, p.category) for p in previous.posts for sid in p.station_ids}
    candidates = []
    for d_idx, draft in enumerate(drafts):
        hits = Counter(where.get(stations[i].id) for i in draft.members)
        for (pid, cat), n in ((k, v) for k, v in hits.items() if k is not None):
            if cat == draft.category:
                candidates.append((-n, d_idx, pid))
    ids: list[int | None] = [None] * len(drafts)
    taken: set[int] = set()
    for _, d_idx, pid in sorted(candidates):
        if ids[d_idx] is None and pid not in taken:
            ids[d_idx] = pid
            taken.add(pid)
    nxt = max([p.id for p in previous.posts] + [0]) + 1
    out = []
    for pid in ids:
        out.append(nxt if pid is None else pid)
        nxt += pid is None
    return out
