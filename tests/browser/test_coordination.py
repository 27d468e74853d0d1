"""Issue 11, "what it must show" #2: a directive's life. The Kapolres opens a rakor, records an arahan to every
Polsek with a deadline; two Polsek acknowledge and report on their phones; the deadline passes for the third and
it escalates; the matrix shows the three states."""

from datetime import timedelta

import pytest
from django.utils import timezone

from siaga.coordination.models import Directive, DirectiveTarget
from siaga.core.housekeeping import housekeeping_run
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def polsek_c(district):
    unit = UnitFactory(code="polsek-puger", name="Polsek Puger", kind="polsek", parent=district.polres)
    return unit, UserFactory(username="kapolsek_c", role="kapolsek", unit=unit)


def _phone_login(browser, live_server, user):
    from tests.factories import TEST_PASSWORD

    context = browser.new_context(locale="id-ID", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/masuk/")
    phone.fill("#id_username", user.username)
    phone.fill("#id_password", TEST_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")
    return context, phone


def test_a_directives_life_from_the_rakor_to_the_matrix(
    district, kapolres, polsek_a_user, polsek_b_user, polsek_c, browser, browser_login, live_server, page
):
    unit_c, user_c = polsek_c
    browser_login(kapolres)
    page.goto(f"{live_server.url}/koordinasi/rapat/baru/")
    page.fill("#id_title", "Rakor pengamanan Pilkades serentak")
    page.select_option("#id_kind", "rakor")
    page.select_option("#id_mode", "offline")
    start = timezone.localtime() + timedelta(hours=2)
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "Aula Polres Jember")
    page.select_option("#id_invite_units", [str(district.polsek_a.pk), str(district.polsek_b.pk), str(unit_c.pk)])
    page.click("form.card button[type=submit]")
    page.wait_for_selector("[data-testid=meeting-title]")
    assert page.locator("[data-testid=invitees] tbody tr").count() == 3

    form = page.locator("[data-testid=directive-form]")
    form.locator("#id_title").fill("Sambang setiap calon kades, perangkat desa dan tokoh")
    deadline = timezone.localdate() + timedelta(days=5)
    form.locator("#id_deadline").fill(deadline.isoformat())
    for unit in (district.polsek_a, district.polsek_b, unit_c):
        form.locator(f"input[name=units][value='{unit.pk}']").check()
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=directive-title]")
    directive = Directive.objects.get()
    assert directive.meeting.title == "Rakor pengamanan Pilkades serentak" and directive.targets.count() == 3

    # two Polsek answer on their phones
    for user, text, close in ((polsek_a_user, "12 calon kades sudah disambang", True),
                              (polsek_b_user, "5 dari 9 calon sudah disambang", False)):  # fmt: skip
        context, phone = _phone_login(browser, live_server, user)
        phone.goto(f"{live_server.url}/koordinasi/arahan/")
        phone.locator("[data-testid=my-directives] a").first.click()
        phone.locator("[data-testid=ack]").click()
        phone.wait_for_selector("text=diterima")
        phone.fill("#id_text", text)
        phone.fill("#id_number", "12" if close else "5")
        if close:
            phone.check("#id_closes")
        phone.locator("[data-testid=report]").click()
        phone.wait_for_selector("text=Laporan tindak lanjut tersimpan")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        context.close()

    # Polsek Kencong asked for more time; Polsek Puger stayed silent and its deadline passes
    page.goto(f"{live_server.url}/koordinasi/arahan/{directive.pk}/")
    extend = page.locator(f"[data-testid=target-{district.polsek_b.code}]")
    extend.locator("input[name=deadline]").fill((deadline + timedelta(days=7)).isoformat())
    extend.locator("[data-testid=extend]").click()
    page.wait_for_selector("text=diperpanjang sampai")
    Directive.objects.filter(pk=directive.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    DirectiveTarget.objects.filter(directive=directive, unit=district.polsek_b).update(
        deadline=timezone.localdate() + timedelta(days=3)
    )  # time passes: the arahan's deadline is yesterday, Kencong's extension still runs
    assert housekeeping_run()["coordination.escalate"] == 1

    page.goto(f"{live_server.url}/koordinasi/arahan/matriks/")
    cells = page.locator("[data-testid=matrix] tbody tr").first.locator("td[data-state]")
    heads = page.locator("[data-testid=matrix] thead th").all_inner_texts()[2:]
    states = dict(zip(heads, cells.all_inner_texts(), strict=True))
    assert states == {
        "Polsek Jombang": "Selesai",
        "Polsek Kencong": "Dilaksanakan",
        "Polsek Puger": "Terlambat (dieskalasi)",
    }
    page.goto(f"{live_server.url}/")
    assert "Polsek Puger" in page.locator("[data-testid=coordination-panel]").inner_text()
