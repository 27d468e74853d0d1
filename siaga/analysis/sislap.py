"""Sislap reports (Perkap 7/2009 lampiran 2-5): the incidental report of one event and the daily, weekly and
monthly reports (LHGK, LMGK, LBGK) of a unit, in the same neutral form as the Anev (documents.py renders them).
The worker's housekeeping makes each Polres' and Polsek's reports once their period has ended (`sislap_due`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum

from siaga.analysis.anev import Anev, Section, Table, _n
from siaga.analysis.formulas import Period, period_of
from siaga.analysis.models import Case

REPORTS = {
    "lhgk": ("day", "LAPORAN HARIAN GANGGUAN KAMTIBMAS (LHGK)"),
    "lmgk": ("week", "LAPORAN MINGGUAN GANGGUAN KAMTIBMAS (LMGK)"),
    "lbgk": ("month", "LAPORAN BULANAN GANGGUAN KAMTIBMAS (LBGK)"),
}


def _all_cases(user, unit, period: Period):
    """Every gangguan kamtibmas (crime or not) reported in the period: Sislap reports all of them."""
    from siaga.units.models import Unit

    units = Unit.objects.filter(path__startswith=unit.path).values("pk")
    return (
        Case.objects.restrict(user)
        .filter(unit_id__in=units, reported_at__date__range=(period.start, period.end))
        .select_related("crime_type", "crime_type__group", "desa", "unit")
    )


def sislap_build(*, user, unit, kind: str, period: Period) -> Anev:
    _, title = REPORTS[kind]
    qs = _all_cases(user, unit, period)
    rows = (
        qs.values("crime_type__group__label", "crime_type__name", "crime_type__law_ref")
        .annotate(n=Count("id"), cleared=Count("id", filter=Q(cleared_on__isnull=False)), victims=Sum("victims"),
                  suspects=Sum("suspects"), loss=Sum("loss_rp"))
        .order_by("crime_type__group__order", "crime_type__order")
    )  # fmt: skip
    table = [[str(i), r["crime_type__group__label"], r["crime_type__name"], r["crime_type__law_ref"], _n(r["n"]),
              _n(r["cleared"]), _n(r["victims"] or 0), _n(r["suspects"] or 0), _n(r["loss"] or 0)]
             for i, r in enumerate(rows, 1)]  # fmt: skip
    recap = Section("Rekapitulasi menurut golongan dan jenis")
    if table:
        recap.tables.append(Table("Rekapitulasi", ["No", "Golongan", "Jenis", "Pasal", "Jumlah", "Selesai",
                                                   "Korban", "Tersangka", "Kerugian (Rp)"], table))  # fmt: skip
    else:
        recap.paragraphs.append("Nihil: tidak ada gangguan kamtibmas yang dilaporkan pada periode ini.")
    detail = Section("Rincian kejadian")
    cases = [[c.lp_number, f"{c.occurred_at:%d-%m-%Y %H.%M}", c.crime_type.name, c.desa.name if c.desa else c.place,
              c.unit.name, c.get_status_display()] for c in qs.order_by("occurred_at")[:500]]  # fmt: skip
    if cases:
        detail.tables.append(Table("Kejadian", ["Nomor LP", "Waktu", "Jenis", "Tempat", "Kesatuan", "Status"], cases))
    else:
        detail.paragraphs.append("Nihil.")
    return Anev(f"{title} {unit.name.upper()}", f"Periode {period.label}", [recap, detail], not table)


def incident_build(*, case: Case) -> Anev:
    """Laporan Insidentil: one event, reported at once."""
    s = Section("Laporan insidentil")
    s.paragraphs += [
        f"Nomor LP: {case.lp_number}",
        f"Waktu kejadian: {case.occurred_at:%d-%m-%Y %H.%M}; dilaporkan {case.reported_at:%d-%m-%Y %H.%M}",
        f"Jenis: {case.crime_type.name} ({case.crime_type.law_ref})",
        f"Tempat: {case.place or '-'}{', Desa ' + case.desa.name if case.desa else ''}",
        f"Korban {case.victims}, tersangka {case.suspects}, kerugian Rp{_n(case.loss_rp)}",
        f"Uraian: {case.summary or '-'}",
        f"Status: {case.get_status_display()}; ditangani {case.unit.name}",
    ]
    return Anev(f"LAPORAN INSIDENTIL {case.unit.name.upper()}", case.lp_number, [s], False)


def periods_due(kind: str, today: dt.date) -> Period:
    """The last complete period of a kind before `today` (yesterday, last week, last month)."""
    scale, _ = REPORTS[kind]
    if scale == "day":
        return period_of("day", today - dt.timedelta(days=1))
    if scale == "week":
        return period_of("week", today - dt.timedelta(days=7))
    return period_of("month", today.replace(day=1) - dt.timedelta(days=1))
