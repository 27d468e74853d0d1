"""Benchmark: a Pilkades serentak round of 300 desa of Kabupaten Kediri (real Kemendagri desa codes) with ≥ 1,000
candidates and ≥ 2,000 TPS imported from one XLSX through the real job runner as the Polres' ops user (validate
everything, then one transaction), then the Polres board of that round requested repeatedly.

Prints JSON lines: pilkades_import_s (target < 5 s), pilkades_reimport_s (the same file again: nothing changes),
pilkades_board_ms (median of repeated requests; target < 300 ms; its query count is fixed by
tests/coordination/test_board.py) and, as a baseline measured in the same run, the median of a plain signed-in page
(the meetings list) under the same client."""

import io
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

DESA = 300
TPS_PER_DESA = 7
KABUPATEN = "35.06"  # Kabupaten Kediri: 343 desa
REQUESTS = 15
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import Workbook  # noqa: E402

HEADER = ["Tanggal", "Kode Desa", "Desa", "No Urut", "Nama Calon", "No TPS", "DPT L", "DPT P", "Kode TPS"]
FIRST = ["Ahmad", "Budi", "Siti", "Slamet", "Joko", "Hari", "Wahyu", "Sri", "Agus", "Dwi", "Eko", "Nur", "Yusuf"]
LAST = ["Santoso", "Hidayat", "Wibowo", "Rahayu", "Purnomo", "Susilo", "Fauzi", "Lestari", "Prasetyo", "Maulana"]


def setup():
    from siaga.accounts.models import User
    from siaga.hq.demo import build_units
    from siaga.regions.models import Region
    from siaga.regions.services import regions_load

    call_command("migrate", verbosity=0)
    regions_load(prefix=KABUPATEN)
    kab = Region.objects.select_related("parent").get(code=KABUPATEN)
    _, polres, _, _ = build_units(kab)
    ops = User.objects.create_user(username="bench_ops", password="x", role="ops", unit=polres)
    desa = list(Region.objects.filter(level=4, kind="desa", code__startswith=KABUPATEN + ".").order_by("code"))
    if len(desa) < DESA:
        raise SystemExit(f"only {len(desa)} desa in {KABUPATEN}")
    return polres, ops, desa[:DESA]


def build_xlsx(desa) -> tuple[bytes, int, int]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pilkades")
    sheet.append(["PILKADES SERENTAK KABUPATEN KEDIRI 2022"])
    sheet.append(HEADER)
    candidates = tps = 0
    for i, d in enumerate(desa):
        n_cand = 3 + (i % 3 == 0) + (i % 7 == 0)  # 3–5 candidates
        for k in range(1, max(n_cand, TPS_PER_DESA) + 1):
            cand = [k, f"{FIRST[(i + k) % len(FIRST)]} {LAST[(i * k) % len(LAST)]}"] if k <= n_cand else ["", ""]
            booth = [k, 200 + (i + k) % 90, 210 + (i * k) % 95, f"{d.code}-{k:02d}"] if k <= TPS_PER_DESA else [""] * 4
            sheet.append(["07-12-2022", d.code, d.name, *cand, *booth])
            candidates += k <= n_cand
            tps += k <= TPS_PER_DESA
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), candidates, tps


def run_import(ops, polres, content: bytes):
    from siaga.coordination.importer import PilkadesImporter
    from siaga.core.imports import import_enqueue
    from siaga.core.models import Job

    upload = SimpleUploadedFile("pilkades-kediri.xlsx", content)
    started = time.perf_counter()
    job = import_enqueue(importer=PilkadesImporter, actor=ops, upload=upload, params={"unit_id": polres.pk})
    elapsed = time.perf_counter() - started
    job = Job.objects.get(pk=job.pk)
    if job.status != "done":
        raise SystemExit(f"import failed: {job.message} {job.errors[:5]}")
    return job, elapsed


def median_ms(client, url) -> float:
    client.get(url)  # warm-up
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return round(statistics.median(times), 1)


def main() -> None:
    from siaga.coordination.models import PilkadesRound
    from siaga.elections.models import Candidate
    from siaga.stations.models import Station

    polres, ops, desa = setup()
    content, n_candidates, n_tps = build_xlsx(desa)
    job, elapsed = run_import(ops, polres, content)
    assert Candidate.objects.count() == n_candidates >= 1000 and Station.objects.count() == n_tps >= 2000
    meta = {"desa": DESA, "candidates": n_candidates, "tps": n_tps}
    print(json.dumps({"metric": "pilkades_import_s", "value": round(elapsed, 3), "unit": "s", **meta}))
    job, elapsed = run_import(ops, polres, content)
    changed = sum(v for k, v in job.result.items() if k.endswith(("_created", "_updated", "_deleted")))
    print(json.dumps({"metric": "pilkades_reimport_s", "value": round(elapsed, 3), "unit": "s", "changed": changed}))
    rnd = PilkadesRound.objects.get()
    client = Client(HTTP_HOST="localhost")
    client.force_login(ops, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/koordinasi/pilkades/{rnd.pk}/"
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
        client.get(url)
    board = median_ms(client, url)
    baseline = median_ms(client, "/koordinasi/rapat/")
    print(json.dumps({"metric": "pilkades_board_ms", "value": board, "unit": "ms", "desa": DESA,
                      "queries": len(queries), "requests": REQUESTS}))  # fmt: skip
    print(json.dumps({"metric": "pilkades_board_baseline_ms", "value": baseline, "unit": "ms", "page": "rapat"}))
    assert date(2022, 12, 7) == rnd.voting_day


if __name__ == "__main__":
    main()
