"""Compiled keyword lexicon: weighted unigrams and phrases per category, matched on stems or surface words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from .text import Analyzed, analyze_term, load_json

NEGATED_FACTOR = 0.2


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry, compiled."""

    text: str
    category: str
    weight: float
    seq: tuple[str, ...]
    surface: bool  # True: match surface tokens exactly; False: match stems


@dataclass(frozen=True, slots=True)
class TermHit:
    term: Term
    negated: bool


class Lexicon:
    """Index of terms by their first token for fast phrase matching."""

    def __init__(self, entries: Mapping[str, Mapping[str, float]]) -> None:
        self.categories: tuple[str, ...] = tuple(entries)
        unique: dict[tuple[str, bool, tuple[str, ...]], Term] = {}
        for category, terms in entries.items():
            for text, weight in terms.items():
                term = _compile(text, category, float(weight))
                key = (category, term.surface, term.seq) if term else None
                # Terms that normalise to the same sequence ("pembunuhan", "bunuh") count once, strongest wins.
                if term is not None and (key not in unique or unique[key].weight < term.weight):
                    unique[key] = term
        self._by_first: dict[tuple[bool, str], list[Term]] = {}
        for term in unique.values():
            self._by_first.setdefault((term.surface, term.seq[0]), []).append(term)
        #: Every word of every term (stems and surface words): what the lexicon already weighs.
        self.vocabulary: frozenset[str] = frozenset(w for t in unique.values() for w in t.seq)

    def match(self, doc: Analyzed) -> list[TermHit]:
        """All terms occurring in ``doc``; each term is reported once (first non-negated occurrence wins)."""
        found: dict[int, TermHit] = {}
        for i in range(len(doc.tokens)):
            for surface, key in ((True, doc.tokens[i]), (False, doc.stems[i])):
                for term in self._by_first.get((surface, key), ()):
                    if not _matches_at(term, doc, i):
                        continue
                    previous = found.get(id(term))
                    if previous is None or (previous.negated and not doc.negated[i]):
                        found[id(term)] = TermHit(term, doc.negated[i])
        return list(found.values())

    def terms(self) -> Iterable[Term]:
        for terms in self._by_first.values():
            yield from terms


def _compile(text: str, category: str, weight: float) -> Term | None:
    surface = text.startswith("=")
    tokens, stems = analyze_term(text.lstrip("="))
    seq = tokens if surface else stems
    if not seq:
        return None
    return Term(text.lstrip("="), category, weight, seq, surface)


def _matches_at(term: Term, doc: Analyzed, i: int) -> bool:
    seq = doc.tokens if term.surface else doc.stems
    n = len(term.seq)
    return tuple(seq[i : i + n]) == term.seq


@cache
def seed_lexicon() -> Lexicon:
    """The lexicon from ``data/lexicon.json`` (compiled once per process)."""
    return Lexicon(load_json("lexicon.json")["categories"])
