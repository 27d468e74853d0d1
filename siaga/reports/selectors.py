"""Reads for reports: always through `Report.objects.restrict(user, ...)`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from siaga.core.params import id_param, int_param
from siaga.reports.locate import place_label
from siaga.reports.models import AlertLevel, Report, ReporterContact
from siaga.reports.taxonomy import category_label
from siaga.units.models import Unit

SEVERITY_COLORS = {1: "#2a9d8f", 2: "#e9c46a", 3: "#f4a261", 4: "#e63946"}
FEED_LIMIT = 200
MAX_FILTER_HOURS = 24 * 366


def reports_triage_failed(*, user, limit: int = 200) -> list[Report]:
    """Reports in the user's scope whose triage failed MAX_ATTEMPTS times (newest first), for ops staff."""
    qs = Report.objects.restrict(user).filter(triage_state=Report.Triage.FAILED).select_related("unit")
    return list(qs.order_by("-id")[:limit])


def reports_for(user, action: str = "view"):
    return Report.objects.restrict(user, action).select_related("unit", "desa__parent", "incident", "category")


def report_filter(qs, *, status: str = "", category: str = "", severity: str | int = "", hours: str | int = ""):
    if status:
        qs = qs.filter(status__in=[s for s in str(status).split(",") if s])
    if category:
        qs = qs.filter(Q(category_id=category) | Q(category__isnull=True, suggested_category=category))
    if severity:
        qs = qs.filter(severity__gte=int_param(severity, name="severity", minimum=1, maximum=4))
    if hours:
        hours = int_param(hours, name="hours", minimum=1, maximum=MAX_FILTER_HOURS)
        qs = qs.filter(occurred_at__gte=timezone.now() - timedelta(hours=hours))
    return qs


def parse_cursor(raw: str) -> tuple[datetime, int] | None:
    if not raw or "_" not in raw:
        return None
    stamp, _, pk = raw.rpartition("_")
    try:
        when = parse_datetime(stamp)
    except ValueError:  # well-formed but impossible, e.g. month 13
        when = None
    if when is None or not pk.isdigit():
        return None
    return when, id_param(pk, name="since")


def make_cursor(report: Report) -> str:
    return f"{report.updated_at.isoformat()}_{report.pk}"


def report_polres_choices(*, user):
    """The Polres a user may narrow the live reports to: those in the user's own scope."""
    return Unit.objects.restrict(user).filter(kind=Unit.Kind.POLRES).order_by("path")


def report_polres_get(*, user, unit: str | int) -> Unit | None:
    """The Polres of the `unit` filter when it is one of `report_polres_choices`; None for any other id, outside the
    user's scope or not existing alike (a malformed id is a ParamError)."""
    unit_id = id_param(unit, name="unit")
    return report_polres_choices(user=user).filter(pk=unit_id).first() if unit_id else None


def report_unit_filter(qs, *, user, unit: str | int = ""):
    """Reports of one Polres's subtree (its Polsek included). An id that is not a Polres in the user's scope
    matches nothing, so the answer is the same whether such a unit exists or not."""
    if not unit:
        return qs
    polres = report_polres_get(user=user, unit=unit)
    return qs.filter(unit__path__startswith=polres.path) if polres is not None else qs.none()


def report_polres_filter(*, user, unit: str = "") -> dict:
    """The live page's Polres select: shown to users with more than one Polres in scope (Polda, Mabes), or when
    the query string names one; an id that is not a Polres in scope is kept as "not found" (the feed then shows
    nothing), worded the same whether the unit exists elsewhere or not."""
    choices = list(report_polres_choices(user=user))
    unit_id = id_param(unit, name="unit")
    return {
        "choices": choices,
        "selected": unit_id,
        "unknown": unit_id is not None and all(u.pk != unit_id for u in choices),
        "show": len(choices) > 1 or unit_id is not None,
    }


def report_feed(*, user, since: str = "", limit: int = FEED_LIMIT, unit: str | int = "", **filters) -> dict:
    """Reports changed after the cursor (oldest change first), for the 1-second live poll."""
    qs = report_unit_filter(report_filter(reports_for(user), **filters), user=user, unit=unit)
    cursor = parse_cursor(since)
    if cursor is None:
        rows = list(qs.order_by("-updated_at", "-id")[:limit])[::-1]
    else:
        when, pk = cursor
        rows = list(
            qs.filter(Q(updated_at__gt=when) | Q(updated_at=when, id__gt=pk)).order_by("updated_at", "id")[:limit]
        )
    next_cursor = make_cursor(rows[-1]) if rows else since
    return {"cursor": next_cursor, "reports": [report_dict(r) for r in rows], "server_time": timezone.now()}


