"""Jobs on Redis: Django 6's tasks framework on RQ, switched on by SIAGA_REDIS_URL.

The worker side is django-tasks-rq's (0.12): its RQ job class (`django_tasks_rq.Job`) runs a Django 6
`django.tasks.Task` as it is (`django_tasks_rq.compat`), with its success/failure callbacks. Its *backend* cannot be
used with Django 6 as it is: it subclasses the django-tasks backport's `BaseTaskBackend`, whose `task_class` is the
backport's `Task`, so Django 6's `@task` (which asks the configured backend for its `task_class`) would make every
Siaga task a backport Task, unknown to any other Django 6 backend (the database queue used as the fallback) and to
Django's own `task_backends`. `RQBackend` below is therefore the thinnest adapter: a Django 6 backend whose
`enqueue` is the package's (same RQ job, job class, callbacks and meta), nothing more. The queue is RQ's; nothing
here is a queue of Siaga's own. Around it Siaga adds only what the packages leave to the installation:

- `SiagaQueue`: the RQ queue class (RQ_QUEUES' QUEUE_CLASS) giving every job `Retry(max=SIAGA_TASKS_RETRIES)`,
  so a job whose worker died is run again by RQ itself (the runners are idempotent: a plan is written in one
  transaction, a retry replaces the same version's rows);
- `reclaim_abandoned()`: RQ notices a dead worker only when its heartbeat expires (a minute or more) and looks
  only every ten minutes. A worker starting on a machine, and every worker's housekeeping every few seconds
  (`rq_maintenance`), looks at the jobs RQ still counts as started by a worker of *this* machine whose process is
  gone and hands them to RQ's own clean-up at once (which retries them); jobs of workers that died on another
  machine go back when their heartbeat expires (about 90 s).
- `run_worker()`: what `siaga worker` runs on an RQ installation: an RQ worker (one work-horse process per job)
  and, in a thread, Siaga's database worker loop for the housekeeping chores and the database fallback queue.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import time

import django_rq
from django.conf import settings
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TASK_MAX_PRIORITY, TaskResult, TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.tasks.signals import task_enqueued
from django.utils.crypto import get_random_string
from django_rq.queues import DjangoRQ
from django_tasks_rq import Job as TaskJob
from django_tasks_rq.backend import failed_callback, success_callback
from rq import Retry, Worker
from rq.exceptions import NoSuchJobError
from rq.job import Callback, JobStatus
from rq.registry import StartedJobRegistry

log = logging.getLogger(__name__)
QUEUE_NAMES = ("default",)


class RQBackend(BaseTaskBackend):
    """A Django 6 task backend putting tasks on RQ exactly as django-tasks-rq's backend does."""

    supports_defer = True
    supports_get_result = True
    supports_priority = True

    def __init__(self, alias, params):
        super().__init__(alias, params)
        if "QUEUES" not in params:
            self.queues = set(settings.RQ_QUEUES)

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        queue = django_rq.get_queue(task.queue_name, job_class=TaskJob)
        job = queue.create_job(
            task.module_path,
            args=result.args,
            kwargs=result.kwargs,
            job_id=result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
        )
        if task.run_after is None:
            job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id):
        try:
            return TaskJob.fetch(result_id, connection=connection()).task_result
        except NoSuchJobError:
            raise TaskResultDoesNotExist(result_id) from None


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


def requeue_lost(*, older_than: float | None = None) -> list[int]:
    """Jobs still queued in the database whose RQ job Redis no longer has (Redis restarted without persistence)
    are queued again; their ids. A job RQ still holds, or one already running, is left alone."""
    from django.utils import timezone

    from siaga.core.jobs import run_job
    from siaga.core.models import Job
    from siaga.core.taskqueue import TASK_ID_KEY, enqueue

    age = settings.SIAGA_TASKS_REQUEUE_AFTER if older_than is None else older_than
    stale = Job.objects.filter(
        status=Job.Status.QUEUED, created_at__lt=timezone.now() - dt.timedelta(seconds=age), result__has_key=TASK_ID_KEY
    )
    conn, requeued = connection(), []
    for job in stale.order_by("pk")[:500]:
        if conn.exists(TaskJob.key_for(job.result[TASK_ID_KEY])):
            continue
        log.warning("pekerjaan #%s hilang dari Redis: diantrekan lagi", job.pk)
        enqueue(run_job, job, "default")
        requeued.append(job.pk)
    return requeued


_last_requeue = float("-inf")


def rq_maintenance() -> list[str]:
    """Housekeeping of every RQ worker (every few seconds, not RQ's own ten minutes): jobs of dead workers of this
    machine at once, and those whose worker's heartbeat expired anywhere, go back to RQ (retried); once a minute,
    jobs Redis lost are queued again."""
    global _last_requeue
    reclaimed = reclaim_abandoned()
    for queue in queues():
        StartedJobRegistry(queue=queue).cleanup()
    if time.monotonic() - _last_requeue >= 60:
        _last_requeue = time.monotonic()
        requeue_lost()
    return reclaimed


def run_worker(*, burst: bool = False, housekeeping_every: float = 5.0, name: str | None = None) -> None:
    """An RQ worker for Siaga's queues, with the database loop (housekeeping, fallback queue) in a thread.

    Redis unreachable (at start or later): the database loop goes on alone (the fallback queue, the housekeeping)
    and the RQ worker starts again once Redis answers; SIGTERM/SIGINT stop both, a running task finishing first."""
    from django.db import connections
    from django.utils.module_loading import autodiscover_modules
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    from siaga.core.housekeeping import housekeeping_register
    from siaga.core.management.commands.worker import SiagaWorker

    # RQ forks a work-horse per job: what the runners import lazily (services, the engine with NumPy/SciPy/OR-Tools)
    # is imported here once, so that each horse inherits it instead of importing it again for every job.
    autodiscover_modules("services", "selectors", register_to=None)
    housekeeping_register("core.rq_maintenance", rq_maintenance)
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
    stopping = threading.Event()

    def stop(signum, frame):
        stopping.set()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    warned = False
    try:
        while not stopping.is_set():
            if not redis_alive():
                if burst:
                    break
                if not warned:
                    log.warning("Redis tidak dapat dihubungi: hanya antrean basis data yang dijalankan sampai kembali")
                    warned = True
                stopping.wait(2.0)
                continue
            warned = False
            for sig, handler in previous.items():  # RQ's own warm/cold shutdown while it works
                signal.signal(sig, handler)
            try:
                reclaim_abandoned()
                worker = django_rq.get_worker(*QUEUE_NAMES, job_class=TaskJob, queue_class=SiagaQueue, name=name)
                connections.close_all()  # nothing of the parent's connections is shared with a work-horse
                worker.work(burst=burst, logging_level=logging.getLevelName(log.getEffectiveLevel()))
                break  # burst done, or RQ was told to stop
            except (RedisConnectionError, RedisTimeoutError) as exc:
                log.warning("pekerja RQ terputus dari Redis (%s); menunggu Redis kembali", exc)
                name = None  # a new registration once Redis is back
            finally:
                previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if not burst:  # a burst's database loop ends by itself once its queue is empty
            db_loop.running = False
        side.join(timeout=None if burst else 300)
