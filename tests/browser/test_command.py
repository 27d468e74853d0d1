"""A Polda Karoops opens the roll-up, sees a Polres short of personnel, approves the proposed BKO, and both Polres'
plan pages show it — at a phone width and at a desktop width, nothing wider than the screen, no console error."""

import pytest

from siaga.command.figures import figures_refresh
from siaga.command.models import BkoProposal
from tests.browser.test_layout import OVERFLOW_JS
from tests.command.conftest import karoops, polda_world  # noqa: F401  (the Polda world fixtures)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page, where):
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["scrollWidth"] <= overflow["innerWidth"] + 1, (where, overflow)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1400, "height": 900}])
def test_karoops_approves_a_bko_seen_on_both_plans(polda_world, karoops, browser, live_server, viewport):  # noqa: F811
    figures_refresh(full=True)
    context = browser.new_context(locale="id-ID", viewport=viewport)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", karoops.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/komando/")
    short = page.locator(f'[data-testid=polres-row][data-unit="{polda_world.jember.pk}"] [data-testid=bko-short]')
    assert short.inner_text().strip() == "30"
    page.locator("#rollup-map[data-polres-count='2']").wait_for()  # both Polres on the map (no eval under the CSP)
    _fits(page, "rekap")

    page.click("[data-testid=bko-link]")
    page.click("[data-testid=bko-propose]")
    row = page.locator("[data-testid=bko-row][data-status=proposed]")
    assert "Polres Lumajang" in row.inner_text() and "Polres Jember" in row.inner_text()
    _fits(page, "bko")
    row.locator("[data-testid=bko-approve]").click()
    page.locator("[data-testid=bko-row][data-status=approved]").wait_for()
    assert BkoProposal.objects.filter(status="approved").count() == 1

    page.goto(f"{live_server.url}/komando/")
    assert short.inner_text().strip().startswith("0")
    for key, marker in (("jember", "bko-received"), ("lumajang", "bko-lent")):
        page.goto(f"{live_server.url}/plotting/{polda_world.plans[key].pk}/")
        assert page.locator(f"[data-testid={marker}]").inner_text() == "30"
        _fits(page, key)
    context.close()
    assert not errors, errors
