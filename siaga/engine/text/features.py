"""TF-IDF features over normalised text: word 1–2 grams, character 2–5 grams within word boundaries and, when
fitted with them, word 1–2 grams over the Sastrawi stems of the words (``dibakar``, ``membakar`` → ``bakar``) and
character 2–5 grams within the tokens of the text as written (`normalize.raw_view`: spelling before slang
replacement, punctuation such as ``!!!``, which emoji), counted once per distinct token; sublinear term frequency,
smoothed idf, each block L2-normalised and weighted (as scikit-learn's FeatureUnion of TfidfVectorizers)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

CHAR_MIN, CHAR_MAX = 2, 5
_CACHE_LIMIT = 300_000
_STEMS: dict[str, str] = {}
_stemmer = None


def stem(token: str) -> str:
    """The Sastrawi stem of a normalised token (cached for the process); short tokens and placeholders as they are."""
    global _stemmer
    found = _STEMS.get(token)
    if found is None:
        if len(token) <= 3 or not token.isalpha():
            found = token
        else:
            if _stemmer is None:
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

                # Sastrawi's own cache never forgets: keep only the bounded one here
                cached = StemmerFactory().create_stemmer()
                _stemmer = getattr(cached, "delegatedStemmer", cached)
            found = _stemmer.stem(token) or token
        if len(_STEMS) > _CACHE_LIMIT:
            _STEMS.clear()
        _STEMS[token] = found
    return found


def word_grams(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def char_grams(token: str) -> list[str]:
    padded = f" {token} "
    size = len(padded)
    return [padded[i : i + n] for n in range(CHAR_MIN, CHAR_MAX + 1) for i in range(size - n + 1)]


@dataclass
class Vectorizer:
    words: list[str]
    chars: list[str]
    word_idf: np.ndarray
    char_idf: np.ndarray
    char_weight: float = 1.0
    stems: list[str] = field(default_factory=list)  # stem 1–2 grams (empty: no stem block)
    stem_idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    stem_weight: float = 1.0
    raw: list[str] = field(default_factory=list)  # character grams of the written tokens (empty: no raw block)
    raw_idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    raw_weight: float = 1.0
    _word_index: dict[str, int] = field(default_factory=dict, repr=False)
    _char_index: dict[str, int] = field(default_factory=dict, repr=False)
    _token_cache: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._word_index = {w: i for i, w in enumerate(self.words)}
        self._char_index = {c: i for i, c in enumerate(self.chars)}
        self._stem_index = {g: i for i, g in enumerate(self.stems)}
        self._raw_index = {g: i for i, g in enumerate(self.raw)}
        self._raw_cache: dict[str, list[int]] = {}
        self._idf_cache: np.ndarray | None = None

    @classmethod
    def fit(
        cls,
        docs: list[str],
        *,
        min_df: int = 2,
        max_words: int = 200_000,
        max_chars: int = 300_000,
        stems: bool = False,
        raws: list[str] | None = None,
    ):
        """Vocabularies and idf from normalised `docs` (and, when given, the same texts' `raw_view`s)."""
        word_df: Counter = Counter()
        char_df: Counter = Counter()
        stem_df: Counter = Counter()
        raw_df: Counter = Counter()
        for raw in raws or ():
            raw_grams: set[str] = set()
            for token in set(raw.split()):
                raw_grams.update(char_grams(token))
            raw_df.update(raw_grams)
        for doc in docs:
            tokens = doc.split()
            word_df.update(set(word_grams(tokens)))
            if stems:
                stem_df.update(set(word_grams([stem(t) for t in tokens])))
            grams: set[str] = set()
            for token in set(tokens):
                grams.update(char_grams(token))
            char_df.update(grams)
        n = len(docs)
        words = _top(word_df, min_df, max_words)
        chars = _top(char_df, min_df, max_chars)
        stem_grams = _top(stem_df, min_df, max_words)
        raw_grams_kept = _top(raw_df, min_df, max_chars)
        return cls(
            words,
            chars,
            _idf(words, word_df, n),
            _idf(chars, char_df, n),
            stems=stem_grams,
            stem_idf=_idf(stem_grams, stem_df, n),
            raw=raw_grams_kept,
            raw_idf=_idf(raw_grams_kept, raw_df, n),
        )

    @property
    def size(self) -> int:
        return len(self.words) + len(self.chars) + len(self.stems) + len(self.raw)

    def name(self, index: int) -> tuple[str, str]:
        """(kind, text) of a feature: ("kata", "surat suara"), ("huruf", "kafi"), ("kata dasar", "bakar") or
        ("tulisan asli", "!!!")."""
        if index < len(self.words):
            return "kata", self.words[index]
        index -= len(self.words)
        if index < len(self.chars):
            return "huruf", self.chars[index].strip()
        index -= len(self.chars)
        if index < len(self.stems):
            return "kata dasar", self.stems[index]
        index -= len(self.stems)
        if index < len(self.raw):
            return "tulisan asli", self.raw[index].strip()
        return "bias", ""

    def _token_chars(self, token: str) -> list[int]:
        return _cached_grams(token, self._char_index, self._token_cache)

    def _raw_chars(self, token: str) -> list[int]:
        return _cached_grams(token, self._raw_index, self._raw_cache)

    def transform(self, docs: list[str], raws: list[str] | None = None) -> sparse.csr_matrix:
        """Rows of features for normalised `docs`; a vectorizer with a raw block needs the same texts'
        `raw_view`s too."""
        if self.raw and (raws is None or len(raws) != len(docs)):
            raise ValueError("this vectorizer reads the raw view of each text too")
        offset = len(self.words)
        stem_offset = offset + len(self.chars)
        raw_offset = stem_offset + len(self.stems)
        blocks = ((0, 1.0), (offset, self.char_weight), (stem_offset, self.stem_weight), (raw_offset, self.raw_weight))
        # the whole batch's (feature, count) pairs, in segments of one block of one row; tf-idf and each
        # segment's L2 norm are then computed for the batch at once
        keys: list[int] = []
        counts: list[int] = []
        seg_len: list[int] = []
        seg_shift: list[int] = []
        seg_weight: list[float] = []
        row_nnz: list[int] = []
        windex, sindex = self._word_index, self._stem_index
        token_chars, raw_chars = self._token_chars, self._raw_chars
        for row, doc in enumerate(docs):
            tokens = doc.split()
            chars: list[int] = []
            for token in tokens:
                chars += token_chars(token)
            block_counts = [Counter([windex[g] for g in word_grams(tokens) if g in windex]), Counter(chars)]
            if sindex:
                block_counts.append(Counter([sindex[g] for g in word_grams([stem(t) for t in tokens]) if g in sindex]))
            else:
                block_counts.append(Counter())
            if self.raw:
                written: list[int] = []
                for token in set(raws[row].split()):
                    written += raw_chars(token)
                block_counts.append(Counter(written))
            nnz = 0
            for (shift, weight), found in zip(blocks, block_counts, strict=False):
                if found:
                    keys += found.keys()
                    counts += found.values()
                    seg_len.append(len(found))
                    seg_shift.append(shift)
                    seg_weight.append(weight)
                    nnz += len(found)
            row_nnz.append(nnz)
        ids = np.asarray(keys, dtype=np.int64) + np.repeat(np.asarray(seg_shift, dtype=np.int64), seg_len)
        values = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * self._all_idf()[ids]
        if seg_len:
            starts = np.concatenate(([0], np.cumsum(seg_len)[:-1]))
            norms = np.sqrt(np.add.reduceat(values * values, starts))
            values *= np.repeat(np.asarray(seg_weight) / norms, seg_len)
        indptr = np.concatenate(([0], np.cumsum(row_nnz, dtype=np.int64)))
        return sparse.csr_matrix(
            (values.astype(np.float32), ids, indptr),
            shape=(len(docs), self.size),
        )

    def _all_idf(self) -> np.ndarray:
        """The blocks' idf side by side (feature order)."""
        if getattr(self, "_idf_cache", None) is None or len(self._idf_cache) != self.size:
            self._idf_cache = np.concatenate(
                [np.asarray(a, dtype=np.float64) for a in (self.word_idf, self.char_idf, self.stem_idf, self.raw_idf)]
            )
        return self._idf_cache


def _cached_grams(token: str, index: dict[str, int], cache: dict[str, list[int]]) -> list[int]:
    """The vocabulary ids of a token's character grams, kept in a bounded per-vectorizer cache."""
    ids = cache.get(token)
    if ids is None:
        ids = [index[g] for g in char_grams(token) if g in index]
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        cache[token] = ids
    return ids


def _top(df: Counter, min_df: int, limit: int) -> list[str]:
    kept = [(count, gram) for gram, count in df.items() if count >= min_df]
    kept.sort(key=lambda item: (-item[0], item[1]))
    return sorted(gram for _, gram in kept[:limit])


def _idf(vocab: list[str], df: Counter, n: int) -> np.ndarray:
    counts = np.array([df[g] for g in vocab], dtype=np.float64)
    return np.log((1.0 + n) / (1.0 + counts)) + 1.0
