"""Category suggestion: seed keyword lexicon blended with term counts learned from officer-confirmed reports."""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicon import NEGATED_FACTOR, TYPO_FACTOR, Lexicon, TermHit, seed_lexicon
from .taxonomy import FALLBACK_CATEGORY, category_map
from .text import Analyzed, analyze

STATE_VERSION = 2
LEARNED_MARK = " (dipelajari)"

#: Learned features must be at least this frequent and this concentrated on one category to count at all; the
#: gate chooses between a strict and a loose profile (min count, min purity) by measured accuracy.
PROFILES = {"strict": (3, 0.75), "loose": (1, 0.5)}
#: Caps on learned evidence: one feature adds at most FEATURE_CAP x weight, one category at most CATEGORY_CAP x
#: weight, so learning can settle weak or missing seed evidence but never outvote a strong lexicon term.
FEATURE_CAP = 0.8
CATEGORY_CAP = 1.6
#: The last MAX_VALIDATION confirmations are the yardstick of what learning may do, each scored leave-one-out
#: (without its own counts: held out from the model that scores it); with fewer than MIN_VALIDATION of them
#: learning stays off.
MIN_VALIDATION = 12
MAX_VALIDATION = 400
WEIGHTS = (0.0, 0.5, 1.0, 1.5)
#: Words that every kind of election report uses; they say nothing about the category.
GENERIC_STEMS = frozenset(
    {
        "calon", "caleg", "paslon", "pasang", "tim", "sukses", "hasil", "lewat", "warga", "desa", "dusun", "rt", "rw",
        "pilih", "pemilu", "pilkada", "pileg", "pilpres", "kampanye", "partai", "nomor", "urut", "orang", "lapor",
        "malam", "pagi", "siang", "sore", "kemarin", "tadi", "hari", "jam", "minta", "mohon", "bapak", "ibu", "kades",
        "kepala", "relawan", "pendukung", "simpatisan", "kabupaten", "kecamatan", "camat", "polsek", "jalan", "ndan",
        "kota", "rumah", "ada", "baru", "dekat", "depan", "sekitar", "banyak", "beberapa", "semua", "kali", "sudah",
    }
)  # fmt: skip


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


def _features(doc: Analyzed, known: frozenset[str] = frozenset()) -> set[str]:
    """Content stems and adjacent content-stem bigrams (joined by a space), without numbers, generic words and
    the words of the lexicon's terms (``known``: their weights are set on purpose; learning fills the gaps)."""
    stems = [s for s in doc.content_stems() if len(s) > 2 and s.isalpha() and s not in GENERIC_STEMS]
    stems = [s for s in stems if s not in known]
    return set(stems) | {f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)}


def mask_spans(text: str, spans: Iterable[tuple[int, int]] = ()) -> str:
    """``text`` with the given character spans blanked out (place names must not count as category evidence)."""
    chars = list(text)
    for start, end in spans:
        chars[max(0, start) : max(0, end)] = " " * (max(0, end) - max(0, start))
    return "".join(chars)


@lru_cache(maxsize=8192)
def _seed_and_features(lexicon: Lexicon, text: str) -> tuple[dict[str, float], frozenset[str]]:
    """Seed-lexicon scores and learnable features of one held-out text (cached: the gate re-reads them after
    every confirmation; treat the dict as read-only)."""
    doc = analyze(text)
    seed: dict[str, float] = {}
    Classifier._add_seed(lexicon.match(doc), seed, {})
    return seed, frozenset(_features(doc, lexicon.vocabulary))


