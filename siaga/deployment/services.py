"""Plan lifecycle: create a version, compute it as a background job, approve it (read-only afterwards),
re-plan after a change as a new version moving as few officers as possible."""

from __future__ import annotations

import math
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from siaga.core import access
from siaga.core.audit import audit_record
from siaga.core.jobs import JobError, job_enqueue
from siaga.deployment.inputs import plan_inputs
from siaga.deployment.jobs import run_deployment_plan
from siaga.deployment.models import DeploymentPlan, ReserveSite
from siaga.deployment.osrm import OsrmTravel
from siaga.deployment.patterns import engine_patterns, pattern_ensure_defaults
from siaga.deployment.store import plan_store
from siaga.engine import deployment as engine

READ_ONLY_MESSAGE = (
    "Rencana versi {version} sudah {status} sehingga tidak dapat diubah; "
    'buat versi baru dengan "Hitung ulang setelah perubahan".'
)
PARAM_FIELDS = ("reserve_fraction", "response_minutes", "speed_kmh", "circuity", "reserve_team_size")
Progress = Callable[..., None]


def _person(user):
    """The user recorded as creator/approver: nobody when the system acts on its own (demo, commands)."""
    return None if user is access.SYSTEM else user


def _require_visible(user, obj, what: str) -> None:
    """The election and operation a plan is drawn for must be ones the user can see (their own or shared)."""
    if not type(obj).objects.restrict(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(f"{what} ini di luar cakupan satuan Anda.")


def ensure_editable(plan: DeploymentPlan) -> None:
    if not plan.is_editable:
        raise ValidationError(READ_ONLY_MESSAGE.format(version=plan.version, status=plan.get_status_display().lower()))


def validate_params(params: dict) -> None:
    errors = {}
    fraction = params.get("reserve_fraction", 0.15)
    if fraction is None or not math.isfinite(fraction) or not 0 <= fraction < 1:
        errors["reserve_fraction"] = "Porsi cadangan harus antara 0 dan 1 (mis. 0,15 untuk 15%)."
    for key in ("response_minutes", "speed_kmh", "circuity", "reserve_team_size"):
        value = params.get(key)
        if value is not None and (not math.isfinite(value) or value <= 0 or value > 10_000):
            errors[key] = "Nilai harus bilangan lebih dari nol (dan wajar)."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def deployment_plan_create(
    *, user, operation, election, unit=None, params=None, note="", previous=None, is_demo=False, permission=None
):
    """A new draft version of the plan of `election` in `unit` (default: the election's Polres). `permission` is
    "deployment.change" (the Polres' own staff) unless the Polda/national planning run passes "deployment.plan_all"."""
    unit = unit or election.unit
    if permission not in (None, "deployment.change", "deployment.plan_all"):
        raise ValueError(permission)
    access.require(user, permission or "deployment.change", unit=unit)
    _require_visible(user, election, "Pemilihan")
    _require_visible(user, operation, "Operasi")
    params = {k: v for k, v in (params or {}).items() if k in PARAM_FIELDS and v is not None}
    validate_params(params)
    pattern_ensure_defaults(operation=operation)
    latest = DeploymentPlan.objects.filter(election=election, unit=unit).aggregate(v=Max("version"))["v"] or 0
    return DeploymentPlan.objects.create(
        operation=operation,
        election=election,
        unit=unit,
        version=latest + 1,
        previous=previous,
        note=note,
        created_by=_person(user),
        is_demo=is_demo,
        **params,
    )


def deployment_plan_update(*, user, plan: DeploymentPlan, params: dict, note: str | None = None) -> DeploymentPlan:
    access.require(user, "deployment.change", plan)
    ensure_editable(plan)
    params = {k: v for k, v in params.items() if k in PARAM_FIELDS and v is not None}
    validate_params(params)
    for key, value in params.items():
        setattr(plan, key, value)
    if note is not None:
        plan.note = note
    plan.status = DeploymentPlan.Status.DRAFT
    plan.save()
    return plan


def deployment_plan_compute_enqueue(*, user, plan: DeploymentPlan):
    """Start computing the plan in the background; progress at /pekerjaan/<id>/."""
    access.require(user, "deployment.change", plan)
    ensure_editable(plan)
    job = job_enqueue(
        runner=run_deployment_plan,
        title=f"Hitung rencana plotting v{plan.version} — {plan.election}",
        params={"plan_id": plan.pk},
        user=_person(user),
        unit=plan.unit,
    )
    DeploymentPlan.objects.filter(pk=plan.pk).update(job=job)
    plan.job = job
    return job


def deployment_plan_runner(job, *, plan_id: int) -> dict:
    plan = DeploymentPlan.objects.select_related("election", "operation", "unit", "previous").get(pk=plan_id)
    try:
        deployment_plan_compute(plan=plan, progress=job.report_progress)
    except ValidationError as exc:
        raise JobError(" ".join(exc.messages)) from exc
    s = plan.summary
    text = (
        f"{s['posts']} pos, {s['assigned_at_posts']} personel di pos, {s['reserve_held']} cadangan; "
        f"kekurangan {s['missing_at_posts']}, BKO dibutuhkan {s['bko_needed']}."
    )
    if plan.moved is not None:
        text += f" {plan.moved} personel berpindah dari versi sebelumnya."
    return {"message": "Rencana selesai dihitung.", "summary": text, "plan_id": plan.pk}


def deployment_plan_compute(*, plan: DeploymentPlan, progress: Progress | None = None) -> DeploymentPlan:
    """Convert the registry into engine inputs, run plan()/replan() and store the result and rows.

    Called by the runner after deployment_plan_compute_enqueue checked the actor (and by the demo/tests)."""
    ensure_editable(plan)
    report = progress or (lambda *a, **k: None)
    report(0, 3, "Menyiapkan data TPS, personel dan lokasi cadangan…")
    pattern_ensure_defaults(operation=plan.operation)
    inputs = plan_inputs(plan)
    patterns = engine_patterns(operation=plan.operation)
    osrm = _osrm(plan)
    config = engine.PlanConfig(**{k: getattr(plan, k) for k in PARAM_FIELDS}, travel_fn=osrm)
    report(1, 3, f"Menghitung pos dan penugasan untuk {len(inputs.stations)} TPS dan {len(inputs.officers)} personel…")
    args = (inputs.stations, inputs.officers, patterns, inputs.sites, config)
    previous = plan.previous.result if plan.previous_id and plan.previous.result else None
    result = engine.replan(engine.Plan.from_dict(previous), *args) if previous else engine.plan(*args)
    problems = list(inputs.problems) + ([osrm.problem] if osrm and osrm.problem else [])
    report(2, 3, "Menyimpan hasil…")
    with transaction.atomic():
        locked = DeploymentPlan.objects.select_for_update().get(pk=plan.pk)
        ensure_editable(locked)
        plan_store(plan, result, inputs, problems)
    return plan


def _osrm(plan: DeploymentPlan) -> OsrmTravel | None:
    url = getattr(settings, "SIAGA_OSRM_URL", "")
    return OsrmTravel(url, speed_kmh=plan.speed_kmh, circuity=plan.circuity) if url else None


@transaction.atomic
def deployment_plan_approve(*, user, plan: DeploymentPlan) -> DeploymentPlan:
    """computed -> approved (read-only); an earlier approved version of the same plan becomes superseded."""
    access.require(user, "deployment.approve", plan)
    now = timezone.now()
    done = DeploymentPlan.objects.filter(pk=plan.pk, status=DeploymentPlan.Status.COMPUTED).update(
        status=DeploymentPlan.Status.APPROVED, approved_at=now, approved_by=_person(user)
    )
    if done != 1:
        raise ValidationError("Hanya rencana berstatus terhitung yang dapat disetujui.")
    DeploymentPlan.objects.filter(
        election=plan.election_id, unit=plan.unit_id, status=DeploymentPlan.Status.APPROVED
    ).exclude(pk=plan.pk).update(status=DeploymentPlan.Status.SUPERSEDED)
    plan.refresh_from_db()
    audit_record(
        action="action",
        model="deployment.DeploymentPlan",
        object_id=plan.pk,
        object_repr=plan,
        changes={"status": ["computed", "approved"]},
        note="Rencana plotting disetujui",
    )
    return plan


def deployment_plan_replan(*, user, plan: DeploymentPlan, note: str = ""):
    """A new version computed from `plan` with engine.replan(): officers stay where they still can."""
    access.require(user, "deployment.change", plan)
    if not plan.result:
        raise ValidationError("Rencana ini belum dihitung; hitung dulu sebelum membuat versi baru.")
    params = {k: getattr(plan, k) for k in PARAM_FIELDS}
    new = deployment_plan_create(
        user=user,
        operation=plan.operation,
        election=plan.election,
        unit=plan.unit,
        params=params,
        note=note or f"Hitung ulang dari versi {plan.version}",
        previous=plan,
        is_demo=plan.is_demo,
    )
    return new, deployment_plan_compute_enqueue(user=user, plan=new)


def reserve_site_create(*, user, unit, name: str, lat: float, lon: float, is_demo=False) -> ReserveSite:
    access.require(user, "deployment.change", unit=unit)
    if not unit.is_police:
        raise ValidationError("Pos AJU hanya dapat dibuat untuk satuan Polri dalam wilayah Anda.")
    if not (-11.5 <= lat <= 6.5 and 94.5 <= lon <= 141.5):
        raise ValidationError("Koordinat Pos AJU di luar wilayah Indonesia.")
    return ReserveSite.objects.create(unit=unit, name=name, lat=lat, lon=lon, is_demo=is_demo)
