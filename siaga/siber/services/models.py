"""Training and versioning of the text model. A new version becomes the active one only if it scores at least as
well as the current one on the same held-out rows (never a silent regression); otherwise it is kept, inactive,
with the reason."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Max

from siaga.core import access
from siaga.core.imports.reader import ImportFileError, decode, sniff_delimiter
from siaga.engine.text import LABELS, TextModel, TrainingError, train_with_holdout
from siaga.engine.text.dataset import read_training_csv
from siaga.engine.text.model import evaluate, holdout_mask
from siaga.siber import classifier


@dataclass
class TrainResult:
    version: object  # TextModelVersion
    activated: bool
    reason: str
    current_score: float | None


def training_rows_from_reviews(unit=None) -> tuple[list[str], np.ndarray]:
    """The analysts' confirmations and corrections as training rows (every label of the scheme)."""
    from siaga.siber.choices import Review
    from siaga.siber.models import Post

    posts = Post.objects.exclude(review=Review.PENDING)
    if unit is not None:
        posts = posts.filter(unit__path__startswith=unit.path)
    rows = list(posts.values_list("text", "confirmed_labels"))
    texts = [text for text, _ in rows]
    Y = np.array([[label in set(labels) for label in LABELS] for _, labels in rows], dtype=bool)
    return texts, Y.reshape(len(texts), len(LABELS))


def textmodel_train(
    *, texts: list[str], Y, labels: list[str], actor, source: str = "command", synthetic: bool = False, note: str = ""
) -> TrainResult:
    """Train, measure on the held-out split, store the version and activate it unless it is worse."""
    from siaga.siber.models import TextModelVersion

    access.require(actor, "siber.train")
    model, scores, mask = train_with_holdout(texts, Y, labels)
    current = TextModelVersion.objects.filter(is_active=True).first()
    current_score = None
    if current is not None:
        old = TextModel.from_bytes(bytes(current.blob))
        held = [t for t, m in zip(texts, mask, strict=True) if m]
        current_score = evaluate(old, held, np.asarray(Y, dtype=bool)[mask], list(labels))["macro_f1"]
    new_score = scores["macro_f1"]
    activated = current_score is None or new_score >= current_score
    if current_score is None:
        reason = "Model pertama: langsung aktif."
    elif activated:
        reason = f"Aktif: skor uji {new_score:.3f} ≥ model aktif v{current.version} {current_score:.3f}."
    else:
        reason = (f"Ditolak: skor uji {new_score:.3f} lebih rendah dari model aktif v{current.version} "
                  f"{current_score:.3f} pada data uji yang sama; model aktif dipertahankan.")  # fmt: skip
    with transaction.atomic():
        version = (TextModelVersion.objects.aggregate(n=Max("version"))["n"] or 0) + 1
        model.meta["version"] = version
        if activated:
            TextModelVersion.objects.filter(is_active=True).update(is_active=False)
        row = TextModelVersion.objects.create(
            version=version, blob=model.to_bytes(), labels=list(model.labels),
            scores={**scores, "compared_with": current.version if current else None, "current_score": current_score},
            meta=model.meta, rows=len(texts), is_active=activated, is_synthetic=synthetic, source=source,
            trained_by=access.acting_user(actor), note=(note + " " + reason).strip()[:300],
        )  # fmt: skip
    classifier.clear_cache()
    return TrainResult(row, activated, reason, current_score)


def textmodel_train_csv(
    *, content: str | bytes, actor, source: str = "command", synthetic: bool = False
) -> TrainResult:
    """Train from a labelled CSV: bytes are decoded as the shared importer does (UTF-8/16, cp1252, latin-1), the
    delimiter detected the same way."""
    if isinstance(content, bytes):
        try:
            content = decode(content)
        except ImportFileError as exc:
            raise TrainingError(str(exc)) from None
    texts, Y, labels = read_training_csv(content, delimiter=sniff_delimiter(content))
    return textmodel_train(texts=texts, Y=Y, labels=labels, actor=actor, source=source, synthetic=synthetic)


def textmodel_retrain(*, actor) -> TrainResult:
    """Retrain on Siaga's own synthetic set plus every analyst confirmation and correction."""
    from siaga.siber.synthetic import examples

    access.require(actor, "siber.train")
    base = examples()
    texts = [t for t, _ in base]
    Y = np.array([[label in labels for label in LABELS] for _, labels in base], dtype=bool)
    reviewed_texts, reviewed_Y = training_rows_from_reviews()
    if not reviewed_texts:
        raise TrainingError("Belum ada konfirmasi atau koreksi analis untuk dipelajari.")
    texts += reviewed_texts
    Y = np.vstack([Y, reviewed_Y])
    return textmodel_train(texts=texts, Y=Y, labels=list(LABELS), actor=actor, source="retrain", synthetic=True,
                           note=f"{len(reviewed_texts)} konfirmasi analis.")  # fmt: skip


__all__ = ["TrainResult", "holdout_mask", "textmodel_retrain", "textmodel_train", "textmodel_train_csv"]
