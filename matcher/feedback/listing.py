"""Read-only views for coordinators: proposals to decide, level changes to validate, and
a member's capacitation trajectory (skills gained over time, from validated changes)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from matcher.domain import Dataset
from matcher.taxonomy import load_taxonomy

__all__ = ["level_change_rows", "proposal_rows", "trajectory"]


def _skill_label(skill_id: str) -> str:
    taxonomy = load_taxonomy()
    return taxonomy.label_fr(skill_id) if skill_id in taxonomy else skill_id


def proposal_rows(
    dataset: Dataset,
    *,
    week: str | None = None,
    collective_id: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """Proposals (filtered), best first within each week and request, with their members."""
    names = {m.id: m.display_name for m in dataset.members}
    titles = {r.id: r.title for r in dataset.requests}
    members = defaultdict(list)
    for pm in dataset.proposal_members:
        members[pm.proposal_id].append(
            {
                "id": pm.member_id,
                "name": names.get(pm.member_id, pm.member_id),
                "role": pm.role,
                "skill": pm.skill_id,
            }
        )
    rows = [
        {
            "id": p.id,
            "week": p.week,
            "batch_run": p.batch_run_id,
            "collective": p.collective_id,
            "kind": p.kind,
            "status": p.status,
            "request": p.request_id,
            "title": titles.get(p.request_id or "", ""),
            "rank": p.rank,
            "score": p.score,
            "score_breakdown": dict(p.score_breakdown),
            "members": members[p.id],
            "reasons": list(p.reasons),
            "decision_reason": p.decision_reason,
        }
        for p in dataset.proposals
        if (week is None or p.week == week)
        and (collective_id is None or p.collective_id == collective_id)
        and (status is None or p.status == status)
    ]
    return sorted(
        rows, key=lambda r: (r["week"], r["kind"], r["request"] or "", r["rank"], r["id"])
    )


def level_change_rows(
    dataset: Dataset, *, status: str | None = "pending", collective_id: str | None = None
) -> list[dict[str, Any]]:
    """Level changes (pending by default) with the member's name and the skill's label."""
    members = {m.id: m for m in dataset.members}
    rows = [
        {
            "id": c.id,
            "member": c.member_id,
            "name": members[c.member_id].display_name if c.member_id in members else c.member_id,
            "skill": c.skill_id,
            "skill_label": _skill_label(c.skill_id),
            "from_level": c.from_level,
            "to_level": c.to_level,
            "evidence_count": c.evidence_count,
            "status": c.status,
            "created_at": c.created_at.isoformat() if c.created_at else None,
        }
        for c in dataset.level_changes
        if (status is None or c.status == status)
        and (
            collective_id is None
            or (c.member_id in members and members[c.member_id].collective_id == collective_id)
        )
    ]
    return sorted(rows, key=lambda r: (r["created_at"] or "", r["id"]))


def trajectory(dataset: Dataset, member_id: str) -> list[dict[str, Any]]:
    """The member's validated level changes in time order: the capacitation trajectory."""
    evidence = defaultdict(list)
    for e in dataset.level_evidence:
        if e.member_id == member_id:
            evidence[e.skill_id].append(
                {"source": e.source, "id": e.source_id, "earned_on": e.earned_on.isoformat()}
            )
    steps = sorted(
        (c for c in dataset.level_changes if c.member_id == member_id and c.status == "validated"),
        key=lambda c: (c.decided_at or c.created_at, c.id),
    )
    return [
        {
            "date": (c.decided_at or c.created_at).date().isoformat(),
            "skill": c.skill_id,
            "skill_label": _skill_label(c.skill_id),
            "from_level": c.from_level,
            "to_level": c.to_level,
            "change": c.id,
            "validated_by": c.decided_by,
            "evidence": evidence[c.skill_id],
        }
        for c in steps
    ]
