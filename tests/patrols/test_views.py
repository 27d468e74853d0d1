import uuid
from datetime import timedelta

from django.utils import timezone

from siaga.patrols.models import PatrolCheckin, PatrolPlan, PatrolStop, PatrolTeam, VulnerableObject


def test_ops_pages_render(world, make_plan, login, ops_user):
    plan = make_plan()
    client = login(ops_user)
    obj, team = world.objects_a[0], world.team_a
    for url in [
        "/patroli/objek/",
        "/patroli/objek/?jenis=ppk_pps",
        f"/patroli/objek/{obj.pk}/",
        "/patroli/objek/baru/",
        "/patroli/objek/impor/",
        "/patroli/tim/",
        f"/patroli/tim/{team.pk}/",
        "/patroli/tim/baru/",
        "/patroli/rencana/",
        "/patroli/rencana/baru/",
        f"/patroli/rencana/{plan.pk}/",
        "/patroli/saya/",
        "/patroli/cakupan/",
        "/patroli/peta/",
        "/",
    ]:
        assert client.get(url).status_code == 200, url
    detail = client.get(f"/patroli/rencana/{plan.pk}/").content.decode()
    assert "Rumah tanpa peta" in detail and "tanpa koordinat" in detail
    assert "Tim Cadangan: tim tanpa jadwal shift" in detail


def test_object_form_creates_object_and_filter_narrows_list(district, login, ops_user):
    client = login(ops_user)
    data = {
        "name": "Gudang logistik KPU",
        "kind": "gudang",
        "unit": district.polres.pk,
        "lat": "-8.17",
        "lon": "113.7",
        "base_weight": "9",
        "shared_with": [district.kpu.pk],
        "is_active": "on",
    }
    response = client.post("/patroli/objek/baru/", data)
    obj = VulnerableObject.objects.get(name="Gudang logistik KPU")
    assert response.status_code == 302 and list(obj.shared_with.all()) == [district.kpu]
    bad = client.post("/patroli/objek/baru/", {**data, "name": "Tanpa bujur", "lon": "", "base_weight": "11"})
    assert bad.status_code == 200 and not VulnerableObject.objects.filter(name="Tanpa bujur").exists()
    rows = client.get("/patroli/objek/?jenis=kpu", headers={"HX-Request": "true"}).content.decode()
    assert "Gudang logistik KPU" not in rows


def test_team_form_and_shift_add(district, login, ops_user):
    client = login(ops_user)
    data = {
        "name": "Tim Gabungan Kota",
        "unit": district.polres.pk,
        "polri_count": 4,
        "tni_count": 2,
        "satpolpp_count": 1,
        "dishub_count": 1,
        "base_lat": "-8.17",
        "base_lon": "113.7",
        "speed_kmh": 30,
        "visits_per_shift": 5,
        "partners": [district.kpu.pk],
        "is_active": "on",
    }
    assert client.post("/patroli/tim/baru/", data).status_code == 302
    team = PatrolTeam.objects.get(name="Tim Gabungan Kota")
    client.post(
        f"/patroli/tim/{team.pk}/shift/", {"name": "Malam", "start": "20:00", "end": "02:00", "days": ["4", "5"]}
    )
    assert team.shifts.get().days == "45" and team.strength == 8


def test_plan_form_runs_the_job(world, login, ops_user, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(ops_user).post(
            "/patroli/rencana/baru/",
            {
                "unit": world.team_a.unit.parent_id,
                "date_from": today,
                "date_to": today + timedelta(days=1),
                "dwell_minutes": 12,
            },
        )
    plan = PatrolPlan.objects.get()
    assert response.status_code == 302 and plan.status == "done" and plan.stops.exists()


def test_field_checkin_form_posts_and_retry_does_not_duplicate(world, make_plan, login, field_a_user):
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    client = login(field_a_user)
    data = {
        f"s{stop.pk}-client_id": str(uuid.uuid4()),
        f"s{stop.pk}-lat": "-8.23",
        f"s{stop.pk}-lon": "113.33",
        f"s{stop.pk}-note": "aman",
    }
    first = client.post(f"/patroli/titik/{stop.pk}/checkin/", data, headers={"HX-Request": "true"})
    again = client.post(f"/patroli/titik/{stop.pk}/checkin/", data, headers={"HX-Request": "true"})
    assert first.status_code == again.status_code == 200 and "Sudah check-in" in first.content.decode()
    assert PatrolCheckin.objects.get().position_source == "typed"


def test_csv_import_all_or_nothing(district, login, ops_user, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from siaga.core.models import Job

    client = login(ops_user)
    good = (
        "nama,jenis,lintang,bujur,bobot,kode_desa\n"
        "Masjid Agung,ibadah,-8.17,113.7,5,35.09.01.2001\nPos 1,kandidat,,,3,\n"
    )
    bad = good + "Gudang,gudang x,-8.1,abc,12,\nLuar,gudang,40.7,-74.0,,\n"

    def post(text: str) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/patroli/objek/impor/",
                {"unit": district.polres.pk, "file": SimpleUploadedFile("o.csv", text.encode())},
            )
        return Job.objects.filter(kind="patrols.import").latest("pk")

    job = post(bad)
    assert job.status == "failed"
    assert {(4, "jenis"), (4, "bujur"), (4, "bobot"), (5, "lintang"), (5, "bujur")} == {
        (e["row"], e["column"]) for e in job.errors
    }
    body = client.get(f"/pekerjaan/{job.pk}/").content.decode()
    assert "di luar wilayah Indonesia" in body and "tidak dikenal" in body
    assert VulnerableObject.objects.count() == 0
    job = post(good.replace(",", ";"))  # semicolons, a latin-1 file would do as well
    assert job.status == "done", job.errors
    assert VulnerableObject.objects.count() == 2


def test_map_and_list_query_counts(world, make_plan, login, ops_user, django_assert_max_num_queries):
    make_plan()
    client = login(ops_user)
    for i in range(20):
        VulnerableObject.objects.create(unit=world.team_a.unit, kind="ibadah", name=f"Masjid {i}", lat=-8.2, lon=113.3)
    with django_assert_max_num_queries(8):
        assert len(client.get("/patroli/peta/objek.geojson").json()["features"]) == 26
    with django_assert_max_num_queries(10):
        assert client.get("/patroli/peta/rute.geojson").json()["features"]
    with django_assert_max_num_queries(14):
        assert client.get("/patroli/objek/").status_code == 200
