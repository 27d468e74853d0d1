"""Incident history and forecast around vulnerable objects, filled by other apps (e.g. reports, analysis) without a
hard dependency.

A provider is ``fn(objects) -> Mapping[object_id, float]``: a component >= 0 per object (e.g. 0.4 when recent
incidents cluster around it). History providers (``register_incident_history``: what happened) are summed and
capped at ``HISTORY_CAP``; forecast providers (``register_forecast_intensity``: what is expected next week, e.g.
the analysis app's hot-spot forecast) are summed and capped at ``FORECAST_CAP``. The effective weight is
``base x (1 + history + forecast) x critical-period multiplier`` (see ``siaga.patrols.weights``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

HISTORY_CAP = 2.0
FORECAST_CAP = 1.0

HistoryProvider = Callable[[list], Mapping[int, float]]
_providers: list[HistoryProvider] = []
_forecast_providers: list[HistoryProvider] = []


def register_incident_history(fn: HistoryProvider) -> HistoryProvider:
    """Register a provider (usable as a decorator); registering the same function twice is a no-op."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def unregister_incident_history(fn: HistoryProvider) -> None:
    if fn in _providers:
        _providers.remove(fn)


def register_forecast_intensity(fn: HistoryProvider) -> HistoryProvider:
    """Register a forecast provider (usable as a decorator); registering the same function twice is a no-op."""
    if fn not in _forecast_providers:
        _forecast_providers.append(fn)
    return fn


def unregister_forecast_intensity(fn: HistoryProvider) -> None:
    if fn in _forecast_providers:
        _forecast_providers.remove(fn)


def _summed(objects, providers, cap: float) -> dict[int, float]:
    objects = list(objects)
    totals = {obj.pk: 0.0 for obj in objects}
    if not objects:
        return totals
    for provider in providers:
        for object_id, value in (provider(objects) or {}).items():
            if object_id in totals and value and value > 0:
                totals[object_id] += float(value)
    return {object_id: min(value, cap) for object_id, value in totals.items()}


def incident_history(objects: Iterable) -> dict[int, float]:
    """History component per object id (0 when no provider knows anything about it)."""
    return _summed(objects, _providers, HISTORY_CAP)


def forecast_intensity(objects: Iterable) -> dict[int, float]:
    """Forecast component per object id (0 when no provider knows anything about it)."""
    return _summed(objects, _forecast_providers, FORECAST_CAP)
