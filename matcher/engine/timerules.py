"""The time rules of the issue, exactly, as small pure functions over minutes.

Everything is counted in whole minutes (never float hours) so that "4 h 30 exactly"
and "8 h exactly" compare exactly. Intervals are half-open ``[start, end)`` within one
day: two intervals that touch (one ends at 14:00, the next starts at 14:00) do not
overlap. The rules for minors come from the Code du travail (docs/instance-format.md
cites them): 06:00–22:00, no Sunday nor public holiday, 8 h a day, 35 h a week, 12 h of
daily rest, two consecutive rest days in the week.

Booked time counts ``end − start`` (it is whatever the ledger holds); a session counts
its *working* time, i.e. minus the 30 min break when it lasts more than 4 h 30.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, timedelta
from itertools import pairwise

from matcher.engine.instance import Slot, Unavailable, Window
from matcher.vocabulary import WEEKDAYS

__all__ = [
    "BREAK_AFTER_MINUTES",
    "BREAK_MINUTES",
    "DAILY_REST_MINUTES",
    "MINOR_DAY_CAP_MINUTES",
    "MINOR_DAY_END",
    "MINOR_DAY_START",
    "MINOR_WEEK_CAP_MINUTES",
    "Week",
    "break_minutes",
    "busy_days",
    "covered_by_windows",
    "day_off_reason",
    "free_day_pairs",
    "iso_week",
    "minutes_in_week",
    "minutes_on",
    "overlapping",
    "overlaps",
    "rest_gap",
    "sessions_by_week",
    "short_rests",
    "unavailable_blocking",
    "week_days",
    "within_minor_hours",
    "working_minutes",
]

Week = tuple[int, int]

#: A session lasting *more* than this gets a break (4 h 30 exactly does not).
BREAK_AFTER_MINUTES = 270
BREAK_MINUTES = 30
#: Minors work within [06:00, 22:00], both bounds included.
MINOR_DAY_START, MINOR_DAY_END = 6 * 60, 22 * 60
MINOR_DAY_CAP_MINUTES = 8 * 60
MINOR_WEEK_CAP_MINUTES = 35 * 60
DAILY_REST_MINUTES = 12 * 60


# =======================================================================================
# Durations


def break_minutes(slot: Slot) -> int:
    """30 when the session lasts more than 4 h 30, else 0."""
    return BREAK_MINUTES if slot.minutes > BREAK_AFTER_MINUTES else 0


def working_minutes(slot: Slot) -> int:
    """A session's working time: end − start, minus the break when there is one.

    >>> from datetime import date
    >>> working_minutes(Slot(date(2026, 12, 12), 9 * 60, 15 * 60))   # 6 h → 5 h 30
    330
    """
    return slot.minutes - break_minutes(slot)


def iso_week(day: date) -> Week:
    """``(ISO year, ISO week number)``: a date in late December may belong to next year's week 1."""
    year, week, _ = day.isocalendar()
    return year, week


def week_days(week: Week) -> list[date]:
    """The seven dates of an ISO week, Monday to Sunday."""
    monday = date.fromisocalendar(week[0], week[1], 1)
    return [monday + timedelta(days=i) for i in range(7)]


def minutes_on(slots: Iterable[Slot], day: date, *, working: bool = False) -> int:
    """Total minutes of the slots on ``day`` (working time when ``working``, e.g. sessions)."""
    measure = working_minutes if working else _raw_minutes
    return sum(measure(s) for s in slots if s.date == day)


def minutes_in_week(slots: Iterable[Slot], week: Week, *, working: bool = False) -> int:
    """Total minutes of the slots in the ISO ``week``."""
    measure = working_minutes if working else _raw_minutes
    return sum(measure(s) for s in slots if iso_week(s.date) == week)


def _raw_minutes(slot: Slot) -> int:
    return slot.minutes


