"""Indonesian text normalisation shared by the classifier, severity rules and duplicate detection.

Pipeline: lowercase → split into word tokens (letters/digits split apart, ``bagi2``/``bagi-bagi`` reduplication
collapsed) → slang/abbreviation expansion (``data/slang.json``) → Sastrawi stemming with a process-wide cache
and a small override table for known over-stemming (``perusakan`` → ``rusa``).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_TOKEN_RE = re.compile(r"[a-z]+(?:-[a-z]+)*2?|\d{1,3}(?:\.\d{3})+(?!\d)|\d+", re.IGNORECASE)
_STEM_CACHE: dict[str, str] = {}
_STEMMER_LOCK = threading.Lock()
_stemmer: Any = None


@cache
def load_json(name: str) -> Any:
    """Load a JSON data file shipped in ``siaga/engine/triage/data`` (cached, treat as read-only)."""
    raw = resources.files("siaga.engine.triage").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(raw)


@cache
def _slang() -> dict[str, tuple[str, ...]]:
    data = load_json("slang.json")
    return {k.lower(): tuple(v.lower().split()) for k, v in data["replace"].items()}


@cache
def _stem_overrides() -> dict[str, str]:
    return {k.lower(): v.lower() for k, v in load_json("slang.json")["stem_overrides"].items()}


@cache
def stopwords() -> frozenset[str]:
    """Function words ignored by learning and duplicate similarity."""
    return frozenset(w.lower() for w in load_json("slang.json")["stopwords"])


@cache
def negators() -> frozenset[str]:
    """Words that negate a following term ("tidak ada korban")."""
    return frozenset(w.lower() for w in load_json("slang.json")["negators"])


def _get_stemmer() -> Any:
    global _stemmer
    if _stemmer is None:
        with _STEMMER_LOCK:
            if _stemmer is None:
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

                _stemmer = StemmerFactory().create_stemmer()
    return _stemmer


def stem(word: str) -> str:
    """Stem one lowercase word; results are cached for the life of the process."""
    cached = _STEM_CACHE.get(word)
    if cached is not None:
        return cached
    override = _stem_overrides().get(word)
    if override is not None:
        result = override
    elif len(word) <= 3 or not word.isalpha():
        result = word
    else:
        result = _get_stemmer().stem(word) or word
        if result == word:
            root = colloquial_root(word)
            result = (_get_stemmer().stem(root) or root) if root else word
    if len(_STEM_CACHE) < 200_000:
        _STEM_CACHE[word] = result
    return result


# Colloquial (Jakarta/Javanese-flavoured) verbs: a bare nasal prefix instead of meN-, "-in" instead of "-kan"/"-i"
# ("nyopotin" = mencopotkan, "ngeroyok", "nembak", "mukul", "dibakarin"). Each prefix lists the letters it may
# have replaced; the first candidate that is a dictionary root wins.
_NASAL_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nge", ("",)),
    ("ng", ("", "k", "h")),
    ("ny", ("s", "c")),
    ("n", ("t",)),
    ("m", ("p",)),
    ("di", ("",)),
)
_COLLOQUIAL_SUFFIXES = ("in", "i", "")


def colloquial_root(word: str) -> str | None:
    """The root of a colloquial verb form that Sastrawi leaves alone, else None: a word of the lexicon first
    ("nyuri" → curi, not suri), else a dictionary root."""
    from .placenames import root_words

    roots = root_words()
    if word in roots:
        return None
    candidates: list[str] = []
    for suffix in _COLLOQUIAL_SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        body = word[: len(word) - len(suffix)] if suffix else word
        if suffix:
            candidates.append(body)
        for prefix, replaced in _NASAL_PREFIXES:
            if not body.startswith(prefix) or len(body) - len(prefix) < 3:
                continue
            rest = body[len(prefix) :]
            # A dropped consonant is always followed by a vowel.
            candidates.extend(letter + rest for letter in replaced if not letter or rest[0] in "aeiou")
    known = _lexicon_words()
    return next((c for c in candidates if c in known), None) or next((c for c in candidates if c in roots), None)


@cache
def _lexicon_words() -> frozenset[str]:
    """The words of the lexicon's terms, as written."""
    words: set[str] = set()
    for terms in load_json("lexicon.json")["categories"].values():
        for term in terms:
            words.update(w for w in re.split(r"[\s-]+", term.lstrip("=").lower()) if w)
    return frozenset(words)


def _split_token(raw: str) -> list[str]:
    """Lowercase one regex token, collapse reduplication and strip leading zeros from numbers."""
    word = raw.lower().replace(".", "")
    if word.isdigit():
        return [word.lstrip("0") or "0"]
    if word.endswith("2") and len(word) > 2:
        word = word[:-1]
    parts = word.split("-")
    if len(parts) == 2 and parts[0] == parts[1]:
        return [parts[0]]
    return [p for p in parts if p]


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens with slang expanded (no stemming)."""
    slang = _slang()
    out: list[str] = []
    for match in _TOKEN_RE.finditer(text):
        for word in _split_token(match.group()):
            out.extend(slang.get(word, (word,)))
    return out


@dataclass(frozen=True, slots=True)
class Analyzed:
    """A text after normalisation: parallel sequences of surface tokens, stems and negation flags."""

    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    negated: tuple[bool, ...]

    def content_stems(self) -> list[str]:
        """Stems without stopwords, for learning and similarity."""
        stop = stopwords()
        return [s for t, s in zip(self.tokens, self.stems, strict=True) if t not in stop and s not in stop]


_CONJUNCTIONS = frozenset({"dan", "atau", "maupun", "ataupun", "serta"})


def _negation_flags(tokens: list[str], window: int = 3) -> tuple[bool, ...]:
    """Mark tokens within ``window`` tokens after a negator (a conjunction extends the scope: "tidak ada korban
    jiwa maupun luka"), and the two tokens before "nihil" ("korban nihil")."""
    neg = negators()
    flags = [False] * len(tokens)
    remaining = 0
    for i, tok in enumerate(tokens):
        if tok in neg:
            remaining = window
            if tok == "nihil":
                flags[max(0, i - 2) : i] = [True] * (i - max(0, i - 2))
            continue
        if remaining > 0 or (tok in _CONJUNCTIONS and i > 0 and flags[i - 1]):
            flags[i] = True
            remaining = 2 if tok in _CONJUNCTIONS else remaining - 1
    return tuple(flags)


_CLAUSE_RE = re.compile(r"[.,;:!?]+(?=\s|$)|[()\n]+")


def analyze(text: str) -> Analyzed:
    """Normalise ``text`` into tokens, stems and negation flags (negation does not cross clause punctuation)."""
    tokens: list[str] = []
    flags: list[bool] = []
    for clause in _CLAUSE_RE.split(text):
        clause_tokens = tokenize(clause)
        tokens.extend(clause_tokens)
        flags.extend(_negation_flags(clause_tokens))
    return Analyzed(tuple(tokens), tuple(stem(t) for t in tokens), tuple(flags))


def analyze_term(term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Normalise a lexicon term the same way as report text: (surface tokens, stems)."""
    tokens = tokenize(term)
    return tuple(tokens), tuple(stem(t) for t in tokens)
