"""Gazetteer matching against real Kemendagri regions (lokal package) and small synthetic gazetteers."""

import pytest

from siaga.engine.triage import Gazetteer, GazetteerEntry, gazetteer_from_lokal, lokal_entries

DESA_SUMBERJAMBE = "35.09.31.2006"
KEC_SUMBERJAMBE = "35.09.31"


@pytest.fixture(scope="module")
def jember() -> Gazetteer:
    return gazetteer_from_lokal("35.09")


@pytest.fixture(scope="module")
def jatim() -> Gazetteer:
    return gazetteer_from_lokal("35")


def top(gazetteer: Gazetteer, text: str, within: str | None = None):
    matches = gazetteer.find(text, within=within)
    assert matches, f"nothing found in {text!r}"
    return matches[0]


def test_lokal_entries_shape() -> None:
    entries = lokal_entries("35.09")
    by_code = {e.code: e for e in entries}
    assert by_code["35.09"] == GazetteerEntry("35.09", "Kabupaten Jember", "kabupaten", "35")
    assert by_code[KEC_SUMBERJAMBE] == GazetteerEntry(KEC_SUMBERJAMBE, "Sumberjambe", "kecamatan", "35.09")
    assert by_code[DESA_SUMBERJAMBE].level == "desa"
    assert by_code[DESA_SUMBERJAMBE].parent_code == KEC_SUMBERJAMBE
    assert sum(e.level == "desa" for e in entries) == 248


def test_province_gazetteer_builds(jatim: Gazetteer) -> None:
    assert len(jatim) > 8_500
    assert jatim.get("35") is not None and jatim.get("35").level == "provinsi"


def test_desa_with_prefix(jember: Gazetteer) -> None:
    text = "Ada bagi2 amplop di Desa Sumberjambe tadi pagi"
    match = top(jember, text)
    assert (match.code, match.level, match.kind) == (DESA_SUMBERJAMBE, "desa", "exact")
    assert text[match.span[0] : match.span[1]] == "Sumberjambe" == match.matched_text


def test_kecamatan_prefix_selects_kecamatan(jember: Gazetteer) -> None:
    assert top(jember, "situasi di kec. Sumberjambe kondusif").code == KEC_SUMBERJAMBE


@pytest.mark.parametrize(
    "text",
    [
        "ds sumber jambe ada keributan",
        "Desa Sumber-Jambe ada keributan",
        "desa Sumberjambi ada keributan",  # one substitution
        "desa Sumbrjambe ada keributan",  # one deletion
        "desa Sumberjmabe ada keributan",  # transposition
        "Desa Soemberdjambe ada keributan",  # old spelling oe/dj
    ],
)
def test_spelling_variants_of_sumberjambe(jember: Gazetteer, text: str) -> None:
    assert top(jember, text).code == DESA_SUMBERJAMBE


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("TPS 2 desa Tjumedak", "35.09.31.2005"),  # tj → c: Cumedak
        ("kecamatan Soekorambi", "35.09.15"),  # oe → u: Sukorambi
        ("kec. Djombang", "35.09.01"),  # dj → j: Jombang
        ("Kel. Kepatihan Kec Kaliwates", "35.09.19.1006"),
    ],
)
def test_old_spellings_and_prefixes(jember: Gazetteer, text: str, code: str) -> None:
    assert top(jember, text).code == code


def test_variant_kind_reported(jember: Gazetteer) -> None:
    assert top(jember, "Desa Soemberdjambe").kind == "variant"
    assert top(jember, "Desa Sumberjambi").kind == "fuzzy"


def test_prefers_match_inside_kabupaten(jatim: Gazetteer) -> None:
    # Randuagung is a desa in Jember (35.09), Lumajang (35.08), Malang (35.07) and Gresik (35.25).
    matches = jatim.find("pencurian sapi di desa Randuagung", within="35.09")
    assert matches[0].code == "35.09.31.2004"
    assert {m.code[:5] for m in matches} >= {"35.09", "35.08"}
    assert matches[0].score > matches[1].score
    assert top(jatim, "pencurian sapi di desa Randuagung", within="35.08").code == "35.08.18.2007"


def test_desa_kecamatan_consistency(jember: Gazetteer) -> None:
    # Jambearum exists in kecamatan Puger (35.09.08) and kecamatan Sumberjambe (35.09.31).
    matches = jember.find("Desa Jambearum Kecamatan Sumberjambe aman")
    assert matches[0].code == "35.09.31.2008"
    puger = next(m for m in matches if m.code == "35.09.08.2010")
    assert puger.score < matches[0].score
    assert top(jember, "Desa Jambearum Kec. Puger").code == "35.09.08.2010"


def test_common_words_are_not_places_without_prefix(jember: Gazetteer) -> None:
    # "Tanggul" is a kecamatan but also an ordinary word (embankment).
    assert all(m.name != "Tanggul" for m in jember.find("hujan deras, tanggul sungai jebol"))
    assert top(jember, "banjir di kecamatan Tanggul").code == "35.09.06"


def test_direction_suffix_synonyms(jatim: Gazetteer) -> None:
    assert top(jatim, "desa Mendolo Selatan", within="35.01").code == "35.01.03.2004"  # Mendolo Kidul
    assert top(jatim, "desa Mendolo Lor", within="35.01").code == "35.01.03.2009"
    assert top(jatim, "desa mendolokidul", within="35.01").code == "35.01.03.2004"


def test_synthetic_entries_and_tuples() -> None:
    gazetteer = Gazetteer(
        [
            ("1", "Provinsi Contoh", "provinsi", None),
            ("1.1", "Kabupaten Soekamaju", "kabupaten", "1"),
            ("1.1.1", "Jaya Kulon", "kecamatan", "1.1"),
            ("1.1.1.1", "Tjikarang Wetan", "desa", "1.1.1"),
        ]
    )
    assert top(gazetteer, "kab. Sukamaju").code == "1.1"
    assert top(gazetteer, "desa Cikarang Timur kec Yaya Barat").code == "1.1.1.1"
    assert gazetteer.contains("1.1", "1.1.1.1") and not gazetteer.contains("1.1.1", "1.1")
    with pytest.raises(ValueError):
        Gazetteer([("9", "X", "negara", None)])


def test_no_place_no_match(jember: Gazetteer) -> None:
    assert jember.find("ada orang bagi bagi uang di jalan") == []
    assert jember.find("") == []
