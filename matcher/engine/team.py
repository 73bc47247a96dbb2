"""A team as a coordinator composes it, or as a solver proposes it.

A coordinator swapping a member in the UI sends little more than member ids; a solver
sends roles, covered skills, learned skills and teachers. Both become a :class:`Team`.
Roles matter to the hard constraints only through ``apprenant`` (an apprenant never
covers a line and must learn); ``referent`` is a role the engine recomputes, never a
constraint. Claims (``covers``, ``learns``, ``teacher``) are optional; when given, they
are checked too (see :func:`matcher.engine.constraints.team_violations`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from matcher.engine.instance import Instance
from matcher.engine.wording import quote
from matcher.vocabulary import MISSION_ROLES

__all__ = ["LEARNER", "Team", "TeamError", "TeamMember", "as_team"]

LEARNER = "apprenant"


class TeamError(ValueError):
    """The team itself is malformed (unknown member, same member twice, unknown role)."""


@dataclass(frozen=True)
class TeamMember:
    """One member of a team; ``role`` None means "not an apprenant, role to be computed"."""

    id: str
    role: str | None = None
    covers: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    teacher: str | None = None

    @property
    def is_learner(self) -> bool:
        return self.role == LEARNER


@dataclass(frozen=True)
class Team:
    members: tuple[TeamMember, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.members)

    @property
    def learners(self) -> tuple[TeamMember, ...]:
        return tuple(m for m in self.members if m.is_learner)

    @property
    def workers(self) -> tuple[TeamMember, ...]:
        """Members who may cover lines and teach: everyone but the apprenants."""
        return tuple(m for m in self.members if not m.is_learner)


def _member(value: str | Mapping[str, Any] | TeamMember) -> TeamMember:
    if isinstance(value, TeamMember):
        return value
    if isinstance(value, str):
        return TeamMember(value)
    if not isinstance(value, Mapping) or not isinstance(value.get("id"), str):
        raise TeamError(f"{quote(value)} : un membre d'équipe est un id ou un objet avec « id »")
    role = value.get("role")
    if role is not None and role not in MISSION_ROLES:
        raise TeamError(f"{quote(role)} n'est pas un rôle ({', '.join(MISSION_ROLES)})")
    teacher = value.get("teacher")
    return TeamMember(
        id=value["id"],
        role=role,
        covers=tuple(value.get("covers") or ()),
        learns=tuple(value.get("learns") or ()),
        teacher=teacher if isinstance(teacher, str) else None,
    )


def as_team(instance: Instance, value: Team | Iterable[Any] | Mapping[str, Any]) -> Team:
    """Normalise ``["m01", {"id": "m02", "role": "apprenant"}]`` (or ``{"members": …}``).

    Raises :class:`TeamError` for an id that is not in the instance or given twice: those
    are mistakes in the caller, not broken rules of the cooperative.
    """
    if isinstance(value, Team):
        team = value
    else:
        raw = value.get("members", ()) if isinstance(value, Mapping) else value
        team = Team(tuple(_member(item) for item in raw))
    seen: set[str] = set()
    for member in team.members:
        if not instance.has_member(member.id):
            raise TeamError(f"{quote(member.id)} n'est pas un membre de l'instance")
        if member.id in seen:
            raise TeamError(f"{quote(member.id)} figure deux fois dans l'équipe")
        seen.add(member.id)
    return team
