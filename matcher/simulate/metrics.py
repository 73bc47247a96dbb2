"""What the comparison table reports, as functions of one policy's world.

Who counts:

* for levels — every member present at some point of the simulation (newcomers from
  their first day, leavers until their last); a **minor** is under 18 on the first day
  they are present;
* for paid hours — the members among them who may be paid (every status but
  ``visitor``): a visitor's zero hours say nothing about a policy, and counting them
  would put the same floor under every policy's Gini.

Paid hours are the hours-ledger rows of the missions staffed during the simulation. The
Gini of paid hours is the table's fairness figure; beside it, the Gini of paid hours *per
week present* shows how much of the inequality comes from people joining or leaving
part-way (a newcomer of the last month cannot have half a year's hours).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from matcher.domain import Member, is_minor_on
from matcher.simulate.cooperative import Cooperative
from matcher.simulate.world import World

__all__ = ["Summary", "gini", "paid_hours", "summarise"]

#: Statuses that can never be paid: their members are left out of the hours figures.
UNPAID_STATUSES = frozenset({"visitor"})


def gini(values: Iterable[float]) -> float:
    """Gini coefficient: 0 when everyone has the same, towards 1 when one has everything.

    >>> gini([5, 5, 5]), gini([0, 0, 0]), round(gini([0, 0, 0, 12]), 2)
    (0.0, 0.0, 0.75)
    """
    xs = sorted(float(v) for v in values)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return 0.0
    # mean absolute difference over all ordered pairs, from the sorted values
    weighted = sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(xs))
    return weighted / (n * total)


def present(member: Member, first: date, last: date) -> bool:
    """True when ``member`` belongs to the cooperative on some day of [first, last)."""
    joined = member.joined_on or first
    return joined < last and (member.left_on is None or member.left_on > first)


def _weeks_present(member: Member, first: date, last: date) -> float:
    """Weeks of [first, last) the member belonged to the cooperative (> 0 when present)."""
    since = max(member.joined_on or first, first)
    until = min(member.left_on or last, last)
    return max((until - since).days, 1) / 7


def paid_hours(world: World, coop: Cooperative) -> dict[str, float]:
    """Paid hours per member since the simulation started."""
    hours: dict[str, float] = defaultdict(float)
    for row in world.dataset.hours:
        if row.paid and row.mission_id and row.date >= coop.start:
            minutes = (row.end.hour - row.start.hour) * 60 + row.end.minute - row.start.minute
            hours[row.member_id] += minutes / 60
    return hours


@dataclass(frozen=True)
class Summary:
    """One row of the comparison table."""

    requests: int
    staffed: int
    levels_gained: int
    levels_from_missions: int
    learning_slots: int
    apprentices: int
    members: int
    members_gained: int
    minors: int
    minors_gained: int
    payable: int
    gini_paid_hours: float
    gini_hours_per_week_present: float
    zero_paid_hours: int
    violations: int

    @property
    def staffed_share(self) -> float:
        return self.staffed / self.requests if self.requests else 0.0

    @property
    def members_gained_share(self) -> float:
        return self.members_gained / self.members if self.members else 0.0

    @property
    def minors_gained_share(self) -> float:
        return self.minors_gained / self.minors if self.minors else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "requests": self.requests,
            "staffed": self.staffed,
            "staffed_share": round(self.staffed_share, 4),
            "levels_gained": self.levels_gained,
            "levels_from_missions": self.levels_from_missions,
            "learning_slots": self.learning_slots,
            "apprentices": self.apprentices,
            "members": self.members,
            "members_gained": self.members_gained,
            "members_gained_share": round(self.members_gained_share, 4),
            "minors": self.minors,
            "minors_gained": self.minors_gained,
            "minors_gained_share": round(self.minors_gained_share, 4),
            "payable_members": self.payable,
            "gini_paid_hours": round(self.gini_paid_hours, 4),
            "gini_hours_per_week_present": round(self.gini_hours_per_week_present, 4),
            "zero_paid_hours": self.zero_paid_hours,
            "violations": self.violations,
        }


def summarise(world: World, coop: Cooperative, until: date | None = None) -> Summary:
    """The table row of ``world`` over the weeks before ``until`` (default: all of them)."""
    last = until or coop.end
    members = [m for m in world.dataset.members if present(m, coop.start, last)]
    births = {p.member_id: p.birth_date for p in world.dataset.member_private}
    minors = {
        m.id
        for m in members
        if is_minor_on(births[m.id], max(m.joined_on or coop.start, coop.start))
    }
    gains = [g for g in world.gains if coop.monday(g.week) < last]
    learned = {g.member_id for g in gains}
    payable = [m for m in members if m.status not in UNPAID_STATUSES]
    hours = paid_hours(world, coop)
    paid = [hours.get(m.id, 0.0) for m in payable]
    weeks = [_weeks_present(m, coop.start, last) for m in payable]
    staffed = [s for s in world.staffed if coop.monday(s.week) < last]
    unstaffed = [u for u in world.unstaffed if coop.monday(u[0]) < last]
    slots = {r.id: r.learning_slots for r in world.dataset.requests}
    return Summary(
        requests=len(staffed) + len(unstaffed),
        staffed=len(staffed),
        levels_gained=len(gains),
        levels_from_missions=sum(g.source == "mission" for g in gains),
        learning_slots=sum(slots[s.request_id] for s in staffed)
        + sum(slots[request_id] for _, request_id in unstaffed),
        apprentices=sum(
            m["role"] == "apprenant" and bool(m["teacher"]) for s in staffed for m in s.members
        ),
        members=len(members),
        members_gained=sum(m.id in learned for m in members),
        minors=len(minors),
        minors_gained=len(minors & learned),
        payable=len(payable),
        gini_paid_hours=gini(paid),
        gini_hours_per_week_present=gini(h / w for h, w in zip(paid, weeks, strict=True)),
        zero_paid_hours=sum(h == 0 for h in paid),
        violations=world.violations,
    )
