"""The admin upload page runs the boundary import as a job; maps and region pages tell official from approximate."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from siaga.core.access import SYSTEM
from siaga.core.models import Job
from siaga.regions.boundaries import boundaries_import
from siaga.regions.models import Region
from tests.regions.boundary_data import feature, geojson_bytes, square

pytestmark = pytest.mark.django_db
URL = "/wilayah/batas-resmi/"


def _upload(district, name="desa.geojson"):
    data = geojson_bytes(*[feature({"kode": d.code}, square(d.lon, d.lat)) for d in district.desa_a])
    return SimpleUploadedFile(name, data, content_type="application/geo+json")


def test_an_admin_uploads_official_outlines_and_the_job_stores_them(
    district, admin_user, login, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(admin_user)
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": _upload(district), "source": "BIG RBI 2023", "kabupaten": "35.09"})
    assert response.status_code == 200
    job = Job.objects.get(kind="regions.boundaries")
    assert job.status == Job.Status.DONE, job.message
    assert "2 desa/kelurahan memakai batas resmi (BIG RBI 2023)" in job.message
    assert Region.objects.get(code=district.desa_a[0].code).boundary_source == "BIG RBI 2023"
    assert not list((Path(tmp_path) / "imports").iterdir()), "the uploaded file is removed after the job"
    page = client.get(URL).content.decode()
    assert "BIG RBI 2023" in page


def test_a_failed_import_shows_each_feature_at_fault(
    district, admin_user, login, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    bad = SimpleUploadedFile("x.geojson", geojson_bytes(feature({"kode": "35.09.99"}, square(113.3, -8.2))))
    with django_capture_on_commit_callbacks(execute=True):
        login(admin_user).post(URL, {"file": bad, "source": "Bappeda"})
    job = Job.objects.get(kind="regions.boundaries")
    assert job.status == Job.Status.FAILED and "tidak ada batas yang disimpan" in job.message
    assert job.errors[0]["row"] == 1 and "Fitur #1" in job.errors[0]["message"]


def test_an_htmx_upload_error_is_shown_escaped(district, admin_user, login):
    upload = SimpleUploadedFile("<b>x</b>.kml", b"x")
    response = login(admin_user).post(URL, {"file": upload, "source": "S"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Format berkas tidak didukung" in body and "<b>x" not in body


@pytest.mark.parametrize("persona", ["kapolres", "ops_user", "polsek_a_user", "partner_user"])
def test_only_administrators_reach_the_upload_page(district, login, persona, request):
    user = request.getfixturevalue(persona)
    client = login(user)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"file": _upload(district), "source": "S"})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_the_map_layer_draws_official_desa_outlines_solid_with_their_source(district, kapolres, login):
    boundaries_import(
        actor=SYSTEM,
        data=geojson_bytes(*[feature({"kode": d.code}, square(d.lon, d.lat)) for d in district.desa_a]),
        filename="desa.geojson",
        source="BIG RBI 2023",
    )
    Region.objects.filter(code=district.kec_b.code).update(
        boundary={"type": "Polygon", "coordinates": [square(113.37, -8.28, 0.05)], "approx": True}
    )
    data = login(kapolres).get(reverse("regions:jurisdiction_geojson")).json()
    outlines = {f["properties"]["code"]: f for f in data["features"] if f["properties"]["kind"] == "boundary"}
    official = outlines[district.desa_a[0].code]
    assert official["properties"]["approx"] is False and official["properties"]["source"] == "BIG RBI 2023"
    assert official["geometry"]["type"] == "Polygon"
    assert outlines[district.kec_b.code]["properties"]["approx"] is True
    assert district.desa_b[0].code not in outlines  # desa without an official outline get no guessed one


def test_the_region_page_names_the_source_of_its_outline(district, kapolres, login):
    Region.objects.filter(code=district.kec_a.code).update(
        boundary={"type": "Polygon", "coordinates": [square(113.33, -8.23, 0.05)]}, boundary_source="Bappeda 2024"
    )
    page = login(kapolres).get(reverse("regions:detail", args=[district.kec_a.code])).content.decode()
    assert "resmi · sumber: Bappeda 2024" in page
    page = login(kapolres).get(reverse("regions:detail", args=[district.kec_b.code])).content.decode()
    assert "Batas: belum ada" in page
