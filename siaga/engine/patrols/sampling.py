"""Turn coverage probabilities into one concrete, reproducible-but-unpredictable set of objects per shift."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from .models import ObjectId


def shift_rng(seed: int | str, day: str, period: str = "") -> np.random.Generator:
    """RNG for one day/period, derived from the secret ``seed`` with SHA-256 (no seed, no prediction)."""
    digest = hashlib.sha256(f"siaga-patrol|{seed}|{day}|{period}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "big"))


def comb_sample(probabilities: Sequence[float], rng: np.random.Generator) -> list[int]:
    """Systematic (comb) sampling over a random permutation: Pr[i chosen] == p_i exactly.

    With sum(p) an integer m (within 1e-6) exactly m distinct indices are returned; otherwise floor or ceil of
    the sum. Returns sorted indices.
    """
    p = np.clip(np.asarray(probabilities, dtype=float), 0.0, 1.0)
    total = float(p.sum())
    if total <= 1e-12:
        return []
    perm = rng.permutation(len(p))
    cum = np.cumsum(p[perm])
    offset = rng.random()
    size = round(total)
    if abs(total - size) < 1e-6:
        cum *= size / cum[-1]
        points = offset + np.arange(size)
    else:
        points = offset + np.arange(int(np.ceil(total)))
        points = points[points < cum[-1]]
    picks = np.minimum(np.searchsorted(cum, points, side="right"), len(p) - 1)
    return sorted(set(perm[picks].tolist()))


def draw_schedule(coverage: Mapping[ObjectId, float], seed: int | str, day: str, period: str = "") -> list[ObjectId]:
    """Objects to patrol on ``day``/``period``: each id is drawn with its coverage probability."""
    ids = list(coverage)
    chosen = comb_sample([coverage[i] for i in ids], shift_rng(seed, day, period))
    return [ids[i] for i in chosen]
