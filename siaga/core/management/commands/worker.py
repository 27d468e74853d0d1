"""`siaga worker`: django-tasks-db's database worker, kept alive through database faults, with housekeeping.

The package's worker loop exits on the first OperationalError that is not a locked SQLite database (a restarted
PostgreSQL, a terminated backend). This worker takes and runs tasks the same way (the package's queue query,
claim and run_task), each step under a DbFaultGuard, and between tasks runs the registered housekeeping chores
(siaga.core.housekeeping: the sweep of reports still waiting for triage) at most once per --housekeeping
seconds.

On an installation with Redis (SIAGA_REDIS_URL, TASKS on siaga.core.tasks_rq) the same command runs an RQ worker
instead (siaga.core.tasks_rq.run_worker), with this loop in a thread for the housekeeping and the database fallback
queue: start it on as many machines as needed."""

from __future__ import annotations

import logging
import os
import random
import time

from django.core.management.base import CommandError
from django.db import OperationalError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from siaga.core.dbfaults import FAULT, DbFaultGuard, connections_drop, is_transient
from siaga.core.housekeeping import housekeeping_run

logger = logging.getLogger("django_tasks_db")


class SiagaWorker(Worker):
    def __init__(self, *, housekeeping_every: float, **kwargs):
        super().__init__(**kwargs)
        self.housekeeping_every = housekeeping_every
        self._housekeeping_at = float("-inf")
        self.guard = DbFaultGuard("siaga worker")

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads the start of several workers
        while self.running:
            ran = self.guard.call(self.step)
            if ran is FAULT:
                continue
            if self.batch and not ran:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and not ran:
                time.sleep(self.interval)

    def step(self) -> bool:
        """One task if one is ready, then the housekeeping when due; whether a task ran."""
        close_old_connections()
        task_result = self.take()
        if task_result is not None:
            self.run_task(task_result)
        now = time.monotonic()
        if now - self._housekeeping_at >= self.housekeeping_every:
            self._housekeeping_at = now
            housekeeping_run()
        close_old_connections()
        return task_result is not None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """The package's run_task, except that a task whose outcome could not be written because the connection
        dropped is recorded as failed on a fresh connection instead of staying claimed and "running" for ever."""
        try:
            super().run_task(db_task_result)
        except Exception as exc:
            if not is_transient(exc):
                raise
            connections_drop()
            try:
                db_task_result.set_failed(exc)
            except Exception:  # noqa: BLE001 - the database is still away; the guard backs off and logs it
                logger.warning("Task id=%s: hasilnya belum dapat dicatat (basis data terputus).", db_task_result.id)
            raise

    def take(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)  # no other worker runs it
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
                return None  # SQLite busy: try again next round
        return task_result


class Command(DbWorkerCommand):
    help = (
        "Jalankan pekerjaan latar (impor, rencana) dari antrean basis data, dan tugas rutin di sela-selanya "
        "(triase laporan yang tertunda). Tetap berjalan bila koneksi basis data terputus: menyambung ulang."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        from siaga.core.taskqueue import FALLBACK_ALIAS, uses_rq

        if uses_rq():  # the database loop then serves the fallback queue ("default" is RQ's)
            parser.set_defaults(backend_name=FALLBACK_ALIAS)
        parser.add_argument(
            "--housekeeping", type=float, default=5.0, help="jalankan tugas rutin paling sering tiap N detik"
        )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, housekeeping=5.0, **options) -> None:  # fmt: skip
        self.configure_logging(verbosity)
        from siaga.core.taskqueue import uses_rq

        if uses_rq():
            from siaga.core.tasks_rq import run_worker

            run_worker(burst=batch, housekeeping_every=housekeeping, name=worker_id)
            return
        if reload and batch:
            reload = False
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_name.split(","):
            raise CommandError("--exclude-queues hanya dapat dipakai bersama --queue-name=*")
        worker = SiagaWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
            housekeeping_every=housekeeping,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
