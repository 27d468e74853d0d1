"""Jobs on Redis: Django's tasks framework with django-tasks-rq's backend (RQ), switched on by SIAGA_REDIS_URL.

django-tasks-rq 0.12 works with Django 6's built-in `django.tasks` as it is: its RQ job accepts a `django.tasks`
Task (`django_tasks_rq.compat`), and Django loads its backend from TASKS (checked in tests/scale). Siaga adds only
what the package leaves to the installation:

- `RQBackend`: the package's backend (kept as a subclass so that settings name one Siaga path);
- `SiagaQueue`: the RQ queue class (RQ_QUEUES' QUEUE_CLASS) giving every job `Retry(max=SIAGA_TASKS_RETRIES)`,
  so a job whose worker died is run again by RQ itself (the runners are idempotent: a plan is written in one
  transaction, a retry replaces the same version's rows);
- `reclaim_abandoned()`: RQ notices a dead worker only when its heartbeat expires (a minute or more). A worker
  starting on a machine looks at the jobs RQ still counts as started by a worker of *this* machine whose process
  is gone, and hands them to RQ's own clean-up at once (which retries them). Workers that died on another machine
  are still retried by RQ after the heartbeat expiry.
- `run_worker()`: what `siaga worker` runs on an RQ installation: an RQ worker (one work-horse process per job)
  and, in a thread, Siaga's database worker loop for the housekeeping chores and the database fallback queue.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

import django_rq
from django.conf import settings
from django_rq.queues import DjangoRQ
from django_tasks_rq import Job as TaskJob
from django_tasks_rq import RQBackend as _PackageBackend
from rq import Retry, Worker
from rq.registry import StartedJobRegistry

log = logging.getLogger(__name__)
QUEUE_NAMES = ("default",)


class RQBackend(_PackageBackend):
    """django-tasks-rq's backend under Siaga's path (TASKS["default"]["BACKEND"])."""


class SiagaQueue(DjangoRQ):
    def create_job(self, *args, retry: Retry | None = None, **kwargs):
        if retry is None:
            retries = int(getattr(settings, "SIAGA_TASKS_RETRIES", 3))
            retry = Retry(max=retries) if retries > 0 else None
        return super().create_job(*args, retry=retry, **kwargs)


def connection():
    return django_rq.get_connection(QUEUE_NAMES[0])


def redis_alive() -> bool:
    try:
        return bool(connection().ping())
    except Exception:  # noqa: BLE001 - any connection error means: not reachable now
        return False


def queues() -> list[DjangoRQ]:
    return [django_rq.get_queue(name, job_class=TaskJob) for name in QUEUE_NAMES]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reclaim_abandoned() -> list[str]:
    """Jobs started by a dead worker of this machine go back to RQ's clean-up now (retried if retries are left);
    the ids handled."""
    conn = connection()
    host = socket.gethostname()
    workers = {w.name: w for w in Worker.all(connection=conn)}
    reclaimed = []
    for queue in queues():
        registry = StartedJobRegistry(queue=queue)
        for job_id in registry.get_job_ids(cleanup=False):
            job = queue.fetch_job(job_id)
            worker = workers.get(job.worker_name) if job is not None and job.worker_name else None
            if job is None or worker is None:
                continue
            if worker.hostname != host or not worker.pid or _pid_alive(worker.pid):
                continue
            # Expire the entry (and the dead worker), then let RQ handle it as it would after the heartbeat.
            members = [m for m in conn.zrange(registry.key, 0, -1) if m.decode().split(":")[0] == job_id]
            if members:
                conn.zadd(registry.key, dict.fromkeys(members, 0))
            worker.register_death()
            reclaimed.append(job_id)
        if reclaimed:
            registry.cleanup()
    if reclaimed:
        log.warning("pekerjaan dari worker yang mati diulang: %s", ", ".join(reclaimed))
    return reclaimed


def run_worker(*, burst: bool = False, housekeeping_every: float = 5.0, name: str | None = None) -> None:
    """An RQ worker for Siaga's queues, with the database loop (housekeeping, fallback queue) in a thread."""
    from django.db import connections

    from siaga.core.management.commands.worker import SiagaWorker

    reclaim_abandoned()
    side = None
    if "db" in settings.TASKS:
        db_loop = SiagaWorker(
            queue_names=["default"],
            interval=1.0,
            batch=burst,
            backend_name="db",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}-db",
            excluded_queue_names=[],
            housekeeping_every=housekeeping_every,
        )
        side = threading.Thread(target=db_loop.run, name="siaga-db-worker", daemon=True)
        side.start()
    worker = django_rq.get_worker(*QUEUE_NAMES, job_class=TaskJob, queue_class=SiagaQueue, name=name)
    connections.close_all()  # nothing of the parent's connections is shared with a work-horse
    worker.work(burst=burst, logging_level=logging.getLevelName(log.getEffectiveLevel()))
    if side is not None and burst:
        side.join()
