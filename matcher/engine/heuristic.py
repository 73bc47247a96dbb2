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

from collections.abc import Sequence
from itertools import combinations

import numpy as np

from matcher.engine.batch import Batch
from matcher.engine.evaluate import Candidate, Evaluator

__all__ = ["heuristic_best", "polish", "shortlist"]

#: members kept per list of the shortlist
PER_LIST = 5
#: a team too close to a proposal already made loses this much per such proposal
PENALTY = 10.0
#: local search gives up after this many improving moves
MAX_MOVES = 30
#: local search starts from this many greedy teams (the best ones, over sizes and starts)
STARTS = 2
#: pairs of newcomers are drawn from this many outsiders
PAIR_POOL = 16


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
        keep.update(_top(ok & ev.learn_mask[:, s], base, per_list // 2).tolist())
    adult = ~pool.minor
    keep.update(_top(ok & adult, base, per_list).tolist())
    keep.update(_top(ok & ~adult, base, per_list // 2).tolist())
    for r in list(keep):
        mates = [m for m in ev.neighbours.get(r, {}) if ok[m]]
        mates.sort(key=lambda m: -base[m])
        keep.update(mates[:2])
    return np.array(sorted(keep), dtype=int)


class _Search:
    """Greedy and local search over a fixed list of candidate rows, moves scored in batches.

    Teams are arrays of shortlist positions (``members``) with an apprenant flag per
    member (``learner``); each move scores all its neighbours with one
    :meth:`~matcher.engine.batch.Batch.evaluate` call per team size.
    """

    def __init__(
        self,
        ev: Evaluator,
        rows: np.ndarray,
        seed: int,
        avoid: Sequence[frozenset[int]] = (),
        distinct: Sequence[frozenset[int]] = (),
    ) -> None:
        self.ev = ev
        order = np.random.default_rng(seed).permutation(len(rows))
        self.rows = np.asarray(rows, dtype=np.int64)[order]
        self.batch = Batch(ev, self.rows)
        self.slots = ev.request.learning_slots
        self.can_learn = self.batch.learn.any(axis=1) & (self.slots > 0)
        self.low, self.high = ev.request.team_size
        local = {int(r): k for k, r in enumerate(self.rows)}
        #: teams to keep away from / differ from, as (shortlist mask, team size)
        self.avoid = [(self._mask(t, local), len(t)) for t in avoid]
        self.distinct = [(self._mask(t, local), len(t)) for t in distinct]

    def _mask(self, team: frozenset[int], local: dict[int, int]) -> np.ndarray:
        out = np.zeros(len(self.rows), dtype=bool)
        out[[local[r] for r in team if r in local]] = True
        return out

    def score(self, members: np.ndarray, learner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Totals minus the diversity penalty, and feasibility, of a batch of one size."""
        total, feasible = self.batch.evaluate(members, learner)
        k = members.shape[1]
        for mask, size in self.avoid:
            inter = mask[members].sum(axis=1)
            total -= PENALTY * (inter / (k + size - inter) > 0.5)
        for mask, size in self.distinct:
            total -= PENALTY * ((mask[members].sum(axis=1) == k) & (size == k))
        return total, feasible

    def candidate(self, members: np.ndarray, learner: np.ndarray) -> Candidate:
        rows = self.rows[members]
        return Candidate.of(rows[~learner].tolist(), rows[learner].tolist())

    def acceptable(self, members: np.ndarray) -> bool:
        """Far enough from every team in ``avoid``, unlike every team in ``distinct``."""
        k = len(members)
        for mask, size in self.avoid:
            inter = int(mask[members].sum())
            if inter / (k + size - inter) > 0.5:
                return False
        return all(not (mask[members].sum() == k and size == k) for mask, size in self.distinct)

    # -----------------------------------------------------------------------------------
    # Greedy

    def _extend(
        self, members: np.ndarray, learner: np.ndarray, options: np.ndarray, as_learner: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """The batch "team + each of ``options``" (as workers, or as apprenants)."""
        b = len(options)
        m = np.concatenate([np.tile(members, (b, 1)), options[:, None]], axis=1)
        f = np.concatenate([np.tile(learner, (b, 1)), np.full((b, 1), as_learner)], axis=1)
        return m, f

    def _best_add(
        self, members: np.ndarray, learner: np.ndarray, pick: np.ndarray, learn: bool
    ) -> tuple[np.ndarray, np.ndarray] | None:
        pick = pick.copy()
        pick[members] = False
        options = np.flatnonzero(pick)
        if not len(options):
            return None
        batches = [self._extend(members, learner, options, False)]
        if learn and learner.sum() < self.slots:
            learners = options[self.can_learn[options]]
            if len(learners):
                m, f = self._extend(members, learner, learners, True)
                taught = self.batch.lesson_levels(m, f)[:, -1] > 0
                batches.append((m[taught], f[taught]))
        m = np.concatenate([x[0] for x in batches])
        f = np.concatenate([x[1] for x in batches])
        if not len(m):
            return None
        value, _ = self.score(m, f)
        best = int(np.argmax(value))
        return m[best], f[best]

    def greedy(self, size: int, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """Cover the required lines, add an adult if needed, then fill up to ``size``.

        Only ``allowed`` shortlist positions are picked (a start away from earlier teams).
        """
        bt = self.batch
        members = np.zeros(0, dtype=np.int64)
        learner = np.zeros(0, dtype=bool)
        while True:
            have = bt.can[members].sum(axis=0)
            gaps = bt.required & (have < bt.counts)
            if not gaps.any():
                break
            if len(members) >= size:
                return None
            gain = np.where(allowed, bt.can[:, gaps].sum(axis=1), 0)
            gain[members] = 0
            most = gain.max()
            if most == 0:
                return None
            found = self._best_add(members, learner, gain == most, False)
            if found is None:
                return None
            members, learner = found
        while len(members) < size:
            needy = ~bt.adult_at[members].any(axis=0) if len(members) else np.zeros(0, bool)
            if needy.any() and len(members) == size - 1:
                pick = allowed & bt.adult_at[:, needy].all(axis=1)
            else:
                pick = allowed
            found = self._best_add(members, learner, pick, True)
            if found is None:
                break
            members, learner = found
        if len(members) != size:
            return None
        _, feasible = bt.evaluate(members[None], learner[None])
        return (members, learner) if feasible[0] else None

    # -----------------------------------------------------------------------------------
    # Local search

    def _same_size(self, members: np.ndarray, learner: np.ndarray):
        """Swaps (an outsider takes a member's place, as worker or apprenant) and role flips."""
        k = len(members)
        outside = np.setdiff1d(np.arange(len(self.rows)), members, assume_unique=True)
        q = len(outside)
        place = np.repeat(np.arange(k), q)
        who = np.tile(outside, k)
        m = np.tile(members, (k * q, 1))
        m[np.arange(k * q), place] = who
        f = np.tile(learner, (k * q, 1))
        f[np.arange(k * q), place] = False
        mm, ff = [m], [f]
        if self.slots:
            ok = self.can_learn[who]
            f2 = f[ok].copy()
            f2[np.arange(int(ok.sum())), place[ok]] = True
            mm.append(m[ok])
            ff.append(f2)
            flip = np.tile(learner, (k, 1))
            flip[np.arange(k), np.arange(k)] ^= True
            keep = ~flip[np.arange(k), np.arange(k)] | self.can_learn[members]
            mm.append(np.tile(members, (k, 1))[keep])
            ff.append(flip[keep])
        return np.concatenate(mm), np.concatenate(ff)

    def _grow(self, members: np.ndarray, learner: np.ndarray):
        outside = np.setdiff1d(np.arange(len(self.rows)), members, assume_unique=True)
        m, f = self._extend(members, learner, outside, False)
        if self.slots:
            ok = outside[self.can_learn[outside]]
            m2, f2 = self._extend(members, learner, ok, True)
            m, f = np.concatenate([m, m2]), np.concatenate([f, f2])
        return m, f

    def _shrink(self, members: np.ndarray, learner: np.ndarray):
        k = len(members)
        keep = ~np.eye(k, dtype=bool)
        return (
            np.tile(members, (k, 1))[keep].reshape(k, k - 1),
            np.tile(learner, (k, 1))[keep].reshape(k, k - 1),
        )

    def _pairs(self, members: np.ndarray, learner: np.ndarray, newcomers: np.ndarray):
        """Two newcomers at once: replacing two members, replacing one and growing, or
        growing by two — the moves a teacher + apprenant pair or two past team-mates need,
        which no single swap reaches. Yields one batch per resulting team size."""
        k = len(members)
        a, b = np.triu_indices(len(newcomers), 1)
        a, b = newcomers[a], newcomers[b]
        roles = [(np.zeros(len(a), bool), np.zeros(len(a), bool))]
        if self.slots:
            roles.append((np.zeros(len(a), bool), self.can_learn[b]))
            roles.append((self.can_learn[a], np.zeros(len(a), bool)))
        pa = np.concatenate([a for _ in roles])
        pb = np.concatenate([b for _ in roles])
        ra = np.concatenate(
            [x if i == 2 else np.zeros(len(a), bool) for i, (x, _) in enumerate(roles)]
        )
        rb = np.concatenate(
            [y if i == 1 else np.zeros(len(a), bool) for i, (_, y) in enumerate(roles)]
        )
        ok = np.ones(len(pa), bool)
        if self.slots:
            ok = np.concatenate([np.ones(len(a), bool), *(x | y for x, y in roles[1:])])
        pa, pb, ra, rb = pa[ok], pb[ok], ra[ok], rb[ok]
        for drop in range(min(2, k), -1, -1):
            size = k - drop + 2
            if not self.low <= size <= self.high:
                continue
            mm, ff = [], []
            for gone in combinations(range(k), drop):
                stay = np.array([i for i in range(k) if i not in gone], dtype=np.int64)
                mm.append(
                    np.concatenate(
                        [np.tile(members[stay], (len(pa), 1)), pa[:, None], pb[:, None]], axis=1
                    )
                )
                ff.append(
                    np.concatenate(
                        [np.tile(learner[stay], (len(pa), 1)), ra[:, None], rb[:, None]], axis=1
                    )
                )
            yield np.concatenate(mm), np.concatenate(ff)

    def _swap_flip(self, members: np.ndarray, learner: np.ndarray, newcomers: np.ndarray):
        """Two members switch roles, or a newcomer takes one member's place while another
        switches role (the apprenant becomes the worker a newcomer could not replace)."""
        k = len(members)
        may_flip = learner | self.can_learn[members]
        a, b = np.triu_indices(k, 1)
        both = may_flip[a] & may_flip[b]
        flips = np.tile(learner, (int(both.sum()), 1))
        rows = np.arange(len(flips))
        flips[rows, a[both]] ^= True
        flips[rows, b[both]] ^= True
        yield np.tile(members, (len(flips), 1)), flips
        mm, ff = [], []
        for p in range(k):
            for p2 in range(k):
                if p2 == p or not may_flip[p2]:
                    continue
                for as_learner in (False, True) if self.slots else (False,):
                    who = newcomers[self.can_learn[newcomers]] if as_learner else newcomers
                    m = np.tile(members, (len(who), 1))
                    f = np.tile(learner, (len(who), 1))
                    m[:, p] = who
                    f[:, p] = as_learner
                    f[:, p2] = ~learner[p2]
                    mm.append(m)
                    ff.append(f)
        if mm:
            yield np.concatenate(mm), np.concatenate(ff)

    def _best(self, batches, value: float):
        """The best feasible team of the batches that beats ``value``, or None."""
        best = None
        for m, f in batches:
            if not len(m):
                continue
            v, ok = self.score(m, f)
            v = np.where(ok, v, -np.inf)
            i = int(np.argmax(v))
            if v[i] > value + 1e-12 and (best is None or v[i] > best[0] + 1e-12):
                best = (float(v[i]), m[i], f[i])
        return best

    def improve(self, members: np.ndarray, learner: np.ndarray, pairs: bool = False):
        """Best-improvement local search from a feasible team; returns it and its score.

        Single moves (swap, role switch, add, drop); with ``pairs``, when none improves,
        pairs of newcomers among the :data:`PAIR_POOL` outsiders that score best alone.
        """
        value = float(self.score(members[None], learner[None])[0][0])
        for _ in range(MAX_MOVES):
            batches = [self._same_size(members, learner)]
            if len(members) < self.high:
                batches.append(self._grow(members, learner))
            if len(members) > max(self.low, 1):
                batches.append(self._shrink(members, learner))
            best = self._best(batches, value)
            if best is None and pairs:
                newcomers = self._promising(members)
                best = self._best(self._pairs(members, learner, newcomers), value)
                if best is None:
                    best = self._best(self._swap_flip(members, learner, newcomers), value)
            if best is None:
                break
            value, members, learner = best
        return members, learner, value

    def _promising(self, members: np.ndarray) -> np.ndarray:
        """The outsiders that would add most on their own (feasible or not)."""
        outside = np.setdiff1d(np.arange(len(self.rows)), members, assume_unique=True)
        if len(outside) <= PAIR_POOL:
            return outside
        m, f = self._extend(members, np.zeros(len(members), bool), outside, False)
        value, _ = self.score(m, f)
        return outside[np.argsort(-value, kind="stable")[:PAIR_POOL]]


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
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return None
    search = _Search(ev, rows, seed, avoid, distinct)
    banned = frozenset().union(*avoid) if avoid else frozenset()
    starts = [np.ones(len(search.rows), dtype=bool)]
    if banned:  # a start away from the proposals already made, then the whole shortlist
        starts.insert(0, ~np.isin(search.rows, list(banned)))
    greedy: list = []
    for allowed in starts:
        if greedy:  # the start away from earlier proposals gave teams: enough
            break
        for size in range(search.low, min(search.high, int(allowed.sum())) + 1):
            start = search.greedy(size, allowed)
            if start is not None:
                value = float(search.score(start[0][None], start[1][None])[0][0])
                greedy.append((-value, len(greedy), start))
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for _, _, start in sorted(greedy, key=lambda g: g[:2])[:STARTS]:
        members, learner, value = search.improve(*start)
        if search.acceptable(members) and (best is None or value > best[0] + 1e-12):
            best = (value, members, learner)
    if best is None:
        return None
    members, learner, _ = search.improve(best[1], best[2], pairs=True)
    return search.candidate(members, learner)


def polish(ev: Evaluator, rows: np.ndarray, start: Candidate, seed: int = 0) -> Candidate:
    """Local search from a feasible ``start`` (e.g. the exact solver's first feasible team)."""
    search = _Search(ev, np.union1d(rows, list(start.rows)), seed)
    local = {int(r): k for k, r in enumerate(search.rows)}
    members = np.array([local[r] for r in (*start.workers, *start.learners)], dtype=np.int64)
    learner = np.array([False] * len(start.workers) + [True] * len(start.learners))
    members, learner, _ = search.improve(members, learner)
    return search.candidate(members, learner)
