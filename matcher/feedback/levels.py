"""The coordinator's side of level evidence: validate or reject a queued level change,
approve a pair with a minor, and record a pair's meetings (which earn evidence).

Validation writes the new level into ``member_skills`` with evidence ``coordinator``
(who and when), so the engine uses it from the next instance on.
"""

from __future__ import annotations

from datetime import datetime

from matcher.domain import AuditEntry, Dataset, LevelChange, MemberSkill, PeerLearningPair
from matcher.feedback import lookup
from matcher.feedback.changes import Decision
from matcher.feedback.errors import FeedbackError
from matcher.feedback.evidence import pair_evidence, queue_level_changes

__all__ = ["approve_pair", "record_meeting", "reject_change", "validate_change"]


def _pending_change(dataset: Dataset, change_id: str) -> LevelChange:
    for change in dataset.level_changes:
        if change.id == change_id:
            if change.status != "pending":
                raise FeedbackError(f"Le changement de niveau {change_id} est déjà décidé.")
            return change
    raise FeedbackError(f"Le changement de niveau {change_id} n'existe pas.")


def _decide(
    decision: Decision, change: LevelChange, status: str, action: str, actor: str, now: datetime
) -> None:
    decision.changes.update(
        "level_changes",
        {"id": change.id},
        {"status": status, "decided_by": actor, "decided_at": now},
        expect={"status": "pending"},
    )
    decision.changes.insert("audit_log", AuditEntry(now, actor, action, change.id, change.skill_id))


def validate_change(dataset: Dataset, change_id: str, *, actor: str, now: datetime) -> Decision:
    """Validate a pending level change: the member's level becomes ``to_level``."""
    change = _pending_change(dataset, change_id)
    current = lookup.level(dataset, change.member_id, change.skill_id)
    if current is not None and current >= change.to_level:
        raise FeedbackError(
            f"{change.member_id} a déjà le niveau {current} en {change.skill_id} : "
            f"ce changement n'a plus d'objet (refusez-le)."
        )
    decision = Decision()
    _decide(decision, change, "validated", "level.validate", actor, now)
    values = {
        "level": change.to_level,
        "evidence": "coordinator",
        "evidence_ref": f"level_change:{change.id}",
        "validated_by": actor,
        "validated_at": now,
    }
    if current is None:
        decision.changes.insert(
            "member_skills", MemberSkill(change.member_id, change.skill_id, **values)
        )
    else:
        decision.changes.update(
            "member_skills", {"member_id": change.member_id, "skill_id": change.skill_id}, values
        )
    return decision


def reject_change(dataset: Dataset, change_id: str, *, actor: str, now: datetime) -> Decision:
    """Reject a pending level change; its evidence stays used (fresh evidence is needed)."""
    change = _pending_change(dataset, change_id)
    decision = Decision()
    _decide(decision, change, "rejected", "level.reject", actor, now)
    return decision


def _pair(dataset: Dataset, pair_id: str) -> PeerLearningPair:
    for pair in dataset.pairs:
        if pair.id == pair_id:
            return pair
    raise FeedbackError(f"Le binôme {pair_id} n'existe pas.")


def approve_pair(dataset: Dataset, pair_id: str, *, actor: str, now: datetime) -> Decision:
    """A coordinator approves a pair involving a minor: it becomes active."""
    pair = _pair(dataset, pair_id)
    if pair.status != "awaiting_approval":
        raise FeedbackError(f"Le binôme {pair_id} n'attend pas d'approbation ({pair.status}).")
    decision = Decision()
    decision.changes.update(
        "pairs",
        {"id": pair_id},
        {"status": "active", "approved_by": actor, "approved_at": now},
        expect={"status": "awaiting_approval"},
    )
    decision.changes.insert("audit_log", AuditEntry(now, actor, "pair.approve", pair_id))
    return decision


def record_meeting(dataset: Dataset, pair_id: str, *, actor: str, now: datetime) -> Decision:
    """One more meeting of an active pair; every third one earns the learner evidence."""
    pair = _pair(dataset, pair_id)
    if pair.status != "active":
        raise FeedbackError(
            f"Le binôme {pair_id} n'est pas en cours ({pair.status}) : "
            "une rencontre ne peut pas être notée."
        )
    held = pair.sessions_held + 1
    decision = Decision()
    decision.changes.update(
        "pairs",
        {"id": pair_id},
        {"sessions_held": held},
        expect={"sessions_held": pair.sessions_held, "status": "active"},
    )
    met = PeerLearningPair(**{**pair.__dict__, "sessions_held": held})
    evidence = pair_evidence(met, dataset.level_evidence, now.date())
    queued = queue_level_changes(dataset, evidence, now)
    decision.changes.insert("level_evidence", *evidence)
    decision.changes.insert("level_changes", *queued)
    decision.note("evidence", *(e.id for e in evidence))
    decision.note("level_changes", *(c.id for c in queued))
    decision.changes.insert(
        "audit_log", AuditEntry(now, actor, "pair.meeting", pair_id, f"sessions={held}")
    )
    return decision
