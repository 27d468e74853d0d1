"""Reads for kerawanan, always through restrict()."""

from collections import defaultdict

from django.db.models import Count
from django.http import Http404

from siaga.elections.models import Election
from siaga.engine.risk import category_max, rule_from_dict
from siaga.risk.models import CategoryChange, DesaCategory, IntelNote, RiskProfile, StationIndicator, StationRisk
from siaga.stations.models import Station


def stations_for(user, action: str = "view"):
    return Station.objects.restrict(user, action)


def station_get(*, user, pk: int) -> Station:
    station = stations_for(user).select_related("election", "desa__parent", "unit").filter(pk=pk).first()
    if station is None:
        raise Http404("TPS tidak ditemukan atau di luar wilayah Anda.")
    return station


def elections_for(user):
    """Elections the user can see directly, or through at least one of its TPS."""
    own = set(Election.objects.restrict(user).values_list("pk", flat=True))
    via_tps = set(stations_for(user).values_list("election_id", flat=True).distinct())
    return Election.objects.filter(pk__in=own | via_tps).order_by("-voting_day")


def election_get(*, user, pk: int) -> Election:
    election = elections_for(user).filter(pk=pk).first()
    if election is None:
        raise Http404("Pemilihan tidak ditemukan.")
    return election


def profile_for(*, election) -> RiskProfile:
    from siaga.risk.services import profile_get_or_create

    return profile_get_or_create(election=election)


def station_flags(station) -> set[str]:
    rows = StationIndicator.objects.filter(station=station, indicator__active=True)
    return set(rows.values_list("indicator__code", flat=True))


def flags_for(stations) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {s.pk: set() for s in stations}
    rows = StationIndicator.objects.filter(station__in=list(out), indicator__active=True)
    for station_id, code in rows.values_list("station_id", "indicator__code"):
        out[station_id].add(code)
    return out


def indicator_groups(profile) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for ind in profile.indicators.filter(active=True).order_by("order", "code"):
        groups.setdefault(ind.variable_label, []).append(ind)
    return list(groups.items())


def station_detail(*, station, user) -> dict:
    profile = profile_for(election=station.election)
    risk = StationRisk.objects.filter(station=station).select_related("override_by").first()
    history = CategoryChange.objects.filter(station=station).select_related("actor")[:50]
    notes = IntelNote.objects.restrict(user).filter(station=station).select_related("author")
    desa_notes = IntelNote.objects.restrict(user).filter(election=station.election, desa=station.desa, station=None)
    return {
        "station": station,
        "profile": profile,
        "risk": risk,
        "category": profile.category(station.category),
        "flags": station_flags(station),
        "groups": indicator_groups(profile),
        "history": list(history),
        "notes": list(notes) + list(desa_notes),
    }


def category_counts(*, user, election, by: str) -> list[dict]:
    """Counts of TPS per category per kecamatan (by='kecamatan') or desa (by='desa')."""
    key = {"kecamatan": ("desa__parent_id", "desa__parent__name"), "desa": ("desa_id", "desa__name")}[by]
    qs = stations_for(user).filter(election=election).values(*key, "category").annotate(n=Count("id"))
    rows: dict[str, dict] = {}
    for item in qs.order_by(key[1]):
        row = rows.setdefault(item[key[0]], {"code": item[key[0]], "name": item[key[1]], "counts": {}, "total": 0})
        row["counts"][item["category"]] = row["counts"].get(item["category"], 0) + item["n"]
        row["total"] += item["n"]
    return list(rows.values())


def desa_categories(*, user, profile, rows: list[dict]) -> None:
    """Add each desa's own category (Pilkades): an officer's setting, else the most severe of its TPS."""
    rule = rule_from_dict(profile.rule)
    overrides = {d.desa_id: d for d in DesaCategory.objects.filter(profile=profile)}
    for row in rows:
        own = overrides.get(row["code"])
        row["own"] = own.category if own else category_max(row["counts"].keys(), rule)
        row["own_override"] = own


def totals(rows: list[dict]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for row in rows:
        for code, n in row["counts"].items():
            out[code] += n
    return dict(out)
