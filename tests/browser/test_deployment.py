"""Issue #4 in a real browser: the approved plan on the map (posts and reserve rings), XLSX and PDF downloads."""

from pathlib import Path

import pytest

from siaga.deployment import services
from tests.deployment.factories import election_for, operation_for, strength, tps

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def approved_plan(district, ops_user, kapolres):
    election = election_for(district)
    operation = operation_for(district, election)
    tps(district, election, per_desa=6, categories=("kurang_rawan", "rawan", "sangat_rawan"))
    strength(district, per_polsek=15, at_polres=6)
    plan = services.deployment_plan_create(user=ops_user, operation=operation, election=election)
    services.deployment_plan_compute(plan=plan)
    return services.deployment_plan_approve(user=kapolres, plan=plan)


def test_it_shows_the_plan_on_the_map_and_downloads_xlsx_and_pdf(approved_plan, kapolres, browser_login, live_server):
    page = browser_login(kapolres)
    page.click("nav.main >> text=Plotting")
    page.click(f"a[href='/plotting/{approved_plan.pk}/']")
    page.wait_for_selector("#plan-map[data-pos-count][data-cadangan-count]")
    plan_map = page.locator("#plan-map")
    assert int(plan_map.get_attribute("data-pos-count")) == approved_plan.posts.count() > 0
    assert int(plan_map.get_attribute("data-cadangan-count")) == 2 * approved_plan.reserves.count() > 0
    assert page.locator("#plan-map path.leaflet-interactive, #plan-map canvas").count() >= 1
    assert "Disetujui" in page.locator("[data-testid=plan-status]").inner_text()
    assert page.locator("[data-testid=approve]").count() == 0  # approved: read-only

    with page.expect_download() as info:
        page.click("[data-testid=download-xlsx]")
    xlsx = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename.endswith(".xlsx") and xlsx[:2] == b"PK" and len(xlsx) > 4000

    with page.expect_download() as info:
        page.click("[data-testid=download-pdf]")
    pdf = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename.endswith(".pdf") and pdf.startswith(b"%PDF") and len(pdf) > 2000
