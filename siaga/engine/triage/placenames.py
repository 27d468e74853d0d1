"""Place-name normalisation helpers: spelling folding (old/new Indonesian orthography), keys and edit distance."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Old (Van Ophuijsen / Soewandi) spellings folded onto one canonical form. Applied in order; "y" and "j" are
# folded together last because old "j" is modern "y" ("Djokjakarta" / "Yogyakarta").
_FOLDS: tuple[tuple[str, str], ...] = (
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("sj", "sy"),
    ("ch", "kh"),
    ("y", "j"),
)

#: Javanese/Sundanese direction suffixes folded onto one form ("Jambe Kidul" == "Jambe Selatan").
DIRECTIONS: dict[str, str] = {
    "kidul": "kidul",
    "selatan": "kidul",
    "lor": "lor",
    "utara": "lor",
    "wetan": "wetan",
    "timur": "wetan",
    "kulon": "kulon",
    "barat": "kulon",
}

#: Words in front of a name that say which level it is.
LEVEL_PREFIXES: dict[str, str] = {
    "desa": "desa",
    "ds": "desa",
    "kel": "desa",
    "kelurahan": "desa",
    "kalurahan": "desa",
    "kec": "kecamatan",
    "kecamatan": "kecamatan",
    "kab": "kabupaten",
    "kabupaten": "kabupaten",
    "kota": "kabupaten",
    "kodya": "kabupaten",
    "prov": "provinsi",
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    # Offices and office-holders name their region too ("kades Suci", "camat Panti", "Polsek Silo").
    "kades": "desa",
    "lurah": "desa",
    "camat": "kecamatan",
    "polsek": "kecamatan",
    "kapolsek": "kecamatan",
    "koramil": "kecamatan",
    "danramil": "kecamatan",
}

#: Words after which a name that is also a common word ("Panti", "Suci", "Tanggul") is read as a place.
PLACE_CUES = frozenset(
    {
        "pasar", "lapangan", "warga", "dusun", "dsn", "kampung", "balai", "alun", "wilayah", "daerah", "perbatasan",
        "simpang", "perempatan", "pertigaan", "puskesmas", "stasiun", "terminal", "sekitar", "arah", "kawasan",
    }
)  # fmt: skip

#: Police (and TNI) ranks and titles: never place names, and the word after them is a person's name.
RANKS = frozenset(
    {
        "bharada", "bharatu", "bharaka", "bripda", "briptu", "brigpol", "brigadir", "bripka", "aipda", "aiptu",
        "ipda", "iptu", "akp", "kompol", "akbp", "kombes", "kombespol", "brigjen", "irjen", "komjen", "jenderal",
        "serda", "sertu", "serka", "serma", "pelda", "peltu", "letda", "lettu", "kapten", "mayor", "letkol",
        "kolonel", "praka", "pratu", "prada", "kopda", "koptu", "kopka", "ipu",
    }
)  # fmt: skip

_NAME_PREFIXES = frozenset({"kabupaten", "kab", "kota", "kecamatan", "kec", "desa", "kelurahan", "kel", "provinsi"})


def ascii_lower(word: str) -> str:
    """Lowercase and strip diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def fold(word: str) -> str:
    """Canonical spelling of one lowercase token ("soekarno" → "sukarno", "djember" → "jember")."""
    if word in DIRECTIONS:
        return DIRECTIONS[word]
    for old, new in _FOLDS:
        word = word.replace(old, new)
    return word


def words(text: str) -> Iterator[tuple[str, int, int]]:
    """Word tokens of ``text`` as (lowercase ascii word, start, end) with offsets into the original text."""
    for match in _WORD_RE.finditer(text):
        yield ascii_lower(match.group()), match.start(), match.end()


def name_tokens(name: str) -> list[str]:
    """Tokens of an official name without administrative prefixes ("Kabupaten Jember" → ["jember"])."""
    tokens = [w for w, _, _ in words(name)]
    while len(tokens) > 1 and tokens[0] in _NAME_PREFIXES:
        tokens = tokens[1:]
    return tokens


def name_keys(name: str) -> tuple[str, str]:
    """(raw key, folded key): tokens joined without spaces, so "Sumber Jambe" == "Sumber-Jambe" == "Sumberjambe"."""
    tokens = name_tokens(name)
    return "".join(tokens), "".join(fold(t) for t in tokens)


def deletes(key: str) -> set[str]:
    """All strings obtained by deleting one character."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def within_one_edit(a: str, b: str) -> bool:
    """True when the optimal-string-alignment distance between ``a`` and ``b`` is at most 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        return len(diffs) == 2 and diffs[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


@cache
def root_words() -> frozenset[str]:
    """Indonesian root words (Sastrawi's kata-dasar list), used to distrust names that are common words."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return frozenset(w.strip() for w in StemmerFactory().get_words_from_file() if w.strip())
