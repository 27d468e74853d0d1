"""Triage of a report with the engine (siaga.engine.triage), in two steps.

1. `triage_immediate` runs inside the intake request and needs no query once the process caches are warm:
   place → desa → responsible Polsek, suggested category, severity and its deadline.
2. `report_triage` runs after the report is durably stored (right after commit, or in the background):
   near-duplicates grouped into an Incident, the nearest TPS of the active election, a vulnerable object,
   and the "suggested" timeline entry. A crash in between leaves `triage_state=pending`; the background
   sweep (`siaga reports_triage`) picks such reports up again.
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
_clf_lock = threading.RLock()
_clf: dict[str, object] = {"classifier": None, "at": 0.0}


def classifier() -> Classifier:
    """The process's category suggester with the learned state from the database (re-read every 30 s)."""
    from siaga.reports.models import ClassifierState

    clf = _clf["classifier"]
    if clf is not None and time.monotonic() - _clf["at"] < CLASSIFIER_REFRESH_SECONDS:
        return clf
    with _clf_lock:
        row = ClassifierState.objects.filter(key="default").values_list("state", flat=True).first()
        clf = Classifier.from_dict(row or None)
        _clf["classifier"], _clf["at"] = clf, time.monotonic()
    return clf


def classifier_learn(*, text: str, category: str) -> bool:
    """Feed an officer's confirmed category into the learned state (row-locked, so workers never lose one)."""
    from siaga.reports.models import ClassifierState

    with transaction.atomic():
        row, _ = ClassifierState.objects.get_or_create(key="default")
        row = ClassifierState.objects.select_for_update().get(pk=row.pk)
        clf = Classifier.from_dict(row.state or None)
        try:
            clf.learn(text, category)
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


@dataclass
class Immediate:
    located: Located
    suggested: str
    severity: int
    deadline_minutes: int
    data: dict


def triage_immediate(
    *, text: str, category: str | None, severity: int | None, user, lat, lon, desa_code, location_text: str
) -> Immediate | None:
    polres_id = polres_for_unit(getattr(user, "unit", None) if user is not None else None)
    if polres_id is None:
        return None
    located = location_index(polres_id).locate(
        lat=lat, lon=lon, desa_code=desa_code, text=f"{location_text}\n{text}" if location_text else text
    )
    suggestions = classifier().suggest(text, limit=3)
    suggested = suggestions[0].category
    rated = severity_for(category or suggested, text)
    level = severity or rated.level
    cat = known_categories().get(category or suggested)
    deadline = cat.deadline_minutes(level) if cat else rated.deadline_minutes
    data = {
        "suggestions": [
            {"category": s.category, "confidence": round(s.confidence, 3), "terms": list(s.matched_terms)[:6]}
            for s in suggestions
        ],
        "places": located.places,
        "located_by": located.method,
        "severity": {"level": rated.level, "reasons": list(rated.reasons)},
    }
    return Immediate(located, suggested, level, deadline, data)


def deadline_from(minutes: int, now=None):
    return (now or timezone.now()) + timedelta(minutes=minutes)
