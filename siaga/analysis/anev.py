"""The Anev's content, from the register and the election side, as one neutral description that documents.py
renders to DOCX and PDF and the Anev page shows.

Each section has a key (`SECTIONS`, default titles in `TITLES`); which sections an Anev has, in which order and
under which titles, comes from the unit's Anev template (templating.py): `anev_build(sections=[...],
titles={...})`. The election side and the Binmas section read the other apps through their selectors (risk,
deployment, patrols, reports, community); none of those apps imports analysis. Every section says so in words
when its period has no data, instead of dividing by zero."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Sum
from django.utils import timezone

from siaga.analysis.formulas import BULAN, Period, cc_percent, change, period_of
from siaga.analysis.selectors import case_stats, crimes, monthly_series

TITLES = {
    "ringkasan": "Ringkasan statistik",
    "golongan": "CT/CC menurut golongan dan jenis",
    "tren": "Tren 12 bulan",
    "polsek": "Perbandingan Polsek",
    "peta": "Peta panas (hot spot)",
    "narkotika": "Narkotika",
    "pemilu": "Tindak pidana pemilihan",
    "kerawanan": "Kerawanan TPS: sebaran dan perubahan",
    "pengerahan": "Pengerahan personel dan BKO",
    "patroli": "Cakupan patroli: tercapai dibanding rencana",
    "laporan": "Laporan menurut kategori dan status",
    "respons": "Waktu tanggap laporan",
    "siaga": "Tingkat siaga",
    "binmas": "Pemolisian masyarakat (Binmas)",
    "temuan": "Temuan dan saran tindak",
}
SECTIONS = tuple(TITLES)
# The "CC % fell three months running" finding: three falls in a row need four months.
FALL_MONTHS = 4
PATROL_LOW_PERCENT = 80


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
    key: str = ""


@dataclass
class Anev:
    title: str
    subtitle: str
    sections: list[Section]
    empty: bool
    fields: dict[str, str] = field(default_factory=dict)  # the template's {{placeholders}}


def _n(v) -> str:
    """Indonesian number format: 1.234 and 1.234,5."""
    if v is None:
        return "-"
    text = f"{v:,.1f}" if isinstance(v, float) else f"{v:,}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _pct(v) -> str:
    return "-" if v is None else f"{v:.1f} %".replace(".", ",")


def _ipct(v) -> str:
    return "-" if v is None else f"{v} %"


def _chg(pair) -> str:
    diff, pct = pair
    sign = "+" if diff > 0 else ""
    return f"{sign}{_n(diff)} ({'-' if pct is None else sign + _pct(pct)})"


def _minutes(v) -> str:
    if v is None:
        return "-"
    if v >= 120:
        return f"{v / 60:.1f} jam".replace(".", ",")
    return f"{v:.0f} menit"


def _months_back(period: Period, n: int) -> list[Period]:
    out, day = [], period.end
    for _ in range(n):
        p = period_of("month", day)
        out.append(p)
        day = p.start - dt.timedelta(days=1)
    return out[::-1]


class _Data:
    """What several sections share, each read once (lazily, only when a section needs it)."""

    def __init__(self, user, unit, period: Period):
        self.user, self.unit, self.period = user, unit, period

    @cached_property
    def stats(self):
        return case_stats(user=self.user, unit=self.unit, period=self.period, group="golongan")

    @cached_property
    def population_synthetic(self) -> bool:
        """Whether the population behind the crime rate includes the demo's synthetic figures."""
        from django.db.models import Q

        from siaga.analysis.models import Population

        inside = Q(pk__in=[])
        for region in self.unit.regions.all():
            inside |= Q(region__code=region.code) | Q(region__code__startswith=region.code + ".")
        return Population.objects.filter(inside, is_demo=True).exists()

    @cached_property
    def kerawanan(self) -> list[dict]:
        from siaga.risk.selectors import anev_kerawanan

        return anev_kerawanan(user=self.user, unit=self.unit, day_from=self.period.start, day_to=self.period.end)

    @cached_property
    def deployment(self) -> list[dict]:
        from siaga.deployment.selectors import anev_deployment

        if getattr(self.user, "is_partner", False):
            return []
        return anev_deployment(user=self.user, unit=self.unit, day_to=self.period.end)

    @cached_property
    def patrols(self) -> dict:
        from siaga.patrols.selectors import anev_patrols

        return anev_patrols(user=self.user, unit=self.unit, day_from=self.period.start, day_to=self.period.end)

    @cached_property
    def reports(self) -> dict:
        from siaga.reports.selectors import anev_reports

        return anev_reports(user=self.user, unit=self.unit, day_from=self.period.start, day_to=self.period.end)

    @cached_property
    def alerts(self) -> dict:
        from siaga.reports.selectors import anev_alert_levels

        return anev_alert_levels(user=self.user, unit=self.unit, day_from=self.period.start, day_to=self.period.end)

    @cached_property
    def community(self) -> dict:
        from siaga.community.selectors import anev_section

        return anev_section(user=self.user, unit=self.unit, day_from=self.period.start, day_to=self.period.end)

    @cached_property
    def children(self) -> list:
        """The units compared side by side: a Polres' Polsek, a Polda's Polres."""
        from siaga.units.models import Unit

        kind = {"polda": "polres", "polres": "polsek", "mabes": "polda"}.get(self.unit.kind)
        if kind is None:
            return []
        return list(Unit.objects.filter(parent=self.unit, kind=kind).order_by("name"))


