"""A text model trained once per test session on Siaga's own synthetic examples (stored per test as needed)."""

import pytest

from siaga.engine.text import LABELS, train_with_holdout

_CACHE: dict = {}


def synthetic_data(count: int = 450, seed: int = 13):
    import numpy as np

    from siaga.siber.synthetic import examples

    rows = examples(count, seed)
    texts = [t for t, _ in rows]
    Y = np.array([[label in labels for label in LABELS] for _, labels in rows], dtype=bool)
    return texts, Y


def trained_blob() -> tuple[bytes, dict]:
    if "blob" not in _CACHE:
        texts, Y = synthetic_data()
        model, scores, _ = train_with_holdout(texts, Y, list(LABELS))
        _CACHE["blob"], _CACHE["scores"] = model.to_bytes(), scores
    return _CACHE["blob"], _CACHE["scores"]


@pytest.fixture
def text_model(db):
    """The active model version 1 (trained on the synthetic set)."""
    from siaga.siber import classifier
    from siaga.siber.models import TextModelVersion

    blob, scores = trained_blob()
    row = TextModelVersion.objects.create(
        version=1, blob=blob, labels=list(LABELS), scores=scores, rows=450, is_active=True, is_synthetic=True
    )
    classifier.clear_cache()
    yield row
    classifier.clear_cache()


def post_input(**overrides):
    from siaga.siber.services import PostInput

    data = {
        "platform": "facebook",
        "text": "Ayo kepung kantor KPU di Jombang besok, bawa senjata kalau paslon kita kalah",
        "account": "@provokator1",
        "external_id": "fb-1",
    }
    data.update(overrides)
    return PostInput(**data)
