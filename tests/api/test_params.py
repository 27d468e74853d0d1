"""The one query-parameter parser (siaga.core.params)."""

from datetime import date

import pytest

from siaga.core.params import MAX_ID, ParamError, date_param, date_range, id_param, int_param, month_param


def test_int_param_bounds_and_shape():
    assert int_param("", name="x", default=5) == 5
    assert int_param(" 12 ", name="x", minimum=1, maximum=20) == 12
    for bad in ("1e20", "1.5", "²", "12a"):
        with pytest.raises(ParamError, match="harus berupa bilangan bulat"):
            int_param(bad, name="x")
    with pytest.raises(ParamError, match=r"di luar batas \(minimal 1, maksimal 20\)"):
        int_param("21", name="x", minimum=1, maximum=20)


def test_id_param_fits_the_database():
    assert id_param(str(MAX_ID), name="id") == MAX_ID
    assert id_param(None, name="id") is None
    with pytest.raises(ParamError):
        id_param(str(MAX_ID + 1), name="id")
    with pytest.raises(ParamError):
        id_param("0", name="id")


def test_dates_and_months_stay_within_2000_to_2100():
    assert date_param("2024-02-29", name="d") == date(2024, 2, 29)
    assert date_param(date(2030, 1, 1), name="d") == date(2030, 1, 1)
    for bad in ("9999-12-31", "0001-01-01", "2023-02-29", "20240101"):
        with pytest.raises(ParamError):
            date_param(bad, name="d")
    with pytest.raises(ParamError):
        date_param(date(9999, 12, 31), name="d")
    assert month_param("", name="bulan", default=(2024, 11)) == (2024, 11)
    assert month_param("2024-2", name="bulan", default=(2024, 11)) == (2024, 2)
    for bad in ("9999-12", "0001-01", "2024-00", "2024"):
        with pytest.raises(ParamError):
            month_param(bad, name="bulan", default=(2024, 11))


def test_date_range_defaults_swaps_and_cuts():
    today = date(2024, 2, 29)
    assert date_range("", "", default=today) == (today, today)
    assert date_range("2024-03-10", "2024-03-01", default=today) == (date(2024, 3, 1), date(2024, 3, 10))
    assert date_range("2024-02-29", "2030-01-01", default=today) == (today, date(2025, 3, 1))
