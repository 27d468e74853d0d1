"""Persona scoping: Polsek B cannot read or change Polsek A's TPS checklist through page or API."""

import pytest

from siaga.risk.models import StationIndicator

pytestmark = pytest.mark.django_db


def test_polsek_b_cannot_read_polsek_a_tps_page_or_phone_form(profile, stations, polsek_b_user, login):
    client = login(polsek_b_user)
    a1 = stations["a"][0]
    assert client.get(f"/kerawanan/tps/{a1.pk}/").status_code == 404
    assert client.get(f"/kerawanan/tps/{a1.pk}/isi/").status_code == 404
    assert client.get(f"/kerawanan/tps/{stations['b'][0].pk}/").status_code == 200


def test_polsek_b_cannot_change_polsek_a_checklist(profile, stations, polsek_b_user, login, api_client):
    a1 = stations["a"][0]
    response = login(polsek_b_user).post(f"/kerawanan/tps/{a1.pk}/", {"politik_uang": "on"})
    assert response.status_code == 404
    client, headers = api_client(polsek_b_user)
    url = f"/api/risk/tps/{a1.pk}/daftar-periksa"
    response = client.put(url, {"codes": ["politik_uang"]}, content_type="application/json", headers=headers)
    assert response.status_code == 404
    assert client.get(f"/api/risk/tps/{a1.pk}", headers=headers).status_code == 404
    assert client.get(f"/api/risk/tps/{a1.pk}/riwayat", headers=headers).status_code == 404
    assert not StationIndicator.objects.exists()


def test_polsek_b_desa_grid_of_polsek_a_is_refused(profile, stations, district, polsek_b_user, login):
    election = profile.election
    response = login(polsek_b_user).get(f"/kerawanan/pemilihan/{election.pk}/desa/{district.desa_a[0].code}/")
    assert response.status_code == 403


def test_field_officer_fills_own_tps_from_phone_and_api(profile, stations, field_a_user, login, api_client):
    a1, a2 = stations["a"][:2]
    client = login(field_a_user)
    page = client.get(f"/kerawanan/tps/{a1.pk}/isi/").content.decode()
    assert 'name="viewport"' in page and "Riwayat kekerasan di TPS" in page
    client.post(f"/kerawanan/tps/{a1.pk}/isi/", {"riwayat_kekerasan": "on"})
    flag = StationIndicator.objects.get(station=a1)
    assert flag.indicator.code == "riwayat_kekerasan" and flag.source == "field" and flag.set_by == field_a_user
    api, headers = api_client(field_a_user)
    url = f"/api/risk/tps/{a2.pk}/daftar-periksa"
    data = api.put(url, {"codes": ["sulit_dijangkau"]}, content_type="application/json", headers=headers).json()
    assert data["checklist"] == ["sulit_dijangkau"] and data["category"] == "rawan"


def test_api_rejects_unknown_indicator(profile, stations, field_a_user, api_client):
    client, headers = api_client(field_a_user)
    url = f"/api/risk/tps/{stations['a'][0].pk}/daftar-periksa"
    response = client.put(url, {"codes": ["bukan_indikator"]}, content_type="application/json", headers=headers)
    assert response.status_code == 422 and "tidak dikenal" in response.json()["detail"]


def test_viewer_and_partner_cannot_fill_checklists(profile, stations, viewer_user, partner_user, api_client):
    # the viewer sees the TPS but may not fill it (403); the partner does not see it at all (404)
    for user, status in ((viewer_user, 403), (partner_user, 404)):
        client, headers = api_client(user)
        url = f"/api/risk/tps/{stations['a'][0].pk}/daftar-periksa"
        response = client.put(url, {"codes": ["dptb"]}, content_type="application/json", headers=headers)
        assert response.status_code == status
    assert not StationIndicator.objects.exists()


def test_summary_counts_only_the_users_sector(profile, stations, polsek_a_user, api_client):
    client, headers = api_client(polsek_a_user)
    rows = client.get(f"/api/risk/pemilihan/{profile.election_id}/ringkasan", headers=headers).json()
    assert [(r["name"], r["total"]) for r in rows] == [("Jombang", 4)]
