"""Multi-label text model: per label the average of two linear models over the same TF-IDF features (words, characters
and, by default, word stems and the characters of the text as written), a logistic regression and an NB-LR (logistic
regression over features scaled by the label's naive-Bayes log-count ratio), both fitted by a truncated Newton
solver (`solver.py`) over a small grid of C with warm starts; C per label and per model, and a per-label decision
threshold (F1), are chosen on a development split. Hate speech uses the label structure: every hate-speech post has
exactly one target (individual or group), and is abusive or not, so besides the labels two auxiliary columns are
fitted (hate speech with / without abusive language), and the HS score may be averaged with the sum of the two
target scores and with the sum of the two auxiliary scores (which of them is chosen on the development split too).

A model round-trips through `to_bytes()`/`from_bytes()` (a compressed NumPy archive, no pickle) and explains each
flag by the n-grams whose weight × value pushed it most.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import time
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.special import expit

from siaga.engine.text.features import Vectorizer
from siaga.engine.text.labels import LABEL_NAMES, MAIN_LABELS, STRENGTH_LABELS, TARGET_LABELS
from siaga.engine.text.normalize import default_slang, normalise, raw_view
from siaga.engine.text.solver import fit_logistic, nb_ratio

FORMAT = "siaga-textmodel-4"  # 4: the raw block (3: the stem block, 2: two models, 1: one)
FORMATS = ("siaga-textmodel-1", "siaga-textmodel-2", "siaga-textmodel-3", FORMAT)
RAW_WEIGHT = 2.0  # the raw block's weight: chosen on the dev splits of the published folds (1, 1.5, 2, 3)
LR_GRID = (0.5, 1.0, 2.0, 4.0)
NB_GRID = (2.0, 4.0, 8.0, 16.0)
# auxiliary columns: hate speech split by abusive language (fitted like labels, never shown as flags)
AUXILIARY = {"hs_abusive": ("hs", "abusive", True), "hs_not_abusive": ("hs", "abusive", False)}
# the sums that may be averaged with the HS score: every hate-speech post is in exactly one of each
HS_PARTS = (TARGET_LABELS, tuple(AUXILIARY))
MIN_ROWS = 20
MIN_PER_CLASS = 2


class TrainingError(ValueError):
    """Training data that cannot make a model (message in Bahasa Indonesia)."""


@dataclass
class TextModel:
    labels: list[str]
    vectorizer: Vectorizer
    weights: np.ndarray  # models × (features + 1) × columns (labels, then `auxiliary`), bias last; averaged
    thresholds: np.ndarray
    meta: dict = field(default_factory=dict)
    slang: dict[str, str] | None = None  # None: Siaga's own list
    auxiliary: list[str] = field(default_factory=list)
    hs_parts: list[list[str]] = field(default_factory=list)  # sums of columns averaged with the HS score

    def __post_init__(self):
        if self.weights.ndim == 2:  # a single model (format 1)
            self.weights = self.weights[None]

    # --- prediction -------------------------------------------------------------------------------------------

    def features(self, texts: list[str]) -> sparse.csr_matrix:
        slang = self.slang if self.slang is not None else default_slang()
        raws = [raw_view(t) for t in texts] if self.vectorizer.raw else None
        return self.vectorizer.transform([normalise(t, slang) for t in texts], raws)

    def _probabilities(self, X: sparse.csr_matrix) -> np.ndarray:
        P = np.zeros((X.shape[0], self.weights.shape[2]))
        for W in self.weights:
            P += expit(X @ W[:-1] + W[-1])
        P /= len(self.weights)
        if self.hs_parts:
            P = combine_hs(P, self.labels + self.auxiliary, self.hs_parts)
        return P[:, : len(self.labels)]

    def scores(self, texts: list[str]) -> np.ndarray:
        return self._probabilities(self.features(texts))

    def predict(self, texts: list[str]) -> np.ndarray:
        return self.scores(texts) >= self.thresholds

    def classify(self, text: str, *, explain: int = 5) -> dict:
        """Scores, flags (consistent: sub-labels only under hate speech, one target and one strength) and, for
        each flag, the features that drove it."""
        X = self.features([text])
        probs = self._probabilities(X)[0]
        flags = {label for label, p, t in zip(self.labels, probs, self.thresholds, strict=True) if p >= t}
        flags = self._consistent(flags, dict(zip(self.labels, probs, strict=True)))
        row = X.getrow(0)
        return {
            "scores": {label: round(float(p), 4) for label, p in zip(self.labels, probs, strict=True)},
            "flags": sorted(flags, key=self.labels.index),
            "explanations": {label: self._explain(row, self.labels.index(label), explain) for label in sorted(flags)},
            "model": self.meta.get("version", ""),
        }

    def _consistent(self, flags: set[str], probs: dict[str, float]) -> set[str]:
        if "hs" in self.labels and "hs" not in flags:
            return {f for f in flags if not f.startswith("hs_")}
        if "hs" in flags:
            for group in (TARGET_LABELS, STRENGTH_LABELS):
                present = [g for g in group if g in probs]
                if present:
                    best = max(present, key=lambda g: probs[g])
                    flags = (flags - set(present)) | {best}
        return flags

    def _explain(self, row: sparse.csr_matrix, column: int, top: int) -> list[dict]:
        """The features of this text that raised the label's score most: value × weight, averaged over the
        models (for HS, with the weights of the columns combined with it too)."""
        columns = [column]
        if self.labels[column] == "hs":
            names = self.labels + self.auxiliary
            columns += [names.index(c) for part in self.hs_parts for c in part]
        weights = self.weights[:, row.indices][:, :, columns].mean(axis=(0, 2))
        contrib = row.data * weights
        order = np.argsort(-contrib)[:top]
        out = []
        for i in order:
            if contrib[i] <= 0:
                break
            kind, text = self.vectorizer.name(int(row.indices[i]))
            out.append({"kind": kind, "feature": text, "weight": round(float(contrib[i]), 4)})
        return out

    # --- storage ----------------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        v = self.vectorizer
        header = {
            "format": FORMAT,
            "labels": self.labels,
            "meta": self.meta,
            "char_weight": v.char_weight,
            "stem_weight": v.stem_weight,
            "raw_weight": v.raw_weight,
            "auxiliary": self.auxiliary,
            "hs_parts": self.hs_parts,
        }
        np.savez_compressed(
            buffer,
            words=_pack(v.words),
            chars=_pack(v.chars),
            word_idf=v.word_idf,
            char_idf=v.char_idf,
            stems=_pack(v.stems),
            stem_idf=v.stem_idf,
            raw=_pack(v.raw),
            raw_idf=v.raw_idf,
            weights=self.weights.astype(np.float32),
            thresholds=self.thresholds,
            header=_pack([json.dumps(header)]),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> TextModel:
        with np.load(io.BytesIO(blob), allow_pickle=False) as data:
            header = json.loads(_unpack(data["header"])[0])
            if header.get("format") not in FORMATS:
                raise ValueError("unknown text model format")
            vectorizer = Vectorizer(
                _unpack(data["words"]),
                _unpack(data["chars"]),
                data["word_idf"],
                data["char_idf"],
                header["char_weight"],
                stems=_unpack(data["stems"]) if "stems" in data.files else [],
                stem_idf=data["stem_idf"] if "stem_idf" in data.files else np.zeros(0),
                stem_weight=header.get("stem_weight", 1.0),
                raw=_unpack(data["raw"]) if "raw" in data.files else [],
                raw_idf=data["raw_idf"] if "raw_idf" in data.files else np.zeros(0),
                raw_weight=header.get("raw_weight", 1.0),
            )
            return cls(
                header["labels"],
                vectorizer,
                data["weights"],
                data["thresholds"],
                header["meta"],
                auxiliary=list(header.get("auxiliary", [])),
                hs_parts=[list(part) for part in header.get("hs_parts", [])],
            )


def combine_hs(P: np.ndarray, columns: list[str], parts) -> np.ndarray:
    """The HS column averaged with the sum of each part's columns (capped at 1); the other columns unchanged."""
    if not parts:
        return P
    P = P.copy()
    hs = columns.index("hs")
    sums = [np.minimum(sum(P[:, columns.index(c)] for c in part), 1.0) for part in parts]
    P[:, hs] = (P[:, hs] + sum(sums)) / (1 + len(sums))
    return P