class Classifier:
    """Suggests categories for Indonesian report text.

    Scores = seed lexicon weights (negated mentions count ``NEGATED_FACTOR``) + learned evidence. Learning must
    never make suggestions worse, so learned evidence is restricted three ways:

    - only discriminative features count: not a generic election word (``GENERIC_STEMS``), seen often enough and
      concentrated enough on one category (a ``PROFILES`` entry); a feature votes only for that category, with
      min(``FEATURE_CAP``, P(c | f)) where P(c | f) = count(c, f) / (count(f) + ``prior``);
    - a category gets at most ``CATEGORY_CAP`` from learned features, times the gated weight;
    - the gate: after every change, the recent confirmations (up to ``MAX_VALIDATION``) are scored again, each
      leave-one-out (without its own counts nor those of identical texts, so it is held out from the model
      scoring it). Weight and profile are
      the pair of ``WEIGHTS`` x ``PROFILES`` with the most correct top suggestions, and only when that beats the
      seed lexicon alone (ties keep the lexicon); a feature whose vote is more often wrong than right there is
      blocked. With fewer than ``MIN_VALIDATION`` confirmations the weight is 0: the seed lexicon alone.

    A lock serialises ``learn``/``unlearn``/``to_dict`` calls.
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
        self._validation: list[tuple[str, str]] = []
        self._weight = 0.0
        self._profile = "strict"
        self._blocked: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    # -- suggestion -----------------------------------------------------------------------------------------

    def suggest(
        self, text: str, limit: int = 3, min_score: float = 0.0, ignore: Iterable[tuple[int, int]] = ()
    ) -> list[Suggestion]:
        """Ranked suggestions (best first, at most ``limit``) with score > ``min_score``. ``ignore`` are character
        spans that are not evidence (the place names the gazetteer found).

        Never empty: with no evidence at all it returns a single ``lainnya`` suggestion with score 0.
        """
        doc = analyze(mask_spans(text, ignore))
        scores: dict[str, float] = {}
        explain: dict[str, list[tuple[float, str]]] = {}
        self._add_seed(self.lexicon.match(doc), scores, explain)
        self._add_learned(_features(doc, self.lexicon.vocabulary), scores, explain, self._weight)
        ranked = sorted((c for c in scores if scores[c] > min_score), key=lambda c: (-scores[c], c))
        if not ranked:
            return [Suggestion(FALLBACK_CATEGORY, 0.0, 0.0, ())]
        total = sum(scores[c] for c in ranked)
        return [self._suggestion(c, scores[c], total, explain[c]) for c in ranked[:limit]]

    def best(self, text: str, ignore: Iterable[tuple[int, int]] = ()) -> Suggestion:
        """The top suggestion."""
        return self.suggest(text, limit=1, ignore=ignore)[0]

    @staticmethod
    def _suggestion(category: str, score: float, total: float, reasons: list[tuple[float, str]]) -> Suggestion:
        confidence = (score / total) * (1.0 - math.exp(-score / 3.0))
        terms = tuple(dict.fromkeys(t for _, t in sorted(reasons, key=lambda r: -r[0])))
        return Suggestion(category, round(score, 4), round(confidence, 4), terms)

    @staticmethod
    def _add_seed(hits: list[TermHit], scores: dict[str, float], explain: dict[str, list]) -> None:
        for hit in hits:
            weight = hit.term.weight * (NEGATED_FACTOR if hit.negated else 1.0) * (TYPO_FACTOR if hit.typo else 1.0)
            scores[hit.term.category] = scores.get(hit.term.category, 0.0) + weight
            reasons = explain.setdefault(hit.term.category, [])
            if not hit.negated:
                reasons.append((weight, hit.term.text))

    def _votes(
        self, features: Iterable[str], profile: str | None = None, exclude: Mapping[str, int] | None = None
    ) -> dict[str, list[tuple[float, str]]]:
        """Learned votes per category: (strength ≤ FEATURE_CAP, feature) of the discriminative, unblocked
        features present. ``exclude``: labels (with counts) of documents whose own counts are left out."""
        min_count, min_purity = PROFILES[profile or self._profile]
        exclude = exclude or {}
        removed = sum(exclude.values())
        votes: dict[str, list[tuple[float, str]]] = {}
        for feature in features:
            total = self._totals.get(feature, 0) - removed
            if total < min_count or feature in self._blocked:
                continue
            category, count = max(
                ((c, counts.get(feature, 0) - exclude.get(c, 0)) for c, counts in self._counts.items()),
                key=lambda cn: (cn[1], cn[0]),
            )
            if count <= 0 or count / total < min_purity:
                continue
            votes.setdefault(category, []).append((min(FEATURE_CAP, count / (total + self.prior)), feature))
        return votes

    def _add_learned(self, features: set[str], scores: dict[str, float], explain: dict[str, list], weight: float):
        if not self._totals or weight <= 0:
            return
        for category, votes in self._votes(features).items():
            scale = weight * min(1.0, CATEGORY_CAP / sum(v for v, _ in votes))
            scores[category] = scores.get(category, 0.0) + scale * sum(v for v, _ in votes)
            explain.setdefault(category, []).extend((scale * v, f + LEARNED_MARK) for v, f in votes)

    # -- learning -------------------------------------------------------------------------------------------

    def learn(self, text: str, confirmed_category: str, ignore: Iterable[tuple[int, int]] = ()) -> None:
        """Record that an officer confirmed ``text`` as ``confirmed_category`` (``ignore``: place-name spans)."""
        self._check_category(confirmed_category)
        text = mask_spans(text, ignore)[:1000]
        with self._lock:
            self._update(_features(analyze(text), self.lexicon.vocabulary), confirmed_category, +1)
            self._docs[confirmed_category] = self._docs.get(confirmed_category, 0) + 1
            self._prune(confirmed_category)
            self._validation.append((text, confirmed_category))
            del self._validation[:-MAX_VALIDATION]
            self._regate()

    def unlearn(self, text: str, category: str, ignore: Iterable[tuple[int, int]] = ()) -> None:
        """Undo a previous ``learn(text, category)`` (e.g. when a confirmation is corrected)."""
        text = mask_spans(text, ignore)[:1000]
        with self._lock:
            self._update(_features(analyze(text), self.lexicon.vocabulary), category, -1)
            self._docs[category] = max(0, self._docs.get(category, 0) - 1)
            if (text, category) in self._validation:
                self._validation.remove((text, category))
            self._regate()

    def _regate(self) -> None:
        """Choose weight, profile and blocked features by leave-one-out accuracy on the recent confirmations."""
        self._blocked = frozenset()
        if len(self._validation) < MIN_VALIDATION or not self._totals:
            self._weight, self._profile = 0.0, "strict"
            return
        # Identical texts (after masking places: templates, forwarded copies) are left out together, or a copy
        # would vouch for its twin.
        twins: dict[str, dict[str, int]] = {}
        for text, label in self._validation:
            twins.setdefault(text, {})[label] = twins.setdefault(text, {}).get(label, 0) + 1
        docs = [(label, text, *_seed_and_features(self.lexicon, text)) for text, label in self._validation]
        seed_hits = sum(_top(seed, {}, 0.0) == y for y, _, seed, _ in docs)
        best: tuple[int, float, str, frozenset[str]] = (seed_hits, 0.0, "strict", frozenset())
        for profile in PROFILES:
            votes = [(y, seed, self._votes(features, profile, exclude=twins[t])) for y, t, seed, features in docs]
            wrong: dict[str, int] = {}
            for y, _, by_category in votes:
                for category, vs in by_category.items():
                    for _, feature in vs:
                        wrong[feature] = wrong.get(feature, 0) + (1 if category != y else -1)
            blocked = frozenset(f for f, n in wrong.items() if n > 0)
            summed = [(y, seed, _summed(by_category, blocked)) for y, seed, by_category in votes]
            for weight in WEIGHTS[1:]:
                hits = sum(_top(seed, learned, weight) == y for y, seed, learned in summed)
                if hits > best[0]:
                    best = (hits, weight, profile, blocked)
        _, self._weight, self._profile, self._blocked = best

    @property
    def learned_weight(self) -> float:
        """The gated weight of learned evidence (0: the seed lexicon alone)."""
        return self._weight

    @property
    def learned_profile(self) -> str:
        return self._profile

    @property
    def validation_size(self) -> int:
        """Confirmations the gate measures on (the most recent ones)."""
        return len(self._validation)

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
                "validation": [list(pair) for pair in self._validation],
                "gate": {"weight": self._weight, "profile": self._profile, "blocked": sorted(self._blocked)},
            }

    @classmethod
    def from_dict(cls, state: Mapping[str, Any] | None, **kwargs: Any) -> Classifier:
        """A classifier with the learned state from ``to_dict()``; unknown categories are skipped. A version-1
        state (counts without recent confirmations) is read with learning off until enough new ones arrive."""
        clf = cls(**kwargs)
        if not state:
            return clf
        if int(state.get("version", STATE_VERSION)) not in (1, STATE_VERSION):
            raise ValueError(f"unsupported classifier state version: {state.get('version')!r}")
        known = category_map()
        clf._docs = {c: int(n) for c, n in state.get("docs", {}).items() if c in known}
        for category, counts in state.get("counts", {}).items():
            if category in known:
                clf._update_many(category, counts)
        clf._validation = [(str(t), str(c)) for t, c in state.get("validation", ()) if c in known]
        del clf._validation[:-MAX_VALIDATION]
        gate = state.get("gate")
        if gate is not None and len(clf._validation) >= MIN_VALIDATION:  # measured when it was saved
            clf._weight = float(gate.get("weight", 0.0))
            clf._profile = gate.get("profile") if gate.get("profile") in PROFILES else "strict"
            clf._blocked = frozenset(gate.get("blocked", ()))
        else:
            clf._regate()
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


def _top(seed: dict[str, float], learned: dict[str, float], weight: float) -> str:
    scores = dict(seed)
    for category, value in learned.items():
        scores[category] = scores.get(category, 0.0) + weight * value
    ranked = [c for c in scores if scores[c] > 0]
    return min(ranked, key=lambda c: (-scores[c], c)) if ranked else FALLBACK_CATEGORY


def _summed(votes: dict[str, list[tuple[float, str]]], blocked: frozenset[str]) -> dict[str, float]:
    """Learned evidence per category (capped), without the blocked features."""
    out = {}
    for category, vs in votes.items():
        total = sum(v for v, f in vs if f not in blocked)
        if total > 0:
            out[category] = min(total, CATEGORY_CAP)
    return out
