"""Near-duplicate and paraphrase grouping of posts into narratives: a post joins the most similar recent
narrative when the text similarity of the triage engine (content-stem overlap or character shingles) reaches
the threshold, otherwise it starts a new one."""

from __future__ import annotations

from siaga.engine.triage.duplicates import text_similarity

THRESHOLD = 0.45


def best_narrative(text: str, candidates: list[tuple[object, str]], threshold: float = THRESHOLD):
    """(id, similarity) of the closest candidate narrative (id, sample text) at or above `threshold`, or
    (None, best similarity)."""
    best_id, best = None, 0.0
    probe = text[:2000]
    for key, sample in candidates:
        score = text_similarity(probe, sample[:2000])[0]
        if score > best:
            best_id, best = key, score
    return (best_id, best) if best >= threshold else (None, best)