# --- crime sections ----------------------------------------------------------------------------------------------


def summary_text(stats) -> str:
    t = stats["total"]
    text = (
        f"Crime total (CT) {_n(t['ct'])} perkara, crime clearance (CC) {_n(t['cc'])} perkara, CC {_pct(t['cc_pct'])}. "
        f"Crime index: CT {_n(t['ci_ct'])}, CC {_n(t['ci_cc'])} ({_pct(t['ci_cc_pct'])}). "
        f"Crime clock: satu kejahatan setiap {t['clock']}. "
        + (f"Crime rate {_n(t['rate'])} per 100.000 penduduk." if t["rate"] is not None else "Data penduduk belum ada.")
    )
    if stats["empty"]:
        text = "Tidak ada data gangguan kamtibmas pada periode ini maupun periode pembanding. " + text
    return text


def summary(stats, synthetic: bool = False) -> Section:
    t = stats["total"]
    s = Section(TITLES["ringkasan"], key="ringkasan")
    if stats["empty"]:
        s.paragraphs.append("Tidak ada data gangguan kamtibmas pada periode ini maupun periode pembanding.")
    if t["population"]:
        note = " Data penduduk sintetis (demo), bukan data kependudukan resmi." if synthetic else ""
        s.paragraphs.append(f"Jumlah penduduk wilayah: {_n(t['population'])} jiwa (dasar crime rate).{note}")
    else:
        s.paragraphs.append("Data penduduk belum ada; crime rate tidak dihitung (impor data penduduk per wilayah).")
    s.tables.append(Table("Perbandingan", ["Ukuran", stats["period"].label, stats["previous"].label, "Perubahan",
                                           stats["last_year"].label, "Perubahan"], [
        [label, _n(t[m]), _n(stats["total_prev"][m]), _chg(stats["change_prev"][m]), _n(stats["total_yoy"][m]),
         _chg(stats["change_yoy"][m])]
        for m, label in (("ct", "CT"), ("cc", "CC"), ("ci_ct", "CT crime index"), ("ci_cc", "CC crime index"))
    ]))  # fmt: skip
    return s


def _grouped_table(stats, title: str) -> Table | None:
    rows = []
    for r in stats["rows"]:
        if r["ct"] or r["cc"] or r["change_prev"]["prev"]["ct"]:
            change = (_chg(r["change_prev"]["ct"]), _chg(r["change_yoy"]["ct"]))
            rows.append([r["label"], _n(r["ct"]), _n(r["cc"]), _pct(r["cc_pct"]), *change])
    if not rows:
        return None
    return Table(title, ["", "CT", "CC", "CC %", "CT vs periode lalu", "CT vs tahun lalu"], rows)


def by_group_and_type(data: _Data) -> Section:
    s = Section(TITLES["golongan"], key="golongan")
    by_type = case_stats(user=data.user, unit=data.unit, period=data.period, group="type")
    for stats, title in ((data.stats, "CT/CC menurut golongan"), (by_type, "CT/CC menurut jenis")):
        table = _grouped_table(stats, title)
        if table is not None:
            s.tables.append(table)
    if not s.tables:
        s.paragraphs.append("Tidak ada perkara pada periode ini.")
    return s


