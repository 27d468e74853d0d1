"""A job that fans out into child jobs and is finished by them (a Polda or national planning run: one child per
Polres), without holding a worker while it waits.

The parent's runner writes the children and `fanout_begin()` in one transaction, enqueues the children (on commit)
and returns `fanout_pending()`: `core.jobs.job_execute` then leaves the parent running. Each child calls
`fanout_child_finished(parent_id, key=...)` when it ends, ok or not; the parent's progress is the number of children
finished out of the total, and the last child marks the parent done with a summary. Finishing is idempotent per key
(a child retried after its worker died counts once), under a row lock on the parent.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from siaga.core.models import Job

PENDING_KEY = "_fanout_pending"
MAX_NOTE = 200


def fanout_begin(job: Job, *, total: int, message: str, extra: dict | None = None) -> None:
    """Mark `job` as waiting for `total` children (call inside the transaction that creates them)."""
    result = {"fanout": {"total": total, "done": {}}, **(extra or {})}
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, progress=0, total=total, message=message[:300], result=result
    )
    job.status, job.progress, job.total, job.result = Job.Status.RUNNING, 0, total, result


def fanout_started(job: Job) -> bool:
    """Whether this parent already fanned out (a retried parent must not create its children twice)."""
    job.refresh_from_db(fields=["result"])
    return "fanout" in (job.result or {})


def fanout_pending() -> dict:
    return {PENDING_KEY: True}


def is_pending(result: dict) -> bool:
    return bool(result.get(PENDING_KEY))


def fanout_child_finished(parent_id: int, *, key: str, ok: bool, note: str = "") -> Job | None:
    """Record one child's end; the parent's progress becomes children finished / total, done when all are."""
    return _settle(parent_id, {str(key): {"ok": bool(ok), "note": str(note)[:MAX_NOTE]}})


def fanout_refresh(parent_id: int) -> Job | None:
    """Write the parent's state again from its children's record (a retried parent that was marked running)."""
    return _settle(parent_id, {})


def _settle(parent_id: int, finished_now: dict) -> Job | None:
    with transaction.atomic():
        parent = Job.objects.select_for_update().filter(pk=parent_id).first()
        if parent is None or "fanout" not in (parent.result or {}):
            return None
        fan = parent.result["fanout"]
        fan["done"].update(finished_now)
        finished, total = len(fan["done"]), int(fan["total"])
        fields = {"result": parent.result, "progress": min(finished, total)}
        failed = sum(1 for v in fan["done"].values() if not v["ok"])
        if finished >= total:
            fields["finished_at"] = timezone.now()
            fields["status"] = Job.Status.DONE if failed < total else Job.Status.FAILED
            fields["message"] = f"Selesai: {total - failed} dari {total} bagian berhasil" + (
                f", {failed} gagal (lihat hasil)." if failed else "."
            )
        else:
            fields["status"] = Job.Status.RUNNING
            fields["message"] = f"{finished} dari {total} bagian selesai" + (f" ({failed} gagal)…" if failed else "…")
        Job.objects.filter(pk=parent_id).update(**fields)
        for name, value in fields.items():
            setattr(parent, name, value)
    return parent
