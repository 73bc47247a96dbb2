"""The weekly loop: requests arrive, a policy staffs them, people learn, weeks go by.

Order of a simulated week (``today`` is the Sunday before, when the weekly run happens):

1. the week's requests join the dataset (the same for every policy);
2. the policy staffs them one by one, by first session then id; the teams already chosen
   this week are passed as ``extra_booked``, so the week's teams are jointly feasible
   (nobody double-booked, caps and minors' rules held across the week);
3. an independent check rebuilds, for every staffed team, the instance from the ledger as
   it ends the week minus that team's own hours, and counts every broken hard constraint
   (:func:`matcher.engine.constraints.team_violations`) — it must stay 0;
4. the missions happen: each apprenant placed beside a teacher gains one level of the
   skill learned with probability :data:`MISSION_LEARNING` (fixed by the issue);
5. the week's pair meetings (:mod:`matcher.simulate.pairing`) teach their learners.

Chance is drawn per named event (:mod:`matcher.simulate.draws`), so the same learner on
the same request gets the same coin under every policy.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from matcher.engine import parse_instance
from matcher.engine.constraints import team_violations
from matcher.instances import BookedSlot, InstanceBuilder
from matcher.simulate.arrivals import Arrival, arrivals
from matcher.simulate.cooperative import START, Cooperative, build_cooperative
from matcher.simulate.draws import uniform
from matcher.simulate.metrics import Summary, summarise
from matcher.simulate.pairing import Meeting, mentor_pairing
from matcher.simulate.policies import POLICIES, choose
from matcher.simulate.world import World

__all__ = ["MISSION_LEARNING", "Run", "Setting", "prepare", "run_policy", "simulate"]

#: Probability that a mission worked as apprenant beside a teacher teaches one level.
MISSION_LEARNING = 0.2

Progress = Callable[[int], object]


@dataclass(frozen=True)
class Setting:
    """What every policy shares: the cooperative, the requests, the pair meetings."""

    coop: Cooperative
    seed: int
    arrivals: list[list[Arrival]]
    meetings: list[list[Meeting]]


@dataclass
class Run:
    """One policy's simulation: its world, its final row and its weekly curves."""

    policy: str
    world: World
    summary: Summary
    weekly: list[dict[str, Any]] = field(default_factory=list)


def prepare(*, weeks: int = 26, members: int = 60, seed: int = 1, start: date = START) -> Setting:
    """Build the shared part of a simulation (the slow demo generation happens once)."""
    coop = build_cooperative(members, weeks, seed, start)
    return Setting(coop, seed, arrivals(coop, seed), mentor_pairing(coop, seed))


def simulate(
    policies: Iterable[str] = tuple(POLICIES),
    *,
    weeks: int = 26,
    members: int = 60,
    seed: int = 1,
    start: date = START,
    progress: Progress | None = None,
) -> dict[str, Run]:
    """Run each policy on the same setting; ``progress(1)`` after every simulated week."""
    setting = prepare(weeks=weeks, members=members, seed=seed, start=start)
    return {p: run_policy(setting, p, progress) for p in policies}


def run_policy(setting: Setting, policy: str, progress: Progress | None = None) -> Run:
    """Simulate every week of ``setting`` under ``policy``."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r} (expected one of {', '.join(POLICIES)})")
    coop = setting.coop
    world = World.copy_of(coop.dataset)
    run = Run(policy, world, summarise(world, coop, coop.start))
    for week in range(coop.weeks):
        _week(setting, world, policy, week)
        row = summarise(world, coop, coop.monday(week + 1))
        run.weekly.append(
            {"week": week + 1, "monday": coop.monday(week).isoformat(), **row.as_dict()}
        )
        if progress:
            progress(1)
    run.summary = summarise(world, coop)
    return run


def _week(setting: Setting, world: World, policy: str, week: int) -> None:
    coop, seed = setting.coop, setting.seed
    today = coop.monday(week) - timedelta(days=1)
    for arrival in setting.arrivals[week]:
        world.add_request(arrival)
    builder = InstanceBuilder(world.dataset, today=today)
    booked: dict[str, list[BookedSlot]] = defaultdict(list)
    staffed: list[tuple[Arrival, dict[str, Any]]] = []
    for arrival in sorted(setting.arrivals[week], key=lambda a: (a.sessions[0].date, a.id)):
        team = choose(policy, builder, arrival.id, booked=booked, seed=seed)
        if team is None:
            world.leave_unstaffed(week, arrival.id)
            continue
        world.staff(week, arrival.id, team, today)
        staffed.append((arrival, team))
        for member in team["members"]:
            booked[member["id"]].extend(arrival.slots)
    world.violations += _violations(world, today, staffed)
    for arrival, team in staffed:
        for member in team["members"]:
            if member["role"] != "apprenant" or not member["teacher"]:
                continue
            for skill in member["learns"]:
                draw = uniform(seed, "mission-learning", arrival.id, member["id"], skill)
                if draw < MISSION_LEARNING:
                    world.learn(week, member["id"], skill, "mission")
    for meeting in setting.meetings[week]:
        if meeting.learned:
            world.learn(week, meeting.learner_id, meeting.skill_id, "pair")


def _violations(world: World, today: date, staffed: list[tuple[Arrival, dict[str, Any]]]) -> int:
    """Broken hard constraints of the week's teams, judged on the ledger as the week ends.

    Each team is judged against every *other* team of the week (their ledger rows, given as
    ``extra_booked``) and everything booked before: the week's teams are jointly feasible
    exactly when this is 0.
    """
    missions = {f"mi-{arrival.id}" for arrival, _ in staffed}
    before = dataclasses.replace(
        world.dataset, hours=[h for h in world.dataset.hours if h.mission_id not in missions]
    )
    builder = InstanceBuilder(before, today=today)
    week_rows = [h for h in world.dataset.hours if h.mission_id in missions]
    broken = 0
    for arrival, team in staffed:
        others: dict[str, list[BookedSlot]] = defaultdict(list)
        for row in week_rows:
            if row.mission_id != f"mi-{arrival.id}":
                others[row.member_id].append((row.date, row.start, row.end))
        instance = parse_instance(builder.request(arrival.id, extra_booked=others))
        claimed = [
            {k: m[k] for k in ("id", "role", "covers", "learns", "teacher")}
            for m in team["members"]
        ]
        broken += len(team_violations(instance, claimed))
    return broken
