"""Report photos: only real images, re-encoded under generated names with the verified type's extension, and
served by Siaga (type, Content-Disposition, sandbox) only to those who may see the report."""

import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from siaga.reports.models import Report, ReportPhoto
from tests.reports.factories import desa_point

pytestmark = pytest.mark.django_db
HTML = b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _image(fmt="PNG", size=(16, 12), **save) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "red").save(buf, fmt, **save)
    return buf.getvalue()


def _post(client, district, *files):
    data = {
        "client_id": str(uuid.uuid4()),
        "text": "Ada perusakan baliho di depan balai desa",
        **desa_point(district.desa_a[0]),
        "photos": list(files),
    }
    return client.post("/lapor/", data)


def test_a_png_carrying_html_is_stored_as_a_clean_png_under_a_generated_name(district, client):
    upload = SimpleUploadedFile("serangan.html", _image() + HTML, content_type="text/html")
    assert _post(client, district, upload).status_code == 200
    photo = ReportPhoto.objects.get()
    assert re.fullmatch(r"laporan/\d{4}/\d{2}/[0-9a-f]{32}\.png", photo.image.name)
    stored = photo.image.open("rb").read()
    assert photo.content_type == "image/png" and b"<script" not in stored and photo.size == len(stored)
    assert Image.open(io.BytesIO(stored)).format == "PNG"


def test_the_name_and_type_the_sender_gives_are_ignored(district, client):
    upload = SimpleUploadedFile("gambar.svg", _image("JPEG"), content_type="image/svg+xml")
    _post(client, district, upload)
    photo = ReportPhoto.objects.get()
    assert photo.image.name.endswith(".jpg") and photo.content_type == "image/jpeg" and "gambar" not in photo.image.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
        ("palsu.png", b"\x89PNG\r\n\x1a\n" + HTML),
        ("animasi.gif", b"GIF89a" + b"\x00" * 40),
    ],
)
def test_what_is_not_a_real_jpeg_png_or_webp_is_refused(district, client, name, content):
    response = _post(client, district, SimpleUploadedFile(name, content, content_type="image/png"))
    assert response.status_code == 400 and "bukan foto JPEG, PNG atau WebP" in response.content.decode()
    assert Report.objects.count() == 0 and ReportPhoto.objects.count() == 0


def test_re_encoding_drops_the_senders_gps_position(district, client):
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (8.0, 10.0, 0.0)}  # GPSInfo
    _post(client, district, SimpleUploadedFile("hp.jpg", _image("JPEG", exif=exif), content_type="image/jpeg"))
    stored = Image.open(ReportPhoto.objects.get().image.open("rb"))
    assert not stored.getexif().get_ifd(0x8825)


def test_photos_are_served_to_those_who_may_see_the_report(district, client, polsek_a_user, polsek_b_user, login):
    _post(client, district, SimpleUploadedFile("a.webp", _image("WEBP"), content_type="image/webp"))
    report, photo = Report.objects.get(), ReportPhoto.objects.get()
    url = f"/laporan/{report.pk}/foto/{photo.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    viewer = login(polsek_a_user)
    assert url in viewer.get(f"/laporan/{report.pk}/").content.decode()  # the report page links to it
    response = viewer.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert response["Content-Disposition"] == f'inline; filename="laporan-{report.pk}-foto-{photo.pk}.webp"'
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()
    assert login(polsek_b_user).get(url).status_code == 404  # another Polsek's report
    assert login(polsek_a_user).get(f"/laporan/{report.pk + 1}/foto/{photo.pk}/").status_code == 404
