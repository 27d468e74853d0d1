"""TF-IDF features over normalised text: word 1–2 grams and character 2–5 grams within word boundaries, sublinear
term frequency, smoothed idf, each block L2-normalised (as scikit-learn's FeatureUnion of two TfidfVectorizers)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

CHAR_MIN, CHAR_MAX = 2, 5
_CACHE_LIMIT = 300_000


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
    _word_index: dict[str, int] = field(default_factory=dict, repr=False)
    _char_index: dict[str, int] = field(default_factory=dict, repr=False)
    _token_cache: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._word_index = {w: i for i, w in enumerate(self.words)}
        self._char_index = {c: i for i, c in enumerate(self.chars)}

    @classmethod
    def fit(cls, docs: list[str], *, min_df: int = 2, max_words: int = 200_000, max_chars: int = 300_000):
        word_df: Counter = Counter()
        char_df: Counter = Counter()
        for doc in docs:
            tokens = doc.split()
            word_df.update(set(word_grams(tokens)))
            grams: set[str] = set()
            for token in set(tokens):
                grams.update(char_grams(token))
            char_df.update(grams)
        n = len(docs)
        words = _top(word_df, min_df, max_words)
        chars = _top(char_df, min_df, max_chars)
        return cls(words, chars, _idf(words, word_df, n), _idf(chars, char_df, n))

    @property
    def size(self) -> int:
        return len(self.words) + len(self.chars)

    def name(self, index: int) -> tuple[str, str]:
        """(kind, text) of a feature: ("kata", "surat suara") or ("huruf", "kafi")."""
        if index < len(self.words):
            return "kata", self.words[index]
        if index < self.size:
            return "huruf", self.chars[index - len(self.words)].strip()
        return "bias", ""

    def _token_chars(self, token: str) -> list[int]:
        ids = self._token_cache.get(token)
        if ids is None:
            index = self._char_index
            ids = [index[g] for g in char_grams(token) if g in index]
            if len(self._token_cache) > _CACHE_LIMIT:
                self._token_cache.clear()
            self._token_cache[token] = ids
        return ids

    def transform(self, docs: list[str]) -> sparse.csr_matrix:
        offset = len(self.words)
        indptr, indices, data = [0], [], []
        windex = self._word_index
        for doc in docs:
            tokens = doc.split()
            wc: Counter = Counter(windex[g] for g in word_grams(tokens) if g in windex)
            cc: Counter = Counter()
            for token in tokens:
                cc.update(self._token_chars(token))
            for counts, idf, shift, weight in (
                (wc, self.word_idf, 0, 1.0),
                (cc, self.char_idf, offset, self.char_weight),
            ):
                if not counts:
                    continue
                ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
                tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
                values = tf * idf[ids]
                values *= weight / math.sqrt(float(values @ values))
                indices.extend((ids + shift).tolist())
                data.extend(values.tolist())
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
            shape=(len(docs), self.size),
        )


def _top(df: Counter, min_df: int, limit: int) -> list[str]:
    kept = [(count, gram) for gram, count in df.items() if count >= min_df]
    kept.sort(key=lambda item: (-item[0], item[1]))
    return sorted(gram for _, gram in kept[:limit])


def _idf(vocab: list[str], df: Counter, n: int) -> np.ndarray:
    counts = np.array([df[g] for g in vocab], dtype=np.float64)
    return np.log((1.0 + n) / (1.0 + counts)) + 1.0
