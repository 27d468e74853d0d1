"""The offline basemap: Siaga serves tiles from a local MBTiles file and the maps use it."""

import pytest
from django.urls import reverse

from siaga.core.maps import map_config
from tests.core.mbtiles import build_mbtiles, gzipped_pbf, png

RED, BLUE = png((200, 30, 30)), png((30, 30, 200))


@pytest.fixture
def mbtiles(tmp_path, settings):
    # z=2, x=3, y=1 (XYZ) is TMS row 2; a different tile sits at TMS row 1 to catch a missing flip
    path = build_mbtiles(tmp_path / "jember.mbtiles", tiles={(2, 3, 1): RED, (2, 3, 2): BLUE})
    settings.SIAGA_TILES_MBTILES = str(path)
    settings.SIAGA_TILE_URL = ""
    return path


def test_a_tile_is_served_by_its_xyz_address_with_the_tms_row_flipped(mbtiles, kapolres, login):
    response = login(kapolres).get("/peta/ubin/2/3/1.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == RED
    assert login(kapolres).get("/peta/ubin/2/3/2.png").content == BLUE


def test_tiles_carry_private_cache_headers_and_answer_304_to_a_known_etag(mbtiles, kapolres, login):
    client = login(kapolres)
    first = client.get("/peta/ubin/2/3/1.png")
    assert "private" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    again = client.get("/peta/ubin/2/3/1.png", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    "url",
    [
        "/peta/ubin/2/0/0.png",  # not in the file
        "/peta/ubin/2/4/1.png",  # x beyond 2^z
        "/peta/ubin/2/3/9.png",  # y beyond 2^z
        "/peta/ubin/2/3/1.webp",  # the file holds png
        "/peta/ubin/2/3/1",  # no format
        "/peta/ubin/99/0/0.png",  # beyond any zoom
        "/peta/ubin/2/3/1.png/x",
    ],
)
def test_missing_or_impossible_tiles_are_404(mbtiles, kapolres, login, url):
    assert login(kapolres).get(url).status_code == 404


def test_tiles_need_a_login(mbtiles, client):
    response = client.get("/peta/ubin/2/3/1.png")
    assert response.status_code in (302, 401)
    assert response.content != RED


def test_without_an_mbtiles_file_there_are_no_tiles(settings, kapolres, login):
    settings.SIAGA_TILES_MBTILES = ""
    assert login(kapolres).get("/peta/ubin/2/3/1.png").status_code == 404


def test_vector_tiles_are_served_with_their_gzip_encoding(tmp_path, settings, kapolres, login):
    data = gzipped_pbf()
    path = build_mbtiles(tmp_path / "vektor.mbtiles", fmt="pbf", tiles={(1, 0, 0): data})
    settings.SIAGA_TILES_MBTILES = str(path)
    settings.SIAGA_TILE_URL = ""
    response = login(kapolres).get("/peta/ubin/1/0/0.pbf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-protobuf"
    assert response["Content-Encoding"] == "gzip"
    assert response.content == data
    # Leaflet draws raster only: the maps keep their plain background
    assert map_config([])["tileUrl"] == ""


def test_map_config_points_leaflet_at_the_local_tiles_with_the_files_attribution(mbtiles, db):
    config = map_config([{"key": "wilayah"}])
    assert config["tileUrl"] == reverse("core:tile", kwargs={"tile": "0"})[:-1] + "{z}/{x}/{y}.png"
    assert config["tileUrl"] == "/peta/ubin/{z}/{x}/{y}.png"
    assert config["attribution"] == "© OpenStreetMap"  # the markup of the file is dropped, never rendered
    assert config["tileMaxNativeZoom"] == 12 and config["tileMinZoom"] == 0
    assert config["tileBounds"] == [[-8.5, 113.2], [-7.9, 114.0]]
    assert config["layers"] == [{"key": "wilayah"}]


def test_markup_in_the_mbtiles_attribution_is_escaped(tmp_path, settings, db):
    path = build_mbtiles(tmp_path / "x.mbtiles", metadata={"attribution": "Peta <b>A</b> & 1 < 2 <script>x</script>"})
    settings.SIAGA_TILES_MBTILES = str(path)
    settings.SIAGA_TILE_URL = ""
    assert "<" not in map_config([])["attribution"]
    assert map_config([])["attribution"].startswith("Peta A &amp; 1")


def test_an_external_tile_server_wins_over_the_mbtiles_file(mbtiles, settings, db):
    settings.SIAGA_TILE_URL = "https://ubin.example/{z}/{x}/{y}.png"
    settings.SIAGA_TILE_ATTRIBUTION = "Contoh"
    config = map_config([])
    assert config["tileUrl"] == "https://ubin.example/{z}/{x}/{y}.png" and config["attribution"] == "Contoh"


def test_an_unreadable_mbtiles_file_leaves_the_map_plain(tmp_path, settings, db):
    broken = tmp_path / "rusak.mbtiles"
    broken.write_bytes(b"bukan sqlite")
    settings.SIAGA_TILES_MBTILES = str(broken)
    settings.SIAGA_TILE_URL = ""
    assert map_config([])["tileUrl"] == ""


def test_the_stations_map_page_uses_the_local_basemap(mbtiles, district, kapolres, login):
    from tests.elections.factories import ElectionFactory

    election = ElectionFactory(unit=district.polres, regions=[district.kabupaten])
    response = login(kapolres).get(reverse("stations:map", args=[election.pk]))
    assert response.status_code == 200
    assert "/peta/ubin/{z}/{x}/{y}.png" in response.content.decode()
