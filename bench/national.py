"""Benchmark of Siaga at national scale (issue #15, "What it must show" 1), on PostgreSQL.

    .venv/bin/python bench/national.py              # build once (or reuse a complete build), then measure
    .venv/bin/python bench/national.py --fresh      # drop the bench database and build again
    .venv/bin/python bench/national.py --size small # 1,000,000 reports instead of 10,100,000 (development)

Database: postgres://postgres@127.0.0.1:5432/siaga_bench_national (``--db`` to change the name; PostgreSQL at
SIAGA_BENCH_PG, default 127.0.0.1:5432, user postgres, trust auth). It is created and migrated here and kept
between runs: ``--reuse`` (the default) skips the build when a previous build ran to its end (its summary audit
row) and its counts are there.

Data: the real Kemendagri tree (38 provinsi, 514 kabupaten/kota, 7,285 kecamatan, 83,762 desa) loaded by the
project's region loader, and on it everything else synthetic (bench/national_data.py): 38 Polda, 514 Polres,
7,285 Polsek, ~837,000 TPS, 380,000 personnel, 10,100,000 reports and their first timeline rows, all written by
PostgreSQL (INSERT ... SELECT generate_series) with every constraint of the schema checked.

Measured, in this order (one JSON object per line, {"metric", "value", "unit", ...}):

- ``national_build_s`` (migrate + region loader + builder, only when it builds; its steps listed) and the counts;
- ``national_plan_s`` with 1, then 2 RQ workers (``siaga worker`` subprocesses on the bench's own Redis,
  ``redis-server --port 6391 --save '' --appendonly no``, started and stopped here): wall time from
  ``siaga.deployment.fanout.plan_run_national`` (as the system, the national operation, every Polres unless
  ``--plan-scope polda-NN`` names one Polda: the same scope in both runs) until the parent job is done; each run
  makes a new plan version per Polres. ``child_job_s_sum`` (the child jobs' own durations) and the 1-minute load
  average before/after are printed beside it, and ``worker_cpu_s`` (CPU time of the worker processes and
  their work-horses, /proc): on a shared 2-core machine other processes take CPU from the workers.
  ``national_plan_speedup_2_workers`` = t1 / t2;
- ``rollup_refresh_s``: ``siaga.command.figures.figures_refresh(full=True)`` over every Polres, after the plans;
- ``rollup_polda_ms`` / ``rollup_nation_ms``: median of ``--requests`` GETs of the roll-up page (``command:rollup``)
  by a Polda Karoops (ops staff of Polda Jawa Timur) and a Mabes ops officer (Django test client, logged in, one
  unmeasured warm-up first), and ``*_api_ms`` the same for ``GET /api/command/rollup``;
- ``rollup_incremental_s``: 1,000 new reports in random desa, then ``figures_refresh()`` (incremental);
- ``bko_match_s``: ``siaga.engine.bko.match`` as called by the Mabes proposal service for the whole country
  (``bko_propose_s`` is the whole service), and ``bko_cost_vs_lp_bound``: its objective against an LP (HiGHS) over
  every giver x receiver pair moving the same number of officers, a lower bound computed independently here.

A measurement whose entry point is missing prints ``"value": null`` with an ``"error"`` naming what is missing,
never an estimate.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PG = os.environ.get("SIAGA_BENCH_PG", "127.0.0.1:5432")


def emit(metric: str, value, unit: str, **extra) -> None:
    print(json.dumps({"metric": metric, "value": value, "unit": unit, **extra}), flush=True)


def emit_missing(metric: str, unit: str, error: str, **extra) -> None:
    print(json.dumps({"metric": metric, "value": None, "unit": unit, "error": error, **extra}), flush=True)


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
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started
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
    steps = {"migrate": round(migrate_s, 2)}
    if not Region.objects.filter(level=4).exists():
        regions_started = time.perf_counter()
        regions_load(prefix="")
        steps["regions_load"] = round(time.perf_counter() - regions_started, 2)
        log(f"wilayah dimuat ({steps['regions_load']} s)")
    steps.update(nd.build(size, log=log))
    elapsed = time.perf_counter() - started
    have = nd.counts()
    emit("national_build_s", round(elapsed, 1), "s", steps=steps, size=args.size, target=900)
    _emit_counts(have, reused=False)


def _rebuild(args) -> None:
    from django.db import connections

    connections.close_all()
    database_prepare(args.db, fresh=True)
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


# --------------------------------------------------------------------------------------------------------------
# Redis and RQ workers (the bench's own: port 6391, nothing saved, stopped at the end)


class BenchRedis:
    def __init__(self, port: int):
        self.port = port
        self.proc = None
        self.url = f"redis://127.0.0.1:{port}/0"

    def __enter__(self):
        import redis

        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server di port {self.port} tidak mau berjalan") from None
                time.sleep(0.1)
        client.flushdb()
        return self

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return False


class Workers:
    """`siaga worker` processes (RQ workers on the bench's Redis), each with its own log file."""

    def __init__(self, n: int, env: dict, tag: str):
        self.n, self.env, self.tag = n, env, tag
        self.procs: list[subprocess.Popen] = []

    def __enter__(self):
        import django_rq
        from rq import Worker

        conn = django_rq.get_connection("default")
        before = Worker.count(connection=conn)
        logdir = Path(tempfile.gettempdir())
        for i in range(self.n):
            log_file = open(logdir / f"siaga-bench-national-worker-{self.tag}-{i}.log", "w")  # noqa: SIM115
            self.procs.append(
                subprocess.Popen(  # `siaga worker` of this very source tree (PYTHONPATH), as the bench imports it
                    [sys.executable, "-m", "siaga.cli", "worker", "--housekeeping", "3600"],
                    env=self.env,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    cwd=ROOT,
                )
            )
        deadline = time.monotonic() + 120
        while Worker.count(connection=conn) < before + self.n:
            if any(p.poll() is not None for p in self.procs) or time.monotonic() > deadline:
                raise RuntimeError(f"pekerja RQ tidak mau berjalan (lihat {logdir}/siaga-bench-national-worker-*)")
            time.sleep(0.2)
        return self

    def cpu_seconds(self) -> float:
        """CPU time of the worker processes and their finished work-horses so far (Linux /proc; the database
        server's share is not in it)."""
        total = 0
        for p in self.procs:
            try:
                fields = Path(f"/proc/{p.pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
        return total / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *exc):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)  # RQ's warm shutdown: idle workers leave at once
        for p in self.procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        return False


