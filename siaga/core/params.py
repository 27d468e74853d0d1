"""One parser for query parameters, used by pages and the API alike: whole numbers within bounds, record ids that
fit the database, dates and months within a sane range.

A value out of shape or range raises `ParamError` (a django `BadRequest`): pages answer 400 with the message
(siaga.core.errorpages), the API answers 400 JSON (siaga.core.api_errors). Messages are in Bahasa Indonesia.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core.exceptions import BadRequest

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_ID = 2**63 - 1  # BigAutoField, and SQLite's INTEGER
MAX_RANGE_DAYS = 366
_INT = re.compile(r"[+-]?[0-9]{1,30}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


class ParamError(BadRequest):
    """A query parameter out of shape or range; `str(exc)` is the message for the user."""

    def __init__(self, message: str, name: str = ""):
        super().__init__(message)
        self.message = message
        self.name = name


def int_param(raw, *, name: str, default: int | None = None, minimum: int | None = None, maximum: int | None = None):
    """`raw` ('', None, a str or an int) as an int within [minimum, maximum]; empty gives `default`."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise ParamError(f"Parameter '{name}' harus berupa bilangan bulat.", name)
    if isinstance(raw, str):
        text = raw.strip()
        if not _INT.fullmatch(text):
            raise ParamError(f"Parameter '{name}' harus berupa bilangan bulat.", name)
        raw = int(text)
    if (minimum is not None and raw < minimum) or (maximum is not None and raw > maximum):
        low = "" if minimum is None else f"minimal {minimum}"
        high = "" if maximum is None else f"maksimal {maximum}"
        raise ParamError(f"Parameter '{name}' di luar batas ({', '.join(p for p in (low, high) if p)}).", name)
    return raw


def id_param(raw, *, name: str) -> int | None:
    """A record id (1 … 2⁶³−1) or None when empty."""
    return int_param(raw, name=name, minimum=1, maximum=MAX_ID)


def _check_year(day: date, name: str) -> date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ParamError(f"Tanggal '{name}' harus antara tahun {MIN_YEAR} dan {MAX_YEAR}.", name)
    return day


def date_param(raw, *, name: str, default: date | None = None) -> date | None:
    """`raw` (YYYY-MM-DD or a date) as a date in MIN_YEAR…MAX_YEAR; empty gives `default`."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    if isinstance(raw, date):
        return _check_year(raw, name)
    text = str(raw).strip()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise ParamError(f"Tanggal '{name}' tidak valid (format YYYY-MM-DD).", name) from exc
    return _check_year(day, name)


def month_param(raw, *, name: str, default: tuple[int, int]) -> tuple[int, int]:
    """`raw` (YYYY-MM) as (year, month) in MIN_YEAR…MAX_YEAR; empty gives `default`."""
    if raw is None or not str(raw).strip():
        return default
    match = _MONTH.fullmatch(str(raw).strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ParamError(f"Bulan '{name}' tidak valid (format YYYY-MM).", name)
    year, month = int(match.group(1)), int(match.group(2))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ParamError(f"Bulan '{name}' harus antara tahun {MIN_YEAR} dan {MAX_YEAR}.", name)
    return year, month


def date_range(
    raw_from, raw_to, *, default: date, names: tuple[str, str] = ("dari", "sampai"), max_days: int = MAX_RANGE_DAYS
) -> tuple[date, date]:
    """A (from, to) pair: `to` defaults to `from`, a reversed pair is swapped, the span is cut to `max_days`
    days (whatever the calendar: 29 February has no 'same day next year')."""
    day_from = date_param(raw_from, name=names[0], default=default)
    day_to = date_param(raw_to, name=names[1], default=day_from)
    if day_to < day_from:
        day_from, day_to = day_to, day_from
    return day_from, min(day_to, day_from + timedelta(days=max_days))
