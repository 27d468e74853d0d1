"""The public form at /lapor/: no account, rate limit, upload checks, tracking code that shows only its status."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from siaga.reports.models import Report, ReporterContact, ReportPhoto

pytestmark = pytest.mark.django_db


def _form(**extra):
    return {
        "client_id": str(uuid.uuid4()),
        "text": "Ada pembagian sembako oleh tim sukses",
        "location_text": "Desa A1",
        "name": "Warga",
        "phone": "0813",
        **extra,
    }


def _png(size=(8, 8)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "red").save(buf, "PNG")
    return buf.getvalue()


def test_it_takes_a_report_without_an_account_and_shows_a_tracking_code(district, client):
    photo = SimpleUploadedFile("foto.png", _png(), content_type="image/png")
    response = client.post("/lapor/", {**_form(), "photos": [photo]})
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.tracking_code in response.content.decode() and report.source == "public"
    assert ReporterContact.objects.get(report=report).name == "Warga"
    assert ReportPhoto.objects.get(report=report).content_type == "image/png"


def test_a_double_submit_of_the_same_form_makes_one_report(district, client):
    data = _form()
    client.post("/lapor/", data)
    client.post("/lapor/", data)
    assert Report.objects.count() == 1


def test_it_rate_limits_per_client(district, client):
    for _ in range(5):
        assert client.post("/lapor/", _form(), REMOTE_ADDR="10.9.9.9").status_code == 200
    blocked = client.post("/lapor/", _form(), REMOTE_ADDR="10.9.9.9")
    assert blocked.status_code == 429 and "Terlalu banyak laporan" in blocked.content.decode()
    assert client.post("/lapor/", _form(), REMOTE_ADDR="10.9.9.10").status_code == 200
    assert Report.objects.count() == 6


@pytest.mark.parametrize(
    ("name", "content", "status", "message"),
    [
        ("surat.pdf", b"%PDF-1.4 bukan foto", 400, "bukan foto"),
        ("palsu.jpg", b"\xff\xd8\xff" + b"rusak" * 10, 400, "bukan foto"),
        ("besar.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024 + 1), 413, "terlalu besar"),
    ],
)
def test_it_refuses_bad_uploads_and_stores_nothing(district, client, name, content, status, message):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post("/lapor/", {**_form(), "photos": [upload]})
    assert response.status_code == status and message in response.content.decode()
    assert Report.objects.count() == 0 and ReporterContact.objects.count() == 0


def test_the_tracking_lookup_shows_only_that_reports_status(district, client):
    client.post("/lapor/", _form(text="Laporan pertama tentang intimidasi saksi"))
    client.post("/lapor/", _form(text="Laporan kedua tentang baliho dirusak"))
    first, second = Report.objects.order_by("id")
    page = client.get("/lapor/status/", {"kode": first.tracking_code}).content.decode()
    assert "Baru" in page and first.tracking_code in page
    assert second.tracking_code not in page and "intimidasi" not in page and "0813" not in page
    assert "tidak ditemukan" in client.get("/lapor/status/", {"kode": "SGXXXXXXXX"}).content.decode()
