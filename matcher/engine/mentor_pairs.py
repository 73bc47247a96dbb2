"""One mentoring pair: may this member teach that skill to that learner, and how well?

Both mentor questions (mentors for one wish, mentors for every wish at once) and the
group sessions read the same judgement, so it lives here. A pair **qualifies** when

1. the mentor is not the learner and declares level ≥ 3 on the skill, or ≥ 3 on a skill
   related to it with relatedness ≥ 0.5 (``via_skill``; then the level value is
   multiplied by the relatedness: a cook is not quite a pastry chef);
2. the mentor has a free place: ``mentees_active < mentor_capacity``;
3. the safeguarding rules allow the meeting (:mod:`matcher.engine.safeguarding`);
4. their weekly availability unions share at least 1 h.

A qualifying pair gets a score, each criterion in [0, 1], and a weighted mean ``total``
(weights :data:`MENTOR_WEIGHTS`, in the order the issue ranks them):

* ``level`` — 1 for a level 4, 0.75 for a level 3 (as a team's learning criterion),
  times the relatedness when taught through a related skill;
* ``overlap`` — weekly hours in common, saturating at 4 h;
* ``proximity`` — ``1 − travel / max_travel_minutes``: one of the two travels, so the
  larger of their two limits counts; 0 beyond it, 1 within a zone, 0.5 when unknown;
* ``feedback`` — past missions together (the instance's ``collaborations``), saturating
  at 3: a pair that already worked well together starts on trust;
* ``reciprocity`` — 1 when the learner can teach (level ≥ 3) something the mentor wishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from matcher.engine.cache import per_instance
from matcher.engine.criteria import proximity_value
from matcher.engine.instance import Instance, Member
from matcher.engine.overlap import Weekly, intersect, minutes_by_day, total_minutes, weekly_union
from matcher.engine.safeguarding import Safeguard, safeguard
from matcher.engine.wording import duration, join
from matcher.vocabulary import WEEKDAYS_FR

__all__ = [
    "MENTOR_CODES",
    "MENTOR_LEVEL",
    "MENTOR_WEIGHTS",
    "MIN_OVERLAP_MINUTES",
    "RELATED_MIN",
    "Directory",
    "PairCheck",
    "Teaching",
    "candidates_for",
    "check_pair",
    "directory",
    "overlap_reason",
    "pair_reasons",
    "rounded",
    "teaching",
    "wish_weight",
]

#: A mentor (or an exchange teacher) declares at least this level.
MENTOR_LEVEL = 3
#: A related skill counts from this relatedness on.
RELATED_MIN = 0.5
#: At least this much weekly availability in common.
MIN_OVERLAP_MINUTES = 60
#: Weekly time in common from which the ``overlap`` criterion is 1.
FULL_OVERLAP_MINUTES = 240
#: Past missions together from which the ``feedback`` criterion is 1.
FULL_FEEDBACK_MISSIONS = 3
LEVEL_VALUE = MappingProxyType({3: 0.75, 4: 1.0})
MENTOR_WEIGHTS = MappingProxyType(
    {"level": 0.4, "overlap": 0.2, "proximity": 0.15, "feedback": 0.1, "reciprocity": 0.15}
)

#: Why a member cannot mentor a wish (diagnosis and ``unserved`` codes), French labels.
MENTOR_CODES = MappingProxyType(
    {
        "mentor_level": "Personne au niveau 3 sur la compétence (ni sur une compétence proche)",
        "mentor_capacity": "Mentor sans place libre",
        "honorability": "Adulte sans contrôle d'honorabilité auprès d'un·e mineur·e",
        "mentor_availability": "Moins d'1 h de disponibilités communes par semaine",
        "mentor_taken": "Mentors possibles déjà pris par d'autres souhaits",
    }
)


@dataclass(frozen=True, eq=False)
class Directory:
    """Per-instance lookups, so a suggestion reads a few lists instead of every member."""

    weekly: Mapping[str, Weekly]
    #: skill → ids of members declaring level ≥ 3 on it, in member order
    holders: Mapping[str, tuple[str, ...]]
    #: skill → ``(related skill, relatedness)`` with relatedness ≥ 0.5, best first
    related: Mapping[str, tuple[tuple[str, float], ...]]
    #: skill → ids of members wishing it, in member order
    wishers: Mapping[str, tuple[str, ...]]


@per_instance
def directory(instance: Instance) -> Directory:
    """Build the lookups once per instance (weekly unions, holders, related skills, wishers)."""
    holders: dict[str, list[str]] = {}
    wishers: dict[str, list[str]] = {}
    for m in instance.members:
        for skill, level in m.skills.items():
            if level >= MENTOR_LEVEL:
                holders.setdefault(skill, []).append(m.id)
        for skill in dict.fromkeys(m.wishes):
            wishers.setdefault(skill, []).append(m.id)
    related: dict[str, list[tuple[str, float]]] = {}
    for pair, r in instance.related_skills.items():
        if r >= RELATED_MIN:
            a, b = sorted(pair)
            related.setdefault(a, []).append((b, r))
            related.setdefault(b, []).append((a, r))
    return Directory(
        weekly=MappingProxyType({m.id: weekly_union(m.availability) for m in instance.members}),
        holders=MappingProxyType({k: tuple(v) for k, v in holders.items()}),
        related=MappingProxyType(
            {k: tuple(sorted(v, key=lambda x: (-x[1], x[0]))) for k, v in related.items()}
        ),
        wishers=MappingProxyType({k: tuple(v) for k, v in wishers.items()}),
    )


@dataclass(frozen=True)
class Teaching:
    """How a member can teach a skill: their declared level, directly or via a related skill."""

    level: int
    via_skill: str | None = None
    relatedness: float = 1.0

    @property
    def value(self) -> float:
        return LEVEL_VALUE.get(min(self.level, 4), 0.0) * self.relatedness


def teaching(instance: Instance, member: Member, skill: str) -> Teaching | None:
    """Best way ``member`` can teach ``skill`` (direct first), None when they cannot."""
    level = member.level(skill)
    if level is not None and level >= MENTOR_LEVEL:
        return Teaching(level)
    best: Teaching | None = None
    for other, r in directory(instance).related.get(skill, ()):
        other_level = member.level(other)
        if other_level is not None and other_level >= MENTOR_LEVEL:
            option = Teaching(other_level, other, r)
            if best is None or option.value > best.value:
                best = option
    return best


def wish_weight(member: Member, skill: str) -> float:
    """``1 / wish_priority`` (1 = most wished, the default)."""
    return 1.0 / member.wish_priority.get(skill, 1)


@dataclass(frozen=True)
class PairCheck:
    """The judgement of one (mentor, learner, skill): blocking codes, or a score."""

    mentor: Member
    learner: Member
    skill: str
    teaching: Teaching
    #: codes of :data:`MENTOR_CODES` that bar the pair (empty: it qualifies)
    blocking: tuple[str, ...]
    common: Weekly
    guard: Safeguard
    travel: float | None
    #: skills the learner can teach back among the mentor's wishes
    gives_back: tuple[str, ...]
    score: Mapping[str, float]

    @property
    def ok(self) -> bool:
        return not self.blocking

    @property
    def common_minutes(self) -> int:
        return total_minutes(self.common)

    @property
    def total(self) -> float:
        return self.score["total"]


def check_pair(instance: Instance, mentor: Member, learner: Member, skill: str) -> PairCheck | None:
    """Judge the pair; None when the mentor cannot teach the skill at all (or is the learner)."""
    how = teaching(instance, mentor, skill)
    if how is None or mentor.id == learner.id:
        return None
    weekly = directory(instance).weekly
    common = intersect(weekly[mentor.id], weekly[learner.id])
    guard = safeguard(instance, (mentor, learner))
    blocking = []
    if mentor.mentees_active >= mentor.mentor_capacity:
        blocking.append("mentor_capacity")
    if not guard.allowed:
        blocking.append("honorability")
    if total_minutes(common) < MIN_OVERLAP_MINUTES:
        blocking.append("mentor_availability")
    travel = instance.travel(learner.zone, mentor.zone)
    gives_back = tuple(
        w for w in dict.fromkeys(mentor.wishes) if (learner.level(w) or 0) >= MENTOR_LEVEL
    )
    values = {
        "level": how.value,
        "overlap": min(1.0, total_minutes(common) / FULL_OVERLAP_MINUTES),
        "proximity": proximity_value(
            travel, max(mentor.max_travel_minutes, learner.max_travel_minutes)
        ),
        "feedback": min(1.0, instance.together(mentor.id, learner.id) / FULL_FEEDBACK_MISSIONS),
        "reciprocity": 1.0 if gives_back else 0.0,
    }
    total = sum(MENTOR_WEIGHTS[c] * v for c, v in values.items()) / sum(MENTOR_WEIGHTS.values())
    return PairCheck(
        mentor=mentor,
        learner=learner,
        skill=skill,
        teaching=how,
        blocking=tuple(blocking),
        common=common,
        guard=guard,
        travel=travel,
        gives_back=gives_back,
        score=MappingProxyType({"total": total, **values}),
    )


def candidates_for(
    instance: Instance, learner: Member, skill: str, *, with_room_only: bool = False
) -> list[PairCheck]:
    """Every member who can teach ``skill`` (directly or via a related skill), judged.

    ``with_room_only`` skips, before any other work, mentors without a free place: the
    whole-collective assignment judges millions of pairs and only needs qualifying ones.
    """
    d = directory(instance)
    ids = dict.fromkeys(d.holders.get(skill, ()))
    for other, _ in d.related.get(skill, ()):
        ids.update(dict.fromkeys(d.holders.get(other, ())))
    mentors = (instance.member(i) for i in ids)
    if with_room_only:
        mentors = (m for m in mentors if m.mentees_active < m.mentor_capacity)
    checks = (check_pair(instance, m, learner, skill) for m in mentors)
    return [c for c in checks if c is not None]


def rounded(score: Mapping[str, float]) -> dict[str, float]:
    """Scores are shown to 4 decimals, as team scores are."""
    return {k: round(float(v), 4) for k, v in score.items()}


def _decimal(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def overlap_reason(common: Weekly) -> str:
    """``2 h de disponibilités en commun le mercredi`` (or the week's total and its best day)."""
    per_day = minutes_by_day(common)
    if not per_day:
        return "aucune disponibilité en commun"
    best = max(per_day, key=lambda d: per_day[d])
    if len(per_day) == 1:
        return f"{duration(per_day[best])} de disponibilités en commun le {WEEKDAYS_FR[best]}"
    return (
        f"{duration(sum(per_day.values()))} de disponibilités en commun par semaine, "
        f"dont {duration(per_day[best])} le {WEEKDAYS_FR[best]}"
    )


def pair_reasons(instance: Instance, check: PairCheck) -> list[str]:
    """Facts a learner (and their coordinator) can check, addressed to the learner."""
    how = check.teaching
    if how.via_skill is None:
        out = [f"niveau {how.level} en {check.skill} : peut transmettre"]
    else:
        out = [
            f"niveau {how.level} en {how.via_skill}, compétence proche de {check.skill} "
            f"(parenté {_decimal(how.relatedness)}) : peut transmettre les bases"
        ]
    out.append(overlap_reason(check.common))
    mentor, learner = check.mentor, check.learner
    if check.travel is not None:
        limit = max(mentor.max_travel_minutes, learner.max_travel_minutes)
        if check.travel == 0:
            out.append("dans le même quartier")
        elif check.travel > limit:
            out.append(f"à {duration(check.travel)} de trajet, au-delà de {duration(limit)}")
        else:
            out.append(f"à {duration(check.travel)} de trajet")
    together = instance.together(mentor.id, learner.id)
    if together > 0:
        missions = f"{together:g} mission{'s' * (together > 1)}"
        out.append(f"vous avez déjà travaillé ensemble ({missions})")
    if check.gives_back:
        out.append(f"vous pourrez lui apprendre {join(list(check.gives_back))} en retour")
    free = mentor.mentor_capacity - mentor.mentees_active
    out.append(f"encore {free} place{'s' * (free > 1)} d'apprenant·e libre{'s' * (free > 1)}")
    return out
