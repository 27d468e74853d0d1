"""Reads for the Binmas pages, the dashboard panel, the map layer and the daily report (always through restrict)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.html import escape

from siaga.community.choices import AspirationStatus, AspirationTopic, PositionCheck
from siaga.community.models import Aspiration, Beat, Campaign, Directive, EarlyWarning, Tokoh, Visit
from siaga.core import access

COVERAGE_DAYS = 30


def within(qs, unit, field: str = "unit"):
    """Narrow a queryset (already restricted to what the user may see) to `unit`'s subtree: that unit and every
    unit below it. `unit` None leaves it as it is (the user's whole scope)."""
    return qs if unit is None else qs.filter(**{f"{field}__path__startswith": unit.path})


def jurisdiction_roots(unit) -> list:
    """The regions a unit's jurisdiction hangs from: its own or, for a unit without any, its parent's."""
    return list(unit.regions.all()) or (list(unit.parent.regions.all()) if unit.parent_id else [])


def _in_jurisdiction(unit, field: str = "desa") -> Q:
    """Rows whose region (`field`) lies in the unit's jurisdiction."""
    q = Q(pk__in=[])
    for root in jurisdiction_roots(unit):
        q |= Q(**{f"{field}__code": root.code}) | Q(**{f"{field}__code__startswith": root.code + "."})
    return q


def beats_for(user):
    return Beat.objects.restrict(user).select_related("desa", "officer", "unit", "babinsa_unit")


def tokoh_for(user):
    return Tokoh.objects.restrict(user).select_related("desa", "beat")


def visits_for(user):
    return Visit.objects.restrict(user).select_related("desa", "officer", "beat", "unit")


def ancestor_paths(unit) -> list[str]:
    parts = unit.path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def inherited(model, user):
    """Campaigns and directives a user works under: those in their scope plus those of the commands above them
    (a Polsek carries the Polres' campaign)."""
    qs = model.objects.restrict(user)
    unit = getattr(user, "unit", None)
    if access.is_admin(user) or unit is None or getattr(user, "is_partner", False):
        return qs
    return model.objects.filter(Q(pk__in=qs.values("pk")) | Q(unit__path__in=ancestor_paths(unit)))


def tokoh_view(*, user, tokoh: Tokoh) -> dict:
    """What this user may read of a tokoh: the intel note only for intelligence roles, contacts only for roles
    that need them, and the history of meetings."""
    return {
        "tokoh": tokoh,
        "intel_note": tokoh.intel_note if access.can(user, "community.intel") else None,
        "phone": tokoh.phone if access.can(user, "community.contact") else None,
        "address": tokoh.address if access.can(user, "community.contact") else None,
        "meetings": list(visits_for(user).filter(tokoh=tokoh).order_by("-at")[:50]),
    }


def early_warnings_for(user):
    """Early-warning notes with their source: intelligence roles only (nobody else gets a single row)."""
    if not access.can(user, "community.intel"):
        return EarlyWarning.objects.none()
    return EarlyWarning.objects.restrict(user).select_related("visit__desa", "visit__officer")


def _last_visits(user, unit=None):
    visits = within(visits_for(user), unit)
    by_desa = dict(visits.values_list("desa").annotate(m=Max("at")))
    by_beat = dict(visits.exclude(beat=None).values_list("beat").annotate(m=Max("at")))
    seen = within(Visit.objects.restrict(user), unit)
    by_tokoh = dict(seen.filter(tokoh__isnull=False).values_list("tokoh").annotate(m=Max("at")))
    return by_desa, by_beat, by_tokoh


def coverage(*, user, days: int = COVERAGE_DAYS, unit=None) -> dict:
    """Desa, RW and tokoh not visited in `days` days (flagged), and who covers each beat; with `unit`, only the
    beats, tokoh and visits of that unit's subtree (within what the user may see)."""
    now = timezone.now()
    since = now - timedelta(days=days)
    by_desa, by_beat, by_tokoh = _last_visits(user, unit)
    beats = list(within(beats_for(user), unit))
    desa_rows = {}
    for beat in beats:
        row = desa_rows.setdefault(
            beat.desa_id, {"desa": beat.desa, "bhabin": None, "babinsa": "", "rw": 0, "rw_uncovered": 0, "rw_stale": 0}
        )
        if beat.kind == "desa":
            row["bhabin"], row["babinsa"] = beat.officer, beat.babinsa_name
        else:
            row["rw"] += 1
            row["rw_uncovered"] += beat.officer_id is None
            row["rw_stale"] += not by_beat.get(beat.pk) or by_beat[beat.pk] < since
    for row in desa_rows.values():
        last = by_desa.get(row["desa"].pk)
        row["last"] = last
        row["stale"] = last is None or last < since
    tokoh = within(tokoh_for(user), unit).filter(is_active=True)
    stale_tokoh = [t for t in tokoh if not by_tokoh.get(t.pk) or by_tokoh[t.pk] < since]
    for t in stale_tokoh:
        t.last_visit = by_tokoh.get(t.pk)
    rows = sorted(desa_rows.values(), key=lambda r: (not r["stale"], r["desa"].name))
    return {
        "days": days,
        "desa": rows,
        "desa_total": len(rows),
        "desa_stale": sum(r["stale"] for r in rows),
        "rw_total": sum(r["rw"] for r in rows),
        "rw_stale": sum(r["rw_stale"] for r in rows),
        "rw_uncovered": sum(r["rw_uncovered"] for r in rows),
        "desa_no_bhabin": sum(r["bhabin"] is None for r in rows),
        "tokoh_total": tokoh.count(),
        "tokoh_stale": stale_tokoh,
    }


def aspiration_stats(*, user, unit=None) -> dict:
    qs = within(Aspiration.objects.restrict(user), unit)
    today = timezone.localdate()
    by_status = dict(qs.values_list("status").annotate(n=Count("id")))
    return {
        "by_status": [(s.label, s.value, by_status.get(s.value, 0)) for s in AspirationStatus],
        "by_topic": [
            (AspirationTopic(t).label, n) for t, n in qs.values_list("topic").annotate(n=Count("id")).order_by("-n")
        ],
        "by_desa": list(qs.values_list("desa__name").annotate(n=Count("id")).order_by("-n")[:10]),
        "overdue": qs.filter(status__in=["recorded", "routed"], due__lt=today).count(),
        "total": sum(by_status.values()),
    }


def campaign_reach(*, user, unit=None) -> list[dict]:
    """Each campaign with the visits that carried it (people reached; only visits the user may see) and its
    sermons / WhatsApp groups. With `unit`: the campaigns that unit works under (its subtree's and its commands'),
    reached by the visits of its subtree and by sermons / WhatsApp groups in its jurisdiction."""
    seen = within(Visit.objects.restrict(user), unit).values("pk")
    reach_scope = Q() if access.is_admin(user) else Q(desa=None) | Q(desa__in=_desa_of(user))
    campaigns = inherited(Campaign, user)
    if unit is not None:
        reach_scope &= Q(desa=None) | _in_jurisdiction(unit)
        campaigns = campaigns.filter(Q(unit__path__startswith=unit.path) | Q(unit__path__in=ancestor_paths(unit)))
    out = []
    for c in campaigns.prefetch_related("target_desa"):
        visits = c.visits.filter(pk__in=seen)
        people = visits.aggregate(n=Sum("headcount"))["n"] or 0
        reach = Counter()
        reach_people = 0
        for r in c.reach.filter(reach_scope):
            reach[r.channel] += 1
            reach_people += r.audience
        targets = {d.pk for d in c.target_desa.all()}
        reached = set(visits.values_list("desa", flat=True))
        out.append(
            {
                "campaign": c,
                "visits": len(visits),
                "people": people + reach_people,
                "khotbah": reach["khotbah"],
                "whatsapp": reach["whatsapp"],
                "desa_target": len(targets),
                "desa_reached": len(targets & reached) if targets else len(reached),
            }
        )
    return out


def directive_progress(*, user) -> list[dict]:
    """Each directive: how many of the tokoh it names were visited between its start and its deadline."""
    out = []
    for d in inherited(Directive, user).prefetch_related("desa"):
        tokoh = tokoh_for(user).filter(kind__in=d.tokoh_kinds, is_active=True)
        desa = list(d.desa.all())
        if desa:
            tokoh = tokoh.filter(desa__in=desa)
        start = timezone.make_aware(datetime.combine(d.start, time.min))
        end = timezone.make_aware(datetime.combine(d.deadline, time.max))
        visited = tokoh.filter(visits__at__gte=start, visits__at__lte=end).distinct().count()
        total = tokoh.count()
        out.append(
            {
                "directive": d,
                "total": total,
                "visited": visited,
                "percent": round(100 * visited / total) if total else None,
            }
        )
    return out


def _desa_of(user):
    from siaga.regions.selectors import jurisdiction_regions

    return jurisdiction_regions(user=user).filter(level=4)


def daily_report(*, user, day) -> dict:
    """The day's visits, as a Polsek sends them up: by unit, with totals, aspirations and flagged positions."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    visits = list(
        visits_for(user)
        .filter(at__gte=start, at__lt=start + timedelta(days=1))
        .prefetch_related("tokoh")
        .annotate(asp=Count("aspirations"))
        .order_by("unit__name", "at")
    )
    by_unit = defaultdict(list)
    for v in visits:
        by_unit[v.unit].append(v)
    return {
        "day": day,
        "units": [{"unit": u, "visits": vs, "people": sum(v.headcount for v in vs)} for u, vs in by_unit.items()],
        "total": len(visits),
        "people": sum(v.headcount for v in visits),
        "aspirations": sum(v.asp for v in visits),
        "outside": sum(v.position_check == PositionCheck.OUTSIDE for v in visits),
        "desa": len({v.desa_id for v in visits}),
    }


def dashboard_panel(user) -> dict:
    if not access.can(user, "community.view"):
        return {"hidden": True}
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    cov = coverage(user=user)
    return {
        "today": visits_for(user).filter(at__gte=start).count(),
        "desa_total": cov["desa_total"],
        "desa_stale": cov["desa_stale"],
        "tokoh_stale": len(cov["tokoh_stale"]),
        "aspirations_open": Aspiration.objects.restrict(user).filter(status__in=["recorded", "routed"]).count(),
        "campaigns": len(campaign_reach(user=user)),
        "days": cov["days"],
    }


def coverage_geojson(*, user, days: int = COVERAGE_DAYS) -> dict:
    """Beats as points: green visited in the last `days` days, red not, grey nobody assigned; desa without any
    beat in black."""
    since = timezone.now() - timedelta(days=days)
    last = dict(visits_for(user).exclude(beat=None).values_list("beat").annotate(m=Max("at")))
    features = []
    for beat in beats_for(user).exclude(lat=None).exclude(lon=None):
        seen = last.get(beat.pk)
        color = "#9e9e9e" if beat.officer_id is None else "#2a9d8f" if seen and seen >= since else "#e63946"
        who = escape(beat.officer.get_full_name() or beat.officer.username) if beat.officer else "belum ada petugas"
        when = timezone.localtime(seen).strftime("%d-%m-%Y") if seen else "belum pernah"
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [beat.lon, beat.lat]},
                "properties": {
                    "id": beat.pk,
                    "name": str(beat),
                    "color": color,
                    "radius": 6 if beat.kind == "desa" else 4,
                    "popup": f"<b>{escape(str(beat))}</b><br>{who}<br>Kunjungan terakhir: {when}",
                },
            }
        )
    features += _uncovered_desa(user)
    return {"type": "FeatureCollection", "features": features}


def _uncovered_desa(user) -> list[dict]:
    """Desa of the user's jurisdiction with no beat at all: where nobody covers (black rings)."""
    if getattr(user, "is_partner", False) or getattr(user, "unit", None) is None:
        return []
    covered = set(Beat.objects.restrict(user).filter(kind="desa").values_list("desa", flat=True))
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [d.lon, d.lat]},
            "properties": {
                "id": f"desa-{d.code}",
                "name": d.name,
                "color": "#212529",
                "radius": 5,
                "popup": f"<b>Desa {escape(d.name)}</b><br>Belum ada Bhabinkamtibmas",
            },
        }
        for d in _desa_of(user).exclude(lat=None).exclude(lon=None)
        if d.pk not in covered
    ]


