"""Gazetteer: find administrative region names (desa/kelurahan, kecamatan, kabupaten) mentioned in free text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .placenames import (
    DIRECTIONS,
    LEVEL_PREFIXES,
    PLACE_CUES,
    RANKS,
    deletes,
    fold,
    name_keys,
    name_tokens,
    root_words,
    within_one_edit,
    words,
)
from .text import stopwords

LEVELS: tuple[str, ...] = ("provinsi", "kabupaten", "kecamatan", "desa")
_BASE_SCORE = {"exact": 1.0, "variant": 0.92, "fuzzy": 0.75, "partial": 0.6}
_PREFIX_BONUS = 0.15
_PREFIX_CONFLICT = 0.3
_PARENT_BONUS = 0.15
_COMMON_WORD_FACTOR = 0.45
_OUTSIDE_FACTOR = 0.6
_SCALE = 1.3  # exact + matching prefix + mentioned parent == 1.0
_FUZZY_MIN_LEN = 6
_TIE = 0.05  # matches this close to the best one are equally likely
_RESOLVE_LEVELS = ("kecamatan", "desa")


class GazetteerEntry(NamedTuple):
    """One region. ``level`` is one of LEVELS; ``parent_code`` is None for the top level."""

    code: str
    name: str
    level: str
    parent_code: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A region name found in text. ``span`` is (start, end) character offsets into the text; ``kind`` is
    "exact", "variant" (old spelling, spacing, direction synonym), "fuzzy" (one typo) or "partial" (direction
    suffix omitted). ``score`` is in (0, 1]."""

    code: str
    name: str
    level: str
    score: float
    span: tuple[int, int]
    matched_text: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a text says something happened, as far as it can be told without guessing.

    ``desa_code`` is set only when one desa is clearly meant; ``kecamatan_code`` when the kecamatan is known (the
    desa's, or a kecamatan named on its own). ``ambiguous`` is True when the best matches tie between places a
    person must choose from (``candidates``, best first: desa of different kecamatan, two desa of one kecamatan,
    or two kecamatan). ``matches`` are all place names found (their spans are not evidence for the category)."""

    desa_code: str | None
    kecamatan_code: str | None
    ambiguous: bool
    candidates: tuple[PlaceMatch, ...]
    matches: tuple[PlaceMatch, ...]

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return tuple(m.span for m in self.matches)


@dataclass(slots=True)
class _Candidate:
    idx: int
    start: int  # token index
    end: int  # token index, exclusive
    kind: str


class Gazetteer:
    """In-memory index of region names; immutable after construction and safe to share between threads."""

    def __init__(self, entries: Iterable[GazetteerEntry | Sequence[str | None]]) -> None:
        self.entries: list[GazetteerEntry] = [GazetteerEntry(*e) for e in entries]
        self._by_code = {e.code: i for i, e in enumerate(self.entries)}
        self._raw: list[str] = []
        self._exact: dict[str, list[int]] = {}
        self._partial: dict[str, list[int]] = {}
        self._deletes: dict[str, list[str]] = {}
        self._max_tokens = 1
        for idx, entry in enumerate(self.entries):
            self._index(idx, entry)
        for key in self._exact:
            if len(key) >= _FUZZY_MIN_LEN:
                for d in deletes(key):
                    self._deletes.setdefault(d, []).append(key)

    def _index(self, idx: int, entry: GazetteerEntry) -> None:
        if entry.level not in LEVELS:
            raise ValueError(f"unknown level {entry.level!r} for {entry.code}")
        raw, key = name_keys(entry.name)
        self._raw.append(raw)
        if not key:
            return
        self._exact.setdefault(key, []).append(idx)
        tokens = name_tokens(entry.name)
        self._max_tokens = max(self._max_tokens, len(tokens) + 1)
        if len(tokens) > 1 and tokens[-1] in DIRECTIONS:
            self._partial.setdefault("".join(fold(t) for t in tokens[:-1]), []).append(idx)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, code: str) -> GazetteerEntry | None:
        idx = self._by_code.get(code)
        return None if idx is None else self.entries[idx]

    def contains(self, ancestor: str, code: str) -> bool:
        """True when ``code`` is ``ancestor`` or lies inside it (following parent codes)."""
        seen = 0
        current: str | None = code
        while current is not None and seen < 10:
            if current == ancestor:
                return True
            entry = self.get(current)
            current = entry.parent_code if entry else None
            seen += 1
        return code.startswith(ancestor + ".")

    # -- matching -------------------------------------------------------------------------------------------

    def find(self, text: str, within: str | None = None, min_score: float = 0.4, limit: int = 10) -> list[PlaceMatch]:
        """Regions mentioned in ``text``, best first, at most one match per code.

        ``within`` (a region code such as kabupaten "35.09") down-weights matches outside that region instead
        of excluding them. Matches whose span lies inside a better, longer match are dropped.
        """
        toks = list(words(text))
        if not toks:
            return []
        folded = [fold(w) for w, _, _ in toks]
        candidates = self._candidates([w for w, _, _ in toks], folded)
        mentioned: dict[str, list[tuple[int, int]]] = {}
        for c in candidates:
            mentioned.setdefault(self.entries[c.idx].code, []).append((c.start, c.end))
        scored = [(self._score(c, text, toks, mentioned, within), c) for c in candidates]
        matches = [self._match(c, score, text, toks) for score, c in scored if score >= min_score]
        return _select(matches, limit)

    def resolve(self, text: str, within: str | None = None, min_score: float = 0.6) -> Resolution:
        """The desa (or only the kecamatan) ``text`` is about; ties between different places are returned as
        ambiguous with their candidates instead of being broken by code order.

        A name shared by a kecamatan and its own desa ("di Panti") names the kecamatan unless a desa word is in
        front of it ("desa Panti", "kades Panti"); a kecamatan that contains the chosen desa confirms it."""
        found = tuple(m for m in self.find(text, within, min_score, limit=50) if m.level in _RESOLVE_LEVELS)
        if not found:
            return Resolution(None, None, False, (), found)
        best = max(m.score for m in found)
        top = [m for m in found if m.score >= best - _TIE]
        kec_spans = {(m.code, m.span) for m in top if m.level == "kecamatan"}
        # A desa named like its own kecamatan, matched on the same words, is the kecamatan until told otherwise.
        top = [m for m in top if not (m.level == "desa" and (m.parent_code, m.span) in kec_spans)]
        desa_parents = {m.parent_code for m in top if m.level == "desa"}
        top = [m for m in top if not (m.level == "kecamatan" and m.code in desa_parents)]
        kecamatan = {m.parent_code if m.level == "desa" else m.code for m in top}
        kec_code = next(iter(kecamatan)) if len(kecamatan) == 1 else None
        if len(top) == 1:
            only = top[0]
            return Resolution(only.code if only.level == "desa" else None, kec_code, False, (), found)
        return Resolution(None, kec_code, True, tuple(top), found)

    def _candidates(self, raw: list[str], folded: list[str]) -> list[_Candidate]:
        found: list[_Candidate] = []
        stop = stopwords()
        for i in range(len(raw)):
            if raw[i] in LEVEL_PREFIXES or raw[i] in stop or _person(raw, i):
                continue
            for j in range(i + 1, min(len(raw), i + self._max_tokens) + 1):
                if j - i > 1 and raw[j - 1] in stop:
                    break
                found.extend(self._lookup(raw, folded, i, j))
        return found

    def _lookup(self, raw: list[str], folded: list[str], i: int, j: int) -> list[_Candidate]:
        key = "".join(folded[i:j])
        exact = self._exact.get(key)
        if exact:
            raw_key = "".join(raw[i:j])
            return [_Candidate(x, i, j, "exact" if self._raw[x] == raw_key else "variant") for x in exact]
        partial = self._partial.get(key)
        if partial:
            return [_Candidate(x, i, j, "partial") for x in partial]
        if j - i > 3 or len(key) < _FUZZY_MIN_LEN - 1 or (j - i == 1 and raw[i] in root_words()):
            return []
        return [_Candidate(x, i, j, "fuzzy") for k in self._fuzzy_keys(key) for x in self._exact[k]]

    def _fuzzy_keys(self, key: str) -> set[str]:
        hits = set(self._deletes.get(key, ()))
        for d in deletes(key):
            if len(d) >= _FUZZY_MIN_LEN and d in self._exact:
                hits.add(d)
            hits.update(self._deletes.get(d, ()))
        return {k for k in hits if within_one_edit(key, k)}

    def _score(
        self,
        c: _Candidate,
        text: str,
        toks: list[tuple[str, int, int]],
        mentioned: dict[str, list[tuple[int, int]]],
        within: str | None,
    ) -> float:
        entry = self.entries[c.idx]
        score = _BASE_SCORE[c.kind]
        before = toks[c.start - 1][0] if c.start > 0 else None
        prefix = LEVEL_PREFIXES.get(before) if before else None
        if prefix == entry.level:
            score += _PREFIX_BONUS
        elif prefix is not None:
            score -= _PREFIX_CONFLICT
        elif self._common_word(c, text, toks, before):
            score *= _COMMON_WORD_FACTOR
        # The kecamatan must be named by other words: "Kencong" alone is not evidence for desa Kencong.
        parent_spans = mentioned.get(entry.parent_code or "", ())
        if entry.level != "provinsi" and any(not _overlap(s, (c.start, c.end)) for s in parent_spans):
            score += _PARENT_BONUS
        if within and not self.contains(within, entry.code):
            score *= _OUTSIDE_FACTOR
        return min(1.0, score / _SCALE)

    @staticmethod
    def _common_word(c: _Candidate, text: str, toks: list[tuple[str, int, int]], before: str | None) -> bool:
        """A one-word name that is also an ordinary word ("tanggul", "suci") with nothing saying it is a place."""
        word = toks[c.start][0]
        if c.end - c.start != 1 or not (word in root_words() or len(word) < 4):
            return False
        return before not in PLACE_CUES and not _written_as_name(text, toks, c.start)

    def _match(self, c: _Candidate, score: float, text: str, toks: list[tuple[str, int, int]]) -> PlaceMatch:
        entry = self.entries[c.idx]
        start, end = toks[c.start][1], toks[c.end - 1][2]
        return PlaceMatch(
            entry.code,
            entry.name,
            entry.level,
            round(score, 4),
            (start, end),
            text[start:end],
            c.kind,
            entry.parent_code,
        )


def _select(matches: list[PlaceMatch], limit: int) -> list[PlaceMatch]:
    """Best match per code, minus matches nested in a longer span that scored at least as well."""
    rank = {level: i for i, level in enumerate(LEVELS)}
    ordered = sorted(matches, key=lambda m: (-m.score, rank.get(m.level, 9), m.code))
    kept: list[PlaceMatch] = []
    codes: set[str] = set()
    for m in ordered:
        if m.code in codes or any(_nested(m.span, k.span) for k in kept):
            continue
        kept.append(m)
        codes.add(m.code)
    return kept[:limit]


def _person(raw: list[str], i: int) -> bool:
    """A rank ("Kompol", unless "desa Kompol") or the name after one ("AKP Suci"): a person, not a place."""
    if raw[i] in RANKS and not (i > 0 and raw[i - 1] in LEVEL_PREFIXES):
        return True
    return i > 0 and raw[i - 1] in RANKS and not (i > 1 and raw[i - 2] in LEVEL_PREFIXES)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _written_as_name(text: str, toks: list[tuple[str, int, int]], i: int) -> bool:
    """A capitalised word inside a sentence ("banjir di Panti"), not at its start nor in an all-caps text."""
    word = text[toks[i][1] : toks[i][2]]
    if not (word[:1].isupper() and word[1:].islower()) or i == 0:
        return False
    between = text[toks[i - 1][2] : toks[i][1]]
    return not any(ch in ".!?\n" for ch in between)


def _nested(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer
