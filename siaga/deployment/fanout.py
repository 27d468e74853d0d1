"""A Polda or national planning run: one plan version per Polres, computed by one background job each.

Entry points (the bench measures `national_plan_s` through either):

    job = plan_run_national(user=actor, operation=operation, unit=polda_or_none, params={...})
    siaga plan_all --operation <id> [--unit polda-jatim] [--wait]

`plan_run_national` checks the actor and enqueues the parent job ("deployment.plan_all"). Its runner creates a new
draft version for every election of the operation in the unit's subtree (each checked for its Polres by
`deployment_plan_create`: `deployment.plan_all` for a Polda's or Mabes' ops staff, `deployment.change` for a
Polres' own) together with one child job per plan ("deployment.plan_part"), CHUNK Polres
per transaction that also records them in the parent (a retried parent carries on after the last committed chunk; the
children of a chunk start as soon as it commits), and leaves the parent running (core.fanout); a Polres the actor may
not plan counts as a failed part, named in the parent's result. Each child computes its plan with the shared
`deployment_plan_runner` (engine run, then the plan's rows written in one transaction under a row lock) and reports to
the parent: progress = children finished / total. With RQ the children spread over every worker on every machine; a
child whose worker died is retried by RQ and writes the same plan version again (exactly one version per Polres per
run, never half-written), and counts once in the parent.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from siaga.core import access
from siaga.core.fanout import fanout_begin, fanout_child_finished, fanout_pending, fanout_refresh, fanout_started
from siaga.core.jobs import JobError, job_enqueue
from siaga.core.models import Job
from siaga.deployment.jobs import run_deployment_plan_all, run_deployment_plan_part
from siaga.deployment.models import DeploymentPlan
from siaga.deployment.services import (
    PARAM_FIELDS,
    _person,
    deployment_plan_create,
    deployment_plan_runner,
    validate_params,
)


def _elections(user, operation, unit):
    from siaga.elections.models import Election

    elections = operation.elections.all()
    if user is not access.SYSTEM:
        elections = Election.objects.restrict(user).filter(pk__in=elections.values("pk"))
    if unit is not None:
        elections = elections.filter(unit__path__startswith=unit.path)
    return list(elections.select_related("unit").order_by("unit__path", "pk"))


def _permission(user, unit) -> str:
    """A Polda's or Mabes' ops staff plan through "deployment.plan_all"; a Polres' own staff through "change"."""
    return "deployment.plan_all" if access.can(user, "deployment.plan_all", unit=unit) else "deployment.change"


def plan_run_national(*, user, operation, unit=None, params: dict | None = None, note: str = ""):
    """Start planning every Polres of `operation` (within `unit`, a Polda, when given) in parallel; the parent job."""
    if user is None:
        access.require(user, "deployment.change")  # a missing actor is refused, whatever else is given
    scope = unit or (None if user is access.SYSTEM else user.unit)
    if scope is None and user is not access.SYSTEM:
        raise PermissionDenied("Akun Anda tidak terhubung ke satuan mana pun.")
    if scope is not None:
        access.require(user, _permission(user, scope), unit=scope)
    if user is not access.SYSTEM and not type(operation).objects.restrict(user).filter(pk=operation.pk).exists():
        raise PermissionDenied("Operasi ini di luar cakupan satuan Anda.")
    params = {k: v for k, v in (params or {}).items() if k in PARAM_FIELDS and v is not None}
    validate_params(params)
    if not _elections(user, operation, scope):
        raise ValidationError("Tidak ada pemilihan dalam operasi ini di wilayah satuan tersebut.")
    where = scope.name if scope is not None else "seluruh satuan"
    return job_enqueue(
        runner=run_deployment_plan_all,
        title=f"Hitung rencana plotting semua Polres — {operation} ({where})"[:200],
        params={
            "operation_id": operation.pk,
            "unit_id": scope.pk if scope is not None else None,
            "plan_params": params,
            "note": note[:500],
            "system": user is access.SYSTEM,
        },
        user=_person(user),
        unit=scope,
    )


def plan_all_runner(job, *, operation_id: int, unit_id: int | None, plan_params: dict, note: str, system: bool):
    """Parent: draft versions and their child jobs, CHUNK Polres per transaction (their children start while the
    next chunk is written); a retried parent carries on after the chunks already committed."""
    from siaga.elections.models import Operation
    from siaga.units.models import Unit

    user = access.SYSTEM if system else job.created_by
    if user is None:
        raise JobError("Pengguna yang memulai perhitungan ini tidak ada lagi.")
    operation = Operation.objects.get(pk=operation_id)
    unit = Unit.objects.get(pk=unit_id) if unit_id else None
    elections = _elections(user, operation, unit)
    if not elections:
        raise JobError("Tidak ada pemilihan dalam operasi ini di wilayah satuan tersebut.")
    if not fanout_started(job):
        extra = {"plan_ids": [], "refused": [], "elections_done": []}
        fanout_begin(job, total=len(elections), message=f"Menyiapkan {len(elections)} rencana Polres…", extra=extra)
    done = set(job.result.get("elections_done", []))
    pending = [e for e in elections if e.pk not in done]
    for start in range(0, len(pending), CHUNK):
        _plan_chunk(job, user, operation, pending[start : start + CHUNK], plan_params, note)
    fanout_refresh(job.pk)
    return fanout_pending()


CHUNK = 25  # Polres per transaction of the parent


def _plan_chunk(job, user, operation, elections, plan_params: dict, note: str) -> None:
    refused = []
    with transaction.atomic():
        created = []
        for election in elections:
            try:
                plan = deployment_plan_create(
                    user=user,
                    operation=operation,
                    election=election,
                    unit=election.unit,
                    params=plan_params,
                    note=note or "Perhitungan serentak semua Polres",
                    permission=_permission(user, election.unit),
                )
            except (PermissionDenied, ValidationError) as exc:
                refused.append((election, " ".join(getattr(exc, "messages", [str(exc)]))[:200]))
                continue
            child = job_enqueue(
                runner=run_deployment_plan_part,
                title=f"Hitung rencana plotting v{plan.version} — {plan.unit.name}"[:200],
                params={"plan_id": plan.pk, "parent_id": job.pk},
                user=job.created_by,
                unit=plan.unit,
            )
            DeploymentPlan.objects.filter(pk=plan.pk).update(job=child)
            created.append(plan.pk)
        # the parent's record under its row lock (children finishing write to it too), in the same transaction
        parent = Job.objects.select_for_update().get(pk=job.pk)
        result = parent.result
        result["plan_ids"] += created
        result["refused"] += [{"row": e.unit.name, "column": "", "message": m} for e, m in refused][:100]
        result["elections_done"] += [e.pk for e in elections]
        Job.objects.filter(pk=job.pk).update(result=result)
        job.result = result
    for election, message in refused:
        fanout_child_finished(job.pk, key=f"e{election.pk}", ok=False, note=message)


def plan_part_runner(job, *, plan_id: int, parent_id: int) -> dict:
    """Child: compute one plan (one transaction) and report to the parent, once, whatever the outcome."""
    try:
        result = deployment_plan_runner(job, plan_id=plan_id)
    except JobError as exc:
        fanout_child_finished(parent_id, key=str(plan_id), ok=False, note=str(exc))
        raise
    except Exception:
        fanout_child_finished(parent_id, key=str(plan_id), ok=False, note="Kesalahan sistem saat menghitung.")
        raise
    fanout_child_finished(parent_id, key=str(plan_id), ok=True, note=result.get("summary", ""))
    return result
