"""A Polda planning run fans out one job per Polres and gathers them (default configuration: any queue)."""

import pytest
from django.core.exceptions import PermissionDenied

from siaga.core import access
from siaga.core.models import Job
from siaga.deployment.fanout import plan_all_runner, plan_part_runner, plan_run_national
from siaga.deployment.models import Assignment, DeploymentPlan, PlanPost

pytestmark = pytest.mark.django_db


def _run(polda, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        job = plan_run_national(user=access.SYSTEM, operation=polda.operation, **kwargs)
    job.refresh_from_db()
    return job


def test_polda_run_plans_every_polres_once_and_gathers(polda_operation, django_capture_on_commit_callbacks):
    polda = polda_operation
    job = _run(polda, django_capture_on_commit_callbacks, unit=polda.district.polda)
    assert job.kind == "deployment.plan_all"
    assert job.status == Job.Status.DONE, job.message
    assert (job.progress, job.total) == (2, 2)
    assert job.message == "Selesai: 2 dari 2 bagian berhasil."
    plans = DeploymentPlan.objects.filter(pk__in=job.result["plan_ids"])
    assert sorted(p.unit.code for p in plans) == ["polres-jember", "polres-lumajang"]
    for plan in plans:
        assert plan.status == DeploymentPlan.Status.COMPUTED and plan.version == 1
        assert plan.summary["stations"] == (12 if plan.unit.code == "polres-jember" else 6)
        child = Job.objects.get(pk=plan.job_id)
        assert child.kind == "deployment.plan_part" and child.status == Job.Status.DONE
        assert job.result["fanout"]["done"][str(plan.pk)]["ok"] is True


def test_a_retried_child_writes_the_same_version_once(polda_operation, django_capture_on_commit_callbacks):
    polda = polda_operation
    job = _run(polda, django_capture_on_commit_callbacks)
    plan = DeploymentPlan.objects.filter(pk__in=job.result["plan_ids"]).first()
    posts, rows = PlanPost.objects.filter(plan=plan).count(), Assignment.objects.filter(plan=plan).count()
    child = Job.objects.get(pk=plan.job_id)
    plan_part_runner(child, plan_id=plan.pk, parent_id=job.pk)  # as RQ does after the worker died
    assert DeploymentPlan.objects.filter(election=plan.election, unit=plan.unit).count() == 1
    assert PlanPost.objects.filter(plan=plan).count() == posts
    assert Assignment.objects.filter(plan=plan).count() == rows
    job.refresh_from_db()
    assert (job.progress, job.total, job.status) == (2, 2, Job.Status.DONE)


def test_a_retried_parent_creates_nothing_twice(polda_operation, django_capture_on_commit_callbacks):
    polda = polda_operation
    job = _run(polda, django_capture_on_commit_callbacks)
    job.mark(Job.Status.RUNNING, message="Berjalan…")  # what job_execute writes when RQ runs it again
    with django_capture_on_commit_callbacks(execute=True):
        plan_all_runner(job, **{k: v for k, v in job.params.items() if k != "runner"})
    assert DeploymentPlan.objects.count() == 2
    assert Job.objects.filter(kind="deployment.plan_part").count() == 2
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 2


def test_a_polres_cannot_plan_its_polda(polda_operation, ops_user):
    polda = polda_operation
    with pytest.raises(PermissionDenied):
        plan_run_national(user=ops_user, operation=polda.operation, unit=polda.district.polda)
    assert not Job.objects.exists() and not DeploymentPlan.objects.exists()


def test_plan_all_command_waits_for_every_polres(polda_operation, capsys, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("plan_all", operation=polda_operation.operation.pk, unit="polda-jatim")
    parent = Job.objects.get(kind="deployment.plan_all")
    assert parent.status == Job.Status.DONE and parent.total == 2
    assert "dimulai" in capsys.readouterr().out


@pytest.mark.parametrize("persona", ["viewer_user", "partner_user", "polsek_a_user", "field_a_user", None])
def test_unauthorised_actors_start_no_polda_run(polda_operation, persona, request):
    actor = request.getfixturevalue(persona) if persona else None
    with pytest.raises(PermissionDenied):
        plan_run_national(user=actor, operation=polda_operation.operation, unit=polda_operation.district.polres)
    assert not Job.objects.exists() and not DeploymentPlan.objects.exists()


def test_a_parent_killed_between_chunks_carries_on_where_it_stopped(polda_operation, monkeypatch):
    """One Polres per transaction; the parent dies writing the second: the first stays, the retry adds only the
    second."""
    from siaga.core.jobs import job_enqueue
    from siaga.deployment import fanout
    from siaga.deployment.jobs import run_deployment_plan_all

    polda = polda_operation
    monkeypatch.setattr(fanout, "CHUNK", 1)
    job = job_enqueue(
        runner=run_deployment_plan_all,
        title="uji",
        params={"operation_id": polda.operation.pk, "unit_id": None, "plan_params": {}, "note": "", "system": True},
    )
    calls = {"n": 0}
    real_enqueue = fanout.job_enqueue

    def dies_on_the_second(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("pekerja mati")
        return real_enqueue(**kwargs)

    monkeypatch.setattr(fanout, "job_enqueue", dies_on_the_second)
    params = {k: v for k, v in job.params.items() if k != "runner"}
    with pytest.raises(SystemExit):
        plan_all_runner(job, **params)
    assert DeploymentPlan.objects.count() == 1  # the second chunk rolled back whole
    job.refresh_from_db()
    assert len(job.result["plan_ids"]) == 1 and job.total == 2
    plan_all_runner(job, **params)  # the retry
    job.refresh_from_db()
    assert DeploymentPlan.objects.count() == 2 and len(set(job.result["plan_ids"])) == 2
    assert sorted(DeploymentPlan.objects.values_list("unit__code", flat=True)) == ["polres-jember", "polres-lumajang"]


def test_a_polda_karoops_plans_every_polres_of_its_polda(polda_operation, django_capture_on_commit_callbacks):
    """The Polda's ops staff start the run themselves ("deployment.plan_all"); each Polres gets one new draft, and
    the Karoops still cannot change or approve a Polres plan ("deployment.change/approve" stay the Polres')."""
    from tests.factories import UserFactory

    polda = polda_operation
    karoops = UserFactory(username="karoops", role="ops", unit=polda.district.polda)
    with django_capture_on_commit_callbacks(execute=True):
        job = plan_run_national(user=karoops, operation=polda.operation, unit=polda.district.polda)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.total == 2 and not job.result["refused"]
    plans = DeploymentPlan.objects.all()
    assert sorted(p.unit_id for p in plans) == sorted(u.pk for u in polda.polres)
    assert all(p.status == DeploymentPlan.Status.COMPUTED and p.created_by == karoops for p in plans)
    assert not access.can(karoops, "deployment.change", plans[0])
    assert not access.can(karoops, "deployment.approve", plans[0])


@pytest.mark.parametrize("role", ["kapolres", "intel", "viewer"])
def test_other_polda_staff_start_no_polda_run(polda_operation, role):
    from tests.factories import UserFactory

    user = UserFactory(username=f"{role}_polda", role=role, unit=polda_operation.district.polda)
    with pytest.raises(PermissionDenied):
        plan_run_national(user=user, operation=polda_operation.operation, unit=polda_operation.district.polda)
    assert not Job.objects.exists() and not DeploymentPlan.objects.exists()


def test_a_polda_karoops_cannot_plan_another_polda(polda_operation):
    from tests.factories import UnitFactory, UserFactory

    other = UnitFactory(code="polda-bali", name="Polda Bali", kind="polda")
    karoops = UserFactory(username="karoops_bali", role="ops", unit=other)
    with pytest.raises(PermissionDenied):
        plan_run_national(user=karoops, operation=polda_operation.operation, unit=polda_operation.district.polda)
    assert not Job.objects.exists() and not DeploymentPlan.objects.exists()