# --------------------------------------------------------------------------------------------------------------
# Measurements


def bench_users():
    """The Polda Karoops (ops staff at Polda Jawa Timur) and a Mabes ops officer, synthetic accounts."""
    import national_data as nd

    from siaga.accounts.models import User
    from siaga.units.models import Unit

    polda = Unit.objects.get(code=f"{nd.CODE_PREFIX}-polda-35")
    mabes = Unit.objects.get(code=nd.MABES_CODE)
    karoops, _ = User.objects.get_or_create(
        username="bench-karoops-jatim", defaults={"role": "ops", "unit": polda, "is_demo": True}
    )
    mabes_ops, _ = User.objects.get_or_create(
        username="bench-mabes-ops", defaults={"role": "ops", "unit": mabes, "is_demo": True}
    )
    return karoops, mabes_ops


def bench_plans(args, redis_url: str) -> None:
    """national_plan_s with 1 and with 2 RQ workers: siaga.deployment.fanout.plan_run_national as the system."""
    import national_data as nd

    from siaga.core import access
    from siaga.core.models import Job
    from siaga.elections.models import Operation
    from siaga.units.models import Unit

    try:
        from siaga.deployment.fanout import plan_run_national
    except ImportError as exc:
        for n in (1, 2):
            error = f"siaga.deployment.fanout.plan_run_national tidak ada ({exc})"
            emit_missing("national_plan_s", "s", error, workers=n)
        emit_missing("national_plan_speedup_2_workers", "x", "tanpa national_plan_s")
        return
    operation = Operation.objects.get(name=nd.OPERATION_NAME)
    scope = None if args.plan_scope == "all" else Unit.objects.get(code=f"{nd.CODE_PREFIX}-{args.plan_scope}")
    where = "seluruh Polres" if scope is None else scope.name
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env = {**os.environ, "SIAGA_REDIS_URL": redis_url, "SIAGA_LOG_LEVEL": "WARNING", "PYTHONPATH": pythonpath}
    times = {}
    for n in (1, 2):
        with Workers(n, env, tag=f"{n}w") as workers:
            cpu_before = workers.cpu_seconds()
            load_before = os.getloadavg()[0]
            started = time.perf_counter()
            job = plan_run_national(user=access.SYSTEM, operation=operation, unit=scope, note=f"bench {n} pekerja")
            deadline = time.monotonic() + args.plan_timeout
            while True:
                job.refresh_from_db()
                if job.is_finished or time.monotonic() > deadline:
                    break
                time.sleep(0.25)
            elapsed = time.perf_counter() - started
            load_after = os.getloadavg()[0]
            worker_cpu = workers.cpu_seconds() - cpu_before
        fanout = (job.result or {}).get("fanout", {})
        failed = sum(1 for v in fanout.get("done", {}).values() if not v.get("ok"))
        if job.status != Job.Status.DONE or failed:
            error = f"pekerjaan #{job.pk} {job.status}: {job.message}"
            emit_missing("national_plan_s", "s", error, workers=n)
            log(error)
            return
        times[n] = elapsed
        children = Job.objects.filter(kind="deployment.plan_part", pk__gt=job.pk, status=Job.Status.DONE)
        busy = sum((c.finished_at - c.started_at).total_seconds() for c in children if c.started_at and c.finished_at)
        emit(
            "national_plan_s",
            round(elapsed, 1),
            "s",
            workers=n,
            plans=job.total,
            scope=where,
            job=job.pk,
            child_job_s_sum=round(busy, 1),
            worker_cpu_s=round(worker_cpu, 1),
            loadavg_1min=[round(load_before, 1), round(load_after, 1)],
        )
    emit(
        "national_plan_speedup_2_workers",
        round(times[1] / times[2], 2),
        "x",
        target=1.6,
        cores=os.cpu_count(),
        scope=where,
    )


