"""Calendar helpers: the history window, ISO weeks and minute times (holidays: matcher.holidays)."""

from __future__ import annotations

from datetime import date, datetime, time

#: Length of the generated history (12 weeks before ``today``).
HISTORY_DAYS = 84

_TIMES = tuple(time(m // 60, m % 60) for m in range(24 * 60))


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, _TIMES[minutes])


def _years_after(day: date, years: int) -> date:
    """Same calendar day ``years`` later (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
