"""The coordination pages at a phone width and at a desktop width: nothing wider than the screen, no console
errors (CSP refusals included)."""

from datetime import date

import pytest
from django.utils import timezone

from siaga.coordination import services
from siaga.coordination.models import PilkadesRound
from siaga.coordination.pilkades import pilkades_round_write
from siaga.core.access import SYSTEM
from tests.browser.test_layout import OVERFLOW_JS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1400, "height": 900}])
def test_coordination_pages_fit_and_raise_no_console_error(district, kapolres, browser, live_server, viewport):
    from tests.factories import TEST_PASSWORD

    desa = district.desa_a + district.desa_b
    pilkades_round_write(
        unit=district.polres, voting_day=date(2022, 12, 7), desa=desa,
        candidates={d.code: {1: ("Calon Satu dengan nama yang cukup panjang", 0), 2: ("Calon Dua", 0)} for d in desa},
        tps={d.code: {1: {"male": 100, "female": 100, "address": ""}} for d in desa}, actor=SYSTEM,
    )  # fmt: skip
    meeting = services.meeting_create(
        unit=district.polres, title="Rakor kesiapan", starts_at=timezone.now(), place="Aula",
        invite_units=[district.polsek_a, district.polsek_b, district.kpu], actor=SYSTEM,
    )  # fmt: skip
    directive = services.directive_issue(
        unit=district.polres, title="Sambang calon kades", deadline=date(2030, 1, 1),
        units=[district.polsek_a, district.polsek_b], meeting=meeting, actor=SYSTEM,
    )  # fmt: skip
    context = browser.new_context(locale="id-ID", viewport=viewport)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", kapolres.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    rnd = PilkadesRound.objects.get()
    for path in (
        "/koordinasi/rapat/", "/koordinasi/rapat/baru/", f"/koordinasi/rapat/{meeting.pk}/", "/koordinasi/arahan/",
        f"/koordinasi/arahan/{directive.pk}/", "/koordinasi/arahan/matriks/", "/koordinasi/mitra/",
        "/koordinasi/pilkades/", f"/koordinasi/pilkades/{rnd.pk}/",
    ):  # fmt: skip
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        overflow = page.evaluate(OVERFLOW_JS)
        assert overflow["scrollWidth"] <= overflow["innerWidth"] + 1, (path, overflow)
    context.close()
    assert not errors, errors
