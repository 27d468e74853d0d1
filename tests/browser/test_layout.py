"""Every main page at a phone width and at an operations-room desktop width: nothing wider than the screen and
no console errors (script errors, Content-Security-Policy refusals, failed loads)."""

import datetime
import json

import pytest
from django.utils import timezone

from siaga.core.access import SYSTEM
from siaga.deployment import services as deployment
from siaga.elections import services as elections
from siaga.patrols.services import patrol_plan_create
from siaga.regions.boundaries import boundaries_import
from tests.deployment.factories import election_for, operation_for, strength, tps
from tests.patrols.conftest import world  # noqa: F401 - the shared patrol fixture
from tests.regions.boundary_data import feature, geojson_bytes, square
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}

# Reports the overflow and the elements sticking out of the viewport, so a failure says where to look.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0) {
      let inScroller = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') { inScroller = true; break; }
      }
      if (!inScroller) culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
        ' right=' + Math.round(r.right));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits: culprits.slice(0, 8)};
}"""


@pytest.fixture
def busy_district(district, world, ops_user, kapolres, field_a_user):  # noqa: F811
    """An election month full of stages, a local event, TPS, an approved deployment plan, a patrol plan, reports,
    personnel and official desa outlines: every main page has something to lay out."""
    from siaga.core.jobs import job_execute

    election = election_for(district)
    elections.election_apply_template(election=election, template_code="pilkada_2024", actor=SYSTEM)
    elections.calendar_event_create(
        unit=district.polres,
        title="Apel gelar pasukan Operasi Mantap Praja dengan seluruh Polsek jajaran",
        start=election.voting_day - datetime.timedelta(days=2),
        end=election.voting_day + datetime.timedelta(days=1),
        actor=SYSTEM,
    )
    operation = operation_for(district, election)
    stations = tps(district, election, per_desa=4, categories=("kurang_rawan", "rawan", "sangat_rawan"))
    strength(district, per_polsek=10, at_polres=4)
    plan = deployment.deployment_plan_create(user=ops_user, operation=operation, election=election)
    deployment.deployment_plan_compute(plan=plan)
    plan = deployment.deployment_plan_approve(user=kapolres, plan=plan)
    today = timezone.localdate()
    patrol = patrol_plan_create(unit=district.polres, date_from=today, date_to=today, actor=ops_user)
    job_execute(patrol.job)
    report = submit(
        field_a_user, text="Ada kerumunan massa membawa spanduk di depan kantor PPK", **desa_point(district.desa_a[0])
    )
    boundaries_import(
        actor=SYSTEM,
        data=geojson_bytes(*[feature({"kode": d.code}, square(d.lon, d.lat)) for d in district.desa_a]),
        filename="desa.geojson",
        source="BIG RBI 2023",
    )
    return {
        "election": election,
        "operation": operation,
        "station": stations[0],
        "plan": plan,
        "patrol": patrol,
        "report": report,
        "month": election.voting_day.strftime("%Y-%m"),
        "object": world.objects_a[0],
        "team": world.team_a,
        "officer": plan.assignments.exclude(post=None).first().personnel,
    }


def _pages(d, district) -> list[tuple[str, str]]:
    e, s = d["election"].pk, d["station"].pk
    return [
        ("kapolres", "/"),
        ("kapolres", f"/kalender/?bulan={d['month']}"),
        ("kapolres", f"/kalender/?bulan={d['month']}&pemilihan={e}"),
        ("kapolres", "/pemilihan/"),
        ("kapolres", f"/pemilihan/{e}/"),
        ("kapolres", f"/operasi/{d['operation'].pk}/"),
        ("kapolres", f"/pemilihan/{e}/tps/"),
        ("kapolres", f"/pemilihan/{e}/tps/peta/"),
        ("kapolres", f"/pemilihan/{e}/tps/rekap/"),
        ("ops", f"/pemilihan/{e}/tps/impor/"),
        ("kapolres", f"/tps/{s}/"),
        ("kapolres", "/kerawanan/"),
        ("kapolres", f"/kerawanan/pemilihan/{e}/"),
        ("ops", f"/kerawanan/pemilihan/{e}/indikator/"),
        ("ops", f"/kerawanan/pemilihan/{e}/aturan/"),
        ("kapolres", f"/kerawanan/tps/{s}/"),
        ("kapolres", "/plotting/"),
        ("kapolres", f"/plotting/{d['plan'].pk}/"),
        ("kapolres", f"/plotting/{d['plan'].pk}/roster/"),
        ("ops", "/plotting/pos-aju/"),
        ("ops", f"/pola/{d['operation'].pk}/"),
        ("kapolres", f"/plotting/{d['plan'].pk}/kartu/{d['officer'].pk}/"),
        ("ops", "/pemilihan/baru/"),
        ("kapolres", "/patroli/objek/"),
        ("kapolres", f"/patroli/objek/{d['object'].pk}/"),
        ("ops", "/patroli/objek/baru/"),
        ("kapolres", f"/patroli/tim/{d['team'].pk}/"),
        ("kapolres", "/patroli/tim/"),
        ("kapolres", "/patroli/rencana/"),
        ("kapolres", f"/patroli/rencana/{d['patrol'].pk}/"),
        ("kapolres", "/patroli/peta/"),
        ("kapolres", "/patroli/cakupan/"),
        ("field", "/patroli/saya/"),
        ("field", "/tugas-saya/"),
        ("kapolres", "/laporan/"),
        ("kapolres", f"/laporan/{d['report'].pk}/"),
        ("field", "/laporan/kirim/"),
        ("kapolres", "/personel/"),
        ("kapolres", f"/personel/{d['officer'].pk}/"),
        ("kapolres", f"/kerawanan/pemilihan/{e}/desa/{district.desa_a[0].code}/"),
        ("kapolres", "/personel/kekuatan/"),
        ("ops", "/personel/impor/"),
        ("kapolres", "/satuan/"),
        ("kapolres", f"/wilayah/{district.kabupaten.code}/"),
        ("admin", "/wilayah/batas-resmi/"),
        ("admin", "/audit/"),
        (None, "/lapor/"),
        (None, "/masuk/"),
    ]


def _check_every_page(browser, live_server, viewport, users, pages):
    problems = []
    contexts = {}
    try:
        for who, path in pages:
            if who not in contexts:
                context = browser.new_context(locale="id-ID", viewport=viewport)
                context.set_default_timeout(90_000)  # a wait bound on a busy 2-core machine, not a speed check
                if who is not None:
                    _login(context, live_server, users[who])
                contexts[who] = context
            page = contexts[who].new_page()
            errors = []
            page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            response = page.goto(f"{live_server.url}{path}", wait_until="networkidle")
            if response is None or response.status != 200:
                problems.append(f"{path}: HTTP {response.status if response else '-'}")
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow["scrollWidth"] > overflow["innerWidth"] + 1:
                problems.append(
                    f"{path}: {overflow['scrollWidth']}px > {overflow['innerWidth']}px {overflow['culprits']}"
                )
            if errors:
                problems.append(f"{path}: console {errors[:3]}")
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    return problems


def _login(context, live_server, user):
    from tests.factories import TEST_PASSWORD

    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.close()


@pytest.fixture
def users(kapolres, ops_user, field_a_user, admin_user):
    return {"kapolres": kapolres, "ops": ops_user, "field": field_a_user, "admin": admin_user}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-390", "desktop-1400"])
def test_every_main_page_fits_the_screen_without_console_errors(
    busy_district, district, users, browser, live_server, viewport
):
    problems = _check_every_page(browser, live_server, viewport, users, _pages(busy_district, district))
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_the_calendar_month_grid_keeps_seven_equal_columns_on_an_operations_room_screen(
    busy_district, kapolres, browser_login, live_server, page
):
    page.set_viewport_size(DESKTOP)
    browser_login(kapolres)
    page.goto(f"{live_server.url}/kalender/?bulan={busy_district['month']}")
    widths = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-testid=calendar] tbody tr:first-child td'))"
        ".map(td => td.getBoundingClientRect().width)"
    )
    assert len(widths) == 7
    assert max(widths) - min(widths) <= 2  # long stage names are cut with an ellipsis, never widen their day
    table = page.locator("[data-testid=calendar]").bounding_box()
    assert table["x"] + table["width"] <= DESKTOP["width"]
