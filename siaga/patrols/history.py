"""Incident history around vulnerable objects, filled by other apps (e.g. reports) without a hard dependency.

A provider is ``fn(objects) -> Mapping[object_id, float]``: a component >= 0 per object (e.g. 0.4 when recent
incidents cluster around it). Components of all providers are summed and capped at ``HISTORY_CAP``; the
effective weight is ``base x (1 + history) x critical-period multiplier`` (see ``siaga.patrols.weights``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

HISTORY_CAP = 2.0

HistoryProvider = Callable[[list], Mapping[int, float]]
_providers: list[HistoryProvider] = []


def register_incident_history(fn: HistoryProvider) -> HistoryProvider:
    """Register a provider (usable as a decorator); registering the same function twice is a no-op."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def unregister_incident_history(fn: HistoryProvider) -> None:
    if fn in _providers:
        _providers.remove(fn)


def incident_history(objects: Iterable) -> dict[int, float]:
    """History component per object id (0 when no provider knows anything about it)."""
    objects = list(objects)
    totals = {obj.pk: 0.0 for obj in objects}
    if not objects:
        return totals
    for provider in _providers:
        for object_id, value in (provider(objects) or {}).items():
            if object_id in totals and value and value > 0:
                totals[object_id] += float(value)
    return {object_id: min(value, HISTORY_CAP) for object_id, value in totals.items()}
