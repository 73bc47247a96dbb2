"""Level evidence and the queue of level changes (the rule is in docs/feedback.md).

* A member who worked as ``apprenant`` on a closed mission, beside their teacher (both
  present: outcome other than ``absent``), earns **one** evidence on the skill they learned.
* A peer-learning pair earns its learner one evidence every
  :data:`MEETINGS_PER_EVIDENCE` meetings (3, 6, 9…).
* When a member has :data:`EVIDENCE_PER_LEVEL` evidences on a skill not yet used by a level
  change, a change to the next level (from the declared level, 0 when undeclared) is
  queued ``pending``; a coordinator validates or rejects it. Each change uses its
  ``evidence_count``, whatever the decision: after a refusal, fresh evidence is needed.
  While a change is pending, no second one is queued for the same skill.

Evidence ids are derived from their source, so counting evidence twice is impossible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from matcher.domain import Dataset, LevelChange, LevelEvidence, PeerLearningPair
from matcher.feedback import lookup
from matcher.vocabulary import LEAD_LEVEL, MAX_LEVEL

__all__ = [
    "EVIDENCE_PER_LEVEL",
    "MEETINGS_PER_EVIDENCE",
    "mission_evidence",
    "pair_evidence",
    "queue_level_changes",
]

#: Evidences that queue one level change.
EVIDENCE_PER_LEVEL = 2
#: Meetings of a pair that earn its learner one evidence.
MEETINGS_PER_EVIDENCE = 3

LEARNER = "apprenant"


def _teacher_of(dataset: Dataset, mission_id: str, learner: str, skill: str) -> str | None:
    """The learner's teacher: as the accepted proposal said, else the best member (≥ 3)."""
    found = lookup.mission(dataset, mission_id)
    for pm in dataset.proposal_members:
        if pm.proposal_id == found.proposal_id and pm.member_id == learner:
            teacher = pm.detail.get("teacher")
            if teacher:
                return str(teacher)
    candidates = [
        (lookup.level(dataset, mm.member_id, skill) or 0, mm.member_id)
        for mm in lookup.mission_members(dataset, mission_id)
        if mm.role != LEARNER
    ]
    best = max(candidates, default=(0, None))
    return best[1] if best[0] >= LEAD_LEVEL else None


def mission_evidence(
    dataset: Dataset, mission_id: str, outcomes: dict[str, str], day: date
) -> list[LevelEvidence]:
    """Evidence earned on closing ``mission_id`` with these per-member ``outcomes``."""
    earned = []
    for mm in lookup.mission_members(dataset, mission_id):
        if mm.role != LEARNER or not mm.skill_id or outcomes.get(mm.member_id) == "absent":
            continue
        teacher = _teacher_of(dataset, mission_id, mm.member_id, mm.skill_id)
        if teacher is None or outcomes.get(teacher, "absent") == "absent":
            continue
        earned.append(
            LevelEvidence(
                lookup.stable_id("ev", "mission", mission_id, mm.member_id, mm.skill_id),
                mm.member_id,
                mm.skill_id,
                "mission",
                mission_id,
                day,
            )
        )
    return earned


def pair_evidence(
    pair: PeerLearningPair, existing: Iterable[LevelEvidence], day: date
) -> list[LevelEvidence]:
    """Evidence the pair's meetings earn and that is not stored yet (idempotent)."""
    have = sum(1 for e in existing if e.source == "pair" and e.source_id == pair.id)
    due = pair.sessions_held // MEETINGS_PER_EVIDENCE
    return [
        LevelEvidence(
            lookup.stable_id("ev", "pair", pair.id, k),
            pair.learner_id,
            pair.skill_id,
            "pair",
            pair.id,
            day,
        )
        for k in range(have, due)
    ]


def queue_level_changes(
    dataset: Dataset, new_evidence: Iterable[LevelEvidence], now: datetime
) -> list[LevelChange]:
    """Level changes due once ``new_evidence`` joins the stored evidence."""
    new_evidence = list(new_evidence)
    touched = {(e.member_id, e.skill_id) for e in new_evidence}
    earned = Counter(
        (e.member_id, e.skill_id)
        for e in [*dataset.level_evidence, *new_evidence]
        if (e.member_id, e.skill_id) in touched
    )
    used: Counter[tuple[str, str]] = Counter()
    waiting = set()
    for change in dataset.level_changes:
        key = (change.member_id, change.skill_id)
        used[key] += change.evidence_count
        if change.status == "pending":
            waiting.add(key)
    queued = []
    for key in sorted(touched):
        if key in waiting or earned[key] - used[key] < EVIDENCE_PER_LEVEL:
            continue
        member_id, skill_id = key
        current = lookup.level(dataset, member_id, skill_id) or 0
        if current >= MAX_LEVEL:
            continue
        queued.append(
            LevelChange(
                lookup.stable_id("lc", member_id, skill_id, used[key]),
                member_id,
                skill_id,
                current,
                current + 1,
                "pending",
                EVIDENCE_PER_LEVEL,
                now,
            )
        )
    return queued
