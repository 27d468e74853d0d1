"""Incident history for the category rule, filled by other apps (the reports app) without risk importing them.

A counter is `fn(*, election, since) -> IncidentCounts`: incidents since `since` (an aware datetime) per TPS id
and per desa code. Register it in your AppConfig.ready():

    from siaga.risk.providers import register_incident_counter
    register_incident_counter(my_counter)

With no counter registered every TPS counts zero incidents. Counts of several counters are added up.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class IncidentCounts:
    stations: dict[int, int] = field(default_factory=dict)
    desa: dict[str, int] = field(default_factory=dict)


_counters: list[Callable[..., IncidentCounts]] = []


def register_incident_counter(fn: Callable[..., IncidentCounts]) -> None:
    if fn not in _counters:
        _counters.append(fn)


def unregister_incident_counter(fn: Callable[..., IncidentCounts]) -> None:
    if fn in _counters:
        _counters.remove(fn)


def incident_counts(*, election, since) -> IncidentCounts:
    stations: Counter = Counter()
    desa: Counter = Counter()
    for fn in _counters:
        counts = fn(election=election, since=since)
        stations.update(counts.stations)
        desa.update(counts.desa)
    return IncidentCounts(dict(stations), dict(desa))
