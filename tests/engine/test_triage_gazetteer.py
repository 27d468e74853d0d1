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


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("warga Suci dapat kiriman amplop", "35.09.14.2005"),  # suci: also "holy"
        ("ada baliho dirobek di pasar Pakis", "35.09.14.2001"),  # pakis: also "fern"
        ("kades Panti mengumpulkan perangkat", "35.09.14.2003"),
        ("Kel. Kepatihan ramai", "35.09.19.1006"),
    ],
)
def test_common_word_names_after_a_place_cue(jember: Gazetteer, text: str, code: str) -> None:
    assert jember.resolve(text, within="35.09").desa_code == code


def test_common_word_names_without_a_cue_stay_words(jember: Gazetteer) -> None:
    assert jember.resolve("air suci dan kemiri untuk sesaji").matches == ()


def test_capitalised_name_inside_a_sentence_is_a_place(jember: Gazetteer) -> None:
    found = jember.resolve("lapor, banjir bandang di Panti sejak sore", within="35.09")
    assert found.kecamatan_code == "35.09.14"
    assert jember.resolve("lapor, banjir bandang di panti asuhan").matches == ()


def test_kecamatan_named_like_its_desa_is_not_resolved_to_the_desa(jember: Gazetteer) -> None:
    for text in ("pasar Kencong ramai sekali", "lapangan Balung penuh massa", "maling sapi di Kencong"):
        found = jember.resolve(text, within="35.09")
        assert found.desa_code is None, text
        assert found.kecamatan_code in ("35.09.02", "35.09.10"), text
    assert jember.resolve("ada bagi duit di desa Kencong", within="35.09").desa_code == "35.09.02.2004"


def test_tie_between_kecamatan_is_ambiguous_with_candidates(jember: Gazetteer) -> None:
    # Tamansari is a desa in Wuluhan (35.09.11) and in Mumbulsari (35.09.23).
    found = jember.resolve("warga Tamansari ditekan supaya pilih calon", within="35.09")
    assert found.ambiguous and found.desa_code is None and found.kecamatan_code is None
    assert {m.code for m in found.candidates} == {"35.09.11.2003", "35.09.23.2003"}
    told = jember.resolve("warga Tamansari kec. Mumbulsari ditekan", within="35.09")
    assert (told.desa_code, told.kecamatan_code, told.ambiguous) == ("35.09.23.2003", "35.09.23", False)


def test_two_desa_of_one_kecamatan_give_the_kecamatan_only(jember: Gazetteer) -> None:
    found = jember.resolve("Longsor tutup jalan Garahan–Sempolan", within="35.09")
    assert found.ambiguous and found.desa_code is None and found.kecamatan_code == "35.09.30"


def test_ranks_and_the_name_after_them_are_not_places() -> None:
    gazetteer = Gazetteer(
        [
            ("1.1", "Kabupaten Contoh", "kabupaten", None),
            ("1.1.1", "Kompol", "kecamatan", "1.1"),
            ("1.1.1.1", "Wibowo", "desa", "1.1.1"),
        ]
    )
    assert gazetteer.find("dipimpin Kompol Wibowo dan AKP Wibowo") == []
    assert gazetteer.find("ada keributan di desa Wibowo")[0].code == "1.1.1.1"


def test_kompol_is_a_rank_unless_called_a_desa(jatim: Gazetteer) -> None:
    # Kompol is also a desa in Bangkalan (35.26.06.2011).
    assert jatim.find("Apel siaga dipimpin Kompol Sugeng di halaman Polres", within="35.09") == []
    assert top(jatim, "ada keributan di desa Kompol").code == "35.26.06.2011"


def test_tanggul_the_word_does_not_hide_tanggul_the_place(jember: Gazetteer) -> None:
    found = jember.resolve("Tanggul sungai jebol di Tanggul Wetan, rumah terendam", within="35.09")
    assert found.desa_code == "35.09.06.2002"
    assert [m.matched_text for m in found.matches] == ["Tanggul Wetan"]
