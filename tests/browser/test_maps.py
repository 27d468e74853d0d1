"""Maps an operations room can read: the offline MBTiles basemap is drawn, official outlines are told apart."""

import math

import pytest

from siaga.core.access import SYSTEM
from siaga.regions.boundaries import boundaries_import
from tests.core.mbtiles import build_mbtiles, png
from tests.regions.boundary_data import feature, geojson_bytes, square

pytestmark = pytest.mark.django_db(transaction=True)


def _xyz(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


@pytest.fixture
def offline_basemap(tmp_path, settings):
    """Tiles over Jember up to zoom 8; Leaflet enlarges the zoom-8 tiles when the map zooms further in."""
    tiles = {}
    for z in range(0, 9):
        (x0, y0), (x1, y1) = _xyz(113.2, -7.9, z), _xyz(114.0, -8.5, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                tiles[(z, x, y)] = png((120 + z * 10, 180, 140), size=256)
    path = build_mbtiles(tmp_path / "jember.mbtiles", tiles=tiles, metadata={"maxzoom": "8"})
    settings.SIAGA_TILES_MBTILES = str(path)
    settings.SIAGA_TILE_URL = ""
    return path


def test_the_dashboard_draws_the_local_mbtiles_basemap(offline_basemap, district, kapolres, browser_login):
    page = browser_login(kapolres)
    page.wait_for_selector("#dashboard-map img.leaflet-tile-loaded")
    assert page.locator("#dashboard-map").get_attribute("data-basemap") == "mbtiles"
    sources = page.eval_on_selector_all("#dashboard-map img.leaflet-tile-loaded", "els => els.map(e => e.src)")
    assert sources and all("/peta/ubin/8/" in src for src in sources)
    assert "OpenStreetMap" in page.locator("#dashboard-map .leaflet-control-attribution").inner_text()


def test_the_map_legend_and_popups_tell_official_from_approximate_outlines(district, kapolres, browser_login):
    from siaga.regions.models import Region

    Region.objects.filter(code=district.kec_b.code).update(
        boundary={"type": "Polygon", "coordinates": [square(113.37, -8.28, 0.05)], "approx": True}
    )
    boundaries_import(
        actor=SYSTEM,
        data=geojson_bytes(*[feature({"kode": d.code}, square(d.lon, d.lat)) for d in district.desa_a]),
        filename="desa.geojson",
        source="BIG RBI 2023",
    )
    page = browser_login(kapolres)
    page.wait_for_selector("#dashboard-map .map-legend")
    legend = page.locator("#dashboard-map .map-legend").inner_text()
    assert "Batas resmi (BIG RBI 2023)" in legend and "Batas perkiraan" in legend
    popups = page.evaluate(
        """() => {
          const out = [];
          window.siagaMaps['dashboard-map'].layers.wilayah.eachLayer(l => {
            const p = l.feature.properties;
            if (p.kind === 'boundary') out.push([p.code, l.getPopup().getContent()]);
          });
          return Object.fromEntries(out);
        }"""
    )
    assert "Batas resmi · sumber: BIG RBI 2023" in popups[district.desa_a[0].code]
    assert "Batas perkiraan" in popups[district.kec_b.code]