def trend(data: _Data) -> Section:
    from siaga.analysis.charts import monthly_png

    s = Section(TITLES["tren"], key="tren")
    series = monthly_series(user=data.user, unit=data.unit, months=_months_back(data.period, 12))
    if not any(m["ct"] or m["cc"] for m in series):
        s.paragraphs.append("Tidak ada perkara dalam 12 bulan sampai akhir periode ini.")
    else:
        s.images.append(("CT dan CC per bulan", monthly_png(series)))
    return s


def hotspot_map(data: _Data) -> Section:
    from siaga.analysis.charts import hotspot_png

    period = data.period
    pts = list(crimes(data.user, data.unit).filter(reported_at__date__range=(period.start, period.end))
               .exclude(lat=None).values_list("lat", "lon"))  # fmt: skip
    sec = Section(TITLES["peta"], key="peta")
    if pts:
        sec.images.append(("Kepadatan kejadian (KDE) dan titik kejadian", hotspot_png(pts)))
    else:
        sec.paragraphs.append("Tidak ada kejadian berkoordinat pada periode ini.")
    return sec


def narcotics(user, unit, period: Period) -> Section:
    s = Section(TITLES["narkotika"], key="narkotika")
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


def election_crimes(user, unit, period: Period) -> Section:
    s = Section(TITLES["pemilu"], key="pemilu")
    qs = crimes(user, unit).filter(crime_type__theme="pemilu", reported_at__date__range=(period.start, period.end))
    n, gakkumdu = qs.count(), qs.filter(gakkumdu=True).count()
    if not n:
        s.paragraphs.append("Tidak ada tindak pidana pemilihan pada periode ini.")
        return s
    s.paragraphs.append(f"Tindak pidana pemilihan: {_n(n)} perkara, {_n(gakkumdu)} dirujuk Sentra Gakkumdu.")
    rows = qs.values("crime_type__name", "status").annotate(n=Count("id")).order_by("crime_type__name", "status")
    from siaga.analysis.models import Status

    labels = dict(Status.choices)
    s.tables.append(
        Table(
            "Tindak pidana pemilihan menurut jenis dan status",
            ["Jenis", "Status", "Perkara"],
            [[r["crime_type__name"], labels.get(r["status"], r["status"]), _n(r["n"])] for r in rows],
        )
    )
    return s


# --- election security -------------------------------------------------------------------------------------------


def kerawanan(data: _Data) -> Section:
    s = Section(TITLES["kerawanan"], key="kerawanan")
    if not data.kerawanan:
        s.paragraphs.append("Tidak ada TPS terdaftar di wilayah ini; sebaran kerawanan tidak dapat disajikan.")
        return s
    period = data.period
    for e in data.kerawanan:
        name = e["election"].name
        moved = sum(c["count"] for c in e["changes"])
        s.paragraphs.append(
            f"{name}: {_n(e['total'])} TPS. Selama periode {_n(moved)} perubahan kategori; "
            f"{_n(len(e['turned_up']))} TPS naik ke kategori lebih rawan."
        )
        rows = [[c["label"], _n(c["start"]), _n(c["end"]), _chg((c["end"] - c["start"],
                                                                 (c["end"] - c["start"]) * 100 / c["start"]
                                                                 if c["start"] else None))]
                for c in e["categories"]]  # fmt: skip
        s.tables.append(Table(f"Sebaran kategori TPS — {name}",
                              ["Kategori", f"Awal ({period.start:%d-%m-%Y})", f"Akhir ({period.end:%d-%m-%Y})",
                               "Perubahan"], rows))  # fmt: skip
        if e["changes"]:
            s.tables.append(Table(f"Perubahan kategori — {name}", ["Dari", "Menjadi", "TPS"],
                                  [[c["from"], c["to"], _n(c["count"])] for c in e["changes"][:20]]))  # fmt: skip
    return s


