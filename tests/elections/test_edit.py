"""Create/edit of elections, candidates, operations and local events through services with elections.change,
scope regions limited to the user's jurisdiction, Pilkades bound to a single desa with its own candidates."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from siaga.core.access import SYSTEM
from siaga.core.models import ObjectChange
from siaga.elections import services
from siaga.elections.models import CalendarEvent, Candidate, Election, Operation
from tests.elections.factories import ElectionFactory
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilkada(district):
    return ElectionFactory(name="Pilkada Bupati Jember 2024", unit=district.polres, regions=[district.kabupaten])


@pytest.fixture
def foreign_desa(district):
    kab = RegionFactory(code="35.10", name="Kabupaten Banyuwangi", level=2, kind="kabupaten", parent=district.province)
    kec = RegionFactory(code="35.10.01", name="Pesanggaran", level=3, kind="kecamatan", parent=kab)
    return RegionFactory(code="35.10.01.2001", name="Sarongan", level=4, kind="desa", parent=kec)


def _election_post(district, **extra):
    return {
        "type": "pilkada",
        "name": "Pilkada Bupati Jember 2029",
        "voting_day": "2029-11-28",
        "unit": district.polres.pk,
        "regions": [district.kabupaten.code],
        **extra,
    }


def test_it_creates_and_edits_an_election_from_the_form(district, login, ops_user):
    client = login(ops_user)
    assert client.get("/pemilihan/baru/").status_code == 200
    response = client.post("/pemilihan/baru/", _election_post(district))
    election = Election.objects.get(name="Pilkada Bupati Jember 2029")
    assert response.status_code == 302 and response.url == f"/pemilihan/{election.pk}/"
    assert [r.code for r in election.regions.all()] == ["35.09"]
    edit = _election_post(district, name="Pilkada Jember 2029 (ulang)", voting_day="2029-12-05")
    assert client.post(f"/pemilihan/{election.pk}/ubah/", edit).status_code == 302
    election.refresh_from_db()
    assert (election.name, election.voting_day) == ("Pilkada Jember 2029 (ulang)", date(2029, 12, 5))
    assert "Ubah pemilihan" in client.get(f"/pemilihan/{election.pk}/").content.decode()


def test_pilkades_form_takes_exactly_one_desa_with_its_own_candidates(district, login, ops_user):
    client = login(ops_user)
    two = _election_post(district, type="pilkades", name="Pilkades A", regions=[r.code for r in district.desa_a])
    bad = client.post("/pemilihan/baru/", two)
    assert bad.status_code == 400 and "tepat satu desa" in bad.content.decode()
    ok = client.post("/pemilihan/baru/", {**two, "regions": [district.desa_a[0].code]})
    pilkades = Election.objects.get(name="Pilkades A")
    assert ok.status_code == 302 and list(pilkades.regions.all()) == [district.desa_a[0]]
    form = client.get(f"/pemilihan/{pilkades.pk}/calon/baru/").content.decode()
    assert "Calon kepala desa Desa Desa A1." in form
    client.post(f"/pemilihan/{pilkades.pk}/calon/baru/", {"number": 1, "name": "Calon Kades Satu", "parties": ""})
    client.post(f"/pemilihan/{pilkades.pk}/calon/baru/", {"number": 2, "name": "Calon Kades Dua", "parties": ""})
    duplicate = client.post(f"/pemilihan/{pilkades.pk}/calon/baru/", {"number": 2, "name": "Dobel"})
    assert duplicate.status_code == 400 and "Nomor urut 2 sudah dipakai" in duplicate.content.decode()
    assert list(pilkades.candidates.values_list("name", flat=True)) == ["Calon Kades Satu", "Calon Kades Dua"]
    detail = client.get(f"/pemilihan/{pilkades.pk}/").content.decode()
    assert "Calon kepala desa" in detail and "Calon Kades Dua" in detail


def test_candidate_edit_keeps_numbers_unique_and_is_audited(pilkada, login, ops_user):
    first = services.candidate_create(actor=SYSTEM, election=pilkada, number=1, name="Paslon Satu")
    services.candidate_create(actor=SYSTEM, election=pilkada, number=2, name="Paslon Dua")
    client = login(ops_user)
    url = f"/pemilihan/{pilkada.pk}/calon/{first.pk}/ubah/"
    assert client.post(url, {"number": 2, "name": "Paslon Satu"}).status_code == 400
    renamed = {"number": 1, "name": "Paslon Satu (ganti wakil)", "parties": "Koalisi A"}
    assert client.post(url, renamed).status_code == 302
    first.refresh_from_db()
    assert (first.name, first.parties) == ("Paslon Satu (ganti wakil)", "Koalisi A")
    assert ObjectChange.objects.filter(model="elections.Candidate", object_id=str(first.pk), action="update").exists()


def test_scope_regions_are_limited_to_the_users_jurisdiction(district, foreign_desa, login, ops_user):
    with pytest.raises(ValidationError, match="Di luar wilayah hukum"):
        services.election_create(
            name="Pilkades luar",
            type="pilkades",
            unit=district.polres,
            regions=[foreign_desa],
            voting_day=date(2025, 9, 25),
            actor=ops_user,
        )
    response = login(ops_user).post("/pemilihan/baru/", _election_post(district, regions=[foreign_desa.code]))
    assert response.status_code == 400 and not Election.objects.exists()
    choices = login(ops_user).get("/pemilihan/baru/").content.decode()
    assert "Sarongan" not in choices and "Desa A1" in choices


def test_only_elections_change_may_create_or_edit(district, pilkada, login, viewer_user, polsek_a_user, ops_user):
    for user in (viewer_user, polsek_a_user):
        client = login(user)
        assert client.get("/pemilihan/baru/").status_code == 403
        assert client.post(f"/pemilihan/{pilkada.pk}/ubah/", _election_post(district)).status_code == 403
        assert client.get("/operasi/baru/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.candidate_create(election=pilkada, number=1, name="x", actor=viewer_user)
    assert not Candidate.objects.exists()


def test_it_creates_and_edits_an_operation_over_elections_and_units(district, pilkada, login, ops_user):
    client = login(ops_user)
    data = {
        "name": "Ops Mantap Praja Semeru 2029",
        "unit": district.polres.pk,
        "start": "2029-08-19",
        "end": "2029-12-31",
        "elections": [pilkada.pk],
        "units": [district.polsek_a.pk, district.polsek_b.pk],
    }
    assert client.post("/operasi/baru/", {**data, "end": "2029-01-01"}).status_code == 400
    assert client.post("/operasi/baru/", data).status_code == 302
    op = Operation.objects.get()
    assert list(op.elections.all()) == [pilkada] and op.units.count() == 2
    assert client.post(f"/operasi/{op.pk}/ubah/", {**data, "units": [], "name": "Ops Mantap Praja"}).status_code == 302
    op.refresh_from_db()
    assert op.name == "Ops Mantap Praja" and list(op.units.all()) == [district.polres]


def test_calendar_events_can_be_edited_from_the_calendar(district, login, ops_user, polsek_a_user):
    event = services.calendar_event_create(
        actor=SYSTEM, unit=district.polres, title="Haul akbar", start=date(2024, 11, 10), end=date(2024, 11, 10)
    )
    client = login(ops_user)
    assert f"/kalender/agenda/{event.pk}/ubah/" in client.get("/kalender/?bulan=2024-11").content.decode()
    data = {"title": "Haul akbar (diundur)", "kind": "keagamaan", "start": "2024-11-17", "end": "2024-11-16"}
    assert client.post(f"/kalender/agenda/{event.pk}/ubah/", data).status_code == 400
    assert client.post(f"/kalender/agenda/{event.pk}/ubah/", {**data, "end": "2024-11-17"}).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.start) == ("Haul akbar (diundur)", date(2024, 11, 17))
    assert login(polsek_a_user).get(f"/kalender/agenda/{event.pk}/ubah/").status_code == 403
    assert CalendarEvent.objects.count() == 1


def test_changing_to_pemilu_with_candidates_is_refused(district, pilkada, ops_user):
    services.candidate_create(actor=SYSTEM, election=pilkada, number=1, name="Paslon Satu")
    with pytest.raises(ValidationError, match="Pemilu tidak mencatat calon"):
        services.election_update(
            election=pilkada,
            actor=ops_user,
            name=pilkada.name,
            type="pemilu",
            unit=district.polres,
            regions=[district.kabupaten],
            voting_day=pilkada.voting_day,
        )
