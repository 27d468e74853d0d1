"""Reads for kerawanan, always through restrict()."""

from collections import Counter, defaultdict

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


DEFAULT_ORDER = ("kurang_rawan", "rawan", "sangat_rawan", "khusus")


def anev_kerawanan(*, user, unit, day_from, day_to) -> list[dict]:
    """Kerawanan for an Anev, per election with TPS in the unit's subtree: TPS per category at the start of the
    period and at its end (each TPS's category then, from its change history), the changes in the period
    (from → to, with counts) and the TPS that turned more vulnerable (rank up in the rule's order, ending above
    the lowest category). Queries: one per election for the counts, one for the changes."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from siaga.stations.categories import category_styles

    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day_from, time.min), tz)
    end = timezone.make_aware(datetime.combine(day_to + timedelta(days=1), time.min), tz)
    stations = stations_for(user).filter(unit__path__startswith=unit.path)
    out = []
    for election in Election.objects.filter(pk__in=stations.values("election_id")).order_by("-voting_day", "pk"):
        scoped = stations.filter(election=election)
        current = dict(scoped.values_list("pk", "category"))
        profile = RiskProfile.objects.filter(election=election).first()
        order = [c["code"] for c in profile.categories] if profile and profile.categories else list(DEFAULT_ORDER)
        rank = {code: i for i, code in enumerate(order)}
        at_start, at_end, moves = {}, {}, defaultdict(int)
        turned: list[int] = []
        rows = (
            CategoryChange.objects.filter(station__in=scoped.values("pk"), at__gte=start)
            .order_by("station_id", "at", "id")
            .values_list("station_id", "old", "new", "at")
        )
        for station_id, old, new, at in rows:
            at_start.setdefault(station_id, old)
            if at >= end:
                at_end.setdefault(station_id, old)
            elif old != new:
                moves[(old, new)] += 1
        first, last = Counter(), Counter()
        for pk, category in current.items():
            before, after = at_start.get(pk, category), at_end.get(pk, category)
            first[before] += 1
            last[after] += 1
            if rank.get(after, -1) > max(rank.get(before, -1), 0) and after != before:
                turned.append(pk)
        styles = category_styles(election=election)
        codes = [c for c in order if c in first or c in last] + sorted((set(first) | set(last)) - set(order))
        out.append(
            {
                "election": election,
                "total": len(current),
                "categories": [
                    {
                        "code": code,
                        "label": styles[code].label if code in styles else (code or "Belum dinilai"),
                        "start": first.get(code, 0),
                        "end": last.get(code, 0),
                    }
                    for code in codes
                ],
                "changes": [
                    {
                        "from": styles[a].label if a in styles else (a or "Belum dinilai"),
                        "to": styles[b].label if b in styles else (b or "Belum dinilai"),
                        "count": n,
                    }
                    for (a, b), n in sorted(moves.items(), key=lambda kv: -kv[1])
                ],
                "turned_up": turned,
            }
        )
    return out


def stations_named(ids) -> dict[int, str]:
    """'TPS 003 Desa X' per station id (for findings that name TPS)."""
    return {s.pk: str(s) for s in Station.objects.filter(pk__in=list(ids)).select_related("desa")}


def dashboard_panel(user, *, today=None) -> dict:
    """The dashboard's kerawanan panel: TPS per category of the active election among those with TPS in the
    user's scope (`elections.selectors.active_voting_day`; of a serentak round sharing that day, the one with
    the most TPS in scope). The election is read itself, not through its risk profile: TPS of an election
    nobody has opened in the risk app yet are counted under the default categories and "Belum dinilai"."""
    from django.utils import timezone

    from siaga.elections.selectors import active_voting_day
    from siaga.stations.categories import categories, category_style

    stations = stations_for(user)
    candidates = Election.objects.filter(pk__in=stations.values("election_id")).prefetch_related("stages")
    day = active_voting_day(candidates, today=today or timezone.localdate())
    if day is None:
        return {"election": None}
    same_day = list(candidates.filter(voting_day=day).order_by("pk"))
    election = same_day[0]
    if len(same_day) > 1:
        sizes = dict(stations.filter(election__in=same_day).values_list("election_id").annotate(n=Count("id")))
        election = max(same_day, key=lambda e: (sizes.get(e.pk, 0), -e.pk))
    counts = dict(stations.filter(election=election).values_list("category").annotate(n=Count("id")))
    styles = {c.code: c for c in categories(election=election)}
    rows = [{"code": c.code, "label": c.label, "color": c.color, "n": counts.pop(c.code, 0)} for c in styles.values()]
    for code, n in sorted(counts.items(), key=lambda item: item[0] != ""):  # unassessed first, then unknown codes
        style = category_style(code, styles=styles)
        rows.append({"code": code, "label": style.label, "color": style.color, "n": n})
    return {"election": election, "election_id": election.pk, "rows": rows, "total": sum(r["n"] for r in rows)}
