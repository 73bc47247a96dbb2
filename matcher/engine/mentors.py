"""Mentors for one member's wish: who could teach them, best first, with reasons.

``suggest_mentors(instance)`` answers a mentors instance (``wish: {member, skill}``): every
member who can teach the skill is judged (:mod:`matcher.engine.mentor_pairs`), those who
qualify are ranked by their score (then level, then id, so the answer is deterministic
without any randomness), and the ``top`` first are returned. When nobody qualifies the
answer carries a diagnosis (:mod:`matcher.engine.mentor_diagnosis`). Without a ``wish``
the same function assigns mentors to every open wish of the collective at once
(:mod:`matcher.engine.mentor_assignment`).

**Group sessions.** One mentor may take two or three learners of the same skill at once.
For each proposed mentor with at least two free places, the engine looks for other
members wishing the same skill who would qualify with that mentor on their own, and who
keep, together with the mentor and the learner, at least 1 h a week in common; up to two
are added, most time in common first. Such a group serves more wishes with one weekly
slot of a scarce mentor, so it is proposed beside the pair (``group_session``), never
instead of it: the coordinator chooses. Each learner of a group uses one of the mentor's
places (a group of three needs three), and the safeguarding rules apply to the whole
group (an adult co-learner meeting a minor counts too).
"""

from __future__ import annotations

from typing import Any

from matcher.engine.instance import Instance, Member, Wish
from matcher.engine.mentor_assignment import assign_mentors
from matcher.engine.mentor_diagnosis import mentor_diagnosis
from matcher.engine.mentor_pairs import (
    MIN_OVERLAP_MINUTES,
    PairCheck,
    candidates_for,
    check_pair,
    directory,
    overlap_reason,
    pair_reasons,
    rounded,
)
from matcher.engine.overlap import common, total_minutes
from matcher.engine.safeguarding import approval_reason, safeguard
from matcher.engine.wording import join

__all__ = ["GROUP_MAX", "group_session", "ranked", "suggest_mentors"]

#: A group session has one mentor and at most this many learners.
GROUP_MAX = 3


def ranked(checks: list[PairCheck]) -> list[PairCheck]:
    """Qualifying pairs, best first: score, then level, then id (no randomness needed)."""
    return sorted(
        (c for c in checks if c.ok), key=lambda c: (-c.total, -c.teaching.level, c.mentor.id)
    )


def group_session(instance: Instance, pair: PairCheck) -> dict[str, Any] | None:
    """A group of 2–3 learners around the pair's mentor, or None when none is worth proposing."""
    mentor, learner, skill = pair.mentor, pair.learner, pair.skill
    places = min(GROUP_MAX, mentor.mentor_capacity - mentor.mentees_active)
    if places < 2:
        return None
    d = directory(instance)
    options = []
    for other_id in d.wishers.get(skill, ()):
        if other_id in (mentor.id, learner.id):
            continue
        shared = common(pair.common, d.weekly[other_id])
        if total_minutes(shared) < MIN_OVERLAP_MINUTES:  # cheap test first
            continue
        other = instance.member(other_id)
        check = check_pair(instance, mentor, other, skill)
        if check is not None and check.ok:
            options.append((-total_minutes(shared), other_id, other))
    group: list[Member] = [learner]
    shared = pair.common
    for _, _, other in sorted(options, key=lambda o: (o[0], o[1])):
        if len(group) >= places:
            break
        trial = common(shared, d.weekly[other.id])
        if total_minutes(trial) < MIN_OVERLAP_MINUTES:
            continue
        if not safeguard(instance, [mentor, *group, other]).allowed:
            continue
        group.append(other)
        shared = trial
    if len(group) < 2:
        return None
    guard = safeguard(instance, [mentor, *group])
    others = [m.label for m in group[1:]]
    reasons = [
        f"séance de groupe avec {join(others)}, qui "
        f"{'souhaitent' if len(others) > 1 else 'souhaite'} aussi apprendre {skill}",
        overlap_reason(shared),
        f"{mentor.label} accompagne {len(group)} apprenant·es en un seul créneau",
    ]
    notice = approval_reason(guard)
    if notice:
        reasons.append(notice)
    return {
        "learners": [m.id for m in group],
        "common_minutes": total_minutes(shared),
        "requires_approval": guard.requires_approval,
        "place": guard.place,
        "reasons": reasons,
    }


def mentor_entry(instance: Instance, rank: int, pair: PairCheck) -> dict[str, Any]:
    """One row of ``mentors``."""
    reasons = pair_reasons(instance, pair)
    notice = approval_reason(pair.guard)
    if notice:
        reasons.append(notice)
    return {
        "rank": rank,
        "id": pair.mentor.id,
        "level": pair.teaching.level,
        "via_skill": pair.teaching.via_skill,
        "score": rounded(pair.score),
        "requires_approval": pair.guard.requires_approval,
        "place": pair.guard.place,
        "group_session": group_session(instance, pair),
        "reasons": reasons,
    }


def suggest_mentors(instance: Instance, wish: Wish | None = None) -> dict[str, Any]:
    """Mentors for ``wish`` (default: the instance's); without any wish, the assignment.

    ``wish`` lets a caller ask several questions of one instance (its lookups are built
    once per instance), as the benchmark and a service answering many learners do.
    """
    wish = wish or instance.wish
    if wish is None:
        return assign_mentors(instance)
    learner = instance.member(wish.member)
    checks = candidates_for(instance, learner, wish.skill)
    best = ranked(checks)[: instance.top]
    return {
        "kind": "mentors",
        "member": learner.id,
        "skill": wish.skill,
        "mentors": [mentor_entry(instance, r, c) for r, c in enumerate(best, 1)],
        "diagnosis": None if best else mentor_diagnosis(instance, learner, wish.skill, checks),
    }
