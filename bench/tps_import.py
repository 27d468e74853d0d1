"""Benchmark: import a 10,000-row XLSX of TPS over the real desa of Kabupaten Jember through the real job
runner (validate everything, then one bulk transaction). Prints JSON lines; target ≥ 1,000 rows/s."""

import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROWS = 10_000
KABUPATEN = "35.09"
_TMP = tempfile.mkdtemp(prefix="siaga-bench-")
os.environ.update(
    SIAGA_DEBUG="1",
    SIAGA_SQLITE_PATH=str(Path(_TMP) / "bench.sqlite3"),
    SIAGA_MEDIA_ROOT=str(Path(_TMP) / "media"),
    SIAGA_TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
    DJANGO_SETTINGS_MODULE="config.settings",
)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from siaga.core.access import SYSTEM  # noqa: E402

HEADER = ["No TPS", "Kode Desa", "Alamat", "Latitude", "Longitude", "DPT L", "DPT P", "Disabilitas", "Lokasi Khusus"]


def setup():
    from siaga.elections.services import election_create
    from siaga.hq.demo import build_units
    from siaga.regions.models import Region
    from siaga.regions.services import regions_load

    call_command("migrate", verbosity=0)
    regions_load(prefix=KABUPATEN)
    kab = Region.objects.select_related("parent").get(code=KABUPATEN)
    _, polres, _, _ = build_units(kab)
    election = election_create(
        actor=SYSTEM,
        name="Bench Pilkada",
        type="pilkada",
        unit=polres,
        regions=[kab],
        voting_day=__import__("datetime").date(2024, 11, 27),
    )
    desa = list(Region.objects.filter(level=4, code__startswith=KABUPATEN + ".").values_list("code", "lat", "lon"))
    return election, desa


def build_xlsx(desa) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("TPS")
    sheet.append(HEADER)
    for i in range(ROWS):
        code, lat, lon = desa[i % len(desa)]
        number = i // len(desa) + 1
        lat = round((lat or -8.17) + (i % 17 - 8) / 2000, 6)
        lon = round((lon or 113.7) + (i % 13 - 6) / 2000, 6)
        special = "Lapas" if i % 2500 == 0 else ""
        sheet.append([f"{number:03d}", code, f"Jl. Bench {i}", lat, lon, 240 + i % 30, 245 + i % 31, i % 4, special])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(election, content: bytes):
    from siaga.core.models import Job
    from siaga.stations.importer import station_import_enqueue

    upload = SimpleUploadedFile("tps-bench.xlsx", content)
    started = time.perf_counter()
    job = station_import_enqueue(election=election, upload=upload, user=SYSTEM)  # runs on commit (immediate)
    elapsed = time.perf_counter() - started
    return Job.objects.get(pk=job.pk), elapsed


def main() -> None:
    from siaga.stations.models import Station

    election, desa = setup()
    content = build_xlsx(desa)
    job, elapsed = run_import(election, content)
    if job.status != "done":
        raise SystemExit(f"import failed: {job.message} {job.errors[:5]}")
    assert Station.objects.filter(election=election).count() == ROWS
    print(
        json.dumps(
            {"metric": "tps_import_rows_per_s", "value": round(ROWS / elapsed, 1), "unit": "rows/s", "rows": ROWS}
        )
    )
    print(json.dumps({"metric": "tps_import_s", "value": round(elapsed, 3), "unit": "s", "rows": ROWS}))
    job, elapsed = run_import(election, content)
    print(
        json.dumps(
            {
                "metric": "tps_reimport_s",
                "value": round(elapsed, 3),
                "unit": "s",
                "rows": ROWS,
                "unchanged": job.result.get("unchanged"),
            }
        )
    )


if __name__ == "__main__":
    main()
