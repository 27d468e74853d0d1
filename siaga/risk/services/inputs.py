"""Turn the rows of one election into engine inputs (siaga.engine.risk.RiskInput), in a handful of queries."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from siaga.engine.risk import Note, RiskInput
from siaga.risk.models import IntelNote, RiskProfile, StationIndicator
from siaga.risk.providers import incident_counts
from siaga.stations.models import Station


def _notes(election, station_ids) -> tuple[dict, dict]:
    today = timezone.localdate()
    qs = IntelNote.objects.filter(election=election).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    if station_ids is not None:
        qs = qs.filter(Q(station_id__in=station_ids) | Q(station__isnull=True))
    by_station, by_desa = defaultdict(list), defaultdict(list)
    for station_id, desa_id, severity, text in qs.values_list("station_id", "desa_id", "severity", "text"):
        note = Note(severity, f"Catatan intelijen: {text[:80]}")
        if station_id:
            by_station[station_id].append(note)
        elif desa_id:
            by_desa[desa_id].append(note)
    return by_station, by_desa


def _flags(election, station_ids) -> dict[int, set[str]]:
    qs = StationIndicator.objects.filter(station__election=election, indicator__active=True)
    if station_ids is not None:
        qs = qs.filter(station_id__in=station_ids)
    flags = defaultdict(set)
    for station_id, code in qs.values_list("station_id", "indicator__code"):
        flags[station_id].add(code)
    return flags


def station_rows(election, station_ids=None) -> list[tuple]:
    qs = Station.objects.filter(election=election)
    if station_ids is not None:
        qs = qs.filter(pk__in=station_ids)
    return list(qs.values_list("id", "desa_id", "special_type", "category").order_by("id"))


def risk_inputs(profile: RiskProfile, rows: list[tuple]) -> dict[int, RiskInput]:
    """Engine input for every station row (id, desa_id, special_type, category)."""
    election = profile.election
    indicators = list(profile.indicators.filter(active=True).values_list("code", "weight", "label"))
    weights = {code: weight for code, weight, _ in indicators}
    labels = {code: label for code, _, label in indicators}
    ids = [r[0] for r in rows] if len(rows) < 500 else None
    flags = _flags(election, ids)
    notes_station, notes_desa = _notes(election, ids)
    since = timezone.now() - timedelta(days=int(profile.rule.get("incident_days", 30)))
    incidents = incident_counts(election=election, since=since)
    inputs = {}
    for station_id, desa_id, special_type, _ in rows:
        inputs[station_id] = RiskInput(
            flags=frozenset(flags.get(station_id, ())),
            weights=weights,
            labels=labels,
            tps_incidents=incidents.stations.get(station_id, 0),
            desa_incidents=incidents.desa.get(desa_id, 0),
            notes=tuple(notes_station.get(station_id, ())) + tuple(notes_desa.get(desa_id, ())),
            facts=frozenset({f"tps:{special_type}"} if special_type else ()),
        )
    return inputs
