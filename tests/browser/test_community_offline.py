"""On a phone (390×844) a Bhabinkamtibmas logs a sambang without signal, with a photo: it waits on the phone,
is sent when the signal returns, is stored once, and shows once on the Polsek's Binmas dashboard where it counts
toward the campaign it carried and the calon-kades directive."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from siaga.community.models import Visit
from tests.community.conftest import binmas  # noqa: F401 - the shared Binmas fixture
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def _context(browser, live_server, user, **kw):
    context = browser.new_context(locale="id-ID", viewport=PHONE, **kw)
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def test_an_offline_visit_with_a_photo_is_stored_once_and_counted(
    binmas,  # noqa: F811
    district,
    field_a_user,
    polsek_a_user,
    browser,
    live_server,
):
    desa = district.desa_a[0]
    context, page = _context(
        browser,
        live_server,
        field_a_user,
        geolocation={"latitude": desa.lat + 0.001, "longitude": desa.lon, "accuracy": 9},
        permissions=["geolocation"],
    )
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/binmas/sambang/")
    expect(page.locator("form.visit [name=lat]")).not_to_have_value("")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1

    context.set_offline(True)
    page.select_option("select[name=desa]", str(desa.pk))
    page.select_option("select[name=kind]", "sambung_roso")
    page.fill("input[name=headcount]", "18")
    page.select_option("select[name=tokoh]", [str(binmas.calon_a.pk)])
    page.select_option("select[name=campaigns]", [str(binmas.campaign.pk)])
    page.fill("textarea[name=himbauan]", "Jangan terprovokasi hoaks")
    page.set_input_files(
        "input[name=photo]", files=[{"name": "sambang.png", "mimeType": "image/png", "buffer": _png()}]
    )
    page.click("form.visit button[type=submit]")
    page.locator("#visit-queue-status[data-count='1']").wait_for(state="attached")
    assert page.locator("[data-testid=visit-queue]").inner_text() == "menunggu sinyal (1)"
    queued = page.evaluate("window.siagaVisitQueue.load()")
    assert len(queued) == 1 and queued[0]["photo"] and dict(queued[0]["fields"])["at"]
    assert Visit.objects.count() == 0

    context.set_offline(False)
    page.locator("#visit-queue-status[data-count='0']").wait_for(state="attached")
    page.wait_for_selector("[data-testid=visit-saved]")
    visit = Visit.objects.get()
    assert str(visit.client_id) == queued[0]["id"] and visit.photo and visit.headcount == 18
    assert visit.position_check == "inside" and visit.kind == "sambung_roso"

    page.reload()  # a new page load syncs again: nothing left, nothing stored twice
    page.locator("#visit-queue-status[data-count='0']").wait_for(state="attached")
    assert Visit.objects.count() == 1 and not errors
    context.close()

    context, page = _context(browser, live_server, polsek_a_user)
    page.goto(f"{live_server.url}/binmas/")
    assert page.locator(f"[data-testid=binmas-recent] [data-visit='{visit.pk}']").count() == 1
    assert page.locator(f"[data-campaign='{binmas.campaign.pk}'] [data-testid=campaign-visits]").inner_text() == "1"
    assert page.locator(f"[data-directive='{binmas.directive.pk}'] [data-testid=directive-visited]").inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    context.close()


def test_online_a_far_position_is_flagged_and_a_refusal_is_shown(
    binmas,  # noqa: F811
    district,
    field_a_user,
    browser,
    live_server,
):
    desa = district.desa_a[0]
    far = {"latitude": desa.lat + 0.3, "longitude": desa.lon, "accuracy": 9}
    context, page = _context(browser, live_server, field_a_user, geolocation=far, permissions=["geolocation"])
    page.goto(f"{live_server.url}/binmas/sambang/")
    expect(page.locator("form.visit [name=lat]")).not_to_have_value("")
    page.select_option("select[name=desa]", str(desa.pk))
    page.click("form.visit button[type=submit]")
    page.wait_for_selector("[data-testid=visit-saved]")
    assert "ditandai" in page.locator("[data-testid=visit-saved]").inner_text()
    assert Visit.objects.get().position_check == "outside"

    page.set_input_files("input[name=photo]", files=[{"name": "x.jpg", "mimeType": "image/jpeg", "buffer": b"bukan"}])
    with page.expect_response(lambda r: r.url.endswith("/binmas/sambang/") and r.request.method == "POST") as answer:
        page.click("form.visit button[type=submit]")
    assert answer.value.status == 400, answer.value.text()[:300]
    page.wait_for_selector("[data-testid=visit-error]")
    assert "tidak dapat dibaca sebagai gambar" in page.locator("[data-testid=visit-error]").inner_text()
    assert Visit.objects.count() == 1
    page.set_input_files("input[name=photo]", files=[])
    page.click("form.visit button[type=submit]")  # a new visit after a stored one gets a new client id
    expect(page.locator("[data-testid=visit-saved]")).to_have_count(1)
    expect(page.locator("[data-testid=visit-saved]")).to_have_attribute("data-visit", re.compile(r"^[1-9][0-9]*$"))
    assert Visit.objects.count() == 2
    context.close()
