"""Pos AJU: ops staff add reserve candidate sites for units in their scope; others cannot."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from siaga.deployment.models import ReserveSite

pytestmark = pytest.mark.django_db
URL = "/plotting/pos-aju/"


def _post(client, unit, lat=-8.23, lon=113.33, name="Pos AJU Pasar Jombang"):
    return client.post(URL, {"name": name, "unit": unit.pk, "lat": lat, "lon": lon})


def test_ops_staff_add_a_pos_aju_and_see_it_listed(district, ops_user, login):
    client = login(ops_user)
    response = _post(client, district.polsek_a)
    assert response.status_code == 302
    site = ReserveSite.objects.get()
    assert (site.unit, site.name) == (district.polsek_a, "Pos AJU Pasar Jombang")
    assert "Pos AJU Pasar Jombang" in client.get(URL).content.decode()


def test_coordinates_outside_indonesia_are_refused_with_a_message(district, ops_user, login):
    response = _post(login(ops_user), district.polsek_a, lat=48.85, lon=2.35)
    assert response.status_code == 200
    assert "di luar wilayah Indonesia" in response.content.decode()
    assert not ReserveSite.objects.exists()


def test_a_unit_outside_the_users_scope_or_a_partner_is_refused(district, ops_user, login):
    from siaga.deployment import services
    from siaga.units.models import Unit
    from tests.factories import UnitFactory

    other = UnitFactory(code="polres-lain", name="Polres Lain", kind="polres", parent=district.polda)
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        services.reserve_site_create(user=ops_user, unit=other, name="X", lat=-8.2, lon=113.4)
    with pytest.raises(ValidationError, match="satuan Polri dalam wilayah Anda"):
        services.reserve_site_create(user=ops_user, unit=district.kpu, name="X", lat=-8.2, lon=113.4)
    assert not ReserveSite.objects.exists() and Unit.objects.filter(pk=other.pk).exists()


def test_a_kapolsek_can_neither_add_nor_see_another_sectors_sites(district, ops_user, polsek_b_user, login):
    ops = login(ops_user)
    _post(ops, district.polsek_a)
    ops.get(URL)  # shows (and so consumes) the flash message
    client = login(polsek_b_user)
    assert "Pos AJU Pasar Jombang" not in client.get(URL).content.decode()
    assert _post(client, district.polsek_b, name="Pos B").status_code == 403
    assert ReserveSite.objects.count() == 1
