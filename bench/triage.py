"""Triage benchmark: how fast the deferred step (suggested category, severity rules, places, near-duplicates →
incident, nearest TPS) works through a backlog of pending reports, on PostgreSQL.

Creates a temporary database on 127.0.0.1:5432, loads Kabupaten Jember's regions and units, inserts a backlog of
reports through the intake INSERT (synthetic Indonesian texts from the demo's templates, spread over the district's
desa and over two hours, so many fall in each other's duplicate window), then times `triage_pending` batches until
the queue is empty. Two scenarios: `mixed` (the demo's 15 categories' texts, many desa) and `dense` (one text
template at 200 points, as in bench/intake.py: every report has a full candidate list). Usage:

    .venv/bin/python bench/triage.py [--reports 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql, "postgres"], check=True)


def setup(db: str) -> None:
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SIAGA_DATABASE_URL": f"{PG}/{db}",
        "SIAGA_SECRET_KEY": secrets.token_urlsafe(40),
        "SIAGA_ALLOWED_HOSTS": "127.0.0.1",
        "SIAGA_REPORTS_TRIAGE": "process",
    }
    os.environ.update(env)
    subprocess.run([sys.executable, "-m", "siaga.cli", "migrate", "-v0"], cwd=ROOT, env=os.environ, check=True)
    import django

    django.setup()
    from siaga.hq.demo import build_units
    from siaga.regions.models import Region
    from siaga.regions.services import regions_load
    from siaga.reports.taxonomy import categories_sync

    regions_load(prefix="35.09")
    categories_sync()
    build_units(Region.objects.get(code="35.09"))


def backlog(scenario: str, n: int) -> None:
    from django.utils import timezone

    from siaga.regions.models import Region
    from siaga.reports.demo import TEXTS
    from siaga.reports.services.intake import report_prepare
    from siaga.reports.services.store import reports_insert

    rng = random.Random(7)
    desa = list(Region.objects.filter(code__startswith="35.09.", level=4).values_list("name", "lat", "lon"))
    templates = [t for texts in TEXTS.values() for t in texts]
    if scenario == "dense":
        desa, templates = desa[:200], ["Perusakan baliho calon di jalan desa {desa} nomor {i}"]
    start = timezone.now() - timedelta(hours=2)
    reports = []
    for i in range(n):
        name, lat, lon = desa[i % len(desa)] if scenario == "dense" else rng.choice(desa)
        text = templates[i % len(templates)].format(desa=name, i=i)
        report = report_prepare(
            channel="public", client_id=uuid.uuid4(), text=text, lat=lat, lon=lon,
            occurred_at=start + timedelta(seconds=7200 * i / n),
        )  # fmt: skip
        reports.append(report)
        if len(reports) == 500:
            reports_insert(reports, actor_id=None, note="bench")
            reports = []
    reports_insert(reports, actor_id=None, note="bench")


def drain() -> tuple[int, float]:
    from siaga.reports.services.deferred import triage_pending

    done, start = 0, time.perf_counter()
    while batch := triage_pending():
        done += batch
    return done, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10000)
    args = parser.parse_args()
    db = f"siaga_bench_triage_{os.getpid()}"
    psql(f"CREATE DATABASE {db}")
    try:
        setup(db)
        from siaga.reports.models import Incident, Report

        for scenario in ("mixed", "dense"):
            backlog(scenario, args.reports)
            done, elapsed = drain()
            grouped = Report.objects.filter(incident__isnull=False).count()
            extra = {"scenario": scenario, "reports": done, "grouped": grouped, "incidents": Incident.objects.count()}
            print(json.dumps({"metric": "triage_reports_per_s", "value": round(done / elapsed, 1), "unit": "reports/s",
                              **extra}), flush=True)  # fmt: skip
            Report.objects.all().delete()
            Incident.objects.all().delete()
    finally:
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {db}")


if __name__ == "__main__":
    main()
