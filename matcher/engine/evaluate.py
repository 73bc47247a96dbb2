"""A fast, exact evaluator of candidate teams for the solvers.

``score_team`` is the documented objective, but it builds placements, reasons and
dictionaries: fine for the handful of teams a coordinator sees, far too slow for a local
search that tries thousands of swaps. :class:`Evaluator` computes the *same* unrounded
total (tests compare it with ``score_team``) from the arrays of
:mod:`matcher.engine.pool` and :mod:`matcher.engine.criteria`, and checks the team rules
that depend on team-mates (size, coverage, an adult beside minors, a pair at a private
home, a teacher for each apprenant) for members that are already eligible.

A candidate is a :class:`Candidate`: worker rows and apprenant rows (row ``i`` is
``instance.members[i]``), kept sorted so that equal teams compare equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from matcher.engine.cache import per_instance
from matcher.engine.codes import CRITERIA
from matcher.engine.coverage import TEACH_LEVEL
from matcher.engine.criteria import REPEAT_MISSIONS, TEACHER_VALUE, member_values
from matcher.engine.instance import Instance
from matcher.engine.pool import Pool, prepare
from matcher.engine.team import LEARNER, Team, TeamMember
from matcher.vocabulary import MAX_LEVEL

__all__ = ["Candidate", "Evaluator", "evaluator"]


@dataclass(frozen=True, order=True)
class Candidate:
    """A proposed team as member rows: ``workers`` cover and teach, ``learners`` learn."""

    workers: tuple[int, ...]
    learners: tuple[int, ...] = ()

    @staticmethod
    def of(workers: Iterable[int], learners: Iterable[int] = ()) -> Candidate:
        return Candidate(tuple(sorted(set(workers))), tuple(sorted(set(learners))))

    @property
    def rows(self) -> frozenset[int]:
        return frozenset(self.workers) | frozenset(self.learners)

    @property
    def size(self) -> int:
        return len(self.workers) + len(self.learners)

    def team(self, pool: Pool) -> Team:
        """The engine's :class:`Team` (roles other than apprenant are computed later)."""
        members = [TeamMember(pool.ids[i]) for i in self.workers]
        members += [TeamMember(pool.ids[i], role=LEARNER) for i in self.learners]
        return Team(tuple(members))


def jaccard_distance(a: frozenset[int], b: frozenset[int]) -> float:
    """1 − |a ∩ b| / |a ∪ b|: 0 for the same members, 1 for disjoint teams."""
    union = len(a | b)
    return 0.0 if union == 0 else 1.0 - len(a & b) / union


class _Lazy(dict):
    """``row → value`` computed on first access: a search touches a few dozen rows of a pool
    that may hold 100,000, and plain Python values beat numpy scalars in its inner loops."""

    def __init__(self, compute: Callable[[int], Any]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, row: int) -> Any:
        value = self[row] = self._compute(row)
        return value


