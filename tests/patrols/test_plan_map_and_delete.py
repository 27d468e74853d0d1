"""The plan map (routes, stops, uncovered objects with reasons), the "Rencana" menu only for planners, deleting
objects and teams, and the CSV import page naming bad rows and columns."""

import uuid
from datetime import time

import pytest

from siaga.patrols.models import PatrolCheckin, PatrolStop, PatrolTeam, VulnerableObject
from siaga.patrols.services import patrol_checkin_record
from tests.patrols.factories import VulnerableObjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def night_warehouse(world, district):
    """Open only 20.00–22.00 while every shift runs 08.00–14.00: the plan cannot reach it."""
    return VulnerableObjectFactory(
        unit=district.polres,
        name="Gudang malam",
        lat=-8.21,
        lon=113.35,
        base_weight=10,
        open_from=time(20),
        open_to=time(22),
        visit_in_hours_only=True,
    )


def _geojson(client, plan, period, layer):
    return client.get(f"/patroli/rencana/{plan.pk}/peta/{period.pk}/{layer}.geojson").json()["features"]


def test_plan_map_draws_one_line_per_team_its_stops_and_uncovered_objects_with_reason(
    world, night_warehouse, make_plan, login, ops_user
):
    plan = make_plan()
    period = plan.plan_periods.get()
    client = login(ops_user)
    page = client.get(f"/patroli/rencana/{plan.pk}/").content.decode()
    assert 'id="plan-map"' in page and f"/peta/{period.pk}/rute.geojson" in page
    routes = _geojson(client, plan, period, "rute")
    assert sorted(f["properties"]["team"] for f in routes) == sorted([world.team_a.pk, world.team_b.pk])
    for feature in routes:
        team = PatrolTeam.objects.get(pk=feature["properties"]["team"])
        stops = PatrolStop.objects.filter(plan_period=period, team=team).count()
        assert feature["geometry"]["type"] == "LineString"
        assert len(feature["geometry"]["coordinates"]) == stops + 2  # base → stops → base
    points = _geojson(client, plan, period, "titik")
    assert len(points) == period.stops.count() and {f["geometry"]["type"] for f in points} == {"Point"}
    uncovered = _geojson(client, plan, period, "terlewat")
    assert [f["properties"]["name"] for f in uncovered] == ["Gudang malam"]  # "Rumah tanpa peta" has no point
    assert "Tidak dikunjungi: tidak terjangkau dalam jendela shift" in uncovered[0]["properties"]["popup"]


def test_plan_map_picks_the_chosen_day_and_shift(world, make_plan, login, ops_user):
    plan = make_plan(days=2)
    first, second = plan.plan_periods.order_by("day")
    page = login(ops_user).get(f"/patroli/rencana/{plan.pk}/?periode={second.pk}").content.decode()
    assert f'data-period="{second.pk}"' in page and f"/peta/{second.pk}/titik.geojson" in page
    default = login(ops_user).get(f"/patroli/rencana/{plan.pk}/").content.decode()
    assert f'data-period="{first.pk}"' in default  # today's shift by default


def test_plan_map_is_for_planners_only_and_unknown_layers_are_404(world, make_plan, login, field_a_user, ops_user):
    plan = make_plan()
    period = plan.plan_periods.get()
    assert login(field_a_user).get(f"/patroli/rencana/{plan.pk}/peta/{period.pk}/rute.geojson").status_code == 404
    assert login(ops_user).get(f"/patroli/rencana/{plan.pk}/peta/{period.pk}/semua.geojson").status_code == 404


def test_plan_map_layers_do_not_grow_queries_with_stops(
    world, night_warehouse, make_plan, login, ops_user, django_assert_max_num_queries
):
    plan = make_plan(days=1)
    period = plan.plan_periods.get()
    client = login(ops_user)
    for layer in ("rute", "titik", "terlewat"):
        with django_assert_max_num_queries(6):
            client.get(f"/patroli/rencana/{plan.pk}/peta/{period.pk}/{layer}.geojson")


