"""The three staffing policies the simulator compares, each a function of one request.

* **ours** — the engine (:func:`matcher.engine.solve_team.solve_team`) on the instance
  the application builds, with learning slots and the collective's fairness policy,
  weighted by :data:`OURS_WEIGHTS` (tuned on the simulation, see docs/simulator.md);
* **experts** — always the most skilled feasible team: the same engine and hard
  constraints, weighted on coverage alone (level above the minimum of those who cover),
  and without learning slots;
* **random** — a random feasible team: members drawn at random to cover each required
  line, random learners for random learning slots, the rest drawn at random up to a
  random size; drawn again until the engine's judge finds it feasible.

Each returns the team as the engine places it (roles, ``learns``, ``teacher``), or None
when it finds none. All three see the same instance builder, the same hard constraints
and the same members: only the choice differs.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from matcher.engine import parse_instance, rescore
from matcher.engine.constraints import team_violations
from matcher.engine.eligibility import member_blockers
from matcher.engine.instance import Instance
from matcher.engine.solve_team import solve_team
from matcher.engine.team import LEARNER
from matcher.instances import BookedSlot, InstanceBuilder
from matcher.simulate.draws import stream

__all__ = ["EXPERT_WEIGHTS", "OURS_WEIGHTS", "POLICIES", "Choice", "choose", "random_team"]

#: Weights of "ours". Against the engine's defaults (1, 1, 1, 0.5, 0.3, 0.5): learning and
#: fairness weigh more, and cohesion — which favours people who already worked together,
#: so hands the next mission to last month's team — is dropped (docs/simulator.md).
OURS_WEIGHTS = {
    "coverage": 1.0,
    "learning": 2.0,
    "fairness": 3.0,
    "cohesion": 0.0,
    "passion": 0.3,
    "proximity": 0.5,
}
#: Weights of the experts' choice: the level of those who cover, nothing else.
EXPERT_WEIGHTS = {"coverage": 1.0}
#: Draws of a random team before the random policy gives up on a request.
RANDOM_ATTEMPTS = 40

Choice = dict[str, Any]
Booked = Mapping[str, Iterable[BookedSlot]]


def _engine(instance: dict[str, Any]) -> Choice | None:
    out = solve_team(parse_instance(instance))
    return out["teams"][0] if out["teams"] else None


def _ours(builder: InstanceBuilder, request_id: str, booked: Booked, seed: int) -> Choice | None:
    data = builder.request(request_id, extra_booked=booked, top=1, seed=seed)
    data["policy"]["weights"] = dict(OURS_WEIGHTS)
    return _engine(data)


def _experts(builder: InstanceBuilder, request_id: str, booked: Booked, seed: int) -> Choice | None:
    data = builder.request(request_id, extra_booked=booked, top=1, seed=seed)
    data["policy"]["weights"] = dict(EXPERT_WEIGHTS)
    data["request"]["learning_slots"] = 0
    return _engine(data)


def _random(builder: InstanceBuilder, request_id: str, booked: Booked, seed: int) -> Choice | None:
    instance = parse_instance(builder.request(request_id, extra_booked=booked, seed=seed))
    team = random_team(instance, stream(seed, "random-team", request_id))
    if team is None:
        return None
    out = rescore(instance, team)
    assert out["feasible"], out["broken"]
    return out


POLICIES: dict[str, Callable[[InstanceBuilder, str, Booked, int], Choice | None]] = {
    "ours": _ours,
    "experts": _experts,
    "random": _random,
}


def choose(
    policy: str, builder: InstanceBuilder, request_id: str, *, booked: Booked, seed: int
) -> Choice | None:
    """The team ``policy`` staffs ``request_id`` with.

    ``builder`` holds the dataset as of the weekly run; ``booked`` the slots of the teams
    already chosen this week (so that the week's teams are jointly feasible).
    """
    return POLICIES[policy](builder, request_id, booked, seed)


def random_team(
    instance: Instance, rng: random.Random, attempts: int = RANDOM_ATTEMPTS
) -> list[dict[str, str]] | None:
    """A random feasible team for the instance's request, or None after ``attempts`` draws.

    Drawing members blindly would almost never cover a request asking for a level-3
    cook; drawing the coverers among the qualified, then the rest among everyone, keeps
    the team random while giving feasibility a chance. :func:`team_violations` judges.
    """
    request = instance.request
    assert request is not None
    eligible = [m for m in instance.members if not member_blockers(instance, m)]
    required = [line for line in request.skills if not line.optional]
    skills = {line.skill for line in request.skills}
    low, high = request.team_size
    for _ in range(attempts):
        order = rng.sample(eligible, len(eligible))
        size = rng.randint(low, high)
        workers: list[str] = []
        for line in required:
            have = sum(
                1
                for m in order
                if m.id in workers and m.skills.get(line.skill, -1) >= line.min_level
            )
            for m in order:
                if have >= line.count:
                    break
                if m.id not in workers and m.skills.get(line.skill, -1) >= line.min_level:
                    workers.append(m.id)
                    have += 1
        room = max(0, size - len(workers))
        slots = min(rng.randint(0, request.learning_slots), room)
        learners = [m.id for m in order if m.id not in workers and skills & set(m.wishes)]
        learners = learners[:slots]
        others = [m.id for m in order if m.id not in workers and m.id not in learners]
        workers += others[: room - len(learners)]
        team = [{"id": i} for i in workers] + [{"id": i, "role": LEARNER} for i in learners]
        if low <= len(team) <= high and not team_violations(instance, team):
            return team
    return None
