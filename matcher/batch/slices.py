"""Split a network into one small :class:`Dataset` per collective, in one pass per table.

The batch works collective by collective, and the instance builders scan whatever dataset
they are given. At 100,000 members (5,000 collectives) handing them the whole network
would make the batch quadratic; one partition up front keeps each step proportional to one
collective. A row goes where its owner goes: members and requests by ``collective_id``,
their children by the parent's id, pairs by their learner. Tables no collective owns
(audit log, feedback, accounts) are left out: the batch does not read them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from matcher.domain import Dataset

__all__ = ["split_by_collective"]


def split_by_collective(dataset: Dataset) -> dict[str, Dataset]:
    """Collective id → the dataset of that collective alone (networks are shared)."""
    parts: dict[str, Dataset] = {
        c.id: Dataset(networks=dataset.networks, collectives=[c]) for c in dataset.collectives
    }
    member_of = {m.id: m.collective_id for m in dataset.members}
    request_of = {r.id: r.collective_id for r in dataset.requests}
    proposal_of = {p.id: p.collective_id for p in dataset.proposals}
    mission_of = {m.id: request_of.get(m.request_id) for m in dataset.missions}
    owner: dict[str, Callable[[object], str | None]] = {
        "members": lambda row: row.collective_id,
        "requests": lambda row: row.collective_id,
        "batch_runs": lambda row: row.collective_id,
        "proposals": lambda row: row.collective_id,
        "ranking_models": lambda row: row.collective_id,
        "request_sessions": lambda row: request_of.get(row.request_id),
        "required_skills": lambda row: request_of.get(row.request_id),
        "missions": lambda row: request_of.get(row.request_id),
        "proposal_members": lambda row: proposal_of.get(row.proposal_id),
        "mission_members": lambda row: mission_of.get(row.mission_id),
        "pairs": lambda row: member_of.get(row.learner_id),
    }
    for table in (
        "member_private",
        "member_skills",
        "learning_wishes",
        "passions",
        "availabilities",
        "unavailabilities",
        "hours",
        "level_evidence",
        "level_changes",
    ):
        owner[table] = lambda row: member_of.get(row.member_id)
    for table, rows in dataset.tables():
        find = owner.get(table)
        if find is None:
            continue
        grouped: dict[str | None, list] = defaultdict(list)
        for row in rows:
            grouped[find(row)].append(row)
        for collective_id, part in parts.items():
            setattr(part, table, grouped.get(collective_id, []))
    return parts
