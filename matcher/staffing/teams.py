"""Teams for one request: propose, show with pay, swap a member, accept or decline.

Proposals made from the « Nouvelle demande » page are stored exactly like the weekly
batch's (:func:`matcher.batch.records.add_team_rows`, pending, no batch run), so accepting,
declining and editing go through the feedback loop's one service
(:mod:`matcher.feedback.service`): the engine re-judges the team, the mission and the
hours ledger are written, the learned ranking is refitted.

Estimated pay is the engine's working hours (breaks deducted) × an hourly rate the caller
passes (the web takes ``KPA_HOURLY_RATE``, by default :data:`DEFAULT_HOURLY_RATE`). It is an
estimate for the coordinator, not a payslip: the reduced minimum wage of some under-18s
and employer costs are not applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select

from matcher.batch.records import ProposalRows, add_team_rows
from matcher.domain import Dataset, ServiceRequest
from matcher.engine import parse_instance
from matcher.engine.codes import CODES
from matcher.engine.diagnosis import diagnose
from matcher.engine.instance import Slot
from matcher.engine.solve_team import solve_team
from matcher.engine.timerules import working_minutes
from matcher.feedback import FeedbackError, learned_weights, service
from matcher.feedback.changes import Decision
from matcher.feedback.feasibility import judge_team
from matcher.feedback.vocabulary import DECLINE_REASONS
from matcher.graph.gaps import iso_week
from matcher.instances import INSTANCE_TABLES, InstanceBuilder
from matcher.people import SkillLine, Viewer
from matcher.staffing.requests import StaffingError, request_scope, visible_request
from matcher.storage import repository
from matcher.storage.db import Database
from matcher.storage.tables import MemberRow, ProposalMemberRow, ProposalRow
from matcher.taxonomy import load_taxonomy

__all__ = [
    "DEFAULT_HOURLY_RATE",
    "Finding",
    "ProposalView",
    "RequestDetail",
    "SwapPreview",
    "TeamMemberView",
    "decide",
    "proposal_request",
    "propose_teams",
    "request_detail",
    "swap_member",
]

#: SMIC horaire brut au 1er janvier 2026 (12,02 €), the default of ``KPA_HOURLY_RATE``.
DEFAULT_HOURLY_RATE = 12.02


@dataclass(frozen=True)
class Finding:
    """A broken rule, a blocking reason or a way out: the engine's code and French words."""

    code: str
    label_fr: str
    message_fr: str


@dataclass(frozen=True)
class TeamMemberView:
    member_id: str
    display_name: str
    role: str
    covers: list[SkillLine]
    learns: list[SkillLine]
    teacher: str | None
    reasons: list[str]
    hours: float
    pay: float


@dataclass(frozen=True)
class ProposalView:
    id: str
    rank: int
    status: str
    score: float
    breakdown: dict[str, float]
    members: list[TeamMemberView]
    decision_reason: str


@dataclass
class RequestDetail:
    request: ServiceRequest
    collective_name: str
    sessions: list[Slot]
    skills: list[tuple[SkillLine, int, bool]]  # (skill with min level, count, optional)
    hours_per_member: float
    hourly_rate: float
    proposals: list[ProposalView]
    #: When the request is open and has no pending team: why, and the ways out.
    blocking: list[Finding] = field(default_factory=list)
    ways_out: list[Finding] = field(default_factory=list)
    #: Members of the collective who may replace someone: (id, display name).
    candidates: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SwapPreview:
    """A swapped team as the engine judges it; stored only when ``feasible``."""

    proposal_id: str
    old: str
    new: str
    before: float
    score: float
    breakdown: dict[str, float]
    broken: list[Finding]

    @property
    def feasible(self) -> bool:
        return not self.broken


def _findings(entries: list[dict[str, Any]]) -> list[Finding]:
    return [Finding(e["code"], CODES.get(e["code"], e["code"]), e["message_fr"]) for e in entries]


def _skill(skill_id: str, level: int | None = None) -> SkillLine:
    taxonomy = load_taxonomy()
    if skill_id not in taxonomy:
        return SkillLine(skill_id, skill_id, skill_id, level)
    return SkillLine(skill_id, taxonomy.label_fr(skill_id), taxonomy.get(skill_id).label_en, level)


#: What the request pages read: an instance's tables, the proposals and learned weights.
_TABLES = INSTANCE_TABLES | {"proposals", "proposal_members", "ranking_models"}


