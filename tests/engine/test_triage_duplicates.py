"""Near-duplicate grouping by place, time and text."""

from datetime import datetime, timedelta

from siaga.engine.triage import DuplicateParams, ReportRef, compare, find_duplicate, text_similarity

T0 = datetime(2024, 2, 14, 9, 0)
TPS5 = (-8.0712, 113.8951)  # near Sumberjambe, Jember
DESA = "35.09.31.2006"

FIRST = ReportRef(
    101, T0, TPS5, DESA, "bentrok_pendukung", "Bentrok antar pendukung paslon di depan TPS 05 desa Sumberjambe"
)


def later(minutes: float, location=TPS5, desa=None, category="bentrok_pendukung", text=None, rid=202) -> ReportRef:
    text = text or "ada bentrokan pendukung paslon di TPS 5 sumberjambe, warga panik"
    return ReportRef(rid, T0 + timedelta(minutes=minutes), location, desa, category, text)


def test_close_in_space_time_and_text_is_grouped() -> None:
    candidate = later(25, location=(TPS5[0] + 0.003, TPS5[1] + 0.002))  # ~400 m away
    match = find_duplicate(candidate, [FIRST])
    assert match is not None and match.report_id == 101
    assert 0.2 < match.distance_km < 0.6
    assert match.minutes_apart == 25
    assert match.same_category and match.text_similarity >= 0.3


def test_same_desa_without_coordinates_is_grouped() -> None:
    match = find_duplicate(later(40, location=None, desa=DESA), [FIRST])
    assert match is not None and match.same_desa and match.distance_km is None


def test_far_apart_in_space_is_not_grouped() -> None:
    assert find_duplicate(later(25, location=(TPS5[0] + 0.1, TPS5[1])), [FIRST]) is None  # ~11 km


def test_far_apart_in_time_is_not_grouped() -> None:
    assert find_duplicate(later(6 * 60), [FIRST]) is None
    assert find_duplicate(later(6 * 60), [FIRST], DuplicateParams(max_minutes=8 * 60)) is not None


def test_unrelated_text_is_not_grouped() -> None:
    other = later(10, category="narkoba", text="Ada transaksi sabu di warung belakang terminal")
    assert find_duplicate(other, [FIRST]) is None


def test_different_area_unknown_is_not_grouped() -> None:
    # Neither coordinates nor desa in common: no basis to say it is the same place.
    assert find_duplicate(later(10, location=None, desa=None), [FIRST]) is None


def test_best_of_several_candidates_and_plain_tuples() -> None:
    older = (99, T0 - timedelta(minutes=100), TPS5, DESA, "bentrok_pendukung", FIRST.text)
    unrelated = (98, T0, TPS5, DESA, "logistik", "surat suara kurang 40 lembar di TPS 5")
    candidate = tuple(later(5))
    match = find_duplicate(candidate, [older, unrelated, FIRST])
    assert match is not None and match.report_id == 101  # more recent than 99, text unlike 98


def test_report_never_matches_itself() -> None:
    assert find_duplicate(FIRST, [FIRST]) is None


def test_other_category_needs_stronger_text_similarity() -> None:
    text = "keributan di TPS 5 sumberjambe, warga panik"  # similarity ≈ 0.45 with FIRST
    assert compare(later(15, text=text), FIRST) is not None  # same category: 0.3 is enough
    assert compare(later(15, category="gangguan_tps", text=text), FIRST) is None  # other category needs 0.55
    loose = compare(
        later(15, category="gangguan_tps", text=text), FIRST, DuplicateParams(min_text_similarity_other_category=0.4)
    )
    assert loose is not None and not loose.same_category


def test_text_similarity_components() -> None:
    same, token, shingle = text_similarity("Baliho caleg dirobek orang", "baliho caleg dirobek orang")
    assert same == token == shingle == 1.0
    short_in_long = text_similarity("baliho dirobek", "Baliho caleg di pertigaan dirobek orang tak dikenal")
    assert short_in_long[1] > short_in_long[2]  # overlap coefficient rewards a short report contained in a long one
