"""The operations calendar as plain data: a month grid whose days carry the stages, operations, holidays
and local events falling on them. A day is an overlap when two or more *attention items* meet on it:
a critical stage (kampanye, masa tenang, pemungutan, rekapitulasi...), a holiday or a local event — the
Nataru-in-campaign case. Operation periods are shown but not counted (they cover everything)."""

import calendar as pycal
from dataclasses import dataclass, field
from datetime import date

from siaga.elections.holidays import daterange, holidays_between

MONTHS = [
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
WEEKDAYS = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # stage, operation, holiday, event
    label: str
    start: date
    end: date
    counts: bool = True  # counts towards an overlap


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    items: list[CalendarItem] = field(default_factory=list)

    @property
    def attention(self) -> int:
        return sum(1 for item in self.items if item.counts)

    @property
    def is_overlap(self) -> bool:
        return self.attention >= 2

    @property
    def is_holiday(self) -> bool:
        return any(item.kind == "holiday" for item in self.items)


@dataclass
class MonthGrid:
    year: int
    month: int
    weeks: list[list[CalendarDay]]

    @property
    def title(self) -> str:
        return f"{MONTHS[self.month]} {self.year}"

    @property
    def overlap_days(self) -> list[CalendarDay]:
        return [d for week in self.weeks for d in week if d.in_month and d.is_overlap]


def month_grid(year: int, month: int, items: list[CalendarItem]) -> MonthGrid:
    weeks = pycal.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = weeks[0][0], weeks[-1][-1]
    all_items = items + [CalendarItem("holiday", h.name, h.day, h.day) for h in holidays_between(start, end)]
    by_day: dict[date, list[CalendarItem]] = {}
    for item in all_items:
        for day in daterange(max(item.start, start), min(item.end, end)):
            by_day.setdefault(day, []).append(item)
    grid = [[CalendarDay(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]
    return MonthGrid(year, month, grid)
