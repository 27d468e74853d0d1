"""Triage of a report with the engine (siaga.engine.triage), in two steps.

1. `locate_report` and `initial_severity` run inside the intake request and need no query once the process
   caches are warm: place → desa → responsible Polsek; the reporter's severity, else the category's default.
2. `triage_suggest` runs in the deferred step (siaga.reports.services.deferred, in batches, after the report is
   durably stored): suggested category, severity rules (which update severity and deadline unless a person set
   them), place names in the text; the same step groups near-duplicates and finds the TPS and vulnerable object.
   A report stays `triage_state=pending` until then; `siaga reports_triage --loop` works the queue.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from siaga.engine.triage import Classifier, severity_for
from siaga.reports.locate import Located, location_index, polres_for_unit
from siaga.reports.taxonomy import known_categories

CLASSIFIER_REFRESH_SECONDS = 30
DEFAULT_DEADLINE_MINUTES = {1: 240, 2: 120, 3: 30, 4: 10}
_clf_lock = threading.RLock()
_clf: dict[str, object] = {"classifier": None, "at": 0.0}


def classifier() -> Classifier:
    """The process's category suggester with the learned state from the database (re-read every 30 s)."""
    from siaga.reports.models import ClassifierState

    clf = _clf["classifier"]
    if clf is not None and time.monotonic() - _clf["at"] < CLASSIFIER_REFRESH_SECONDS:
        return clf
    row = ClassifierState.objects.filter(key="default").values_list("state", flat=True).first()  # not under the lock
    clf = Classifier.from_dict(row or None)
    with _clf_lock:
        _clf["classifier"], _clf["at"] = clf, time.monotonic()
    return clf


def place_spans(text: str, polres_id: int | None) -> tuple[tuple[int, int], ...]:
    """Where the text names places: never evidence for the category ("Tanggul" the kecamatan is no levee)."""
    if polres_id is None or not text.strip():
        return ()
    return location_index(polres_id).resolve(text).spans


def classifier_learn(*, text: str, category: str, polres_id: int | None = None) -> bool:
    """Feed an officer's confirmed category into the learned state (row-locked, so workers never lose one).
    The engine keeps only what helps on held-out confirmations (see siaga.engine.triage.Classifier)."""
    from siaga.reports.models import ClassifierState

    ignore = place_spans(text, polres_id)
    with transaction.atomic():
        row, _ = ClassifierState.objects.get_or_create(key="default")
        row = ClassifierState.objects.select_for_update().get(pk=row.pk)
        clf = Classifier.from_dict(row.state or None)
        try:
            clf.learn(text, category, ignore=ignore)
        except ValueError:  # a category added in the database that the engine's lexicon does not know
            return False
        row.state = clf.to_dict()
        row.confirmations += 1
        row.save(update_fields=["state", "confirmations", "updated_at"])
    with _clf_lock:
        _clf["classifier"], _clf["at"] = clf, time.monotonic()
    return True


def clear_cache() -> None:
    with _clf_lock:
        _clf["classifier"], _clf["at"] = None, 0.0


def locate_report(*, user, lat, lon, desa_code, text: str, location_text: str) -> Located | None:
    """The request-path step: location → desa → responsible unit, answered from the in-process index."""
    polres_id = polres_for_unit(getattr(user, "unit", None) if user is not None else None)
    if polres_id is None:
        return None
    return location_index(polres_id).locate(
        lat=lat, lon=lon, desa_code=desa_code, text=f"{location_text}\n{text}" if location_text else text
    )


def initial_severity(*, category: str | None, severity: int | None) -> tuple[int, int]:
    """(severity, deadline minutes) before the rules run: the reporter's, else the category's default, else 2."""
    cat = known_categories().get(category) if category else None
    level = severity or (cat.default_severity if cat else 2)
    return level, (cat.deadline_minutes(level) if cat else DEFAULT_DEADLINE_MINUTES[level])


@dataclass
class Suggestion:
    suggested: str
    severity: int  # the rules' level
    deadline_minutes: int  # for that level (the category's table, else the rules')
    data: dict


def triage_suggest(*, text: str, category: str | None, location_text: str, polres_id: int | None) -> Suggestion:
    """The deferred step's text work: suggested category (place names masked), severity rules, place names."""
    places, spans = [], ()
    if polres_id is not None and (text.strip() or location_text.strip()):
        index = location_index(polres_id)
        combined = f"{location_text}\n{text}" if location_text else text
        found = index.resolve(combined)  # once: the places, and the spans of the text's own place names
        offset = len(combined) - len(text)
        places = [index.place_dict(m) for m in found.matches[:5]]
        spans = tuple((a - offset, b - offset) for a, b in found.spans if a >= offset)
    suggestions = classifier().suggest(text, limit=3, ignore=spans)
    suggested = suggestions[0].category
    rated = severity_for(category or suggested, text)
    cat = known_categories().get(category or suggested)
    deadline = cat.deadline_minutes(rated.level) if cat else rated.deadline_minutes
    data = {
        "suggestions": [
            {"category": s.category, "confidence": round(s.confidence, 3), "terms": list(s.matched_terms)[:6]}
            for s in suggestions
        ],
        "places": places,
        "severity": {"level": rated.level, "reasons": list(rated.reasons)},
    }
    return Suggestion(suggested, rated.level, deadline, data)


def deadline_from(minutes: int, now=None):
    return (now or timezone.now()) + timedelta(minutes=minutes)
