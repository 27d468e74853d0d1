"""Background jobs: a persisted Job row plus a task on Django's tasks framework (database-backed queue).

A runner is a plain function `runner(job, **params) -> dict` that reports progress with
`job.report_progress(...)` and returns the result to store. Runners call services; they hold no logic.
"""

import logging
import traceback

from django.db import transaction
from django.tasks import task
from django.utils.module_loading import import_string

from siaga.core.models import Job

log = logging.getLogger(__name__)


class JobError(Exception):
    """An expected failure with a message for the user (Bahasa Indonesia) and optional detail rows."""

    def __init__(self, message: str, errors: list | None = None):
        super().__init__(message)
        self.errors = errors or []


def job_enqueue(*, kind: str, title: str, runner: str, params: dict, user=None, unit=None) -> Job:
    job = Job.objects.create(
        kind=kind,
        title=title,
        params={"runner": runner, **params},
        created_by=user,
        unit=unit or getattr(user, "unit", None),
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_execute(job: Job) -> Job:
    params = dict(job.params)
    runner = import_string(params.pop("runner"))
    job.mark(Job.Status.RUNNING, message="Berjalan…")
    try:
        result = runner(job, **params) or {}
    except JobError as exc:
        job.mark(Job.Status.FAILED, message=str(exc)[:300], errors=exc.errors[:1000])
    except Exception as exc:  # noqa: BLE001 - any crash must end the job visibly, never silently
        log.exception("job %s failed", job.pk)
        job.mark(Job.Status.FAILED, message=f"Kesalahan sistem: {exc}"[:300], errors=[traceback.format_exc()[-2000:]])
    else:
        job.mark(Job.Status.DONE, message=result.pop("message", "Selesai"), result=result)
    return job


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    job_execute(job)
