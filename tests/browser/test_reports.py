"""Issue #4 in a real browser: a report posted through the API shows on the open dashboard map and the live
operations map within 2 seconds; an officer verifies and assigns it; the timeline shows both steps."""

import uuid

import httpx
import pytest

from siaga.accounts.models import ApiToken
from siaga.reports import locate, taxonomy, triage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_caches():
    for module in (locate, taxonomy, triage):
        module.clear_cache()


def test_a_new_report_appears_live_and_is_verified_and_assigned(
    district, ops_user, field_a_user, page, browser_login, live_server
):
    browser_login(ops_user)
    page.wait_for_selector("#dashboard-map[data-laporan-count]")
    live = page.context.new_page()
    live.goto(f"{live_server.url}/laporan/")
    live.wait_for_selector("#live-status:has-text('Diperbarui')")
    _, token = ApiToken.issue(user=field_a_user, name="lapangan")
    desa = district.desa_a[0]
    body = {
        "client_id": str(uuid.uuid4()),
        "text": "Massa pendukung bentrok di depan balai desa, satu orang luka",
        "lat": desa.lat,
        "lon": desa.lon,
    }
    response = httpx.post(f"{live_server.url}/api/reports/", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201
    report_id = response.json()["id"]
    live.wait_for_selector(f"#live-feed li[data-report-id='{report_id}']", timeout=2000)
    page.wait_for_function("document.querySelector('#dashboard-map').dataset.laporanCount === '1'", timeout=2000)
    assert live.locator("#live-map").get_attribute("data-report-count") == "1"

    live.click(f"#live-feed li[data-report-id='{report_id}'] a")
    live.select_option("#verify-category", "bentrok_pendukung")
    live.click("[data-testid=verify]")
    live.wait_for_selector("[data-testid=report-status]:has-text('Terverifikasi')")
    live.select_option("#assign-unit", label="Polres Jember")
    live.click("[data-testid=assign]")
    live.wait_for_selector("[data-testid=report-unit]:has-text('Polres Jember')")
    timeline = live.locator("[data-testid=timeline]").inner_text()
    assert "Diverifikasi" in timeline and "Ditugaskan" in timeline and "Diterima" in timeline
