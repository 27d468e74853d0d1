"""Severity rules: base level, keyword escalation, context and explanations."""

from siaga.engine.triage import SeverityContext, get_category, severity_for


def test_base_level_without_keywords() -> None:
    result = severity_for("perusakan_apk", "Baliho caleg dirobek orang tak dikenal")
    assert (result.level, result.label, result.base_level, result.reasons) == (1, "rendah", 1, ())
    assert result.deadline_minutes == get_category("perusakan_apk").deadline_minutes(1)


def test_weapon_and_wounded_escalate_with_reasons() -> None:
    result = severity_for("bentrok_pendukung", "bentrok, 2 orang terluka kena sajam")
    assert result.level == 4 and result.label == "kritis"
    assert any("senjata" in r for r in result.reasons)
    assert any("luka" in r for r in result.reasons)
    assert result.deadline_minutes == 5


def test_death_is_critical_for_any_category() -> None:
    result = severity_for("konvoi_lalin", "Kecelakaan saat konvoi, satu pengendara meninggal dunia")
    assert result.level == 4
    assert result.reasons[0].startswith("Ada korban jiwa")


def test_negated_victims_do_not_escalate() -> None:
    assert severity_for("bentrok_pendukung", "cekcok kecil, tidak ada korban jiwa maupun luka").level == 3
    assert severity_for("bentrok_pendukung", "cekcok kecil, korban nihil").level == 3


def test_arson_and_crowd() -> None:
    burned = severity_for("perusakan_apk", "Baliho dibakar")
    assert burned.level == 3 and "pembakaran" in burned.reasons[0]
    crowd = severity_for("unjuk_rasa", "aksi sekitar 1.500 orang di depan kantor bupati")
    assert crowd.level == 3 and "1500 orang" in crowd.reasons[0]
    assert severity_for("unjuk_rasa", "aksi 20 orang di depan kantor bupati").level == 2


def test_voting_day_and_tps_raise() -> None:
    text = "ada bagi amplop ke pemilih"
    assert severity_for("politik_uang", text).level == 2
    voting_day = severity_for("politik_uang", text, SeverityContext(voting_day=True))
    assert voting_day.level == 3 and "Hari pemungutan suara" in voting_day.reasons[0]
    both = severity_for("politik_uang", text, {"voting_day": True, "near_tps": True})
    assert both.level == 4 and len(both.reasons) == 2
    mentioned = severity_for("politik_uang", "ada bagi amplop di TPS 3")
    assert mentioned.level == 3 and "disebut" in mentioned.reasons[0]


def test_voting_day_does_not_raise_unrelated_categories() -> None:
    assert severity_for("narkoba", "transaksi sabu", {"voting_day": True}).level == 2


def test_many_reports_raise_and_levels_are_capped() -> None:
    assert severity_for("logistik", "surat suara kurang", {"report_count": 6}).level == 3
    extreme = severity_for(
        "gangguan_tps", "ratusan orang mengamuk membakar kotak suara, 1 meninggal", {"voting_day": True}
    )
    assert extreme.level == 4 and len(extreme.reasons) >= 4


def test_unknown_category_falls_back_to_lainnya() -> None:
    result = severity_for("tidak_dikenal", "sesuatu terjadi")
    assert result.level == 1 and result.deadline_minutes == get_category("lainnya").deadline_minutes(1)
