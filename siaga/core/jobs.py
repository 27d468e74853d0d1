"""Background jobs: a persisted Job row plus a task on Django's tasks framework (database-backed queue).

A runner is registered by reference under one name, "<app_label>.<verb>" ("stations.import", "risk.recompute"):

    @job_runner("patrols.plan")
    def run_patrol_plan(job, *, plan_id) -> dict: ...

    job_enqueue(runner=run_patrol_plan, title=..., params={"plan_id": 7}, user=user)

A runner is a function `runner(job, **params) -> dict`, or a class with a `run(self, job, **params)` method (the
import framework's importers). It reports progress with `job.report_progress(...)` and returns the result to
store; runners call services and hold no logic. Runners live in `<app>/jobs.py`, which core discovers at start-up;
the worker resolves the stored name through this registry only, never by importing a dotted path from the
database. The job's message and error rows are capped (count and length), so a hostile file cannot bloat them.
"""

import logging
import re
from collections.abc import Callable

from django.db import transaction
from django.tasks import task

from siaga.core.fanout import is_pending
from siaga.core.models import Job
from siaga.core.taskqueue import enqueue as queue_put
from siaga.core.taskqueue import queue_check

log = logging.getLogger(__name__)

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
MAX_ERRORS = 500  # error rows stored on a job
MAX_ERROR_TEXT = 300  # characters per message (and per column name / row label)
MAX_MESSAGE = 300

_RUNNERS: dict[str, object] = {}


class JobError(Exception):
    """An expected failure with a message for the user (Bahasa Indonesia) and optional detail rows."""

    def __init__(self, message: str, errors: list | None = None):
        super().__init__(message)
        self.errors = errors or []


def job_runner(name: str) -> Callable:
    """Register a runner (function or class with `run`) under "<app_label>.<verb>"."""
    if not NAME_RE.match(name):
        raise ValueError(f"job runner name {name!r} must be '<app_label>.<verb>'")

    def register(target):
        existing = _RUNNERS.get(name)
        if existing is not None and _qualname(existing) != _qualname(target):
            raise ValueError(f"job runner {name!r} is already registered to {_qualname(existing)}")
        _RUNNERS[name] = target
        target.job_name = name
        return target

    return register


def _qualname(target) -> str:
    return f"{target.__module__}.{target.__qualname__}"


def runner_get(name: str):
    """The registered runner for a stored name, or None."""
    return _RUNNERS.get(name)


def runner_names() -> list[str]:
    return sorted(_RUNNERS)


def runner_name(runner) -> str:
    name = getattr(runner, "job_name", None)
    if name is None or _RUNNERS.get(name) is not runner:
        raise ValueError(f"{runner!r} is not a registered job runner (decorate it with @job_runner)")
    return name


def job_enqueue(*, runner, title: str, params: dict, user=None, unit=None) -> Job:
    """Create the job (kind = the runner's registered name) and queue it once the transaction commits.

    With Redis configured and unreachable this refuses before writing anything (core.taskqueue.QueueUnavailable,
    503), or uses the database queue when SIAGA_TASKS_FALLBACK=db."""
    name = runner_name(runner)
    alias = queue_check()
    job = Job.objects.create(
        kind=name,
        title=title[:200],
        params={"runner": name, **params},
        created_by=user,
        unit=unit or getattr(user, "unit", None),
    )
    transaction.on_commit(lambda: queue_put(run_job, job, alias))
    return job


def _cap_text(value) -> str:
    text = str(value if value is not None else "")
    return text if len(text) <= MAX_ERROR_TEXT else text[: MAX_ERROR_TEXT - 1] + "…"


def errors_capped(errors: list) -> list:
    """At most MAX_ERRORS rows, every value cut to MAX_ERROR_TEXT characters."""
    capped = []
    for error in errors[:MAX_ERRORS]:
        if isinstance(error, dict):
            capped.append({key: v if isinstance(v, int) else _cap_text(v) for key, v in list(error.items())[:5]})
        else:
            capped.append(_cap_text(error))
    if len(errors) > MAX_ERRORS:
        more = len(errors) - MAX_ERRORS
        capped.append({"row": "", "column": "", "message": f"… dan {more} kesalahan lain tidak ditampilkan."})
    return capped


def job_execute(job: Job) -> Job:
    params = dict(job.params)
    name = params.pop("runner", job.kind)
    runner = runner_get(name)
    if runner is None:
        job.mark(Job.Status.FAILED, message=f"Jenis pekerjaan '{_cap_text(name)[:60]}' tidak dikenal."[:MAX_MESSAGE])
        return job
    job.mark(Job.Status.RUNNING, message="Berjalan…")
    try:
        result = (runner().run(job, **params) if isinstance(runner, type) else runner(job, **params)) or {}
    except JobError as exc:
        job.mark(Job.Status.FAILED, message=_cap_text(exc)[:MAX_MESSAGE], errors=errors_capped(exc.errors))
    except Exception:  # noqa: BLE001 - any crash must end the job visibly, never silently
        log.exception("job %s (%s) failed", job.pk, name)
        message = f"Kesalahan sistem: pekerjaan #{job.pk} dihentikan. Laporkan nomor ini kepada administrator."
        job.mark(Job.Status.FAILED, message=message)
    else:
        if is_pending(result):  # a fan-out parent: its children finish it (core.fanout)
            return job
        message = result.pop("message", "Selesai")
        job.mark(Job.Status.DONE, message=_cap_text(message)[:MAX_MESSAGE], result=result)
    return job


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    job_execute(job)
