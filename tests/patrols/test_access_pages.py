"""Patrol pages follow the permission boundary: planners of the sector change objects and teams; a check-in is
made by a member of the team or recorded by a planner of its sector."""

import uuid

import pytest

from siaga.patrols.models import PatrolCheckin, PatrolStop, PatrolTeam, VulnerableObject
from tests.conftest import _user

pytestmark = pytest.mark.django_db


def _checkin_post(client, stop):
    data = {f"s{stop.pk}-client_id": str(uuid.uuid4()), f"s{stop.pk}-note": "aman"}
    return client.post(f"/patroli/titik/{stop.pk}/checkin/", data, headers={"HX-Request": "true"})


def test_a_kapolsek_sees_the_teams_route_but_only_members_or_planners_check_in(
    world, make_plan, login, polsek_a_user, district
):
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    response = _checkin_post(login(polsek_a_user), stop)  # may follow the team (patrols.plan), is not a member
    assert response.status_code == 403 and "bukan anggota" in response.content.decode()
    assert not PatrolCheckin.objects.exists()
    planner = _user("ops_polsek_a", "ops", district.polsek_a)  # patrols.change on the team: records for it
    assert _checkin_post(login(planner), stop).status_code == 200
    assert PatrolCheckin.objects.get().user == planner


def test_ops_of_another_sector_cannot_edit_delete_or_extend_polsek_a_objects_and_teams(world, login, district):
    client = login(_user("ops_polsek_b", "ops", district.polsek_b))
    obj, team = world.objects_a[0], world.team_a
    assert client.post(f"/patroli/objek/{obj.pk}/ubah/", {"name": "Diambil alih"}).status_code == 404
    assert client.post(f"/patroli/objek/{obj.pk}/hapus/").status_code == 404
    assert client.post(f"/patroli/tim/{team.pk}/hapus/").status_code == 404
    assert VulnerableObject.objects.get(pk=obj.pk).name == obj.name and PatrolTeam.objects.filter(pk=team.pk).exists()


def test_a_partner_sees_a_shared_object_but_cannot_change_it(world, login, partner_user):
    client = login(partner_user)
    office = world.kpu_office
    page = client.get(f"/patroli/objek/{office.pk}/").content.decode()
    assert office.name in page and f"/patroli/objek/{office.pk}/ubah/" not in page
    assert client.post(f"/patroli/objek/{office.pk}/ubah/", {"name": "X"}).status_code == 403
    period = {"label": "Distribusi", "starts_at": "2024-11-20T08:00", "ends_at": "2024-11-21T08:00", "multiplier": "2"}
    assert client.post(f"/patroli/objek/{office.pk}/periode-kritis/", period).status_code == 403
    assert not office.critical_periods.exists() and VulnerableObject.objects.get(pk=office.pk).name == office.name
