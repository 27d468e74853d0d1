"""Statistics for a unit and period: CT, CC, CC %, crime index, crime rate, crime clock, comparisons, drill-down,
and what each persona sees."""

import datetime as dt

import pytest

from siaga.analysis.formulas import period_of
from siaga.analysis.models import Population
from siaga.analysis.selectors import case_stats, drill_down

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(district, make_case, at):
    a, b = district.polsek_a, district.polsek_b
    # January 2024: 3 cases at A (2 cleared in January), 1 at B; one bencana that is not a crime
    make_case(a, at(2024, 1, 3, 22), "curat", "tahap2", dt.date(2024, 1, 20), desa=district.desa_a[0])
    make_case(a, at(2024, 1, 10, 2), "curas", "sp3", dt.date(2024, 1, 25), desa=district.desa_a[0])
    make_case(a, at(2024, 1, 30, 14), "penganiayaan", "sidik", dt.date(2024, 2, 1), desa=district.desa_a[1])
    make_case(b, at(2024, 1, 15, 22), "narkotika", "lidik", desa=district.desa_b[0])
    make_case(b, at(2024, 1, 16, 9), "bencana", desa=district.desa_b[0])
    # December 2023 (previous month, across the year boundary): 2 cases, one cleared in January 2024
    make_case(a, at(2023, 12, 20), "curanmor", "selesai", dt.date(2024, 1, 5), desa=district.desa_a[0])
    make_case(b, at(2023, 12, 28), "curanmor")
    # January 2023 (same month a year earlier): 1 case
    make_case(a, at(2023, 1, 8), "curat", desa=district.desa_a[0])


def test_ct_cc_and_comparisons_for_a_month(district, kapolres, register):
    s = case_stats(user=kapolres, unit=district.polres, period=period_of("month", dt.date(2024, 1, 1)))
    t = s["total"]
    assert (t["ct"], t["cc"]) == (4, 3)  # bencana is not a crime; the December case cleared in January counts in CC
    assert t["cc_pct"] == 75.0
    assert (t["ci_ct"], t["ci_cc"]) == (2, 3)  # curat, curas reported; curat, curas, curanmor cleared
    assert s["previous"].start == dt.date(2023, 12, 1) and s["last_year"].start == dt.date(2023, 1, 1)
    assert s["change_prev"]["ct"] == (2, 100.0)  # 4 against 2
    assert s["change_yoy"]["ct"] == (3, 300.0)  # 4 against 1
    assert t["clock"] == "7 hari 18 jam"  # 31 days / 4 cases
    assert not s["empty"]


def test_crime_rate_uses_population_data(district, kapolres, register):
    for desa, people in zip(district.desa_a + district.desa_b, (1000, 1000, 1500, 500), strict=True):
        Population.objects.create(region=desa, year=2023, population=people, is_demo=True)
    s = case_stats(user=kapolres, unit=district.polres, period=period_of("month", dt.date(2024, 1, 1)))
    assert s["total"]["population"] == 4000 and s["total"]["rate"] == 100.0  # 4 × 100,000 / 4,000
    by_desa = case_stats(
        user=kapolres, unit=district.polres, period=period_of("month", dt.date(2024, 1, 1)), group="desa"
    )
    row = next(r for r in by_desa["rows"] if r["key"] == district.desa_a[0].code)
    assert row["ct"] == 2 and row["rate"] == 200.0


def test_groupings_and_drill_down_to_the_cases(district, kapolres, register):
    period = period_of("month", dt.date(2024, 1, 1))
    by_polsek = case_stats(user=kapolres, unit=district.polres, period=period, group="polsek")
    rows = {r["label"]: (r["ct"], r["cc"]) for r in by_polsek["rows"]}
    assert rows["Polsek Jombang"] == (3, 3) and rows["Polsek Kencong"] == (1, 0)
    by_hour = case_stats(user=kapolres, unit=district.polres, period=period, group="hour")
    assert {r["label"]: r["ct"] for r in by_hour["rows"]}["22.00-22.59"] == 2
    by_day = case_stats(user=kapolres, unit=district.polres, period=period, group="weekday")
    assert sum(r["ct"] for r in by_day["rows"]) == 4
    cases = drill_down(user=kapolres, unit=district.polres, period=period, measure="cc", group="polsek",
                       key=district.polsek_a.pk)  # fmt: skip
    assert sorted(c.crime_type_id for c in cases) == ["curanmor", "curas", "curat"]


