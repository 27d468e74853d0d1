import uuid

from siaga.patrols.models import PatrolCheckin, PatrolStop


def test_api_checkin_is_idempotent_and_token_authenticated(world, make_plan, api_client, field_a_user):
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    client, headers = api_client(field_a_user)
    data = {
        "client_id": str(uuid.uuid4()),
        "team_id": world.team_a.pk,
        "object_id": stop.object_id,
        "stop_id": stop.pk,
        "lat": "-8.23",
        "lon": "113.33",
        "note": "aman",
    }
    first = client.post("/api/patrols/checkin", data, headers=headers)
    retry = client.post("/api/patrols/checkin", data, headers=headers)
    assert first.status_code == 201 and first.json()["created"] is True
    assert retry.status_code == 200 and retry.json()["id"] == first.json()["id"]
    assert PatrolCheckin.objects.count() == 1
    assert client.post("/api/patrols/checkin", data).status_code == 401


def test_api_checkin_rejects_a_stranger_and_bad_input(world, make_plan, api_client, polsek_a_user, field_a_user):
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    client, headers = api_client(polsek_a_user)
    data = {"client_id": str(uuid.uuid4()), "team_id": world.team_a.pk, "object_id": stop.object_id}
    response = client.post("/api/patrols/checkin", data, headers=headers)
    assert response.status_code == 403 and "anggota" in response.json()["detail"]
    client, headers = api_client(field_a_user)
    bad = client.post("/api/patrols/checkin", {**data, "client_id": "bukan-uuid"}, headers=headers)
    assert bad.status_code == 422
    assert PatrolCheckin.objects.count() == 0


def test_api_my_route_and_coverage(world, make_plan, api_client, field_a_user, ops_user):
    make_plan()
    client, headers = api_client(field_a_user)
    stops = client.get("/api/patrols/saya", headers=headers).json()
    assert stops and {s["team_id"] for s in stops} == {world.team_a.pk}
    assert [s["seq"] for s in stops] == sorted(s["seq"] for s in stops)
    client, headers = api_client(ops_user)
    rows = client.get("/api/patrols/cakupan", headers=headers).json()
    assert {r["object_name"] for r in rows} >= {o.name for o in world.objects_a}


def test_api_objects_scoped_for_partner(world, api_client, partner_user):
    client, headers = api_client(partner_user)
    objects = client.get("/api/patrols/objek", headers=headers).json()
    assert [o["name"] for o in objects] == ["Kantor KPU Jember"]
    assert objects[0]["effective_weight"] == 9 and "bobot dasar 9" in objects[0]["weight_explanation"]
