"""Which queue a job goes to, and what happens when that queue cannot be reached.

The embedded default is django-tasks-db's database queue, always there. With SIAGA_REDIS_URL the jobs go to Redis
(RQ through django-tasks-rq, see `siaga.core.tasks_rq`); Redis can then be down:

- before anything is written, `queue_check()` asks Redis (PING, short timeout). Without a fallback the service is
  refused with `QueueUnavailable` (a ServiceError, HTTP 503, message in Bahasa Indonesia) and nothing is written;
  with SIAGA_TASKS_FALLBACK=db the job goes to the database queue instead (`siaga worker` on an RQ installation
  also drains that queue);
- should Redis go away between that check and the commit, the enqueue in `on_commit` falls back the same way, or
  marks the job failed with the reason: a job row is never left "queued" with nothing queued for it;
- should Redis lose what it held (a restart without persistence), the workers' housekeeping puts a job that is
  still queued in the database but unknown to Redis back on the queue (`tasks_rq.requeue_lost`).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse

from siaga.core.errors import ServiceError

log = logging.getLogger(__name__)

FALLBACK_ALIAS = "db"
TASK_ID_KEY = "_task_id"
UNAVAILABLE_MESSAGE = (
    "Antrean pekerjaan latar (Redis) tidak dapat dihubungi, sehingga pekerjaan ini belum dimulai dan tidak ada "
    "yang disimpan. Coba lagi sebentar lagi atau hubungi administrator."
)


class QueueUnavailable(ServiceError):
    def __init__(self, message: str = UNAVAILABLE_MESSAGE):
        super().__init__(message, status=503)


def uses_rq() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.startswith("siaga.core.tasks_rq")


def fallback_enabled() -> bool:
    return getattr(settings, "SIAGA_TASKS_FALLBACK", "") == FALLBACK_ALIAS and FALLBACK_ALIAS in settings.TASKS


def queue_check() -> str:
    """The backend alias a new job should go to; raises QueueUnavailable when there is none."""
    if not uses_rq():
        return "default"
    from siaga.core.tasks_rq import redis_alive

    if redis_alive():
        return "default"
    if fallback_enabled():
        log.warning("Redis tidak dapat dihubungi: pekerjaan masuk antrean basis data (SIAGA_TASKS_FALLBACK=db).")
        return FALLBACK_ALIAS
    raise QueueUnavailable()


def enqueue(task, job, alias: str) -> None:
    """Put `task(job.pk)` on the queue `alias` (called on commit); falls back or marks the job failed."""
    try:
        result = task.using(backend=alias).enqueue(job.pk)
        if alias != FALLBACK_ALIAS and uses_rq():  # for the sweep of jobs Redis lost (tasks_rq.requeue_lost)
            type(job).objects.filter(pk=job.pk, status=job.Status.QUEUED).update(result={TASK_ID_KEY: result.id})
        return
    except Exception as exc:  # noqa: BLE001 - a broker error of any kind: the job must not stay silently queued
        if alias == FALLBACK_ALIAS or not fallback_enabled():
            log.error("pekerjaan #%s tidak dapat diantrekan: %s", job.pk, exc)
            job.mark(job.Status.FAILED, message=UNAVAILABLE_MESSAGE[:300])
            return
        log.warning("pekerjaan #%s: Redis gagal (%s), masuk antrean basis data", job.pk, exc)
    task.using(backend=FALLBACK_ALIAS).enqueue(job.pk)


class QueueUnavailableMiddleware:
    """Pages: a service refused because the queue is down answers 503 with the reason (the API has its own
    ServiceError handler in core.api_errors)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, QueueUnavailable):
            return None
        if getattr(request, "htmx", False):
            return HttpResponse(exception.message, status=503, content_type="text/plain; charset=utf-8")
        return TemplateResponse(
            request, "core/queue_unavailable.html", {"message": exception.message}, status=503
        ).render()
