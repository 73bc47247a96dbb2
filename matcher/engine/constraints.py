"""The hard constraints of a team: every one of the issue's rules 1–9, with its code.

``team_violations(instance, team)`` is the single judge of feasibility: a solver's team
and a coordinator's team go through the same checks, and a team is feasible exactly
when the list is empty. Member-level rules come precomputed from
:mod:`matcher.engine.pool`; this module adds the rules that depend on the team as a
whole (size, coverage, an adult beside minors, a pair at a private home, a teacher for
each apprenant) and checks any claims the team carries (who covers, who learns what
from whom).

When coverage fails because the only qualified members are minors on a hazardous line
(or avoid heavy loads), the team gets ``skill_coverage`` *and* the cause
(``minor_hazard`` / ``accommodation``), so a diagnosis can say what really blocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from matcher.engine.codes import CODES
from matcher.engine.coverage import TEACH_LEVEL, Coverage, coverage_assignment, lesson_options
from matcher.engine.eligibility import Blocker, hazard_names, member_blockers
from matcher.engine.instance import Instance
from matcher.engine.pool import Pool, prepare
from matcher.engine.team import Team, TeamMember, as_team
from matcher.engine.wording import day, join, quote
from matcher.vocabulary import LICENCES

__all__ = [
    "Blocker",
    "Violation",
    "coverage_assignment",
    "member_blockers",
    "team_violations",
]

_ORDER = {code: i for i, code in enumerate(CODES)}


@dataclass(frozen=True)
class Violation:
    """A broken hard constraint: its code, the members concerned, a French explanation."""

    code: str
    members: tuple[str, ...]
    message_fr: str
    skill: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "members": list(self.members),
            "message_fr": self.message_fr,
        }
        if self.skill is not None:
            out["skill"] = self.skill
        return out


def team_violations(
    instance: Instance, team: Team | Iterable[Any] | Mapping[str, Any]
) -> list[Violation]:
    """Every hard constraint the team breaks; empty means the team may be proposed.

    ``team`` is a :class:`~matcher.engine.team.Team` or what :func:`as_team` accepts
    (member ids, or objects with ``id``, ``role``, ``covers``, ``learns``, ``teacher``).
    """
    pool = prepare(instance)
    team = as_team(instance, team)
    out: list[Violation] = []
    out += _licence(pool)
    out += _size(pool, team)
    for member in team.members:
        out += [
            Violation(b.code, (b.member,), b.message_fr)
            for b in pool.blockers[pool.index[member.id]]
        ]
    coverage = coverage_assignment(instance, [m.id for m in team.workers])
    out += _coverage(pool, team, coverage)
    for member in team.members:
        out += _claims(pool, member)
    out += _adults(pool, team)
    for learner in team.learners:
        out += _learning(pool, team, learner)
    out.sort(key=lambda v: _ORDER.get(v.code, len(_ORDER)))
    return out


def _name(pool: Pool, member_id: str) -> str:
    return pool.instance.member(member_id).label


def _names(pool: Pool, ids: Iterable[str]) -> str:
    return join([_name(pool, i) for i in ids])


def _licence(pool: Pool) -> list[Violation]:
    needed = pool.request.licence_required
    if needed is None or needed in pool.instance.carrier_licences:
        return []
    label = LICENCES.get(needed, needed)
    return [
        Violation(
            "licence",
            (),
            f"La demande exige {quote(label)} : la structure ne le détient pas, "
            "aucune équipe ne peut être proposée",
        )
    ]


def _size(pool: Pool, team: Team) -> list[Violation]:
    low, high = pool.request.team_size
    size, learners = len(team.members), len(team.learners)
    out = []
    if not low <= size <= high:
        wanted = f"{low}" if low == high else f"de {low} à {high}"
        out.append(
            Violation(
                "team_size",
                team.ids,
                f"L'équipe compte {size} membre{'s' if size > 1 else ''} ; il en faut {wanted}",
            )
        )
    if learners > pool.request.learning_slots:
        out.append(
            Violation(
                "team_size",
                tuple(m.id for m in team.learners),
                f"{learners} apprenant·e{'s' if learners > 1 else ''} pour "
                f"{pool.request.learning_slots} place(s) d'apprentissage",
            )
        )
    return out


def _line_label(pool: Pool, j: int) -> str:
    line = pool.request.skills[j]
    return f"{line.skill} (niveau {line.min_level} minimum)"


def _coverage(pool: Pool, team: Team, coverage: Coverage) -> list[Violation]:
    out = []
    workers = [pool.index[m.id] for m in team.workers]
    for j in coverage.missing:
        line = pool.request.skills[j]
        have = len(coverage.lines[j])
        out.append(
            Violation(
                "skill_coverage",
                coverage.lines[j],
                f"{_line_label(pool, j)} : {have} membre(s) sur {line.count} dans l'équipe",
                line.skill,
            )
        )
        qualified = [i for i in workers if pool.levels[i, j] >= line.min_level]
        barred = [i for i in qualified if not pool.allowed[i, j]]
        minors = [pool.ids[i] for i in barred if pool.minor[i]]
        if minors:
            out.append(
                Violation(
                    "minor_hazard",
                    tuple(minors),
                    f"{_names(pool, minors)} a le niveau en {line.skill} mais est mineur·e : "
                    f"cette tâche comporte un danger ({hazard_names(line.hazards)})",
                    line.skill,
                )
            )
        heavy = [pool.ids[i] for i in barred if not pool.minor[i]]
        if heavy:
            out.append(
                Violation(
                    "accommodation",
                    tuple(heavy),
                    f"{_names(pool, heavy)} a le niveau en {line.skill} mais ne porte pas de "
                    "charges lourdes (aménagement)",
                    line.skill,
                )
            )
    return out


def _claims(pool: Pool, member: TeamMember) -> list[Violation]:
    """Check the lines a member claims to cover (solver output, or a coordinator's choice)."""
    out = []
    i = pool.index[member.id]
    for skill in member.covers:
        lines = pool.lines_of(skill)
        who = _name(pool, member.id)
        if member.is_learner:
            out.append(
                Violation(
                    "skill_coverage",
                    (member.id,),
                    f"{who} est apprenant·e : un·e apprenant·e ne couvre pas {skill}",
                    skill,
                )
            )
        elif not lines:
            out.append(
                Violation(
                    "skill_coverage",
                    (member.id,),
                    f"{who} couvre {quote(skill)}, qui n'est pas une compétence de la demande",
                    skill,
                )
            )
        elif not any(pool.can_cover[i, j] for j in lines):
            out.append(_why_not(pool, i, lines[0], "couvrir"))
    return out


def _why_not(pool: Pool, i: int, j: int, verb: str) -> Violation:
    """The reason member ``i`` may not cover (or learn) line ``j``, with its code."""
    line = pool.request.skills[j]
    member_id = pool.ids[i]
    who = _name(pool, member_id)
    if not pool.allowed[i, j] and pool.minor[i]:
        return Violation(
            "minor_hazard",
            (member_id,),
            f"{who} est mineur·e : ne peut pas {verb} {line.skill}, tâche dangereuse "
            f"({hazard_names(line.hazards)})",
            line.skill,
        )
    if not pool.allowed[i, j]:
        return Violation(
            "accommodation",
            (member_id,),
            f"{who} ne porte pas de charges lourdes (aménagement) : ne peut pas {verb} "
            f"{line.skill}",
            line.skill,
        )
    level = int(pool.levels[i, j])
    declared = "ne l'a pas déclarée" if level < 0 else f"a le niveau {level}"
    return Violation(
        "skill_coverage",
        (member_id,),
        f"{who} ne peut pas {verb} {_line_label(pool, j)} : {declared}",
        line.skill,
    )


def _adults(pool: Pool, team: Team) -> list[Violation]:
    rows = [pool.index[m.id] for m in team.members]
    if not rows:
        return []
    out = []
    minors = [pool.ids[i] for i in rows if pool.minor[i]]
    for s, session in enumerate(pool.request.sessions):
        young = [pool.ids[i] for i in rows if pool.minor_at[i, s]]
        if young and all(pool.minor_at[i, s] for i in rows):
            out.append(
                Violation(
                    "adult_present",
                    tuple(young),
                    f"Le {day(session.date)}, l'équipe ne compte que des mineur·es "
                    f"({_names(pool, young)}) : il faut au moins un·e adulte",
                )
            )
            break
    if pool.request.private_home and minors and len(rows) < 2:
        out.append(
            Violation(
                "private_home_pair",
                tuple(minors),
                f"Au domicile d'un client, {_names(pool, minors)} (mineur·e) ne va pas seul·e : "
                "il faut au moins deux membres",
            )
        )
    return out


def _learning(pool: Pool, team: Team, learner: TeamMember) -> list[Violation]:
    instance = pool.instance
    who = _name(pool, learner.id)
    workers = [m.id for m in team.workers]
    options = lesson_options(instance, learner.id, workers)
    out: list[Violation] = []
    i = pool.index[learner.id]
    for skill in learner.learns:
        lines = pool.lines_of(skill)
        if lines and not pool.allowed_skill(i, skill):
            bad = next(j for j in lines if not pool.allowed[i, j])
            out.append(_why_not(pool, i, bad, "apprendre"))
    if learner.learns:
        options = [o for o in options if o.skill in learner.learns]
    if learner.teacher is not None:
        options = [o for o in options if o.teacher == learner.teacher]
    if options:
        return out
    wished = [s for s in pool.request.skill_ids if s in instance.member(learner.id).wishes]
    if not wished:
        reason = "ne souhaite apprendre aucune compétence de la demande"
    else:
        reason = (
            f"personne dans l'équipe ne peut lui transmettre {join(wished)} "
            f"(niveau {TEACH_LEVEL} déclaré au moins)"
        )
        if learner.learns or learner.teacher:
            reason += " avec l'apprentissage ou le·la transmetteur·rice indiqué·e"
        barred = [s for s in wished if not pool.allowed_skill(i, s)]
        if barred and not learner.learns:
            line = pool.lines_of(barred[0])
            out.append(
                _why_not(pool, i, next(j for j in line if not pool.allowed[i, j]), "apprendre")
            )
    out.append(Violation("learner_teacher", (learner.id,), f"{who} est apprenant·e mais {reason}"))
    return out