def _read(database: Database, viewer: Viewer, request_id: str) -> Dataset | None:
    """The network as the request pages need it, or None when the request is outside the
    viewer's scope (one read-only snapshot: pages never wait for the batch's writes)."""
    with database.reading() as session:
        if visible_request(session, viewer, request_id) is None:
            return None
        return repository.read_dataset(session, only=_TABLES)


def _instance(dataset: Dataset, request: ServiceRequest, today: date, top: int) -> Any:
    weights = learned_weights(dataset, request.collective_id)
    builder = InstanceBuilder(
        dataset, today=today, weights={request.collective_id: weights} if weights else None
    )
    return parse_instance(builder.request(request.id, top=top))


def propose_teams(
    database: Database,
    viewer: Viewer,
    request_id: str,
    *,
    today: date,
    now: datetime,
    top: int = 3,
) -> list[str] | None:
    """Solve the request and store its teams as pending proposals (replacing the pending
    ones it had); returns their ids, best first (``[]``: no team), None when out of scope."""
    dataset = _read(database, viewer, request_id)
    if dataset is None:
        return None
    request = next(r for r in dataset.requests if r.id == request_id)
    if request.status != "open":
        raise StaffingError(f"La demande {request_id} n'est plus ouverte ({request.status}).")
    result = solve_team(_instance(dataset, request, today, top))
    first = min(s.date for s in dataset.request_sessions if s.request_id == request_id)
    rows = ProposalRows()
    add_team_rows(
        rows,
        collective_id=request.collective_id,
        week=iso_week(first),
        request_id=request_id,
        teams=result["teams"],
        names={m.id: m.display_name for m in dataset.members},
        batch_run_id=None,
        created_at=now,
    )
    with database.transaction() as session:
        stale = select(ProposalRow.id).where(
            ProposalRow.request_id == request_id, ProposalRow.status == "pending"
        )
        session.execute(delete(ProposalMemberRow).where(ProposalMemberRow.proposal_id.in_(stale)))
        session.execute(
            delete(ProposalRow).where(
                ProposalRow.request_id == request_id, ProposalRow.status == "pending"
            )
        )
        repository.insert_rows(session, "proposals", rows.proposals)
        repository.insert_rows(session, "proposal_members", rows.members)
    return [p.id for p in rows.proposals]


def _hours(sessions: list[Slot]) -> float:
    return round(sum(working_minutes(s) for s in sessions) / 60, 2)


def request_detail(
    database: Database,
    viewer: Viewer,
    request_id: str,
    *,
    today: date,
    hourly_rate: float = DEFAULT_HOURLY_RATE,
) -> RequestDetail | None:
    """The request, its team proposals with pay, and — with no pending team — the
    engine's diagnosis; None when the request is outside the viewer's scope."""
    dataset = _read(database, viewer, request_id)
    if dataset is None:
        return None
    request = next(r for r in dataset.requests if r.id == request_id)
    sessions = sorted(
        (
            Slot(s.date, s.start.hour * 60 + s.start.minute, s.end.hour * 60 + s.end.minute)
            for s in dataset.request_sessions
            if s.request_id == request_id
        ),
        key=lambda s: (s.date, s.start),
    )
    hours = _hours(sessions)
    names = {m.id: m.display_name for m in dataset.members}
    members_of: dict[str, list[Any]] = {}
    for pm in dataset.proposal_members:
        members_of.setdefault(pm.proposal_id, []).append(pm)
    proposals = [
        ProposalView(
            p.id,
            p.rank,
            p.status,
            p.score,
            dict(p.score_breakdown),
            [
                TeamMemberView(
                    pm.member_id,
                    names.get(pm.member_id, pm.member_id),
                    pm.role,
                    [_skill(s) for s in pm.detail.get("covers", [])],
                    [_skill(s) for s in pm.detail.get("learns", [])],
                    names.get(str(pm.detail.get("teacher"))),
                    list(pm.detail.get("reasons", [])),
                    hours,
                    round(hours * hourly_rate, 2),
                )
                for pm in members_of.get(p.id, [])
            ],
            p.decision_reason,
        )
        for p in sorted(
            (p for p in dataset.proposals if p.request_id == request_id and p.kind == "team"),
            key=lambda p: (p.status != "pending", p.status, p.rank, p.id),
        )
    ]
    detail = RequestDetail(
        request=request,
        collective_name=next(c.name for c in dataset.collectives if c.id == request.collective_id),
        sessions=sessions,
        skills=[
            (_skill(line.skill_id, line.min_level), line.count, line.optional)
            for line in dataset.required_skills
            if line.request_id == request_id
        ],
        hours_per_member=hours,
        hourly_rate=hourly_rate,
        proposals=proposals,
        candidates=sorted(
            (
                (m.id, m.display_name)
                for m in dataset.members
                if m.collective_id == request.collective_id and m.left_on is None
            ),
            key=lambda c: (c[1].casefold(), c[0]),
        ),
    )
    if request.status == "open" and not any(p.status == "pending" for p in proposals):
        found = diagnose(_instance(dataset, request, today, 1))
        detail.blocking = _findings(found["blocking"])
        detail.ways_out = _findings(found["ways_out"])
    return detail