def _median_ms(client, url: str, n: int) -> tuple[float, int, int]:
    """Median wall time of `n` GETs (after one unmeasured warm-up), the status and the body size."""
    response = client.get(url)
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1), response.status_code, len(response.content)


def bench_rollup(args, karoops, mabes_ops) -> None:
    """The roll-up aggregate (full build and incremental) and the Polda/Mabes roll-up pages and API."""
    import national_data as nd
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        from siaga.command.figures import figures_refresh
        from siaga.command.models import PolresFigures
    except ImportError as exc:
        for metric, unit in (("rollup_refresh_s", "s"), ("rollup_polda_ms", "ms"), ("rollup_nation_ms", "ms"),
                             ("rollup_incremental_s", "s")):  # fmt: skip
            emit_missing(metric, unit, f"siaga.command.figures.figures_refresh tidak ada ({exc})")
        return
    started = time.perf_counter()
    done = figures_refresh(full=True)
    emit("rollup_refresh_s", round(time.perf_counter() - started, 2), "s", polres=done["refreshed"], full=True)

    try:
        page = reverse("command:rollup")
        api = reverse("api:command_rollup")
    except NoReverseMatch as exc:
        emit_missing("rollup_polda_ms", "ms", f"URL roll-up tidak ada ({exc})")
        emit_missing("rollup_nation_ms", "ms", f"URL roll-up tidak ada ({exc})")
        return
    for metric, user in (("rollup_polda", karoops), ("rollup_nation", mabes_ops)):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        ms, status, size = _median_ms(client, page, args.requests)
        if status != 200:
            emit_missing(f"{metric}_ms", "ms", f"{page} menjawab {status} untuk {user.username}")
        else:
            emit(f"{metric}_ms", ms, "ms", url=page, requests=args.requests, bytes=size, target=1000)
        ms, status, size = _median_ms(client, api, args.requests)
        if status != 200:
            emit_missing(f"{metric}_api_ms", "ms", f"{api} menjawab {status} untuk {user.username}")
        else:
            polres = len(json.loads(client.get(api).content)["polres"])
            emit(f"{metric}_api_ms", ms, "ms", url=api, requests=args.requests, polres=polres, target=1000)
        extra = [("geojson", reverse("command:rollup_geojson"))]
        if metric == "rollup_polda":  # the drill-down into one of its Polres (the most short of personnel)
            worst = PolresFigures.objects.filter(polda=user.unit).order_by("-missing", "name").first()
            if worst is not None:
                extra.append(("polres", reverse("command:polres", args=[worst.unit_id])))
        for name, url in extra:
            ms, status, size = _median_ms(client, url, args.requests)
            if status != 200:
                emit_missing(f"{metric}_{name}_ms", "ms", f"{url} menjawab {status} untuk {user.username}")
            else:
                emit(f"{metric}_{name}_ms", ms, "ms", url=url, requests=args.requests, bytes=size)

    added = nd.reports_add(1000)
    started = time.perf_counter()
    done = figures_refresh()
    emit(
        "rollup_incremental_s",
        round(time.perf_counter() - started, 2),
        "s",
        new_reports=added,
        polres_refreshed=done["refreshed"],
        full=done["full"],
    )


