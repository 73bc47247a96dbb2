"""The exact team solver: an integer programme solved by HiGHS (``scipy.optimize.milp``).

Only eligible members get variables (member-level rules are settled by the pool). For
each eligible member ``i``: ``w_i`` (works: covers lines, may teach) and ``a_i``
(apprenant), both binary with ``w_i + a_i ≤ 1``. The team size is fixed per programme —
one programme per size in ``team_size`` — because three criteria are *means* over the
team: with the size fixed they become linear. The rest of the objective is linear too:

* coverage — continuous ``c_ij ≤ w_i`` (member ``i`` counts on line ``j``, only where
  allowed and qualified), ``Σ_i c_ij ≤ count_j`` (and ``≥`` for required lines); the
  best coverers of a line are what ``coverage_assignment`` keeps, so the value is exact;
* learning — ``p_s``/``q_s`` "a level-3+/level-4 teacher of skill s works"; an apprenant
  needs some ``p_s`` over the skills they wish and may practise (the hard rule) and earns
  0.75, plus 0.25 with a ``q_s``;
* cohesion — the only non-linear criterion, ``known × (1 − ½ repeated)``; the programme
  maximises a McCormick *upper bound* ``known − ½ max(0, known + repeated − 1)``, so each
  solution is re-scored exactly and the search goes on (excluding that exact team) until
  the best exact score reaches the best bound: the result is the true optimum.

Adults beside minors are one row per session: ``Σ minors ≤ size × Σ adults``. Top-k
diverse teams come from re-solving with a Jaccard row per team already chosen
(``3 |T ∩ B| ≤ |B| + size`` ⇔ distance ≥ ½).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from matcher.engine.evaluate import Candidate, Evaluator

__all__ = ["ExactSolver", "Outcome"]

#: stop the lazy cohesion loop when the bound is within this of the best exact score
TOLERANCE = 1e-9
#: objective scale: HiGHS stops within an absolute gap of 1e-6 of the scaled optimum
SCALE = 1e4
#: at most this many re-solves per size for the lazy cohesion loop (then best found)
MAX_ROUNDS = 200


@dataclass
class Outcome:
    """The best candidate found, its exact total, and whether optimality is proven."""

    candidate: Candidate | None
    total: float = -1.0
    proven: bool = True
    solves: int = 0


class _Rows:
    """Sparse rows ``lb ≤ A x ≤ ub`` collected before one ``LinearConstraint``."""

    def __init__(self) -> None:
        self.r: list[int] = []
        self.c: list[int] = []
        self.v: list[float] = []
        self.lb: list[float] = []
        self.ub: list[float] = []

    def add(self, cols: Sequence[int], vals: Sequence[float], lb: float, ub: float) -> None:
        row = len(self.lb)
        self.r += [row] * len(cols)
        self.c += list(cols)
        self.v += list(vals)
        self.lb.append(lb)
        self.ub.append(ub)

    def constraint(self, n: int) -> LinearConstraint:
        shape = (len(self.lb), n)
        matrix = coo_matrix((self.v, (self.r, self.c)), shape=shape).tocsr()
        return LinearConstraint(matrix, np.array(self.lb), np.array(self.ub))


@dataclass
class _Layout:
    """Column indices of every variable of the programme."""

    rows: np.ndarray  # eligible member rows, column w of rows[k] is k
    w: list[int] = field(default_factory=list)
    a: dict[int, int] = field(default_factory=dict)  # member row -> column
    c: list[tuple[int, int, int]] = field(default_factory=list)  # (row, line, column)
    p: dict[int, int] = field(default_factory=dict)  # skill -> column
    q: dict[int, int] = field(default_factory=dict)
    u: dict[int, int] = field(default_factory=dict)  # learner row -> column
    known: dict[int, int] = field(default_factory=dict)
    repeat: list[tuple[int, int, int]] = field(default_factory=list)
    t: int = -1
    n: int = 0

    def new(self) -> int:
        self.n += 1
        return self.n - 1


class ExactSolver:
    """Best teams of an instance by integer programming over the eligible members."""

    def __init__(self, ev: Evaluator, rows: np.ndarray | None = None, time_limit: float = 20.0):
        self.ev = ev
        pool = ev.pool
        self.rows = np.flatnonzero(pool.eligible) if rows is None else np.asarray(rows)
        self.time_limit = time_limit
        self.col = {int(r): k for k, r in enumerate(self.rows)}
        able = pool.can_cover[self.rows].sum(axis=0)
        #: a required line without enough eligible coverers: no programme can help
        self.blocked = bool(np.any(ev.required & (able < ev.counts)))

    # -----------------------------------------------------------------------------------
    # Programme

    def _layout(self, size: int) -> _Layout:
        ev, pool = self.ev, self.ev.pool
        lay = _Layout(self.rows)
        lay.w = [lay.new() for _ in self.rows]
        slots = ev.request.learning_slots
        for r in self.rows:
            r = int(r)
            skills = list(ev.learnable[r])
            if slots and skills and ev.teach_level[np.ix_(self.rows, skills)].any():
                lay.a[r] = lay.new()
        for r in self.rows:
            for j in np.flatnonzero(pool.can_cover[r]):
                lay.c.append((int(r), int(j), lay.new()))
        if lay.a:
            skills = sorted({s for r in lay.a for s in ev.learnable[r]})
            for s in skills:
                lay.p[s] = lay.new()
                lay.q[s] = lay.new()
            for r in lay.a:
                lay.u[r] = lay.new()
        if size >= 2 and ev.weight["cohesion"] > 0:
            members = set(self.col)
            for r in self.rows:
                r = int(r)
                mates = [m for m in ev.neighbours.get(r, {}) if m in members]
                if mates:
                    lay.known[r] = lay.new()
                    for m in mates:
                        if m > r and ev.neighbours[r][m] >= 5:
                            lay.repeat.append((r, m, lay.new()))
            if lay.repeat:
                lay.t = lay.new()
        return lay

    def _y(self, lay: _Layout, r: int) -> tuple[list[int], list[float]]:
        """Columns and coefficients of ``y_r = w_r + a_r`` (member on the team)."""
        cols = [lay.w[self.col[r]]]
        if r in lay.a:
            cols.append(lay.a[r])
        return cols, [1.0] * len(cols)

    def _objective(self, lay: _Layout, size: int) -> np.ndarray:
        ev = self.ev
        obj = np.zeros(lay.n)
        for k, r in enumerate(self.rows):
            obj[lay.w[k]] += ev.base[r] / size
            if int(r) in lay.a:
                obj[lay.a[int(r)]] += ev.base[r] / size
        lines = len(ev.counts)
        for r, j, col in lay.c:
            obj[col] = ev.weight["coverage"] * ev.cover_value[r, j] / (2 * lines)
        slots = ev.request.learning_slots
        for r, col in lay.a.items():
            obj[col] += ev.weight["learning"] * 0.75 / slots
            obj[lay.u[r]] += ev.weight["learning"] * 0.25 / slots
        for col in lay.known.values():
            obj[col] = ev.weight["cohesion"] / size
        if lay.t >= 0:
            obj[lay.t] = -0.5 * ev.weight["cohesion"]
        return obj

    def _constant(self, size: int) -> float:
        ev = self.ev
        out = 0.0
        if not len(ev.counts):
            out += ev.weight["coverage"]
        if ev.request.learning_slots == 0:
            out += ev.weight["learning"]
        if size < 2:
            out += ev.weight["cohesion"]
        return out

    def _constraints(self, lay: _Layout, size: int) -> _Rows:
        ev, pool = self.ev, self.ev.pool
        req = ev.request
        rows = _Rows()
        team_cols: list[int] = []
        for r in self.rows:
            cols, vals = self._y(lay, int(r))
            team_cols += cols
            if len(cols) > 1:
                rows.add(cols, vals, 0, 1)
        rows.add(team_cols, [1.0] * len(team_cols), size, size)
        if lay.a:
            rows.add(list(lay.a.values()), [1.0] * len(lay.a), 0, req.learning_slots)
        by_line: dict[int, list[int]] = {}
        for r, j, col in lay.c:
            rows.add([col, lay.w[self.col[r]]], [1.0, -1.0], -np.inf, 0)
            by_line.setdefault(j, []).append(col)
        for j, line in enumerate(req.skills):
            cols = by_line.get(j, [])
            low = -np.inf if line.optional else line.count
            if cols:
                rows.add(cols, [1.0] * len(cols), low, line.count)
        self._learning_rows(lay, rows)
        self._adult_rows(lay, rows, size)
        if req.private_home and size < 2:
            for r in np.flatnonzero(pool.minor[self.rows]):
                cols, vals = self._y(lay, int(self.rows[r]))
                rows.add(cols, vals, 0, 0)
        self._cohesion_rows(lay, rows, size)
        return rows

    def _learning_rows(self, lay: _Layout, rows: _Rows) -> None:
        ev = self.ev
        for s, p in lay.p.items():
            for col, minimum in ((p, 3), (lay.q[s], 4)):
                teachers = [
                    lay.w[k] for k, r in enumerate(self.rows) if ev.teach_level[r, s] >= minimum
                ]
                rows.add([col, *teachers], [1.0] + [-1.0] * len(teachers), -np.inf, 0)
        for r, a in lay.a.items():
            skills = ev.learnable[r]
            rows.add([a] + [lay.p[s] for s in skills], [1.0] + [-1.0] * len(skills), -np.inf, 0)
            u = lay.u[r]
            rows.add([u, a], [1.0, -1.0], -np.inf, 0)
            rows.add([u] + [lay.q[s] for s in skills], [1.0] + [-1.0] * len(skills), -np.inf, 0)

    def _adult_rows(self, lay: _Layout, rows: _Rows, size: int) -> None:
        pool = self.ev.pool
        for s in range(pool.minor_at.shape[1]):
            minors = [int(r) for r in self.rows if pool.minor_at[r, s]]
            if not minors:
                continue
            adults = [int(r) for r in self.rows if not pool.minor_at[r, s]]
            cols: list[int] = []
            vals: list[float] = []
            for r in minors:
                c, v = self._y(lay, r)
                cols += c
                vals += v
            for r in adults:
                c, _ = self._y(lay, r)
                cols += c
                vals += [-float(size)] * len(c)
            rows.add(cols, vals, -np.inf, 0)

    def _cohesion_rows(self, lay: _Layout, rows: _Rows, size: int) -> None:
        ev = self.ev
        for r, col in lay.known.items():
            cols, vals = self._y(lay, r)
            rows.add([col, *cols], [1.0] + [-v for v in vals], -np.inf, 0)
            mates: list[int] = []
            for m in ev.neighbours[r]:
                if m in self.col:
                    mates += self._y(lay, m)[0]
            rows.add([col, *mates], [1.0] + [-1.0] * len(mates), -np.inf, 0)
        for a, b, col in lay.repeat:
            ca, _ = self._y(lay, a)
            cb, _ = self._y(lay, b)
            # r_ab ≥ y_a + y_b − 1
            rows.add([col, *ca, *cb], [1.0] + [-1.0] * (len(ca) + len(cb)), -1, np.inf)
        if lay.t >= 0:
            pairs = size * (size - 1) / 2
            cols = [lay.t] + list(lay.known.values()) + [c for _, _, c in lay.repeat]
            vals = [1.0] + [-1.0 / size] * len(lay.known) + [-1.0 / pairs] * len(lay.repeat)
            rows.add(cols, vals, -1, np.inf)

    def _team_row(self, lay: _Layout, members: frozenset[int]) -> tuple[list[int], list[float]]:
        cols: list[int] = []
        for r in members:
            if r in self.col:
                cols += self._y(lay, r)[0]
        return cols, [1.0] * len(cols)

    # -----------------------------------------------------------------------------------
    # Solving

    def _solve(
        self,
        size: int,
        avoid: Sequence[frozenset[int]],
        distinct: Sequence[frozenset[int]],
        excluded: Sequence[Candidate],
        feasibility_only: bool = False,
    ) -> tuple[Candidate, float] | None:
        """One programme; returns the candidate and its objective bound, or None."""
        lay = self._layout(size)
        rows = self._constraints(lay, size)
        for team in avoid:  # Jaccard distance ≥ ½ from each team already chosen
            cols, vals = self._team_row(lay, team)
            if cols:
                rows.add(cols, [3.0 * v for v in vals], -np.inf, len(team) + size)
        for team in distinct:  # not the same member set
            if len(team) == size:
                cols, vals = self._team_row(lay, team)
                rows.add(cols, vals, -np.inf, size - 1)
        for cand in excluded:  # not this exact assignment (lazy cohesion loop)
            if cand.size != size:
                continue
            cols = [lay.w[self.col[r]] for r in cand.workers]
            cols += [lay.a[r] for r in cand.learners if r in lay.a]
            rows.add(cols, [1.0] * len(cols), -np.inf, size - 1)
        objective = np.zeros(lay.n) if feasibility_only else self._objective(lay, size)
        integrality = np.zeros(lay.n)
        integrality[lay.w] = 1
        integrality[list(lay.a.values())] = 1
        lower, upper = np.zeros(lay.n), np.ones(lay.n)
        if lay.t >= 0:
            upper[lay.t] = np.inf
        options = {"time_limit": self.time_limit, "mip_rel_gap": 1e-9, "presolve": True}
        res = milp(
            -SCALE * objective,
            constraints=[rows.constraint(lay.n)] if rows.lb else None,
            integrality=integrality,
            bounds=Bounds(lower, upper),
            options=options,
        )
        if res.x is None:
            return None
        x = res.x
        workers = [int(r) for k, r in enumerate(self.rows) if x[lay.w[k]] > 0.5]
        learners = [r for r, col in lay.a.items() if x[col] > 0.5]
        bound = -float(res.fun) / SCALE + self._constant(size)
        return Candidate.of(workers, learners), bound

    def sizes(self) -> range:
        low, high = self.ev.request.team_size
        if self.blocked:
            return range(0)
        return range(low, min(high, len(self.rows)) + 1)

    def any_team(self) -> Candidate | None:
        """A feasible candidate if one exists (no objective: the fastest proof).

        The proof runs on :func:`kinds` of members, not on every member: the same yes or
        no on a programme of tens of columns instead of tens of thousands.
        """
        proof = ExactSolver(self.ev, kinds(self.ev, self.rows), self.time_limit)
        for size in proof.sizes():
            found = proof._solve(size, (), (), (), feasibility_only=True)
            if found is not None:
                return found[0]
        return None

    def best(
        self,
        avoid: Sequence[frozenset[int]] = (),
        distinct: Sequence[frozenset[int]] = (),
    ) -> Outcome:
        """The best team (exact total) far enough from ``avoid`` and unlike ``distinct``."""
        ev = self.ev
        out = Outcome(None)
        for size in self.sizes():
            excluded: list[Candidate] = []
            for _ in range(MAX_ROUNDS):
                found = self._solve(size, avoid, distinct, excluded)
                out.solves += 1
                if found is None:
                    break
                cand, bound = found
                if bound <= out.total + TOLERANCE:
                    break
                total = ev.total(cand)
                if total > out.total + TOLERANCE or (
                    abs(total - out.total) <= TOLERANCE
                    and out.candidate is not None
                    and cand < out.candidate
                ):
                    out.candidate, out.total = cand, total
                if bound <= total + TOLERANCE:
                    break
                excluded.append(cand)
            else:
                out.proven = False
        if out.candidate is not None:
            assert ev.feasible(out.candidate), "the exact solver built an infeasible team"
        return out


def kinds(ev: Evaluator, rows: np.ndarray) -> np.ndarray:
    """At most team-size-many members of each kind, in row order.

    Feasibility (:meth:`Evaluator.feasible`) reads only which lines a member may cover,
    their minority on each session, the request skills they may learn and those they may
    teach. Members alike in all four are interchangeable in any team, and a team holds at
    most its maximum size of them, so keeping that many of each kind keeps every feasible
    team's shape: a team exists among the kept rows exactly when one exists among all.
    """
    pool, high = ev.pool, ev.request.team_size[1]
    rows = np.asarray(rows)
    if len(rows) == 0:
        return rows
    signature = np.concatenate(
        [
            pool.can_cover[rows],
            pool.minor_at[rows],
            ev.learn_mask[rows],
            ev.teach_level[rows] > 0,
        ],
        axis=1,
    )
    _, kind = np.unique(signature, axis=0, return_inverse=True)
    kind = kind.ravel()
    kept = np.zeros(len(rows), dtype=bool)
    seen: dict[int, int] = {}
    for k, label in enumerate(kind.tolist()):
        if seen.get(label, 0) < high:
            seen[label] = seen.get(label, 0) + 1
            kept[k] = True
    return rows[kept]