def auxiliary_columns(Y: np.ndarray, labels: list[str]) -> tuple[list[str], np.ndarray]:
    """The auxiliary columns (names, rows × columns) when the labels allow them and each has enough rows of both
    classes; none otherwise (they are only used together)."""
    names = [name for name, (a, b, _) in AUXILIARY.items() if a in labels and b in labels]
    rows = auxiliary_rows(Y, labels, names)
    if not names or not all(MIN_PER_CLASS <= rows[:, k].sum() <= len(Y) - MIN_PER_CLASS for k in range(len(names))):
        return [], np.zeros((len(Y), 0), dtype=bool)
    return names, rows


def _pack(strings: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _unpack(array: np.ndarray) -> list[str]:
    text = array.tobytes().decode("utf-8")
    return text.split("\n") if text else []


# --- training -------------------------------------------------------------------------------------------------


def validate(texts: list[str], Y: np.ndarray, labels: list[str]) -> None:
    if not labels:
        raise TrainingError("Data latih tidak memuat kolom label (mis. hs, abusive, hoax).")
    unknown = [label for label in labels if label not in LABEL_NAMES]
    if unknown:
        raise TrainingError(f"Label tidak dikenal: {', '.join(unknown)}.")
    if len(texts) < MIN_ROWS:
        raise TrainingError(f"Data latih terlalu sedikit: {len(texts)} baris; paling sedikit {MIN_ROWS}.")
    for j, label in enumerate(labels):
        positives = int(Y[:, j].sum())
        if positives < MIN_PER_CLASS or len(texts) - positives < MIN_PER_CLASS:
            which = "positif (1)" if positives < MIN_PER_CLASS else "negatif (0)"
            raise TrainingError(
                f"Label {label} hanya berisi satu kelas: contoh {which} kurang dari {MIN_PER_CLASS}; "
                "model tidak dapat belajar membedakan."
            )


def f1(y: np.ndarray, p: np.ndarray) -> float:
    tp = float(np.sum(y & p))
    denom = float(np.sum(y) + np.sum(p))
    return 0.0 if denom == 0 else 2 * tp / denom


THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.0125), 4)


