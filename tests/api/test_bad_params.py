"""Issue #16: inputs that used to answer 5xx now answer 4xx with an Indonesian reason (pages and API alike), and
planned patrol visits stay behind the plan permission."""

import html
import json
import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from siaga.patrols.services import patrol_plan_create
from siaga.reports.models import Report
from tests.deployment.factories import election_for, tps
from tests.patrols.factories import PatrolTeamFactory, ShiftFactory, VulnerableObjectFactory
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db
HUGE = "12345678901234567890"  # 20 digits: past any database integer


def test_escalating_a_report_out_of_ones_scope_answers_with_the_report(district, polsek_a_user, api_client):
    report = submit(polsek_a_user, **desa_point(district.desa_a[0]))
    assert report.unit == district.polsek_a
    client, headers = api_client(polsek_a_user)
    response = client.post(
        f"/api/reports/{report.pk}/escalate",
        data=json.dumps({"note": "Massa bertambah"}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["unit"] == district.polres.name
    report.refresh_from_db()
    assert report.unit == district.polres and report.escalation_level == 1


def test_a_multipart_checkin_without_a_boundary_is_a_400(district, field_a_user, api_client):
    client, headers = api_client(field_a_user)
    response = client.generic(
        "POST", "/api/patrols/checkin", b"--x\r\n", content_type="multipart/form-data", headers=headers
    )
    assert response.status_code == 400
    assert "multipart" in response.json()["detail"] and "boundary" in response.json()["detail"]


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2024-13", "kemarin"])
def test_calendar_months_out_of_range_are_a_400_page(login, ops_user, month):
    response = login(ops_user).get("/kalender/", {"bulan": month})
    assert response.status_code == 400
    assert "Bulan 'bulan'" in html.unescape(response.content.decode())


def test_calendar_still_shows_a_sane_month(login, ops_user):
    assert login(ops_user).get("/kalender/", {"bulan": "2100-12"}).status_code == 200


@pytest.fixture
def patrol_plan(district, ops_user, field_a_user, django_capture_on_commit_callbacks):
    VulnerableObjectFactory(unit=district.polsek_a, name="PPK Jombang", lat=-8.23, lon=113.33)
    team = PatrolTeamFactory(unit=district.polsek_a, name="Tim Jombang", base_lat=-8.23, base_lon=113.33)
    team.members.set([field_a_user])
    ShiftFactory(team=team)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        return patrol_plan_create(unit=district.polres, date_from=today, date_to=today, actor=ops_user)


def test_coverage_starting_on_29_february_is_cut_to_366_days(login, ops_user, api_client):
    page = login(ops_user).get("/patroli/cakupan/", {"dari": "2024-02-29", "sampai": "2026-01-01"})
    assert page.status_code == 200
    assert page.context["day_from"] == date(2024, 2, 29)
    assert page.context["day_to"] == date(2024, 2, 29) + timedelta(days=366)
    client, headers = api_client(ops_user)
    assert client.get("/api/patrols/cakupan", {"dari": "2024-02-29"}, headers=headers).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/patroli/cakupan/?dari=9999-12-31",
        "/patroli/cakupan/?dari=2024-01-01&sampai=9999-12-31",
        "/patroli/peta/?tanggal=9999-12-31",
        "/patroli/peta/rute.geojson?tanggal=0001-01-01",
        "/patroli/peta/checkin.geojson?tanggal=9999-12-31",
    ],
)
def test_dates_in_year_9999_are_a_400_page(login, ops_user, url):
    response = login(ops_user).get(url)
    assert response.status_code == 400
    assert "harus antara tahun 2000 dan 2100" in html.unescape(response.content.decode())


def test_dates_in_year_9999_are_a_400_in_the_api(ops_user, api_client):
    client, headers = api_client(ops_user)
    response = client.get("/api/patrols/cakupan", {"dari": "2024-01-01", "sampai": "9999-12-31"}, headers=headers)
    assert response.status_code == 400
    assert response.json() == {"detail": "Tanggal 'sampai' harus antara tahun 2000 dan 2100."}


def test_viewer_gets_no_planned_visits_from_the_coverage_api(patrol_plan, viewer_user, ops_user, api_client):
    client, headers = api_client(ops_user)
    assert client.get("/api/patrols/cakupan", headers=headers).json()[0]["planned"] >= 1
    client, headers = api_client(viewer_user)
    response = client.get("/api/patrols/cakupan", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"detail": "Rencana dan cakupan patroli hanya untuk perencana dan pimpinan."}


def test_viewer_and_field_officer_get_no_coverage_page(patrol_plan, viewer_user, field_a_user, ops_user, login):
    assert login(ops_user).get("/patroli/cakupan/").status_code == 200
    for user in (viewer_user, field_a_user):
        assert login(user).get("/patroli/cakupan/").status_code == 403


def test_a_job_id_that_is_no_number_is_a_400_not_a_broken_link(login, ops_user):
    from tests.risk.factories import ElectionFactory

    election = ElectionFactory(unit=ops_user.unit, type="pemilu")
    page = login(ops_user)
    for view in ("indikator/", "aturan/", ""):
        url = f"/kerawanan/pemilihan/{election.pk}/{view}"
        assert page.get(url, {"pekerjaan": "abc"}).status_code == 400, view


def test_huge_hours_filter_is_a_4xx_on_the_feed_and_the_api(district, kapolres, login, api_client):
    submit(kapolres, **desa_point(district.desa_a[0]))
    feed = login(kapolres).get("/laporan/feed.json", {"hours": "999999999999"})
    assert feed.status_code == 400
    assert feed.json() == {"detail": "Parameter 'hours' di luar batas (minimal 1, maksimal 8784)."}
    client, headers = api_client(kapolres)
    assert client.get("/api/reports/", {"hours": "999999999999"}, headers=headers).status_code == 422
    cursor = client.get("/api/reports/", {"since": f"2024-01-01T00:00:00+07:00_{HUGE}"}, headers=headers)
    assert cursor.status_code == 400 and "since" in cursor.json()["detail"]