def deployment(data: _Data) -> Section:
    s = Section(TITLES["pengerahan"], key="pengerahan")
    if not data.deployment:
        s.paragraphs.append("Belum ada rencana pengerahan yang dihitung sampai akhir periode ini.")
        return s
    rows = []
    for p in data.deployment:
        reserve = "-" if p["reserve_held"] is None else f"{_n(p['reserve_held'])} / {_n(p['reserve_target'])}"
        bko = "-" if p["bko_needed"] is None else _n(p["bko_needed"])
        staffed = _ipct(round(100 * p["staffed"] / p["posts"])) if p["posts"] else "-"
        rows.append([p["election"].name, f"v{p['version']}", p["status"],
                     f"{_n(p['staffed'])} / {_n(p['posts'])} ({staffed})",
                     f"{_n(p['assigned'])} / {_n(p['required'])}", reserve, bko])  # fmt: skip
        if p["bko_needed"]:
            s.paragraphs.append(
                f"{p['election'].name}: rencana v{p['version']} ({p['status'].lower()}) membutuhkan "
                f"{_n(p['bko_needed'])} personel BKO untuk mengisi semua pos dan cadangan."
            )
    s.tables.append(Table("Status rencana pengerahan", ["Pemilihan", "Versi", "Status", "Pos terisi / dibutuhkan",
                                                        "Personel ditugaskan / dibutuhkan", "Cadangan (ada / target)",
                                                        "BKO dibutuhkan"], rows))  # fmt: skip
    return s


def patrols(data: _Data) -> Section:
    s = Section(TITLES["patroli"], key="patroli")
    p = data.patrols
    t = p["totals"]
    if not t["planned"]:
        s.paragraphs.append("Tidak ada patroli yang direncanakan pada periode ini; cakupan tidak dapat dihitung.")
        return s
    s.paragraphs.append(
        f"Titik patroli direncanakan {_n(t['planned'])}, jatuh tempo {_n(t['due'])}, tercapai (check-in) "
        f"{_n(t['achieved'])}: {_ipct(t['percent'])} dari yang jatuh tempo."
    )
    s.tables.append(Table("Cakupan patroli per kesatuan", ["Kesatuan", "Direncanakan", "Jatuh tempo", "Tercapai",
                                                           "Capaian"],
                          [[u["unit"], _n(u["planned"]), _n(u["due"]), _n(u["achieved"]), _ipct(u["percent"])]
                           for u in p["units"]]))  # fmt: skip
    return s


def reports_section(data: _Data) -> Section:
    s = Section(TITLES["laporan"], key="laporan")
    r = data.reports
    if not r["total"]:
        s.paragraphs.append("Tidak ada laporan lapangan atau masyarakat pada periode ini.")
        return s
    s.paragraphs.append(f"Laporan diterima pada periode ini: {_n(r['total'])}.")
    s.tables.append(Table("Laporan menurut status", ["Status", "Jumlah"],
                          [[row["status"], _n(row["count"])] for row in r["by_status"]]))  # fmt: skip
    s.tables.append(
        Table(
            "Laporan menurut kategori dan status",
            ["Kategori", "Status", "Jumlah"],
            [[row["category"], row["status"], _n(row["count"])] for row in r["by_category_status"]],
        )
    )
    return s


def response(data: _Data) -> Section:
    s = Section(TITLES["respons"], key="respons")
    r = data.reports
    first, arrive = r["first_action"], r["arrival"]
    if not first["n"] and not arrive["n"]:
        s.paragraphs.append(
            "Belum ada laporan yang ditindaklanjuti pada periode ini; waktu tanggap tidak dapat dihitung."
        )
        return s
    s.paragraphs.append(
        "Waktu tanggap dihitung dari laporan diterima sampai tindakan pertama petugas (verifikasi, penugasan, "
        "penanganan, penyelesaian atau penolakan) dan sampai mulai ditangani di lapangan."
    )
    s.tables.append(Table("Waktu tanggap", ["Ukuran", "Laporan", "Median", "P90"], [
        ["Sampai tindakan pertama", _n(first["n"]), _minutes(first["median"]), _minutes(first["p90"])],
        ["Sampai ditangani di lapangan", _n(arrive["n"]), _minutes(arrive["median"]), _minutes(arrive["p90"])],
    ]))  # fmt: skip
    rows = [[u["unit"], _n(u["first_action"]["n"]), _minutes(u["first_action"]["median"]),
             _minutes(u["first_action"]["p90"]), _minutes(u["arrival"]["median"]), _minutes(u["arrival"]["p90"])]
            for u in sorted(r["units"].values(), key=lambda u: u["unit"])]  # fmt: skip
    if len(rows) > 1:
        s.tables.append(Table("Waktu tanggap per kesatuan", ["Kesatuan", "Laporan", "Tindakan pertama (median)",
                                                              "Tindakan pertama (P90)", "Di lapangan (median)",
                                                              "Di lapangan (P90)"], rows))  # fmt: skip
    return s


