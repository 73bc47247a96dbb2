"""Editing a pending team proposal by swapping one member for another.

The swapped team goes through :func:`matcher.engine.rescore` on the request's instance as
stored today: a team that breaks any hard constraint is refused, in French, naming each
broken rule; a valid one replaces the proposal's members (roles, covered and learned
skills, teacher and reasons recomputed by the engine), score, breakdown and reasons. The
newcomer takes the apprenant·e's place when they swap one, else the engine places them.
"""

from __future__ import annotations

from datetime import datetime

from matcher.domain import AuditEntry, Dataset, ProposalMember
from matcher.feedback import lookup
from matcher.feedback.changes import Decision
from matcher.feedback.errors import FeedbackError
from matcher.feedback.feasibility import judge_team, require_feasible

__all__ = ["swap_member"]


def swap_member(
    dataset: Dataset, proposal_id: str, old: str, new: str, *, actor: str, now: datetime
) -> Decision:
    """Replace ``old`` by ``new`` in a pending team proposal, if the team stays legal."""
    row = lookup.pending_proposal(dataset, proposal_id)
    if row.kind != "team":
        raise FeedbackError(f"Seules les équipes se modifient ; {proposal_id} est un·e {row.kind}.")
    members = lookup.proposal_members(dataset, proposal_id)
    current = {m.member_id: m.role for m in members}
    if old not in current:
        raise FeedbackError(f"{old} ne fait pas partie de la proposition {proposal_id}.")
    if new in current:
        raise FeedbackError(f"{new} fait déjà partie de la proposition {proposal_id}.")
    if new not in lookup.member_ids(dataset):
        raise FeedbackError(f"Le membre {new} n'existe pas.")
    team = [(new if mid == old else mid, role) for mid, role in current.items()]
    judged = judge_team(dataset, str(row.request_id), team, now.date())
    require_feasible(judged, f"Remplacement de {old} par {new} refusé")
    names = {m.id: m.display_name for m in dataset.members}
    decision = Decision()
    changes = decision.changes
    changes.update(
        "proposals",
        {"id": row.id},
        {
            "score": judged["score"]["total"],
            "score_breakdown": {k: v for k, v in judged["score"].items() if k != "total"},
            "reasons": [
                f"{names.get(m['id'], m['id'])} : {reason}"
                for m in judged["members"]
                for reason in m["reasons"]
            ],
        },
        expect={"status": "pending"},
    )
    changes.delete("proposal_members", {"proposal_id": row.id})
    for m in judged["members"]:
        skills = [*m["covers"], *m["learns"]]
        detail = {k: m[k] for k in ("covers", "learns", "teacher", "reasons")}
        changes.insert(
            "proposal_members",
            ProposalMember(row.id, m["id"], m["role"], skills[0] if skills else None, detail),
        )
    changes.insert("audit_log", AuditEntry(now, actor, "proposal.edit", row.id, f"{old}->{new}"))
    decision.note("score", str(judged["score"]["total"]))
    return decision
