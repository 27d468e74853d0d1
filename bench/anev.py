"""Benchmark: Anev for a synthetic year of one Polres (≥ 6,000 cases from bench/anev_synth.py, ≥ 50,000 reports,
31 Polsek) and for a Polda of 40 such Polres.

Prints JSON lines:
  register_import_rows_per_s   the Polres register (CSV, every row validated, one transaction) through the real
                               import job; target ≥ 2,000
  anev_polres_document_s       DOCX + PDF of one month for the Polres; target < 10 s
  anev_polda_stats_s           all Polda statistics for a year (totals and every grouping, each with its two
                               comparison periods); target < 5 s
  hotspot_pai_{forecast,kde,last_period}  PAI at 5 % of the area over 8 held-back weeks (each week predicted
                               from the weeks before it only), and the two ratios
  hotspot_pai_ratio_vs_kde, hotspot_pai_ratio_vs_last_period   target > 1
  hotspot_pai_kde_all_history  the KDE over the whole history instead of the 8 weeks before (where the gain comes
                               from: the longer window or the near-repeat term)
  hotspot_pai_oracle           the generating process's own expected counts (anev_synth.true_intensity): the ceiling
                               no forecast can pass; hotspot_pai_share_of_oracle = forecast / oracle
  hotspot_fit_*                the EM estimates (the generator uses θ 0.55, mean delay 6 days, σ 150 m)
The synthetic events come from a branching process (hot spots that come and go, settlements, near-repeat offspring)
in anev_synth.py, which shares no code with the forecast (siaga.engine.hotspots).

Timed steps on this shared machine are the best of 3 runs (as timeit does; the first run is printed too), and on
SQLite, which runs inside this process, the CPU time as well (independent of the machine's load).
Database: SQLite in a temporary directory by default; `--postgres` runs on a fresh PostgreSQL database
(`SIAGA_BENCH_PG`, default postgres://postgres@127.0.0.1:5432) created for the run and dropped afterwards. After the
bulk loads the bench runs ANALYZE, as PostgreSQL's autovacuum does within a minute of such loads in production
(the bench machine's server runs with autovacuum off; without statistics the planner picks nested loops).
"""

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

_TMP = tempfile.mkdtemp(prefix="siaga-bench-anev-")
PG_DB = f"siaga_bench_anev_{os.getpid()}" if "--postgres" in sys.argv else ""
PG_SERVER = os.environ.get("SIAGA_BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
if PG_DB:
    os.environ["SIAGA_DATABASE_URL"] = f"{PG_SERVER}/{PG_DB}"
os.environ.update(
    SIAGA_DEBUG="1",
    SIAGA_SQLITE_PATH=str(Path(_TMP) / "bench.sqlite3"),
    SIAGA_MEDIA_ROOT=str(Path(_TMP) / "media"),
    SIAGA_TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
    DJANGO_SETTINGS_MODULE="config.settings",
)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from anev_synth import LAT0, LON0, SPAN, synthetic_year  # noqa: E402

YEAR = 2025
POLSEK = 31
POLRES_IN_POLDA = 40
REPORTS = 50_000
HELD_BACK_WEEKS = 8
REPEATS = 3  # timed steps on the shared machine: best of 3


def emit(metric, value, unit):
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit}), flush=True)


