"""Persona tests for the foundation: scope by unit tree, partners, anonymous users."""

import pytest

from siaga.core.models import ObjectChange
from siaga.units.models import Unit

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_users_to_the_login_page(client, district):
    for path in ["/", "/satuan/", "/wilayah/35.09/", "/audit/", "/peta/wilayah.geojson"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/masuk/")
    assert client.get("/masuk/").status_code == 200


def test_it_refuses_the_api_to_anonymous_users(client, district):
    response = client.get("/api/regions/")
    assert response.status_code == 401
    assert "Autentikasi" in response.json()["detail"]


def test_polsek_sees_only_its_own_unit_subtree(district, polsek_a_user):
    visible = set(Unit.objects.restrict(polsek_a_user).values_list("code", flat=True))
    assert visible == {"polsek-jombang"}


def test_polres_sees_its_polsek_and_partners(district, kapolres):
    visible = set(Unit.objects.restrict(kapolres).values_list("code", flat=True))
    assert {"polres-jember", "polsek-jombang", "polsek-kencong", "kpu-jember"} <= visible
    assert "polda-jatim" not in visible


def test_partner_sees_only_its_own_agency(district, partner_user):
    assert list(Unit.objects.restrict(partner_user).values_list("code", flat=True)) == ["kpu-jember"]


def test_unit_tree_page_is_scoped(district, polsek_b_user, login):
    page = login(polsek_b_user).get("/satuan/").content.decode()
    assert "Polsek Kencong" in page
    assert "Polsek Jombang" not in page


def test_region_page_names_the_responsible_units(district, kapolres, login):
    page = login(kapolres).get(f"/wilayah/{district.desa_a[0].code}/").content.decode()
    assert "Polsek Jombang" in page and "Polres Jember" in page
    assert "Polsek Kencong" not in page


def test_dashboard_map_data_covers_the_users_jurisdiction(district, polsek_a_user, kapolres, login):
    data = login(polsek_a_user).get("/peta/wilayah.geojson").json()
    codes = {f["properties"]["code"] for f in data["features"]}
    assert district.desa_a[0].code in codes
    assert district.desa_b[0].code not in codes
    data = login(kapolres).get("/peta/wilayah.geojson").json()
    codes = {f["properties"]["code"] for f in data["features"]}
    assert {district.desa_a[0].code, district.desa_b[0].code} <= codes


def test_audit_trail_records_who_changed_what(district, admin_user, login):
    client = login(admin_user)
    client.post(
        f"/admin/units/unit/{district.polsek_a.pk}/change/",
        {
            "code": "polsek-jombang",
            "name": "Polsek Jombang Baru",
            "kind": "polsek",
            "parent": district.polres.pk,
            "regions": [district.kec_a.pk],
            "address": "",
            "lat": "",
            "lon": "",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    change = ObjectChange.objects.filter(model="units.Unit", object_id=str(district.polsek_a.pk)).first()
    assert change is not None, "perubahan satuan tidak tercatat"
    assert change.user == admin_user and change.ip == "10.1.2.3"
    assert change.changes["name"] == ["Polsek Jombang", "Polsek Jombang Baru"]


def test_only_admin_sees_the_audit_page(district, kapolres, admin_user, login):
    assert login(kapolres).get("/audit/").status_code == 403
    assert login(admin_user).get("/audit/").status_code == 200


def test_partners_a_polsek_may_share_with_are_its_polres_partners(district, polsek_a_user):
    from siaga.units.selectors import command_root, partners_for
    from tests.factories import UnitFactory

    other_polres = UnitFactory(code="polres-lain", name="Polres Lain", kind="polres", parent=district.polda)
    UnitFactory(code="kpu-lain", name="KPU Lain", kind="kpu", parent=other_polres)
    assert command_root(unit=district.polsek_a) == district.polres
    assert command_root(unit=district.kpu) == district.polres
    assert set(partners_for(user=polsek_a_user).values_list("code", flat=True)) == {"kpu-jember", "bawaslu-jember"}
