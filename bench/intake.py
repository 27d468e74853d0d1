"""Intake benchmark: POST /api/reports/ over loopback with concurrent keep-alive clients against uvicorn on
PostgreSQL, beside a bare insert loop into the same table in the same run.

Creates a temporary database on 127.0.0.1:5432 (user postgres, trust auth), migrates, builds the demo district's
units, a field officer and a token, starts `uvicorn config.asgi:application --workers N`, sends a bounded number of
reports, prints one JSON object per metric and drops the database. Usage:

    .venv/bin/python bench/intake.py [--reports 20000] [--concurrency 64] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
# Django's views are synchronous: under uvicorn's WSGI interface a bounded thread pool serves them and keeps one
# persistent PostgreSQL connection per thread; under ASGI every request gets its own thread and connection.
SERVER_APP = {"wsgi": ["config.wsgi:application", "--interface", "wsgi"], "asgi": ["config.asgi:application"]}


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql, "postgres"], check=True)


def base_env(db: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SIAGA_DATABASE_URL": f"{PG}/{db}",
        "SIAGA_SECRET_KEY": secrets.token_urlsafe(40),
        "SIAGA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SIAGA_SECURE_COOKIES": "0",
        "SIAGA_DEBUG": "0",
        "SIAGA_REPORTS_TRIAGE": "background",
        "SIAGA_DB_CONN_MAX_AGE": "600",
    }


def setup_data():
    """Regions and units of Kabupaten Jember, a field officer and a bearer token."""
    import django

    django.setup()
    from siaga.accounts.models import ApiToken, User
    from siaga.core.demo import build_units
    from siaga.regions.models import Region
    from siaga.regions.services import regions_load

    regions_load(prefix="35.09")
    kab = Region.objects.select_related("parent").get(code="35.09")
    _, _, polseks, _ = build_units(kab)
    user = User.objects.create(username="bench", role="field", unit=polseks[0])
    _, token = ApiToken.issue(user=user, name="bench")
    desa = list(Region.objects.filter(code__startswith="35.09.", level=4).values_list("lat", "lon")[:200])
    return token, desa


def baseline_inserts(seconds: float = 5.0) -> float:
    """A bare loop: one INSERT per transaction (autocommit) into reports_report, no framework around it."""
    from django.db import connection

    from siaga.reports.models import Report
    from siaga.units.models import Unit

    template = Report(
        source="officer",
        unit=Unit.objects.filter(kind="polsek").first(),
        text="baseline",
        occurred_at=__import__("django.utils.timezone").utils.timezone.now(),
    )
    fields = [f for f in Report._meta.concrete_fields if not f.primary_key]
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            setattr(template, f.attname, template.occurred_at)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {Report._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    cid = next(i for i, f in enumerate(fields) if f.name == "client_id")
    values = [f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields]
    n, start = 0, time.perf_counter()
    with connection.cursor() as cursor:
        while time.perf_counter() - start < seconds:
            values[cid] = uuid.uuid4()
            cursor.execute(sql, values)
            n += 1
    elapsed = time.perf_counter() - start
    Report.objects.filter(text="baseline").delete()
    return n / elapsed


async def client(port, token, queue, latencies, statuses, desa):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                i = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            lat, lon = desa[i % len(desa)]
            body = json.dumps(
                {
                    "client_id": str(uuid.uuid4()),
                    "text": f"Perusakan baliho calon di jalan desa {i}",
                    "lat": lat,
                    "lon": lon,
                }
            ).encode()
            head = (
                f"POST /api/reports/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            t0 = time.perf_counter()
            writer.write(head + body)
            status, _ = await read_response(reader)
            latencies.append((time.perf_counter() - t0) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def read_response(reader) -> tuple[int, bytes]:
    header = await reader.readuntil(b"\r\n\r\n")
    lines = header.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    body = await reader.readexactly(length) if length else b""
    return status, body


async def drive(port, token, desa, total, concurrency):
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)
    latencies, statuses = [], {}
    start = time.perf_counter()
    await asyncio.gather(*(client(port, token, queue, latencies, statuses, desa) for _ in range(concurrency)))
    return time.perf_counter() - start, latencies, statuses


def wait_ready(port, timeout=60):
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--interface", choices=sorted(SERVER_APP), default="wsgi")
    args = parser.parse_args()
    db = f"siaga_bench_intake_{os.getpid()}"
    psql(f"CREATE DATABASE {db}")
    env = base_env(db)
    os.environ.update(env)
    server = None
    try:
        subprocess.run([sys.executable, "-m", "siaga.cli", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        token, desa = setup_data()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                *SERVER_APP[args.interface],
                "--host",
                "127.0.0.1",
                "--port",
                str(args.port),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_ready(args.port)
        asyncio.run(drive(args.port, token, desa, 1000, args.concurrency))  # warm-up: caches, connections
        elapsed, latencies, statuses = asyncio.run(drive(args.port, token, desa, args.reports, args.concurrency))
        report_metrics(args, elapsed, latencies, statuses)
    finally:
        if server is not None:
            server.terminate()
            server.wait(20)
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {db}")


def report_metrics(args, elapsed, latencies, statuses) -> None:
    from siaga.reports.models import Report

    time.sleep(3)
    stored = Report.objects.count()
    pending = Report.objects.filter(triage_state="pending").count()
    q = statistics.quantiles(latencies, n=100)
    common = {
        "reports": args.reports,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "interface": args.interface,
        "cores": os.cpu_count(),
        "statuses": statuses,
    }
    emit("intake_reports_per_s", round(args.reports / elapsed, 1), "reports/s", common)
    emit("intake_p50_ms", round(q[49], 2), "ms", common)
    emit("intake_p99_ms", round(q[98], 2), "ms", common)
    emit("baseline_inserts_per_s", round(baseline_inserts(), 1), "rows/s", {"note": "one INSERT per commit"})
    emit("intake_stored_reports", stored, "rows", {"triage_pending_after_3s": pending, "warmup": 1000})


def emit(metric, value, unit, extra) -> None:
    print(json.dumps({"metric": metric, "value": value, "unit": unit, **extra}), flush=True)


if __name__ == "__main__":
    main()
