"""Team proposals for every open request of a collective's week, rank 1 jointly feasible.

Each request alone could be staffed with the same best people, so solving them one by one
would double-book them. The batch processes the requests **hardest first** and books each
rank-1 team before solving the next: the next request's instance receives those sessions
through ``extra_booked``, so overlaps, the legal caps of minors (8 h a day, 35 h a week,
rest) and everyone's own weekly cap are checked against what is already planned *plus*
what this batch already proposed. Hence the rank-1 teams of the week hold together.

Ranks 2…N come from the same solve: they are feasible with everything booked so far, so
each is feasible on its own (fewer bookings only relax the rules). A request that finds no
team keeps the engine's diagnosis, which then names the teams of this batch that took the
people it needed (their sessions are ``booked``).

**Hardest first** means, in order: the scarcest required line (members holding the skill at
the level asked, divided by the places asked; a request without required lines counts the
members per place of its minimum size), then the larger minimum team, then the earlier first
session, then the id. Scarce requests choose first so that a plentiful request, which has
alternatives, is the one to give way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from matcher.domain import Dataset, RequestSession, ServiceRequest
from matcher.engine import parse_instance
from matcher.engine.solve_team import solve_team
from matcher.instances import InstanceBuilder

__all__ = ["Staffing", "hardest_first", "staff_requests"]

Slot = tuple[date, time, time]


@dataclass(frozen=True)
class Staffing:
    """One request of the week and the engine's answer (``solve team`` output)."""

    request: ServiceRequest
    sessions: tuple[RequestSession, ...]
    result: dict[str, Any]

    @property
    def teams(self) -> list[dict[str, Any]]:
        return self.result["teams"]

    @property
    def diagnosis(self) -> dict[str, Any] | None:
        return self.result["diagnosis"]


def hardest_first(dataset: Dataset, requests: Iterable[ServiceRequest]) -> list[ServiceRequest]:
    """The requests in processing order (module docstring: scarcest line first)."""
    levels: dict[str, list[int]] = defaultdict(list)
    for held in dataset.member_skills:
        levels[held.skill_id].append(held.level)
    lines = defaultdict(list)
    for need in dataset.required_skills:
        if not need.optional:
            lines[need.request_id].append(need)
    first = _first_sessions(dataset)
    size = len(dataset.members)

    def key(request: ServiceRequest) -> tuple[float, int, date, str]:
        ratios = [
            sum(level >= need.min_level for level in levels[need.skill_id]) / max(need.count, 1)
            for need in lines[request.id]
        ]
        scarcity = min(ratios) if ratios else size / max(request.team_size_min, 1)
        return (scarcity, -request.team_size_min, first.get(request.id, date.max), request.id)

    return sorted(requests, key=key)


def _first_sessions(dataset: Dataset) -> dict[str, date]:
    first: dict[str, date] = {}
    for s in dataset.request_sessions:
        if s.request_id not in first or s.date < first[s.request_id]:
            first[s.request_id] = s.date
    return first


def staff_requests(
    builder: InstanceBuilder,
    requests: Iterable[ServiceRequest],
    *,
    top: int = 3,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[Staffing]:
    """Solve ``requests`` hardest first, booking each rank-1 team for the next ones.

    ``builder`` indexes the collective's dataset and carries ``today`` and the weights.
    """
    dataset = builder.dataset
    sessions: dict[str, list[RequestSession]] = defaultdict(list)
    for s in dataset.request_sessions:
        sessions[s.request_id].append(s)
    booked: dict[str, list[Slot]] = defaultdict(list)
    out = []
    for request in hardest_first(dataset, requests):
        data = builder.request(request.id, extra_booked=booked, top=top, seed=seed)
        result = solve_team(parse_instance(data))
        own = tuple(sorted(sessions[request.id], key=lambda s: (s.date, s.start)))
        if result["teams"]:
            for member in result["teams"][0]["members"]:
                booked[member["id"]].extend((s.date, s.start, s.end) for s in own)
        out.append(Staffing(request, own, result))
        if progress:
            progress(1)
    return out
