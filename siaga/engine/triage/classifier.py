"""Category suggestion: seed keyword lexicon blended with term counts learned from officer-confirmed reports."""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .lexicon import NEGATED_FACTOR, Lexicon, TermHit, seed_lexicon
from .taxonomy import FALLBACK_CATEGORY, category_map
from .text import Analyzed, analyze

STATE_VERSION = 1
LEARNED_MARK = " (dipelajari)"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A ranked category suggestion.

    ``score`` is the raw additive evidence; ``confidence`` is in [0, 1] and combines the share of the total
    evidence with its absolute amount. ``matched_terms`` explains the score, strongest first; learned
    features are suffixed with " (dipelajari)".
    """

    category: str
    score: float
    confidence: float
    matched_terms: tuple[str, ...]


def _features(doc: Analyzed) -> set[str]:
    """Content stems and adjacent content-stem bigrams (joined by a space)."""
    stems = doc.content_stems()
    return set(stems) | {f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)}


class Classifier:
    """Suggests categories for Indonesian report text.

    Scores = seed lexicon weights (negated mentions count ``NEGATED_FACTOR``) + ``learn_weight`` × Σ P(c | f)
    over learned features f present in the text, where P(c | f) = count(c, f) / (count(f) + ``prior``).
    Learning is additive; a lock serialises ``learn``/``unlearn``/``to_dict`` calls.
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        learn_weight: float = 1.0,
        prior: float = 1.0,
        max_features_per_category: int = 20_000,
    ) -> None:
        self.lexicon = lexicon or seed_lexicon()
        self.learn_weight = learn_weight
        self.prior = prior
        self.max_features = max_features_per_category
        self._counts: dict[str, dict[str, int]] = {}
        self._docs: dict[str, int] = {}
        self._totals: dict[str, int] = {}
        self._lock = threading.Lock()

    # -- suggestion -----------------------------------------------------------------------------------------

    def suggest(self, text: str, limit: int = 3, min_score: float = 0.0) -> list[Suggestion]:
        """Ranked suggestions (best first, at most ``limit``) with score > ``min_score``.

        Never empty: with no evidence at all it returns a single ``lainnya`` suggestion with score 0.
        """
        doc = analyze(text)
        scores: dict[str, float] = {}
        explain: dict[str, list[tuple[float, str]]] = {}
        self._add_seed(self.lexicon.match(doc), scores, explain)
        self._add_learned(_features(doc), scores, explain)
        ranked = sorted((c for c in scores if scores[c] > min_score), key=lambda c: (-scores[c], c))
        if not ranked:
            return [Suggestion(FALLBACK_CATEGORY, 0.0, 0.0, ())]
        total = sum(scores[c] for c in ranked)
        return [self._suggestion(c, scores[c], total, explain[c]) for c in ranked[:limit]]

    def best(self, text: str) -> Suggestion:
        """The top suggestion."""
        return self.suggest(text, limit=1)[0]

    @staticmethod
    def _suggestion(category: str, score: float, total: float, reasons: list[tuple[float, str]]) -> Suggestion:
        confidence = (score / total) * (1.0 - math.exp(-score / 3.0))
        terms = tuple(dict.fromkeys(t for _, t in sorted(reasons, key=lambda r: -r[0])))
        return Suggestion(category, round(score, 4), round(confidence, 4), terms)

    @staticmethod
    def _add_seed(hits: list[TermHit], scores: dict[str, float], explain: dict[str, list]) -> None:
        for hit in hits:
            weight = hit.term.weight * (NEGATED_FACTOR if hit.negated else 1.0)
            scores[hit.term.category] = scores.get(hit.term.category, 0.0) + weight
            reasons = explain.setdefault(hit.term.category, [])
            if not hit.negated:
                reasons.append((weight, hit.term.text))

    def _add_learned(self, features: set[str], scores: dict[str, float], explain: dict[str, list]) -> None:
        if not self._totals:
            return
        for feature in features:
            total = self._totals.get(feature)
            if not total:
                continue
            for category, counts in self._counts.items():
                count = counts.get(feature)
                if count:
                    weight = self.learn_weight * count / (total + self.prior)
                    scores[category] = scores.get(category, 0.0) + weight
                    explain.setdefault(category, []).append((weight, feature + LEARNED_MARK))

    # -- learning -------------------------------------------------------------------------------------------

    def learn(self, text: str, confirmed_category: str) -> None:
        """Record that an officer confirmed ``text`` as ``confirmed_category``."""
        self._check_category(confirmed_category)
        with self._lock:
            self._update(_features(analyze(text)), confirmed_category, +1)
            self._docs[confirmed_category] = self._docs.get(confirmed_category, 0) + 1
            self._prune(confirmed_category)

    def unlearn(self, text: str, category: str) -> None:
        """Undo a previous ``learn(text, category)`` (e.g. when a confirmation is corrected)."""
        with self._lock:
            self._update(_features(analyze(text)), category, -1)
            self._docs[category] = max(0, self._docs.get(category, 0) - 1)

    def _update(self, features: set[str], category: str, delta: int) -> None:
        counts = self._counts.setdefault(category, {})
        for feature in features:
            if delta < 0 and feature not in counts:
                continue
            new = counts.get(feature, 0) + delta
            self._totals[feature] = self._totals.get(feature, 0) + delta
            if new > 0:
                counts[feature] = new
            else:
                counts.pop(feature, None)
            if self._totals[feature] <= 0:
                del self._totals[feature]

    def _prune(self, category: str) -> None:
        counts = self._counts[category]
        if len(counts) <= self.max_features:
            return
        for feature in [f for f, n in counts.items() if n <= 1][: len(counts) - self.max_features]:
            self._update({feature}, category, -1)

    @staticmethod
    def _check_category(code: str) -> None:
        if code not in category_map():
            raise ValueError(f"unknown category: {code!r}")

    # -- persistence ----------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Learned state as a JSON-serialisable plain dict (the seed lexicon is not included)."""
        with self._lock:
            return {
                "version": STATE_VERSION,
                "docs": dict(self._docs),
                "counts": {c: dict(v) for c, v in self._counts.items() if v},
            }

    @classmethod
    def from_dict(cls, state: Mapping[str, Any] | None, **kwargs: Any) -> Classifier:
        """A classifier with the learned state from ``to_dict()``; unknown categories are skipped."""
        clf = cls(**kwargs)
        if not state:
            return clf
        if int(state.get("version", STATE_VERSION)) != STATE_VERSION:
            raise ValueError(f"unsupported classifier state version: {state.get('version')!r}")
        known = category_map()
        clf._docs = {c: int(n) for c, n in state.get("docs", {}).items() if c in known}
        for category, counts in state.get("counts", {}).items():
            if category in known:
                clf._update_many(category, counts)
        return clf

    def _update_many(self, category: str, counts: Mapping[str, int]) -> None:
        target = self._counts.setdefault(category, {})
        for feature, n in counts.items():
            if int(n) > 0:
                target[feature] = target.get(feature, 0) + int(n)
                self._totals[feature] = self._totals.get(feature, 0) + int(n)

    @property
    def learned_documents(self) -> int:
        """Number of confirmations learned so far."""
        return sum(self._docs.values())
