"""The live reports page narrowed to one Polres (`?unit=`): Polda and Mabes staff drilling down from the roll-up
pick a Polres within their scope; any other id gives nothing and reads the same whether the unit exists or not."""

import re

import pytest

from siaga.command.services import mabes_attach
from siaga.core.access import SYSTEM
from siaga.reports.models import Report
from tests.factories import UnitFactory, UserFactory
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db

NOWHERE = 987654321  # no unit has this id


@pytest.fixture
def world(district, kapolres):
    """Reports at Polsek Jombang and Polres Jember (Polda Jatim), at Polres Lumajang (Polda Jatim) and at Polres
    Semarang (Polda Jateng)."""
    lumajang = UnitFactory(code="polres-lumajang", name="Polres Lumajang", kind="polres", parent=district.polda)
    jateng = UnitFactory(code="polda-jateng", name="Polda Jawa Tengah", kind="polda")
    semarang = UnitFactory(code="polres-semarang", name="Polres Semarang", kind="polres", parent=jateng)
    reports = {
        "polsek_a": submit(kapolres, **desa_point(district.desa_a[0])),
        "jember": submit(kapolres, text="Baliho calon dirusak", **desa_point(district.desa_b[0])),
        "lumajang": submit(kapolres, text="Bentrok pendukung di lapangan", **desa_point(district.desa_b[1])),
        "semarang": submit(kapolres, text="Ancaman kepada KPPS", **desa_point(district.desa_a[1])),
    }
    Report.objects.filter(pk=reports["polsek_a"].pk).update(unit=district.polsek_a)
    for key, unit in (("jember", district.polres), ("lumajang", lumajang), ("semarang", semarang)):
        Report.objects.filter(pk=reports[key].pk).update(unit=unit)
    return {"lumajang": lumajang, "jateng": jateng, "semarang": semarang, "reports": reports}


def _ids(client, **params) -> set[int]:
    response = client.get("/laporan/feed.json", params)
    assert response.status_code == 200
    return {r["id"] for r in response.json()["reports"]}


def _normal(page: str, unit_id: int) -> str:
    """The page without what differs per request (CSRF token, CSP nonce) and with the requested id blanked."""
    page = re.sub(r'("X-CSRFToken": "|nonce="|name="csrfmiddlewaretoken" value=")[^"]*', r"\1", page)
    return page.replace(f'value="{unit_id}"', 'value="ID"')


def _pks(world, *keys) -> set[int]:
    return {world["reports"][key].pk for key in keys}


def test_a_polda_user_narrows_the_live_reports_to_one_polres(district, world, login):
    client = login(UserFactory(username="karoops_jatim", role="ops", unit=district.polda))
    assert _ids(client) == _pks(world, "polsek_a", "jember", "lumajang")
    assert _ids(client, unit=district.polres.pk) == _pks(world, "polsek_a", "jember")  # its Polsek included
    assert _ids(client, unit=world["lumajang"].pk) == _pks(world, "lumajang")
    assert _ids(client, unit=world["lumajang"].pk, category="ancaman_teror") == set()  # with the other filters
    page = client.get("/laporan/", {"unit": world["lumajang"].pk}).content.decode()
    assert 'data-testid="live-unit-filter"' in page
    assert f'<option value="{world["lumajang"].pk}" selected>Polres Lumajang</option>' in page
    assert f'<option value="{district.polres.pk}">Polres Jember</option>' in page
    assert "Polres Semarang" not in page  # only Polres within the user's own scope are offered
    page = client.get("/laporan/", {"unit": district.polres.pk, "severity": "3", "hours": "24"}).content.decode()
    assert '<option value="3" selected>Tinggi+</option>' in page and '<option value="24" selected>24 jam' in page


def test_mabes_staff_narrow_to_a_polres_of_any_polda(district, world, login):
    mabes = mabes_attach(actor=SYSTEM)
    client = login(UserFactory(username="ops_mabes", role="ops", unit=mabes))
    assert _ids(client) == _pks(world, "polsek_a", "jember", "lumajang", "semarang")
    assert _ids(client, unit=world["semarang"].pk) == _pks(world, "semarang")
    page = client.get("/laporan/").content.decode()
    assert "Polres Semarang</option>" in page and "Polres Lumajang</option>" in page


@pytest.mark.parametrize("who", ["polda", "polres"])
def test_a_unit_outside_the_scope_reads_as_one_that_does_not_exist(district, world, kapolres, login, who):
    user = kapolres if who == "polres" else UserFactory(username="karoops_jatim", role="ops", unit=district.polda)
    client = login(user)
    outside = world["semarang"].pk if who == "polda" else world["lumajang"].pk
    assert _ids(client, unit=outside) == set() == _ids(client, unit=NOWHERE)
    assert _ids(client, unit=world["jateng"].pk) == set()  # a Polda id is no Polres
    pages = {}
    for unit_id in (outside, NOWHERE):
        response = client.get("/laporan/", {"unit": unit_id})
        assert response.status_code == 200
        pages[unit_id] = response.content.decode()
        assert "Satuan tidak ditemukan di wilayah Anda" in pages[unit_id]
        assert "Semarang" not in pages[unit_id] and "Jawa Tengah" not in pages[unit_id]
    assert _normal(pages[outside], outside) == _normal(pages[NOWHERE], NOWHERE)


def test_a_malformed_unit_is_a_bad_request(district, world, kapolres, login):
    client = login(kapolres)
    assert client.get("/laporan/feed.json", {"unit": "abc"}).status_code == 400
    assert client.get("/laporan/", {"unit": "abc"}).status_code == 400


def test_a_polres_user_is_unaffected(district, world, kapolres, polsek_a_user, login):
    client = login(kapolres)
    own = _pks(world, "polsek_a", "jember")
    assert _ids(client) == own == _ids(client, unit=district.polres.pk)
    assert 'data-testid="live-unit-filter"' not in client.get("/laporan/").content.decode()
    polsek = login(polsek_a_user)
    assert _ids(polsek) == _pks(world, "polsek_a")
    assert 'data-testid="live-unit-filter"' not in polsek.get("/laporan/").content.decode()
