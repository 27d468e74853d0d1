"""The active text model of the installation, loaded once per process and reloaded when another version becomes
active (the version number is checked at most every few seconds)."""

from __future__ import annotations

import threading
import time

from siaga.engine.text import TextModel

CHECK_SECONDS = 5.0
_lock = threading.Lock()
_state: dict = {"version": None, "model": None, "checked": 0.0}


def active_model() -> TextModel | None:
    from siaga.siber.models import TextModelVersion

    now = time.monotonic()
    if now - _state["checked"] < CHECK_SECONDS and _state["model"] is not None:
        return _state["model"]
    with _lock:
        row = TextModelVersion.objects.filter(is_active=True).values_list("pk", "version").first()
        _state["checked"] = now
        if row is None:
            _state.update(version=None, model=None)
            return None
        if row[1] != _state["version"]:
            blob = TextModelVersion.objects.filter(pk=row[0]).values_list("blob", flat=True).first()
            model = TextModel.from_bytes(bytes(blob))
            model.meta["version"] = row[1]
            _state.update(version=row[1], model=model)
        return _state["model"]


def clear_cache() -> None:
    with _lock:
        _state.update(version=None, model=None, checked=0.0)


def classify(text: str) -> dict:
    """The model's verdict on one text ({"flags": [], "scores": {}, "explanations": {}, "model": None} when no
    model has been trained yet)."""
    model = active_model()
    if model is None:
        return {"flags": [], "scores": {}, "explanations": {}, "model": None}
    return model.classify(text)
