"""What the coordinators' operations pages show, computed without Flask.

The week plan, the queues waiting for a decision, the batch history with its diff, the
four reports (hours distribution, Gini of paid hours per week, skills gained, requests
staffed) and the collective-scoped export. Everything but :func:`scoped_dataset` and
:func:`export_scoped` is a pure function of a :class:`~matcher.domain.Dataset`, so the
web layer stays thin and the tests need no database.

Scoping works by construction: :func:`scoped_dataset` hands a coordinator the slice of
their collective only (:func:`matcher.batch.slices.split_by_collective`), so anything
computed from it — or looked up in it before a decision — cannot reach another
collective; an id that is not in the slice is "not found" (404), never "forbidden".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from matcher import services
from matcher.batch.fairness import gini, present_members
from matcher.batch.slices import split_by_collective
from matcher.domain import BatchRun, Dataset
from matcher.export import ExportFormat, write_export
from matcher.feedback import listing
from matcher.graph.gaps import iso_week, week_monday
from matcher.people import NotAllowed, Viewer
from matcher.storage import repository
from matcher.storage.db import Database

__all__ = [
    "DIFF_KEYS",
    "DiffLine",
    "HoursRow",
    "MissionPlan",
    "PairLine",
    "SkillGain",
    "StaffedWeek",
    "batch_history",
    "export_scoped",
    "foreign_rows",
    "gini_by_week",
    "has_row",
    "hours_distribution",
    "mission_plan",
    "missions_to_close",
    "pairs_awaiting_approval",
    "pending_proposals",
    "report_weeks",
    "requests_staffed",
    "scoped_dataset",
    "skills_gained",
    "week_diff",
    "week_plan",
]

#: The batch counts compared week on week, in the order the page shows them.
DIFF_KEYS = (
    "requests",
    "staffed",
    "unstaffed",
    "pairs",
    "exchanges",
    "skill_gaps",
    "without_opportunity",
)


# --- scope -------------------------------------------------------------------------------


def scoped_dataset(database: Database, viewer: Viewer, *, include_private: bool = False) -> Dataset:
    """The network an admin sees, or the slice of a coordinator's collective.

    Members and logins-only accounts are refused (:class:`NotAllowed`): these pages are
    for the people who run a collective.
    """
    if not viewer.is_staff:
        raise NotAllowed("réservé à l'animation")
    with database.reading() as session:
        dataset = repository.read_dataset(session, include_private=include_private)
    if viewer.role == "admin":
        return dataset
    return split_by_collective(dataset).get(viewer.collective_id or "", Dataset())


def has_row(dataset: Dataset, table: str, row_id: str) -> bool:
    """Whether the (scoped) dataset holds the row: the check before any decision."""
    return any(getattr(row, "id", None) == row_id for row in getattr(dataset, table))


# --- missions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamPlace:
    member_id: str
    name: str
    role: str
    skill_id: str | None
    planned_hours: float
    outcome: str = ""
    hours_worked: float | None = None


@dataclass(frozen=True)
class MissionPlan:
    """A mission as the printed week plan shows it: when, where, for whom, with whom."""

    mission_id: str
    request_id: str
    title: str
    client: str
    zone: str
    status: str
    sessions: list[tuple[date, time, time]]
    team: list[TeamPlace]

    @property
    def first_day(self) -> date | None:
        return self.sessions[0][0] if self.sessions else None


def _plans(dataset: Dataset) -> list[MissionPlan]:
    requests = {r.id: r for r in dataset.requests}
    names = {m.id: m.display_name for m in dataset.members}
    sessions: dict[str, list[tuple[date, time, time]]] = defaultdict(list)
    for s in dataset.request_sessions:
        sessions[s.request_id].append((s.date, s.start, s.end))
    planned: dict[tuple[str, str], float] = defaultdict(float)
    for entry in dataset.hours:
        if entry.mission_id:
            planned[(entry.mission_id, entry.member_id)] += entry.hours
    team: dict[str, list[TeamPlace]] = defaultdict(list)
    for mm in dataset.mission_members:
        team[mm.mission_id].append(
            TeamPlace(
                mm.member_id,
                names.get(mm.member_id, mm.member_id),
                mm.role,
                mm.skill_id,
                round(planned[(mm.mission_id, mm.member_id)], 2),
                mm.outcome,
                mm.hours_worked,
            )
        )
    plans = []
    for mission in dataset.missions:
        request = requests.get(mission.request_id)
        if request is None:
            continue
        plans.append(
            MissionPlan(
                mission.id,
                request.id,
                request.title,
                request.client,
                request.zone,
                mission.status,
                sorted(sessions[request.id]),
                sorted(team[mission.id], key=lambda p: (p.role != "referent", p.name)),
            )
        )
    return sorted(plans, key=lambda p: (p.first_day or date.max, p.title, p.mission_id))


def week_plan(dataset: Dataset, week: str) -> list[MissionPlan]:
    """Missions with a session in the ISO ``week`` (only those sessions), by first day."""
    monday = week_monday(week)
    sunday = monday + timedelta(days=6)
    found = []
    for plan in _plans(dataset):
        inside = [s for s in plan.sessions if monday <= s[0] <= sunday]
        if inside:
            found.append(replace(plan, sessions=inside))
    return sorted(found, key=lambda p: (p.first_day or date.max, p.title, p.mission_id))


def missions_to_close(dataset: Dataset) -> list[MissionPlan]:
    """Planned missions, the oldest first: the ones waiting for their real hours."""
    return [p for p in _plans(dataset) if p.status == "planned"]


def mission_plan(dataset: Dataset, mission_id: str) -> MissionPlan | None:
    return next((p for p in _plans(dataset) if p.mission_id == mission_id), None)


# --- decisions waiting -------------------------------------------------------------------


def pending_proposals(dataset: Dataset, kinds: Iterable[str]) -> list[dict[str, Any]]:
    """Pending proposals of the given kinds: the latest batch week's, and every request a
    member made themselves (no batch run), whatever its week."""
    wanted = set(kinds)
    rows = [r for r in listing.proposal_rows(dataset, status="pending") if r["kind"] in wanted]
    batch_weeks = [r["week"] for r in rows if r["batch_run"] is not None]
    latest = max(batch_weeks, default=None)
    return [r for r in rows if r["batch_run"] is None or r["week"] == latest]


@dataclass(frozen=True)
class PairLine:
    pair_id: str
    mentor: str
    learner: str
    skill_id: str
    started_on: date | None


def pairs_awaiting_approval(dataset: Dataset) -> list[PairLine]:
    """Accepted pairs involving a minor, waiting for a coordinator's approval."""
    names = {m.id: m.display_name for m in dataset.members}
    return [
        PairLine(
            p.id,
            names.get(p.mentor_id, p.mentor_id),
            names.get(p.learner_id, p.learner_id),
            p.skill_id,
            p.started_on,
        )
        for p in sorted(dataset.pairs, key=lambda p: p.id)
        if p.status == "awaiting_approval"
    ]