# =======================================================================================
# Overlap and availability


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Half-open intervals overlap when each starts before the other ends (touching is not)."""
    return a_start < b_end and b_start < a_end


def overlapping(booked: Iterable[Slot], slot: Slot) -> list[Slot]:
    """The booked slots sharing at least one minute with ``slot``."""
    return [
        b for b in booked if b.date == slot.date and overlaps(b.start, b.end, slot.start, slot.end)
    ]


def covered_by_windows(windows: Iterable[Window], slot: Slot) -> bool:
    """True when the union of that weekday's windows covers [start, end) of ``slot``.

    Windows may overlap or touch: 08:00–12:00 plus 12:00–18:00 covers 09:00–15:00.
    """
    weekday = WEEKDAYS[slot.date.weekday()]
    reached = slot.start
    for window in sorted((w for w in windows if w.day == weekday), key=lambda w: w.start):
        if window.start > reached:
            break
        reached = max(reached, window.end)
        if reached >= slot.end:
            return True
    return reached >= slot.end


def unavailable_blocking(unavailable: Iterable[Unavailable], slot: Slot) -> list[Unavailable]:
    """Dated exceptions that hit ``slot``: whole-day ones of that date, or overlapping ones."""
    return [
        u
        for u in unavailable
        if u.date == slot.date and (u.whole_day or overlaps(u.start, u.end, slot.start, slot.end))  # type: ignore[arg-type]
    ]


# =======================================================================================
# Minors


def within_minor_hours(slot: Slot) -> bool:
    """True when the slot lies within 06:00–22:00 (starting at 06:00 or ending at 22:00 is fine)."""
    return slot.start >= MINOR_DAY_START and slot.end <= MINOR_DAY_END


def day_off_reason(day: date, public_holidays: Collection[date]) -> str | None:
    """``"sunday"``, ``"holiday"`` or None: why a minor may not work on ``day``."""
    if day.weekday() == 6:
        return "sunday"
    if day in public_holidays:
        return "holiday"
    return None


def rest_gap(earlier: Slot, later: Slot) -> int:
    """Minutes from the end of ``earlier`` to the start of ``later`` (across days)."""
    return (later.date - earlier.date).days * 1440 + later.start - earlier.end


def short_rests(
    slot: Slot, others: Iterable[Slot], minimum: int = DAILY_REST_MINUTES
) -> list[tuple[Slot, int]]:
    """Slots on the previous or next day leaving less than ``minimum`` minutes of rest.

    Returns ``(other, gap_minutes)`` pairs. Slots on the same day are not this rule's
    business (overlap and the 8 h cap cover them).

    >>> from datetime import date
    >>> eve = Slot(date(2026, 12, 11), 18 * 60, 21 * 60)
    >>> morning = Slot(date(2026, 12, 12), 8 * 60, 12 * 60)
    >>> short_rests(morning, [eve])[0][1] // 60   # 21:00 → 08:00 is only 11 h
    11
    """
    found = []
    for other in others:
        delta = (other.date - slot.date).days
        if delta == -1:
            gap = rest_gap(other, slot)
        elif delta == 1:
            gap = rest_gap(slot, other)
        else:
            continue
        if gap < minimum:
            found.append((other, gap))
    return found


def busy_days(slots: Iterable[Slot]) -> set[date]:
    """Dates holding any booked time or session."""
    return {s.date for s in slots}


def free_day_pairs(busy: Collection[date], week: Week) -> list[tuple[date, date]]:
    """Pairs of consecutive days of the ISO ``week`` (Mon–Sun, not crossing it) both free.

    A minor's week must keep at least one such pair: Saturday + Sunday of the week counts,
    Sunday + the next Monday does not (that Monday belongs to the next week).
    """
    days = week_days(week)
    return [(a, b) for a, b in pairwise(days) if a not in busy and b not in busy]


def sessions_by_week(sessions: Sequence[Slot]) -> dict[Week, list[int]]:
    """Indices of the sessions in each ISO week, weeks in date order."""
    out: dict[Week, list[int]] = {}
    for i in sorted(range(len(sessions)), key=lambda i: (sessions[i].date, sessions[i].start)):
        out.setdefault(iso_week(sessions[i].date), []).append(i)
    return out