def alert_levels(data: _Data) -> Section:
    s = Section(TITLES["siaga"], key="siaga")
    a = data.alerts
    if not a["at_start"] and not a["changes"]:
        s.paragraphs.append("Tidak ada penetapan tingkat siaga yang tercatat sampai akhir periode ini.")
        return s
    if a["at_start"]:
        s.tables.append(Table("Berlaku pada awal periode", ["Kesatuan", "Tingkat", "Sejak", "Keterangan"],
                              [[x.unit.name, x.get_level_display(), f"{x.created_at:%d-%m-%Y %H.%M}", x.note]
                               for x in a["at_start"]]))  # fmt: skip
    if a["changes"]:
        s.tables.append(Table("Perubahan selama periode", ["Waktu", "Kesatuan", "Tingkat", "Keterangan"],
                              [[f"{x.created_at:%d-%m-%Y %H.%M}", x.unit.name, x.get_level_display(), x.note]
                               for x in a["changes"]]))  # fmt: skip
    else:
        s.paragraphs.append("Tidak ada perubahan tingkat siaga selama periode ini.")
    return s


def community(data: _Data) -> Section:
    s = Section(TITLES["binmas"], key="binmas")
    c = data.community
    if not c["visits"] and not c["visits_previous"] and not c["desa_total"] and not c["aspirations"]["total"]:
        s.paragraphs.append("Tidak ada data kegiatan Binmas untuk wilayah ini pada periode ini.")
        return s
    s.paragraphs.append(
        f"Sambang/kunjungan Bhabinkamtibmas: {_n(c['visits'])} (periode sebelumnya {_n(c['visits_previous'])}), "
        f"warga ditemui {_n(c['people'])}, desa dikunjungi {_n(c['desa_visited'])} dari {_n(c['desa_total'])} desa "
        f"binaan. Desa lama tidak dikunjungi: {_n(c['desa_stale'])}; tokoh lama tidak dikunjungi: "
        f"{_n(c['tokoh_stale'])}."
    )
    if c["early_warnings"] is not None:
        s.paragraphs.append(f"Informasi deteksi dini dari kunjungan: {_n(c['early_warnings'])}.")
    if not c["whole_unit"]:
        s.paragraphs.append(f"Angka Binmas hanya mencakup data {data.unit.name} yang dapat dilihat pembuat Anev.")
    asp = c["aspirations"]
    if asp["total"]:
        s.tables.append(Table("Aspirasi dan keluhan menurut status", ["Status", "Jumlah"],
                              [[label, _n(n)] for label, _code, n in asp["by_status"]]))  # fmt: skip
        if asp["overdue"]:
            s.paragraphs.append(f"Aspirasi melewati batas waktu tindak lanjut: {_n(asp['overdue'])}.")
    if c["campaigns"]:
        s.tables.append(Table("Himbauan (kampanye)", ["Himbauan", "Kunjungan", "Warga", "Desa"],
                              [[x["title"], _n(x["visits"]), _n(x["people"]), _n(x["desa"])]
                               for x in c["campaigns"]]))  # fmt: skip
    return s


# --- Polsek side by side and findings ----------------------------------------------------------------------------


def _rollup(children, by_unit: dict[int, object], paths: dict[int, str]) -> dict[int, list]:
    """Values keyed by unit id, gathered under each child unit whose subtree holds that unit."""
    out: dict[int, list] = {c.pk: [] for c in children}
    for unit_id, value in by_unit.items():
        path = paths.get(unit_id, "")
        for c in children:
            if path.startswith(c.path):
                out[c.pk].append(value)
                break
    return out


