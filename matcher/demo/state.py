"""Working state of the generator: the collectives to plan and the people simulated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matcher.domain import Collective, Member


@dataclass
class _Plan:
    """A collective to generate, with what the generator needs beside the stored row."""

    collective: Collective
    zones: tuple[str, ...]
    size: int
    #: User who approves pairs and accepts proposals (its coordinator, else the admin).
    staff_user: str
    coordinator_login: str | None = None
    season: tuple[date, date] | None = None
    #: Profiles over-represented here: a KPA grows around a few activities.
    focus: tuple[str, ...] = ()
    #: Request kinds its members can staff (set by the history): what clients ask of it.
    offer: tuple[str, ...] = ()

    def active_on(self, day: date) -> bool:
        """A summer CJS only works during its season; a KPA works all year."""
        return self.season is None or self.season[0] <= day <= self.season[1]


@dataclass(eq=False)
class _Person:
    """A member plus the working state of the simulation (skills, windows, hours ledger)."""

    member: Member
    birth: date
    levels: dict[str, int]
    wishes: list[str]
    windows: dict[int, tuple[int, int]]
    off: dict[date, tuple[int, int]]
    can_work: bool
    work_from: date
    work_to: date
    honorability: bool
    days: dict[date, list[tuple[int, int]]] = field(default_factory=dict)
    week_minutes: dict[tuple[int, int], int] = field(default_factory=dict)
    total_minutes: int = 0

    @property
    def id(self) -> str:
        return self.member.id
