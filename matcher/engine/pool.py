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

Everything is read from the collective's :class:`~matcher.engine.roster.Roster` (built
once per collective and week) and judged for all members at once
(:mod:`matcher.engine.screening`); the French sentences of ``blockers`` are written only
for the members someone reads about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from matcher.engine.cache import per_instance
from matcher.engine.eligibility import HEAVY_LOADS, Blocker, member_blockers, request_of
from matcher.engine.instance import Instance, Request
from matcher.engine.roster import Roster, columns, roster
from matcher.engine.screening import Screen, screen
from matcher.vocabulary import ADULT_AGE

__all__ = ["NOT_DECLARED", "Blockers", "Pool", "prepare"]

NOT_DECLARED = -1


class Blockers(Sequence[tuple[Blocker, ...]]):
    """``blockers[i]``: member ``i``'s blockers with their French messages, on demand.

    Only the members a proposal or a diagnosis names are ever read, so the sentences are
    written for them alone (by the reference :func:`member_blockers`) and kept.
    """

    def __init__(self, instance: Instance) -> None:
        self._instance = instance
        self._found: dict[int, tuple[Blocker, ...]] = {}

    def __len__(self) -> int:
        return len(self._instance.members)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        i = int(i)
        if i not in self._found:
            self._found[i] = tuple(member_blockers(self._instance, self._instance.members[i]))
        return self._found[i]


@dataclass(frozen=True, eq=False)
class Pool:
    """Per-member arrays for one instance's request; row ``i`` is ``instance.members[i]``."""

    instance: Instance
    request: Request
    roster: Roster
    ids: tuple[str, ...]
    index: Mapping[str, int]
    blockers: Blockers
    #: blocker code → (members,) has a blocker of that code (same facts as ``blockers``)
    codes: Screen
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
    r = roster(instance)
    lines = request.skills
    n = len(r.ids)
    minor_at = columns([r.age_on(s.date) < ADULT_AGE for s in request.sessions], n, bool)
    minor = minor_at.any(axis=1)
    levels = columns([r.levels_of(line.skill) for line in lines], n, np.int8)
    hazardous = np.array([bool(line.hazards) for line in lines], dtype=bool)
    heavy = np.array([HEAVY_LOADS in line.hazards for line in lines], dtype=bool)
    allowed = ~(minor[:, None] & hazardous[None, :]) & ~(r.avoids_heavy[:, None] & heavy[None, :])
    for skill in request.skill_ids:
        same = [j for j, line in enumerate(lines) if line.skill == skill]
        allowed[:, same] = allowed[:, same].all(axis=1, keepdims=True)
    min_levels = np.array([line.min_level for line in lines], dtype=np.int8)
    codes = screen(r, request, instance.public_holidays)
    blocked = np.zeros(n, dtype=bool)
    for rows in codes.values():
        blocked |= rows
    return Pool(
        instance=instance,
        request=request,
        roster=r,
        ids=r.ids,
        index=r.index,
        blockers=Blockers(instance),
        codes=MappingProxyType(dict(codes)),
        eligible=~blocked,
        minor_at=minor_at,
        minor=minor,
        levels=levels,
        allowed=allowed,
        can_cover=allowed & (levels >= min_levels[None, :]),
    )
