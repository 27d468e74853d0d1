"""Intake benchmark: POST /api/reports/ (one report per request) and POST /api/reports/batch over loopback with
concurrent keep-alive clients against the app on PostgreSQL, beside a bare insert loop into the same table in the
same run.

Creates a temporary database on 127.0.0.1:5432 (user postgres, trust auth), migrates, builds the demo district's
units, a field officer and a token, measures the bare insert baseline, starts the web server (gunicorn gthread
when installed, else uvicorn's WSGI interface) and the triage loop (`siaga reports_triage --loop`, niced, as in
production), sends a bounded number of reports, prints one JSON object per metric and drops the database.

Every acknowledged request is a committed report (synchronous_commit stays on). The load generator is a lean
asyncio client whose request bytes are built before the clock starts (client, server and PostgreSQL share the
machine's cores).

Before that, the same single-report load on the embedded SQLite database (a fresh file per run, triage deferred
and not running, so the INSERT path alone): once with synchronous=FULL (the default: an acknowledged report
survives a power cut) and once with NORMAL (the former default: survives a crashed process only), in the same run,
each printed as `intake_reports_per_s` with "database": "sqlite" and its "synchronous". Usage:

    .venv/bin/python bench/intake.py [--reports 20000] [--concurrency 32] [--workers 2] [--batch-size 50]
        [--sqlite-reports 4000] [--only all|sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"


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
        "SIAGA_REPORTS_TRIAGE": "process",
        "SIAGA_DB_CONN_MAX_AGE": "600",
    }


def server_command(args) -> list[str]:
    if args.server == "gunicorn":
        return [
            sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
            "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
            "--keep-alive", "30", "--log-level", "warning",
        ]  # fmt: skip
    return [
        sys.executable, "-m", "uvicorn", "config.wsgi:application", "--interface", "wsgi", "--host", "127.0.0.1",
        "--port", str(args.port), "--workers", str(args.workers), "--log-level", "warning", "--no-access-log",
        *(["--http", "httptools"] if find_spec("httptools") else []),
    ]  # fmt: skip


def setup_data():
    """Regions and units of Kabupaten Jember, a field officer and a bearer token."""
    import django

    django.setup()
    from siaga.accounts.models import ApiToken, User
    from siaga.hq.demo import build_units
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
    from django.utils import timezone

    from siaga.reports.models import Report
    from siaga.units.models import Unit

    now = timezone.now()
    template = Report(source="officer", unit=Unit.objects.filter(kind="polsek").first(), text="baseline")
    template.occurred_at = template.created_at = template.updated_at = now
    fields = [f for f in Report._meta.concrete_fields if not f.primary_key]
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


def report_body(i: int, desa) -> dict:
    lat, lon = desa[i % len(desa)]
    return {"client_id": str(uuid.uuid4()), "text": f"Perusakan baliho calon di jalan desa {i}", "lat": lat, "lon": lon}


def http_request(path: str, token: str, body: dict) -> bytes:
    data = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


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


async def client(port, requests: list[bytes], latencies, statuses, check_batch: bool):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while requests:
            raw = requests.pop()
            t0 = time.perf_counter()
            writer.write(raw)
            status, body = await read_response(reader)
            latencies.append((time.perf_counter() - t0) * 1000)
            if check_batch and status == 200:
                for item in json.loads(body)["results"]:
                    statuses[item["status"]] = statuses.get(item["status"], 0) + 1
            else:
                statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def drive(port, requests: list[bytes], concurrency: int, check_batch: bool = False):
    latencies, statuses = [], {}
    start = time.perf_counter()
    await asyncio.gather(
        *(client(port, requests, latencies, statuses, check_batch) for _ in range(concurrency)), return_exceptions=False
    )
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


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="gunicorn gthread threads per worker")
    parser.add_argument("--port", type=int, default=8765)
    default_server = "gunicorn" if find_spec("gunicorn") else "uvicorn"
    parser.add_argument("--server", choices=("gunicorn", "uvicorn"), default=default_server)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--batch-reports", type=int, default=20000)
    parser.add_argument("--batch-concurrency", type=int, default=2)
    parser.add_argument("--triage-nice", type=int, default=10)
    parser.add_argument("--sqlite-reports", type=int, default=4000, help="reports per SQLite synchronous setting")
    parser.add_argument("--only", choices=("all", "sqlite", "postgresql"), default="all")
    parser.add_argument("--setup-only", action="store_true", help=argparse.SUPPRESS)  # child: migrate + data
    return parser.parse_args()


def sqlite_env(path: str, synchronous: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SIAGA_DATABASE_URL": "",
        "SIAGA_SQLITE_PATH": path,
        "SIAGA_SQLITE_SYNCHRONOUS": synchronous,
        "SIAGA_SECRET_KEY": secrets.token_urlsafe(40),
        "SIAGA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SIAGA_SECURE_COOKIES": "0",
        "SIAGA_DEBUG": "0",
        "SIAGA_REPORTS_TRIAGE": "process",
    }


def run_sqlite(args) -> None:
    """Single-report intake on SQLite with synchronous=FULL and =NORMAL, each on a fresh database file."""
    for synchronous in ("FULL", "NORMAL"):
        with tempfile.TemporaryDirectory(prefix="siaga-bench-sqlite-") as tmp:
            env = sqlite_env(str(Path(tmp) / "siaga.sqlite3"), synchronous)
            subprocess.run([sys.executable, "-m", "siaga.cli", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
            out = subprocess.run(
                [sys.executable, __file__, "--setup-only"], cwd=ROOT, env=env, check=True, capture_output=True
            ).stdout
            data = json.loads(out.decode().strip().splitlines()[-1])
            token, desa = data["token"], data["desa"]
            server = subprocess.Popen(server_command(args), cwd=ROOT, env=env)
            try:
                wait_ready(args.port)
                warm = [http_request("/api/reports/", token, report_body(i, desa)) for i in range(300)]
                asyncio.run(drive(args.port, warm, args.concurrency))
                bodies = [report_body(i, desa) for i in range(args.sqlite_reports)]
                requests = [http_request("/api/reports/", token, body) for body in bodies]
                elapsed, latencies, statuses = asyncio.run(drive(args.port, requests, args.concurrency))
            finally:
                server.terminate()
                server.wait(20)
        q = statistics.quantiles(latencies, n=100)
        common = {
            "database": "sqlite",
            "synchronous": synchronous,
            "default": synchronous == "FULL",
            "survives": "power cut" if synchronous == "FULL" else "process crash only",
            "reports": args.sqlite_reports,
            "concurrency": args.concurrency,
            "server": args.server,
            "workers": args.workers,
            "triage": "deferred, not running",
            "statuses": statuses,
        }
        emit("intake_reports_per_s", round(args.sqlite_reports / elapsed, 1), "reports/s", common)
        emit("intake_p99_ms", round(q[98], 2), "ms", common)


def main() -> None:
    args = parse_args()
    if args.setup_only:
        token, desa = setup_data()
        print(json.dumps({"token": token, "desa": desa}))
        return
    if args.only in ("all", "sqlite"):
        run_sqlite(args)
    if args.only == "sqlite":
        return
    db = f"siaga_bench_intake_{os.getpid()}"
    psql(f"CREATE DATABASE {db}")
    env = base_env(db)
    os.environ.update(env)
    procs: list[subprocess.Popen] = []
    try:
        subprocess.run([sys.executable, "-m", "siaga.cli", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        token, desa = setup_data()
        baseline = baseline_inserts()
        procs.append(subprocess.Popen(server_command(args), cwd=ROOT, env=env))
        triage_cmd = [sys.executable, "-m", "siaga.cli", "reports_triage", "--loop"]
        procs.append(subprocess.Popen(["nice", "-n", str(args.triage_nice), *triage_cmd], cwd=ROOT, env=env))
        wait_ready(args.port)
        run(args, token, desa, baseline)
        run_deferred(args, token, desa, triage=procs[-1])
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(20)
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {db}")


def run(args, token, desa, baseline: float) -> None:
    single = "/api/reports/"
    warm = [http_request(single, token, report_body(i, desa)) for i in range(1000)]
    asyncio.run(drive(args.port, warm, args.concurrency))  # warm-up: caches, connections
    requests = [http_request(single, token, report_body(i, desa)) for i in range(args.reports)]
    elapsed, latencies, statuses = asyncio.run(drive(args.port, requests, args.concurrency))
    triage = triage_drain()
    common = {
        "database": "postgresql",
        "reports": args.reports,
        "concurrency": args.concurrency,
        "server": args.server,
        "workers": args.workers,
        "threads": args.threads if args.server == "gunicorn" else None,
        "client": "python-asyncio",
        "cores": os.cpu_count(),
        "statuses": statuses,
    }
    q = statistics.quantiles(latencies, n=100)
    emit("intake_reports_per_s", round(args.reports / elapsed, 1), "reports/s", common)
    emit("intake_p50_ms", round(q[49], 2), "ms", common)
    emit("intake_p99_ms", round(q[98], 2), "ms", common)
    emit("baseline_inserts_per_s", round(baseline, 1), "rows/s", {"note": "one INSERT per commit, server idle"})
    emit("intake_triage_pending_after_3s", triage["pending_after_3s"], "reports", triage)
    run_batch(args, token, desa)
    from siaga.reports.models import Report

    emit("intake_stored_reports", Report.objects.count(), "rows", {"warmup": 1000})


def run_deferred(args, token, desa, triage: subprocess.Popen) -> None:
    """Single-report intake again, with the triage process paused for the burst and resumed after it: what the
    request path alone sustains when triage yields the CPU (triage then drains the backlog)."""
    requests = [http_request("/api/reports/", token, report_body(i, desa)) for i in range(args.reports)]
    os.kill(triage.pid, signal.SIGSTOP)
    try:
        elapsed, latencies, statuses = asyncio.run(drive(args.port, requests, args.concurrency))
    finally:
        os.kill(triage.pid, signal.SIGCONT)
    drain = triage_drain()
    common = {
        "reports": args.reports,
        "concurrency": args.concurrency,
        "server": args.server,
        "workers": args.workers,
        "triage": "paused during the burst, resumed after",
        "statuses": statuses,
    }
    q = statistics.quantiles(latencies, n=100)
    emit("intake_reports_per_s_triage_deferred", round(args.reports / elapsed, 1), "reports/s", common)
    emit("intake_p99_ms_triage_deferred", round(q[98], 2), "ms", common)
    emit("intake_triage_deferred_drain_s", drain["drain_s"], "s", drain)


def run_batch(args, token, desa) -> None:
    size = args.batch_size
    bodies = [report_body(i, desa) for i in range(args.batch_reports)]
    batch = "/api/reports/batch"
    requests = [http_request(batch, token, {"reports": bodies[i : i + size]}) for i in range(0, len(bodies), size)]
    elapsed, latencies, statuses = asyncio.run(drive(args.port, requests, args.batch_concurrency, check_batch=True))
    triage = triage_drain()
    common = {
        "reports": len(bodies),
        "batch_size": size,
        "requests": len(latencies),
        "concurrency": args.batch_concurrency,
        "server": args.server,
        "workers": args.workers,
        "item_statuses": statuses,
    }
    q = statistics.quantiles(latencies, n=100)
    emit("intake_batch_reports_per_s", round(len(bodies) / elapsed, 1), "reports/s", common)
    emit("intake_batch_p50_ms", round(q[49], 2), "ms", common)
    emit("intake_batch_p99_ms", round(q[98], 2), "ms", common)
    emit("intake_batch_triage_pending_after_3s", triage["pending_after_3s"], "reports", triage)


def triage_drain(timeout: float = 300.0) -> dict:
    """Pending triage 3 s after the load ends, and how long the triage loop takes to drain it."""
    from siaga.reports.models import Report

    pending = Report.objects.filter(triage_state="pending")
    at_end = pending.count()
    start = time.monotonic()
    time.sleep(3)
    after_3s = pending.count()
    while pending.exists() and time.monotonic() - start < timeout:
        time.sleep(0.25)
    return {
        "pending_at_end": at_end,
        "pending_after_3s": after_3s,
        "drain_s": round(time.monotonic() - start, 1),
        "drained": not pending.exists(),
    }


def emit(metric, value, unit, extra) -> None:
    print(json.dumps({"metric": metric, "value": value, "unit": unit, **extra}), flush=True)


if __name__ == "__main__":
    main()
