"""Anev formulas against DOMAIN.md §4 worked examples, and period comparisons across month and year boundaries."""

import datetime as dt

import pytest

from siaga.analysis.formulas import (
    cc_percent,
    change,
    clock_label,
    crime_clock_seconds,
    crime_rate,
    period_of,
    previous_period,
    same_period_last_year,
)


def test_cc_percent_matches_polda_metro_2018_and_2017():
    assert cc_percent(32_301, 28_316) == 87.7
    assert round(cc_percent(34_227, 27_084)) == 79


def test_no_cases_gives_no_percentage_or_clock_instead_of_dividing_by_zero():
    assert cc_percent(0, 0) is None
    assert crime_clock_seconds(0, 86_400) is None
    assert clock_label(None) == "-"
    assert crime_rate(10, None) is None and crime_rate(10, 0) is None
    assert change(5, 0) == (5, None)


def test_crime_rate_per_100000_population():
    # Polda Metro 2018: a crime rate of 142 with 32,301 cases means a population of about 22.75 million
    assert crime_rate(32_301, 22_747_183) == 142.0
    assert crime_rate(45, 1_200_000) == 3.8


def test_crime_clock_over_a_year():
    seconds = crime_clock_seconds(32_301, 365 * 86_400)
    assert round(seconds) == 976  # one crime every 16'16"
    assert clock_label(seconds) == "16′16″"
    assert clock_label(crime_clock_seconds(31_950, 365 * 86_400)) == "16′27″"  # the 16'27" of DOMAIN.md §4
    assert clock_label(3 * 3600 + 125) == "3 jam 2′"
    assert clock_label(2 * 86_400 + 5 * 3600) == "2 hari 5 jam"


def test_change_against_previous_period():
    # 2018 against 2017: CT fell from 34,227 to 32,301
    assert change(32_301, 34_227) == (-1_926, -5.6)
    assert change(12, 8) == (4, 50.0)


@pytest.mark.parametrize(
    ("kind", "anchor", "prev", "yoy"),
    [
        (
            "month",
            dt.date(2024, 1, 15),
            (dt.date(2023, 12, 1), dt.date(2023, 12, 31)),
            (dt.date(2023, 1, 1), dt.date(2023, 1, 31)),
        ),
        (
            "month",
            dt.date(2024, 3, 3),
            (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
            (dt.date(2023, 3, 1), dt.date(2023, 3, 31)),
        ),
        (
            "month",
            dt.date(2025, 2, 10),
            (dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
            (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ),
        (
            "year",
            dt.date(2024, 6, 1),
            (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
            (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ),
        (
            "day",
            dt.date(2024, 1, 1),
            (dt.date(2023, 12, 31), dt.date(2023, 12, 31)),
            (dt.date(2023, 1, 1), dt.date(2023, 1, 1)),
        ),
        (
            "day",
            dt.date(2024, 2, 29),
            (dt.date(2024, 2, 28), dt.date(2024, 2, 28)),
            (dt.date(2023, 2, 28), dt.date(2023, 2, 28)),
        ),
        (
            "week",
            dt.date(2024, 1, 3),
            (dt.date(2023, 12, 25), dt.date(2023, 12, 31)),
            (dt.date(2023, 1, 2), dt.date(2023, 1, 8)),
        ),
    ],
)
def test_comparison_periods_across_month_and_year_boundaries(kind, anchor, prev, yoy):
    period = period_of(kind, anchor)
    p = previous_period(period)
    y = same_period_last_year(period)
    assert (p.start, p.end) == prev
    assert (y.start, y.end) == yoy


def test_custom_period_compares_with_as_many_days_before():
    period = period_of("custom", dt.date(2024, 2, 14), dt.date(2024, 3, 4))  # 20 days over a leap February
    p = previous_period(period)
    assert p.days == period.days == 20 and p.end == dt.date(2024, 2, 13) and p.start == dt.date(2024, 1, 25)
    with pytest.raises(ValueError, match="tanggal akhir"):
        period_of("custom", dt.date(2024, 2, 14), dt.date(2024, 2, 1))