def bench_bko(mabes_ops) -> None:
    """bko_match_s: part A's engine over every Polres short and every giver in the country (through the Mabes
    proposal service, whose engine call is timed), and its objective against the LP optimum on the complete graph."""
    try:
        import siaga.engine.bko as bko_engine
        from siaga.command.services import bko_propose
    except ImportError as exc:
        emit_missing("bko_match_s", "s", f"siaga.engine.bko / siaga.command.services.bko_propose tidak ada ({exc})")
        return
    captured: dict = {}
    original = bko_engine.match

    def timed(demands, supplies, **kwargs):
        started = time.perf_counter()
        result = original(demands, supplies, **kwargs)
        captured.update(seconds=time.perf_counter() - started, demands=demands, supplies=supplies,
                        kwargs=kwargs, result=result)  # fmt: skip
        return result

    bko_engine.match = timed
    try:
        started = time.perf_counter()
        proposals, _ = bko_propose(actor=mabes_ops, scope=None, is_demo=True)
        service_s = time.perf_counter() - started
    finally:
        bko_engine.match = original
    result = captured["result"]
    demands, supplies = captured["demands"], captured["supplies"]
    emit(
        "bko_match_s",
        round(captured["seconds"], 3),
        "s",
        receivers=result.stats.get("demands"),
        givers=result.stats.get("supplies"),
        arcs=result.stats.get("arcs"),
        needed=result.stats.get("needed"),
        spare=result.stats.get("spare"),
        moved=result.moved,
        target=30,
    )
    emit(
        "bko_propose_s",
        round(service_s, 2),
        "s",
        proposals=len(proposals),
        note="the Mabes proposal service: roll-up refresh, engine, writes",
    )
    bound = lp_bound(demands, supplies, moved=result.moved, kwargs=captured["kwargs"])
    if bound is None:
        emit_missing("bko_cost_vs_lp_bound", "x", "LP tidak terselesaikan")
        return
    lp_cost, lp_seconds, full_max = bound
    emit(
        "bko_cost_vs_lp_bound",
        round(result.cost / lp_cost, 4) if lp_cost else None,
        "x",
        engine_cost=result.cost,
        lp_cost=round(lp_cost, 1),
        lp_s=round(lp_seconds, 2),
        moved=result.moved,
        complete_graph_max_moved=full_max,
        note="LP (HiGHS) on every giver x receiver pair, same moved total: a lower bound (1.0 = optimal)",
    )


