"""The week of one collective, computed with no I/O: teams, mentors, exchanges and reports.

Everything the batch writes or prints is derived here from a :class:`Dataset` of one
collective (see :mod:`matcher.batch.slices`), so the whole computation can finish before
the single write transaction begins, and a unit test can check it without a database.

The reference day of every computation is the **Monday of the batch week**: paid hours are
those of the 8 weeks before it, ages are taken that day. Running the same week on Sunday or
on Tuesday therefore gives the same proposals, which is what makes a re-run idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from matcher.batch.fairness import FairnessReport, fairness_report
from matcher.batch.skillgaps import GapLine, skill_gaps
from matcher.batch.teams import Staffing, staff_requests
from matcher.domain import Collective, Dataset, ServiceRequest
from matcher.engine import parse_instance
from matcher.engine.exchanges import find_exchanges
from matcher.engine.mentor_assignment import assign_mentors
from matcher.graph.gaps import iso_week, week_monday
from matcher.instances import InstanceBuilder

__all__ = ["CollectivePlan", "plan_collective", "week_requests"]


@dataclass(frozen=True)
class CollectivePlan:
    collective: Collective
    week: str
    staffing: list[Staffing]
    #: ``assign_mentors`` output: ``pairs``, ``unserved``, ``objective``
    mentors: dict[str, Any]
    #: ``find_exchanges`` output: ``cycles``, ``objective``
    exchanges: dict[str, Any]
    gaps: list[GapLine]
    fairness: FairnessReport
    #: member id → display name (pseudonym), for the digest
    names: dict[str, str]

    @property
    def staffed(self) -> list[Staffing]:
        return [s for s in self.staffing if s.teams]

    @property
    def unstaffed(self) -> list[Staffing]:
        return [s for s in self.staffing if not s.teams]

    def counts(self) -> dict[str, int]:
        """The figures recorded in ``batch_runs.counts`` and compared week to week."""
        return {
            "requests": len(self.staffing),
            "staffed": len(self.staffed),
            "unstaffed": len(self.unstaffed),
            "team_proposals": sum(len(s.teams) for s in self.staffing),
            "pairs": len(self.mentors["pairs"]),
            "unserved_wishes": len(self.mentors["unserved"]),
            "exchanges": len(self.exchanges["cycles"]),
            "skill_gaps": len(self.gaps),
            "without_opportunity": len(self.fairness.without_opportunity),
            "gini_permille": round(self.fairness.gini * 1000),
        }


def week_requests(dataset: Dataset, week: str) -> list[ServiceRequest]:
    """Open requests whose first session falls in ``week`` (the rule of the gap report)."""
    first: dict[str, Any] = {}
    for s in dataset.request_sessions:
        if s.request_id not in first or s.date < first[s.request_id]:
            first[s.request_id] = s.date
    return [
        r
        for r in dataset.requests
        if r.status == "open" and r.id in first and iso_week(first[r.id]) == week
    ]


def _learned_weights(dataset: Dataset, collective_id: str) -> dict[str, float] | None:
    """The criteria weights learned from the collective's decisions, if any were fitted."""
    for model in dataset.ranking_models:
        if model.collective_id == collective_id and model.weights:
            return dict(model.weights)
    return None


def _open_wishes_only(instance: dict[str, Any], dataset: Dataset) -> dict[str, Any]:
    """Drop the wishes a running pair already serves: they are not open any more."""
    served = {
        (p.learner_id, p.skill_id)
        for p in dataset.pairs
        if p.status in ("active", "awaiting_approval")
    }
    for member in instance["members"]:
        member["wishes"] = [s for s in member["wishes"] if (member["id"], s) not in served]
    return instance


def plan_collective(
    dataset: Dataset,
    collective_id: str,
    week: str,
    *,
    top: int = 3,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> CollectivePlan:
    """Everything the batch proposes and reports for one collective and ISO week."""
    collective = next(c for c in dataset.collectives if c.id == collective_id)
    weights = _learned_weights(dataset, collective_id)
    builder = InstanceBuilder(
        dataset,
        today=week_monday(week),
        weights={collective_id: weights} if weights else None,
    )
    staffing = staff_requests(
        builder, week_requests(dataset, week), top=top, seed=seed, progress=progress
    )
    whole = parse_instance(_open_wishes_only(builder.collective(collective_id, seed=seed), dataset))
    rank_one = [m["id"] for s in staffing if s.teams for m in s.teams[0]["members"]]
    births = {p.member_id: p.birth_date for p in dataset.member_private}
    return CollectivePlan(
        collective=collective,
        week=week,
        staffing=staffing,
        mentors=assign_mentors(whole),
        exchanges=find_exchanges(whole),
        gaps=skill_gaps(dataset, collective_id, week),
        fairness=fairness_report(dataset, week, births, rank_one),
        names={m.id: m.display_name for m in dataset.members},
    )