class Evaluator:
    """Unrounded objective and team-level feasibility of candidates, from arrays."""

    def __init__(self, instance: Instance) -> None:
        pool = prepare(instance)
        values = member_values(instance)
        self.pool = pool
        self.request = pool.request
        weights = instance.policy.weights
        mass = sum(weights.get(c, 0.0) for c in CRITERIA) or 1.0
        self.weight = {c: weights.get(c, 0.0) / mass for c in CRITERIA}
        #: per-member part of the total that is a plain mean over the team
        self.base = (
            self.weight["fairness"] * values.fairness
            + self.weight["passion"] * values.passion
            + self.weight["proximity"] * values.proximity
        )
        lines = self.request.skills
        self.counts = np.array([line.count for line in lines], dtype=int)
        self.required = np.array([not line.optional for line in lines], dtype=bool)
        spans = np.array([MAX_LEVEL - line.min_level for line in lines], dtype=float)
        mins = np.array([line.min_level for line in lines], dtype=float)
        excess = np.where(
            spans[None, :] <= 0, 1.0, (pool.levels - mins[None, :]) / np.maximum(spans, 1)
        )
        #: value of member i as a coverer of line j (share + level excess), 0 when unable
        self.cover_value = np.where(pool.can_cover, (1.0 + excess) / self.counts, 0.0)
        self.skills = self.request.skill_ids
        self.teach_level = self._teach_levels()
        #: (members, skills) wishes the request skill and may practise it
        self.learn_mask = self._learn_mask()
        #: row → the request skills (indices) the member wishes and may practise
        self.learnable = _Lazy(lambda r: tuple(np.flatnonzero(self.learn_mask[r]).tolist()))
        self.neighbours = pool.roster.neighbours
        self.adult_at = ~pool.minor_at
        self._base = _Lazy(lambda r: float(self.base[r]))
        self._cover = _Lazy(lambda r: self.cover_value[r].tolist())
        self._can = _Lazy(lambda r: pool.can_cover[r].tolist())
        self._teach = _Lazy(lambda r: self.teach_level[r].tolist())
        self._minor_at = _Lazy(lambda r: pool.minor_at[r].tolist())
        self._minor = _Lazy(lambda r: bool(pool.minor[r]))
        self._counts = self.counts.tolist()
        self._required = [j for j, r in enumerate(self.required.tolist()) if r]
        self._sessions = len(self.request.sessions)

    # -----------------------------------------------------------------------------------
    # Precomputations

    def _teach_levels(self) -> np.ndarray:
        """(members, skills): declared level when ≥ 3 and allowed to practise, else 0."""
        pool = self.pool
        out = np.zeros((len(pool.ids), len(self.skills)), dtype=np.int8)
        for s, skill in enumerate(self.skills):
            js = pool.lines_of(skill)
            level = pool.levels[:, js[0]]
            ok = pool.allowed[:, js].all(axis=1) & (level >= TEACH_LEVEL)
            out[:, s] = np.where(ok, level, 0)
        return out

    def _learn_mask(self) -> np.ndarray:
        pool = self.pool
        out = np.zeros((len(pool.ids), len(self.skills)), dtype=bool)
        for s, skill in enumerate(self.skills):
            out[:, s] = pool.roster.wishing(skill) & pool.allowed[:, pool.lines_of(skill)].all(
                axis=1
            )
        return out

    # -----------------------------------------------------------------------------------
    # Criteria

    def lesson_value(self, learner: int, workers: Iterable[int]) -> float:
        """0 without a teacher, 0.75 beside a level-3 teacher, 1 beside a level-4 one."""
        skills = self.learnable[learner]
        if not skills:
            return 0.0
        teach = self._teach
        best = max((teach[w][s] for w in workers if w != learner for s in skills), default=0)
        return TEACHER_VALUE.get(min(best, MAX_LEVEL), 0.0)

    def coverage(self, workers: tuple[int, ...]) -> float:
        counts = self._counts
        if not counts:
            return 1.0
        cover = self._cover
        total = 0.0
        for j, count in enumerate(counts):
            values = sorted((cover[r][j] for r in workers), reverse=True)
            total += sum(values[:count])
        return total / (2 * len(counts))

    def learning(self, cand: Candidate) -> float:
        slots = self.request.learning_slots
        if slots == 0:
            return 1.0
        values = sorted((self.lesson_value(i, cand.workers) for i in cand.learners), reverse=True)
        return sum(values[:slots]) / slots

    def cohesion(self, rows: tuple[int, ...]) -> float:
        n = len(rows)
        if n < 2:
            return 1.0
        members = set(rows)
        knows = 0
        repeated = 0
        for i in rows:
            mates = self.neighbours.get(i)
            if not mates:
                continue
            hits = [mates[j] for j in mates if j in members]
            if hits:
                knows += 1
                repeated += sum(1 for x in hits if x >= REPEAT_MISSIONS)
        pairs = n * (n - 1) / 2
        return (knows / n) * (1.0 - 0.5 * (repeated / 2) / pairs)

    def total(self, cand: Candidate) -> float:
        """The unrounded weighted total that ``score_team`` rounds."""
        rows = cand.workers + cand.learners
        if not rows:
            return 0.0
        w = self.weight
        base = self._base
        out = sum(base[r] for r in rows) / len(rows)
        out += w["coverage"] * self.coverage(cand.workers)
        out += w["learning"] * self.learning(cand)
        if w["cohesion"]:
            out += w["cohesion"] * self.cohesion(rows)
        return out

    # -----------------------------------------------------------------------------------
    # Team-level rules (members assumed eligible)

    def feasible(self, cand: Candidate) -> bool:
        """Size, coverage, adult present, private-home pair, a teacher for each apprenant."""
        low, high = self.request.team_size
        size = cand.size
        if not low <= size <= high or len(cand.learners) > self.request.learning_slots:
            return False
        workers = cand.workers
        can, counts = self._can, self._counts
        for j in self._required:
            if sum(1 for r in workers if can[r][j]) < counts[j]:
                return False
        rows = workers + cand.learners
        minor_at = self._minor_at
        for s in range(self._sessions if rows else 0):
            if all(minor_at[r][s] for r in rows):
                return False
        if self.request.private_home and size < 2 and any(self._minor[r] for r in rows):
            return False
        return all(self.lesson_value(i, workers) > 0 for i in cand.learners)


@per_instance
def evaluator(instance: Instance) -> Evaluator:
    """One evaluator per instance (its arrays are reused by every solver call)."""
    return Evaluator(instance)
