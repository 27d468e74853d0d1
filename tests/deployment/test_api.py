"""The plotting API: scoped reads and the same lifecycle services as the pages."""

import pytest

from siaga.deployment.models import DeploymentPlan

pytestmark = pytest.mark.django_db


def test_api_lists_and_approves_through_the_services(computed_plan, kapolres, polsek_a_user, api_client):
    client, headers = api_client(polsek_a_user)
    assert [p["id"] for p in client.get("/api/deployment/rencana/", headers=headers).json()] == [computed_plan.pk]
    url = f"/api/deployment/rencana/{computed_plan.pk}/setujui/"
    assert client.post(url, headers=headers).status_code == 403
    client, headers = api_client(kapolres)
    response = client.post(url, headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "approved"
    again = client.post(url, headers=headers)
    assert again.status_code == 400 and "terhitung" in again.json()["detail"]


def test_api_replan_starts_a_new_version(
    computed_plan, ops_user, api_client, partner_user, django_capture_on_commit_callbacks
):
    client, headers = api_client(ops_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/deployment/rencana/{computed_plan.pk}/hitung-ulang/", headers=headers)
    new = DeploymentPlan.objects.get(pk=response.json()["plan_id"])
    assert new.version == 2 and new.status == DeploymentPlan.Status.COMPUTED
    client, headers = api_client(partner_user)
    assert client.get(f"/api/deployment/rencana/{computed_plan.pk}/", headers=headers).status_code == 404


def test_a_plan_outside_the_scope_is_not_found_in_indonesian(computed_plan, partner_user, api_client):
    client, headers = api_client(partner_user)  # a partner sees no plotting plan that is not shared with it
    for url in (f"/api/deployment/rencana/{computed_plan.pk}/", "/api/deployment/rencana/999999/pos/"):
        response = client.get(url, headers=headers)
        assert response.status_code == 404 and response.json() == {
            "detail": "Data tidak ditemukan atau di luar cakupan Anda."
        }
