"""Member-level blockers of a whole roster at once, as boolean arrays.

:func:`~matcher.engine.eligibility.member_blockers` is the reference: it judges one
member and writes a French sentence per reason, which a coordinator reads for the few
members a proposal or a diagnosis names. Screening 100,000 members that way would take
seconds, so :func:`screen` asks the same questions of every row together, over the
:class:`~matcher.engine.roster.Roster` arrays, and answers with the *codes* only:
``screen(...)[code][i]`` is true exactly when ``member_blockers`` gives member ``i`` a
blocker with that code. A property test holds the two to that (random calendars, minors,
bookings, multi-session requests); the final judge of a proposed team stays
``team_violations``, which reads the reference.

Each rule is written as in :mod:`matcher.engine.eligibility` — same order, same
arithmetic (whole minutes, half-open intervals, ISO weeks, the 1e-9 margin on the
weekly cap) — so that a change to one shows in the other's test.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

import numpy as np

from matcher.engine import timerules as tr
from matcher.engine.eligibility import HEAVY_LOADS
from matcher.engine.instance import Request
from matcher.engine.roster import Roster, columns, week_of, weekday_of
from matcher.vocabulary import ADULT_AGE, MIN_MEMBER_AGE

__all__ = ["Screen", "screen"]

#: code → (members,) true where the member has a blocker of that code
Screen = Mapping[str, np.ndarray]

_ALL_DAYS = 0b1111111
_PAIR_STARTS = 0b0111111  # Monday … Saturday: a free day followed by a free day


def _rows_mask(n: int, rows: np.ndarray) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[rows] = True
    return out


def _covered(r: Roster, ordinal: int, start: int, end: int) -> np.ndarray:
    """The weekday's merged windows hold [start, end) (windows are merged in the roster)."""
    rows, starts, ends = r.availability[int(weekday_of(ordinal))]
    return _rows_mask(len(r.ids), rows[(starts <= start) & (ends >= end)])


def screen(r: Roster, request: Request, public_holidays: Collection[date]) -> Screen:
    """Every member-level blocker code of every row for ``request`` (see module doc)."""
    n = len(r.ids)
    sessions = request.sessions
    days = [s.date.toordinal() for s in sessions]
    ages = columns([r.age_on(s.date) for s in sessions], n, np.int64)
    minor_at = ages < ADULT_AGE
    minor = minor_at.any(axis=1)
    codes: dict[str, np.ndarray] = {}

    def flag(code: str, rows: np.ndarray) -> None:
        codes[code] = codes[code] | rows if code in codes else rows.copy()

    flag("age", (ages < MIN_MEMBER_AGE).any(axis=1))
    flag("contract", ~r.contract)
    flag("minor_authorisation", minor & ~r.parental)
    for i, (s, day) in enumerate(zip(sessions, days, strict=True)):
        flag("availability", ~_covered(r, day, s.start, s.end))
        u = r.unavailable.between(day, day)
        hit = u.whole | ((u.start < s.end) & (s.start < u.end))
        flag("availability", _rows_mask(n, u.row[hit]))
        b = r.booked.between(day, day)
        flag("booked_overlap", _rows_mask(n, b.row[(b.start < s.end) & (s.start < b.end)]))
        if not tr.within_minor_hours(s):
            flag("minor_night", minor_at[:, i])
        if tr.day_off_reason(s.date, public_holidays) is not None:
            flag("minor_sunday_holiday", minor_at[:, i])
    _weeks(r, request, days, minor_at, flag)
    _days(r, request, days, minor_at, flag)
    _rests(r, request, days, minor_at, flag)
    if request.hazards:
        flag("minor_hazard", minor)
    if HEAVY_LOADS in request.hazards:
        flag("accommodation", r.avoids_heavy)
    return codes


def _weeks(r: Roster, request: Request, days: list[int], minor_at: np.ndarray, flag) -> None:
    n = len(r.ids)
    for week in sorted({int(week_of(d)) for d in days}):
        here = [i for i, d in enumerate(days) if week_of(d) == week]
        monday = week * 7 + 1
        b = r.booked.between(monday, monday + 6)
        booked = np.bincount(b.row, weights=(b.end - b.start).astype(float), minlength=n)
        work = sum(tr.working_minutes(request.sessions[i]) for i in here)
        flag("weekly_cap", booked + work > r.max_hours_week * 60 + 1e-9)
        minor_here = minor_at[:, here].any(axis=1)
        if not minor_here.any():
            continue
        flag("minor_week_35h", minor_here & (booked + work > tr.MINOR_WEEK_CAP_MINUTES))
        busy = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(busy, b.row, np.left_shift(1, weekday_of(b.day)))
        for i in here:
            busy |= 1 << int(weekday_of(days[i]))
        free = ~busy & _ALL_DAYS
        no_pair = (free & (free >> 1) & _PAIR_STARTS) == 0
        flag("minor_weekly_rest", minor_here & no_pair)


def _days(r: Roster, request: Request, days: list[int], minor_at: np.ndarray, flag) -> None:
    n = len(r.ids)
    for day in sorted(set(days)):
        here = [i for i, d in enumerate(days) if d == day]
        b = r.booked.between(day, day)
        booked = np.bincount(b.row, weights=(b.end - b.start).astype(float), minlength=n)
        work = sum(tr.working_minutes(request.sessions[i]) for i in here)
        flag("minor_day_8h", minor_at[:, here[0]] & (booked + work > tr.MINOR_DAY_CAP_MINUTES))


def _rests(r: Roster, request: Request, days: list[int], minor_at: np.ndarray, flag) -> None:
    n = len(r.ids)
    sessions = request.sessions
    for i, (s, day) in enumerate(zip(sessions, days, strict=True)):
        others = [o for j, o in enumerate(sessions) if j != i]
        short = np.zeros(n, dtype=bool)
        if tr.short_rests(s, others):
            short[:] = True
        before = r.booked.between(day - 1, day - 1)
        short[before.row[1440 + s.start - before.end < tr.DAILY_REST_MINUTES]] = True
        after = r.booked.between(day + 1, day + 1)
        short[after.row[1440 + after.start - s.end < tr.DAILY_REST_MINUTES]] = True
        flag("minor_daily_rest", minor_at[:, i] & short)
