"""A thin wrapper over scipy's HiGHS ``milp`` for the 0/1 programmes of mentoring and exchanges.

Both the mentor assignment (each wish at most one mentor, each mentor within capacity)
and the exchange selection (each member in at most one cycle) are packing problems over
binary variables with sparse rows. Writing them as ``{variable: coefficient}`` rows keeps
the models readable; this module turns them into a sparse matrix and asks HiGHS for a
proven optimum (relative gap 0: the tests compare with brute force), within a time limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

__all__ = ["TIME_LIMIT_SECONDS", "Row", "Solution", "maximise_binary"]

#: ``({variable index: coefficient}, lower bound, upper bound)``
Row = tuple[Mapping[int, float], float, float]
#: HiGHS stops after this long with its best solution (proven optimal far sooner when small).
TIME_LIMIT_SECONDS = 20.0


class Solution(NamedTuple):
    """The chosen 0/1 values, and whether HiGHS proved them optimal."""

    x: list[int]
    optimal: bool


def maximise_binary(
    objective: Sequence[float], rows: Sequence[Row], time_limit: float = TIME_LIMIT_SECONDS
) -> Solution:
    """The 0/1 vector maximising ``objective · x`` under ``lower ≤ row · x ≤ upper``.

    Small programmes are solved to proven optimality. A huge one (a whole network's
    exchanges) stops after ``time_limit`` seconds with the best solution found, and says
    so (``optimal`` False) rather than keeping a coordinator waiting.

    >>> maximise_binary([3.0, 2.0, 2.0], [({0: 1, 1: 1}, 0, 1), ({0: 1, 2: 1}, 0, 1)])
    Solution(x=[0, 1, 1], optimal=True)
    """
    n = len(objective)
    if n == 0:
        return Solution([], True)
    constraints = []
    if rows:
        data, cols, ptr = [], [], [0]
        for coeffs, _, _ in rows:
            for j, a in coeffs.items():
                cols.append(j)
                data.append(float(a))
            ptr.append(len(cols))
        matrix = csr_array((data, cols, ptr), shape=(len(rows), n))
        constraints.append(LinearConstraint(matrix, [r[1] for r in rows], [r[2] for r in rows]))
    result = milp(
        c=-np.asarray(objective, dtype=float),
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0, "time_limit": time_limit},
    )
    if result.x is None:  # pragma: no cover - packing rows with lower bound 0 are feasible
        raise RuntimeError(f"HiGHS n'a pas trouvé de solution : {result.message}")
    return Solution(np.rint(result.x).astype(int).tolist(), result.status == 0)
