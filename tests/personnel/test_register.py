"""Register pages and persona scoping; availability; TNI/Linmas strength."""

import datetime

import pytest

from siaga.personnel import selectors, services
from siaga.personnel.models import Personnel, SupportStrength, Unavailability
from tests.personnel.factories import PersonnelFactory, squad

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(district):
    return {
        "a": squad(district.polsek_a, 3, name="Anggota Jombang"),
        "b": squad(district.polsek_b, 2, name="Anggota Kencong"),
        "hq": squad(district.polres, 2, name="Anggota Polres", function="lantas"),
    }


def test_polsek_sees_only_its_own_personnel_and_partner_none(people, polsek_a_user, partner_user, kapolres):
    assert set(Personnel.objects.restrict(polsek_a_user)) == set(people["a"])
    assert Personnel.objects.restrict(kapolres).count() == 7
    assert not Personnel.objects.restrict(partner_user).exists()


def test_list_page_filters_and_is_scoped(people, polsek_b_user, ops_user, login):
    page = login(polsek_b_user).get("/personel/").content.decode()
    assert "Anggota Kencong" in page and "Anggota Jombang" not in page
    client = login(ops_user)
    page = client.get("/personel/?function=lantas").content.decode()
    assert "2 personel" in page and "Anggota Polres" in page
    fragment = client.get("/personel/?q=Jombang", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "3 personel" in fragment


def test_list_query_count_is_flat(people, ops_user, login, django_assert_max_num_queries):
    squad(people["a"][0].unit, 30)
    client = login(ops_user)
    with django_assert_max_num_queries(12):
        assert client.get("/personel/").status_code == 200


def test_available_on_filter_excludes_leave(people, ops_user):
    officer = people["a"][0]
    day = datetime.date(2024, 11, 27)
    services.unavailability_add(user=ops_user, personnel=officer, start=day, end=day, reason="cuti")
    available = selectors.personnel_filter(user=ops_user, params={"available_on": "2024-11-27"})
    assert officer not in available and available.count() == 6
    assert not officer.is_available_on(day) and officer.is_available_on(day + datetime.timedelta(days=1))


def test_unavailability_form_rejects_a_reversed_range(people, ops_user, login):
    officer = people["a"][0]
    page = login(ops_user).post(
        f"/personel/{officer.pk}/", {"start": "2024-11-28", "end": "2024-11-26", "reason": "sakit"}
    )
    assert "tidak boleh sebelum" in page.content.decode()
    assert not Unavailability.objects.exists()


def test_edit_form_saves_and_audits(people, ops_user, login):
    officer = people["a"][0]
    data = {
        "name": "Nama Baru",
        "rank": "aipda",
        "function": "samapta",
        "unit": officer.unit_id,
        "phone": "",
        "home_lat": "",
        "home_lon": "",
        "is_active": "on",
    }
    response = login(ops_user).post(f"/personel/{officer.pk}/ubah/", data)
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.name == "Nama Baru" and officer.home_lat is None
    half = dict(data, home_lat="-8.2")
    page = login(ops_user).post(f"/personel/{officer.pk}/ubah/", half).content.decode()
    assert "bersama-sama" in page


def test_viewers_and_polsek_cannot_edit(people, viewer_user, polsek_a_user, login):
    officer = people["a"][0]
    assert login(viewer_user).get(f"/personel/{officer.pk}/ubah/").status_code == 403
    assert login(polsek_a_user).get(f"/personel/{people['b'][0].pk}/").status_code == 404


def test_support_strength_counts_per_unit_and_desa(district, ops_user, login):
    services.support_strength_set(user=ops_user, agency="tni", unit=district.polsek_a, count=12)
    services.support_strength_set(user=ops_user, agency="tni", unit=district.polsek_a, count=14)
    services.support_strength_set(
        user=ops_user, agency="linmas", unit=district.polsek_a, desa=district.desa_a[0], count=6
    )
    assert SupportStrength.objects.get(agency="tni", unit=district.polsek_a).count == 14
    assert selectors.support_totals(unit=district.polres) == {"tni": 14, "linmas": 6}
    page = login(ops_user).get("/personel/kekuatan/").content.decode()
    assert "Polsek Jombang" in page and "14" in page


def test_api_lists_scoped_personnel(people, api_client, polsek_a_user, partner_user):
    client, headers = api_client(polsek_a_user)
    data = client.get("/api/personnel/", headers=headers).json()
    assert {p["nrp"] for p in data} == {p.nrp for p in people["a"]}
    client, headers = api_client(partner_user)
    assert client.get("/api/personnel/", headers=headers).json() == []
    assert PersonnelFactory._meta.model is Personnel