def lp_bound(demands, supplies, *, moved: int, kwargs: dict):
    """The least objective of moving exactly `moved` officers on the complete bipartite graph (every giver to every
    receiver), as an LP solved by HiGHS: the engine's sparse graph is a subset, so this bounds its cost from below.
    The objective is the engine's stated one (personnel x km x cross-Polda factor, in tenths of a km, +1 per arc
    unit), with distances computed here."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    d = [x for x in demands if x.need > 0]
    s = [x for x in supplies if x.spare > 0]
    if not d or not s or moved <= 0:
        return None
    factor = kwargs.get("cross_border_factor", 1.5)
    lat_s, lon_s = np.radians([x.lat for x in s]), np.radians([x.lon for x in s])
    lat_d, lon_d = np.radians([x.lat for x in d]), np.radians([x.lon for x in d])
    dlat = lat_d[None, :] - lat_s[:, None]
    dlon = lon_d[None, :] - lon_s[:, None]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat_s)[:, None] * np.cos(lat_d)[None, :] * np.sin(dlon / 2) ** 2
    km = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    cross = np.array([x.group for x in s])[:, None] != np.array([x.group for x in d])[None, :]
    cost = np.rint(km * np.where(cross, factor, 1.0) * 10) + 1
    ns, nd_ = len(s), len(d)
    idx = np.arange(ns * nd_)
    rows = np.concatenate([idx // nd_, ns + idx % nd_])
    a_ub = coo_matrix((np.ones(2 * ns * nd_), (rows, np.concatenate([idx, idx]))), shape=(ns + nd_, ns * nd_))
    b_ub = np.array([x.spare for x in s] + [x.need for x in d], dtype=float)
    started = time.perf_counter()
    res = linprog(cost.ravel(), A_ub=a_ub.tocsr(), b_ub=b_ub, A_eq=np.ones((1, ns * nd_)), b_eq=[moved],
                  bounds=(0, None), method="highs")  # fmt: skip
    seconds = time.perf_counter() - started
    if res.status != 0:
        return None
    return float(res.fun), seconds, int(min(sum(x.spare for x in s), sum(x.need for x in d)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="siaga_bench_national")
    parser.add_argument("--size", choices=sorted(SIZES), default="national")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--reuse", action="store_true", default=True, help="keep a complete build (default)")
    group.add_argument("--fresh", action="store_true", help="drop the bench database and build again")
    parser.add_argument("--build-only", action="store_true", help="build (or reuse) and stop")
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--plan-scope", default="all", help="'all' or a Polda code suffix, e.g. polda-35")
    parser.add_argument("--plan-timeout", type=float, default=1800.0)
    parser.add_argument("--requests", type=int, default=15, help="measured requests per roll-up URL")
    parser.add_argument("--skip", default="", help="comma list of sections to leave out: plans,rollup,bko")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    database_prepare(args.db, fresh=args.fresh)
    with BenchRedis(args.redis_port) as redis_server:
        os.environ["SIAGA_REDIS_URL"] = redis_server.url  # the bench enqueues on the same queue as its workers
        setup_django(args.db)
        build_or_reuse(args)
        if args.build_only:
            return
        from siaga.command.figures import figures_refresh

        karoops, mabes_ops = bench_users()
        # a fresh aggregate first, so that the workers' start-up housekeeping has nothing to rebuild mid-run
        figures_refresh(full=True)
        sections = (
            (
                "plans",
                lambda: bench_plans(args, redis_server.url),
                ["national_plan_s", "national_plan_speedup_2_workers"],
            ),
            ("rollup", lambda: bench_rollup(args, karoops, mabes_ops), ["rollup_polda_ms", "rollup_nation_ms"]),
            ("bko", lambda: bench_bko(mabes_ops), ["bko_match_s"]),
        )
        for name, run, metrics in sections:
            if name in skip:
                continue
            try:
                run()
            except Exception as exc:  # noqa: BLE001 - one section failing must not hide the others' figures
                log(f"bagian {name} gagal: {exc!r}")
                for metric in metrics:
                    emit_missing(metric, "", f"bagian {name} gagal: {type(exc).__name__}: {str(exc)[:300]}")


if __name__ == "__main__":
    main()
