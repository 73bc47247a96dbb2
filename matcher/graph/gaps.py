"""Gap analysis: which requested skills a collective lacks, week by week.

A coordinator plans training from it: a skill requested more often than the collective has
members able to do it is a *gap*; members at level 4 (« Je peux transmettre ») could teach
it, and members who wish to learn it are the obvious learners.

Only **declared** levels count here, never the effective levels of
:func:`matcher.graph.skills.effective_level`: whether a request can be covered is a hard
fact, not a guess from neighbouring skills.

Rules, so the numbers can be checked by hand:

* a request counts in the ISO week (``2026-W48``) of its first session, or of its
  ``created_on`` date when it has no session; requests with neither, drafts and cancelled
  requests are left out;
* only required skills that are not ``optional`` count: an optional need never makes a gap;
* ``requested`` sums the places asked (``count``) over the week's requests, ``min_level``
  is the lowest level asked for the skill that week;
* ``holders`` are the collective's members present that week (joined by its Sunday, not
  left before its Monday) who declare the skill at ``min_level`` or above;
* ``gap`` is ``holders < requested`` and ``shortfall`` is ``max(0, requested − holders)``;
* ``teachers`` hold it at level 4, ``learners`` wish to learn it (present members of the
  same collective, ids sorted).

Tiny example::

    >>> from datetime import date
    >>> from matcher.domain import Dataset, Member, RequiredSkill, ServiceRequest
    >>> ds = Dataset(members=[Member("m-1", "kpa", "Inès")],
    ...              requests=[ServiceRequest("r-1", "kpa", "Alma", "Buffet",
    ...                                       created_on=date(2026, 11, 24))],
    ...              required_skills=[RequiredSkill("r-1", "cuisine", count=2)])
    >>> gap_analysis(ds)[["week", "skill_id", "requested", "holders", "gap"]].to_dict("records")
    [{'week': '2026-W48', 'skill_id': 'cuisine', 'requested': 2, 'holders': 0, 'gap': True}]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from matcher.domain import Dataset, Member

__all__ = ["GAP_COLUMNS", "TEACHER_LEVEL", "gap_analysis", "iso_week", "week_monday"]

#: Level from which a member can teach (« Je peux transmettre »).
TEACHER_LEVEL = 4
#: Columns of :func:`gap_analysis`, in order.
GAP_COLUMNS = (
    "collective_id",
    "week",
    "skill_id",
    "requests",
    "requested",
    "min_level",
    "holders",
    "shortfall",
    "gap",
    "teachers",
    "learners",
    "teacher_ids",
    "learner_ids",
)
_COUNTED_STATUSES = frozenset({"open", "staffed", "done"})


def iso_week(day: date) -> str:
    """The ISO week of a day, as ``YYYY-Www``.

    >>> iso_week(date(2026, 11, 28))
    '2026-W48'
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    """The Monday of an ISO week written ``YYYY-Www``.

    >>> week_monday("2026-W48")
    datetime.date(2026, 11, 23)
    """
    year, _, number = week.partition("-W")
    return date.fromisocalendar(int(year), int(number), 1)


@dataclass
class _Need:
    requests: set[str] = field(default_factory=set)
    requested: int = 0
    min_level: int | None = None


def gap_analysis(
    dataset: Dataset,
    *,
    week: str | None = None,
    collective_id: str | None = None,
    weeks_back: int = 8,
) -> pd.DataFrame:
    """Requested vs held skills per collective, ISO week and skill (see the module rules).

    The window is the ``weeks_back`` ISO weeks ending with ``week`` (by default the latest
    week that has a counted request). Rows are sorted by collective, week and skill; the
    columns are :data:`GAP_COLUMNS`.
    """
    request_weeks = _request_weeks(dataset, collective_id)
    if not request_weeks:
        return pd.DataFrame(columns=list(GAP_COLUMNS))
    end = week_monday(week) if week else max(week_monday(w) for _, w in request_weeks.values())
    window = {iso_week(end - timedelta(weeks=n)) for n in range(max(weeks_back, 1))}

    needs: dict[tuple[str, str, str], _Need] = defaultdict(_Need)
    for need in dataset.required_skills:
        if need.optional or need.request_id not in request_weeks:
            continue
        collective, request_week = request_weeks[need.request_id]
        if request_week not in window:
            continue
        row = needs[(collective, request_week, need.skill_id)]
        row.requests.add(need.request_id)
        row.requested += need.count
        row.min_level = (
            need.min_level if row.min_level is None else min(row.min_level, need.min_level)
        )

    levels: dict[tuple[str, str], int] = {}
    for held in dataset.member_skills:
        key = (held.member_id, held.skill_id)
        levels[key] = max(levels.get(key, held.level), held.level)
    wishes = {(w.member_id, w.skill_id) for w in dataset.learning_wishes}
    members_of: dict[str, list[Member]] = defaultdict(list)
    for member in sorted(dataset.members, key=lambda m: m.id):
        members_of[member.collective_id].append(member)

    rows = []
    for (collective, request_week, skill), need in sorted(needs.items()):
        present = [m.id for m in members_of[collective] if _present(m, week_monday(request_week))]
        min_level = need.min_level if need.min_level is not None else 0
        holders = sum(1 for m in present if levels.get((m, skill), -1) >= min_level)
        teachers = tuple(m for m in present if levels.get((m, skill), -1) >= TEACHER_LEVEL)
        learners = tuple(m for m in present if (m, skill) in wishes)
        rows.append(
            (
                collective,
                request_week,
                skill,
                len(need.requests),
                need.requested,
                min_level,
                holders,
                max(0, need.requested - holders),
                holders < need.requested,
                len(teachers),
                len(learners),
                teachers,
                learners,
            )
        )
    return pd.DataFrame(rows, columns=list(GAP_COLUMNS))


def _request_weeks(dataset: Dataset, collective_id: str | None) -> dict[str, tuple[str, str]]:
    """Counted request id → (collective id, ISO week of its first session or creation)."""
    first_session: dict[str, date] = {}
    for session in dataset.request_sessions:
        known = first_session.get(session.request_id)
        if known is None or session.date < known:
            first_session[session.request_id] = session.date
    out: dict[str, tuple[str, str]] = {}
    for request in dataset.requests:
        if request.status not in _COUNTED_STATUSES:
            continue
        if collective_id is not None and request.collective_id != collective_id:
            continue
        day = first_session.get(request.id, request.created_on)
        if day is not None:
            out[request.id] = (request.collective_id, iso_week(day))
    return out


def _present(member: Member, monday: date) -> bool:
    """Joined by the week's Sunday and not left before its Monday."""
    sunday = monday + timedelta(days=6)
    joined = member.joined_on is None or member.joined_on <= sunday
    stayed = member.left_on is None or member.left_on >= monday
    return joined and stayed
