"""The pure scoring rule (siaga.engine.risk): weights, thresholds, hard rules, explanation sums."""

import pytest

from siaga.engine.risk import (
    CategoryDef,
    HardRule,
    Note,
    RiskInput,
    Rule,
    RuleError,
    category_max,
    risk_score,
    rule_from_dict,
)
from siaga.risk.catalog import preset_rule

RULE = Rule(
    categories=(
        CategoryDef("kurang_rawan", "Kurang rawan", min_score=0),
        CategoryDef("rawan", "Rawan", min_score=3),
        CategoryDef("sangat_rawan", "Sangat rawan", min_score=8),
        CategoryDef("khusus", "Khusus"),
    ),
    hard_rules=(
        HardRule("khusus", (("tps:lapas",),)),
        HardRule("sangat_rawan", (("sulit_dijangkau",), ("riwayat_kekerasan", "rawan_konflik"))),
    ),
    tps_incident_weight=2,
    desa_incident_weight=0.5,
    incident_cap=3,
    note_weights={1: 1, 2: 3, 3: 6},
)
WEIGHTS = {"dpt_tms": 0.5, "politik_uang": 2, "sulit_dijangkau": 2, "riwayat_kekerasan": 4, "rawan_konflik": 3}


def _inp(*flags, **kw):
    return RiskInput(flags=frozenset(flags), weights=WEIGHTS, labels={"politik_uang": "Politik uang"}, **kw)


def test_it_sums_weights_of_flagged_indicators_only():
    result = risk_score(_inp("dpt_tms", "politik_uang", "tidak_ada"), RULE)
    assert result.score == 2.5
    assert result.category == "kurang_rawan"
    assert [c.code for c in result.contributions] == ["dpt_tms", "politik_uang"]
    assert result.contributions[1].label == "Politik uang"


def test_it_picks_the_most_severe_threshold_reached():
    assert risk_score(_inp("politik_uang", "dpt_tms", "riwayat_kekerasan"), RULE).category == "rawan"
    result = risk_score(_inp("politik_uang", "riwayat_kekerasan", notes=(Note(2, "x"),)), RULE)
    assert result.score == 9 and result.category == "sangat_rawan"
    assert "ambang Sangat rawan" in result.fired


def test_threshold_is_inclusive():
    result = risk_score(_inp(tps_incidents=1, desa_incidents=2), RULE)
    assert result.score == 3 and result.category == "rawan"


def test_incidents_are_capped_and_explained():
    result = risk_score(_inp(tps_incidents=10, desa_incidents=10), RULE)
    kinds = {c.kind: c.points for c in result.contributions}
    assert kinds == {"insiden_tps": 6, "insiden_desa": 1.5}


def test_hard_rule_needs_every_group():
    assert risk_score(_inp("sulit_dijangkau"), RULE).category == "kurang_rawan"
    result = risk_score(_inp("sulit_dijangkau", "rawan_konflik"), RULE)
    assert result.category == "sangat_rawan"
    assert result.hard_rule == "sulit_dijangkau DAN (riwayat_kekerasan ATAU rawan_konflik)"
    assert result.score == 5  # below the threshold: the hard rule decided


def test_first_hard_rule_wins_and_facts_count():
    result = risk_score(_inp("sulit_dijangkau", "riwayat_kekerasan", facts=frozenset({"tps:lapas"})), RULE)
    assert result.category == "khusus"


def test_explanation_adds_up_to_the_score():
    inp = _inp("dpt_tms", "politik_uang", "rawan_konflik", tps_incidents=2, desa_incidents=1, notes=(Note(3, "n"),))
    data = risk_score(inp, RULE).to_dict()
    assert sum(c["points"] for c in data["contributions"]) == pytest.approx(data["score"]) == 16.0
    assert {c["kind"] for c in data["contributions"]} == {"indicator", "insiden_tps", "insiden_desa", "catatan"}


def test_zero_weight_indicator_does_not_contribute():
    result = risk_score(RiskInput(flags=frozenset({"a"}), weights={"a": 0}), RULE)
    assert result.contributions == () and result.score == 0


def test_rule_validation_rejects_inconsistent_rules():
    with pytest.raises(RuleError):
        Rule(categories=(CategoryDef("a", "A"),)).validate()
    with pytest.raises(RuleError):
        Rule(categories=(CategoryDef("a", "A", min_score=0),), hard_rules=(HardRule("x", (("y",),)),)).validate()


def test_presets_build_valid_rules_and_desa_maximum():
    for code in ("polri", "aman", "rendah_sedang_tinggi", "pilkades"):
        rule_from_dict(preset_rule(code)).validate()
    rule = rule_from_dict(preset_rule("pilkades"))
    assert category_max(["aman", "rawan_sedang", "rawan_ringan"], rule) == "rawan_sedang"
    assert category_max([""], rule) is None