def report_point(report: Report) -> tuple[float, float] | None:
    if report.lat is not None:
        return report.lat, report.lon
    if report.desa_id and report.desa and report.desa.lat is not None:
        return report.desa.lat, report.desa.lon
    return None


def report_dict(r: Report) -> dict:
    point = report_point(r)
    return {
        "id": r.pk,
        "status": r.status,
        "status_label": r.get_status_display(),
        "category": r.category_id,
        "category_confirmed": r.category_confirmed,
        "suggested_category": r.suggested_category,
        "category_label": category_label(r.category_code),
        "severity": r.severity,
        "severity_label": r.get_severity_display(),
        "source": r.source,
        "text": r.text[:300],
        "occurred_at": r.occurred_at.isoformat(),
        "created_at": r.created_at.isoformat(),
        "updated_at": r.updated_at.isoformat(),
        "lat": point[0] if point else None,
        "lon": point[1] if point else None,
        "desa": desa_label(r.desa) if r.desa_id else "",
        "location_ambiguous": not r.desa_id and (r.triage or {}).get("located_by") == "ambiguous",
        "unit": r.unit.name,
        "incident_id": r.incident_id,
        "incident_count": r.incident.report_count if r.incident_id else 1,
        "overdue": bool(r.deadline_at and r.is_open and r.status != "handling" and r.deadline_at < timezone.now()),
    }


def desa_label(region) -> str:
    """ "Desa X, Kec. Y" ("Kel. X, Kec. Y" for a kelurahan): a desa name alone is ambiguous across kecamatan."""
    if region is None:
        return ""
    parent = region.parent if region.parent_id else None
    return place_label(region.code, region.name, parent.name if parent is not None else None)


def report_suggestions(report: Report) -> list[dict]:
    """The triage's category suggestions with their labels (codes are not for people)."""
    return [
        {**s, "label": category_label(s.get("category") or "lainnya")}
        for s in (report.triage or {}).get("suggestions", [])
    ]


def report_location(report: Report) -> dict:
    """The place as people read it, and whether the triage left the choice of desa to a person ("lokasi
    ambigu": the candidates it could not decide between)."""
    triage = report.triage or {}
    candidates = [p for p in triage.get("places", []) if p.get("candidate")]
    ambiguous = triage.get("located_by") == "ambiguous" and not report.desa_id and bool(candidates)
    return {
        "label": desa_label(report.desa) if report.desa_id else "",
        "ambiguous": ambiguous,
        "candidates": [c for c in candidates if c.get("level") == "desa"] if ambiguous else [],
        "kecamatan": [c for c in candidates if c.get("level") == "kecamatan"] if ambiguous else [],
    }


def report_desa_choices(report: Report) -> list[tuple[str, list[tuple[str, str]]]]:
    """The desa of the report's Polres grouped by kecamatan, for a person choosing the place (no query: the
    in-process location index)."""
    from siaga.reports.locate import location_index, polres_for_unit

    polres_id = polres_for_unit(report.unit)
    if polres_id is None:
        return []
    gazetteer = location_index(polres_id).gazetteer
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in sorted(gazetteer.entries, key=lambda e: e.code):
        if entry.level == "desa" and entry.parent_code:
            kec = gazetteer.get(entry.parent_code)
            groups.setdefault(kec.name if kec else entry.parent_code, []).append((entry.code, entry.name))
    return sorted(groups.items())


def reports_geojson(*, user, hours: int = 72, limit: int = 1000) -> dict:
    since = timezone.now() - timedelta(hours=hours)
    qs = reports_for(user).filter(Q(status__in=Report.OPEN_STATUSES) | Q(updated_at__gte=since))
    features = []
    for r in qs.order_by("-updated_at")[:limit]:
        point = report_point(r)
        if point is None:
            continue
        props = report_dict(r)
        props.update(
            color=SEVERITY_COLORS.get(r.severity, "#6c757d"),
            radius=5 + r.severity,
            popup=f"<b>#{r.pk} {props['category_label']}</b><br>{props['status_label']} · {props['desa']}"
            f"<br><a href='/laporan/{r.pk}/'>Buka</a>",
        )
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [point[1], point[0]]}, "properties": props}
        )
    return {"type": "FeatureCollection", "features": features}


