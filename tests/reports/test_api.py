"""The JSON API: intake with replay, scoped reads, transitions, the gateway webhook and bad input."""

import json
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from siaga.accounts.models import ApiToken
from siaga.reports.models import Report
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db
URL = "/api/reports/"


def _post(client, headers, body, url=URL):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", headers=headers)


def test_it_answers_201_then_200_for_a_replayed_client_id(district, field_a_user, api_client):
    client, headers = api_client(field_a_user)
    body = {
        "client_id": str(uuid.uuid4()),
        "text": "Ada provokasi di grup WhatsApp warga",
        **desa_point(district.desa_a[0]),
    }
    first = _post(client, headers, body)
    replay = _post(client, headers, body)
    assert first.status_code == 201 and replay.status_code == 200
    assert first.json()["id"] == replay.json()["id"] and replay.json()["created"] is False
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ("{bukan json", 400, "bukan JSON"),
        ({"client_id": "x", "text": "Ada kejadian"}, 422, "Data tidak valid"),
        ({"text": "Ada kejadian"}, 422, "Data tidak valid"),
        ({"client_id": "00000000-0000-4000-8000-000000000001", "text": "Ada", "category": "ufo"}, 400, "tidak dikenal"),
        (
            {"client_id": "00000000-0000-4000-8000-000000000002", "text": "Ada kejadian", "lat": 35.6, "lon": 139.7},
            400,
            "di luar wilayah Indonesia",
        ),
    ],
)
def test_bad_input_gets_an_indonesian_4xx_and_stores_nothing(district, field_a_user, api_client, body, status, message):
    client, headers = api_client(field_a_user)
    response = _post(client, headers, body)
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert Report.objects.count() == 0


def test_an_expired_or_wrong_token_is_refused_in_indonesian(district, field_a_user):
    client = Client(enforce_csrf_checks=True)  # as a field app or curl sees it (the test client skips CSRF)
    _, raw = ApiToken.issue(user=field_a_user, name="lama", expires_at=timezone.now() - timedelta(days=1))
    for token in (raw, "bukan-token"):
        body = {"client_id": str(uuid.uuid4()), "text": "Ada"}
        response = _post(client, {"Authorization": f"Bearer {token}"}, body)
        assert response.status_code == 401 and "token tidak berlaku" in response.json()["detail"]
    assert Report.objects.count() == 0


def test_a_browser_session_without_the_csrf_token_is_told_in_indonesian(district, field_a_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(field_a_user)
    body = {"client_id": str(uuid.uuid4()), "text": "Baliho dirobek", **desa_point(district.desa_a[0])}
    response = _post(client, {}, body)
    assert response.status_code == 403 and "Pemeriksaan CSRF gagal" in response.json()["detail"]
    client.get("/laporan/")  # a page sets the CSRF cookie, as the browser has it
    headers = {"X-CSRFToken": client.cookies["csrftoken"].value}
    assert _post(client, headers, body).status_code == 201  # the same session with the token: accepted
    assert Report.objects.count() == 1


def test_the_public_cannot_read_any_report(district, field_a_user, client):
    report = submit(field_a_user)
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}{report.pk}").status_code == 401
    assert client.get("/laporan/").status_code == 302
    assert client.get(f"/laporan/{report.pk}/").status_code == 302
    assert client.get("/laporan/feed.json").status_code == 302


def test_a_polsek_sees_only_its_own_area(district, polsek_a_user, polsek_b_user, kapolres, api_client):
    in_a = submit(kapolres, **desa_point(district.desa_a[0]))
    in_b = submit(kapolres, text="Pencurian motor di parkiran pasar", **desa_point(district.desa_b[0]))
    client, headers = api_client(polsek_a_user)
    ids = {r["id"] for r in client.get(URL, headers=headers).json()["reports"]}
    assert ids == {in_a.pk}
    assert client.get(f"{URL}{in_b.pk}", headers=headers).status_code == 404
    client, headers = api_client(kapolres)
    assert {r["id"] for r in client.get(URL, headers=headers).json()["reports"]} == {in_a.pk, in_b.pk}


def test_a_partner_sees_only_what_is_shared_with_it(
    district, partner_user, bawaslu_user, ops_user, kapolres, api_client
):
    shared = submit(kapolres, **desa_point(district.desa_a[0]))
    submit(kapolres, text="Pencurian motor di parkiran pasar", **desa_point(district.desa_b[0]))
    client, headers = api_client(ops_user)
    assert _post(client, headers, {"unit_id": district.bawaslu.pk}, f"{URL}{shared.pk}/share").status_code == 200
    client, headers = api_client(bawaslu_user)
    assert [r["id"] for r in client.get(URL, headers=headers).json()["reports"]] == [shared.pk]
    client, headers = api_client(partner_user)
    assert client.get(URL, headers=headers).json()["reports"] == []


