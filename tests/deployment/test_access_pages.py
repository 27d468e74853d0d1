"""Deployment pages follow the permission boundary: plans, patterns and their buttons are the Polres' business."""

import pytest

from siaga.deployment.models import DeploymentPlan, SecurityPattern
from tests.conftest import _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops_polsek_a(district):
    return _user("ops_polsek_a", "ops", district.polsek_a)


def test_ops_at_a_polsek_sees_the_plan_of_its_sector_but_cannot_approve_or_replan_it(
    computed_plan, ops_polsek_a, login
):
    client = login(ops_polsek_a)
    page = client.get(f"/plotting/{computed_plan.pk}/").content.decode()
    assert "Setujui rencana" not in page and "Hitung ulang setelah perubahan" not in page
    for action in ("setujui", "hitung-ulang", "hitung"):
        assert client.post(f"/plotting/{computed_plan.pk}/{action}/").status_code == 403
    computed_plan.refresh_from_db()
    assert computed_plan.status == DeploymentPlan.Status.COMPUTED
    assert DeploymentPlan.objects.count() == 1


def test_the_api_refuses_a_polsek_approval_with_the_reason(computed_plan, ops_polsek_a, api_client):
    client, headers = api_client(ops_polsek_a)
    response = client.post(f"/api/deployment/rencana/{computed_plan.pk}/setujui/", headers=headers)
    assert response.status_code == 403 and "Polres" in response.json()["detail"]
    computed_plan.refresh_from_db()
    assert computed_plan.status == DeploymentPlan.Status.COMPUTED


def test_patterns_are_read_only_for_those_who_may_not_change_them(operation, ops_user, intel_user, ops_polsek_a, login):
    url = f"/pola/{operation.pk}/"
    page = login(intel_user).get(url).content.decode()
    assert 'data-testid="patterns-read-only"' in page and "Simpan pola" not in page
    response = login(intel_user).post(url, {"preset": "polres_jember_2024"})
    assert response.status_code == 403 and not SecurityPattern.objects.exists()
    assert login(ops_polsek_a).get(url).status_code == 404  # the Polres operation is outside a Polsek's scope
    page = login(ops_user).get(url).content.decode()
    assert "Simpan pola" in page and 'data-testid="patterns-read-only"' not in page
