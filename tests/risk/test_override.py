"""Overrides need a reason and the right role; viewers and partners cannot override."""

import pytest
from django.core.exceptions import ValidationError

from siaga.risk import services
from siaga.risk.models import CategoryChange, StationRisk
from siaga.stations.models import Station

pytestmark = pytest.mark.django_db


def test_override_requires_a_reason(profile, stations, kapolres):
    with pytest.raises(ValidationError):
        services.station_override_set(station=stations["a"][0], category="rawan", reason="  ", actor=kapolres)
    assert not CategoryChange.objects.filter(source="override").exists()


def test_override_and_clear_are_kept_as_history(profile, stations, kapolres):
    a1 = stations["a"][0]
    services.station_override_set(station=a1, category="sangat_rawan", reason="Bentrok pendukung", actor=kapolres)
    assert Station.objects.get(pk=a1.pk).category == "sangat_rawan"
    services.station_override_clear(station=a1, reason="Situasi kondusif", actor=kapolres)
    assert Station.objects.get(pk=a1.pk).category == "kurang_rawan"
    rows = list(CategoryChange.objects.filter(station=a1).order_by("id").values_list("source", "new", "actor"))
    assert rows[-2:] == [("override", "sangat_rawan", kapolres.pk), ("clear", "kurang_rawan", kapolres.pk)]


def test_override_page_without_reason_changes_nothing(profile, stations, ops_user, login):
    a1 = stations["a"][0]
    response = login(ops_user).post(
        f"/kerawanan/tps/{a1.pk}/override/", {"category": "rawan", "reason": ""}, follow=True
    )
    assert "wajib" in response.content.decode()
    assert StationRisk.objects.get(station=a1).override_category == ""


def test_override_page_sets_the_category(profile, stations, ops_user, login):
    a1 = stations["a"][0]
    login(ops_user).post(f"/kerawanan/tps/{a1.pk}/override/", {"category": "rawan", "reason": "Laporan Bhabin"})
    assert Station.objects.get(pk=a1.pk).category == "rawan"


# the viewer and the Bhabin see the TPS but may not override it (403); the partner does not even see it (404)
@pytest.mark.parametrize(("persona", "status"), [("viewer_user", 403), ("partner_user", 404), ("field_a_user", 403)])
def test_viewer_partner_and_field_officer_cannot_override(
    persona, status, request, profile, stations, login, api_client
):
    user = request.getfixturevalue(persona)
    a1 = stations["a"][0]
    response = login(user).post(f"/kerawanan/tps/{a1.pk}/override/", {"category": "rawan", "reason": "x"})
    assert response.status_code == status
    client, headers = api_client(user)
    response = client.post(
        f"/api/risk/tps/{a1.pk}/override", {"category": "rawan", "reason": "x"}, content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert response.status_code == status
    assert Station.objects.get(pk=a1.pk).category == "kurang_rawan"


def test_api_override_requires_reason(profile, stations, kapolres, api_client):
    client, headers = api_client(kapolres)
    a1 = stations["a"][0]
    url = f"/api/risk/tps/{a1.pk}/override"
    response = client.post(url, {"category": "rawan", "reason": ""}, content_type="application/json", headers=headers)
    assert response.status_code == 422 and "Alasan" in response.json()["detail"]
    response = client.post(url, {"category": "rawan", "reason": "ok"}, content_type="application/json", headers=headers)
    assert response.status_code == 200 and response.json()["category"] == "rawan"
