"""Benchmark of Siaga at national scale (issue #15, "What it must show" 1), on PostgreSQL.

    .venv/bin/python bench/national.py              # build once (or reuse a complete build), then measure
    .venv/bin/python bench/national.py --fresh      # drop the bench database and build again
    .venv/bin/python bench/national.py --size small # 1,000,000 reports instead of 10,200,000 (development)

Database: postgres://postgres@127.0.0.1:5432/siaga_bench_national (``--db`` to change the name; PostgreSQL at
SIAGA_BENCH_PG, default 127.0.0.1:5432, user postgres, trust auth). It is created and migrated here and kept
between runs: ``--reuse`` (the default) skips the build when a previous build ran to its end (its summary audit
row) and its counts are there.

Data: the real Kemendagri tree (38 provinsi, 514 kabupaten/kota, 7,285 kecamatan, 83,762 desa) loaded by the
project's region loader, and on it everything else synthetic (bench/national_data.py): 38 Polda, 514 Polres,
7,285 Polsek, ~837,000 TPS, 210,000 personnel, 10,200,000 reports and their first timeline rows, all written by
PostgreSQL (INSERT ... SELECT generate_series) with every constraint of the schema checked.

Prints one JSON object per line ({"metric", "value", "unit", ...}); a measurement whose entry point is missing
prints ``"value": null`` with an ``"error"`` naming what is missing, never an estimate.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PG = os.environ.get("SIAGA_BENCH_PG", "127.0.0.1:5432")


def emit(metric: str, value, unit: str, **extra) -> None:
    print(json.dumps({"metric": metric, "value": value, "unit": unit, **extra}), flush=True)


def emit_missing(metric: str, unit: str, error: str) -> None:
    print(json.dumps({"metric": metric, "value": None, "unit": unit, "error": error}), flush=True)


def log(message: str) -> None:
    print(f"[national {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


def _admin_connect():
    import psycopg

    return psycopg.connect(f"postgresql://postgres@{PG}/postgres", autocommit=True)


def database_prepare(name: str, *, fresh: bool) -> None:
    """Create the bench database (dropping it first if `fresh`)."""
    from psycopg import sql

    with _admin_connect() as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            log(f"menghapus basis data {name}")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(name: str) -> None:
    os.environ["SIAGA_DATABASE_URL"] = f"postgres://postgres@{PG}/{name}"
    os.environ.setdefault("SIAGA_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


SIZES = {
    "national": lambda nd: nd.Size.national(),
    "small": lambda nd: dataclasses.replace(nd.Size.national(), reports=1_000_000),
}


def build_or_reuse(args) -> None:
    """Make sure the bench database holds a complete build of the requested size; print what it holds."""
    import national_data as nd
    from django.core.management import call_command

    from siaga.regions.models import Region
    from siaga.regions.services import regions_load

    size = SIZES[args.size](nd)
    call_command("migrate", verbosity=0)
    if nd.is_built():
        have = nd.counts()
        if have["reports"] >= size.reports and have["personnel"] >= size.personnel:
            log(f"memakai data yang sudah ada: {have}")
            _emit_counts(have, reused=True)
            return
        log(f"data yang ada tidak cocok ({have}); dibangun ulang")
        return _rebuild(args)
    if nd.counts()["polda"]:
        log("bangunan sebelumnya tidak selesai; dibangun ulang")
        return _rebuild(args)
    started = time.perf_counter()
    if not Region.objects.filter(level=4).exists():
        regions_load(prefix="")
        log(f"wilayah dimuat ({time.perf_counter() - started:.1f} s)")
    timings = nd.build(size, log=log)
    elapsed = time.perf_counter() - started
    have = nd.counts()
    emit("national_build_s", round(elapsed, 1), "s", steps=timings, size=args.size)
    _emit_counts(have, reused=False)


def _rebuild(args) -> None:
    from django.db import connections

    connections.close_all()
    database_prepare(args.db, fresh=True)
    args.reuse_checked = True
    build_or_reuse(args)


def _emit_counts(have: dict, *, reused: bool) -> None:
    for key, unit in (
        ("polda", "Polda"),
        ("polres", "Polres"),
        ("polsek", "Polsek"),
        ("tps", "TPS"),
        ("personnel", "personel"),
        ("reports", "laporan"),
        ("report_events", "riwayat laporan"),
    ):
        emit(f"national_{key}", have[key], unit, reused=reused)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="siaga_bench_national")
    parser.add_argument("--size", choices=sorted(SIZES), default="national")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--reuse", action="store_true", default=True, help="keep a complete build (default)")
    group.add_argument("--fresh", action="store_true", help="drop the bench database and build again")
    parser.add_argument("--build-only", action="store_true", help="build (or reuse) and stop")
    args = parser.parse_args()

    database_prepare(args.db, fresh=args.fresh)
    setup_django(args.db)
    build_or_reuse(args)
    if args.build_only:
        return


if __name__ == "__main__":
    main()
