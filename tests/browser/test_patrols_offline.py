"""A check-in made without signal waits on the phone ("menunggu sinyal (1)") and is stored exactly once when
the phone is back online; the plan page draws the chosen shift's routes, stops and uncovered objects."""

from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from siaga.patrols.models import PatrolCheckin
from siaga.patrols.services import patrol_plan_create
from tests.patrols.conftest import world  # noqa: F401 - the shared patrol fixture
from tests.patrols.factories import VulnerableObjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def planned(world, district, ops_user):  # noqa: F811
    from siaga.core.jobs import job_execute

    VulnerableObjectFactory(  # open only at night while shifts run 08.00–14.00: the plan cannot reach it
        unit=district.polres,
        name="Gudang malam",
        lat=-8.21,
        lon=113.35,
        open_from=time(20),
        open_to=time(22),
        visit_in_hours_only=True,
    )
    today = timezone.localdate()
    plan = patrol_plan_create(unit=district.polres, date_from=today, date_to=today, actor=ops_user)
    job_execute(plan.job)
    plan.refresh_from_db()
    return plan


def test_it_queues_an_offline_checkin_and_stores_it_once_when_back_online(
    planned, field_a_user, browser_login, live_server, page
):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": -8.2301, "longitude": 113.3302, "accuracy": 8})
    browser_login(field_a_user)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/patroli/saya/")
    card = page.locator("[data-stop]").first
    stop_id = card.get_attribute("data-stop")
    expect(page.locator("form.checkin [name$=lat]").first).not_to_have_value("")

    page.context.set_offline(True)
    card.locator("textarea").fill("Aman, tanpa sinyal")
    card.locator("button[type=submit]").click()
    status = page.locator("[data-testid=checkin-queue]")
    page.locator("#checkin-queue-status[data-count='1']").wait_for(state="attached")
    assert status.inner_text() == "menunggu sinyal (1)"
    assert page.locator(f"#stop-{stop_id}[data-queued='1']").count() == 1
    assert PatrolCheckin.objects.count() == 0
    queued = page.evaluate("window.siagaCheckinQueue.load()")
    assert len(queued) == 1 and queued[0]["fields"][f"s{stop_id}-at"]  # the time it was made travels with it

    page.context.set_offline(False)
    page.wait_for_selector(f"#stop-{stop_id}[data-checked='1']")
    page.locator("#checkin-queue-status[data-count='0']").wait_for(state="attached")
    assert "menunggu sinyal" not in status.inner_text()
    checkin = PatrolCheckin.objects.get()
    assert str(checkin.client_id) == queued[0]["id"] and checkin.note == "Aman, tanpa sinyal"

    # a second page load re-runs the sync: the queue is empty and nothing is stored twice
    page.reload()
    page.wait_for_selector(f"#stop-{stop_id}[data-checked='1']")
    assert page.evaluate("window.siagaCheckinQueue.load().length") == 0
    assert PatrolCheckin.objects.count() == 1 and not errors


def test_a_checkin_whose_request_fails_on_the_way_is_queued_and_sent_again(
    planned, field_a_user, browser_login, live_server, page
):
    browser_login(field_a_user)
    page.goto(f"{live_server.url}/patroli/saya/")
    card = page.locator("[data-stop]").first
    stop_id = card.get_attribute("data-stop")
    url = f"**/patroli/titik/{stop_id}/checkin/"
    page.route(url, lambda route: route.abort())  # signal claimed, the request lost on the way (htmx:sendError)
    card.locator("textarea").fill("Terputus di jalan")
    card.locator("button[type=submit]").click()
    page.locator("#checkin-queue-status[data-count='1']").wait_for(state="attached")
    assert PatrolCheckin.objects.count() == 0
    queued = page.evaluate("window.siagaCheckinQueue.load()")

    page.unroute(url)
    page.evaluate("window.siagaCheckinQueue.sync()")
    page.wait_for_selector(f"#stop-{stop_id}[data-checked='1']")
    page.locator("#checkin-queue-status[data-count='0']").wait_for(state="attached")
    assert page.locator("[data-testid=checkin-queue]").inner_text() == "semua check-in terkirim"
    checkin = PatrolCheckin.objects.get()
    assert str(checkin.client_id) == queued[0]["id"] and checkin.note == "Terputus di jalan"


def test_it_draws_the_plan_routes_stops_and_uncovered_objects(planned, ops_user, browser_login, live_server):
    page = browser_login(ops_user)
    page.goto(f"{live_server.url}/patroli/rencana/{planned.pk}/")
    page.wait_for_selector("#plan-map[data-rute-count][data-titik-count][data-terlewat-count]")
    map_el = page.locator("#plan-map")
    period = planned.plan_periods.get()
    stops = period.stops.count()
    assert int(map_el.get_attribute("data-rute-count")) == 2  # two teams on shift
    assert int(map_el.get_attribute("data-titik-count")) == stops > 0
    assert int(map_el.get_attribute("data-terlewat-count")) == 1  # "Rumah tanpa peta" has no point to draw
    assert page.locator("#plan-period option").count() == 1
    marker_popup = page.evaluate("window.siagaMaps['plan-map'].layers.terlewat.getLayers()[0].getPopup().getContent()")
    assert "Gudang malam" in marker_popup and "tidak terjangkau" in marker_popup