# --- the weekly batch --------------------------------------------------------------------


def batch_history(dataset: Dataset, limit: int = 30) -> list[BatchRun]:
    """The latest runs first (failed ones included: they are why a week looks empty)."""
    runs = sorted(
        dataset.batch_runs, key=lambda r: (r.started_at or datetime.min, r.id), reverse=True
    )
    return runs[:limit]


def _latest_done(dataset: Dataset, collective_id: str, week: str) -> BatchRun | None:
    runs = [
        r
        for r in dataset.batch_runs
        if r.collective_id == collective_id and r.week == week and r.status == "done"
    ]
    return max(runs, key=lambda r: (r.started_at or datetime.min, r.id), default=None)


@dataclass(frozen=True)
class DiffLine:
    key: str
    now: int
    before: int | None

    @property
    def change(self) -> int | None:
        return None if self.before is None else self.now - self.before


def week_diff(dataset: Dataset, collective_id: str, week: str) -> list[DiffLine] | None:
    """Each count of the week's latest run beside last week's; None before any run."""
    current = _latest_done(dataset, collective_id, week)
    if current is None:
        return None
    last_week = iso_week(week_monday(week) - timedelta(weeks=1))
    previous = _latest_done(dataset, collective_id, last_week)
    before = previous.counts if previous else {}
    return [
        DiffLine(key, int(current.counts.get(key, 0)), before.get(key) if previous else None)
        for key in DIFF_KEYS
    ]


# --- reports -----------------------------------------------------------------------------


def report_weeks(today: date, count: int) -> list[str]:
    """The ``count`` ISO weeks ending with today's, oldest first."""
    return [iso_week(today - timedelta(weeks=n)) for n in range(count - 1, -1, -1)]