def officer_desa(*, user):
    """The desa the user covers (their beats), else every desa of their beats' units."""
    own = Beat.objects.filter(officer=user).values_list("desa", flat=True) if user.is_authenticated else []
    from siaga.regions.models import Region
    from siaga.regions.selectors import jurisdiction_regions

    if own:
        return Region.objects.filter(pk__in=list(own)).order_by("name")
    return jurisdiction_regions(user=user).filter(level=4).order_by("name")


def anev_section(*, user, unit, day_from, day_to, days: int = COVERAGE_DAYS) -> dict:
    """Binmas figures of `unit`'s subtree (that unit and every unit below it, within what the user may see) for an
    Anev over a period, with the previous period of the same length for the trend: visits and people met, early
    warnings (intelligence roles only, else None), desa coverage, aspirations by status and topic, campaigns'
    reach. `whole_unit` says whether the figures are the unit's own (False when the unit lies outside the user's
    scope, so only what the user may see of it is counted)."""
    length = (day_to - day_from).days + 1

    def _bounds(start, end):
        lo = timezone.make_aware(datetime.combine(start, time.min))
        return lo, timezone.make_aware(datetime.combine(end, time.max))

    def _count(start, end):
        lo, hi = _bounds(start, end)
        qs = within(visits_for(user), unit).filter(at__gte=lo, at__lte=hi)
        return qs.count(), qs.aggregate(n=Sum("headcount"))["n"] or 0, qs.values("desa").distinct().count()

    visits, people, desa = _count(day_from, day_to)
    previous = _count(day_from - timedelta(days=length), day_from - timedelta(days=1))
    warnings = None
    if access.can(user, "community.intel"):
        lo, hi = _bounds(day_from, day_to)
        warnings = within(early_warnings_for(user), unit).filter(visit__at__gte=lo, visit__at__lte=hi).count()
    cov = coverage(user=user, days=days, unit=unit)
    return {
        "whole_unit": access.in_scope(user, unit),
        "visits": visits,
        "visits_previous": previous[0],
        "people": people,
        "desa_visited": desa,
        "early_warnings": warnings,
        "desa_total": cov["desa_total"],
        "desa_stale": cov["desa_stale"],
        "tokoh_stale": len(cov["tokoh_stale"]),
        "aspirations": aspiration_stats(user=user, unit=unit),
        "campaigns": [
            {"title": c["campaign"].title, "visits": c["visits"], "people": c["people"], "desa": c["desa_reached"]}
            for c in campaign_reach(user=user, unit=unit)
        ],
    }
