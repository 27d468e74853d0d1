"""Each TPS page explains its category; summary per desa/kecamatan; rule and indicator forms recompute."""

import pytest

from siaga.risk import services
from siaga.risk.models import DesaCategory, IntelNote
from siaga.stations.models import Station
from tests.risk.factories import ElectionFactory, make_stations

pytestmark = pytest.mark.django_db


def test_tps_page_explains_its_category(profile, stations, intel_user, login):
    a1 = stations["a"][0]
    services.checklist_set(station=a1, codes={"politik_uang", "dpt_tms"}, actor=intel_user)
    page = login(intel_user).get(f"/kerawanan/tps/{a1.pk}/").content.decode()
    assert 'data-category="rawan"' in page
    assert "Pemberian uang atau barang" in page and "+2<" in page and "+0,50" in page
    assert "Skor 2,5 ≥ ambang Rawan (2)" in page
    assert "Dihitung ulang oleh aturan" in page  # history


def test_tps_page_names_the_hard_rule_and_override(profile, stations, kapolres, intel_user, login):
    a1 = stations["a"][0]
    services.checklist_set(station=a1, codes={"sulit_dijangkau", "riwayat_kekerasan"}, actor=intel_user)
    services.station_override_set(station=a1, category="khusus", reason="Relokasi bencana", actor=kapolres)
    page = login(kapolres).get(f"/kerawanan/tps/{a1.pk}/").content.decode()
    assert "Sulit dijangkau DAN riwayat konflik/kekerasan (Polda Lampung)" in page
    assert "Relokasi bencana" in page and 'data-testid="risk-override"' in page


def test_station_panel_template_renders_from_station_alone(profile, stations):
    from django.template.loader import render_to_string

    html = render_to_string("risk/htmx/station_panel.html", {"station": stations["b"][0]})
    assert 'data-testid="risk-panel"' in html and "Kurang rawan" in html


def test_checklist_page_post_saves_and_audits(profile, stations, intel_user, login):
    from siaga.core.models import ObjectChange

    a1 = stations["a"][0]
    login(intel_user).post(f"/kerawanan/tps/{a1.pk}/", {"rawan_bencana": "on"})
    assert Station.objects.get(pk=a1.pk).category == "rawan"
    audit = ObjectChange.objects.get(model="risk.StationIndicator", object_id=str(a1.pk))
    assert audit.user == intel_user and audit.changes["ditambah"] == ["rawan_bencana"]


def test_intel_note_from_page_adds_score(profile, stations, intel_user, login):
    a1 = stations["a"][0]
    login(intel_user).post(f"/kerawanan/tps/{a1.pk}/catatan/", {"severity": 3, "text": "Rencana pengerahan massa"})
    assert IntelNote.objects.get().station == a1
    assert Station.objects.get(pk=a1.pk).category == "rawan"


def test_summary_per_kecamatan_and_desa(profile, stations, district, kapolres, intel_user, login):
    services.checklist_set(station=stations["a"][0], codes={"politik_uang"}, actor=intel_user)
    client = login(kapolres)
    page = client.get(f"/kerawanan/pemilihan/{profile.election_id}/").content.decode()
    assert 'data-testid="risk-summary-kecamatan"' in page and "Jombang" in page and "Kencong" in page
    rows = client.get(f"/api/risk/pemilihan/{profile.election_id}/ringkasan").json()
    assert {r["name"]: r["counts"] for r in rows} == {
        "Jombang": {"rawan": 1, "kurang_rawan": 3},
        "Kencong": {"kurang_rawan": 4},
    }
    rows = client.get(f"/api/risk/pemilihan/{profile.election_id}/ringkasan?tingkat=desa").json()
    by_desa = {r["code"]: r for r in rows}
    assert by_desa[district.desa_a[0].code]["own"] == "rawan"
    assert by_desa[district.desa_a[1].code]["own"] == "kurang_rawan"


def test_pilkades_desa_category_is_the_max_or_set_by_an_officer(district, ops_user, intel_user, login):
    election = ElectionFactory(unit=district.polres, type="pilkades")
    stations = make_stations(district, election)
    profile = services.profile_get_or_create(election=election)
    services.categories_recompute(election=election)
    assert profile.rule["preset"] == "pilkades"
    services.checklist_set(station=stations["a"][0], codes={"politik_uang"}, actor=intel_user)
    client = login(ops_user)
    desa = district.desa_a[0].code
    rows = {r["code"]: r for r in client.get(f"/api/risk/pemilihan/{election.pk}/ringkasan?tingkat=desa").json()}
    assert rows[desa]["own"] == "rawan_ringan"
    client.post(f"/kerawanan/pemilihan/{election.pk}/desa/{desa}/kategori/", {"category": "rawan_berat", "reason": ""})
    assert not DesaCategory.objects.exists()  # reason required
    client.post(
        f"/kerawanan/pemilihan/{election.pk}/desa/{desa}/kategori/", {"category": "rawan_berat", "reason": "Rivalitas"}
    )
    page = client.get(f"/kerawanan/pemilihan/{election.pk}/").content.decode()
    assert 'data-testid="risk-summary-desa"' in page and "Rawan berat" in page


