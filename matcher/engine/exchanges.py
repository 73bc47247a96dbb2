"""Peer exchanges: A teaches B while B teaches A, or A → B → C → A, chosen disjoint.

Nobody is paid to teach in an exchange, so it only works when everyone both gives and
receives. The "can teach → wishes" graph has an edge teacher → learner when the teacher
declares level ≥ 3 on a skill the learner wishes (declared levels only: a related skill
is enough to *mentor* the basics, not to owe someone an exchange), the two share at least
1 h of weekly availability (they must meet), and the safeguarding rules allow them to
meet (:mod:`matcher.engine.safeguarding`; with ``honorability_required`` an adult without
a valid check never meets a minor, whichever way the teaching goes). Mentor capacities do
not apply: an exchange is between peers, not a mentoring place.

An edge's value is the teacher's level value (1 for 4, 0.75 for 3) times the learner's
``1 / wish_priority``; when the teacher could teach several wished skills, the edge keeps
the most valuable (then the first skill id). A cycle's value is the sum of its edges'.

Selection is the cycle formulation of kidney exchange: enumerate every 2- and 3-cycle,
one binary variable per cycle, each member in at most one chosen cycle, maximise the total
value with HiGHS (proved optimal; 3-cycles stay short so that every exchange can be
followed and nobody waits on a long chain).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matcher.engine.binary_programme import Row, maximise_binary
from matcher.engine.instance import Instance, Member
from matcher.engine.mentor_pairs import (
    LEVEL_VALUE,
    MIN_OVERLAP_MINUTES,
    directory,
    overlap_reason,
    wish_weight,
)
from matcher.engine.overlap import Weekly, intersect, total_minutes
from matcher.engine.safeguarding import approval_reason, safeguard
from matcher.vocabulary import MAX_LEVEL

__all__ = ["Cycle", "Edge", "candidate_cycles", "exchange_edges", "find_exchanges"]


@dataclass(frozen=True)
class Edge:
    """``teacher`` can teach ``skill`` (wished by ``learner``) and they can meet."""

    teacher: Member
    learner: Member
    skill: str
    level: int
    value: float
    common: Weekly


@dataclass(frozen=True)
class Cycle:
    """A 2- or 3-cycle of edges; ``members[i]`` teaches ``members[i + 1]`` (cyclically)."""

    members: tuple[str, ...]
    edges: tuple[Edge, ...]

    @property
    def value(self) -> float:
        return sum(e.value for e in self.edges)


def exchange_edges(instance: Instance) -> dict[tuple[str, str], Edge]:
    """Every valid teacher → learner edge, keyed ``(teacher id, learner id)``."""
    d = directory(instance)
    edges: dict[tuple[str, str], Edge] = {}
    #: whether each pair can meet (their common time), judged once per pair
    meets: dict[tuple[str, str], Weekly | None] = {}
    for learner in instance.members:
        for skill in dict.fromkeys(learner.wishes):
            for teacher_id in d.holders.get(skill, ()):
                if teacher_id == learner.id:
                    continue
                key = (teacher_id, learner.id)
                teacher = instance.member(teacher_id)
                level = teacher.skills[skill]
                value = LEVEL_VALUE[min(level, MAX_LEVEL)] * wish_weight(learner, skill)
                known = edges.get(key)
                if known is not None and (-known.value, known.skill) <= (-value, skill):
                    continue
                if key not in meets:
                    common = intersect(d.weekly[teacher_id], d.weekly[learner.id])
                    can_meet = total_minutes(common) >= MIN_OVERLAP_MINUTES and (
                        safeguard(instance, (teacher, learner)).allowed
                    )
                    meets[key] = common if can_meet else None
                common_time = meets[key]
                if common_time is not None:
                    edges[key] = Edge(teacher, learner, skill, level, value, common_time)
    return edges


def candidate_cycles(instance: Instance, edges: dict[tuple[str, str], Edge]) -> list[Cycle]:
    """Every 2- and 3-cycle once, starting from its first member in instance order."""
    order = {m.id: i for i, m in enumerate(instance.members)}
    out_of: dict[str, list[str]] = {}
    for t, learner in sorted(edges, key=lambda k: (order[k[0]], order[k[1]])):
        out_of.setdefault(t, []).append(learner)
    cycles = []
    for a in sorted(out_of, key=order.__getitem__):
        for b in out_of[a]:
            if order[b] <= order[a]:
                continue
            if (b, a) in edges:
                cycles.append(Cycle((a, b), (edges[a, b], edges[b, a])))
            for c in out_of.get(b, ()):
                if order[c] > order[a] and c != b and (c, a) in edges:
                    cycles.append(Cycle((a, b, c), (edges[a, b], edges[b, c], edges[c, a])))
    return cycles


def choose_cycles(cycles: list[Cycle]) -> tuple[list[Cycle], bool]:
    """The disjoint cycles of greatest total value (exact 0/1 programme), and if proven."""
    per_member: dict[str, dict[int, float]] = {}
    for k, cycle in enumerate(cycles):
        for m in cycle.members:
            per_member.setdefault(m, {})[k] = 1.0
    rows: list[Row] = [(r, 0.0, 1.0) for r in per_member.values() if len(r) > 1]
    chosen = maximise_binary([c.value for c in cycles], rows)
    return [c for c, x in zip(cycles, chosen.x, strict=True) if x], chosen.optimal


def _cycle_entry(instance: Instance, cycle: Cycle) -> dict[str, Any]:
    reasons = []
    for e in cycle.edges:
        reasons.append(
            f"{e.teacher.label} transmet {e.skill} à {e.learner.label} (niveau {e.level}) ; "
            f"{overlap_reason(e.common)}"
        )
    guard = safeguard(instance, [instance.member(m) for m in cycle.members])
    notice = approval_reason(guard)
    if notice:
        reasons.append(notice)
    return {
        "members": list(cycle.members),
        "edges": [
            {"teacher": e.teacher.id, "learner": e.learner.id, "skill": e.skill, "level": e.level}
            for e in cycle.edges
        ],
        "score": round(cycle.value, 4),
        "requires_approval": guard.requires_approval,
        "place": guard.place,
        "reasons": reasons,
    }


def find_exchanges(instance: Instance) -> dict[str, Any]:
    """``{"kind": "exchanges", "cycles": [...], "objective": {...}}``, best cycles first."""
    cycles = candidate_cycles(instance, exchange_edges(instance))
    picked, optimal = choose_cycles(cycles)
    chosen = sorted(picked, key=lambda c: (-c.value, c.members))
    return {
        "kind": "exchanges",
        "cycles": [_cycle_entry(instance, c) for c in chosen],
        "objective": {
            "value": round(sum(c.value for c in chosen), 4),
            "members": sum(len(c.members) for c in chosen),
            "candidate_cycles": len(cycles),
            "optimal": optimal,
        },
    }