def side_by_side(data: _Data) -> Section:
    """Each Polsek (of a Polres; each Polres of a Polda) in one row: crime, clearance, reports, response times,
    patrol coverage."""
    from siaga.units.models import Unit

    s = Section(TITLES["polsek"], key="polsek")
    children = data.children
    if not children:
        s.paragraphs.append(f"{data.unit.name} tidak membawahi kesatuan yang dapat dibandingkan.")
        return s
    by_case = case_stats(user=data.user, unit=data.unit, period=data.period, group="polsek")
    rep = data.reports
    pat = data.patrols
    unit_ids = {r["key"] for r in by_case["rows"] if r["key"]} | set(rep["per_unit_count"]) | set(rep["units"])
    unit_ids |= {u["unit_id"] for u in pat["units"]}
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    crimes_ = _rollup(children, {r["key"]: r for r in by_case["rows"] if r["key"]}, paths)
    counts = _rollup(children, rep["per_unit_count"], paths)
    patrol = _rollup(children, {u["unit_id"]: u for u in pat["units"]}, paths)
    from siaga.reports.selectors import minutes_stats

    times = _rollup(children, rep["units"], paths)
    rows = []
    for c in children:
        ct = sum(r["ct"] for r in crimes_[c.pk])
        cc = sum(r["cc"] for r in crimes_[c.pk])
        prev = sum(r["change_prev"]["prev"]["ct"] for r in crimes_[c.pk])
        first = minutes_stats([m for t in times[c.pk] for m in t["first_action"]["values"]])
        arrive = minutes_stats([m for t in times[c.pk] for m in t["arrival"]["values"]])
        due = sum(u["due"] for u in patrol[c.pk])
        achieved = sum(u["achieved"] for u in patrol[c.pk])
        rows.append([c.name, _n(ct), _n(cc), _pct(cc_percent(ct, cc)), _chg(change(ct, prev)), _n(sum(counts[c.pk])),
                     _minutes(first["median"]), _minutes(arrive["median"]),
                     _ipct(round(100 * achieved / due) if due else None)])  # fmt: skip
    if not any(r[1] != "0" or r[5] != "0" for r in rows) and not pat["totals"]["planned"]:
        s.paragraphs.append("Tidak ada perkara, laporan maupun patroli pada periode ini untuk dibandingkan.")
    s.tables.append(Table(TITLES["polsek"], ["Kesatuan", "CT", "CC", "CC %", "CT vs periode lalu", "Laporan",
                                             "Tindakan pertama (median)", "Di lapangan (median)", "Patroli tercapai"],
                          rows))  # fmt: skip
    return s


def findings(data: _Data) -> Section:
    """Findings the data supports, each with a suggested action."""
    s = Section(TITLES["temuan"], key="temuan")
    user, unit, period = data.user, data.unit, data.period
    months = _months_back(period, FALL_MONTHS)
    for child in data.children:
        series = [m["cc_pct"] for m in monthly_series(user=user, unit=child, months=months)]
        if all(v is not None for v in series) and all(b < a for a, b in zip(series, series[1:], strict=False)):
            s.paragraphs.append(
                f"CC % {child.name} turun tiga bulan berturut-turut ({' → '.join(_pct(v) for v in series)}). "
                "Saran: Kasatreskrim mengasistensi penyidikan perkara tunggakan di kesatuan tersebut."
            )
    from siaga.patrols.selectors import object_desa_ids

    by_desa = case_stats(user=user, unit=unit, period=period, group="desa")
    rising = [r for r in by_desa["rows"] if r["key"] and r["ct"] > r["change_prev"]["prev"]["ct"] and r["ct"] >= 2]
    if rising:
        guarded = object_desa_ids(user=user)
        rising = [r for r in rising if r["key"] not in guarded]
    for r in sorted(rising, key=lambda r: -r["ct"])[:10]:
        name = r["label"] if str(r["label"]).startswith(("Desa ", "Kelurahan ")) else f"Desa {r['label']}"
        s.paragraphs.append(
            f"{name}: kejadian naik dari {r['change_prev']['prev']['ct']} menjadi {r['ct']} dan belum ada "
            "objek patroli. Saran: tetapkan objek patroli dan tingkatkan patroli dialogis Bhabinkamtibmas."
        )
    posted = {p["election"].pk: p["station_ids"] for p in data.deployment}
    for e in data.kerawanan:
        turned = e["turned_up"]
        if not turned:
            continue
        missing = [pk for pk in turned if pk not in posted.get(e["election"].pk, set())]
        if not missing:
            continue
        from siaga.risk.selectors import stations_named

        names = stations_named(missing[:10])
        listed = ", ".join(names[pk] for pk in missing[:10] if pk in names)
        more = f" dan {len(missing) - 10} lainnya" if len(missing) > 10 else ""
        has_plan = e["election"].pk in posted
        plan = "tanpa pos dalam rencana pengerahan" if has_plan else "dan belum ada rencana pengerahan"
        s.paragraphs.append(
            f"{e['election'].name}: {len(missing)} TPS naik menjadi lebih rawan {plan} ({listed}{more}). "
            "Saran: hitung ulang rencana pengerahan dan tempatkan pos pengamanan di TPS tersebut."
        )
    for p in data.deployment:
        if p["bko_needed"]:
            s.paragraphs.append(
                f"{p['election'].name}: kekurangan personel, {_n(p['bko_needed'])} personel BKO dibutuhkan. "
                "Saran: ajukan BKO ke Polda/TNI atau sesuaikan pola pengamanan."
            )
    for u in data.patrols["units"]:
        if u["percent"] is not None and u["percent"] < PATROL_LOW_PERCENT and u["due"] >= 5:
            s.paragraphs.append(
                f"Patroli {u['unit']} hanya tercapai {u['percent']} % ({u['achieved']} dari {u['due']} titik). "
                "Saran: periksa kendala tim dan awasi check-in harian oleh Kapolsek."
            )
    if not s.paragraphs:
        s.paragraphs.append("Tidak ada temuan menonjol dari data periode ini.")
    return s


