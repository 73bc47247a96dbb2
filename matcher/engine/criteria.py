"""The six criteria of a team's score, each in [0, 1] (1 is best).

Per-member values (fairness, passion, proximity) are computed once per instance as
arrays, so a solver scores a candidate team with a few array lookups; team-wide
criteria (coverage, learning, cohesion) read the team's placements. Exact formulas are
in docs/instance-format.md §"Objectif"; in short:

* **coverage** — mean, over the request's lines, of the share of ``count`` covered and of
  the coverers' level above the minimum (``(level − min) / (4 − min)``, 1 when min is 4);
* **learning** — learning slots filled by an apprenant beside a teacher, a level-4
  teacher counting 1 and a level-3 one 0.75 (1 when the request has no slot);
* **fairness** — mean over members: ``equal_hours`` gives ``1 − paid / most paid in the
  pool``; ``desired_hours`` gives ``1 − paid / (8 × desired weekly hours)``;
* **cohesion** — share of members who already worked with a team-mate, lowered by half
  the share of pairs that already did ``REPEAT_MISSIONS`` missions together (1 alone);
* **passion** — mean share of the request's passion words found in a member's passions
  (accent-folded, stemmed; 1 when the request names no passion);
* **proximity** — mean of ``1 − travel / max_travel_minutes`` (0 beyond it, 0.5 unknown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from matcher.engine.cache import per_instance
from matcher.engine.coverage import Coverage
from matcher.engine.eligibility import request_of
from matcher.engine.instance import Instance, Member
from matcher.engine.pool import Pool
from matcher.engine.roles import Placement
from matcher.engine.roster import Roster, roster
from matcher.models.french import content_stems
from matcher.vocabulary import MAX_LEVEL

__all__ = [
    "RECENT_WEEKS",
    "REPEAT_MISSIONS",
    "UNKNOWN_TRAVEL_VALUE",
    "MemberValues",
    "cohesion_score",
    "coverage_score",
    "learning_score",
    "member_values",
    "team_mean",
]

#: ``paid_hours_recent`` covers this many weeks.
RECENT_WEEKS = 8
#: Two members who did this many missions together are "always the same pair".
REPEAT_MISSIONS = 5
#: Proximity of a member whose travel time is unknown (no zone, no table entry).
UNKNOWN_TRAVEL_VALUE = 0.5
#: Learning value of a slot by the teacher's level.
TEACHER_VALUE = {3: 0.75, 4: 1.0}


@dataclass(frozen=True, eq=False)
class MemberValues:
    """Per-member criteria for one instance's request; row ``i`` is ``instance.members[i]``."""

    instance: Instance
    fairness: np.ndarray
    passion: np.ndarray
    proximity: np.ndarray
    #: travel minutes to the request, NaN when unknown
    travel_minutes: np.ndarray
    #: stems of the request's passions
    wanted: frozenset[str]
    #: most paid hours in the pool (the ``equal_hours`` reference)
    most_paid: float

    def travel(self, i: int) -> float | None:
        """Travel minutes of member ``i`` to the request, None when unknown."""
        t = float(self.travel_minutes[i])
        return None if np.isnan(t) else t

    def passion_hits(self, i: int) -> tuple[str, ...]:
        """Member ``i``'s passions sharing a word with the request's (for the reasons)."""
        member = self.instance.members[i]
        return tuple(p for p in member.passions if self.wanted & set(content_stems(p)))


def _stems(texts: Sequence[str]) -> set[str]:
    return {stem for text in texts for stem in content_stems(text)}


def fairness_value(member: Member, policy: str, most_paid: float) -> float:
    """Fewer paid hours recently → closer to 1."""
    if policy == "desired_hours":
        weekly = member.desired_hours_week
        target = RECENT_WEEKS * (member.max_hours_week if weekly is None else weekly)
        return 0.0 if target <= 0 else max(0.0, 1.0 - member.paid_hours_recent / target)
    return 1.0 if most_paid <= 0 else 1.0 - member.paid_hours_recent / most_paid


def proximity_value(travel: float | None, cap: float) -> float:
    """1 at the door, 0 at or beyond the member's ``max_travel_minutes``, 0.5 when unknown."""
    if travel is None:
        return UNKNOWN_TRAVEL_VALUE
    if travel > cap or cap <= 0:
        return 1.0 if travel <= 0 else 0.0
    return 1.0 - travel / cap