def hotspots(events):
    from anev_synth import true_intensity

    from siaga.engine.hotspots import Grid, counts_surface, fit_forecast, forecast_surface, kde_surface, pai
    from siaga.engine.hotspots.grid import KM_PER_DEG_LAT

    lat, lon, day = (np.array([e[i] for e in events]) for i in range(3))
    grid = Grid(LAT0, LON0, LAT0 + SPAN, LON0 + SPAN, 250)
    rows, cols = grid.shape
    centre_lat = grid.lat_min + (np.arange(rows)[:, None] + 0.5) * grid.cell_m / 1000 / KM_PER_DEG_LAT
    centre_lon = grid.lon_min + (np.arange(cols)[None, :] + 0.5) * grid.cell_m / 1000 / grid.km_per_deg_lon
    centre_lat, centre_lon = np.broadcast_to(centre_lat, grid.shape), np.broadcast_to(centre_lon, grid.shape)
    first = 365 - 7 * HELD_BACK_WEEKS
    t = time.perf_counter()
    params = fit_forecast(grid, lat, lon, day, first)  # EM and validation on the weeks before the held-back ones
    emit("hotspot_fit_s", time.perf_counter() - t, "s")
    emit("hotspot_fit_theta", params.theta, "offspring/event")
    emit("hotspot_fit_mean_delay_days", 1 / params.omega, "days")
    emit("hotspot_fit_sigma_m", params.sigma_m, "m")
    # the KDE baselines' bandwidths are chosen on the same validation weeks, so all get the same tuning
    windows = {"kde": 56, "kde_all_history": 365}
    bandwidth = {}
    for key, window in windows.items():
        best = -1.0
        for bw in (250.0, 500.0, 1000.0):
            score = 0.0
            for o in (first - 7 * (w + 1) for w in range(6)):
                past, now = (day >= o - window) & (day < o), (day >= o) & (day < o + 7)
                score += pai(kde_surface(grid, lat[past], lon[past], bw), counts_surface(grid, lat[now], lon[now]))[0]
            if score > best:
                bandwidth[key], best = bw, score
    hits = dict.fromkeys(["forecast", "kde", "last_period", "kde_all_history", "oracle"], 0.0)
    total = 0.0
    for w in range(HELD_BACK_WEEKS):
        o = first + 7 * w
        now = (day >= o) & (day < o + 7)
        actual = counts_surface(grid, lat[now], lon[now])
        total += actual.sum()
        past1 = (day >= o - 7) & (day < o)
        surfaces = {
            "forecast": forecast_surface(grid, lat, lon, day, o, 7.0, params),
            "last_period": counts_surface(grid, lat[past1], lon[past1]),
            "oracle": true_intensity(centre_lat, centre_lon, events, o, 7.0),
        }
        for key, window in windows.items():
            past = (day >= o - window) & (day < o)
            surfaces[key] = kde_surface(grid, lat[past], lon[past], bandwidth[key])
        for key, surface in surfaces.items():
            hits[key] += pai(surface, actual)[1] * actual.sum()
    result = {k: v / total / 0.05 for k, v in hits.items()}
    for key, value in result.items():
        emit(f"hotspot_pai_{key}", value, "PAI")
    emit("hotspot_pai_ratio_vs_kde", result["forecast"] / result["kde"], "ratio")
    emit("hotspot_pai_ratio_vs_last_period", result["forecast"] / result["last_period"], "ratio")
    emit("hotspot_pai_ratio_vs_kde_all_history", result["forecast"] / result["kde_all_history"], "ratio")
    emit("hotspot_pai_share_of_oracle", result["forecast"] / result["oracle"], "ratio")
    return params


