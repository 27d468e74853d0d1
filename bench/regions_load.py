"""Benchmark: load every Kemendagri region the package carries into a fresh database.

Run: .venv/bin/python bench/regions_load.py   (SQLite temp file; set SIAGA_DATABASE_URL to use PostgreSQL)
Prints one JSON object per line: regions_load_s, regions_reload_s (idempotent re-run), desa_count, ..."""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.mkdtemp(prefix="siaga-bench-")
os.environ.setdefault("SIAGA_SQLITE_PATH", os.path.join(_tmp, "bench.sqlite3"))
os.environ.setdefault("SIAGA_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from siaga.regions.models import Region  # noqa: E402
from siaga.regions.services import regions_load  # noqa: E402


def emit(metric: str, value, unit: str, **extra) -> None:
    print(json.dumps({"metric": metric, "value": value, "unit": unit, **extra}), flush=True)


def main() -> None:
    call_command("migrate", verbosity=0)
    Region.objects.all().delete()
    started = time.perf_counter()
    counts = regions_load(prefix="")
    elapsed = time.perf_counter() - started
    db = connection.vendor
    emit("regions_load_s", round(elapsed, 2), "s", database=db, regions=sum(counts.values()))
    emit("desa_count", Region.objects.filter(level=4).count(), "desa", database=db)
    emit("kecamatan_count", Region.objects.filter(level=3).count(), "kecamatan", database=db)
    emit("kabupaten_count", Region.objects.filter(level=2).count(), "kabupaten/kota", database=db)
    emit("provinsi_count", Region.objects.filter(level=1).count(), "provinsi", database=db)
    started = time.perf_counter()
    regions_load(prefix="")
    emit("regions_reload_s", round(time.perf_counter() - started, 2), "s", database=db, regions=Region.objects.count())
    located = Region.objects.exclude(coord_source="approx").exclude(lat=None).count()
    emit("regions_with_real_or_derived_coords", located, "regions", database=db)


if __name__ == "__main__":
    main()
