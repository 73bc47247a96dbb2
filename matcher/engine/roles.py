"""Place each member of a team: role, lines covered, skill learned and from whom.

Roles never constrain a team; they describe it. The ``referent`` is exactly one
non-apprenant: the one with the highest declared level on a line they cover (ties: an
adult before a minor, then the id), unless the coordinator marked exactly one
non-apprenant as referent, which is kept. Everyone else is ``membre`` or ``apprenant``.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.engine.coverage import Coverage, Lesson, coverage_assignment, lesson_options
from matcher.engine.pool import Pool
from matcher.engine.team import LEARNER, Team

__all__ = ["Placement", "place"]


@dataclass(frozen=True)
class Placement:
    """Where a member stands in the team (what the output's ``members`` entries show)."""

    id: str
    role: str
    covers: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    teacher: str | None = None
    lesson: Lesson | None = None


def _referent(pool: Pool, team: Team, coverage: Coverage) -> str | None:
    marked = [m.id for m in team.workers if m.role == "referent"]
    if len(marked) == 1:
        return marked[0]
    if not team.workers:
        return None

    def key(member_id: str) -> tuple[int, int, int, str]:
        i = pool.index[member_id]
        covered = coverage.covered_by(member_id)
        best_covered = max((int(pool.levels[i, j]) for j in covered), default=-1)
        best_any = int(pool.levels[i].max()) if pool.levels.shape[1] else -1
        return (-best_covered, -best_any, int(pool.minor[i]), member_id)

    return min((m.id for m in team.workers), key=key)


def place(pool: Pool, team: Team) -> tuple[tuple[Placement, ...], Coverage]:
    """Placements in team order, and the coverage they come from."""
    instance = pool.instance
    workers = [m.id for m in team.workers]
    coverage = coverage_assignment(instance, workers)
    referent = _referent(pool, team, coverage)
    lines = pool.request.skills
    out = []
    for member in team.members:
        if member.is_learner:
            options = lesson_options(instance, member.id, workers)
            preferred = [
                o
                for o in options
                if (not member.learns or o.skill in member.learns)
                and (member.teacher is None or o.teacher == member.teacher)
            ]
            lesson = (preferred or options or [None])[0]
            out.append(
                Placement(
                    member.id,
                    LEARNER,
                    learns=(lesson.skill,) if lesson else (),
                    teacher=lesson.teacher if lesson else None,
                    lesson=lesson,
                )
            )
            continue
        covers = tuple(dict.fromkeys(lines[j].skill for j in coverage.covered_by(member.id)))
        role = "referent" if member.id == referent else "membre"
        out.append(Placement(member.id, role, covers=covers))
    return tuple(out), coverage
