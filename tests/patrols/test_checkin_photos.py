"""Check-in photos are decoded and encoded again (no HTML tail, no GPS EXIF) and served with their real type."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from siaga.patrols.models import PatrolStop
from siaga.patrols.services import CheckinError, patrol_checkin_record

pytestmark = pytest.mark.django_db


def _png_with_html() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buf, format="PNG")
    return buf.getvalue() + b"<html><script>alert(1)</script></html>"


def _checkin(user, stop, photo):
    return patrol_checkin_record(
        user=user, client_id=uuid.uuid4(), team=stop.team, obj=stop.object, stop=stop, photo=photo
    )


def test_a_png_carrying_html_is_stored_and_served_as_a_clean_png(
    world, make_plan, field_a_user, polsek_b_user, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    checkin, _ = _checkin(field_a_user, stop, SimpleUploadedFile("x.html", _png_with_html(), content_type="text/html"))
    stored = checkin.photo.open("rb").read()
    assert checkin.photo.name.endswith(".png") and b"<script" not in stored
    response = login(field_a_user).get(f"/patroli/checkin/{checkin.pk}/foto/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'inline; filename="checkin-{checkin.pk}.png"'
    assert "sandbox" in response["Content-Security-Policy"]
    assert login(polsek_b_user).get(f"/patroli/checkin/{checkin.pk}/foto/").status_code == 404


def test_an_svg_is_refused(world, make_plan, field_a_user):
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    svg = SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', content_type="image/svg+xml")
    with pytest.raises(CheckinError, match="JPEG, PNG atau WebP"):
        _checkin(field_a_user, stop, svg)