def test_contact_is_visible_only_to_contact_roles(district, intel_user, ops_user, api_client):
    report = submit(None, contact={"name": "Budi", "phone": "0812000111"}, **desa_point(district.desa_a[0]))
    client, headers = api_client(intel_user)
    assert client.get(f"{URL}{report.pk}", headers=headers).json()["contact"]["phone"] == "0812000111"
    client, headers = api_client(ops_user)
    detail = client.get(f"{URL}{report.pk}", headers=headers)
    assert detail.status_code == 200 and detail.json()["contact"] is None
    assert "0812000111" not in detail.content.decode()


def test_transitions_through_the_api_and_409_on_a_stale_one(district, ops_user, api_client):
    report = submit(None, **desa_point(district.desa_a[0]))
    client, headers = api_client(ops_user)
    verified = _post(client, headers, {"category": "politik_uang"}, f"{URL}{report.pk}/verify")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    again = _post(client, headers, {}, f"{URL}{report.pk}/verify")
    assert again.status_code == 409 and "tidak dapat diverifikasi" in again.json()["detail"]
    rejected = _post(client, headers, {"reason": ""}, f"{URL}{report.pk}/reject")
    assert rejected.status_code == 422
    kinds = [e["kind"] for e in client.get(f"{URL}{report.pk}", headers=headers).json()["timeline"]]
    assert kinds.count("verified") == 1


def test_the_feed_cursor_returns_only_changes(district, kapolres, ops_user, api_client):
    first = submit(kapolres, **desa_point(district.desa_a[0]))
    client, headers = api_client(kapolres)
    cursor = client.get(URL, headers=headers).json()["cursor"]
    assert client.get(URL, {"since": cursor}, headers=headers).json()["reports"] == []
    second = submit(kapolres, text="Pencurian motor di parkiran pasar", **desa_point(district.desa_b[0]))
    _post(client, *api_client(ops_user)[1:], body={}, url=f"{URL}{first.pk}/verify")
    changed = client.get(URL, {"since": cursor}, headers=headers).json()["reports"]
    assert {r["id"] for r in changed} == {first.pk, second.pk}


def test_the_gateway_webhook_needs_the_secret_and_dedupes_message_ids(district, client, monkeypatch):
    monkeypatch.setenv("SIAGA_GATEWAY_SECRET", "rahasia-uji")
    body = {"message_id": "wa-123", "sender": "+628123", "text": "Ada keributan di Desa B1 Kencong"}
    assert _post(client, {"X-Siaga-Gateway-Secret": "salah"}, body, f"{URL}gateway").status_code == 401
    first = _post(client, {"X-Siaga-Gateway-Secret": "rahasia-uji"}, body, f"{URL}gateway")
    replay = _post(client, {"X-Siaga-Gateway-Secret": "rahasia-uji"}, body, f"{URL}gateway")
    assert first.status_code == 201 and replay.status_code == 200 and first.json()["id"] == replay.json()["id"]
    report = Report.objects.get()
    assert report.source == "gateway" and report.unit == district.polsek_b and report.tracking_code


def test_the_list_endpoint_has_a_fixed_number_of_queries(district, kapolres, api_client, django_assert_max_num_queries):
    for i in range(12):
        submit(kapolres, text=f"Perusakan baliho calon nomor {i}", **desa_point(district.desa_a[i % 2], i / 1000))
    client, headers = api_client(kapolres)
    with django_assert_max_num_queries(4):
        data = client.get(URL, headers=headers).json()
    assert len(data["reports"]) == 12


def test_a_report_cannot_be_shared_with_another_polres_partner(district, ops_user, kapolres, api_client):
    from tests.factories import UnitFactory

    other_polres = UnitFactory(code="polres-lain", name="Polres Lain", kind="polres", parent=district.polda)
    foreign_kpu = UnitFactory(code="kpu-lain", name="KPU Lain", kind="kpu", parent=other_polres)
    report = submit(kapolres, **desa_point(district.desa_a[0]))
    client, headers = api_client(ops_user)
    response = _post(client, headers, {"unit_id": foreign_kpu.pk}, f"{URL}{report.pk}/share")
    assert response.status_code == 403
    assert "bukan mitra satuan Anda" in response.json()["detail"]
    report.refresh_from_db()
    assert not report.shared_with.exists()