def test_a_period_with_no_data_says_so(district, kapolres, register):
    s = case_stats(user=kapolres, unit=district.polres, period=period_of("month", dt.date(2020, 6, 1)))
    assert s["empty"] and s["total"]["cc_pct"] is None and s["total"]["clock"] == "-"
    assert s["change_prev"]["ct"] == (0, None)


def test_a_polsek_sees_only_its_own_cases_and_partners_none(
    district, polsek_a_user, polsek_b_user, partner_user, register
):
    period = period_of("month", dt.date(2024, 1, 1))
    own = case_stats(user=polsek_a_user, unit=district.polres, period=period)
    assert own["total"]["ct"] == 3
    assert case_stats(user=polsek_b_user, unit=district.polres, period=period)["total"]["ct"] == 1
    assert case_stats(user=partner_user, unit=district.polres, period=period)["total"]["ct"] == 0
    assert not drill_down(user=partner_user, unit=district.polres, period=period).exists()


def test_hour_and_weekday_are_local_around_midnight(district, kapolres, make_case, at):
    # Sunday 7 January 2024 23:30 WIB is 16:30 UTC; Monday 8 January 00:30 WIB is 17:30 UTC, a day apart in UTC too
    make_case(district.polsek_a, at(2024, 1, 7, 23, 30), "curat", desa=district.desa_a[0])
    make_case(district.polsek_a, at(2024, 1, 8, 0, 30), "curat", desa=district.desa_a[0])
    make_case(district.polsek_a, at(2024, 1, 8, 6, 59), "curat", desa=district.desa_a[0])
    period = period_of("week", dt.date(2024, 1, 3))  # Monday 1 to Sunday 7 January
    period = period_of("custom", period.start, dt.date(2024, 1, 8))
    hours = {
        r["key"]: r["ct"] for r in case_stats(user=kapolres, unit=district.polres, period=period, group="hour")["rows"]
    }
    assert hours == {23: 1, 0: 1, 6: 1}
    days = case_stats(user=kapolres, unit=district.polres, period=period, group="weekday")["rows"]
    assert {r["label"]: r["ct"] for r in days} == {"Minggu": 1, "Senin": 2}
    # each figure drills down to its cases with the same local reading
    monday = drill_down(user=kapolres, unit=district.polres, period=period, group="weekday", key=1)
    assert sorted(c.occurred_at.astimezone(at(2024, 1, 1).tzinfo).hour for c in monday) == [0, 6]
    assert [c.occurred_at.day for c in drill_down(user=kapolres, unit=district.polres, period=period, group="hour",
                                                  key=23)] == [7]  # fmt: skip


def test_a_year_compares_with_the_previous_year_once_and_rows_carry_kecamatan_population(
    district, kapolres, make_case, at
):
    make_case(district.polsek_a, at(2024, 3, 1), "curat", "selesai", dt.date(2024, 3, 9), desa=district.desa_a[0])
    make_case(district.polsek_a, at(2024, 5, 1), "curat", desa=district.desa_a[1])
    make_case(district.polsek_b, at(2023, 5, 1), "curat", desa=district.desa_b[0])
    for desa, people in zip(district.desa_a, (1000, 3000), strict=True):
        Population.objects.create(region=desa, year=2023, population=people, is_demo=True)
    Population.objects.create(region=district.kec_b, year=2024, population=5000, is_demo=True)
    s = case_stats(user=kapolres, unit=district.polres, period=period_of("year", dt.date(2024, 6, 1)),
                   group="kecamatan")  # fmt: skip
    assert s["previous"] == s["last_year"]  # for a year both comparisons are 2023, counted in one pass
    assert (s["total"]["ct"], s["total"]["cc"], s["total_prev"]["ct"], s["total_yoy"]["ct"]) == (2, 1, 1, 1)
    rows = {r["key"]: r for r in s["rows"]}
    assert rows[district.kec_a.code]["population"] == 4000  # the sum of its desa
    assert rows[district.kec_a.code]["rate"] == 50.0  # 2 × 100,000 / 4,000
    assert rows[district.kec_b.code]["population"] == 5000  # its own figure
    assert rows[district.kec_b.code]["change_yoy"]["ct"] == (-1, -100.0)
