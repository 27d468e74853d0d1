"""Browser: an intel officer ticks indicators on a TPS page, the category and its explanation change; a field
officer uses the phone form."""

import pytest

from siaga.risk.services import categories_recompute, profile_get_or_create
from tests.risk.factories import ElectionFactory, make_stations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def risk_stations(district):
    election = ElectionFactory(unit=district.polres, type="pemilu")
    stations = make_stations(district, election)
    profile_get_or_create(election=election)
    categories_recompute(election=election)
    return stations


def test_it_explains_the_category_after_ticking_indicators(risk_stations, intel_user, browser_login, live_server):
    page = browser_login(intel_user)
    station = risk_stations["a"][0]
    page.goto(f"{live_server.url}/kerawanan/tps/{station.pk}/")
    assert page.get_by_test_id("risk-category").inner_text() == "Kurang rawan"
    page.get_by_label("TPS sulit dijangkau").check()
    page.get_by_label("Riwayat kekerasan di TPS").check()
    page.get_by_role("button", name="Simpan daftar periksa").click()
    page.wait_for_selector("[data-testid=risk-panel][data-category=sangat_rawan]")
    assert page.get_by_test_id("risk-category").inner_text() == "Sangat rawan"
    assert "Polda Lampung" in page.get_by_test_id("risk-fired").inner_text()
    assert "Riwayat kekerasan di TPS" in page.locator("table.explain").inner_text()
    page.goto(f"{live_server.url}/kerawanan/pemilihan/{station.election_id}/")
    row = page.locator("[data-testid=risk-summary-kecamatan] tr", has_text="Jombang")
    assert row.locator("td").nth(3).inner_text() == "1"  # sangat rawan column


def test_it_lets_a_field_officer_fill_the_phone_form(risk_stations, field_a_user, browser_login, live_server):
    page = browser_login(field_a_user)
    page.set_viewport_size({"width": 390, "height": 800})
    station = risk_stations["a"][1]
    page.goto(f"{live_server.url}/kerawanan/tps/{station.pk}/isi/")
    page.get_by_label("TPS di wilayah rawan bencana").check()
    page.get_by_role("button", name="Kirim").click()
    page.wait_for_selector(".messages")
    page.goto(f"{live_server.url}/kerawanan/tps/{station.pk}/")
    assert page.get_by_test_id("risk-category").inner_text() == "Rawan"
