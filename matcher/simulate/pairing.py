"""Mentor pairs, the same for every policy: formed once, replayed in each world.

Every week the coordinators pair learners (the whole-collective assignment,
:func:`matcher.engine.mentor_assignment.assign_mentors`, on the instance the application
builds): each open wish not already followed by a pair may get a mentor with a free place.
To give every policy the *same* pairs, this runs once, on a reference copy of the
cooperative whose levels move only through pair learning: a level learned on a mission
(which differs between policies) never creates or ends a pair.

Rhythm (RERS practice, DOMAIN.md §1: "from one session to a year", closed by an
evaluation): a pair meets in a given week with probability :data:`MEETING_CHANCE`, and
closes after :data:`PAIR_WEEKS` weeks, when either member leaves, or when the learner
reaches level 3 (the wish is fulfilled). Each meeting teaches the learner one level with
probability :data:`PAIR_LEARNING` — fixed by the issue, not tuned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from matcher.domain import Member, PeerLearningPair
from matcher.engine import parse_instance
from matcher.engine.coverage import TEACH_LEVEL
from matcher.engine.mentor_assignment import assign_mentors
from matcher.instances import InstanceBuilder
from matcher.simulate.cooperative import Cooperative, present_on
from matcher.simulate.draws import uniform
from matcher.simulate.world import World

__all__ = ["MEETING_CHANCE", "PAIR_LEARNING", "PAIR_WEEKS", "Meeting", "mentor_pairing"]

#: Probability that a pair meets in a given week (about every other week).
MEETING_CHANCE = 0.5
#: An exchange runs about a term, then closes.
PAIR_WEEKS = 12
#: Probability that one meeting teaches the learner one level (fixed by the issue).
PAIR_LEARNING = 0.1


@dataclass(frozen=True)
class Meeting:
    """A pair meeting in week ``week``; ``learned`` when it taught the learner a level."""

    week: int
    pair_id: str
    mentor_id: str
    learner_id: str
    skill_id: str
    learned: bool


def mentor_pairing(coop: Cooperative, seed: int) -> list[list[Meeting]]:
    """The pair meetings of each week (index = week), the same for every policy."""
    reference = World.copy_of(coop.dataset)
    pairs = reference.dataset.pairs
    present = {m.id: m for m in reference.dataset.members}
    meetings: list[list[Meeting]] = []
    for week in range(coop.weeks):
        monday = coop.monday(week)
        _close(reference, monday, present)
        _pair_up(reference, monday - timedelta(days=1), seed, week)
        weekly = []
        for pair in pairs:
            if pair.status != "active" or uniform(seed, "meet", pair.id, week) >= MEETING_CHANCE:
                continue
            pair.sessions_held += 1
            learned = uniform(seed, "pair-learning", pair.id, week) < PAIR_LEARNING
            if learned:
                reference.learn(week, pair.learner_id, pair.skill_id, "pair")
            weekly.append(
                Meeting(week, pair.id, pair.mentor_id, pair.learner_id, pair.skill_id, learned)
            )
        meetings.append(weekly)
    return meetings


def _close(reference: World, monday: date, members: dict[str, Member]) -> None:
    for pair in reference.dataset.pairs:
        if pair.status != "active":
            continue
        started = pair.started_on or monday
        gone = any(not present_on(members[i], monday) for i in (pair.mentor_id, pair.learner_id))
        done = (reference.level(pair.learner_id, pair.skill_id) or 0) >= TEACH_LEVEL
        if gone or done or monday >= started + timedelta(weeks=PAIR_WEEKS):
            pair.status = "closed"
            pair.ended_on = monday


def _pair_up(reference: World, today: date, seed: int, week: int) -> None:
    """New pairs for the open wishes no active pair follows yet."""
    dataset = reference.dataset
    followed = {(p.learner_id, p.skill_id) for p in dataset.pairs if p.status == "active"}
    builder = InstanceBuilder(dataset, today=today)
    for collective in dataset.collectives:
        data = builder.collective(collective.id, seed=seed)
        for member in data["members"]:
            member["wishes"] = [s for s in member["wishes"] if (member["id"], s) not in followed]
        if not any(m["wishes"] for m in data["members"]):
            continue
        for pair in assign_mentors(parse_instance(data))["pairs"]:
            dataset.pairs.append(
                PeerLearningPair(
                    f"sim-pair-{week + 1:02d}-{len(dataset.pairs) + 1:04d}",
                    pair["mentor"],
                    pair["learner"],
                    pair["skill"],
                    started_on=today + timedelta(days=1),
                )
            )
