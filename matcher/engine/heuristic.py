"""The fast team heuristic: a shortlist, a greedy fill, then local search by swaps.

For pools too large for the integer programme. Three steps, all on the arrays of
:class:`~matcher.engine.evaluate.Evaluator`:

1. **shortlist** (retrieval) — the eligible members that can matter: the best coverers
   of each line, the best teachers and would-be apprenants of each request skill, the best
   members by their per-member criteria (fairness, passion, proximity), adults and minors
   apart, and their past team-mates (cohesion). Chosen with ``argpartition``, so the cost is
   linear in the pool and the search below does not grow with it;
2. **greedy** — for each team size: cover the required lines first (the member closing
   the most gaps, then the best total), bring an adult beside minors, then fill with the
   member (or apprenant) that raises the total most;
3. **local search** — swap a member for an outsider, switch worker ↔ apprenant, add or
   drop a member, as long as the exact total rises and the team stays feasible.

Diversity between proposals is a penalty in the same search (a team too close to one
already proposed loses :data:`PENALTY` per such team), so the search walks away from the
teams already chosen while keeping every hard rule. Ties are broken by a seeded random
order of the shortlist, so a given ``seed`` always gives the same proposals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from matcher.engine.evaluate import Candidate, Evaluator, jaccard_distance

__all__ = ["heuristic_best", "polish", "shortlist"]

#: members kept per list of the shortlist
PER_LIST = 8
#: a team too close to a proposal already made loses this much per such proposal
PENALTY = 10.0
#: local search gives up after this many improving moves
MAX_MOVES = 30


def _top(mask: np.ndarray, key: np.ndarray, k: int) -> np.ndarray:
    """Rows of ``mask`` with the ``k`` largest ``key`` (all of them when fewer)."""
    rows = np.flatnonzero(mask)
    if len(rows) <= k:
        return rows
    part = np.argpartition(-key[rows], k - 1)[:k]
    return rows[part]


def shortlist(ev: Evaluator, per_list: int = PER_LIST, eligible: np.ndarray | None = None):
    """Eligible rows worth searching, sorted (the whole eligible pool when it is small)."""
    pool = ev.pool
    ok = pool.eligible if eligible is None else eligible
    if ok.sum() <= 4 * per_list:
        return np.flatnonzero(ok)
    base = ev.base
    keep: set[int] = set()
    for j in range(len(ev.counts)):
        key = ev.cover_value[:, j] * 10 + base
        keep.update(_top(ok & pool.can_cover[:, j], key, per_list + int(ev.counts[j])).tolist())
    for s in range(len(ev.skills)):
        teach = ev.teach_level[:, s]
        keep.update(_top(ok & (teach > 0), teach * 10 + base, per_list // 2).tolist())
        wish = np.array([s in skills for skills in ev.learnable], dtype=bool)
        keep.update(_top(ok & wish, base, per_list // 2).tolist())
    adult = ~pool.minor
    keep.update(_top(ok & adult, base, per_list).tolist())
    keep.update(_top(ok & ~adult, base, per_list // 2).tolist())
    for r in list(keep):
        mates = [m for m in ev.neighbours.get(r, {}) if ok[m]]
        mates.sort(key=lambda m: -base[m])
        keep.update(mates[:2])
    return np.array(sorted(keep), dtype=int)


Score = Callable[[Candidate], float]


class _Search:
    """Greedy and local search over a fixed list of candidate rows."""

    def __init__(self, ev: Evaluator, rows: np.ndarray, score: Score, seed: int) -> None:
        self.ev = ev
        order = np.random.default_rng(seed).permutation(len(rows))
        self.rows = [int(r) for r in np.asarray(rows)[order]]
        self.score = score
        self.can_learn = {r for r in self.rows if ev.request.learning_slots and ev.learnable[r]}

    def _best_add(
        self, workers: list[int], learners: list[int], pick: Callable[[int], bool], learn: bool
    ) -> tuple[float, int, bool] | None:
        taken = set(workers) | set(learners)
        best: tuple[float, int, bool] | None = None
        for r in self.rows:
            if r in taken or not pick(r):
                continue
            options = [False]
            if learn and r in self.can_learn and len(learners) < self.ev.request.learning_slots:
                options.append(True)
            for as_learner in options:
                cand = Candidate.of(
                    workers + ([] if as_learner else [r]), learners + ([r] if as_learner else [])
                )
                if as_learner and self.ev.lesson_value(r, cand.workers) == 0:
                    continue
                value = self.score(cand)
                if best is None or value > best[0] + 1e-12:
                    best = (value, r, as_learner)
        return best

    def greedy(self, size: int) -> Candidate | None:
        """Cover the required lines, add an adult if needed, then fill up to ``size``."""
        ev, pool = self.ev, self.ev.pool
        workers: list[int] = []
        learners: list[int] = []
        while True:
            have = pool.can_cover[workers].sum(axis=0) if workers else np.zeros(len(ev.counts))
            gaps = ev.required & (have < ev.counts)
            if not gaps.any():
                break
            if len(workers) >= size:
                return None
            gain = pool.can_cover[:, gaps].sum(axis=1)
            most = max((int(gain[r]) for r in self.rows if r not in workers), default=0)
            if most == 0:
                return None
            found = self._best_add(workers, learners, lambda r, g=gain, m=most: g[r] == m, False)
            if found is None:
                return None
            workers.append(found[1])
        while len(workers) + len(learners) < size:
            rows = workers + learners
            needy = pool.minor_at[rows].all(axis=0) if rows else np.zeros(0, dtype=bool)
            if needy.any() and len(workers) + len(learners) == size - 1:
                found = self._best_add(
                    workers, learners, lambda r, n=needy: bool(ev.adult_at[r, n].all()), True
                )
            else:
                found = self._best_add(workers, learners, lambda r: True, True)
            if found is None:
                break
            (learners if found[2] else workers).append(found[1])
        cand = Candidate.of(workers, learners)
        return cand if ev.feasible(cand) else None

    def _neighbours(self, cand: Candidate):
        """Every candidate one move away: swap, role switch, add, drop."""
        ev = self.ev
        low, high = ev.request.team_size
        slots = ev.request.learning_slots
        workers, learners = list(cand.workers), list(cand.learners)
        inside = set(workers) | set(learners)
        outside = [r for r in self.rows if r not in inside]
        for r in workers:
            if r in self.can_learn and len(learners) < slots:
                yield Candidate.of([w for w in workers if w != r], [*learners, r])
        for r in learners:
            yield Candidate.of([*workers, r], [x for x in learners if x != r])
        for o in outside:
            if cand.size < high:
                yield Candidate.of([*workers, o], learners)
                if o in self.can_learn and len(learners) < slots:
                    yield Candidate.of(workers, [*learners, o])
            for r in workers:
                rest = [w for w in workers if w != r]
                yield Candidate.of([*rest, o], learners)
                if o in self.can_learn and len(learners) < slots:
                    yield Candidate.of(rest, [*learners, o])
            for r in learners:
                rest = [x for x in learners if x != r]
                yield Candidate.of(workers, [*rest, o])
                yield Candidate.of([*workers, o], rest)
        if cand.size > low:
            for r in workers:
                yield Candidate.of([w for w in workers if w != r], learners)
            for r in learners:
                yield Candidate.of(workers, [x for x in learners if x != r])

    def improve(self, cand: Candidate) -> tuple[Candidate, float]:
        """Best-improvement local search from a feasible candidate."""
        value = self.score(cand)
        for _ in range(MAX_MOVES):
            best, best_value = None, value
            for other in self._neighbours(cand):
                if not self.ev.feasible(other):
                    continue
                v = self.score(other)
                if v > best_value + 1e-12:
                    best, best_value = other, v
            if best is None:
                break
            cand, value = best, best_value
        return cand, value


def heuristic_best(
    ev: Evaluator,
    rows: np.ndarray,
    seed: int = 0,
    avoid: Sequence[frozenset[int]] = (),
    distinct: Sequence[frozenset[int]] = (),
) -> Candidate | None:
    """A good feasible team among ``rows``, far from ``avoid`` and unlike ``distinct``.

    Returns None when the search finds no team that keeps those distances (it may exist:
    only the exact solver proves that none does).
    """

    def acceptable(cand: Candidate) -> bool:
        members = cand.rows
        return all(jaccard_distance(members, b) >= 0.5 for b in avoid) and all(
            members != b for b in distinct
        )

    def score(cand: Candidate) -> float:
        members = cand.rows
        bad = sum(jaccard_distance(members, b) < 0.5 for b in avoid)
        bad += sum(members == b for b in distinct)
        return ev.total(cand) - PENALTY * bad

    banned = frozenset().union(*avoid) if avoid else frozenset()
    starts = [rows]
    if banned:  # a start away from the proposals already made, then the whole shortlist
        starts.insert(0, np.array([r for r in rows if r not in banned], dtype=int))
    low, high = ev.request.team_size
    full = _Search(ev, rows, score, seed)
    best: tuple[float, Candidate] | None = None
    for start_rows in starts:
        search = _Search(ev, start_rows, score, seed)
        for size in range(low, min(high, len(start_rows)) + 1):
            start = search.greedy(size)
            if start is None:
                continue
            cand, value = full.improve(start)
            if acceptable(cand) and (best is None or value > best[0] + 1e-12):
                best = (value, cand)
    return None if best is None else best[1]


def polish(ev: Evaluator, rows: np.ndarray, start: Candidate, seed: int = 0) -> Candidate:
    """Local search from a feasible ``start`` (e.g. the exact solver's first feasible team)."""
    search = _Search(ev, np.union1d(rows, list(start.rows)), ev.total, seed)
    return search.improve(start)[0]
