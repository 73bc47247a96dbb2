"""Who covers which skill line, and who learns what from whom.

Coverage (hard constraint 2): each line needs ``count`` *distinct* non-apprenant members
with a declared level ≥ ``min_level`` who may work that line. Since one member may cover
several lines, members have no capacity to share between lines, so the bipartite check
falls apart line by line: a line is coverable iff it has ``count`` qualified members,
independently of the other lines (no flow needed). Each line takes its best members,
highest level first, then by id, which also maximises the "levels above the minimum"
part of the coverage score.

Learning (hard constraint 8): an apprenant learns a request skill they wish for, beside a
non-apprenant teacher with a declared level ≥ 3 on it; both must be allowed to practise
it (no minor on a hazardous skill, no heavy loads for ``no_heavy_lifting``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from matcher.engine.instance import Instance
from matcher.engine.pool import Pool, prepare
from matcher.vocabulary import LEAD_LEVEL

__all__ = ["Coverage", "Lesson", "coverage_assignment", "lesson_options"]

#: Declared level from which a member can teach a skill to an apprenant.
TEACH_LEVEL = LEAD_LEVEL


@dataclass(frozen=True)
class Coverage:
    """Chosen coverers per request line (best first, at most ``count``) and the gaps."""

    lines: tuple[tuple[str, ...], ...]
    #: indices of non-optional lines with fewer than ``count`` coverers
    missing: tuple[int, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    def covered_by(self, member_id: str) -> tuple[int, ...]:
        """Indices of the lines ``member_id`` covers."""
        return tuple(j for j, ids in enumerate(self.lines) if member_id in ids)


def _rows(pool: Pool, members: Iterable[str]) -> list[int]:
    return sorted({pool.index[m] for m in members}, key=lambda i: pool.ids[i])


def coverage_assignment(instance: Instance, members: Iterable[str]) -> Coverage:
    """Assign ``members`` (all treated as non-apprenants) to the request's lines.

    >>> from matcher.engine.instance import parse_instance
    >>> inst = parse_instance({"members": [
    ...     {"id": "a", "birth_date": "1990-01-01", "skills": {"cuisine": 3}, "availability": []},
    ...     {"id": "b", "birth_date": "1990-01-01", "skills": {"cuisine": 2}, "availability": []}],
    ...   "request": {"id": "r", "team_size": [1, 2],
    ...     "sessions": [{"date": "2026-12-12", "start": "09:00", "end": "12:00"}],
    ...     "skills": [{"skill": "cuisine", "min_level": 2, "count": 2}]}})
    >>> coverage_assignment(inst, ["b", "a"]).lines
    (('a', 'b'),)
    """
    pool = prepare(instance)
    rows = _rows(pool, members)
    chosen: list[tuple[str, ...]] = []
    missing: list[int] = []
    for j, line in enumerate(pool.request.skills):
        able = [i for i in rows if pool.can_cover[i, j]]
        able.sort(key=lambda i: (-int(pool.levels[i, j]), pool.ids[i]))
        chosen.append(tuple(pool.ids[i] for i in able[: line.count]))
        if not line.optional and len(able) < line.count:
            missing.append(j)
    return Coverage(tuple(chosen), tuple(missing))


@dataclass(frozen=True)
class Lesson:
    """``learner`` learns ``skill`` from ``teacher`` (declared ``teacher_level`` ≥ 3)."""

    learner: str
    skill: str
    teacher: str
    teacher_level: int


def lesson_options(instance: Instance, learner: str, workers: Iterable[str]) -> list[Lesson]:
    """Every valid (skill, teacher) for ``learner`` among ``workers``, best first.

    Best = highest teacher level (4 teaches best), then the learner's wish priority (1
    first), then the skill's order in the request, then the teacher's id.
    """
    pool = prepare(instance)
    person = instance.member(learner)
    li = pool.index[learner]
    skills = pool.request.skill_ids
    options: list[tuple[tuple, Lesson]] = []
    for order, skill in enumerate(skills):
        if skill not in person.wishes or not pool.allowed_skill(li, skill):
            continue
        for ti in _rows(pool, workers):
            if ti == li or not pool.allowed_skill(ti, skill):
                continue
            level = instance.members[ti].level(skill)
            if level is None or level < TEACH_LEVEL:
                continue
            key = (-level, person.wish_priority.get(skill, 1), order, pool.ids[ti])
            options.append((key, Lesson(learner, skill, pool.ids[ti], level)))
    options.sort(key=lambda pair: pair[0])
    return [lesson for _, lesson in options]
