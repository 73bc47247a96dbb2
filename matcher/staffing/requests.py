"""Storing a confirmed request and listing a collective's requests, scoped to the viewer.

Scope works as in :mod:`matcher.people`: an admin sees every request, a coordinator only
their collective's (in the ``WHERE`` clause), anyone else is refused with
:class:`~matcher.people.NotAllowed`; a request outside the scope is reported as absent.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from matcher.domain import AuditEntry, RequestSession, RequiredSkill, ServiceRequest
from matcher.people import NotAllowed, Viewer
from matcher.staffing.drafts import RequestDraft, draft_problems
from matcher.storage import repository
from matcher.storage.db import Database
from matcher.storage.tables import (
    CollectiveRow,
    ProposalRow,
    RequestSessionRow,
    ServiceRequestRow,
)

__all__ = [
    "LISTED_STATUSES",
    "RequestSummary",
    "StaffingError",
    "collectives",
    "create_request",
    "list_requests",
    "request_scope",
    "visible_request",
]

#: The requests list shows these (cancelled and done ones belong to the reports).
LISTED_STATUSES = ("open", "staffed")


class StaffingError(ValueError):
    """A request or decision that cannot go through as asked; the message is French."""


def request_scope(viewer: Viewer) -> ColumnElement[bool]:
    """Requests a staff viewer may see; other roles are refused outright."""
    if viewer.role == "admin":
        return true()
    if viewer.is_staff:
        return ServiceRequestRow.collective_id == viewer.collective_id
    raise NotAllowed("réservé à l'animation")


def visible_request(session: Session, viewer: Viewer, request_id: str) -> ServiceRequestRow | None:
    return session.scalar(
        select(ServiceRequestRow).where(ServiceRequestRow.id == request_id, request_scope(viewer))
    )


def _collective_of(session: Session, viewer: Viewer, draft: RequestDraft) -> str:
    if viewer.role != "admin":
        request_scope(viewer)  # refuses members
        return str(viewer.collective_id)
    if not draft.collective_id or session.get(CollectiveRow, draft.collective_id) is None:
        raise StaffingError("Choisissez le collectif de la demande.")
    return draft.collective_id


def collectives(database: Database, viewer: Viewer) -> list[tuple[str, str]]:
    """(id, name) of the collectives a staff viewer may file a request for, by name."""
    query = select(CollectiveRow.id, CollectiveRow.name).order_by(CollectiveRow.name)
    if viewer.role != "admin":
        request_scope(viewer)  # refuses members
        query = query.where(CollectiveRow.id == viewer.collective_id)
    with database.reading() as session:
        return [(cid, name) for cid, name in session.execute(query)]


def create_request(
    database: Database, viewer: Viewer, draft: RequestDraft, *, today: date, now: datetime
) -> str:
    """Store ``draft`` as an open request of the viewer's collective; returns its id."""
    problems = draft_problems(draft, today=today)
    if problems:
        raise StaffingError("\n".join(problems))
    request_id = f"r-{uuid.uuid4().hex[:12]}"
    sessions = sorted(draft.sessions, key=lambda s: (s.date, s.start))
    hours = sum(
        (datetime.combine(s.date, s.end) - datetime.combine(s.date, s.start)).seconds / 3600
        for s in sessions
    )
    with database.transaction() as session:
        collective = _collective_of(session, viewer, draft)
        request = ServiceRequest(
            id=request_id,
            collective_id=collective,
            client=draft.client.strip(),
            title=draft.title.strip(),
            description=draft.description.strip(),
            zone=draft.zone,
            estimated_person_hours=round(hours * draft.team_size_min, 2),
            team_size_min=draft.team_size_min,
            team_size_max=draft.team_size_max,
            learning_slots=draft.learning_slots,
            hazards=list(draft.hazards),
            licence_required=draft.licence_required or None,
            private_home=draft.private_home,
            status="open",
            created_on=today,
        )
        repository.insert_rows(session, "requests", [request])
        repository.insert_rows(
            session,
            "request_sessions",
            [RequestSession(request_id, s.date, s.start, s.end) for s in sessions],
        )
        repository.insert_rows(
            session,
            "required_skills",
            [
                RequiredSkill(request_id, n.skill_id, n.min_level, n.count, n.optional)
                for n in draft.skills
            ],
        )
        repository.insert_rows(
            session, "audit_log", [AuditEntry(now, viewer.user_id, "request.create", request_id)]
        )
    return request_id


@dataclass(frozen=True)
class RequestSummary:
    id: str
    collective_id: str
    title: str
    client: str
    status: str
    first_day: date | None
    sessions: int
    pending_proposals: int


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def list_requests(
    database: Database,
    viewer: Viewer,
    *,
    today: date,
    status: str = "",
    weeks: str = "both",
) -> list[RequestSummary]:
    """Open and staffed requests whose first session is this ISO week or next.

    ``status`` narrows to ``open`` or ``staffed``; ``weeks`` is ``this``, ``next`` or
    ``both``. Earliest first session first.
    """
    start = _monday(today) + timedelta(weeks=1 if weeks == "next" else 0)
    end = _monday(today) + timedelta(weeks=1 if weeks == "this" else 2)
    first = (
        select(RequestSessionRow.request_id, func.min(RequestSessionRow.date).label("day"))
        .group_by(RequestSessionRow.request_id)
        .subquery()
    )
    statuses = [status] if status in LISTED_STATUSES else list(LISTED_STATUSES)
    query = (
        select(ServiceRequestRow, first.c.day)
        .join(first, first.c.request_id == ServiceRequestRow.id)
        .where(
            request_scope(viewer),
            ServiceRequestRow.status.in_(statuses),
            first.c.day >= start,
            first.c.day < end,
        )
        .order_by(first.c.day, ServiceRequestRow.id)
    )
    with database.reading() as session:
        rows = session.execute(query).all()
        ids = [row.id for row, _ in rows]
        counts: dict[str, int] = defaultdict(int)
        for request_id, n in session.execute(
            select(RequestSessionRow.request_id, func.count())
            .where(RequestSessionRow.request_id.in_(ids))
            .group_by(RequestSessionRow.request_id)
        ):
            counts[request_id] = n
        pending: dict[str, int] = defaultdict(int)
        for request_id, n in session.execute(
            select(ProposalRow.request_id, func.count())
            .where(ProposalRow.request_id.in_(ids), ProposalRow.status == "pending")
            .group_by(ProposalRow.request_id)
        ):
            pending[request_id] = n
    return [
        RequestSummary(
            row.id,
            row.collective_id,
            row.title,
            row.client,
            row.status,
            day,
            counts[row.id],
            pending[row.id],
        )
        for row, day in rows
    ]
