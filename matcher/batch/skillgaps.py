"""The skill-gap report: skills asked for more often than members can cover, and who could teach.

It reads :func:`matcher.graph.gaps.gap_analysis` (its rules apply: declared levels, required
lines only, members present in the week) over the 8 ISO weeks ending with the batch week,
and keeps the skills that lacked holders this week **or** in any week of the window: a skill
that is short every other Saturday needs a peer workshop as much as one short today. Each
line names the members who could run the workshop (level 4) and those who wish to learn.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.domain import Dataset
from matcher.graph.gaps import gap_analysis

__all__ = ["GapLine", "skill_gaps"]

WINDOW_WEEKS = 8


@dataclass(frozen=True)
class GapLine:
    skill_id: str
    #: places asked and members able this week (0 and the latest count when not asked)
    requested_this_week: int
    holders: int
    shortfall_this_week: int
    #: ISO weeks of the window in which the skill lacked holders
    weeks_short: tuple[str, ...]
    teacher_ids: tuple[str, ...]
    learner_ids: tuple[str, ...]

    @property
    def workshop_possible(self) -> bool:
        """A peer workshop needs someone to teach and someone who wants to learn."""
        return bool(self.teacher_ids and self.learner_ids)


def skill_gaps(dataset: Dataset, collective_id: str, week: str) -> list[GapLine]:
    """Skills short this week or in the 8 weeks before, most urgent first."""
    table = gap_analysis(dataset, week=week, collective_id=collective_id, weeks_back=WINDOW_WEEKS)
    lines = []
    for skill, rows in table.groupby("skill_id", sort=True):
        short = rows[rows["gap"]]
        if short.empty:
            continue
        now = rows[rows["week"] == week]
        latest = rows.sort_values("week").iloc[-1]
        lines.append(
            GapLine(
                skill_id=str(skill),
                requested_this_week=int(now["requested"].sum()),
                holders=int(latest["holders"]),
                shortfall_this_week=int(now["shortfall"].sum()),
                weeks_short=tuple(sorted(short["week"])),
                teacher_ids=tuple(latest["teacher_ids"]),
                learner_ids=tuple(latest["learner_ids"]),
            )
        )
    return sorted(lines, key=lambda g: (-g.shortfall_this_week, -len(g.weeks_short), g.skill_id))