def _best_threshold(y: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) maximising F1 on (y, s); the middle of a run of equally good thresholds."""
    if y.sum() == 0:
        return 0.5, 0.0
    scores = np.array([f1(y, s >= t) for t in THRESHOLDS])
    best = np.flatnonzero(scores == scores.max())
    return float(THRESHOLDS[best[len(best) // 2]]), float(scores.max())


def train(
    texts,
    Y,
    labels,
    *,
    dev_texts=None,
    dev_Y=None,
    slang=None,
    lr_grid=LR_GRID,
    nb_grid=NB_GRID,
    min_df=2,
    char_weight=1.0,
    stems=True,
    stem_weight=1.0,
    raw=True,
    raw_weight=RAW_WEIGHT,
) -> TextModel:
    """Fit on (texts, Y); choose C per label and model, the HS hierarchy and the thresholds on the dev split (a
    hashed 15% of the training rows when none is given)."""
    Y = np.asarray(Y, dtype=bool)
    labels = list(labels)
    validate(texts, Y, labels)
    started = time.perf_counter()
    if dev_texts is None:
        dev = np.array([_bucket(t, 7) == 0 for t in texts])
        if dev.all() or not dev.any():
            dev = np.arange(len(texts)) % 7 == 0
        dev_texts = [t for t, d in zip(texts, dev, strict=True) if d]
        dev_Y = Y[dev]
        texts = [t for t, d in zip(texts, dev, strict=True) if not d]
        Y = Y[~dev]
    dev_Y = np.asarray(dev_Y, dtype=bool)
    slang_used = slang if slang is not None else default_slang()
    docs = [normalise(t, slang_used) for t in texts]
    raws = [raw_view(t) for t in texts] if raw else None
    vectorizer = Vectorizer.fit(docs, min_df=min_df, stems=stems, raws=raws)
    vectorizer.char_weight = char_weight
    vectorizer.stem_weight = stem_weight
    vectorizer.raw_weight = raw_weight
    X = vectorizer.transform(docs, raws)
    XT = X.T.tocsr()
    X_dev = vectorizer.transform(
        [normalise(t, slang_used) for t in dev_texts], [raw_view(t) for t in dev_texts] if raw else None
    )
    L = len(labels)
    auxiliary, extra = auxiliary_columns(Y, labels)
    columns = labels + auxiliary
    Y_all = np.hstack([Y, extra])
    dev_all = np.hstack([dev_Y, auxiliary_rows(dev_Y, labels, auxiliary)])
    K = len(columns)
    ratio = nb_ratio(X, Y_all)
    weights = np.zeros((2, vectorizer.size + 1, K))
    dev_probs = np.zeros((2, len(dev_texts), K))
    chosen: list[list[float | None]] = [[None, None] for _ in range(K)]
    for m, (scale, grid) in enumerate(((None, lr_grid), (ratio, nb_grid))):
        best = np.full(K, -1.0)
        state = None
        for C in sorted(grid):  # each fit starts from the previous (smaller C) solution
            state, V = fit_logistic(X, Y_all, C, scale=scale, start=state, XT=XT)
            S = expit(X_dev @ V[:-1] + V[-1])
            for j in range(K):
                score = _best_threshold(dev_all[:, j], S[:, j])[1]
                if score > best[j]:
                    best[j], chosen[j][m] = score, C
                    weights[m, :, j] = V[:, j]
                    dev_probs[m, :, j] = S[:, j]
    P = dev_probs.mean(axis=0)
    tuned = [_best_threshold(dev_Y[:, j], P[:, j]) for j in range(L)]
    hs_parts: list[list[str]] = []
    if "hs" in labels:
        hs = labels.index("hs")
        usable = [list(part) for part in HS_PARTS if all(c in columns for c in part)]
        # every subset of the usable parts, fewest first: a combination must beat the simpler ones on dev
        for size in range(1, len(usable) + 1):
            for parts in itertools.combinations(usable, size):
                combined = _best_threshold(dev_Y[:, hs], combine_hs(P, columns, list(parts))[:, hs])
                if combined[1] > tuned[hs][1]:
                    hs_parts, tuned[hs] = list(parts), combined
    meta = {
        "rows": len(texts) + len(dev_texts),
        "features": vectorizer.size,
        "c": {label: {"lr": c[0], "nb_lr": c[1]} for label, c in zip(columns, chosen, strict=True)},
        "hs_parts": hs_parts,
        "dev_f1": {label: round(t[1], 4) for label, t in zip(labels, tuned, strict=True)},
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    return TextModel(
        labels,
        vectorizer,
        weights.astype(np.float32),
        np.array([t[0] for t in tuned]),
        meta,
        slang=None if slang is None else slang,
        auxiliary=auxiliary,
        hs_parts=hs_parts,
    )


def auxiliary_rows(Y: np.ndarray, labels: list[str], names: list[str]) -> np.ndarray:
    """The named auxiliary columns of label rows Y."""
    out = np.zeros((len(Y), len(names)), dtype=bool)
    for k, name in enumerate(names):
        a, b, value = AUXILIARY[name]
        out[:, k] = Y[:, labels.index(a)] & (Y[:, labels.index(b)] == value)
    return out


def _bucket(text: str, buckets: int) -> int:
    return int(hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:8], 16) % buckets


def holdout_mask(texts: list[str], buckets: int = 5) -> np.ndarray:
    """Rows whose normalised text hashes into bucket 0: the held-out split. Deterministic by text, so that the
    current model and a retrained one are compared on rows neither trained on (a duplicate text stays with
    its twin)."""
    return np.array([_bucket(t, buckets) == 0 for t in texts], dtype=bool)


def evaluate(model: TextModel, texts: list[str], Y: np.ndarray, labels: list[str]) -> dict:
    """Per-label F1 and `macro_f1` over the main labels (MAIN_LABELS present in both)."""
    Y = np.asarray(Y, dtype=bool)
    P = model.predict(texts) if texts else np.zeros((0, len(model.labels)), dtype=bool)
    per = {}
    for j, label in enumerate(labels):
        if label in model.labels:
            per[label] = round(f1(Y[:, j], P[:, model.labels.index(label)]), 4)
    main = [per[label] for label in MAIN_LABELS if label in per]
    return {"f1": per, "macro_f1": round(float(np.mean(main)), 4) if main else 0.0, "rows": len(texts)}


def train_with_holdout(texts: list[str], Y, labels: list[str], **kwargs) -> tuple[TextModel, dict, np.ndarray]:
    """Train on the rows outside the held-out split and measure on it: (model, scores, holdout mask)."""
    Y = np.asarray(Y, dtype=bool)
    labels = list(labels)
    validate(texts, Y, labels)
    mask = holdout_mask(texts)
    if mask.sum() < 5 or (~mask).sum() < MIN_ROWS:
        mask = np.arange(len(texts)) % 5 == 0
    held = [t for t, m in zip(texts, mask, strict=True) if m]
    rest = [t for t, m in zip(texts, mask, strict=True) if not m]
    model = train(rest, Y[~mask], labels, **kwargs)
    scores = evaluate(model, held, Y[mask], labels)
    model.meta["holdout"] = scores
    return model, scores, mask
