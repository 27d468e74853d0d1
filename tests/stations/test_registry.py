"""TPS registry: one filter for list, API, exports and map; persona scoping; the kecamatan summary."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from siaga.stations import categories as cat_module
from siaga.stations import filters as filter_module
from siaga.stations.categories import CategoryStyle, category_style

pytestmark = pytest.mark.django_db


def _list_numbers(client, election, query=""):
    html = client.get(f"/pemilihan/{election.pk}/tps/?{query}", HTTP_HX_REQUEST="true").content.decode()
    return int(html.split('data-count="', 1)[1].split('"', 1)[0])


def _api_ids(api_client, user, election, query=""):
    client, headers = api_client(user)
    data = client.get(f"/api/stations/?election={election.pk}&limit=1000&{query}", headers=headers).json()
    assert data["count"] == len(data["items"])
    return {item["id"] for item in data["items"]}


def _export_counts(client, election, query=""):
    base = f"/pemilihan/{election.pk}/tps/ekspor"
    rows = list(csv.reader(io.StringIO(client.get(f"{base}.csv?{query}").content.decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx?{query}").content), read_only=True).worksheets[0]
    geo = json.loads(client.get(f"{base}.geojson?{query}").content)
    return len(rows) - 1, sum(1 for _ in sheet.iter_rows()) - 1, len(geo["features"])


def _map_ids(client, election, query=""):
    data = client.get(f"/pemilihan/{election.pk}/tps/peta.geojson?{query}").json()
    return {f["properties"]["id"] for f in data["features"]}


@pytest.mark.parametrize(
    "query",
    ["", "category=sangat_rawan", "category=rawan,kurang_rawan", "kecamatan=35.09.01", "desa=35.09.02.2001", "q=2"],
)
def test_filters_give_the_same_results_in_list_api_exports_and_map(
    query, district, election, stations, kapolres, login, api_client
):
    client = login(kapolres)
    ids = _api_ids(api_client, kapolres, election, query)
    assert ids and _map_ids(client, election, query) == ids
    assert _list_numbers(client, election, query) == len(ids)
    assert _export_counts(client, election, query) == (len(ids), len(ids), len(ids))


def test_category_filter_narrows_to_exactly_that_category(district, election, stations, kapolres, login):
    data = login(kapolres).get(f"/pemilihan/{election.pk}/tps/peta.geojson?category=sangat_rawan").json()
    assert {f["properties"]["category"] for f in data["features"]} == {"sangat_rawan"}
    assert {f["properties"]["color"] for f in data["features"]} == {"#d62828"}
    assert len(data["features"]) == 4


def test_polsek_filter_and_special_type(district, election, stations, kapolres, login, api_client):
    stations[0].special_type = "lapas"
    stations[0].save()
    assert _api_ids(api_client, kapolres, election, f"polsek={district.polsek_b.pk}") == {
        s.pk for s in stations if s.unit == district.polsek_b
    }
    assert _api_ids(api_client, kapolres, election, "special_type=lapas") == {stations[0].pk}


def test_polsek_sees_only_its_sector_everywhere(district, election, stations, polsek_a_user, login, api_client):
    client = login(polsek_a_user)
    own = {s.pk for s in stations if s.unit == district.polsek_a}
    assert _api_ids(api_client, polsek_a_user, election) == own
    assert _map_ids(client, election) == own
    assert _list_numbers(client, election) == len(own)
    assert _export_counts(client, election) == (len(own), len(own), len(own))
    other = next(s for s in stations if s.unit == district.polsek_b)
    assert client.get(f"/tps/{other.pk}/").status_code == 404
    assert client.get(f"/tps/{stations[0].pk}/").status_code == 200


def test_partner_sees_no_tps_unless_the_election_is_shared(
    district, election, stations, partner_user, login, api_client
):
    client = login(partner_user)
    assert _api_ids(api_client, partner_user, election) == set()
    assert _map_ids(client, election) == set()
    assert _export_counts(client, election) == (0, 0, 0)
    election.shared_with.add(district.kpu)
    assert _api_ids(api_client, partner_user, election) == {s.pk for s in stations}


def test_kecamatan_summary_counts_tps_dpt_and_categories(district, election, stations, kapolres, login):
    html = login(kapolres).get(f"/pemilihan/{election.pk}/tps/rekap/").content.decode()
    assert "Jombang" in html and "Kencong" in html
    assert ">6<" in html  # 6 TPS per kecamatan (2 desa × 3)
    assert ">2910<" in html  # DPT per kecamatan: 6 × 485
    assert ">12<" in html  # total TPS


def test_detail_page_includes_the_risk_panel_only_when_it_exists(district, election, stations, kapolres, login):
    from siaga.stations import views

    response = login(kapolres).get(f"/tps/{stations[0].pk}/")
    assert response.status_code == 200 and "Kurang rawan" in response.content.decode()
    assert views._risk_panel() in (None, views.RISK_PANEL)


def test_category_style_reads_from_a_registered_provider():
    assert category_style("").label == "Belum dinilai"
    previous = cat_module._provider
    try:
        cat_module.category_provider_register(lambda election: [CategoryStyle("tinggi", "Tinggi", "#000000")])
        assert category_style("tinggi").label == "Tinggi"
        assert category_style("sangat_rawan").color == cat_module.UNKNOWN.color
        cat_module.category_provider_register(None)
        assert category_style("sangat_rawan").color == "#d62828"
    finally:
        cat_module.category_provider_register(previous)


def test_registered_filters_apply_everywhere(district, election, stations, kapolres, login, api_client):
    filter_module.register_station_filter("nomor_min", lambda qs, v: qs.filter(number__gte=int(v)), label="Nomor")
    try:
        expected = {s.pk for s in stations if s.number >= 3}
        assert _api_ids(api_client, kapolres, election, "nomor_min=3") == expected
        assert _map_ids(login(kapolres), election, "nomor_min=3") == expected
        assert 'name="nomor_min"' in login(kapolres).get(f"/pemilihan/{election.pk}/tps/").content.decode()
    finally:
        filter_module._extra.pop("nomor_min", None)


def test_map_and_list_do_not_grow_queries_with_the_number_of_tps(
    district, election, stations, kapolres, login, django_assert_max_num_queries
):
    client = login(kapolres)
    with django_assert_max_num_queries(8):
        client.get(f"/pemilihan/{election.pk}/tps/peta.geojson")
    with django_assert_max_num_queries(14):
        client.get(f"/pemilihan/{election.pk}/tps/")


def test_dashboard_layer_shows_the_latest_election(district, election, stations, kapolres, login):
    data = login(kapolres).get("/tps/peta.geojson").json()
    assert len(data["features"]) == len(stations)
