"""The TPS map: points coloured by category, and one filter form narrowing the map and the list together."""

import pytest

from tests.elections.factories import ElectionFactory
from tests.stations.factories import stations_for

pytestmark = pytest.mark.django_db(transaction=True)

COLORS_JS = "Array.from(new Set(window.siagaMaps['tps-map'].layers.tps.getLayers().map(l => l.options.fillColor)))"


def test_it_colours_tps_by_category_and_filters_map_and_list_together(district, kapolres, browser_login, live_server):
    election = ElectionFactory(name="Pilkada Bupati Jember 2024", unit=district.polres, regions=[district.kabupaten])
    stations = stations_for(district, election)
    page = browser_login(kapolres)
    page.goto(f"{live_server.url}/pemilihan/{election.pk}/tps/peta/")
    page.wait_for_selector("#tps-map[data-tps-count]")
    assert int(page.get_attribute("#tps-map", "data-tps-count")) == len(stations) == 12
    assert sorted(page.evaluate(COLORS_JS)) == sorted(["#2a9d48", "#f4a100", "#d62828"])
    assert page.get_attribute("[data-testid=tps-list]", "data-count") == "12"

    page.select_option("#id_category", "sangat_rawan")
    page.wait_for_selector("#tps-map[data-tps-count='4']")
    page.wait_for_selector("[data-testid=tps-list][data-count='4']")
    assert page.evaluate(COLORS_JS) == ["#d62828"]
    assert page.locator("[data-testid=tps-list] tbody tr[data-category=sangat_rawan]").count() == 4
    assert page.locator("[data-testid=tps-list] tbody tr[data-category=rawan]").count() == 0
