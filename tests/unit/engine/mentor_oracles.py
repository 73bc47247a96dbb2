"""Naive oracles and random instances for the mentor and exchange tests.

The oracles are written differently from the engine on purpose: availability as sets of
minutes (no interval arithmetic), ages with ``age_on`` on the reference date, the rules
read straight from the issue. Random instances are tiny so that brute force stays cheap.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from matcher.domain import age_on
from matcher.engine.instance import Instance, Member, parse_instance
from matcher.vocabulary import WEEKDAYS

REFERENCE = "2026-12-01"
SKILLS = ("couture", "cuisine", "patisserie")
BIRTHS = ["1990-01-01", "2009-05-14", "2010-06-01", "2008-12-01", "2008-12-02"]
#: 18 on 2026-12-01 (an adult that day), and 18 the next day (still a minor).
EIGHTEEN_TODAY, EIGHTEEN_TOMORROW = "2008-12-01", "2008-12-02"


def mentor_instance(members: list[dict[str, Any]], **top: Any) -> Instance:
    """A mentors/exchanges instance on the reference date (no request)."""
    return parse_instance({"date": REFERENCE, "members": members, **top})


def minutes(member: Member) -> dict[str, set[int]]:
    """Every minute of the week the member is available, per weekday."""
    out: dict[str, set[int]] = {d: set() for d in WEEKDAYS}
    for w in member.availability:
        out[w.day].update(range(w.start, w.end))
    return out


def common_minutes(*members: Member) -> int:
    sets = [minutes(m) for m in members]
    return sum(len(set.intersection(*(s[d] for s in sets))) for d in WEEKDAYS)


def is_minor(instance: Instance, member: Member) -> bool:
    return age_on(member.birth_date, date.fromisoformat(REFERENCE)) < 18


def may_meet(instance: Instance, members: list[Member]) -> bool:
    """The honorability rule: no unchecked adult with a minor when the policy asks."""
    young = [m for m in members if is_minor(instance, m)]
    adults = [m for m in members if not is_minor(instance, m)]
    if not (young and adults and instance.policy.honorability_required):
        return True
    return all(m.honorability_valid for m in adults)


def can_teach(instance: Instance, mentor: Member, skill: str) -> bool:
    """Level ≥ 3 on the skill, or on a skill related to it by ≥ 0.5."""
    for other, level in mentor.skills.items():
        if level >= 3 and (other == skill or instance.relatedness(other, skill) >= 0.5):
            return True
    return False


def qualifies(instance: Instance, mentor: Member, learner: Member, skill: str) -> bool:
    return (
        mentor.id != learner.id
        and can_teach(instance, mentor, skill)
        and mentor.mentees_active < mentor.mentor_capacity
        and common_minutes(mentor, learner) >= 60
        and may_meet(instance, [mentor, learner])
    )


def can_exchange(instance: Instance, teacher: Member, learner: Member, skill: str) -> bool:
    """An exchange edge: declared level ≥ 3 (no related skills), wished, 1 h, safeguarding."""
    return (
        teacher.id != learner.id
        and (teacher.skills.get(skill) or 0) >= 3
        and skill in learner.wishes
        and common_minutes(teacher, learner) >= 60
        and may_meet(instance, [teacher, learner])
    )


@st.composite
def windows(draw) -> list[dict[str, str]]:
    """Whole-hour windows on Wednesday and Saturday: overlaps often hold, sometimes fail."""
    out = []
    for _ in range(draw(st.sampled_from((0, 1, 1, 2, 3)))):
        start = draw(st.sampled_from((8, 10, 14, 14, 16)))
        end = start + draw(st.sampled_from((1, 2, 4)))
        day = draw(st.sampled_from(("wed", "wed", "sat")))
        out.append({"day": day, "start": f"{start:02d}:00", "end": f"{end:02d}:00"})
    return out


@st.composite
def random_member(draw, member_id: str) -> dict[str, Any]:
    skills = {s: draw(st.sampled_from((0, 2, 3, 4, 4))) for s in SKILLS if draw(st.integers(0, 2))}
    wishes = [s for s in SKILLS if draw(st.booleans())]
    return {
        "id": member_id,
        "birth_date": draw(st.sampled_from(BIRTHS)),
        "skills": skills,
        "wishes": wishes,
        "wish_priority": {s: draw(st.integers(1, 2)) for s in wishes},
        "availability": draw(windows()),
        "mentees_active": draw(st.sampled_from((0, 0, 1))),
        "mentor_capacity": draw(st.sampled_from((0, 1, 1, 2, 3))),
        "honorability_valid": draw(st.booleans()),
        "zone": draw(st.sampled_from(("alma", "epeule", None))),
    }


@st.composite
def random_instance(draw, low: int = 2, high: int = 5, **top: Any) -> Instance:
    n = draw(st.integers(low, high))
    members = [draw(random_member(f"m{i}")) for i in range(n)]
    policy = {
        "honorability_required": draw(st.booleans()),
        "mentor_objective": draw(st.sampled_from(("value", "served"))),
    }
    return mentor_instance(
        members,
        policy=policy,
        related_skills=[["cuisine", "patisserie", 0.6], ["couture", "cuisine", 0.4]],
        travel_minutes={"alma": {"epeule": 15}},
        collaborations=[["m0", "m1", 2]],
        **top,
    )