@pytest.fixture
def election(district):
    election = election_for(district)
    tps(district, election, per_desa=1)
    return election


def test_twenty_digit_polsek_and_unit_filters_are_a_4xx(election, ops_user, login, api_client):
    client, headers = api_client(ops_user)
    stations = client.get("/api/stations/", {"election": election.pk, "polsek": HUGE}, headers=headers)
    assert stations.status_code == 400
    assert stations.json() == {"detail": "Parameter 'polsek' di luar batas (minimal 1, maksimal 9223372036854775807)."}
    assert client.get("/api/stations/", {"election": HUGE}, headers=headers).status_code == 422
    assert client.get("/api/personnel/", {"unit": HUGE}, headers=headers).status_code == 422
    page = login(ops_user)
    assert page.get(f"/pemilihan/{election.pk}/tps/", {"polsek": HUGE}).status_code == 400
    assert page.get("/personel/", {"unit": HUGE}).status_code == 400
    assert page.get("/kalender/", {"pemilihan": HUGE}).status_code == 400


@pytest.mark.parametrize("offset", ["1e20", "100000000000000000000", "-1"])
def test_an_offset_out_of_range_is_a_422(election, ops_user, api_client, offset):
    client, headers = api_client(ops_user)
    response = client.get("/api/stations/", {"election": election.pk, "offset": offset}, headers=headers)
    assert response.status_code == 422
    assert response.json()["kesalahan"][0]["lokasi"] == "offset"


def test_a_sane_offset_pages_the_stations(election, ops_user, api_client):
    client, headers = api_client(ops_user)
    page = client.get("/api/stations/", {"election": election.pk, "offset": 2, "limit": 1}, headers=headers).json()
    assert page["count"] == 4 and len(page["items"]) == 1


def test_the_checkin_photo_is_a_multipart_file_not_a_query_parameter(
    patrol_plan, field_a_user, api_client, login, settings, tmp_path
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from siaga.patrols.models import PatrolCheckin, PatrolStop

    operation = login(field_a_user).get("/api/openapi.json").json()["paths"]["/api/patrols/checkin"]["post"]
    assert operation.get("parameters", []) == []
    assert "photo" in operation["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    settings.MEDIA_ROOT = tmp_path
    stop = PatrolStop.objects.get()
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buf, format="PNG")
    client, headers = api_client(field_a_user)
    data = {
        "client_id": str(uuid.uuid4()),
        "team_id": stop.team_id,
        "object_id": stop.object_id,
        "stop_id": stop.pk,
        "photo": SimpleUploadedFile("foto.png", buf.getvalue(), content_type="image/png"),
    }
    response = client.post("/api/patrols/checkin", data, headers=headers)
    assert response.status_code == 201
    assert PatrolCheckin.objects.get().photo.name.endswith(".png")


@pytest.mark.parametrize(
    ("occurred_at", "status"),
    [("2024-11-27T08:00:00", 201), ("2024-11-27", 201), ("0001-01-01T00:00:00+05:00", 400), ("1999-12-31T23:00Z", 400)],
)
def test_incident_times_without_offset_or_before_2000(district, kapolres, api_client, occurred_at, status):
    client, headers = api_client(kapolres)
    body = {"client_id": str(uuid.uuid4()), "text": "Ada keributan di pasar", "occurred_at": occurred_at}
    single = client.post("/api/reports/", json.dumps(body), content_type="application/json", headers=headers)
    assert single.status_code == status
    if status == 400:
        assert single.json() == {"detail": "Waktu kejadian tidak masuk akal (sebelum tahun 2000)."}
    else:  # a time without an offset is local time (WIB)
        local = timezone.localtime(Report.objects.get(pk=single.json()["id"]).occurred_at)
        assert local.isoformat().startswith("2024-11-27T")
    body["client_id"] = str(uuid.uuid4())
    batch = client.post("/api/reports/batch", json.dumps({"reports": [body]}), content_type="application/json",
                        headers=headers)  # fmt: skip
    assert batch.status_code == 200 and batch.json()["results"][0]["status"] == status


def test_a_checkin_time_without_an_offset_is_local_time(patrol_plan, field_a_user, api_client):
    from siaga.patrols.models import PatrolCheckin, PatrolStop

    stop = PatrolStop.objects.get()
    client, headers = api_client(field_a_user)
    local = timezone.localtime().replace(microsecond=0, tzinfo=None) - timedelta(minutes=5)
    data = {"client_id": str(uuid.uuid4()), "team_id": stop.team_id, "object_id": stop.object_id}
    response = client.post("/api/patrols/checkin", {**data, "at": local.isoformat()}, headers=headers)
    assert response.status_code == 201
    assert timezone.localtime(PatrolCheckin.objects.get().at).replace(tzinfo=None) == local


@pytest.mark.parametrize(
    "url", ["/api/regions/?parent=35%00", "/api/personnel/?q=%00", "/api/patrols/objek?jenis=a%00b"]
)
def test_a_nul_in_an_api_query_is_a_400(ops_user, api_client, url):
    client, headers = api_client(ops_user)
    response = client.get(url, headers=headers)
    assert response.status_code == 400
    assert response.json() == {"detail": "Parameter alamat tidak boleh mengandung karakter NUL."}


def test_a_nul_in_a_page_query_is_a_400_page(client):
    response = client.get("/lapor/status/?kode=SG%00")
    assert response.status_code == 400
    assert "tidak boleh mengandung karakter NUL" in response.content.decode()
