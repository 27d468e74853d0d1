"""The per-TPS yes/no checklist. A change deletes/creates StationIndicator rows in bulk, writes one audit row per
changed TPS, and recomputes the TPS's category at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from siaga.core import access
from siaga.core.audit import audit_record
from siaga.risk.models import StationIndicator
from siaga.stations.models import Station


def _indicators_by_code(profile) -> dict:
    return {i.code: i for i in profile.indicators.filter(active=True)}


def _current(station_ids) -> dict[int, set[str]]:
    current: dict[int, set[str]] = {sid: set() for sid in station_ids}
    rows = StationIndicator.objects.filter(station_id__in=station_ids, indicator__active=True).values_list(
        "station_id", "indicator__code"
    )
    for station_id, code in rows:
        current[station_id].add(code)
    return current


def checklist_write(*, profile, values: dict[int, set[str]], actor, source: str, audit_each: bool = True) -> int:
    """Set the checklist of several TPS (station id → codes that are "yes"); only active indicators are touched.
    Returns the number of TPS whose checklist changed. Caller holds the transaction and has checked the actor
    (checklist_set, checklist_grid_set, the checklist import)."""
    actor = None if actor is access.SYSTEM else actor
    by_code = _indicators_by_code(profile)
    unknown = {c for codes in values.values() for c in codes} - set(by_code)
    if unknown:
        raise ValidationError(f"Indikator tidak dikenal: {', '.join(sorted(unknown))}.")
    current = _current(list(values))
    now, changed, creates, deletes = timezone.now(), [], [], []
    for station_id, codes in values.items():
        old = current[station_id] & set(by_code)
        added, removed = set(codes) - old, old - set(codes)
        if not (added or removed):
            continue
        changed.append(station_id)
        deletes += [(station_id, by_code[c].pk) for c in removed]
        creates += [
            StationIndicator(station_id=station_id, indicator=by_code[c], source=source, set_by=actor, set_at=now)
            for c in sorted(added)
        ]
        if audit_each:
            audit_record(
                action="update", model="risk.StationIndicator", object_id=station_id,
                object_repr=f"Daftar periksa TPS {station_id}",
                changes={"ditambah": sorted(added), "dihapus": sorted(removed)}, note=f"sumber: {source}",
            )  # fmt: skip
    _delete_pairs(deletes)
    StationIndicator.objects.bulk_create(creates, batch_size=1000)
    return len(changed)


def _delete_pairs(pairs: list[tuple[int, int]]) -> None:
    by_indicator: dict[int, list[int]] = {}
    for station_id, indicator_id in pairs:
        by_indicator.setdefault(indicator_id, []).append(station_id)
    for indicator_id, station_ids in by_indicator.items():
        for i in range(0, len(station_ids), 900):
            chunk = station_ids[i : i + 900]
            StationIndicator.objects.filter(indicator_id=indicator_id, station_id__in=chunk).delete()


def checklist_set(*, station, codes, actor, source: str = "intel") -> bool:
    """Set one TPS's checklist (the page per TPS, the phone form, the API)."""
    from siaga.risk.services.compute import categories_recompute
    from siaga.risk.services.profile import profile_get_or_create

    access.require(actor, "risk.checklist", station)
    profile = profile_get_or_create(election=station.election)
    with transaction.atomic():
        changed = checklist_write(profile=profile, values={station.pk: set(codes)}, actor=actor, source=source)
        if changed:
            categories_recompute(election=station.election, actor=actor, station_ids=[station.pk])
    return bool(changed)


def checklist_grid_set(*, profile, values: dict[int, set[str]], actor) -> int:
    """The bulk grid per desa: several TPS at once, one recomputation. Every TPS must be of the profile's election
    and in the actor's scope."""
    from siaga.risk.services.compute import categories_recompute

    access.require(actor, "risk.checklist")  # the role; the scope per TPS below
    stations = Station.objects.filter(pk__in=list(values), election_id=profile.election_id).select_related("unit")
    found = {s.pk: s for s in stations}
    if set(values) - set(found):
        raise ValidationError("Sebagian TPS tidak ditemukan pada pemilihan ini.")
    for station in found.values():
        access.require(actor, "risk.checklist", station)
    with transaction.atomic():
        changed = checklist_write(profile=profile, values=values, actor=actor, source="intel")
        if changed:
            categories_recompute(election=profile.election, actor=actor, station_ids=list(values))
    return changed