def report_for_user(*, user, pk: int, action: str = "view") -> Report | None:
    return reports_for(user, action).filter(pk=pk).first()


def report_photo_for_user(*, user, report_pk: int, photo_pk: int):
    """A report's photo, only when the user may see that report (the same restrict() as the report page)."""
    from siaga.reports.models import ReportPhoto

    visible = reports_for(user, "view").filter(pk=report_pk).values("pk")
    return ReportPhoto.objects.filter(pk=photo_pk, report__in=visible).first()


def report_timeline(report: Report) -> list:
    return list(report.events.select_related("actor", "unit").order_by("at", "id"))


def report_contact(*, user, report: Report) -> ReporterContact | None:
    """The reporter's identity, only for roles with `reports.contact` (never in lists or the API list)."""
    if not user.can("reports.contact"):
        return None
    return ReporterContact.objects.filter(report=report).first()


def reports_overdue(*, user, limit: int = 20) -> list[Report]:
    qs = reports_for(user).filter(status__in=Report.UNATTENDED_STATUSES, deadline_at__lt=timezone.now())
    return list(qs.order_by("deadline_at")[:limit])


def report_public_status(*, tracking_code: str) -> dict | None:
    """What the public may see of its own report: status and dates, nothing else."""
    code = (tracking_code or "").strip().upper()
    if not code:
        return None
    row = Report.objects.filter(tracking_code=code).values("status", "created_at", "updated_at").first()
    if row is None:
        return None
    return {
        "tracking_code": code,
        "status": Report.Status(row["status"]).label,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def alert_levels_current(*, user) -> list[AlertLevel]:
    """The latest alert level of every police unit in the user's scope (or above it, for context)."""
    units = Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS)
    rows = AlertLevel.objects.filter(unit__in=units).select_related("unit", "set_by").order_by("unit_id", "-id")
    latest: dict[int, AlertLevel] = {}
    for row in rows:
        latest.setdefault(row.unit_id, row)
    return sorted(latest.values(), key=lambda a: a.unit.path)


def dashboard_panel_context(user) -> dict:
    open_qs = reports_for(user).filter(status__in=Report.OPEN_STATUSES)
    return {
        "alerts": alert_levels_current(user=user),
        "overdue": reports_overdue(user=user, limit=10),
        "open_count": open_qs.count(),
        "new_count": open_qs.filter(status=Report.Status.NEW).count(),
        "can_alert": user.can("reports.alert"),
    }


FIRST_ACTION_KINDS = ("verified", "assigned", "handling", "resolved", "rejected", "categorized")


