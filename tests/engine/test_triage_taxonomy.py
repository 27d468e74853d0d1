"""Taxonomy data and engine purity."""

import pathlib

import pytest

import siaga.engine.triage as triage
from siaga.engine.triage import SEVERITY_LABELS, get_category, load_taxonomy, parse_severity, severity_label
from siaga.engine.triage.text import load_json

EXPECTED_CODES = [
    "politik_uang", "intimidasi", "provokasi", "hoaks_sara", "bentrok_pendukung", "gangguan_tps", "logistik",
    "perusakan_apk", "ancaman_teror", "unjuk_rasa", "konvoi_lalin", "narkoba", "kriminal_konvensional", "bencana",
    "lainnya",
]  # fmt: skip


def test_taxonomy_codes_and_order() -> None:
    assert [c.code for c in load_taxonomy()] == EXPECTED_CODES
    assert [c.order for c in load_taxonomy()] == list(range(len(EXPECTED_CODES)))


def test_every_category_has_deadlines_for_every_level() -> None:
    for category in load_taxonomy():
        assert category.label and category.description
        assert category.group in {"pemilu", "kamtibmas"}
        assert 1 <= category.default_severity <= 4
        minutes = [category.deadline_minutes(level) for level in (1, 2, 3, 4)]
        assert minutes == sorted(minutes, reverse=True), category.code  # more severe → sooner


def test_category_specific_deadlines() -> None:
    assert get_category("ancaman_teror").deadline_minutes(4) == 5
    assert get_category("politik_uang").deadline_minutes(1) == 240
    assert get_category("ancaman_teror").default_severity_label == "kritis"


def test_severity_labels() -> None:
    assert SEVERITY_LABELS == {1: "rendah", 2: "sedang", 3: "tinggi", 4: "kritis"}
    assert severity_label(9) == "kritis"
    assert parse_severity("tinggi") == 3 and parse_severity("2") == 2 and parse_severity(1) == 1
    with pytest.raises(ValueError):
        parse_severity("parah")


def test_severity_rule_base_matches_taxonomy() -> None:
    base = load_json("severity_rules.json")["base"]
    assert base == {c.code: c.default_severity for c in load_taxonomy()}


def test_lexicon_is_rich_for_every_category() -> None:
    lexicon = load_json("lexicon.json")["categories"]
    assert set(lexicon) == set(EXPECTED_CODES)
    for code, terms in lexicon.items():
        assert len(terms) >= 15, code
    all_terms = {t.lstrip("=") for terms in lexicon.values() for t in terms}
    for term in (
        "bagi-bagi uang",
        "serangan fajar",
        "ancam",
        "hoaks",
        "kabar bohong",
        "bentrok",
        "tawur",
        "kotak suara",
        "surat suara",
        "baliho",
        "spanduk",
        "apk",
        "bom",
        "teror",
        "demo",
        "unjuk rasa",
        "konvoi",
        "knalpot",
        "sabu",
        "ganja",
        "pencurian",
        "curanmor",
        "banjir",
        "longsor",
        "sara",
    ):
        assert term in all_terms, term


def test_engine_does_not_import_django() -> None:
    root = pathlib.Path(triage.__file__).parent.parent
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import django" not in source and "from django" not in source, path
