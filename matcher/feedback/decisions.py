"""Accepting and declining proposals, as pure functions returning a :class:`Decision`.

* Accepting a **team** re-judges it with the engine (:mod:`~matcher.feedback.feasibility`),
  then creates the Mission, its MissionMembers and one hours-ledger line per member per
  session, marks the request ``staffed`` and every other pending proposal of that request
  ``superseded``.
* Accepting a **pair**, **exchange** or **group session** creates one PeerLearningPair per
  "who teaches whom" edge (``detail.teacher`` of each learner): ``awaiting_approval`` when a
  minor is involved (or a birth date is unknown), else ``active``; other pending learning
  proposals for the same learner and skill are ``superseded``.
* Declining takes a reason code (:data:`~matcher.feedback.vocabulary.DECLINE_REASONS`) and
  an optional free text, stored as ``"code: texte"`` in ``decision_reason``.

Every decision adds one audit_log line with ids only (never names or free text).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from matcher.domain import (
    AuditEntry,
    Dataset,
    HoursEntry,
    Mission,
    MissionMember,
    PeerLearningPair,
    Proposal,
    ProposalMember,
)
from matcher.feedback import lookup
from matcher.feedback.changes import Decision
from matcher.feedback.errors import FeedbackError
from matcher.feedback.feasibility import judge_team, require_feasible
from matcher.feedback.vocabulary import DECLINE_REASONS, REASON_NEEDING_TEXT

__all__ = ["Edge", "accept", "decline", "decline_code", "learning_edges"]

Edge = tuple[str, str, str]  # (mentor, learner, skill)


def _decide(decision: Decision, row: Proposal, status: str, actor: str, now: datetime, **extra):
    decision.changes.update(
        "proposals",
        {"id": row.id},
        {"status": status, "decided_by": actor, "decided_at": now, **extra},
        expect={"status": "pending"},
    )


def _supersede(decision: Decision, rows: list[Proposal], actor: str, now: datetime) -> None:
    for row in rows:
        _decide(decision, row, "superseded", actor, now)
        decision.note("superseded", row.id)


def accept(dataset: Dataset, proposal_id: str, *, actor: str, now: datetime) -> Decision:
    """Accept a pending proposal: a mission for a team, pairs for learning proposals."""
    row = lookup.pending_proposal(dataset, proposal_id)
    decision = Decision()
    _decide(decision, row, "accepted", actor, now)
    if row.kind == "team":
        _accept_team(dataset, row, decision, actor, now)
    else:
        _accept_learning(dataset, row, decision, actor, now)
    made = ",".join(decision.made.get("mission", []) + decision.made.get("pairs", []))
    decision.changes.insert("audit_log", AuditEntry(now, actor, "proposal.accept", row.id, made))
    return decision


def _accept_team(
    dataset: Dataset, row: Proposal, decision: Decision, actor: str, now: datetime
) -> None:
    request = lookup.request(dataset, row.request_id)
    if request.status != "open":
        raise FeedbackError(
            f"La demande {request.id} n'est plus ouverte ({request.status}) : "
            f"impossible d'accepter la proposition {row.id}."
        )
    members = lookup.proposal_members(dataset, row.id)
    judged = judge_team(dataset, request.id, [(m.member_id, m.role) for m in members], now.date())
    require_feasible(judged, f"Acceptation de la proposition {row.id} refusée")
    mission_id = lookup.stable_id("mi", row.id)
    changes = decision.changes
    changes.insert("missions", Mission(mission_id, request.id, row.id, "planned", now))
    for member in members:
        changes.insert(
            "mission_members",
            MissionMember(mission_id, member.member_id, member.role, member.skill_id),
        )
        for session in lookup.sessions(dataset, request.id):
            changes.insert(
                "hours",
                HoursEntry(
                    member.member_id,
                    session.date,
                    session.start,
                    session.end,
                    mission_id=mission_id,
                ),
            )
    changes.update("requests", {"id": request.id}, {"status": "staffed"}, expect={"status": "open"})
    decision.note("mission", mission_id)
    siblings = [
        p
        for p in dataset.proposals
        if p.request_id == request.id and p.status == "pending" and p.id != row.id
    ]
    _supersede(decision, siblings, actor, now)


def learning_edges(members: list[ProposalMember]) -> list[Edge]:
    """``(mentor, learner, skill)`` of a learning proposal: each learner's ``detail.teacher``.

    >>> learning_edges([ProposalMember("p", "a", "mentor", "couture"),
    ...                 ProposalMember("p", "b", "apprenant", "couture", {"teacher": "a"})])
    [('a', 'b', 'couture')]
    """
    edges = []
    for member in members:
        teacher = member.detail.get("teacher")
        learns = member.detail.get("learns") or []
        skill = member.skill_id or (learns[0] if learns else None)
        if teacher and skill:
            edges.append((str(teacher), member.member_id, str(skill)))
    return edges


def _accept_learning(
    dataset: Dataset, row: Proposal, decision: Decision, actor: str, now: datetime
) -> None:
    edges = learning_edges(lookup.proposal_members(dataset, row.id))
    if not edges:
        raise FeedbackError(f"La proposition {row.id} ne dit pas qui transmet quoi à qui.")
    today = now.date()
    running = {
        (p.learner_id, p.skill_id): p.id
        for p in dataset.pairs
        if p.status in ("active", "awaiting_approval")
    }
    for k, (mentor, learner, skill) in enumerate(edges):
        if (learner, skill) in running:
            raise FeedbackError(
                f"{learner} apprend déjà {skill} dans le binôme {running[learner, skill]}."
            )
        minor = lookup.is_minor(dataset, mentor, today) or lookup.is_minor(dataset, learner, today)
        pair = PeerLearningPair(
            lookup.stable_id("pair", row.id, k),
            mentor,
            learner,
            skill,
            status="awaiting_approval" if minor else "active",
            started_on=today,
        )
        decision.changes.insert("pairs", pair)
        decision.note("pairs", pair.id)
    wanted = {(learner, skill) for _, learner, skill in edges}
    others = {
        p.id: p
        for p in dataset.proposals
        if p.kind != "team" and p.status == "pending" and p.id != row.id
    }
    members: dict[str, list[ProposalMember]] = defaultdict(list)
    for pm in dataset.proposal_members:
        if pm.proposal_id in others:
            members[pm.proposal_id].append(pm)
    rivals = [
        others[pid]
        for pid, rows in members.items()
        if wanted & {(learner, skill) for _, learner, skill in learning_edges(rows)}
    ]
    _supersede(decision, sorted(rivals, key=lambda p: p.id), actor, now)


def decline(
    dataset: Dataset,
    proposal_id: str,
    reason: str,
    text: str = "",
    *,
    actor: str,
    now: datetime,
) -> Decision:
    """Decline a pending proposal for ``reason`` (a code), with an optional free text."""
    row = lookup.pending_proposal(dataset, proposal_id)
    if reason not in DECLINE_REASONS:
        raise FeedbackError(
            f"Raison inconnue « {reason} » ; raisons possibles : {', '.join(DECLINE_REASONS)}."
        )
    text = text.strip()
    if reason == REASON_NEEDING_TEXT and not text:
        raise FeedbackError("La raison « other » demande une précision (--text).")
    decision = Decision()
    stored = f"{reason}: {text}" if text else reason
    _decide(decision, row, "declined", actor, now, decision_reason=stored)
    decision.changes.insert("audit_log", AuditEntry(now, actor, "proposal.decline", row.id, reason))
    return decision


def decline_code(decision_reason: str) -> str | None:
    """The reason code of a stored ``decision_reason`` (None for free text or older rows).

    >>> decline_code("too_far: 40 min de bus"), decline_code("Validée en comité")
    ('too_far', None)
    """
    code = decision_reason.split(":", 1)[0].strip()
    return code if code in DECLINE_REASONS else None
