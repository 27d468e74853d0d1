"""Anev formulas (Perkap 7/2009 lampiran 6; DOMAIN.md §4). Each answers None where the figure is undefined (no
cases, no population) instead of dividing by zero."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


def cc_percent(ct: int, cc: int) -> float | None:
    """CC % = CC / CT × 100 (28,316 / 32,301 = 87.7)."""
    return None if not ct else round(cc * 100 / ct, 1)


def crime_rate(ct: int, population: int | None) -> float | None:
    """Crime rate: cases per 100,000 population."""
    return None if not population else round(ct * 100_000 / population, 1)


def crime_clock_seconds(ct: int, seconds: float) -> float | None:
    """Crime clock: the average interval between crimes over the period."""
    return None if not ct else seconds / ct


def clock_label(seconds: float | None) -> str:
    """16′27″ for under an hour, else "2 jam 5′", else "3 hari 4 jam"."""
    if seconds is None:
        return "-"
    total = int(round(seconds))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} hari {hours} jam"
    if hours:
        return f"{hours} jam {minutes}′"
    return f"{minutes}′{secs:02d}″"


def change(current: int | float, previous: int | float) -> tuple[float, float | None]:
    """Change against a comparison period: (absolute, % of the previous; None when the previous is zero)."""
    diff = current - previous
    return diff, (None if not previous else round(diff * 100 / previous, 1))


@dataclass(frozen=True)
class Period:
    kind: str  # day, week, month, year, operation, custom
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def seconds(self) -> int:
        return self.days * 86_400

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{BULAN[self.start.month - 1]} {self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        if self.start == self.end:
            return f"{self.start:%d-%m-%Y}"
        return f"{self.start:%d-%m-%Y} s.d. {self.end:%d-%m-%Y}"


BULAN = [
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


def period_of(kind: str, anchor: dt.date, end: dt.date | None = None) -> Period:
    if kind == "day":
        return Period(kind, anchor, anchor)
    if kind == "week":  # ISO week, Monday to Sunday
        start = anchor - dt.timedelta(days=anchor.weekday())
        return Period(kind, start, start + dt.timedelta(days=6))
    if kind == "month":
        last = calendar.monthrange(anchor.year, anchor.month)[1]
        return Period(kind, anchor.replace(day=1), anchor.replace(day=last))
    if kind == "year":
        return Period(kind, dt.date(anchor.year, 1, 1), dt.date(anchor.year, 12, 31))
    if end is None or end < anchor:
        raise ValueError("Periode khusus memerlukan tanggal akhir yang tidak sebelum tanggal awal.")
    return Period(kind, anchor, end)


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def previous_period(p: Period) -> Period:
    """The period just before: the previous day/week/calendar month/year, else as many days just before."""
    if p.kind == "month":
        return period_of("month", p.start - dt.timedelta(days=1))
    if p.kind == "year":
        return period_of("year", dt.date(p.start.year - 1, 1, 1))
    shift = dt.timedelta(days=p.days)
    return Period(p.kind, p.start - shift, p.end - shift)


def same_period_last_year(p: Period) -> Period:
    if p.kind == "month":
        return period_of("month", _shift_year(p.start, -1))
    if p.kind == "week":  # the same ISO week number a year earlier
        year, week, _ = p.start.isocalendar()
        try:
            start = dt.date.fromisocalendar(year - 1, week, 1)
        except ValueError:  # week 53 in a 52-week year
            start = dt.date.fromisocalendar(year - 1, 52, 1)
        return Period("week", start, start + dt.timedelta(days=6))
    return Period(p.kind, _shift_year(p.start, -1), _shift_year(p.end, -1))
