"""Persona scoping: a Polsek sees its own sector, a partner only what is shared, the public nothing."""

import pytest

from siaga.patrols.models import PatrolStop, VulnerableObject


def _names(client, url="/patroli/peta/objek.geojson"):
    return {f["properties"]["name"] for f in client.get(url).json()["features"]}


def test_polsek_sees_only_its_objects(world, login, polsek_a_user):
    names = _names(login(polsek_a_user))
    assert names == {o.name for o in world.objects_a}
    assert set(VulnerableObject.objects.restrict(polsek_a_user)) == set(world.objects_a)


def test_partner_sees_only_shared_objects(world, login, partner_user, bawaslu_user):
    assert _names(login(partner_user)) == {"Kantor KPU Jember"}
    assert _names(login(bawaslu_user)) == set()


def test_public_sees_nothing(world, client):
    response = client.get("/patroli/peta/objek.geojson")
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert client.get("/api/patrols/objek").status_code == 401
    assert client.get("/patroli/objek/").status_code == 302


def test_polsek_sees_only_its_teams_stops_and_plans_of_its_unit(world, make_plan, login, polsek_a_user, district):
    polres_plan = make_plan()
    own_plan = make_plan(unit=district.polsek_a)
    body = login(polsek_a_user).get("/patroli/rencana/").content.decode()
    assert own_plan.title in body or f"/patroli/rencana/{own_plan.pk}/" in body
    assert f"/patroli/rencana/{polres_plan.pk}/" not in body
    assert login(polsek_a_user).get(f"/patroli/rencana/{polres_plan.pk}/").status_code == 404
    teams = {s.team_id for s in PatrolStop.objects.restrict(polsek_a_user)}
    assert teams == {world.team_a.pk}


@pytest.mark.parametrize("persona", ["field_a_user", "partner_user", "viewer_user"])
def test_field_users_partners_and_viewers_cannot_open_plans(world, make_plan, login, persona, request):
    plan = make_plan()
    client = login(request.getfixturevalue(persona))
    assert client.get("/patroli/rencana/").status_code == 403
    assert client.get(f"/patroli/rencana/{plan.pk}/").status_code == 404


def test_field_user_sees_only_his_teams_route(world, make_plan, login, field_a_user):
    make_plan()
    client = login(field_a_user)
    features = client.get("/patroli/peta/rute.geojson").json()["features"]
    assert {f["properties"]["team"] for f in features} == {world.team_a.pk}
    page = client.get("/patroli/saya/").content.decode()
    assert "Tim Jombang" in page and "Posko Kencong" not in page
    assert client.get(f"/patroli/saya/?tim={world.team_b.pk}").context["stops"] == []


def test_only_planners_edit_objects(world, login, polsek_a_user, ops_user):
    obj = world.objects_a[0]
    assert login(polsek_a_user).get(f"/patroli/objek/{obj.pk}/ubah/").status_code == 403
    assert login(ops_user).get(f"/patroli/objek/{obj.pk}/ubah/").status_code == 200
