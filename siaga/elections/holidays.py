"""National holidays for the calendar: the `lokal` package (SKB 3 Menteri) where it has the year, otherwise
Christmas/New Year (fixed dates) plus the Eid dates shipped in data/holidays_fallback.json."""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from lokal import holidays as lokal_holidays

_FALLBACK = Path(__file__).parent / "data" / "holidays_fallback.json"


@dataclass(frozen=True)
class HolidayDay:
    day: date
    name: str
    kind: str = "libur_nasional"


@cache
def _fallback() -> dict[int, list[HolidayDay]]:
    by_year: dict[int, list[HolidayDay]] = {}
    for row in json.loads(_FALLBACK.read_text())["holidays"]:
        day = date.fromisoformat(row["date"])
        by_year.setdefault(day.year, []).append(HolidayDay(day, row["name"]))
    return by_year


@cache
def holidays_of_year(year: int) -> tuple[HolidayDay, ...]:
    try:
        data = lokal_holidays.get_holidays(year)
    except ValueError:
        fixed = [HolidayDay(date(year, 1, 1), f"Tahun Baru {year} Masehi"), HolidayDay(date(year, 12, 25), "Natal")]
        return tuple(sorted(fixed + _fallback().get(year, []), key=lambda h: h.day))
    return tuple(HolidayDay(date.fromisoformat(h.date), h.name, h.type) for h in data.holidays)


def holidays_between(start: date, end: date) -> list[HolidayDay]:
    days = []
    for year in range(start.year, end.year + 1):
        days += [h for h in holidays_of_year(year) if start <= h.day <= end]
    return days


def daterange(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
