"""Hours ledger: the legal checks every booking goes through (DOMAIN.md §2.1)."""

from __future__ import annotations

from datetime import date, timedelta

from matcher.demo.state import _Person
from matcher.demo.texts import SOFT_SKILLS, SkillNeed
from matcher.domain import is_minor_on
from matcher.holidays import french_public_holidays
from matcher.vocabulary import LEAD_LEVEL

# Legal limits for workers aged 16-17 (Code du travail, DOMAIN.md §2.1), in minutes.
MINOR_DAY_MAX = 8 * 60
MINOR_WEEK_MAX = 35 * 60
MINOR_BLOCK_MAX = 4 * 60 + 30
MINOR_BREAK = 30
MINOR_DAILY_REST = 12 * 60
NIGHT_END, NIGHT_START = 6 * 60, 22 * 60
ADULT_DAY_MAX = 10 * 60


def _fits(person: _Person, day: date, start: int, end: int, weekly_cap: int) -> bool:
    """True when ``person`` may work [start, end) on ``day`` given what is booked."""
    booked = person.days.get(day, ())
    if any(start < b and a < end for a, b in booked):
        return False
    length = end - start
    day_total = length + sum(b - a for a, b in booked)
    week_total = length + person.week_minutes.get(day.isocalendar()[:2], 0)
    if week_total > weekly_cap:
        return False
    if not is_minor_on(person.birth, day):
        return day_total <= ADULT_DAY_MAX
    return _minor_fits(person, day, start, end, day_total, week_total)


def _minor_fits(
    person: _Person, day: date, start: int, end: int, day_total: int, week_total: int
) -> bool:
    """Rules for 16-17 year olds: days, hours, breaks, rests (DOMAIN.md §2.1)."""
    if day.weekday() == 6 or day in french_public_holidays(day.year):
        return False
    if start < NIGHT_END or end > NIGHT_START or end - start > MINOR_BLOCK_MAX:
        return False
    if day_total > MINOR_DAY_MAX or week_total > MINOR_WEEK_MAX:
        return False
    booked = person.days.get(day, ())
    if any(start < b + MINOR_BREAK and a < end + MINOR_BREAK for a, b in booked):
        return False
    first = min([start, *(a for a, _ in booked)])
    last = max([end, *(b for _, b in booked)])
    before = person.days.get(day - timedelta(days=1))
    if before and 24 * 60 - max(b for _, b in before) + first < MINOR_DAILY_REST:
        return False
    after = person.days.get(day + timedelta(days=1))
    if after and 24 * 60 - last + min(a for a, _ in after) < MINOR_DAILY_REST:
        return False
    return _keeps_two_rest_days(person, day)


def _keeps_two_rest_days(person: _Person, day: date) -> bool:
    """Two consecutive days off must remain in the ISO week once ``day`` is worked."""
    monday = day - timedelta(days=day.weekday())
    worked = []
    for i in range(7):
        current = monday + timedelta(days=i)
        worked.append(current == day or bool(person.days.get(current)))
    return any(not worked[i] and not worked[i + 1] for i in range(6))


def _book(person: _Person, day: date, start: int, end: int) -> None:
    person.days.setdefault(day, []).append((start, end))
    week = day.isocalendar()[:2]
    person.week_minutes[week] = person.week_minutes.get(week, 0) + end - start
    person.total_minutes += end - start


def _unbook(person: _Person, day: date, start: int, end: int) -> None:
    booked = person.days[day]
    booked.remove((start, end))
    if not booked:
        del person.days[day]
    week = day.isocalendar()[:2]
    person.week_minutes[week] -= end - start
    person.total_minutes -= end - start


def _try_book(person: _Person, sessions: list[tuple[date, int, int]], weekly_cap: int) -> bool:
    """Book every session or none: a member joins a mission for all its sessions."""
    done: list[tuple[date, int, int]] = []
    for session in sessions:
        if not _fits(person, *session, weekly_cap):
            for undo in done:
                _unbook(person, *undo)
            return False
        _book(person, *session)
        done.append(session)
    return True


def _can_lead(person: _Person, required: list[SkillNeed]) -> bool:
    """Level ≥ 3 (and the required level) in a required know-how, not a savoir-être."""
    return any(
        person.levels.get(n.skill_id, 0) >= max(LEAD_LEVEL, n.min_level)
        for n in required
        if n.skill_id not in SOFT_SKILLS
    )


def _counts_met(required: list[SkillNeed], people: list[_Person]) -> bool:
    """Enough people at the required level for every required skill."""
    return all(
        sum(p.levels.get(n.skill_id, 0) >= n.min_level for p in people) >= n.count for n in required
    )


def _available(person: _Person, sessions: list[tuple[date, int, int]]) -> bool:
    """Inside a weekly window and outside any dated unavailability, for every session."""
    for day, start, end in sessions:
        window = person.windows.get(day.weekday())
        if window is None or not (window[0] <= start and end <= window[1]):
            return False
        off = person.off.get(day)
        if off is not None and start < off[1] and off[0] < end:
            return False
    return True
