"""The Anev's content, from the register and the election side, as one neutral description that documents.py
renders to DOCX and PDF and the Anev page shows. Sections follow `SECTIONS` (a Polres may reorder or drop them
through the `sections` parameter)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from siaga.analysis.formulas import Period, period_of
from siaga.analysis.selectors import case_stats, crimes, monthly_series

SECTIONS = ("ringkasan", "golongan", "tren", "polsek", "peta", "narkotika", "pemilu", "temuan")


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (caption, PNG)


@dataclass
class Anev:
    title: str
    subtitle: str
    sections: list[Section]
    empty: bool


def _n(v) -> str:
    return "-" if v is None else (f"{v:,.1f}" if isinstance(v, float) else f"{v:,}").replace(",", ".")


def _pct(v) -> str:
    return "-" if v is None else f"{v:.1f} %".replace(".", ",")


def _chg(pair) -> str:
    diff, pct = pair
    sign = "+" if diff > 0 else ""
    return f"{sign}{_n(diff)} ({'-' if pct is None else sign + _pct(pct)})"


def _months_back(period: Period, n: int) -> list[Period]:
    out, day = [], period.end
    for _ in range(n):
        p = period_of("month", day)
        out.append(p)
        day = p.start - dt.timedelta(days=1)
    return out[::-1]


def summary(stats) -> Section:
    t = stats["total"]
    s = Section("Ringkasan")
    if stats["empty"]:
        s.paragraphs.append("Tidak ada data gangguan kamtibmas pada periode ini maupun periode pembanding.")
    s.paragraphs.append(
        f"Crime total (CT) {_n(t['ct'])} perkara, crime clearance (CC) {_n(t['cc'])} perkara, CC {_pct(t['cc_pct'])}. "
        f"Crime index: CT {_n(t['ci_ct'])}, CC {_n(t['ci_cc'])} ({_pct(t['ci_cc_pct'])}). "
        f"Crime clock: satu kejahatan setiap {t['clock']}. "
        + (f"Crime rate {_n(t['rate'])} per 100.000 penduduk." if t["rate"] is not None else "Data penduduk belum ada.")
    )
    s.tables.append(Table("Perbandingan", ["Ukuran", stats["period"].label, stats["previous"].label, "Perubahan",
                                           stats["last_year"].label, "Perubahan"], [
        [label, _n(t[m]), _n(stats["total_prev"][m]), _chg(stats["change_prev"][m]), _n(stats["total_yoy"][m]),
         _chg(stats["change_yoy"][m])]
        for m, label in (("ct", "CT"), ("cc", "CC"), ("ci_ct", "CT crime index"), ("ci_cc", "CC crime index"))
    ]))  # fmt: skip
    return s


def grouped(stats, title: str) -> Section:
    s = Section(title)
    rows = []
    for r in stats["rows"]:
        if r["ct"] or r["cc"] or r["change_prev"]["prev"]["ct"]:
            change = (_chg(r["change_prev"]["ct"]), _chg(r["change_yoy"]["ct"]))
            rows.append([r["label"], _n(r["ct"]), _n(r["cc"]), _pct(r["cc_pct"]), *change])
    if not rows:
        s.paragraphs.append("Tidak ada perkara pada periode ini.")
    else:
        s.tables.append(Table(title, ["", "CT", "CC", "CC %", "CT vs periode lalu", "CT vs tahun lalu"], rows))
    return s


def narcotics(user, unit, period: Period) -> Section:
    s = Section("Narkotika")
    qs = crimes(user, unit).filter(crime_type__theme="narkotika", reported_at__date__range=(period.start, period.end))
    rows = qs.values("evidence_type").annotate(n=Count("id"), grams=Sum("evidence_grams"), sus=Sum("suspects"))
    data = [[r["evidence_type"] or "(tidak dicatat)", _n(r["n"]), _n(r["sus"] or 0), _n(float(r["grams"] or 0))]
            for r in rows.order_by("-n")]  # fmt: skip
    if data:
        s.tables.append(Table("Barang bukti narkotika", ["Jenis barang bukti", "Perkara", "Tersangka", "Berat (gram)"],
                              data))  # fmt: skip
    else:
        s.paragraphs.append("Tidak ada perkara narkotika pada periode ini.")
    return s


def election(user, unit, period: Period) -> Section:
    from siaga.reports.models import Report

    s = Section("Pengamanan pemilihan")
    qs = crimes(user, unit).filter(crime_type__theme="pemilu", reported_at__date__range=(period.start, period.end))
    n, gakkumdu = qs.count(), qs.filter(gakkumdu=True).count()
    s.paragraphs.append(f"Tindak pidana pemilihan: {_n(n)} perkara, {_n(gakkumdu)} dirujuk Sentra Gakkumdu.")
    reports = Report.objects.restrict(user).filter(
        unit__path__startswith=unit.path, occurred_at__date__range=(period.start, period.end)
    )
    by = Counter()
    for row in reports.values("category__label", "status").annotate(n=Count("id")):
        by[(row["category__label"] or "(belum dikategorikan)", row["status"])] += row["n"]
    statuses = dict(Report.Status.choices)
    if by:
        s.tables.append(Table("Laporan menurut kategori dan status", ["Kategori", "Status", "Jumlah"],
                              [[c, statuses.get(st, st), _n(v)] for (c, st), v in sorted(by.items())]))  # fmt: skip
    else:
        s.paragraphs.append("Tidak ada laporan lapangan atau masyarakat pada periode ini.")
    return s


def findings(user, unit, period: Period) -> Section:
    """Findings the data supports, each with a suggested action."""
    from siaga.patrols.models import VulnerableObject
    from siaga.units.models import Unit

    s = Section("Temuan dan saran tindak")
    months = _months_back(period, 4)
    for polsek in Unit.objects.filter(parent=unit, kind="polsek").order_by("name"):
        series = [m["cc_pct"] for m in monthly_series(user=user, unit=polsek, months=months)]
        if all(v is not None for v in series) and all(b < a for a, b in zip(series, series[1:], strict=False)):
            s.paragraphs.append(
                f"CC % {polsek.name} turun tiga bulan berturut-turut ({' → '.join(_pct(v) for v in series)}). "
                "Saran: Kasatreskrim mengasistensi penyidikan perkara tunggakan di Polsek tersebut."
            )
    by_desa = case_stats(user=user, unit=unit, period=period, group="desa")
    guarded = set(VulnerableObject.objects.restrict(user).exclude(desa=None).values_list("desa_id", flat=True))
    rising = [r for r in by_desa["rows"] if r["key"] and r["ct"] > r["change_prev"]["prev"]["ct"] and r["ct"] >= 2
              and r["key"] not in guarded]  # fmt: skip
    for r in sorted(rising, key=lambda r: -r["ct"])[:10]:
        s.paragraphs.append(
            f"Desa {r['label']}: kejadian naik dari {r['change_prev']['prev']['ct']} menjadi {r['ct']} dan belum ada "
            "objek patroli. Saran: tetapkan objek patroli dan tingkatkan patroli dialogis Bhabinkamtibmas."
        )
    if not s.paragraphs:
        s.paragraphs.append("Tidak ada temuan menonjol dari data periode ini.")
    return s


def anev_build(*, user, unit, period: Period, sections=SECTIONS, progress=lambda *a, **k: None) -> Anev:
    from siaga.analysis.charts import hotspot_png, monthly_png

    stats = case_stats(user=user, unit=unit, period=period, group="golongan")
    progress(1, 8, "Statistik dihitung")
    out: list[Section] = []
    for i, key in enumerate(sections):
        if key == "ringkasan":
            out.append(summary(stats))
        elif key == "golongan":
            out.append(grouped(stats, "CT/CC menurut golongan"))
            out.append(grouped(case_stats(user=user, unit=unit, period=period, group="type"), "CT/CC menurut jenis"))
        elif key == "tren":
            series = monthly_series(user=user, unit=unit, months=_months_back(period, 12))
            out.append(Section("Tren 12 bulan", images=[("CT dan CC per bulan", monthly_png(series))]))
        elif key == "polsek":
            out.append(grouped(case_stats(user=user, unit=unit, period=period, group="polsek"), "Perbandingan Polsek"))
        elif key == "peta":
            pts = list(crimes(user, unit).filter(reported_at__date__range=(period.start, period.end))
                       .exclude(lat=None).values_list("lat", "lon"))  # fmt: skip
            sec = Section("Peta panas (hot spot)")
            if pts:
                sec.images.append(("Kepadatan kejadian (KDE) dan titik kejadian", hotspot_png(pts)))
            else:
                sec.paragraphs.append("Tidak ada kejadian berkoordinat pada periode ini.")
            out.append(sec)
        elif key == "narkotika":
            out.append(narcotics(user, unit, period))
        elif key == "pemilu":
            out.append(election(user, unit, period))
        elif key == "temuan":
            out.append(findings(user, unit, period))
        progress(min(i + 2, 8), 8, f"Bagian {out[-1].title}")
    return Anev(f"ANALISA DAN EVALUASI (ANEV) {unit.name.upper()}", f"Periode {period.label}", out, stats["empty"])
