"""French formatting shared by every message the engine writes.

Messages are read by coordinators and sometimes by the members themselves, so dates are
``13/12/2026``, durations ``5 h 30`` and clock times ``09:00``, the way a French planning
sheet writes them.
"""

from __future__ import annotations

from datetime import date

from matcher.vocabulary import WEEKDAYS, WEEKDAYS_FR

__all__ = ["clock", "day", "duration", "join", "long_day", "quote", "week_label"]


def clock(minutes: int) -> str:
    """``540`` → ``"09:00"`` (``1440`` → ``"24:00"``, the end of a day)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def day(value: date) -> str:
    """``13/12/2026``."""
    return value.strftime("%d/%m/%Y")


def long_day(value: date) -> str:
    """``dimanche 13/12/2026``."""
    return f"{WEEKDAYS_FR[WEEKDAYS[value.weekday()]]} {day(value)}"


def duration(minutes: float) -> str:
    """``330`` → ``"5 h 30"``, ``240`` → ``"4 h"``, ``30`` → ``"30 min"`` (to the minute)."""
    total = round(minutes)
    hours, rest = divmod(total, 60)
    if hours == 0:
        return f"{rest} min"
    return f"{hours} h" if rest == 0 else f"{hours} h {rest:02d}"


def week_label(week: tuple[int, int]) -> str:
    """ISO week ``(2026, 50)`` → ``"2026-S50"`` (S for *semaine*)."""
    return f"{week[0]}-S{week[1]:02d}"


def quote(text: object) -> str:
    """``« text »``, shortened to one line of at most 60 characters."""
    flat = " ".join(str(text).split())
    return f"« {flat if len(flat) <= 60 else flat[:59] + '…'} »"


def join(items: list[str] | tuple[str, ...]) -> str:
    """``a``, ``a et b``, ``a, b et c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"