def setup_regions():
    from siaga.regions.models import Region

    prov = Region.objects.create(code="35", name="Jawa Timur", level=1, kind="provinsi")
    kab = Region.objects.create(code="35.25", name="Kabupaten Sintetis", level=2, kind="kabupaten", parent=prov)
    kecs, desa = [], []
    for k in range(POLSEK):
        lat, lon = LAT0 + SPAN * (k // 6 + 0.5) / 6, LON0 + SPAN * (k % 6 + 0.5) / 6
        kec = Region.objects.create(code=f"35.25.{k + 1:02d}", name=f"Kecamatan {k + 1}", level=3, kind="kecamatan",
                                    parent=kab, lat=lat, lon=lon)  # fmt: skip
        kecs.append(kec)
        for d in range(10):
            desa.append(Region(code=f"{kec.code}.20{d:02d}", name=f"Desa {k + 1}-{d + 1}", level=4, kind="desa",
                               parent=kec))  # fmt: skip
    Region.objects.bulk_create(desa)
    return prov, kab, kecs, desa


def setup_units(prov, kab, kecs):
    from siaga.units.models import Unit

    polda = Unit.objects.create(code="polda-sintetis", name="Polda Sintetis", kind="polda", is_demo=True)
    polda.regions.set([prov])
    polres_list = []
    for r in range(POLRES_IN_POLDA):
        polres = Unit.objects.create(code=f"polres-{r}", name=f"Polres Sintetis {r}", kind="polres", parent=polda,
                                     is_demo=True)  # fmt: skip
        if r == 0:
            polres.regions.set([kab])
        polseks = []
        for k in range(POLSEK):
            polsek = Unit.objects.create(code=f"polsek-{r}-{k}", name=f"Polsek {r}-{k + 1}", kind="polsek",
                                         parent=polres, is_demo=True)  # fmt: skip
            if r == 0:
                polsek.regions.set([kecs[k]])
            polseks.append(polsek)
        polres_list.append((polres, polseks))
    return polda, polres_list


def register_csv(events, desa, rng) -> bytes:
    types = ["curat", "curas", "curanmor", "pencurian_biasa", "penganiayaan", "penipuan", "narkotika",
             "penggelapan", "pengeroyokan", "politik_uang"]  # fmt: skip
    weights = [22, 6, 18, 14, 10, 9, 12, 5, 3, 1]
    lines = ["No LP;Tgl Kejadian;Jam;Jenis;Kode Desa;Polsek;Status;Tgl Status;Lintang;Bujur;Barang bukti;Berat BB"]
    start = dt.date(YEAR, 1, 1)
    for i, (lat, lon, day) in enumerate(events):
        d = start + dt.timedelta(days=int(day))
        row_col = (min(5, int((lat - LAT0) / SPAN * 6)), min(5, int((lon - LON0) / SPAN * 6)))
        k = min(POLSEK - 1, row_col[0] * 6 + row_col[1])
        place = desa[k * 10 + rng.randrange(10)]
        ctype = rng.choices(types, weights)[0]
        status, on = "lidik", ""
        roll = rng.random()
        done_day = d + dt.timedelta(days=rng.randint(3, 60))
        if roll < 0.55 and done_day <= dt.date(YEAR, 12, 31):
            status, on = rng.choice(["tahap2", "selesai", "sp3"]), done_day.strftime("%d/%m/%Y")
        elif roll < 0.8:
            status = "sidik"
        bb = ("sabu", f"{rng.uniform(0.1, 50):.2f}".replace(".", ",")) if ctype == "narkotika" else ("", "")
        hour = int((day % 1) * 24)
        lines.append(f"LP/B/{i + 1}/{YEAR}/SPKT;{d:%d/%m/%Y};{hour:02d}:{rng.randrange(60):02d};{ctype};{place.code};"
                     f"Polsek 0-{k + 1};{status};{on};{lat:.6f};{lon:.6f};{bb[0]};{bb[1]}")  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def reports(polseks, rng):
    from django.utils import timezone

    from siaga.reports.models import Report

    tz = timezone.get_current_timezone()
    rows = []
    for i in range(REPORTS):
        when = dt.datetime(YEAR, 1, 1, tzinfo=tz) + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        rows.append(Report(source=rng.choice(["officer", "public"]), unit=polseks[i % POLSEK], text="laporan sintetis",
                           occurred_at=when, status=rng.choice(["new", "verified", "handling", "closed"])))  # fmt: skip
    Report.objects.bulk_create(rows, batch_size=5000)


def polda_copies(polres_list):
    """The Polres register copied to the other 39 Polres of the Polda (their own LP numbers and Polsek)."""
    from siaga.analysis.models import Case

    base = list(Case.objects.values("crime_type_id", "occurred_at", "reported_at", "status", "cleared_on", "lat",
                                    "lon", "unit__code"))  # fmt: skip
    for r, (_, polseks) in enumerate(polres_list[1:], start=1):
        rows = []
        for i, c in enumerate(base):
            k = int(c["unit__code"].rsplit("-", 1)[1]) if c["unit__code"].startswith("polsek") else 0
            rows.append(Case(unit=polseks[k], lp_number=f"LP/B/{i + 1}/{YEAR}/SPKT/POLRES-{r}",
                             crime_type_id=c["crime_type_id"], occurred_at=c["occurred_at"],
                             reported_at=c["reported_at"], status=c["status"], cleared_on=c["cleared_on"],
                             lat=c["lat"], lon=c["lon"], is_demo=True))  # fmt: skip
        Case.objects.bulk_create(rows, batch_size=5000)


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main():
    if PG_DB:
        _pg_admin(f'CREATE DATABASE "{PG_DB}"')
    try:
        run()
    finally:
        if PG_DB:
            from django.db import connections

            connections.close_all()
            _pg_admin(f'DROP DATABASE IF EXISTS "{PG_DB}"')


def run():
    import random

    import django

    django.setup()
    from django.core.management import call_command

    from siaga.analysis.formulas import period_of
    from siaga.analysis.importer import CaseImporter
    from siaga.analysis.models import AnevDocument, Case, CaseStatusChange
    from siaga.analysis.selectors import GROUPS, case_stats
    from siaga.analysis.services import anev_write
    from siaga.core import access
    from siaga.core.imports import import_now

    # the machine is shared: wall times below depend on its load (1-minute load average on its cores)
    emit("load_average_1min", os.getloadavg()[0], f"on {os.cpu_count()} cores")
    events = synthetic_year()
    hotspots(events)

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    prov, kab, kecs, desa = setup_regions()
    polda, polres_list = setup_units(prov, kab, kecs)
    polres, polseks = polres_list[0]
    content = register_csv(events, desa, rng)
    # best of REPEATS (the machine is shared, as timeit does); each run is a real import (its own transaction and
    # commit) into an empty register, the cases of the earlier runs removed untimed
    runs = []
    for rep in range(REPEATS):
        if rep:
            CaseStatusChange.objects.all()._raw_delete(CaseStatusChange.objects.db)
            Case.objects.all()._raw_delete(Case.objects.db)
        t, cpu = time.perf_counter(), time.process_time()
        result = import_now(importer=CaseImporter, actor=access.SYSTEM, filename="register.csv", content=content,
                            params={"unit_id": polres.pk})  # fmt: skip
        runs.append((time.perf_counter() - t, time.process_time() - cpu))
        assert result["created"] == len(events) >= 6000, result
    emit("register_cases", len(events), "cases")
    emit("register_import_rows_per_s", len(events) / min(w for w, _ in runs), "rows/s")
    emit("register_import_rows_per_s_first_run", len(events) / runs[0][0], "rows/s")
    if not PG_DB:  # the whole import runs in this process on SQLite: its CPU time does not depend on the load
        emit("register_import_rows_per_cpu_s", len(events) / min(c for _, c in runs), "rows/s")
    reports(polseks, rng)
    _analyze()

    doc = AnevDocument.objects.create(unit=polres, start=dt.date(YEAR, 10, 1), end=dt.date(YEAR, 10, 31))
    t = time.perf_counter()
    anev_write(document=doc, kind="month", actor=access.SYSTEM)
    emit("anev_polres_document_s", time.perf_counter() - t, "s")

    polda_copies(polres_list)
    _analyze()
    print(json.dumps({"metric": "database", "value": "postgresql" if PG_DB else "sqlite", "unit": "backend"}))
    emit("polda_cases", Case.objects.filter(unit__path__startswith=polda.path).count(), "cases")
    year = period_of("year", dt.date(YEAR, 6, 1))
    runs = []
    for _ in range(REPEATS):  # best of REPEATS, as above
        t, cpu = time.perf_counter(), time.process_time()
        for group in [None, *GROUPS]:
            case_stats(user=access.SYSTEM, unit=polda, period=year, group=group)
        runs.append((time.perf_counter() - t, time.process_time() - cpu))
    emit("anev_polda_stats_s", min(w for w, _ in runs), "s")
    emit("anev_polda_stats_first_run_s", runs[0][0], "s")
    if not PG_DB:  # SQLite runs in this process: its CPU time is the statistics' cost whatever the machine's load
        emit("anev_polda_stats_cpu_s", min(c for _, c in runs), "s")
    # baseline in the same run: one plain count of the Polda's cases for the year (the floor of any statistic)
    t = time.perf_counter()
    Case.objects.filter(unit__path__startswith=polda.path, reported_at__year=YEAR).count()
    emit("baseline_polda_count_s", time.perf_counter() - t, "s")


if __name__ == "__main__":
    main()