def test_desa_grid_sets_several_tps(profile, stations, district, polsek_a_user, login):
    a1, a2 = stations["a"][:2]
    client = login(polsek_a_user)
    url = f"/kerawanan/pemilihan/{profile.election_id}/desa/{district.desa_a[0].code}/"
    assert "TPS 2" in client.get(url).content.decode()
    client.post(url, {"flag": [f"{a1.pk}:rawan_bencana", f"{a2.pk}:dptb", f"{a2.pk}:dpt_tms"]})
    assert Station.objects.get(pk=a1.pk).category == "rawan"
    assert Station.objects.get(pk=a2.pk).category == "kurang_rawan"
    from siaga.risk.selectors import flags_for

    assert flags_for([a1, a2]) == {a1.pk: {"rawan_bencana"}, a2.pk: {"dptb", "dpt_tms"}}


def test_rule_form_changes_weights_and_recomputes(
    profile, stations, intel_user, login, django_capture_on_commit_callbacks
):
    a1 = stations["a"][0]
    services.checklist_set(station=a1, codes={"dpt_tms"}, actor=intel_user)
    client = login(intel_user)
    url = f"/kerawanan/pemilihan/{profile.election_id}/aturan/"
    form = {
        "tps_incident_weight": 2, "desa_incident_weight": 0.5, "incident_cap": 5, "incident_days": 30,
        "note_1": 1, "note_2": 3, "note_3": 6,
        "hard_rules": "khusus = tps:lapas ; Lapas\nsangat_rawan = sulit_dijangkau & riwayat_kekerasan|rawan_konflik",
    }  # fmt: skip
    for i, c in enumerate(profile.categories):
        form |= {
            f"cat_{i}_label": c["label"],
            f"cat_{i}_color": c["color"],
            f"cat_{i}_min": "" if c["min_score"] is None else c["min_score"],
        }
    form["cat_1_min"] = 0.5
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form)
    assert response.status_code == 302
    assert Station.objects.get(pk=a1.pk).category == "rawan"
    form["hard_rules"] = "sangat_rawan = bukan_kode"
    page = client.post(url, form).content.decode()
    assert "istilah tidak dikenal: bukan_kode" in page


def test_indicator_page_updates_weight(profile, stations, ops_user, login, django_capture_on_commit_callbacks):
    a1 = stations["a"][0]
    services.checklist_set(station=a1, codes={"dpt_tms"}, actor=ops_user)
    client = login(ops_user)
    url = f"/kerawanan/pemilihan/{profile.election_id}/indikator/"
    assert "Riwayat kekerasan di TPS" in client.get(url).content.decode()
    data = {"indicator": "dpt_tms", "dpt_tms-label": "DPT TMS", "dpt_tms-weight": 3, "dpt_tms-active": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert Station.objects.get(pk=a1.pk).category == "rawan"
    assert profile.indicators.get(code="dpt_tms").label == "DPT TMS"


def test_rules_pages_need_the_rules_role(profile, stations, polsek_a_user, viewer_user, login):
    for user in (polsek_a_user, viewer_user):
        client = login(user)
        assert client.get(f"/kerawanan/pemilihan/{profile.election_id}/aturan/").status_code in (403, 404)
        assert client.get(f"/kerawanan/pemilihan/{profile.election_id}/indikator/").status_code in (403, 404)


def test_summary_api_query_count_does_not_grow(
    profile, district, election, kapolres, api_client, django_assert_max_num_queries
):
    from tests.risk.factories import StationFactory

    for n in range(10, 40):
        StationFactory(election=election, desa=district.desa_b[0], number=n, unit=district.polsek_b)
    services.categories_recompute(election=election)
    client, headers = api_client(kapolres)
    with django_assert_max_num_queries(12):
        rows = client.get(f"/api/risk/pemilihan/{election.pk}/ringkasan?tingkat=desa", headers=headers).json()
    assert sum(r["total"] for r in rows) == 38


def test_catalog_api_lists_indicators_and_categories(profile, stations, polsek_a_user, api_client):
    client, headers = api_client(polsek_a_user)
    data = client.get(f"/api/risk/pemilihan/{profile.election_id}/indikator", headers=headers).json()
    assert len(data["indicators"]) == 22 and data["categories"][0]["code"] == "kurang_rawan"


def test_stations_filter_and_category_styles_come_from_risk(profile, stations, intel_user):
    from siaga.stations.categories import category_style
    from siaga.stations.filters import station_filter

    a1 = stations["a"][0]
    services.checklist_set(station=a1, codes={"politik_uang", "dptb"}, actor=intel_user)
    qs = Station.objects.filter(election=profile.election)
    assert list(station_filter({"indicator": "politik_uang"}, qs)) == [a1]
    assert list(station_filter({"indicator": "politik_uang,dpt_tms"}, qs)) == []
    rule = dict(profile.rule)
    rule["categories"] = [dict(c) for c in rule["categories"]]
    rule["categories"][1]["label"], rule["categories"][1]["color"] = "Waspada", "#123456"
    profile.rule = rule
    profile.save()
    style = category_style("rawan", election=profile.election)
    assert (style.label, style.color) == ("Waspada", "#123456")


def test_a_field_officer_cannot_add_intel_notes(profile, stations, field_a_user, login):
    a1 = stations["a"][0]
    response = login(field_a_user).post(f"/kerawanan/tps/{a1.pk}/catatan/", {"severity": 3, "text": "Isu bentrok"})
    assert response.status_code == 403
    assert not IntelNote.objects.exists()
