"""The synthetic cooperative at the start of a simulation, and who joins or leaves.

It comes from the demo generator (:func:`matcher.demo.generate_demo`): members with
skills, wishes, weekly availability, hour caps, twelve weeks of history. The roster then
moves, the same way for every policy:

* **newcomers** — ``members × LEAVE_RATE × weeks`` extra members are generated with the
  others, their history is removed, and each joins on the Monday of a week drawn at
  random: the cooperative keeps about its size while people come and go;
* **leavers** — every week each present member leaves with probability
  :data:`LEAVE_RATE` (about 40 % a year: young people move on to training or a job).

Both are written as ``joined_on`` / ``left_on`` before any week runs, so every policy
sees the same people on the same days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from matcher.demo import generate_demo
from matcher.domain import Dataset, Member
from matcher.simulate.draws import stream, uniform

__all__ = ["LEAVE_RATE", "START", "Cooperative", "build_cooperative", "present_on"]

#: Weekly probability that a present member leaves the cooperative.
LEAVE_RATE = 0.01
#: Default first Monday: the school year has started, holidays lie ahead.
START = date(2026, 9, 7)


@dataclass(frozen=True)
class Cooperative:
    """The starting dataset and the calendar of the simulation."""

    dataset: Dataset
    start: date
    weeks: int
    newcomers: frozenset[str]

    def monday(self, week: int) -> date:
        """Monday of simulated week ``week`` (0-based)."""
        return self.start + timedelta(weeks=week)

    @property
    def end(self) -> date:
        """The day after the last simulated week."""
        return self.monday(self.weeks)


def present_on(member: Member, day: date) -> bool:
    """True when ``member`` belongs to the cooperative on ``day`` (joined, not yet left)."""
    joined = member.joined_on is None or member.joined_on <= day
    return joined and (member.left_on is None or day < member.left_on)


def build_cooperative(members: int, weeks: int, seed: int, start: date = START) -> Cooperative:
    """A demo cooperative of ``members`` present members on ``start``, plus newcomers."""
    if start.weekday() != 0:
        raise ValueError(f"start must be a Monday, not {start:%A}")
    newcomers = math.ceil(members * LEAVE_RATE * weeks) if weeks > 1 else 0
    dataset = generate_demo(
        members=members + newcomers, requests=0, seed=seed, today=start - timedelta(days=1)
    )
    rng = stream(seed, "newcomers")
    ids = sorted(m.id for m in dataset.members)
    chosen = frozenset(rng.sample(ids, newcomers))
    coop = Cooperative(dataset, start, weeks, chosen)
    for member in sorted(dataset.members, key=lambda m: m.id):
        if member.id in chosen:
            member.joined_on = coop.monday(rng.randint(1, weeks - 1))
    _forget_history(dataset, chosen)
    _draw_leavers(coop, seed)
    return coop


def _forget_history(dataset: Dataset, ids: frozenset[str]) -> None:
    """A newcomer has no past missions, hours or pairs in this cooperative."""
    dataset.hours[:] = [h for h in dataset.hours if h.member_id not in ids]
    dataset.mission_members[:] = [m for m in dataset.mission_members if m.member_id not in ids]
    dataset.proposal_members[:] = [p for p in dataset.proposal_members if p.member_id not in ids]
    dataset.pairs[:] = [
        p for p in dataset.pairs if p.mentor_id not in ids and p.learner_id not in ids
    ]


def _draw_leavers(coop: Cooperative, seed: int) -> None:
    """Each week, each present member leaves with probability :data:`LEAVE_RATE`."""
    for member in coop.dataset.members:
        if member.left_on is not None:
            continue
        for week in range(1, coop.weeks):
            monday = coop.monday(week)
            joined = member.joined_on or coop.start
            if joined < monday and uniform(seed, "leave", member.id, week) < LEAVE_RATE:
                member.left_on = monday
                break
