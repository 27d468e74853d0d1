"""The TPS map GeoJSON stays small: compact properties, no popup HTML (tps-map.js builds the popup), rounded
coordinates; the GeoJSON export keeps the full attributes for GIS use."""

import json

import pytest

pytestmark = pytest.mark.django_db

MAP_KEYS = {"rank", "id", "name", "category", "color", "voters"}


def test_map_features_carry_compact_properties_without_html(district, election, stations, kapolres, login):
    response = login(kapolres).get(f"/pemilihan/{election.pk}/tps/peta.geojson")
    data = response.json()
    first = data["features"][0]
    assert set(first["properties"]) == MAP_KEYS
    assert "<" not in response.content.decode()  # no HTML anywhere
    assert first["properties"]["name"] == "TPS 001 Desa A1 (Kurang rawan)"
    assert b", " not in response.content and b'": ' not in response.content  # compact separators
    per_feature = len(response.content) / len(data["features"])
    assert per_feature < 230  # was ~475 bytes with popup HTML (1.9 MB for the 4,046 demo TPS)


def test_special_type_is_sent_only_when_set_and_coordinates_are_rounded(district, election, stations, kapolres, login):
    station = stations[0]
    station.special_type, station.lat = "lapas", -8.123456789
    station.save()
    data = login(kapolres).get(f"/pemilihan/{election.pk}/tps/peta.geojson").json()
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    assert by_id[station.pk]["properties"]["special_type"] == "lapas"
    assert by_id[station.pk]["geometry"]["coordinates"][1] == -8.12346
    assert "special_type" not in by_id[stations[1].pk]["properties"]


def test_map_page_ships_the_popup_script_and_its_data(district, election, stations, kapolres, login):
    html = login(kapolres).get(f"/pemilihan/{election.pk}/tps/peta/").content.decode()
    assert "stations/tps-map.js" in html and 'SiagaTpsPopups("tps-map")' in html
    assert (
        'data-detail-url="/tps/0/"' in html
        and 'data-special-types="{&quot;lapas&quot;: &quot;Lapas/Rutan&quot;' in html
    )


def test_geojson_export_keeps_full_attributes(district, election, stations, kapolres, login):
    content = login(kapolres).get(f"/pemilihan/{election.pk}/tps/ekspor.geojson").content
    props = json.loads(content)["features"][0]["properties"]
    assert props["kecamatan"] == "Jombang" and props["desa_name"] == "Desa A1" and props["voters_male"] == 240
    assert props["category_label"] == "Kurang rawan" and "popup" not in props


def test_the_map_layer_is_gzipped_for_browsers_that_accept_it(district, election, stations, kapolres, login):
    import gzip
    import json

    response = login(kapolres).get(f"/pemilihan/{election.pk}/tps/peta.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.content))["features"]) == len(stations)


def test_features_rank_categories_so_clusters_show_the_most_severe(district, election, stations, kapolres, login):
    from siaga.stations.models import Station

    Station.objects.filter(pk=stations[0].pk).update(category="sangat_rawan")
    Station.objects.filter(pk=stations[1].pk).update(category="kurang_rawan")
    data = login(kapolres).get(f"/pemilihan/{election.pk}/tps/peta.geojson").json()
    rank = {f["properties"]["id"]: f["properties"]["rank"] for f in data["features"]}
    assert rank[stations[0].pk] > rank[stations[1].pk] > 0
