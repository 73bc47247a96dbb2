"""Score and check many candidate teams of one size at once, over a shortlist.

The local search tries hundreds of neighbours per move. Scoring them one by one with
:meth:`~matcher.engine.evaluate.Evaluator.total` costs tens of microseconds each in
Python; here a whole batch — ``(B, k)`` shortlist positions plus a ``(B, k)`` apprenant
flag — is scored with a few numpy operations over arrays restricted to the shortlist.

The arithmetic is the evaluator's, criterion by criterion (a property test compares the
two on random teams): the mean of the per-member part; for each line the best ``count``
coverers among the workers; for each apprenant the best teacher among the workers (0.75
at level 3, 1 at level 4), the ``learning_slots`` best counting; cohesion from the
shortlist's collaboration matrix. Feasibility covers the team-level rules only (members
of a shortlist are eligible already): apprenants within the slots, every required line
covered, an adult at every session, a pair at a private home with a minor, a teacher for
every apprenant. The team size is the caller's (one batch, one size).
"""

from __future__ import annotations

import numpy as np

from matcher.engine.criteria import REPEAT_MISSIONS
from matcher.engine.evaluate import Evaluator

__all__ = ["Batch"]


class Batch:
    """The evaluator's objective and team rules over the rows of a shortlist."""

    def __init__(self, ev: Evaluator, rows: np.ndarray) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        pool = ev.pool
        self.rows = rows
        self.base = ev.base[rows]
        self.cover = ev.cover_value[rows]
        self.can = pool.can_cover[rows]
        self.teach = ev.teach_level[rows].astype(np.int64)
        self.learn = ev.learn_mask[rows]
        self.adult_at = ~pool.minor_at[rows]
        self.minor = pool.minor[rows]
        self.counts = ev.counts
        self.single = bool((ev.counts == 1).all())
        self.required = ev.required
        self.weight = ev.weight
        self.slots = ev.request.learning_slots
        self.private_home = ev.request.private_home
        local = {int(r): k for k, r in enumerate(rows)}
        self.together = np.zeros((len(rows), len(rows)))
        for r, k in local.items():
            for mate, n in ev.neighbours.get(r, {}).items():
                if mate in local:
                    self.together[k, local[mate]] = n
        self.any_together = bool(self.together.any())

    def lesson_levels(self, members: np.ndarray, learner: np.ndarray) -> np.ndarray:
        """(B, k): the best teacher level (0, 3 or 4) each member would learn from."""
        worker = ~learner
        best = np.where(worker[..., None], self.teach[members], 0).max(axis=1)  # (B, S)
        if best.shape[1] == 0:
            return np.zeros(members.shape, dtype=np.int64)
        return np.where(self.learn[members], best[:, None, :], 0).max(axis=2)

    def evaluate(self, members: np.ndarray, learner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Totals and feasibility of ``B`` teams of ``k`` shortlist positions each."""
        b, k = members.shape
        worker = ~learner
        w = self.weight
        total = self.base[members].mean(axis=1)
        lines = len(self.counts)
        if lines:
            values = np.where(worker[..., None], self.cover[members], 0.0)  # (B, k, L)
            if self.single:  # every line wants one member: its best coverer counts
                best = values.max(axis=1)
            else:
                ranked = np.cumsum(-np.sort(-values, axis=1), axis=1)
                best = ranked[:, np.minimum(self.counts, k) - 1, np.arange(lines)]
            coverage = best.sum(axis=1) / (2 * lines)
        else:
            coverage = np.ones(b)
        total += w["coverage"] * coverage
        levels = self.lesson_levels(members, learner) if self.slots else None
        if self.slots:
            value = np.where(levels >= 4, 1.0, np.where(levels == 3, 0.75, 0.0))
            value = np.where(learner, value, 0.0)
            kept = -np.sort(-value, axis=1)[:, : self.slots]
            total += w["learning"] * kept.sum(axis=1) / self.slots
        else:
            total += w["learning"]
        if w["cohesion"]:
            total += w["cohesion"] * self._cohesion(members)
        feasible = learner.sum(axis=1) <= self.slots
        if lines:
            covered = (self.can[members] & worker[..., None]).sum(axis=1)  # (B, L)
            feasible &= ((covered >= self.counts) | ~self.required).all(axis=1)
        feasible &= self.adult_at[members].any(axis=1).all(axis=1)
        if self.private_home and k < 2:
            feasible &= ~self.minor[members].any(axis=1)
        if levels is not None:
            feasible &= ~(learner & (levels == 0)).any(axis=1)
        return total, feasible

    def _cohesion(self, members: np.ndarray) -> np.ndarray:
        b, k = members.shape
        if k < 2:
            return np.ones(b)
        if not self.any_together:
            return np.zeros(b)
        pairs = self.together[members[:, :, None], members[:, None, :]]  # (B, k, k)
        knows = (pairs > 0).any(axis=2).sum(axis=1)
        repeated = (pairs >= REPEAT_MISSIONS).sum(axis=(1, 2)) / 2
        return (knows / k) * (1.0 - 0.5 * repeated / (k * (k - 1) / 2))