def _proposal_in_scope(database: Database, viewer: Viewer, proposal_id: str) -> ProposalRow | None:
    request_scope(viewer)  # members are refused before any lookup
    with database.reading() as session:
        row = session.get(ProposalRow, proposal_id)
        if row is None:
            return None
        if viewer.role != "admin" and row.collective_id != viewer.collective_id:
            return None
        session.expunge(row)
        return row


def proposal_request(database: Database, viewer: Viewer, proposal_id: str) -> str | None:
    """The request id of a proposal in scope ("" for a learning proposal), else None."""
    row = _proposal_in_scope(database, viewer, proposal_id)
    return None if row is None else row.request_id or ""


def swap_member(
    database: Database,
    viewer: Viewer,
    proposal_id: str,
    old: str,
    new: str,
    *,
    now: datetime,
) -> SwapPreview | None:
    """Judge the team with ``new`` in place of ``old`` and, when no rule breaks, store it
    (:func:`matcher.feedback.service.edit_proposal`). None when out of scope."""
    row = _proposal_in_scope(database, viewer, proposal_id)
    if row is None:
        return None
    if row.kind != "team" or row.status != "pending" or row.request_id is None:
        raise StaffingError("Seule une équipe en attente de décision peut être modifiée.")
    with database.reading() as session:
        dataset = repository.read_dataset(session, only=_TABLES)
        newcomer = session.get(MemberRow, new)
        if newcomer is None or newcomer.collective_id != row.collective_id:
            raise StaffingError("Choisissez un·e membre du collectif de la demande.")
    team = [(pm.member_id, pm.role) for pm in dataset.proposal_members if pm.proposal_id == row.id]
    if old not in {mid for mid, _ in team}:
        raise StaffingError("Ce membre ne fait pas partie de l'équipe.")
    if new in {mid for mid, _ in team}:
        raise StaffingError("Ce membre fait déjà partie de l'équipe.")
    swapped = [(new if mid == old else mid, role) for mid, role in team]
    try:  # both teams by the same judge, so the two scores compare
        before = judge_team(dataset, row.request_id, team, now.date())
        judged = judge_team(dataset, row.request_id, swapped, now.date())
    except FeedbackError as exc:
        raise StaffingError(str(exc)) from exc
    preview = SwapPreview(
        row.id,
        old,
        new,
        before["score"]["total"],
        judged["score"]["total"],
        {k: v for k, v in judged["score"].items() if k != "total"},
        _findings(judged["broken"]),
    )
    if preview.feasible:
        try:
            service.edit_proposal(database, row.id, old, new, actor=viewer.user_id, now=now)
        except FeedbackError as exc:  # decided or changed meanwhile
            raise StaffingError(str(exc)) from exc
    return preview


def decide(
    database: Database,
    viewer: Viewer,
    proposal_id: str,
    *,
    accept: bool,
    reason: str = "",
    text: str = "",
    now: datetime,
) -> Decision | None:
    """Accept (a mission is created) or decline with a reason code of
    :data:`~matcher.feedback.vocabulary.DECLINE_REASONS`; None when out of scope."""
    row = _proposal_in_scope(database, viewer, proposal_id)
    if row is None:
        return None
    try:
        if accept:
            return service.accept_proposal(database, row.id, actor=viewer.user_id, now=now)
        if reason not in DECLINE_REASONS:
            raise StaffingError("Choisissez la raison du refus.")
        return service.decline_proposal(
            database, row.id, reason, text, actor=viewer.user_id, now=now
        )
    except FeedbackError as exc:
        raise StaffingError(str(exc)) from exc