@pytest.mark.parametrize("persona", ["field_a_user", "viewer_user", "partner_user"])
def test_rencana_menu_is_hidden_without_patrols_plan(world, login, persona, request):
    html = login(request.getfixturevalue(persona)).get("/patroli/objek/").content.decode()
    assert "/patroli/rencana/" not in html
    assert "/patroli/objek/" in html


def test_rencana_menu_is_shown_to_planners(world, login, polsek_a_user):
    assert ">Rencana</a>" in login(polsek_a_user).get("/patroli/objek/").content.decode()


def _checkin(user, team, obj):
    return patrol_checkin_record(user=user, client_id=uuid.uuid4(), team=team, obj=obj)


def test_object_delete_asks_first_then_deletes(world, login, ops_user):
    obj = world.objects_b[0]
    client = login(ops_user)
    confirm = client.get(f"/patroli/objek/{obj.pk}/hapus/")
    assert confirm.status_code == 200 and "Ya, hapus" in confirm.content.decode()
    assert VulnerableObject.objects.filter(pk=obj.pk).exists()  # GET never deletes
    assert client.post(f"/patroli/objek/{obj.pk}/hapus/").status_code == 302
    assert not VulnerableObject.objects.filter(pk=obj.pk).exists()


def test_object_with_checkins_cannot_be_deleted_and_the_page_says_why(world, make_plan, login, ops_user, field_a_user):
    make_plan()
    obj = world.objects_a[0]
    _checkin(field_a_user, world.team_a, obj)
    client = login(ops_user)
    assert "tidak dapat dihapus" in client.get(f"/patroli/objek/{obj.pk}/hapus/").content.decode().lower()
    response = client.post(f"/patroli/objek/{obj.pk}/hapus/")
    assert response.status_code == 400
    assert "sudah memiliki 1 check-in patroli" in response.content.decode()
    assert VulnerableObject.objects.filter(pk=obj.pk).exists() and PatrolCheckin.objects.count() == 1


def test_team_delete_refuses_teams_with_checkins_and_deletes_others(world, make_plan, login, ops_user, field_a_user):
    make_plan()
    _checkin(field_a_user, world.team_a, world.objects_a[0])
    client = login(ops_user)
    refused = client.post(f"/patroli/tim/{world.team_a.pk}/hapus/")
    assert refused.status_code == 400 and "sudah mencatat 1 check-in" in refused.content.decode()
    assert client.post(f"/patroli/tim/{world.team_b.pk}/hapus/").status_code == 302
    assert set(PatrolTeam.objects.values_list("name", flat=True)) == {"Tim Jombang", "Tim Cadangan"}
    assert not PatrolStop.objects.filter(team_id=world.team_b.pk).exists()


def test_delete_needs_patrols_change(world, login, polsek_a_user, polsek_b_user):
    assert login(polsek_a_user).post(f"/patroli/objek/{world.objects_a[0].pk}/hapus/").status_code == 403
    assert login(polsek_b_user).post(f"/patroli/tim/{world.team_a.pk}/hapus/").status_code == 403
    assert VulnerableObject.objects.filter(pk=world.objects_a[0].pk).exists()


def test_object_list_links_to_the_csv_import_and_the_page_names_bad_rows(
    district, login, ops_user, django_capture_on_commit_callbacks
):
    from siaga.core.models import Job

    client = login(ops_user)
    assert "/patroli/objek/impor/" in client.get("/patroli/objek/").content.decode()
    content = "nama;jenis;lintang;bujur;bobot\nGudang A;gudang;-8,2;113,7;9\n;kantor;-8,2;999;12\n"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/patroli/objek/impor/", {"file": _upload(content), "unit": district.polres.pk})
    job = Job.objects.get(kind="patrols.import")
    assert {(3, "nama"), (3, "jenis"), (3, "bujur"), (3, "bobot")} == {(e["row"], e["column"]) for e in job.errors}
    html = client.get(f"/pekerjaan/{job.pk}/").content.decode()
    assert "nama wajib diisi." in html and "di luar wilayah Indonesia" in html and "melebihi batas 10" in html
    assert not VulnerableObject.objects.exists()


def _upload(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("objek.csv", text.encode("utf-8"), content_type="text/csv")
