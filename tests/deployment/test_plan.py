"""Plan lifecycle: computing, patterns met, shortage priority and BKO, re-plan, approval and read-only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from siaga.core.models import Job
from siaga.deployment import services
from siaga.deployment.models import Assignment, DeploymentPlan, PlanPost
from siaga.personnel.models import Unavailability
from tests.deployment.factories import strength, tps
from tests.personnel.factories import squad

pytestmark = pytest.mark.django_db

PATTERN = {"kurang_rawan": (2, 10), "rawan": (2, 2), "sangat_rawan": (2, 1)}


def _plan(ops_user, operation, election, **params):
    plan = services.deployment_plan_create(user=ops_user, operation=operation, election=election, params=params)
    return services.deployment_plan_compute(plan=plan)


def test_every_post_meets_its_pattern_when_strength_suffices(computed_plan, mixed_tps):
    plan = computed_plan
    posts = list(plan.posts.all())
    assert plan.status == DeploymentPlan.Status.COMPUTED
    assert sum(len(p.station_ids) for p in posts) == len(mixed_tps)
    for post in posts:
        polri, max_tps = PATTERN[post.category]
        assert post.required == polri and post.assigned == polri, post
        assert 1 <= len(post.station_ids) <= max_tps
        assert post.linmas == 2 * len(post.station_ids)
        assert post.assignments.count() == polri
    s = plan.summary
    assert s["bko_needed"] == 0 and s["missing_at_posts"] == 0
    assert s["reserve_held"] >= s["reserve_target"] > 0
    assert Assignment.objects.filter(plan=plan).count() == s["assigned_at_posts"] + s["reserve_held"]


def test_sangat_rawan_posts_are_filled_first_and_bko_closes_the_gap(district, election, operation, ops_user):
    stations = tps(district, election, per_desa=6, categories=("kurang_rawan", "rawan", "sangat_rawan"))
    squad(district.polsek_a, 9)
    squad(district.polsek_b, 9)
    plan = _plan(ops_user, operation, election)
    posts = list(plan.posts.order_by("fill_rank"))
    sangat = [p for p in posts if p.category == "sangat_rawan"]
    assert sangat and all(p.missing == 0 for p in sangat), "sangat rawan diisi lebih dulu"
    short = [p for p in posts if p.missing]
    assert short, "harus ada pos yang kurang"
    assert min(p.fill_rank for p in short) > max(p.fill_rank for p in sangat)
    bko = plan.summary["bko_needed"]
    assert bko > 0
    codes = {p["code"] for p in plan.result["problems"]}
    assert {"bko_needed", "post_understaffed"} <= codes
    squad(district.polres, bko)  # exactly the BKO figure closes the gap
    plan2 = _plan(ops_user, operation, election)
    assert plan2.summary["bko_needed"] == 0 and plan2.summary["missing_at_posts"] == 0
    assert len(stations) == plan2.summary["stations"]


def test_officers_unavailable_on_voting_day_are_not_deployed(computed_plan, election, operation, ops_user):
    officer = Assignment.objects.filter(plan=computed_plan, post__isnull=False).first().personnel
    day = election.voting_day
    Unavailability.objects.create(personnel=officer, start=day, end=day, reason="sakit")
    plan = _plan(ops_user, operation, election)
    assert not Assignment.objects.filter(plan=plan, personnel=officer).exists()
    assert plan.summary["officers_available"] == computed_plan.summary["officers_available"] - 1


def test_replan_after_one_officer_drops_moves_only_a_handful(computed_plan, election, ops_user):
    services.deployment_plan_approve(user=ops_user, plan=computed_plan)
    officer = Assignment.objects.filter(plan=computed_plan, post__isnull=False).first().personnel
    Unavailability.objects.create(personnel=officer, start=election.voting_day, end=election.voting_day, reason="cuti")
    new, job = services.deployment_plan_replan(user=ops_user, plan=computed_plan)
    services.deployment_plan_compute(plan=new)
    new.refresh_from_db()
    assert new.version == 2 and new.previous_id == computed_plan.pk
    assert new.moved is not None and new.moved <= 3
    assert new.summary["missing_at_posts"] == 0
    before = dict(Assignment.objects.filter(plan=computed_plan).values_list("personnel_id", "post__number"))
    after = dict(Assignment.objects.filter(plan=new).values_list("personnel_id", "post__number"))
    changed = [pid for pid, post in after.items() if before.get(pid, "absent") != post]
    assert len(changed) <= 3 and officer.pk not in after


def test_approved_plan_is_read_only(computed_plan, ops_user, kapolres):
    plan = services.deployment_plan_approve(user=kapolres, plan=computed_plan)
    assert plan.status == DeploymentPlan.Status.APPROVED and plan.approved_by == kapolres
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.deployment_plan_compute(plan=plan)
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.deployment_plan_update(user=ops_user, plan=plan, params={"reserve_fraction": 0.2})
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.deployment_plan_compute_enqueue(user=ops_user, plan=plan)
    with pytest.raises(ValidationError):
        services.deployment_plan_approve(user=kapolres, plan=plan)
    plan.refresh_from_db()
    assert plan.reserve_fraction == 0.15 and plan.status == DeploymentPlan.Status.APPROVED


def test_approving_a_new_version_supersedes_the_old(computed_plan, ops_user, election, operation):
    services.deployment_plan_approve(user=ops_user, plan=computed_plan)
    v2 = _plan(ops_user, operation, election)
    services.deployment_plan_approve(user=ops_user, plan=v2)
    computed_plan.refresh_from_db()
    assert computed_plan.status == DeploymentPlan.Status.SUPERSEDED and v2.version == 2


def test_only_approvers_approve_and_only_ops_plan(computed_plan, polsek_a_user, intel_user, election, operation):
    with pytest.raises(PermissionDenied):
        services.deployment_plan_approve(user=polsek_a_user, plan=computed_plan)
    with pytest.raises(PermissionDenied):
        services.deployment_plan_create(user=intel_user, operation=operation, election=election)


def test_bad_input_still_completes_and_lists_the_problems(district, election, operation, ops_user):
    stations = tps(district, election, per_desa=2)
    stations[0].lat = stations[0].lon = None
    stations[0].save()
    stations[1].category = ""
    stations[1].save()
    strength(district, per_polsek=4)
    nohome = squad(district.polsek_b, 1)[0]
    nohome.home_lat = nohome.home_lon = None
    nohome.save()
    plan = _plan(ops_user, operation, election)
    codes = {p["code"] for p in plan.result["problems"] + plan.result["app_problems"]}
    assert {"station_no_coords", "officer_no_home", "station_no_category"} <= codes
    assert plan.summary["stations"] == len(stations) and plan.summary["stations_no_coords"] == 1
    assert sum(len(p.station_ids) for p in PlanPost.objects.filter(plan=plan)) == len(stations)


def test_infeasible_pattern_more_posts_than_people(district, election, operation, ops_user):
    tps(district, election, per_desa=5, categories=("sangat_rawan",))
    squad(district.polsek_a, 3)
    plan = _plan(ops_user, operation, election)
    assert plan.status == DeploymentPlan.Status.COMPUTED
    assert plan.summary["missing_at_posts"] > 0 and plan.summary["bko_needed"] > 0
    assert plan.posts.filter(assigned=0).exists()


def test_the_plan_is_computed_as_a_background_job_from_the_page(
    district, election, operation, mixed_tps, ops_user, login, django_capture_on_commit_callbacks
):
    strength(district, per_polsek=20)
    client = login(ops_user)
    data = {
        "operation": operation.pk,
        "election": election.pk,
        "reserve_fraction": "0.2",
        "response_minutes": "25",
        "speed_kmh": "40",
        "circuity": "1.3",
        "reserve_team_size": "5",
        "note": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/plotting/", data)
    plan = DeploymentPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plotting/{plan.pk}/"
    assert plan.status == DeploymentPlan.Status.COMPUTED and plan.reserve_fraction == 0.2
    job = Job.objects.get(pk=plan.job_id)
    assert job.status == Job.Status.DONE and "pos" in job.result["summary"]
    page = client.get(f"/plotting/{plan.pk}/").content.decode()
    assert "Setujui rencana" in page and "pos" in page


def test_approve_view_and_read_only_message(computed_plan, kapolres, ops_user, login):
    client = login(kapolres)
    client.post(f"/plotting/{computed_plan.pk}/setujui/")
    computed_plan.refresh_from_db()
    assert computed_plan.status == DeploymentPlan.Status.APPROVED
    client = login(ops_user)
    response = client.post(f"/plotting/{computed_plan.pk}/hitung/", follow=True)
    assert "tidak dapat diubah" in response.content.decode()
    response = client.post(f"/plotting/{computed_plan.pk}/parameter/", {"reserve_fraction": "0.3"}, follow=True)
    computed_plan.refresh_from_db()
    assert computed_plan.reserve_fraction == 0.15


def test_replan_view_creates_a_new_version(computed_plan, ops_user, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(ops_user).post(f"/plotting/{computed_plan.pk}/hitung-ulang/")
    new = DeploymentPlan.objects.get(version=2)
    assert response["Location"] == f"/plotting/{new.pk}/"
    assert new.status == DeploymentPlan.Status.COMPUTED and new.moved == 0


def test_reserve_parameters_are_validated(ops_user, operation, election):
    with pytest.raises(ValidationError, match="Porsi cadangan"):
        services.deployment_plan_create(
            user=ops_user, operation=operation, election=election, params={"reserve_fraction": 1.5}
        )
    assert not DeploymentPlan.objects.exists()
    assert datetime.date(2024, 11, 27) == election.voting_day