# --- the whole Anev ----------------------------------------------------------------------------------------------


def _highlights(data: _Data, built: dict[str, Section]) -> str:
    """The {{ringkasan}} placeholder: the crime summary plus the election side's main figures."""
    parts = [summary_text(data.stats)]
    if "laporan" in built or "respons" in built:
        r = data.reports
        if r["total"]:
            parts.append(f"Laporan diterima {_n(r['total'])}; tindakan pertama median "
                         f"{_minutes(r['first_action']['median'])}.")  # fmt: skip
    if "patroli" in built and data.patrols["totals"]["planned"]:
        t = data.patrols["totals"]
        parts.append(f"Patroli tercapai {_ipct(t['percent'])} dari titik yang jatuh tempo.")
    if "kerawanan" in built:
        up = sum(len(e["turned_up"]) for e in data.kerawanan)
        if data.kerawanan:
            parts.append(f"TPS naik ke kategori lebih rawan: {_n(up)}.")
    if "temuan" in built:
        n = sum("Saran:" in p for p in built["temuan"].paragraphs)
        if n:
            parts.append(f"Temuan dengan saran tindak: {n}.")
    return " ".join(parts)


BUILDERS = {
    "ringkasan": lambda d: summary(d.stats, d.population_synthetic),
    "golongan": by_group_and_type,
    "tren": trend,
    "polsek": side_by_side,
    "peta": hotspot_map,
    "narkotika": lambda d: narcotics(d.user, d.unit, d.period),
    "pemilu": lambda d: election_crimes(d.user, d.unit, d.period),
    "kerawanan": kerawanan,
    "pengerahan": deployment,
    "patroli": patrols,
    "laporan": reports_section,
    "respons": response,
    "siaga": alert_levels,
    "binmas": community,
    "temuan": findings,
}


def anev_build(*, user, unit, period: Period, sections=SECTIONS, titles: dict | None = None,
               progress=lambda *a, **k: None) -> Anev:  # fmt: skip
    """The Anev of a unit and period: `sections` (keys of SECTIONS) in that order, under `titles` (a template's
    headings; default TITLES)."""
    data = _Data(user, unit, period)
    stats = data.stats
    progress(1, 8, "Statistik dihitung")
    built: dict[str, Section] = {}
    keys = [k for k in sections if k in BUILDERS]
    for i, key in enumerate(keys):
        section = BUILDERS[key](data)
        if titles and titles.get(key):
            section.title = titles[key]
        built[key] = section
        progress(min(1 + (i + 1) * 6 // max(len(keys), 1), 7), 8, f"Bagian {section.title}")
    today = timezone.localdate()
    fields = {
        "judul": f"ANALISA DAN EVALUASI (ANEV) {unit.name.upper()}",
        "satuan": unit.name,
        "satuan_atas": unit.parent.name if unit.parent_id else "",
        "periode": period.label,
        "pembanding": f"{stats['previous'].label} dan {stats['last_year'].label}",
        "tanggal": f"{today.day} {BULAN[today.month - 1]} {today.year}",
        "ringkasan": _highlights(data, built),
    }
    return Anev(fields["judul"], f"Periode {period.label}", [built[k] for k in keys], stats["empty"], fields)
