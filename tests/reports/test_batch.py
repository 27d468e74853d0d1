"""POST /api/reports/batch: up to 100 reports in one transaction, a result per item (201/200/4xx), bad items never
block good ones, replays never duplicate, scoping as for single reports."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from siaga.reports.models import Report, ReportEvent
from tests.reports.factories import desa_point

pytestmark = pytest.mark.django_db
URL = "/api/reports/batch"


def _post(client, headers, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", headers=headers)


def _item(district, i=0, **extra):
    body = {"client_id": str(uuid.uuid4()), "text": f"Baliho calon dirusak di jalan desa {i}"}
    return {**body, **desa_point(district.desa_a[i % 2]), **extra}


def test_it_creates_every_report_with_its_timeline_in_one_request(district, field_a_user, api_client):
    client, headers = api_client(field_a_user)
    items = [_item(district, i) for i in range(5)]
    response = _post(client, headers, {"reports": items})
    assert response.status_code == 200
    data = response.json()
    assert (data["created"], data["replayed"], data["failed"]) == (5, 0, 0)
    assert [r["status"] for r in data["results"]] == [201] * 5
    assert [r["client_id"] for r in data["results"]] == [i["client_id"] for i in items]
    stored = {str(r.client_id): r for r in Report.objects.all()}
    assert set(stored) == {i["client_id"] for i in items}
    assert all(stored[r["client_id"]].pk == r["id"] for r in data["results"])
    assert all(r.reporter == field_a_user and r.unit == district.polsek_a for r in stored.values())
    assert ReportEvent.objects.filter(kind="created").count() == 5


def test_a_replayed_batch_answers_200_per_item_and_stores_nothing_twice(district, field_a_user, api_client):
    client, headers = api_client(field_a_user)
    body = {"reports": [_item(district, i) for i in range(3)]}
    first = _post(client, headers, body).json()
    # the connection dropped after the commit: the app sends the same batch again, plus one new report
    body["reports"].append(_item(district, 9))
    again = _post(client, headers, body).json()
    assert [r["status"] for r in again["results"]] == [200, 200, 200, 201]
    assert [r["id"] for r in again["results"][:3]] == [r["id"] for r in first["results"]]
    assert again["results"][0]["created"] is False
    assert Report.objects.count() == 4 and ReportEvent.objects.filter(kind="created").count() == 4


def test_bad_items_get_their_own_indonesian_4xx_and_the_good_ones_are_stored(district, field_a_user, api_client):
    client, headers = api_client(field_a_user)
    good = [_item(district, 0), _item(district, 1)]
    bad = [
        {"client_id": "bukan-uuid", "text": "Ada kejadian di pasar"},
        {"client_id": str(uuid.uuid4()), "text": "Ad"},
        {"client_id": str(uuid.uuid4()), "text": "Ada kejadian", "category": "ufo"},
        {"client_id": str(uuid.uuid4()), "text": "Ada kejadian", "lat": 35.6, "lon": 139.7},
        "bukan objek",
    ]
    response = _post(client, headers, {"reports": [good[0], *bad, good[1]]})
    results = response.json()["results"]
    assert [r["status"] for r in results] == [201, 422, 422, 400, 400, 422, 201]
    assert "client_id harus berupa UUID" in results[1]["detail"]
    assert "text terlalu pendek (minimal 3 karakter)" in results[2]["detail"]
    assert "Kategori 'ufo' tidak dikenal" in results[3]["detail"]
    assert "di luar wilayah Indonesia" in results[4]["detail"]
    assert "harus berupa objek JSON" in results[5]["detail"]
    assert results[1]["client_id"] == "bukan-uuid" and results[3]["client_id"] == bad[2]["client_id"]
    assert {str(c) for c in Report.objects.values_list("client_id", flat=True)} == {g["client_id"] for g in good}


def test_the_same_client_id_twice_in_one_batch_is_one_report(district, field_a_user, api_client):
    client, headers = api_client(field_a_user)
    item = _item(district)
    results = _post(client, headers, {"reports": [item, {**item, "text": "isi lain"}]}).json()["results"]
    assert [r["status"] for r in results] == [201, 200]
    assert results[0]["id"] == results[1]["id"]
    assert Report.objects.get().text == item["text"]


def test_a_client_id_of_another_reporter_is_refused_per_item(district, field_a_user, kapolres, api_client):
    client, headers = api_client(field_a_user)
    taken = _item(district)
    _post(client, headers, {"reports": [taken]})
    client, headers = api_client(kapolres)
    results = _post(client, headers, {"reports": [taken, _item(district, 1)]}).json()["results"]
    assert [r["status"] for r in results] == [409, 201]
    assert "sudah dipakai untuk laporan lain" in results[0]["detail"]
    assert Report.objects.filter(reporter=kapolres).count() == 1


def test_a_partner_batch_is_shared_with_the_partner(district, partner_user, api_client):
    client, headers = api_client(partner_user)
    results = _post(client, headers, {"reports": [_item(district, i) for i in range(2)]}).json()["results"]
    assert [r["status"] for r in results] == [201, 201]
    for report in Report.objects.all():
        assert report.source == "partner" and list(report.shared_with.all()) == [district.kpu]


def test_it_refuses_the_public_a_viewer_and_bad_envelopes(district, viewer_user, field_a_user, client, api_client):
    body = {"reports": [_item(district)]}
    assert _post(client, {}, body).status_code == 401
    viewer, headers = api_client(viewer_user)
    refused = _post(viewer, headers, body)
    assert refused.status_code == 403 and "tidak berwenang" in refused.json()["detail"]
    officer, headers = api_client(field_a_user)
    for envelope, status, message in [
        ("{rusak", 400, "bukan JSON"),
        ({"reports": []}, 400, "1–100 laporan"),
        ([_item(district)], 400, "daftar 'reports'"),
        ({"reports": [_item(district, i) for i in range(101)]}, 413, "maksimal 100"),
    ]:
        response = _post(officer, headers, envelope)
        assert response.status_code == status and message in response.json()["detail"]
    assert Report.objects.count() == 0


def test_the_batch_costs_the_same_queries_for_10_or_50_reports(district, field_a_user, api_client):
    client, headers = api_client(field_a_user)
    _post(client, headers, {"reports": [_item(district)]})  # warm the token and location caches
    counts = []
    for size in (10, 50):
        with CaptureQueriesContext(connection) as ctx:
            response = _post(client, headers, {"reports": [_item(district, i) for i in range(size)]})
        assert response.json()["created"] == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
