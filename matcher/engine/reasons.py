"""Why each member is on the team, in plain French.

A coordinator must be able to check a proposal by reading it, so each reason names a
fact from the instance (a level, paid hours, a travel time), never a score:
``"couvre cuisine au niveau 3"``, ``"n'a eu que 4 h payées en 8 semaines"``,
``"pause de 30 min incluse (séance de plus de 4 h 30)"``.
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.engine.criteria import RECENT_WEEKS, MemberValues
from matcher.engine.pool import Pool
from matcher.engine.roles import Placement
from matcher.engine.timerules import BREAK_AFTER_MINUTES, BREAK_MINUTES, break_minutes
from matcher.engine.wording import day, duration, join

__all__ = ["break_reason", "member_reasons"]


def break_reason(pool: Pool) -> str | None:
    """The break notice when at least one session lasts more than 4 h 30."""
    long = [s for s in pool.request.sessions if break_minutes(s)]
    if not long:
        return None
    which = (
        ""
        if len(long) == len(pool.request.sessions)
        else f" du {join([day(s.date) for s in long])}"
    )
    return (
        f"pause de {BREAK_MINUTES} min incluse (séance{which} de plus de "
        f"{duration(BREAK_AFTER_MINUTES)})"
    )


def _hours(hours: float) -> str:
    return duration(hours * 60)


def _fairness(pool: Pool, values: MemberValues, i: int) -> str:
    member = pool.instance.member(pool.ids[i])
    paid = _hours(member.paid_hours_recent)
    weeks = f"en {RECENT_WEEKS} semaines"
    if pool.instance.policy.fairness == "desired_hours":
        weekly = member.desired_hours_week
        wished = member.max_hours_week if weekly is None else weekly
        return f"a eu {paid} payées {weeks} pour {_hours(wished)} souhaitées par semaine"
    if member.paid_hours_recent < pool.roster.mean_paid:
        return f"n'a eu que {paid} payées {weeks}"
    return f"a eu {paid} payées {weeks}"


def member_reasons(
    pool: Pool, values: MemberValues, placement: Placement, team: Sequence[Placement]
) -> list[str]:
    """Reasons for one placed member, most telling first."""
    instance = pool.instance
    i = pool.index[placement.id]
    member = instance.member(placement.id)
    out: list[str] = []
    for skill in placement.covers:
        out.append(f"couvre {skill} au niveau {member.level(skill)}")
    if placement.role == "referent":
        out.append("référent·e de l'équipe (niveau le plus élevé sur une compétence couverte)")
    if placement.lesson is not None:
        teacher = instance.member(placement.lesson.teacher)
        out.append(
            f"apprend {placement.lesson.skill} auprès de {teacher.label} "
            f"(niveau {placement.lesson.teacher_level})"
        )
    taught = [
        f"{p.lesson.skill} à {instance.member(p.id).label}"
        for p in team
        if p.lesson is not None and p.lesson.teacher == placement.id
    ]
    if taught:
        out.append(f"transmet {join(taught)}")
    out.append(_fairness(pool, values, i))
    hits = values.passion_hits(i)
    if hits:
        out.append(f"passion en lien avec la demande : {join(list(hits))}")
    travel = values.travel(i)
    if travel is not None:
        if travel == 0:
            out.append("travaille dans son quartier")
        elif travel > member.max_travel_minutes:
            out.append(
                f"à {duration(travel)} de trajet, au-delà de ses "
                f"{duration(member.max_travel_minutes)}"
            )
        else:
            out.append(f"à {duration(travel)} de trajet")
    mates = [
        (instance.together(placement.id, p.id), instance.member(p.id).label)
        for p in team
        if p.id != placement.id and instance.together(placement.id, p.id) > 0
    ]
    if mates:
        listed = [f"{name} ({n:g} mission{'s' if n > 1 else ''})" for n, name in sorted(mates)]
        out.append(f"a déjà travaillé avec {join(listed)}")
    notice = break_reason(pool)
    if notice:
        out.append(notice)
    return out
