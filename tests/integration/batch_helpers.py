"""What the batch tests share: the week they prepare, reading what it stored, and
deciding a team and a pair the way a coordinator would (so a re-run must keep them)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import update

from matcher.domain import Dataset, Proposal
from matcher.storage import repository
from matcher.storage.db import Database
from matcher.storage.tables import ProposalRow, ServiceRequestRow

WEEK = "2026-W49"


def stored(database: Database) -> Dataset:
    with database.reading() as session:
        return repository.read_dataset(session)


def pending(dataset: Dataset) -> list[Proposal]:
    return [p for p in dataset.proposals if p.week == WEEK and p.status == "pending"]


def signature(dataset: Dataset) -> Counter:
    """Pending proposals as content (kind, request, rank, members and roles), ids aside."""
    members: dict[str, list] = {}
    for pm in dataset.proposal_members:
        members.setdefault(pm.proposal_id, []).append((pm.member_id, pm.role, pm.skill_id))
    return Counter(
        (p.collective_id, p.kind, p.request_id, p.rank, tuple(sorted(members.get(p.id, []))))
        for p in pending(dataset)
    )


def accept_a_team_and_decline_a_pair(database: Database) -> tuple[Proposal, Proposal]:
    """Accept a rank-1 team (its request becomes staffed) and decline a pair."""
    dataset = stored(database)
    team = next(p for p in pending(dataset) if p.kind == "team" and p.rank == 1)
    pair = next(p for p in pending(dataset) if p.kind == "pair")
    with database.transaction() as session:
        session.execute(
            update(ProposalRow).where(ProposalRow.id == team.id).values(status="accepted")
        )
        session.execute(
            update(ProposalRow).where(ProposalRow.id == pair.id).values(status="declined")
        )
        session.execute(
            update(ServiceRequestRow)
            .where(ServiceRequestRow.id == team.request_id)
            .values(status="staffed")
        )
    return team, pair
