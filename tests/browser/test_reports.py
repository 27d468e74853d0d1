"""Issue #4 in a real browser: a report posted through the API shows on the open dashboard map and the live
operations map within 2 seconds; an officer verifies and assigns it; the timeline shows both steps."""

import uuid

import httpx
import pytest

from siaga.accounts.models import ApiToken

pytestmark = pytest.mark.django_db(transaction=True)


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
    # no reload: the open pages poll (no eval-based waits: the CSP forbids them)
    live.wait_for_selector(f"#live-feed li[data-report-id='{report_id}']", timeout=15_000)
    page.locator("#dashboard-map[data-laporan-count='1']").wait_for(timeout=15_000)
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


def test_the_offline_queue_flushes_through_the_batch_endpoint_without_duplicates(
    district, field_a_user, page, browser_login, live_server
):
    from django.urls import reverse

    from siaga.reports.models import Report

    browser_login(field_a_user)
    page.goto(f"{live_server.url}{reverse('reports:officer_form')}")
    batches = []
    page.on("request", lambda r: batches.append(r.url) if r.url.endswith("/api/reports/batch") else None)
    page.context.set_offline(True)
    for text in ("Baliho calon dirusak di simpang desa", "Ada pembagian amplop di dekat balai desa"):
        page.fill("#o-text", text)
        page.click("#officer-form button[type=submit]")
    page.wait_for_selector("#queue-status:has-text('2 laporan menunggu dikirim')")
    assert Report.objects.count() == 0
    page.context.set_offline(False)
    page.evaluate("window.siagaReportQueue.flush()")
    page.wait_for_selector("#queue-status:has-text('Semua laporan terkirim')")
    assert Report.objects.count() == 2 and len(batches) >= 1
    # the acknowledgement was lost: the device sends the same queue again; the server answers 200, no duplicate
    page.evaluate(
        "localStorage.setItem('siaga.reports.queue.v1', JSON.stringify(window.siagaReportQueue.load()"
        ".map((x) => Object.assign(x, {state: 'pending'}))))"
    )
    page.evaluate("window.siagaReportQueue.flush()")
    page.wait_for_selector("#queue-status:has-text('Semua laporan terkirim')")
    sent = page.locator("#queue li[data-state=sent]")
    assert sent.count() == 2 and Report.objects.count() == 2
    ids = set(Report.objects.values_list("id", flat=True))
    assert {int(t.split("#")[1].split(" ")[0]) for t in sent.all_inner_texts()} == ids
