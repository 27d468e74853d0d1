"""Pages and API of the register and the Anev, per persona."""

import json

import pytest

from siaga.analysis.models import Case

pytestmark = pytest.mark.django_db

JAN = "?periode_jenis=month&dari=2024-01-01&kelompok=polsek"


@pytest.fixture
def cases(district, make_case, at):
    a = make_case(district.polsek_a, at(2024, 1, 3), "curat", desa=district.desa_a[0], lat=-8.225, lon=113.33)
    b = make_case(district.polsek_b, at(2024, 1, 4), "curas", desa=district.desa_b[0], lat=-8.275, lon=113.37)
    return a, b


def test_the_anev_page_shows_statistics_map_and_drill_down(login, district, kapolres, cases):
    client = login(kapolres)
    page = client.get(f"/anev/{JAN}&unit={district.polres.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Polsek Jombang" in html and "Polsek Kencong" in html and "anev-map-config" in html
    drill = client.get(f"/anev/perkara/{JAN}&unit={district.polres.pk}&ukuran=ct&kunci={district.polsek_a.pk}")
    assert cases[0].lp_number in drill.content.decode() and cases[1].lp_number not in drill.content.decode()
    geo = client.get(f"/anev/hotspot.geojson{JAN}&unit={district.polres.pk}").json()
    assert geo["features"] and geo["features"][0]["properties"]["kind"] == "hotspot"
    forecast = client.get(f"/anev/hotspot.geojson{JAN}&unit={district.polres.pk}&lapisan=perkiraan").json()
    assert forecast["features"]


def test_a_polsek_sees_only_its_own_cases(login, district, polsek_a_user, cases):
    client = login(polsek_a_user)
    page = client.get(f"/anev/perkara/{JAN}")
    assert cases[0].lp_number in page.content.decode() and cases[1].lp_number not in page.content.decode()
    assert client.get(f"/anev/perkara/{cases[1].pk}/").status_code == 404
    assert client.get(f"/anev/perkara/{cases[0].pk}/").status_code == 200


def test_partners_see_none(login, partner_user, cases):
    client = login(partner_user)
    assert client.get(f"/anev/perkara/{JAN}").status_code == 403
    assert client.get(f"/anev/perkara/{cases[0].pk}/").status_code in (403, 404)
    assert client.get(f"/anev/{JAN}").status_code == 403


def test_case_entry_by_form_and_status_change(login, district, polsek_a_user):
    client = login(polsek_a_user)
    response = client.post("/anev/perkara/baru/", {
        "unit": district.polsek_a.pk, "lp_number": "LP/B/9/I/2024/SPKT/POLSEK JOMBANG", "crime_type": "curanmor",
        "occurred_at": "2024-01-05T20:00", "desa_code": district.desa_a[0].code, "victims": 1, "suspects": 0,
        "loss_rp": 15000000,
    })  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302 and case.unit == district.polsek_a and case.desa == district.desa_a[0]
    client.post(f"/anev/perkara/{case.pk}/status/", {"status": "sidik", "on": "2024-01-09"})
    case.refresh_from_db()
    assert case.status == "sidik" and case.history.count() == 2
    bad = client.post("/anev/perkara/baru/", {
        "unit": district.polsek_a.pk, "lp_number": "LP/B/10/I/2024", "crime_type": "curat",
        "occurred_at": "2024-01-05T20:00", "desa_code": district.desa_b[0].code, "victims": 0, "suspects": 0,
        "loss_rp": 0,
    })  # fmt: skip
    assert bad.status_code == 200 and "di luar wilayah hukum" in bad.content.decode()
    assert Case.objects.count() == 1


def test_api_lists_and_records_idempotently(api_client, district, polsek_a_user, partner_user, cases):
    client, headers = api_client(polsek_a_user)
    listed = client.get("/api/analysis/cases?dari=2024-01-01&sampai=2024-01-31", headers=headers).json()
    assert [c["lp_number"] for c in listed] == [cases[0].lp_number]
    body = json.dumps({
        "client_id": "7b0f8a3e-2c1d-4e5f-9a8b-1c2d3e4f5a6b", "unit_id": district.polsek_a.pk,
        "lp_number": "LP/B/77/I/2024/SPKT", "crime_type": "curat", "occurred_at": "2024-01-06T10:00:00+07:00",
    })  # fmt: skip
    first = client.post("/api/analysis/cases", data=body, headers=headers, content_type="application/json")
    again = client.post("/api/analysis/cases", data=body, headers=headers, content_type="application/json")
    assert first.status_code == 201, first.content
    assert again.status_code == 201 and first.json()["id"] == again.json()["id"]
    stats = client.get(f"/api/analysis/stats?unit={district.polsek_a.pk}&dari=2024-01-01&periode_jenis=month",
                       headers=headers)  # fmt: skip
    assert stats.status_code == 200, stats.content
    stats = stats.json()
    assert stats["ct"] == 2 and stats["cc_pct"] == 0.0
    pclient, pheaders = api_client(partner_user)
    assert pclient.get("/api/analysis/cases", headers=pheaders).status_code == 403
