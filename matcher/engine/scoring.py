"""The documented objective of a team, and ``rescore`` for teams a coordinator composes.

total = Σ weight_c × criterion_c / Σ weight_c over the six criteria of
:mod:`matcher.engine.criteria`, with the weights of the instance's policy (per collective),
so the total stays in [0, 1]. Scoring never decides feasibility: a team that breaks a
hard constraint still gets a score (the UI shows what a swap would cost) but
``feasible`` is false and ``broken`` says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from matcher.engine.codes import CRITERIA
from matcher.engine.constraints import team_violations
from matcher.engine.criteria import (
    cohesion_score,
    coverage_score,
    learning_score,
    member_values,
    team_mean,
)
from matcher.engine.instance import Instance
from matcher.engine.pool import Pool, prepare
from matcher.engine.reasons import member_reasons
from matcher.engine.roles import Placement, place
from matcher.engine.team import Team, as_team
from matcher.engine.timerules import break_minutes, working_minutes

__all__ = ["TeamLike", "rescore", "score_team", "weighted_total"]

TeamLike = Team | Iterable[Any] | Mapping[str, Any]
DIGITS = 4


def weighted_total(criteria: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Weighted mean of the criteria (weights ≥ 0, at least one positive)."""
    mass = sum(weights.get(c, 0.0) for c in CRITERIA)
    if mass <= 0:
        return 0.0
    return sum(weights.get(c, 0.0) * criteria[c] for c in CRITERIA) / mass


def _criteria(pool: Pool, team: Team, placed: tuple[Placement, ...], coverage) -> dict[str, float]:
    values = member_values(pool.instance)
    rows = [pool.index[m.id] for m in team.members]
    return {
        "coverage": coverage_score(pool, coverage),
        "learning": learning_score(pool, placed),
        "fairness": team_mean(values.fairness, rows),
        "cohesion": cohesion_score(pool.instance, team.ids),
        "passion": team_mean(values.passion, rows),
        "proximity": team_mean(values.proximity, rows),
    }


def _clean(x: float) -> float:
    return round(min(1.0, max(0.0, x)), DIGITS)


def score_team(instance: Instance, team: TeamLike) -> dict[str, float]:
    """``{"total", "coverage", "learning", "fairness", "cohesion", "passion", "proximity"}``."""
    pool = prepare(instance)
    team = as_team(instance, team)
    placed, coverage = place(pool, team)
    criteria = _criteria(pool, team, placed, coverage)
    total = weighted_total(criteria, instance.policy.weights)
    return {"total": _clean(total), **{c: _clean(v) for c, v in criteria.items()}}


def rescore(instance: Instance, team: TeamLike) -> dict[str, Any]:
    """Score, broken constraints and placements of any team (ids with optional roles).

    >>> from matcher.engine.instance import parse_instance
    >>> inst = parse_instance({"members": [{"id": "a", "birth_date": "1990-01-01",
    ...     "contract_valid": True, "skills": {"cuisine": 3},
    ...     "availability": [{"day": "sat", "start": "08:00", "end": "18:00"}]}],
    ...   "request": {"id": "r", "team_size": [1, 1], "skills": [{"skill": "cuisine"}],
    ...     "sessions": [{"date": "2026-12-12", "start": "09:00", "end": "15:00"}]}})
    >>> out = rescore(inst, ["a"])
    >>> out["feasible"], out["members"][0]["role"], out["break_minutes"]
    (True, 'referent', 30)
    """
    pool = prepare(instance)
    team = as_team(instance, team)
    broken = team_violations(instance, team)
    placed, coverage = place(pool, team)
    criteria = _criteria(pool, team, placed, coverage)
    total = weighted_total(criteria, instance.policy.weights)
    values = member_values(instance)
    sessions = pool.request.sessions
    return {
        "request": pool.request.id,
        "feasible": not broken,
        "score": {"total": _clean(total), **{c: _clean(v) for c, v in criteria.items()}},
        "broken": [v.as_dict() for v in broken],
        "members": [
            {
                "id": p.id,
                "role": p.role,
                "covers": list(p.covers),
                "learns": list(p.learns),
                "teacher": p.teacher,
                "reasons": member_reasons(pool, values, p, placed),
            }
            for p in placed
        ],
        "hours_per_member": round(sum(working_minutes(s) for s in sessions) / 60, 2),
        "break_minutes": sum(break_minutes(s) for s in sessions),
    }
