"""Benchmark of the Polda planning fan-out on RQ (issue #15 part B), small enough for a development machine.

    .venv/bin/python bench/fanout.py [--polres 8] [--tps 1600] [--officers 400]

Builds a synthetic Polda (N Polres, each with its Pilkada, TPS spread over 2 Polsek and 6 desa, officers at the
Polsek and the Polres) in a fresh PostgreSQL database (postgres://postgres@127.0.0.1:5432/siaga_bench_fanout_<pid>,
PostgreSQL at SIAGA_BENCH_PG; dropped at the end), starts a Redis of its own on a free port, and measures:

- ``sequential_inprocess_s`` (the baseline, same run, same data): every Polres plan computed one after the other
  in this process by the shared service (`deployment_plan_compute`), no queue at all;
- ``fanout_plan_s`` with 1 and with 2 ``siaga worker`` processes (RQ): wall time from
  `siaga.deployment.fanout.plan_run_national` until the parent job is done (workers started and registered
  before the clock starts); each run makes a new plan version per Polres;
- ``fanout_speedup_2_workers`` = t(1) / t(2) and ``fanout_overhead_1_worker`` = t(1) / sequential.

One JSON object per line: {"metric", "value", "unit", ...}. On a shared 2-core machine the 2-worker figure depends
on what else runs; the 1-minute load average is printed beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = os.environ.get("SIAGA_BENCH_PG", "127.0.0.1:5432")


def emit(metric: str, value, unit: str, **extra) -> None:
    print(json.dumps({"metric": metric, "value": value, "unit": unit, **extra}), flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql(sql: str) -> None:
    host, port = PG.split(":")
    subprocess.run(["psql", "-h", host, "-p", port, "-U", "postgres", "-qc", sql, "postgres"], check=True)


def build(n_polres: int, tps: int, officers: int):
    from siaga.elections.models import Election, Operation
    from siaga.personnel.models import Personnel
    from siaga.regions.models import Region
    from siaga.stations.models import Station
    from siaga.units.models import Unit

    prov = Region.objects.create(code="99", name="Provinsi Uji", level=1, kind="provinsi", lat=-7.5, lon=112.5)
    polda = Unit.objects.create(code="polda-uji", name="Polda Uji", kind="polda", lat=-7.5, lon=112.5)
    polda.regions.set([prov])
    elections, nrp = [], 90000000
    for i in range(n_polres):
        lat0, lon0 = -7.0 - (i % 6) * 0.4, 111.0 + (i // 6) * 0.5
        kab = Region.objects.create(code=f"99.{i + 1:02d}", name=f"Kabupaten Uji {i + 1}", level=2,
                                    kind="kabupaten", parent=prov, lat=lat0, lon=lon0)  # fmt: skip
        polres = Unit.objects.create(code=f"polres-uji-{i + 1}", name=f"Polres Uji {i + 1}", kind="polres",
                                     parent=polda, lat=lat0, lon=lon0)  # fmt: skip
        polres.regions.set([kab])
        election = Election.objects.create(name=f"Pilkada Uji {i + 1}", type="pilkada", unit=polres,
                                           voting_day=dt.date(2029, 11, 28))  # fmt: skip
        election.regions.set([kab])
        elections.append(election)
        stations, people = [], []
        for k in range(2):
            kec = Region.objects.create(code=f"99.{i + 1:02d}.{k + 1:02d}", name=f"Kecamatan {i + 1}-{k + 1}",
                                        level=3, kind="kecamatan", parent=kab, lat=lat0 + k * 0.08,
                                        lon=lon0 + k * 0.08)  # fmt: skip
            polsek = Unit.objects.create(code=f"polsek-uji-{i + 1}-{k + 1}", name=f"Polsek Uji {i + 1}-{k + 1}",
                                         kind="polsek", parent=polres, lat=kec.lat, lon=kec.lon)  # fmt: skip
            polsek.regions.set([kec])
            for d in range(3):
                desa = Region.objects.create(code=f"99.{i + 1:02d}.{k + 1:02d}.{2001 + d}", name=f"Desa {d + 1}",
                                             level=4, kind="desa", parent=kec, lat=kec.lat + d * 0.02,
                                             lon=kec.lon + d * 0.02)  # fmt: skip
                per_desa = tps // 6
                stations += [
                    Station(
                        election=election,
                        desa=desa,
                        unit=polsek,
                        number=n + 1,
                        address=f"Jl. Uji {n + 1}",
                        lat=desa.lat + (n % 10) / 400,
                        lon=desa.lon + (n // 10) / 400,
                        voters_male=200,
                        voters_female=210,
                        category=("kurang_rawan", "rawan", "sangat_rawan")[n % 3],
                    )  # fmt: skip
                    for n in range(per_desa)
                ]
            for j in range(officers * 2 // 5):
                nrp += 1
                people.append(Personnel(nrp=str(nrp), name=f"Personel {nrp}", rank="brigpol", unit=polsek,
                                        home_lat=polsek.lat + j / 4000, home_lon=polsek.lon))  # fmt: skip
        for j in range(officers - len(people)):
            nrp += 1
            people.append(Personnel(nrp=str(nrp), name=f"Personel {nrp}", rank="brigpol", unit=polres,
                                    home_lat=lat0 + j / 4000, home_lon=lon0))  # fmt: skip
        Station.objects.bulk_create(stations, batch_size=1000)
        Personnel.objects.bulk_create(people, batch_size=1000)
    operation = Operation.objects.create(name="Ops Mantap Praja Uji", unit=polda, start=dt.date(2029, 9, 1),
                                         end=dt.date(2029, 12, 31))  # fmt: skip
    operation.elections.set(elections)
    return operation


def sequential(operation) -> float:
    from siaga.core import access
    from siaga.deployment.services import deployment_plan_compute, deployment_plan_create

    started = time.perf_counter()
    for election in operation.elections.select_related("unit").order_by("pk"):
        plan = deployment_plan_create(user=access.SYSTEM, operation=operation, election=election)
        deployment_plan_compute(plan=plan)
    return time.perf_counter() - started


def fanout(operation, workers: int, env: dict, logdir: str) -> tuple[float, dict]:
    import django_rq
    from rq import Worker

    from siaga.core import access
    from siaga.core.models import Job
    from siaga.deployment.fanout import plan_run_national

    conn = django_rq.get_connection("default")
    procs = []
    for i in range(workers):
        log = open(f"{logdir}/worker-{workers}-{i}.log", "w")  # noqa: SIM115
        procs.append(subprocess.Popen([sys.executable, "-m", "siaga.cli", "worker", "--housekeeping", "60"],
                                      cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                      start_new_session=True))  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while len(Worker.all(connection=conn)) < workers:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError(f"pekerja RQ tidak berjalan (lihat {logdir})")
            time.sleep(0.1)
        load = os.getloadavg()[0]
        started = time.perf_counter()
        job = plan_run_national(user=access.SYSTEM, operation=operation)
        while not Job.objects.filter(pk=job.pk, status__in=[Job.Status.DONE, Job.Status.FAILED]).exists():
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        job.refresh_from_db()
        if job.status != Job.Status.DONE:
            raise RuntimeError(job.message)
        children = Job.objects.filter(pk__gt=job.pk, kind="deployment.plan_part")
        in_jobs = sum((c.finished_at - c.started_at).total_seconds() for c in children)
        edges = sorted([(c.started_at, 1) for c in children] + [(c.finished_at, -1) for c in children])
        running = most = 0
        for _, step in edges:
            running += step
            most = max(most, running)
        return elapsed, {
            "plans": job.total,
            "child_job_s_sum": round(in_jobs, 2),
            "max_children_at_once": most,
            "load_1min_before": round(load, 2),
        }
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polres", type=int, default=8)
    parser.add_argument("--tps", type=int, default=1600, help="TPS per Polres (national mean ~1,630)")
    parser.add_argument("--officers", type=int, default=400, help="personnel per Polres (national mean ~410)")
    args = parser.parse_args()

    db = f"siaga_bench_fanout_{os.getpid()}"
    port = free_port()
    redis_proc = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
                                   "127.0.0.1", "--save", "", "--appendonly", "no"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    psql(f"CREATE DATABASE {db}")
    host, pg_port = PG.split(":")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIAGA_")}
    env.update(SIAGA_TESTING="1", SIAGA_DATABASE_URL=f"postgres://postgres@{host}:{pg_port}/{db}",
               SIAGA_REDIS_URL=f"redis://127.0.0.1:{port}/0", SIAGA_LOG_LEVEL="ERROR",
               DJANGO_SETTINGS_MODULE="config.settings")  # fmt: skip
    for key in [k for k in os.environ if k.startswith("SIAGA_")]:
        del os.environ[key]
    os.environ.update(env)
    logdir = tempfile.mkdtemp(prefix="siaga-bench-fanout-")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        operation = build(args.polres, args.tps, args.officers)
        shape = {"polres": args.polres, "tps_per_polres": args.tps, "officers_per_polres": args.officers}
        base = sequential(operation)
        emit("sequential_inprocess_s", round(base, 2), "s", **shape)
        connections.close_all()
        t1, info1 = fanout(operation, 1, env, logdir)
        emit("fanout_plan_s", round(t1, 2), "s", workers=1, **info1)
        t2, info2 = fanout(operation, 2, env, logdir)
        emit("fanout_plan_s", round(t2, 2), "s", workers=2, **info2)
        emit("fanout_speedup_2_workers", round(t1 / t2, 2), "x", cores=os.cpu_count())
        emit("fanout_overhead_1_worker", round(t1 / base, 2), "x", note="1 worker on RQ / in-process sequential")
        shutil.rmtree(logdir, ignore_errors=True)  # kept only when a run failed (the workers' logs)
    finally:
        from django.db import connections

        connections.close_all()
        redis_proc.terminate()
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


if __name__ == "__main__":
    main()
