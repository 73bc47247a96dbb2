"""The fairness report: who was paid, who was offered work, and whether minors get their share.

A collective shares paid work by its own rule; the report gives the coordinators the facts
to apply it. Rules, so every figure can be checked by hand:

* the **window** is the 8 ISO weeks before the batch week (``[monday − 56 days, monday)``);
* **paid hours** of a member: the sum of ``end − start`` of their *paid* ledger entries in
  the window (the ledger as written, no break deduction);
* **present** members: joined by the batch week's Sunday (or no date) and not left before
  its Monday; the report covers present members only, zeros included;
* **Gini** of the present members' paid hours: ``Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄)``; 0 when
  nobody (or nobody at all) was paid, 1 − 1/n when one member took every hour;
* an **opportunity** is a rank-1 team proposal (any status) or a mission, dated by its ISO
  week (a mission by the first session of its request); this week's new rank-1 proposals
  count, so the list says who is *still* left out after this batch;
* **without opportunity**: present members who joined at least 4 weeks before the batch
  week and had no opportunity in the 4 weeks up to and including it;
* **minors' share**: the share of opportunities (window and batch week) that went to members
  under 18 on the batch week's Monday, beside their share of present members.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from matcher.domain import Dataset, Member, is_minor_on
from matcher.graph.gaps import iso_week, week_monday

__all__ = ["FairnessReport", "fairness_report", "gini", "present_members"]

WINDOW_WEEKS = 8
IDLE_WEEKS = 4


@dataclass(frozen=True)
class FairnessReport:
    week: str
    #: member id → paid hours over the window, for every present member
    paid_hours: dict[str, float]
    gini: float
    #: present members without an opportunity for 4+ weeks, ids sorted
    without_opportunity: tuple[str, ...]
    opportunities: int
    minor_opportunities: int
    members: int
    minors: int

    @property
    def minors_share_of_opportunities(self) -> float:
        return self.minor_opportunities / self.opportunities if self.opportunities else 0.0

    @property
    def minors_share_of_members(self) -> float:
        return self.minors / self.members if self.members else 0.0


def gini(values: Iterable[float]) -> float:
    """The Gini coefficient of non-negative values (0 = equal shares).

    >>> gini([5, 5, 5])
    0.0
    >>> round(gini([0, 0, 12]), 4)
    0.6667
    """
    xs = sorted(values)
    n, total = len(xs), sum(xs)
    if n == 0 or total <= 0:
        return 0.0
    # Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (2i − n + 1) xᵢ over the sorted values (i from 0)
    weighted = sum((2 * i - n + 1) * x for i, x in enumerate(xs))
    return weighted / (n * total)


def present_members(members: Iterable[Member], week: str) -> list[Member]:
    """Members present during the ISO week (joined by Sunday, not left before Monday)."""
    monday = week_monday(week)
    sunday = monday + timedelta(days=6)
    return [
        m
        for m in members
        if (m.joined_on is None or m.joined_on <= sunday)
        and (m.left_on is None or m.left_on >= monday)
    ]


def _opportunity_weeks(dataset: Dataset) -> list[tuple[str, str]]:
    """(member id, ISO week) of every past rank-1 team proposal and mission membership."""
    rank_one = {
        p.id: p.week for p in dataset.proposals if p.kind == "team" and p.rank == 1 and p.week
    }
    out = [
        (pm.member_id, rank_one[pm.proposal_id])
        for pm in dataset.proposal_members
        if pm.proposal_id in rank_one
    ]
    first_session: dict[str, date] = {}
    for s in dataset.request_sessions:
        if s.request_id not in first_session or s.date < first_session[s.request_id]:
            first_session[s.request_id] = s.date
    mission_week = {
        m.id: iso_week(first_session[m.request_id])
        for m in dataset.missions
        if m.request_id in first_session
    }
    out += [
        (mm.member_id, mission_week[mm.mission_id])
        for mm in dataset.mission_members
        if mm.mission_id in mission_week
    ]
    return out


def fairness_report(
    dataset: Dataset,
    week: str,
    birth_dates: Mapping[str, date],
    new_rank_one: Iterable[str] = (),
) -> FairnessReport:
    """The report of one collective's ``dataset`` for the batch ``week`` (module rules).

    ``new_rank_one`` lists the members of this batch's rank-1 team proposals (one entry
    per proposal they are in); ``birth_dates`` comes from the private table.
    """
    monday = week_monday(week)
    start = monday - timedelta(weeks=WINDOW_WEEKS)
    present = present_members(dataset.members, week)
    ids = {m.id for m in present}
    paid = dict.fromkeys(sorted(ids), 0.0)
    for entry in dataset.hours:
        if entry.paid and entry.member_id in ids and start <= entry.date < monday:
            paid[entry.member_id] += entry.hours
    paid = {m: round(h, 2) for m, h in paid.items()}

    window = {iso_week(monday - timedelta(weeks=n)) for n in range(WINDOW_WEEKS + 1)}
    recent = {iso_week(monday - timedelta(weeks=n)) for n in range(IDLE_WEEKS)}
    chances = [(m, w) for m, w in _opportunity_weeks(dataset) if m in ids and w in window]
    chances += [(m, week) for m in new_rank_one if m in ids]
    busy = {m for m, w in chances if w in recent}
    settled = monday - timedelta(weeks=IDLE_WEEKS)
    idle = tuple(
        sorted(
            m.id
            for m in present
            if m.id not in busy and (m.joined_on is None or m.joined_on <= settled)
        )
    )
    minors = {m for m in ids if m in birth_dates and is_minor_on(birth_dates[m], monday)}
    per_member = Counter(m for m, _ in chances)
    return FairnessReport(
        week=week,
        paid_hours=paid,
        gini=round(gini(paid.values()), 4),
        without_opportunity=idle,
        opportunities=sum(per_member.values()),
        minor_opportunities=sum(n for m, n in per_member.items() if m in minors),
        members=len(ids),
        minors=len(minors),
    )
