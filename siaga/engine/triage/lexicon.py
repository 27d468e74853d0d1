"""Compiled keyword lexicon: weighted unigrams and phrases per category, matched on stems or surface words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from .placenames import deletes, within_one_edit
from .text import Analyzed, analyze_term, load_json

NEGATED_FACTOR = 0.2
#: A one-word term of at least TYPO_MIN_LEN letters also matches an unknown word one typo away, at this weight.
TYPO_FACTOR = 0.7
TYPO_MIN_LEN = 6


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
    typo: bool = False  # matched an unknown word one edit away ("provokatr", "intimdasi")


class Lexicon:
    """Index of terms by their first token for fast phrase matching."""

    def __init__(self, entries: Mapping[str, Mapping[str, float]], *, typos: bool = False) -> None:
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
        # Long one-word terms by their stem and by their spelling ("celaka", "kecelakaan"), and each of those
        # keys by its one-letter deletions, for matching a word one typo away.
        self._typo_terms: dict[str, list[Term]] = {}
        self._typo_words: dict[str, set[str]] = {}
        if typos:
            for term in unique.values():
                if len(term.seq) != 1:
                    continue
                for key in {term.seq[0], term.text.lower()}:
                    if len(key) >= TYPO_MIN_LEN and key.isalpha():
                        self._typo_terms.setdefault(key, []).append(term)
                        for d in deletes(key) | {key}:
                            self._typo_words.setdefault(d, set()).add(key)

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
            if self._typo_words:
                self._match_typo(doc, i, found)
        return list(found.values())

    def _match_typo(self, doc: Analyzed, i: int, found: dict[int, TermHit]) -> None:
        word, stem = doc.tokens[i], doc.stems[i]
        if len(word) < TYPO_MIN_LEN - 1 or not word.isalpha() or word in _root_words():
            return
        if word in self.vocabulary or stem in self.vocabulary:
            return  # matched exactly already
        forms = {word, stem} | {word[len(p) :] for p in ("di", "ter") if word.startswith(p)}
        # A known root ("lapangan" -> "lapang") is a word of its own, not a misspelt term ("larang").
        forms = {f for f in forms if f == word or f not in _root_words()}
        close: set[str] = set()
        for form in forms:
            for d in deletes(form) | {form}:
                close |= {k for k in self._typo_words.get(d, ()) if within_one_edit(form, k)}
        for key in sorted(close):
            for term in self._typo_terms[key]:
                if id(term) not in found:
                    found[id(term)] = TermHit(term, doc.negated[i], typo=True)

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


def _root_words() -> frozenset[str]:
    from .placenames import root_words

    return root_words()


@cache
def seed_lexicon() -> Lexicon:
    """The lexicon from ``data/lexicon.json`` (compiled once per process), tolerant of one typo."""
    return Lexicon(load_json("lexicon.json")["categories"], typos=True)