def _fairness(r: Roster, policy: str) -> np.ndarray:
    """:func:`fairness_value` of every row at once."""
    if policy == "desired_hours":
        weekly = np.where(np.isnan(r.desired), r.max_hours_week, r.desired)
        target = RECENT_WEEKS * weekly
        share = np.divide(r.paid, target, out=np.zeros_like(target), where=target > 0)
        return np.where(target <= 0, 0.0, np.maximum(0.0, 1.0 - share))
    if r.most_paid <= 0:
        return np.ones(len(r.ids))
    return 1.0 - r.paid / r.most_paid


def _proximity(travel: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """:func:`proximity_value` of every row at once (NaN travel = unknown)."""
    known = ~np.isnan(travel)
    near = np.divide(travel, cap, out=np.zeros_like(travel), where=known & (cap > 0))
    with np.errstate(invalid="ignore"):
        beyond = known & ((travel > cap) | (cap <= 0))
        at_door = known & (travel <= 0)
    out = np.where(beyond, np.where(at_door, 1.0, 0.0), 1.0 - near)
    return np.where(known, out, UNKNOWN_TRAVEL_VALUE)


@per_instance
def member_values(instance: Instance) -> MemberValues:
    """Fairness, passion and proximity of every member, once per instance."""
    request = request_of(instance)
    r = roster(instance)
    n = len(r.ids)
    wanted = frozenset(_stems(request.passions))
    if wanted:
        hits = np.zeros(n)
        for stem in wanted:
            hits[r.passion_stems.get(stem, np.zeros(0, dtype=np.int64))] += 1
        passion = hits / len(wanted)
    else:
        passion = np.ones(n)
    by_zone = [instance.travel(z, request.zone) for z in r.zones]
    to_zone = np.array([np.nan if t is None else t for t in by_zone] + [np.nan], dtype=float)
    travel = to_zone[r.zone]  # row −1 (no zone) reads the trailing NaN
    return MemberValues(
        instance=instance,
        fairness=_fairness(r, instance.policy.fairness),
        passion=passion,
        proximity=_proximity(travel, r.max_travel),
        travel_minutes=travel,
        wanted=wanted,
        most_paid=r.most_paid,
    )


def team_mean(values: np.ndarray, rows: Sequence[int]) -> float:
    """Mean of a per-member array over the team's rows (0 for an empty team)."""
    return float(values[list(rows)].mean()) if len(rows) else 0.0


def coverage_score(pool: Pool, coverage: Coverage) -> float:
    """Share covered and level above the minimum, averaged over every line."""
    lines = pool.request.skills
    if not lines:
        return 1.0
    total = 0.0
    for j, line in enumerate(lines):
        ids = coverage.lines[j]
        total += min(len(ids), line.count) / line.count
        span = MAX_LEVEL - line.min_level
        excess = sum(
            1.0 if span <= 0 else (int(pool.levels[pool.index[m], j]) - line.min_level) / span
            for m in ids
        )
        total += excess / line.count
    return total / (2 * len(lines))


def learning_score(pool: Pool, placements: Sequence[Placement]) -> float:
    """Learning slots filled beside a teacher (level 4 best); 1 when there is no slot."""
    slots = pool.request.learning_slots
    if slots == 0:
        return 1.0
    values = sorted(
        (TEACHER_VALUE.get(min(p.lesson.teacher_level, 4), 0.0) for p in placements if p.lesson),
        reverse=True,
    )
    return sum(values[:slots]) / slots


def cohesion_score(instance: Instance, ids: Sequence[str]) -> float:
    """Some past collaboration, not always the same pairs; 1 for a team of one."""
    if len(ids) < 2:
        return 1.0
    pairs = list(combinations(ids, 2))
    knows = {m: False for m in ids}
    repeated = 0
    for a, b in pairs:
        together = instance.together(a, b)
        if together > 0:
            knows[a] = knows[b] = True
        if together >= REPEAT_MISSIONS:
            repeated += 1
    known_share = sum(knows.values()) / len(ids)
    return known_share * (1.0 - 0.5 * repeated / len(pairs))
