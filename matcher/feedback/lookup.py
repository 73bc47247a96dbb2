"""Finding rows of a :class:`~matcher.domain.Dataset` by id, with French errors.

A decision reads a handful of rows from a whole stored network; these helpers keep the
decision modules about rules, not about searching lists.
"""

from __future__ import annotations

import hashlib
from datetime import date

from matcher.domain import (
    Dataset,
    Mission,
    MissionMember,
    Proposal,
    ProposalMember,
    RequestSession,
    ServiceRequest,
    is_minor_on,
)
from matcher.feedback.errors import FeedbackError
from matcher.vocabulary import PROPOSAL_STATUSES


def stable_id(prefix: str, *parts: object) -> str:
    """A short id derived from what the row is about, so replaying a decision finds it again.

    >>> stable_id("mi", "p-1") == stable_id("mi", "p-1") != stable_id("mi", "p-2")
    True
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f"{prefix}-{digest[:20]}"


def proposal(dataset: Dataset, proposal_id: str) -> Proposal:
    for row in dataset.proposals:
        if row.id == proposal_id:
            return row
    raise FeedbackError(f"La proposition {proposal_id} n'existe pas.")


def pending_proposal(dataset: Dataset, proposal_id: str) -> Proposal:
    """The proposal, which must still wait for a decision."""
    row = proposal(dataset, proposal_id)
    if row.status != "pending":
        status = PROPOSAL_STATUSES.get(row.status, row.status).lower()
        raise FeedbackError(f"La proposition {proposal_id} n'est plus en attente (déjà {status}).")
    return row


def proposal_members(dataset: Dataset, proposal_id: str) -> list[ProposalMember]:
    return [pm for pm in dataset.proposal_members if pm.proposal_id == proposal_id]


def request(dataset: Dataset, request_id: str | None) -> ServiceRequest:
    for row in dataset.requests:
        if row.id == request_id:
            return row
    raise FeedbackError(f"La demande {request_id} n'existe pas.")


def sessions(dataset: Dataset, request_id: str) -> list[RequestSession]:
    """The request's sessions in time order."""
    rows = [s for s in dataset.request_sessions if s.request_id == request_id]
    return sorted(rows, key=lambda s: (s.date, s.start))


def mission(dataset: Dataset, mission_id: str) -> Mission:
    for row in dataset.missions:
        if row.id == mission_id:
            return row
    raise FeedbackError(f"La mission {mission_id} n'existe pas.")


def mission_members(dataset: Dataset, mission_id: str) -> list[MissionMember]:
    return [mm for mm in dataset.mission_members if mm.mission_id == mission_id]


def member_ids(dataset: Dataset) -> set[str]:
    return {m.id for m in dataset.members}


def is_minor(dataset: Dataset, member_id: str, day: date) -> bool:
    """Minor on ``day``; an unknown birth date counts as minor (fail closed: approval asked)."""
    for private in dataset.member_private:
        if private.member_id == member_id:
            return is_minor_on(private.birth_date, day)
    return True


def level(dataset: Dataset, member_id: str, skill_id: str) -> int | None:
    """The member's declared level on the skill, None when it is not declared."""
    for row in dataset.member_skills:
        if row.member_id == member_id and row.skill_id == skill_id:
            return row.level
    return None
