"""Changing a rule weight or an indicator recomputes the categories, records history and keeps overrides."""

import pytest

from siaga.core.models import Job, ObjectChange
from siaga.risk import services
from siaga.risk.models import CategoryChange, StationRisk
from siaga.risk.providers import IncidentCounts, register_incident_counter, unregister_incident_counter
from siaga.stations.models import Station

pytestmark = pytest.mark.django_db


def _category(station) -> str:
    return Station.objects.get(pk=station.pk).category


def test_profile_copies_the_pemilu_catalog_on_first_use(profile):
    assert profile.indicators.count() == 22
    assert len({i.variable for i in profile.indicators.all()}) == 7
    assert [c["code"] for c in profile.categories] == ["kurang_rawan", "rawan", "sangat_rawan", "khusus"]


def test_first_computation_gives_every_tps_a_category(profile, stations):
    assert {_category(s) for s in stations["a"] + stations["b"]} == {"kurang_rawan"}
    assert StationRisk.objects.count() == 8


def test_changing_a_rule_weight_recomputes_records_history_and_keeps_overrides(
    profile, stations, ops_user, django_capture_on_commit_callbacks
):
    a1, a2, a3 = stations["a"][:3]
    services.checklist_set(station=a1, codes={"politik_uang"}, actor=ops_user)
    services.checklist_set(station=a2, codes={"politik_uang"}, actor=ops_user)
    assert _category(a1) == "rawan"  # weight 2 ≥ threshold 2
    services.station_override_set(station=a2, category="sangat_rawan", reason="Info intel terbaru", actor=ops_user)
    ind = profile.indicators.get(code="politik_uang")
    before = CategoryChange.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.indicator_update(indicator=ind, label=ind.label, weight=0.5, active=True, actor=ops_user)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert _category(a1) == "kurang_rawan"
    assert _category(a2) == "sangat_rawan"  # the override stays until cleared
    assert _category(a3) == "kurang_rawan"
    new = CategoryChange.objects.filter(pk__gt=0).order_by("-id")[: CategoryChange.objects.count() - before]
    assert {(c.station_id, c.old, c.new, c.source) for c in new} == {
        (a1.pk, "rawan", "kurang_rawan", "rule"),
        (a2.pk, "rawan", "kurang_rawan", "rule"),
    }
    change = CategoryChange.objects.filter(station=a1, source="rule").first()
    assert change.explanation["contributions"][0]["points"] == 0.5
    assert StationRisk.objects.get(station=a2).computed_category == "kurang_rawan"


def test_rule_threshold_change_recomputes_in_background(
    profile, stations, intel_user, django_capture_on_commit_callbacks
):
    a1 = stations["a"][0]
    services.checklist_set(station=a1, codes={"dpt_tms", "dptb"}, actor=intel_user)
    assert _category(a1) == "kurang_rawan"
    rule = dict(profile.rule)
    rule["categories"] = [dict(c) for c in rule["categories"]]
    rule["categories"][1]["min_score"] = 1
    with django_capture_on_commit_callbacks(execute=True):
        services.rule_update(profile=profile, rule=rule, actor=intel_user)
    assert _category(a1) == "rawan"
    assert CategoryChange.objects.filter(station=a1, new="rawan", source="rule").exists()
    assert ObjectChange.objects.filter(model="risk.StationRisk", action="action").exists()


def test_deactivating_an_indicator_recomputes(profile, stations, intel_user, django_capture_on_commit_callbacks):
    a1 = stations["a"][0]
    services.checklist_set(station=a1, codes={"riwayat_kekerasan"}, actor=intel_user)
    assert _category(a1) == "rawan"
    ind = profile.indicators.get(code="riwayat_kekerasan")
    with django_capture_on_commit_callbacks(execute=True):
        services.indicator_update(indicator=ind, label=ind.label, weight=ind.weight, active=False, actor=intel_user)
    assert _category(a1) == "kurang_rawan"


def test_unchanged_tps_get_no_history_row(profile, stations):
    before = CategoryChange.objects.count()
    result = services.categories_recompute(election=profile.election)
    assert result["changed"] == 0 and CategoryChange.objects.count() == before


def test_hard_rule_sangat_rawan_and_lapas_khusus(profile, stations, intel_user):
    a1, a2 = stations["a"][:2]
    services.checklist_set(station=a1, codes={"sulit_dijangkau", "riwayat_kekerasan"}, actor=intel_user)
    assert _category(a1) == "sangat_rawan"
    assert "Polda Lampung" in StationRisk.objects.get(station=a1).explanation["fired"]
    Station.objects.filter(pk=a2.pk).update(special_type="lapas")
    services.categories_recompute(election=profile.election)
    assert _category(a2) == "khusus"


def test_incident_counter_and_intel_notes_add_to_the_score(profile, stations, intel_user):
    a1, a2 = stations["a"][:2]

    def counter(*, election, since):
        return IncidentCounts(stations={a1.pk: 1}, desa={a1.desa_id: 2})

    register_incident_counter(counter)
    try:
        services.categories_recompute(election=profile.election)
    finally:
        unregister_incident_counter(counter)
    risk = StationRisk.objects.get(station=a1)
    assert risk.score == 3.0 and risk.computed_category == "rawan"
    assert StationRisk.objects.get(station=a2).score == 1.0  # same desa: desa incidents only
    services.intel_note_create(election=profile.election, desa=a2.desa, severity=3, text="Bentrok", actor=intel_user)
    assert StationRisk.objects.get(station=a2).score == 6.0
    assert _category(a2) == "rawan"


def test_preset_switch_maps_categories(profile, stations, ops_user, django_capture_on_commit_callbacks):
    a1 = stations["a"][0]
    services.station_override_set(station=a1, category="rawan", reason="uji", actor=ops_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.preset_apply(profile=profile, preset="rendah_sedang_tinggi", actor=ops_user)
    assert {_category(s) for s in stations["b"]} == {"rendah"}
    assert _category(a1) == "rendah"  # the override's category no longer exists: dropped with a history row
    assert CategoryChange.objects.filter(station=a1, source="clear").exists()
