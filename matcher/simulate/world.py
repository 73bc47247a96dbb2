"""One policy's copy of the cooperative as the weeks go by: missions, hours, levels.

Each policy works on its own deep copy of the starting dataset, so what one policy
staffs or teaches never leaks into another. Staffing a team writes what accepting a
proposal writes in the real application (a mission, its members and their hours-ledger
rows), so the next instance built from the dataset sees those hours as booked and paid.
Levels change only through :meth:`World.learn`, which records every gain.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from matcher.domain import (
    Dataset,
    HoursEntry,
    MemberSkill,
    Mission,
    MissionMember,
    RequestSession,
)
from matcher.engine.coverage import TEACH_LEVEL
from matcher.simulate.arrivals import Arrival
from matcher.vocabulary import MAX_LEVEL

__all__ = ["Gain", "Staffing", "World"]


@dataclass(frozen=True)
class Gain:
    """One level learned: ``source`` is ``mission`` (apprenant) or ``pair`` (a meeting)."""

    week: int
    member_id: str
    skill_id: str
    to_level: int
    source: str


@dataclass(frozen=True)
class Staffing:
    """A staffed request: the team as the engine placed it (roles, learns, teacher)."""

    week: int
    request_id: str
    members: tuple[dict[str, Any], ...]
    hours_per_member: float


@dataclass
class World:
    """The dataset of one policy plus what happened to it."""

    dataset: Dataset
    gains: list[Gain] = field(default_factory=list)
    staffed: list[Staffing] = field(default_factory=list)
    unstaffed: list[tuple[int, str]] = field(default_factory=list)
    violations: int = 0

    @staticmethod
    def copy_of(dataset: Dataset) -> World:
        return World(copy.deepcopy(dataset))

    def __post_init__(self) -> None:
        self._skills = {(s.member_id, s.skill_id): s for s in self.dataset.member_skills}
        self._requests = {r.id: r for r in self.dataset.requests}
        self._sessions: dict[str, list[RequestSession]] = {}
        for session in self.dataset.request_sessions:
            self._sessions.setdefault(session.request_id, []).append(session)

    def level(self, member_id: str, skill_id: str) -> int | None:
        """Declared level, or None when the skill is not declared at all."""
        row = self._skills.get((member_id, skill_id))
        return None if row is None else row.level

    def learn(self, week: int, member_id: str, skill_id: str, source: str) -> bool:
        """One level more (a first level when undeclared), up to 4; False at the top.

        A wish is fulfilled at the level from which one can lead and teach (3): it leaves
        the member's wishes, so no learning slot or mentor is spent on it any more.
        """
        row = self._skills.get((member_id, skill_id))
        if row is None:
            row = MemberSkill(member_id, skill_id, 1, evidence_ref="simulation")
            self.dataset.member_skills.append(row)
            self._skills[member_id, skill_id] = row
        elif row.level >= MAX_LEVEL:
            return False
        else:
            row.level += 1
        if row.level >= TEACH_LEVEL:
            self.dataset.learning_wishes[:] = [
                w
                for w in self.dataset.learning_wishes
                if (w.member_id, w.skill_id) != (member_id, skill_id)
            ]
        self.gains.append(Gain(week, member_id, skill_id, row.level, source))
        return True

    def add_request(self, arrival: Arrival) -> None:
        """A request reaches the collective: its row, sessions and required skills.

        The rows are copied: each world marks its own requests done or cancelled.
        """
        request = copy.copy(arrival.request)
        self.dataset.requests.append(request)
        self.dataset.request_sessions.extend(arrival.sessions)
        self.dataset.required_skills.extend(arrival.skills)
        self._requests[request.id] = request
        self._sessions[request.id] = arrival.sessions

    def leave_unstaffed(self, week: int, request_id: str) -> None:
        """Nobody could take the request this week: the client is told, it is cancelled."""
        self._requests[request_id].status = "cancelled"
        self.unstaffed.append((week, request_id))

    def staff(self, week: int, request_id: str, team: dict[str, Any], decided: date) -> None:
        """Accept ``team`` (a ``rescore``/``solve_team`` team): mission, members, hours."""
        self._requests[request_id].status = "done"
        mission = Mission(
            f"mi-{request_id}",
            request_id,
            status="done",
            created_at=datetime.combine(decided, time(20, 0)),
        )
        self.dataset.missions.append(mission)
        for member in team["members"]:
            skill = (member["learns"] or member["covers"] or [None])[0]
            self.dataset.mission_members.append(
                MissionMember(mission.id, member["id"], member["role"], skill)
            )
            for session in self._sessions[request_id]:
                self.dataset.hours.append(
                    HoursEntry(
                        member["id"],
                        session.date,
                        session.start,
                        session.end,
                        mission_id=mission.id,
                    )
                )
        self.staffed.append(
            Staffing(week, request_id, tuple(team["members"]), team["hours_per_member"])
        )
