"""The candidate pool of a request, precomputed once as arrays.

Member-level facts do not depend on team-mates: eligibility (hard constraints 3–4 and the
request-level parts of 5 and 9), minority on each session date, declared level on each
skill line, and whether the member may work each line (no minor on a hazardous line, no
``no_heavy_lifting`` member on a ``heavy_loads`` line). Solvers and the team checks read
them from here by member index instead of recomputing them per candidate team.

A hazard bars a member from *every* line of the same skill in the request, not only from
its own line: outputs name skills, not lines, so "covers menuiserie" must never leave a
coordinator wondering whether a minor holds the saw (fail closed).

Levels use ``-1`` for "not declared", which never reaches any ``min_level`` (0–4):
related skills never count for coverage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from matcher.domain import is_minor_on
from matcher.engine.cache import per_instance
from matcher.engine.eligibility import (
    HEAVY_LOADS,
    Blocker,
    avoids_heavy_loads,
    member_blockers,
    request_of,
)
from matcher.engine.instance import Instance, Request

__all__ = ["NOT_DECLARED", "Pool", "prepare"]

NOT_DECLARED = -1


@dataclass(frozen=True, eq=False)
class Pool:
    """Per-member arrays for one instance's request; row ``i`` is ``instance.members[i]``."""

    instance: Instance
    request: Request
    ids: tuple[str, ...]
    index: Mapping[str, int]
    blockers: tuple[tuple[Blocker, ...], ...]
    #: (members,) no blocker at all
    eligible: np.ndarray
    #: (members, sessions) under 18 on that session's date
    minor_at: np.ndarray
    #: (members,) under 18 on at least one session date
    minor: np.ndarray
    #: (members, lines) declared level, NOT_DECLARED when absent
    levels: np.ndarray
    #: (members, lines) may work the line at all (hazards for minors, heavy loads), judged
    #: per skill: a hazard on one line of a skill bars every line of that skill
    allowed: np.ndarray
    #: (members, lines) allowed and declared level ≥ min_level
    can_cover: np.ndarray

    def lines_of(self, skill: str) -> list[int]:
        """Indices of the request lines asking for ``skill``."""
        return [j for j, line in enumerate(self.request.skills) if line.skill == skill]

    def allowed_skill(self, i: int, skill: str) -> bool:
        """May member ``i`` practise (learn or teach) ``skill``? Every line of it must allow it."""
        lines = self.lines_of(skill)
        return bool(lines) and bool(self.allowed[i, lines].all())


@per_instance
def prepare(instance: Instance) -> Pool:
    """Build (once per instance) the arrays every team check and solver reads."""
    request = request_of(instance)
    members = instance.members
    lines = request.skills
    n, k = len(members), len(lines)
    minor_at = np.array(
        [[is_minor_on(m.birth_date, s.date) for s in request.sessions] for m in members],
        dtype=bool,
    ).reshape(n, len(request.sessions))
    minor = minor_at.any(axis=1)
    levels = np.array(
        [[m.skills.get(line.skill, NOT_DECLARED) for line in lines] for m in members],
        dtype=np.int8,
    ).reshape(n, k)
    hazardous = np.array([bool(line.hazards) for line in lines], dtype=bool)
    heavy = np.array([HEAVY_LOADS in line.hazards for line in lines], dtype=bool)
    avoids = np.array([avoids_heavy_loads(m) for m in members], dtype=bool)
    allowed = ~(minor[:, None] & hazardous[None, :]) & ~(avoids[:, None] & heavy[None, :])
    for skill in request.skill_ids:
        same = [j for j, line in enumerate(lines) if line.skill == skill]
        allowed[:, same] = allowed[:, same].all(axis=1, keepdims=True)
    min_levels = np.array([line.min_level for line in lines], dtype=np.int8)
    blockers = tuple(tuple(member_blockers(instance, m)) for m in members)
    return Pool(
        instance=instance,
        request=request,
        ids=tuple(m.id for m in members),
        index=MappingProxyType({m.id: i for i, m in enumerate(members)}),
        blockers=blockers,
        eligible=np.array([not b for b in blockers], dtype=bool),
        minor_at=minor_at,
        minor=minor,
        levels=levels,
        allowed=allowed,
        can_cover=allowed & (levels >= min_levels[None, :]),
    )
