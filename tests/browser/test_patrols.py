"""Issue 6, "what it must show" #3: objects and today's routes on the patrol map; a field check-in raises the
achieved count on the coverage view."""

import pytest
from django.utils import timezone

from siaga.patrols.services import patrol_plan_create
from tests.patrols.conftest import world  # noqa: F401 - the shared patrol fixture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def planned(world, district, ops_user):  # noqa: F811
    from siaga.core.jobs import job_execute

    today = timezone.localdate()
    plan = patrol_plan_create(unit=district.polres, date_from=today, date_to=today, actor=ops_user)
    job_execute(plan.job)
    return world


def test_it_draws_objects_and_todays_routes_on_the_patrol_map(planned, ops_user, browser_login, live_server):
    page = browser_login(ops_user)
    page.goto(f"{live_server.url}/patroli/peta/")
    page.wait_for_selector("#patrol-map[data-objek-count][data-rute-count]")
    map_el = page.locator("#patrol-map")
    assert int(map_el.get_attribute("data-objek-count")) == 6  # located objects; the one without coordinates not
    assert int(map_el.get_attribute("data-rute-count")) == 2  # one LineString per team on shift today
    assert page.locator("#patrol-map path.leaflet-interactive, #patrol-map canvas").count() >= 1


def test_a_field_checkin_updates_the_coverage_view(planned, field_a_user, ops_user, browser_login, live_server, page):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": -8.2301, "longitude": 113.3302, "accuracy": 8})
    browser_login(field_a_user)
    page.goto(f"{live_server.url}/patroli/saya/")
    card = page.locator("[data-stop]").first
    card.locator("button[type=submit]").wait_for()
    page.wait_for_function("document.querySelector('form.checkin [name$=lat]').value !== ''")
    card.locator("textarea").fill("Situasi aman")
    card.locator("button[type=submit]").click()
    page.wait_for_selector("[data-stop][data-checked='1']")
    assert "Sudah check-in" in page.locator("[data-checked='1']").first.inner_text()

    page.context.clear_cookies()  # coverage shows planned visits: a planner's page (patrols.plan)
    browser_login(ops_user)
    page.goto(f"{live_server.url}/patroli/cakupan/")
    assert page.locator("[data-testid=achieved-total]").inner_text() == "1"
    from siaga.patrols.models import PatrolCheckin

    checkin = PatrolCheckin.objects.get()
    assert checkin.position_source == "gps" and abs(checkin.lat - (-8.2301)) < 1e-6
