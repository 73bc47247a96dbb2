"""From a stored cooperative to the engine's JSON instance.

The engine opens no database (see :mod:`matcher.engine.instance`): services, the weekly
batch and the simulator describe the cooperative as it is with the *same* JSON a person
can save and replay with ``matcher solve``. This module is that translation, and the only
place that decides how stored facts become engine facts:

* a member enters an instance only with a birth date (``member_private``): without one
  their age cannot be checked, so they are left out (fail closed);
* ``contract_valid`` holds for every status but ``visitor`` (a volunteer's membership
  engagement is their basis for taking part, as in the demo's history) when the recorded
  contract dates, if any, cover every session date (or ``today`` for mentors and
  exchanges); ``parental_authorisation`` when its date is recorded;
  ``honorability_valid`` when the attestation is at most :data:`HONORABILITY_YEARS` old;
* ``booked`` is the hours ledger around the sessions (the ISO weeks of the sessions and
  the day on either side, for caps and rest) plus ``extra_booked``, e.g. the rank-1 teams
  the weekly batch already chose for other requests of the week;
* ``paid_hours_recent`` is the paid hours of the :data:`RECENT_WEEKS` weeks before ``today``;
* ``max_hours_week`` is the member's own maximum within the collective's weekly cap;
* travel between two different quartiers is estimated at :data:`QUARTIER_TRAVEL_MINUTES`
  (no travel-time data is stored yet); within a quartier it is 0;
* the collective's fairness policy maps onto the engine's two (``equal_hours`` and
  ``equal_income`` → ``equal_hours``; the others → ``desired_hours``).

Use :class:`InstanceBuilder` to build many instances from one dataset (it indexes the
dataset once); :func:`request_instance` and :func:`collective_instance` are one-off
shortcuts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, time, timedelta
from itertools import combinations
from typing import Any

from matcher.domain import Dataset, Member
from matcher.graph.skills import load_skill_relations
from matcher.holidays import french_public_holidays

__all__ = [
    "HONORABILITY_YEARS",
    "INSTANCE_TABLES",
    "QUARTIER_TRAVEL_MINUTES",
    "RECENT_WEEKS",
    "BookedSlot",
    "InstanceBuilder",
    "collective_instance",
    "request_instance",
]

#: Paid hours over this many weeks before ``today`` feed the fairness criterion.
RECENT_WEEKS = 8
#: An honorability attestation older than this is no longer valid.
HONORABILITY_YEARS = 3
#: Estimated travel between two different quartiers (minutes).
QUARTIER_TRAVEL_MINUTES = 15
#: Collective fairness policies (matcher.vocabulary) → the engine's fairness policies.
ENGINE_FAIRNESS = {
    "equal_hours": "equal_hours",
    "equal_income": "equal_hours",
    "proportional_to_presence": "desired_hours",
    "needs_weighted": "desired_hours",
}

#: The Dataset tables an instance is built from (what a caller needs to read).
INSTANCE_TABLES = frozenset(
    {
        "collectives",
        "members",
        "member_private",
        "member_skills",
        "learning_wishes",
        "passions",
        "availabilities",
        "unavailabilities",
        "requests",
        "request_sessions",
        "required_skills",
        "mission_members",
        "hours",
        "pairs",
    }
)

#: A dated interval a member is already busy: (date, start, end).
BookedSlot = tuple[date, time, time]


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M")


def _present(member: Member, first: date, last: date) -> bool:
    joined = member.joined_on is None or member.joined_on <= last
    return joined and (member.left_on is None or member.left_on > first)


class InstanceBuilder:
    """Index a :class:`Dataset` once, then build as many instances as needed.

    ``today`` is the day the question is asked: it dates recent hours, contracts for
    mentoring and honorability. ``weights`` (per collective id) override the default
    criteria weights, e.g. with weights learned from coordinators' decisions.
    """

    def __init__(
        self,
        dataset: Dataset,
        *,
        today: date,
        weights: Mapping[str, Mapping[str, float]] | None = None,
    ) -> None:
        self.dataset = dataset
        self.today = today
        self.weights = weights or {}
        self._collectives = {c.id: c for c in dataset.collectives}
        self._requests = {r.id: r for r in dataset.requests}
        self._private = {p.member_id: p for p in dataset.member_private}
        self._members_of: dict[str, list[Member]] = defaultdict(list)
        for member in dataset.members:
            self._members_of[member.collective_id].append(member)
        self._by_member: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for table in ("member_skills", "learning_wishes", "passions"):
            for row in getattr(dataset, table):
                self._by_member[row.member_id][table].append(row)
        for table in ("availabilities", "unavailabilities", "hours"):
            for row in getattr(dataset, table):
                self._by_member[row.member_id][table].append(row)
        self._sessions: dict[str, list[Any]] = defaultdict(list)
        for session in dataset.request_sessions:
            self._sessions[session.request_id].append(session)
        self._lines: dict[str, list[Any]] = defaultdict(list)
        for line in dataset.required_skills:
            self._lines[line.request_id].append(line)
        self._mentees = Counter(
            p.mentor_id for p in dataset.pairs if p.status in ("active", "awaiting_approval")
        )
        self._collaborations = self._count_collaborations()

    # --- pieces --------------------------------------------------------------------------

    def _count_collaborations(self) -> Counter[tuple[str, str]]:
        teams: dict[str, list[str]] = defaultdict(list)
        for row in self.dataset.mission_members:
            teams[row.mission_id].append(row.member_id)
        together: Counter[tuple[str, str]] = Counter()
        for team in teams.values():
            together.update(combinations(sorted(set(team)), 2))
        return together

    def _policy(self, collective_id: str) -> dict[str, Any]:
        collective = self._collectives[collective_id]
        policy: dict[str, Any] = {
            "fairness": ENGINE_FAIRNESS.get(collective.fairness_policy, "equal_hours"),
            "honorability_required": collective.honorability_required,
        }
        if collective_id in self.weights:
            policy["weights"] = dict(self.weights[collective_id])
        return policy

    def _member(
        self, member: Member, first: date, last: date, extra: Iterable[BookedSlot]
    ) -> dict[str, Any] | None:
        private = self._private.get(member.id)
        if private is None:
            return None
        rows = self._by_member[member.id]
        collective = self._collectives[member.collective_id]
        contract = (
            member.status != "visitor"
            and (member.contract_start is None or member.contract_start <= first)
            and (member.contract_end is None or member.contract_end >= last)
        )
        honorable = private.honorability_date is not None and (
            private.honorability_date
            <= self.today
            <= private.honorability_date + timedelta(days=365 * HONORABILITY_YEARS)
        )
        window_start = first - timedelta(days=first.weekday() + 1)
        window_end = last + timedelta(days=7 - last.weekday())
        recent_start = self.today - timedelta(weeks=RECENT_WEEKS)
        booked = [
            (h.date, h.start, h.end) for h in rows["hours"] if window_start <= h.date <= window_end
        ]
        booked.extend(extra)
        return {
            "id": member.id,
            "name": member.display_name,
            "birth_date": private.birth_date.isoformat(),
            "contract_valid": contract,
            "parental_authorisation": private.parental_authorisation_date is not None,
            "honorability_valid": honorable,
            "skills": {s.skill_id: s.level for s in rows["member_skills"]},
            "wishes": [w.skill_id for w in rows["learning_wishes"]],
            "wish_priority": {w.skill_id: w.priority for w in rows["learning_wishes"]},
            "availability": [
                {"day": a.weekday, "start": _hhmm(a.start), "end": _hhmm(a.end)}
                for a in rows["availabilities"]
            ],
            "unavailable": [
                {"date": u.date.isoformat()}
                if u.start is None or u.end is None
                else {"date": u.date.isoformat(), "start": _hhmm(u.start), "end": _hhmm(u.end)}
                for u in rows["unavailabilities"]
                if window_start <= u.date <= window_end
            ],
            "booked": [
                {"date": d.isoformat(), "start": _hhmm(s), "end": _hhmm(e)}
                for d, s, e in sorted(set(booked))
            ],
            "max_hours_week": min(member.desired_hours_max, collective.default_weekly_hour_cap),
            "desired_hours_week": member.desired_hours_max,
            "paid_hours_recent": round(
                sum(
                    h.hours for h in rows["hours"] if h.paid and recent_start <= h.date < self.today
                ),
                2,
            ),
            "zone": member.home_zone or None,
            "max_travel_minutes": member.max_travel_minutes,
            "passions": [p.text for p in rows["passions"]],
            "accommodations": list(member.accommodations),
            "mentees_active": self._mentees[member.id],
        }

    def _members(
        self,
        collective_id: str,
        first: date,
        last: date,
        extra_booked: Mapping[str, Iterable[BookedSlot]] | None = None,
    ) -> list[dict[str, Any]]:
        extra_booked = extra_booked or {}
        built = (
            self._member(m, first, last, extra_booked.get(m.id, ()))
            for m in self._members_of[collective_id]
            if _present(m, first, last)
        )
        return [m for m in built if m is not None]

    def _common(
        self,
        collective_id: str,
        members: list[dict[str, Any]],
        skills: set[str],
        top: int,
        seed: int,
    ) -> dict[str, Any]:
        ids = {m["id"] for m in members}
        zones = sorted({m["zone"] for m in members if m["zone"]})
        years = {self.today.year, self.today.year + 1}
        return {
            "seed": seed,
            "top": top,
            "policy": self._policy(collective_id),
            "members": members,
            "collaborations": [
                [a, b, n] for (a, b), n in self._collaborations.items() if a in ids and b in ids
            ],
            "related_skills": _related(skills),
            "travel_minutes": {
                a: {b: QUARTIER_TRAVEL_MINUTES for b in zones if b > a} for a in zones
            },
            "public_holidays": sorted(
                d.isoformat() for y in years for d in french_public_holidays(y)
            ),
            "carrier_licences": list(self._collectives[collective_id].licences),
        }

    # --- instances -----------------------------------------------------------------------

    def request(
        self,
        request_id: str,
        *,
        extra_booked: Mapping[str, Iterable[BookedSlot]] | None = None,
        top: int = 3,
        seed: int = 1,
    ) -> dict[str, Any]:
        """The instance that staffs one request (``KeyError`` for an unknown id)."""
        request = self._requests[request_id]
        sessions = sorted(self._sessions[request_id], key=lambda s: (s.date, s.start))
        if not sessions:
            raise ValueError(f"la demande {request_id} n'a aucune séance")
        first, last = sessions[0].date, sessions[-1].date
        lines = self._lines[request_id]
        members = self._members(request.collective_id, first, last, extra_booked)
        skills = {line.skill_id for line in lines}
        instance = self._common(request.collective_id, members, skills, top, seed)
        instance["request"] = {
            "id": request.id,
            "zone": request.zone or None,
            "passions": [t for t in (request.title, request.description) if t],
            "sessions": [
                {"date": s.date.isoformat(), "start": _hhmm(s.start), "end": _hhmm(s.end)}
                for s in sessions
            ],
            "skills": [
                {
                    "skill": line.skill_id,
                    "min_level": line.min_level,
                    "count": line.count,
                    "optional": line.optional,
                    "hazards": list(line.hazards),
                }
                for line in lines
            ],
            "team_size": [request.team_size_min, request.team_size_max],
            "learning_slots": request.learning_slots,
            "hazards": list(request.hazards),
            "licence_required": request.licence_required,
            "private_home": request.private_home,
        }
        return instance

    def collective(
        self,
        collective_id: str,
        *,
        wish: tuple[str, str] | None = None,
        top: int = 3,
        seed: int = 1,
    ) -> dict[str, Any]:
        """Mentors for ``wish`` = (member id, skill id); without it, the whole-collective
        mentor assignment and the peer exchanges (the engine tells them apart by the keys)."""
        members = self._members(collective_id, self.today, self.today)
        skills = {s for m in members for s in m["wishes"]}
        if wish is not None:
            skills.add(wish[1])
        instance = self._common(collective_id, members, skills, top, seed)
        instance["date"] = self.today.isoformat()
        if wish is not None:
            instance["wish"] = {"member": wish[0], "skill": wish[1]}
        return instance


def _related(skills: set[str]) -> list[list[Any]]:
    """Relatedness of the given skills to others, sources combined by their maximum."""
    best: dict[tuple[str, str], float] = {}
    for rel in load_skill_relations():
        if rel.skill_a in skills or rel.skill_b in skills:
            key = (rel.skill_a, rel.skill_b)
            best[key] = max(best.get(key, 0.0), rel.weight)
    return [[a, b, round(w, 4)] for (a, b), w in sorted(best.items())]


def request_instance(
    dataset: Dataset,
    request_id: str,
    *,
    today: date,
    weights: Mapping[str, float] | None = None,
    extra_booked: Mapping[str, Iterable[BookedSlot]] | None = None,
    top: int = 3,
    seed: int = 1,
) -> dict[str, Any]:
    """One-off :meth:`InstanceBuilder.request` (``weights`` for the request's collective)."""
    collectives = {r.id: r.collective_id for r in dataset.requests}
    collective = collectives[request_id]
    builder = InstanceBuilder(
        dataset, today=today, weights={collective: weights} if weights else None
    )
    return builder.request(request_id, extra_booked=extra_booked, top=top, seed=seed)


def collective_instance(
    dataset: Dataset,
    collective_id: str,
    *,
    today: date,
    wish: tuple[str, str] | None = None,
    weights: Mapping[str, float] | None = None,
    top: int = 3,
    seed: int = 1,
) -> dict[str, Any]:
    """One-off :meth:`InstanceBuilder.collective`."""
    builder = InstanceBuilder(
        dataset, today=today, weights={collective_id: weights} if weights else None
    )
    return builder.collective(collective_id, wish=wish, top=top, seed=seed)
