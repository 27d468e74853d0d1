import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_logs_in_and_draws_the_district_on_the_dashboard_map(district, kapolres, browser_login):
    page = browser_login(kapolres)
    page.wait_for_selector("#dashboard-map[data-wilayah-count]")
    map_el = page.locator("#dashboard-map")
    # 2 kecamatan + 4 desa points + the kabupaten/kecamatan outlines that exist
    assert int(map_el.get_attribute("data-wilayah-count")) >= 6
    assert int(map_el.get_attribute("data-satuan-count")) >= 3
    # Leaflet drew vector markers (canvas renderer) into the map pane
    assert page.locator("#dashboard-map .leaflet-pane canvas, #dashboard-map path.leaflet-interactive").count() >= 1
    assert "Dasbor" in page.content()


def test_polsek_user_map_shows_only_his_sector(district, polsek_a_user, browser_login):
    page = browser_login(polsek_a_user)
    page.wait_for_selector("#dashboard-map[data-wilayah-count]")
    data = page.evaluate("fetch('/peta/wilayah.geojson').then(r => r.json())")
    codes = {f["properties"]["code"] for f in data["features"]}
    assert district.desa_a[0].code in codes and district.desa_b[0].code not in codes
