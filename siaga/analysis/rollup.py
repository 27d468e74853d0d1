"""Roll-up reads for Polda/Mabes (siaga.command): per unit id, in one grouped query, never per row."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from siaga.analysis.formulas import Period
from siaga.analysis.models import Case, CrimeType
from siaga.analysis.selectors import _bounds


def rollup_changed_units(*, since: dt.datetime) -> set[int]:
    """Units with a case reported or cleared after `since` (both indexed)."""
    qs = Case.objects.filter(Q(reported_at__gt=since) | Q(cleared_on__gte=since.date()))
    return set(qs.values_list("unit_id", flat=True).distinct())


def rollup_ct_cc(*, unit_ids, period: Period) -> dict[int, tuple[int, int]]:
    """{unit id: (CT, CC)} of crime cases in `period`: reported in it, cleared in it (the Anev rule)."""
    codes = CrimeType.objects.filter(group__is_crime=True).values("code")
    qs = Case.objects.filter(unit_id__in=list(unit_ids), crime_type_id__in=codes)
    start, end = _bounds(period)
    reported = Q(reported_at__gte=start, reported_at__lt=end)
    cleared = Q(cleared_on__gte=period.start, cleared_on__lte=period.end)
    rows = (
        qs.filter(reported | cleared)
        .values("unit_id")
        .annotate(ct=Count("id", filter=reported), cc=Count("id", filter=cleared))
        .order_by()
    )
    return {r["unit_id"]: (r["ct"], r["cc"]) for r in rows}
