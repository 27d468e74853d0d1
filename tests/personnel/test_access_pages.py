"""Personnel pages follow the permission boundary: ops staff change their own subtree's officers only."""

import datetime

import pytest

from siaga.core.access import SYSTEM
from siaga.personnel import services
from siaga.personnel.models import Personnel, Unavailability
from tests.conftest import _user
from tests.personnel.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


def test_ops_of_polsek_a_edits_its_officers_but_not_polsek_b_ones(district, login):
    own = PersonnelFactory(unit=district.polsek_a, name="Bripka Jombang")
    other = PersonnelFactory(unit=district.polsek_b, name="Bripka Kencong")
    client = login(_user("ops_polsek_a", "ops", district.polsek_a))
    page = client.get(f"/personel/{own.pk}/").content.decode()
    assert f"/personel/{own.pk}/ubah/" in page
    assert client.get(f"/personel/{own.pk}/ubah/").status_code == 200
    assert client.get(f"/personel/{other.pk}/ubah/").status_code == 404
    day = datetime.date(2024, 11, 27)
    away = services.unavailability_add(user=SYSTEM, personnel=other, start=day, end=day, reason="cuti")
    assert client.post(f"/personel/tidak-tersedia/{away.pk}/hapus/").status_code == 404
    assert Unavailability.objects.filter(pk=away.pk).exists()
    assert Personnel.objects.get(pk=other.pk).name == "Bripka Kencong"


def test_a_viewer_sees_the_officer_without_edit_links_and_cannot_record_leave(district, viewer_user, login):
    officer = PersonnelFactory(unit=district.polsek_a)
    client = login(viewer_user)
    assert f"/personel/{officer.pk}/ubah/" not in client.get(f"/personel/{officer.pk}/").content.decode()
    leave = {"start": "2024-11-27", "end": "2024-11-27", "reason": "cuti", "note": ""}
    assert client.post(f"/personel/{officer.pk}/", leave).status_code == 403
    assert not Unavailability.objects.exists()
