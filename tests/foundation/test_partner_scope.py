"""Partners see what is shared with them and the public election, nothing of the Polres's own police material:
not its operation (with all its units), not its police calendar entries (issue #16, Low)."""

import datetime

import pytest

from siaga.elections.models import CalendarEvent
from tests.deployment.factories import election_for, operation_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def polres_material(district):
    election = election_for(district)
    operation = operation_for(district, election)
    operation.units.set([district.polres, district.polsek_a, district.polsek_b])
    day = datetime.date(2024, 11, 20)
    police = CalendarEvent.objects.create(
        unit=district.polres, title="Apel gelar pasukan Ops Mantap Praja", kind="kepolisian", start=day, end=day
    )
    public = CalendarEvent.objects.create(
        unit=district.polres, title="Haul akbar di alun-alun", kind="keagamaan", start=day, end=day
    )
    return election, operation, police, public


def test_a_partner_sees_the_election_but_not_the_police_operation_or_police_agenda(
    polres_material, login, partner_user
):
    election, operation, police, public = polres_material
    client = login(partner_user)
    detail = client.get(f"/pemilihan/{election.pk}/")
    assert detail.status_code == 200 and election.name in detail.text
    assert operation.name not in detail.text
    assert client.get(f"/operasi/{operation.pk}/").status_code == 404
    month = client.get("/kalender/?bulan=2024-11").text
    assert public.title in month and police.title not in month and operation.name not in month
    api = client.get("/api/elections/operasi")
    assert api.status_code == 200 and all(item["id"] != operation.pk for item in api.json())


def test_a_polsek_still_sees_its_polres_operation_and_agenda(polres_material, login, polsek_a_user):
    election, operation, police, public = polres_material
    client = login(polsek_a_user)
    assert client.get(f"/operasi/{operation.pk}/").status_code == 200
    month = client.get("/kalender/?bulan=2024-11").text
    assert police.title in month and public.title in month and operation.name in month
