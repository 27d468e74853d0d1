"""Binmas pages and API: the phone form (idempotent, flagged position, errors in Bahasa Indonesia), the dashboard
with coverage, aspirations and campaigns' reach, the command dashboard's panel, the map layer and weekly plans."""

import io
import uuid

import pytest
from django.utils import timezone
from PIL import Image

from siaga.community import services
from siaga.community.models import Visit, VisitPlan
from siaga.core.jobs import job_execute

pytestmark = pytest.mark.django_db


def _jpeg():
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 50, 50)).save(buf, "JPEG")
    buf.seek(0)
    buf.name = "foto.jpg"
    return buf


def _post(client, district, binmas, **extra):
    desa = district.desa_a[0]
    data = {
        "client_id": str(uuid.uuid4()),
        "desa": desa.pk,
        "kind": "sambang",
        "audience": "kelompok",
        "headcount": 15,
        "tokoh": [binmas.calon_a.pk],
        "campaigns": [binmas.campaign.pk],
        "topics": "Pilkades damai",
        "aspiration_topic": "lainnya",
        "lat": desa.lat,
        "lon": desa.lon,
        "accuracy_m": 12,
        **extra,
    }
    return data, client.post("/binmas/sambang/", data, HTTP_HX_REQUEST="true")


def test_the_phone_form_records_a_visit_once_with_its_photo(binmas, district, login, field_a_user):
    client = login(field_a_user)
    assert client.get("/binmas/sambang/").status_code == 200
    data, response = _post(client, district, binmas, photo=_jpeg())
    assert response.status_code == 200 and "tersimpan" in response.content.decode()
    again = client.post("/binmas/sambang/", {**data, "photo": _jpeg()}, HTTP_HX_REQUEST="true")
    assert again.status_code == 200 and "sudah tersimpan sebelumnya" in again.content.decode()
    visit = Visit.objects.get()
    assert visit.photo and visit.headcount == 15 and list(visit.tokoh.all()) == [binmas.calon_a]
    assert client.get(f"/binmas/kunjungan/{visit.pk}/foto/").status_code == 200


def test_a_far_position_is_flagged_in_the_answer(binmas, district, login, field_a_user):
    desa = district.desa_a[0]
    _, response = _post(login(field_a_user), district, binmas, lat=desa.lat + 0.3, lon=desa.lon)
    assert response.status_code == 200 and "ditandai" in response.content.decode()
    assert Visit.objects.get().position_check == "outside"


def test_bad_input_is_answered_in_bahasa_indonesia(binmas, district, login, field_a_user):
    _, response = _post(login(field_a_user), district, binmas, headcount=0, photo=io.BytesIO(b"bukan gambar"))
    assert response.status_code == 400 and "Isian kunjungan tidak valid" in response.content.decode()
    bad = io.BytesIO(b"bukan gambar")
    bad.name = "x.jpg"
    _, response = _post(login(field_a_user), district, binmas, photo=bad)
    assert response.status_code == 400 and "tidak dapat dibaca sebagai gambar" in response.content.decode()
    assert Visit.objects.count() == 0


def test_the_binmas_dashboard_shows_coverage_aspirations_and_reach(binmas, district, login, field_a_user, kapolres):
    _post(login(field_a_user), district, binmas, aspiration="Minta penerangan jalan")
    page = login(kapolres).get("/binmas/").content.decode()
    assert 'data-testid="desa-stale">1<' in page  # desa B1 has a beat but no visit
    assert 'data-status="recorded">Dicatat: 1' in page
    assert 'data-testid="campaign-visits">1<' in page and 'data-testid="directive-visited">1<' in page
    panel = login(kapolres).get("/").content.decode()
    assert 'data-testid="binmas-panel"' in panel and "aspirasi terbuka: 1" in panel


def test_the_coverage_layer_colours_beats(binmas, district, login, field_a_user, polsek_b_user):
    _post(login(field_a_user), district, binmas)
    features = login(field_a_user).get("/binmas/peta/cakupan.geojson").json()["features"]
    colours = {f["properties"]["id"]: f["properties"]["color"] for f in features}
    uncovered = f"desa-{district.desa_a[1].code}"  # desa A2 has no beat: nobody covers it
    assert colours == {binmas.beat_a.pk: "#2a9d8f", binmas.rw_a.pk: "#9e9e9e", uncovered: "#212529"}
    other = login(polsek_b_user).get("/binmas/peta/cakupan.geojson").json()["features"]
    assert [f["properties"]["id"] for f in other] == [binmas.beat_b.pk, f"desa-{district.desa_b[1].code}"]


def test_the_api_stores_a_replayed_visit_once(binmas, district, api_client, field_a_user):
    client, headers = api_client(field_a_user)
    body = {
        "client_id": str(uuid.uuid4()),
        "desa_code": district.desa_a[0].code,
        "headcount": 4,
        "lat": district.desa_a[0].lat + 0.5,
        "lon": district.desa_a[0].lon,
    }
    first = client.post("/api/community/kunjungan", body, content_type="application/json", headers=headers)
    again = client.post("/api/community/kunjungan", body, content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["created"] and not again.json()["created"]
    assert first.json()["position_check"] == "outside" and Visit.objects.count() == 1
    unknown = client.post(
        "/api/community/kunjungan",
        {**body, "client_id": str(uuid.uuid4()), "desa_code": "99"},
        content_type="application/json",
        headers=headers,
    )
    assert unknown.status_code == 422 and "tidak dikenal" in unknown.content.decode()
    cov = client.get("/api/community/cakupan", headers=headers).json()
    assert cov["desa_total"] == 1 and cov["desa_stale"] == 0


def test_a_weekly_plan_visits_the_directed_calon_kades(binmas, district, ops_user, login):
    plan = services.visit_plan_create(actor=ops_user, unit=district.polres, week_start=timezone.localdate())
    job_execute(plan.job)
    plan.refresh_from_db()
    (officer,) = plan.result["officers"]
    planned = {s["target_id"] for s in officer["stops"]}
    assert f"t{binmas.calon_a.pk}" in planned and f"t{binmas.tokoh_a.pk}" in planned and f"b{binmas.rw_a.pk}" in planned
    assert plan.week_start.weekday() == 0
    page = login(ops_user).get(f"/binmas/rencana/{plan.pk}/").content.decode()
    assert "Calon Kades A" in page


def test_a_plan_is_refused_to_roles_and_units_without_the_right(binmas, district, viewer_user, polsek_b_user):
    from django.core.exceptions import PermissionDenied

    for actor, unit in ((viewer_user, district.polres), (polsek_b_user, district.polsek_a), (None, district.polres)):
        with pytest.raises(PermissionDenied):
            services.visit_plan_create(actor=actor, unit=unit, week_start=timezone.localdate())
    assert VisitPlan.objects.count() == 0