def _percentile(sorted_values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile of a sorted list (None when empty)."""
    if not sorted_values:
        return None
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def minutes_stats(values: list[float], *, keep: bool = False) -> dict:
    """Count, median and p90 of response times in minutes (None when there is none); `keep` adds the values."""
    values = sorted(values)
    out = {"n": len(values), "median": _percentile(values, 0.5), "p90": _percentile(values, 0.9)}
    if keep:
        out["values"] = values
    return out


def anev_reports(*, user, unit, day_from, day_to) -> dict:
    """Reports for an Anev (of events in the period, the unit's subtree): counts by category and status, and
    response times in minutes from receipt to the first action by a person (verify, assign, handle, resolve,
    reject) and to the start of handling on the spot (median and p90), in total and per unit. Aggregated in the
    database: one query for the counts, one for the first event times per report."""
    from django.db.models import Count, Min

    from siaga.reports.models import ReportEvent

    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day_from, datetime.min.time()), tz)
    end = timezone.make_aware(datetime.combine(day_to + timedelta(days=1), datetime.min.time()), tz)
    qs = Report.objects.restrict(user).filter(
        unit__path__startswith=unit.path, occurred_at__gte=start, occurred_at__lt=end
    )
    counts: dict[tuple[str, str], int] = {}
    by_status: dict[str, int] = {}
    for row in qs.values("category_id", "suggested_category", "status").annotate(n=Count("id")).order_by():
        label = category_label(row["category_id"] or row["suggested_category"] or "lainnya")
        counts[(label, row["status"])] = counts.get((label, row["status"]), 0) + row["n"]
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
    events = (
        ReportEvent.objects.filter(report__in=qs.values("pk"))
        .values("report_id", "report__created_at", "report__unit_id", "report__unit__name")
        .annotate(first=Min("at", filter=Q(kind__in=FIRST_ACTION_KINDS)), arrive=Min("at", filter=Q(kind="handling")))
        .order_by()
    )
    first, arrive = [], []
    per_unit: dict[int, dict] = {}
    for e in events:
        row = per_unit.setdefault(e["report__unit_id"], {"unit": e["report__unit__name"], "first": [], "arrive": []})
        if e["first"] is not None:
            minutes = max(0.0, (e["first"] - e["report__created_at"]).total_seconds() / 60)
            first.append(minutes)
            row["first"].append(minutes)
        if e["arrive"] is not None:
            minutes = max(0.0, (e["arrive"] - e["report__created_at"]).total_seconds() / 60)
            arrive.append(minutes)
            row["arrive"].append(minutes)
    statuses = dict(Report.Status.choices)
    return {
        "total": sum(by_status.values()),
        "by_category_status": [
            {"category": c, "status": statuses.get(s, s), "count": n} for (c, s), n in sorted(counts.items())
        ],
        "by_status": [{"status": label, "count": by_status.get(code, 0)} for code, label in Report.Status.choices],
        "first_action": minutes_stats(first),
        "arrival": minutes_stats(arrive),
        "units": {
            unit_id: {
                "unit": r["unit"],
                "first_action": minutes_stats(r["first"], keep=True),
                "arrival": minutes_stats(r["arrive"], keep=True),
            }
            for unit_id, r in per_unit.items()
        },
        "per_unit_count": dict(qs.values_list("unit_id").annotate(n=Count("id")).order_by()),
    }


def anev_alert_levels(*, user, unit, day_from, day_to) -> dict:
    """Alert levels for an Anev: for the unit, its ancestors and its subtree, the level in force when the period
    began and every change during it (time, unit, level, note)."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day_from, datetime.min.time()), tz)
    end = timezone.make_aware(datetime.combine(day_to + timedelta(days=1), datetime.min.time()), tz)
    ancestors, parent = [], unit.parent
    while parent is not None:
        ancestors.append(parent.pk)
        parent = parent.parent
    units = Unit.objects.filter(Q(path__startswith=unit.path) | Q(pk__in=ancestors), kind__in=Unit.POLICE_KINDS)
    rows = AlertLevel.objects.filter(unit__in=units, created_at__lt=end).select_related("unit")
    in_force: dict[int, AlertLevel] = {}
    for row in rows.filter(created_at__lt=start).order_by("unit_id", "-created_at", "-id"):
        in_force.setdefault(row.unit_id, row)
    changes = list(rows.filter(created_at__gte=start).order_by("created_at", "id"))
    return {
        "at_start": sorted(in_force.values(), key=lambda a: a.unit.path),
        "changes": changes,
    }


# --- roll-up figures for Polda/Mabes (siaga.command): grouped per unit id, never per row -----------------------------


def rollup_changed_units(*, since: datetime) -> set[int]:
    """Units whose reports or alert level changed after `since` (the feed index on updated_at)."""
    changed = set(Report.objects.filter(updated_at__gt=since).values_list("unit_id", flat=True).distinct())
    return changed | set(AlertLevel.objects.filter(created_at__gt=since).values_list("unit_id", flat=True))


def rollup_open_reports(*, unit_ids) -> dict[int, dict]:
    """{unit id: {"severity": {1..4: open reports}, "escalated": open reports escalated at least once}}."""
    from django.db.models import Count

    rows = (
        Report.objects.filter(unit_id__in=list(unit_ids), status__in=Report.OPEN_STATUSES)
        .values("unit_id", "severity")
        .annotate(n=Count("id"), esc=Count("id", filter=Q(escalation_level__gt=0)))
        .order_by()
    )
    out: dict[int, dict] = {}
    for row in rows:
        entry = out.setdefault(row["unit_id"], {"severity": {}, "escalated": 0})
        entry["severity"][row["severity"]] = entry["severity"].get(row["severity"], 0) + row["n"]
        entry["escalated"] += row["esc"]
    return out


def rollup_alert_levels(*, unit_ids) -> dict[int, int]:
    """The current alert level (Siaga I–III) of each of `unit_ids` that has one."""
    latest: dict[int, int] = {}
    rows = AlertLevel.objects.filter(unit_id__in=list(unit_ids)).order_by("unit_id", "-created_at", "-id")
    for unit_id, level in rows.values_list("unit_id", "level"):
        latest.setdefault(unit_id, level)
    return latest