@dataclass(frozen=True)
class HoursRow:
    member_id: str
    name: str
    paid: float
    unpaid: float


def _in_weeks(day: date, weeks: list[str]) -> bool:
    return bool(weeks) and week_monday(weeks[0]) <= day < week_monday(weeks[-1]) + timedelta(7)


def hours_distribution(dataset: Dataset, weeks: list[str]) -> list[HoursRow]:
    """Paid and unpaid ledger hours of each member present in the window, most paid first.

    Members with no hour are listed too (a zero is what fairness is about).
    """
    present = {m.id: m for w in weeks for m in present_members(dataset.members, w)}
    totals: dict[str, list[float]] = {member_id: [0.0, 0.0] for member_id in present}
    for entry in dataset.hours:
        if entry.member_id in totals and _in_weeks(entry.date, weeks):
            totals[entry.member_id][0 if entry.paid else 1] += entry.hours
    rows = [
        HoursRow(mid, present[mid].display_name, round(paid, 2), round(unpaid, 2))
        for mid, (paid, unpaid) in totals.items()
    ]
    return sorted(rows, key=lambda r: (-r.paid, r.name, r.member_id))


def gini_by_week(dataset: Dataset, weeks: list[str]) -> list[tuple[str, float, int, float]]:
    """(week, Gini of present members' paid hours that week, members, paid hours in all)."""
    paid: dict[tuple[str, str], float] = defaultdict(float)
    for entry in dataset.hours:
        if entry.paid:
            paid[(iso_week(entry.date), entry.member_id)] += entry.hours
    out = []
    for week in weeks:
        values = [paid[(week, m.id)] for m in present_members(dataset.members, week)]
        out.append((week, round(gini(values), 4), len(values), round(sum(values), 2)))
    return out


@dataclass(frozen=True)
class SkillGain:
    day: date
    member_id: str
    name: str
    skill_id: str
    from_level: int
    to_level: int


def skills_gained(dataset: Dataset, weeks: list[str]) -> list[SkillGain]:
    """Level changes a coordinator validated during the window, in time order."""
    names = {m.id: m.display_name for m in dataset.members}
    gains = []
    for change in dataset.level_changes:
        when = change.decided_at or change.created_at
        if change.status == "validated" and when and _in_weeks(when.date(), weeks):
            gains.append(
                SkillGain(
                    when.date(),
                    change.member_id,
                    names.get(change.member_id, change.member_id),
                    change.skill_id,
                    change.from_level,
                    change.to_level,
                )
            )
    return sorted(gains, key=lambda g: (g.day, g.name, g.skill_id))


@dataclass(frozen=True)
class StaffedWeek:
    week: str
    requests: int
    staffed: int


def requests_staffed(dataset: Dataset, weeks: list[str]) -> list[StaffedWeek]:
    """Requests per ISO week of their first session, and how many got a mission."""
    first: dict[str, date] = {}
    for s in dataset.request_sessions:
        if s.request_id not in first or s.date < first[s.request_id]:
            first[s.request_id] = s.date
    with_mission = {m.request_id for m in dataset.missions}
    counts: dict[str, list[int]] = {w: [0, 0] for w in weeks}
    for request in dataset.requests:
        if request.id in first and request.status not in ("draft", "cancelled"):
            week = iso_week(first[request.id])
            if week in counts:
                counts[week][0] += 1
                counts[week][1] += request.id in with_mission
    return [StaffedWeek(w, n, staffed) for w, (n, staffed) in counts.items()]


# --- imports and exports -----------------------------------------------------------------


def foreign_rows(imported: Dataset, collective_id: str) -> list[str]:
    """Ids of imported members or requests that belong to another collective."""
    rows = [*imported.members, *imported.requests]
    return sorted(row.id for row in rows if row.collective_id != collective_id)


def export_scoped(
    database: Database,
    viewer: Viewer,
    path: Path,
    *,
    fmt: ExportFormat,
    include_private: bool,
) -> list[Path]:
    """The export of :func:`matcher.services.export_path`, cut to a coordinator's collective."""
    if viewer.role == "admin":
        return services.export_path(database, path, fmt=fmt, include_private=include_private)
    dataset = scoped_dataset(database, viewer, include_private=include_private)
    return write_export(dataset, path, fmt, include_private)
