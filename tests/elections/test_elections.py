"""Elections: stage templates, Pilkades scope and stages, operations, the calendar overlay, API and access."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from siaga.core.access import SYSTEM
from siaga.elections import selectors, services
from siaga.elections.calendar import CalendarItem, month_grid
from siaga.elections.models import Stage
from tests.elections.factories import ElectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilkada(district):
    return ElectionFactory(name="Pilkada Bupati Jember 2024", unit=district.polres, regions=[district.kabupaten])


def test_election_apply_template_creates_the_pkpu_stages(pilkada):
    stages = services.election_apply_template(actor=SYSTEM, election=pilkada, template_code="pilkada_2024")
    by_code = {s.code: s for s in stages}
    assert (by_code["kampanye"].start, by_code["kampanye"].end) == (date(2024, 9, 25), date(2024, 11, 23))
    assert by_code["masa-tenang"].start == date(2024, 11, 24) and by_code["pemungutan-suara"].is_critical
    services.election_apply_template(
        actor=SYSTEM, election=pilkada, template_code="pilkada_2024"
    )  # re-applying replaces
    assert pilkada.stages.filter(code="kampanye").count() == 1


def test_stage_template_shifts_with_the_voting_day(district):
    pemilu = ElectionFactory(
        type="pemilu", unit=district.polres, regions=[district.kabupaten], voting_day=date(2024, 2, 21)
    )
    services.election_apply_template(actor=SYSTEM, election=pemilu, template_code="pemilu_2024")
    assert pemilu.stages.get(code="pemungutan-suara").start == date(2024, 2, 21)
    assert pemilu.stages.get(code="kampanye").start == date(2023, 12, 5)


def test_apply_template_page_needs_the_right(pilkada, login, ops_user, viewer_user):
    url = f"/pemilihan/{pilkada.pk}/templat/"
    assert login(viewer_user).post(url, {"template": "pilkada_2024"}).status_code == 403
    assert login(ops_user).post(url, {"template": "pilkada_2024"}).status_code == 302
    assert pilkada.stages.count() == 12
    page = login(ops_user).get(f"/pemilihan/{pilkada.pk}/").content.decode()
    assert "Masa kampanye" in page


def test_pilkades_must_cover_exactly_one_desa(district):
    with pytest.raises(ValidationError):
        services.election_create(
            actor=SYSTEM,
            name="Pilkades",
            type="pilkades",
            unit=district.polres,
            regions=[district.kec_a],
            voting_day=date(2025, 9, 25),
        )
    election = services.election_create(
        actor=SYSTEM,
        name="Pilkades A1",
        type="pilkades",
        unit=district.polres,
        regions=[district.desa_a[0]],
        voting_day=date(2025, 9, 25),
    )
    services.candidate_create(actor=SYSTEM, election=election, number=1, name="Calon Kades Satu")
    with pytest.raises(ValidationError):
        services.candidate_create(actor=SYSTEM, election=election, number=1, name="Calon Lain")


def test_pilkades_stages_are_entered_per_kabupaten(district, login, ops_user):
    for desa in (district.desa_a[0], district.desa_b[1]):
        services.election_create(
            actor=SYSTEM,
            name=f"Pilkades {desa.name}",
            type="pilkades",
            unit=district.polres,
            regions=[desa],
            voting_day=date(2025, 9, 25),
        )
    client = login(ops_user)
    assert "Kabupaten Jember" in client.get("/pemilihan/pilkades/tahapan/").content.decode()
    response = client.post(
        "/pemilihan/pilkades/tahapan/",
        {
            "kabupaten": "35.09",
            "name": "Kampanye Pilkades",
            "start": "2025-09-10",
            "end": "2025-09-21",
            "is_critical": "on",
        },
    )
    assert response.status_code == 302
    assert Stage.objects.filter(name="Kampanye Pilkades", election__type="pilkades").count() == 2


def test_operation_detail_and_candidates(district, pilkada, login, polsek_a_user):
    services.candidate_create(actor=SYSTEM, election=pilkada, number=1, name="Paslon Uji (demo)")
    op = services.operation_create(
        actor=SYSTEM,
        name="Ops Mantap Praja",
        unit=district.polres,
        start=date(2024, 8, 19),
        end=date(2024, 12, 31),
        elections=[pilkada],
    )
    client = login(polsek_a_user)  # a Polsek sees its Polres's elections and operations
    assert "Pilkada Bupati Jember 2024" in client.get(f"/operasi/{op.pk}/").content.decode()
    assert "Paslon Uji" in client.get(f"/pemilihan/{pilkada.pk}/").content.decode()
    with pytest.raises(ValidationError):
        services.candidate_create(
            actor=SYSTEM, election=ElectionFactory(type="pemilu", unit=district.polres), number=1, name="x"
        )


def test_month_grid_marks_days_where_two_things_overlap():
    items = [
        CalendarItem("stage", "Masa kampanye", date(2023, 11, 28), date(2024, 2, 10)),
        CalendarItem("operation", "Ops Mantap Brata", date(2023, 10, 19), date(2024, 10, 20), counts=False),
    ]
    grid = month_grid(2023, 12, items)
    overlap = {d.day for d in grid.overlap_days}
    assert date(2023, 12, 25) in overlap  # Natal during the campaign: the Nataru case
    assert date(2023, 12, 20) not in overlap  # campaign + operation only
    assert date(2023, 12, 25) in {d.day for w in grid.weeks for d in w if d.is_holiday}


def test_calendar_page_shows_stages_holidays_events_and_overlaps(district, pilkada, login, ops_user):
    services.election_apply_template(actor=SYSTEM, election=pilkada, template_code="pilkada_2024")
    client = login(ops_user)
    client.post(
        "/kalender/?bulan=2024-11",
        {"title": "Haul akbar", "kind": "keagamaan", "start": "2024-11-10", "end": "2024-11-10", "location": ""},
    )
    html = client.get(f"/kalender/?bulan=2024-11&pemilihan={pilkada.pk}").content.decode()
    assert "Masa kampanye" in html and "Haul akbar" in html
    assert 'data-date="2024-11-10" data-overlap="1"' in html
    assert 'data-date="2024-11-11" data-overlap' not in html
    december = client.get("/kalender/?bulan=2024-12").content.decode()
    assert "Natal" in december


def test_holidays_come_from_lokal_when_it_has_the_year():
    from siaga.elections.holidays import holidays_between

    names = {h.name for h in holidays_between(date(2026, 3, 19), date(2026, 3, 22))}
    assert any("Idulfitri" in n for n in names)
    assert any("Idulfitri 1445" in h.name for h in holidays_between(date(2024, 4, 1), date(2024, 4, 30)))


def test_election_api_lists_details_and_stages(district, pilkada, api_client, polsek_a_user):
    services.election_apply_template(actor=SYSTEM, election=pilkada, template_code="pilkada_2024")
    client, headers = api_client(polsek_a_user)
    assert [e["id"] for e in client.get("/api/elections/", headers=headers).json()] == [pilkada.pk]
    detail = client.get(f"/api/elections/{pilkada.pk}", headers=headers).json()
    assert detail["regions"] == ["35.09"] and len(detail["stages"]) == 12
    stages = client.get(f"/api/elections/{pilkada.pk}/tahapan", headers=headers).json()
    assert stages[0]["start"] == "2024-04-17"
    assert client.get("/api/elections/999", headers=headers).status_code == 404


def test_elections_of_another_polres_are_invisible(district, pilkada, kapolres):
    from tests.factories import UnitFactory

    other = UnitFactory(code="polres-lain", kind="polres", parent=district.polda)
    ElectionFactory(name="Pilkada Lain", unit=other)
    names = {e.name for e in selectors.election_list(user=kapolres)}
    assert names == {"Pilkada Bupati Jember 2024"}


def test_calendar_opens_at_the_users_election_when_nothing_is_under_way(district, pilkada, login, ops_user):
    services.election_apply_template(actor=SYSTEM, election=pilkada, template_code="pilkada_2024")
    assert selectors.calendar_default_month(user=ops_user, today=date(2026, 11, 25)) == pilkada.voting_day
    assert selectors.calendar_default_month(user=ops_user, today=date(2024, 10, 1)) == date(2024, 10, 1)
    html = login(ops_user).get("/kalender/").content.decode()
    assert "November 2024" in html
