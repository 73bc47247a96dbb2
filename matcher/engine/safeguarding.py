"""Safeguarding of mentoring and peer exchanges: who may meet whom, and on what terms.

Teams work dated sessions, so a team member's age is judged on each session date. A
mentoring relation or an exchange has no date: it starts when a coordinator approves it
and lasts weeks. Ages are therefore computed on one **reference date**: the instance's
``date`` field when given (so a JSON instance replays identically), else the day the
question is asked. A member under 18 on that date is a minor.

The rules (docs/instance-format.md, "Mentors et échanges") are applied to every group
of people who would meet — a mentor and a learner, a group session, or two members of an
exchange cycle who teach one another:

* any group with a minor needs a coordinator's approval (``requires_approval``);
* a group mixing adults and minors meets at KPA or in a public place (``place``);
* with ``policy.honorability_required``, an adult without ``honorability_valid`` never
  meets a minor. The issue states it for adults proposed *to* minors; the engine applies
  it whichever way the teaching goes (a minor teaching an adult still meets that adult
  alone), which is the protective reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from matcher.domain import age_on, is_minor_on
from matcher.engine.cache import per_instance
from matcher.engine.instance import Instance, Member

__all__ = [
    "PUBLIC_PLACE",
    "Safeguard",
    "age_label",
    "approval_reason",
    "minors",
    "reference_date",
    "safeguard",
]

#: ``place`` of a meeting between an adult and a minor.
PUBLIC_PLACE = "kpa_or_public"


def reference_date(instance: Instance) -> date:
    """The date ages are computed on: the instance's ``date``, else today."""
    return instance.reference_date or date.today()


@per_instance
def minors(instance: Instance) -> frozenset[str]:
    """Ids of the members under 18 on the reference date."""
    on = reference_date(instance)
    return frozenset(m.id for m in instance.members if is_minor_on(m.birth_date, on))


@dataclass(frozen=True)
class Safeguard:
    """What a group of members meeting regularly requires."""

    #: False when the honorability rule forbids the meeting
    allowed: bool
    requires_approval: bool
    #: ``"kpa_or_public"`` for an adult–minor meeting, else None (the members choose)
    place: str | None
    #: adults lacking a valid honorability check while meeting a minor (under the policy)
    unchecked_adults: tuple[str, ...] = ()
    #: the minors of the group
    minor_ids: tuple[str, ...] = ()


def safeguard(instance: Instance, members: Iterable[Member]) -> Safeguard:
    """The safeguarding terms of a meeting between ``members`` (two or more).

    >>> from matcher.engine.instance import parse_instance
    >>> inst = parse_instance({"date": "2026-12-01", "policy": {"honorability_required": True},
    ...     "members": [{"id": "ado", "birth_date": "2010-01-01", "skills": {}, "availability": []},
    ...                 {"id": "adu", "birth_date": "1990-01-01", "skills": {}, "availability": []}]})
    >>> safeguard(inst, [inst.member("ado"), inst.member("adu")])
    Safeguard(allowed=False, requires_approval=True, place='kpa_or_public', unchecked_adults=('adu',), minor_ids=('ado',))
    """  # noqa: E501
    group = list(members)
    under = minors(instance)
    young = tuple(m.id for m in group if m.id in under)
    adults = [m for m in group if m.id not in under]
    mixed = bool(young) and bool(adults)
    unchecked: tuple[str, ...] = ()
    if mixed and instance.policy.honorability_required:
        unchecked = tuple(m.id for m in adults if not m.honorability_valid)
    return Safeguard(
        allowed=not unchecked,
        requires_approval=bool(young),
        place=PUBLIC_PLACE if mixed else None,
        unchecked_adults=unchecked,
        minor_ids=young,
    )


def age_label(instance: Instance, member: Member) -> str:
    """``"16 ans"`` on the reference date (for messages)."""
    return f"{age_on(member.birth_date, reference_date(instance))} ans"


def approval_reason(guard: Safeguard) -> str | None:
    """The French notice of a meeting's safeguarding terms, None when none apply."""
    if not guard.requires_approval:
        return None
    if guard.place == PUBLIC_PLACE:
        return (
            "mineur·e concerné·e : accord d'un·e animateur·rice requis, rencontres au local "
            "KPA ou dans un lieu public"
        )
    return "mineur·es concerné·es : accord d'un·e animateur·rice requis"
