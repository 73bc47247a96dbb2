"""Plain domain objects: what a cooperative is made of, with no I/O.

Each dataclass mirrors one stored table, field for field, so storage, exports and
imports can move them generically (``dataclasses.asdict``) while algorithms receive
plain, typed values. Children point to their parent by id instead of nesting, which
keeps a whole cooperative a flat, diffable :class:`Dataset`.

Age is never stored: it is computed at the date that matters (a session's date), by
:func:`age_on` and :func:`is_minor_on`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, time

from matcher.vocabulary import ADULT_AGE


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on ``day`` (a birthday counts from its own day)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def is_minor_on(birth_date: date, day: date) -> bool:
    """True when the person is under 18 on ``day``: the protections apply that day."""
    return age_on(birth_date, day) < ADULT_AGE


def hours_between(start: time, end: time) -> float:
    """Hours from ``start`` to ``end`` on one day (intervals never cross midnight)."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return max(minutes, 0) / 60


@dataclass
class Network:
    id: str
    name: str


@dataclass
class Collective:
    id: str
    network_id: str
    name: str
    kind: str = "kpa"
    territory: str = ""
    season: str = ""
    fairness_policy: str = "equal_hours"
    default_weekly_hour_cap: float = 35.0
    #: Licences the carrier holds, e.g. ``["garde_moins_3_ans"]``.
    licences: list[str] = field(default_factory=list)
    honorability_required: bool = False


@dataclass
class Skill:
    id: str
    label_fr: str
    label_en: str = ""
    synonyms_fr: list[str] = field(default_factory=list)
    kind: str = "savoir_faire"
    domain: str = ""
    parent: str | None = None
    esco_uri: str | None = None
    rome_code: str | None = None
    hazards: list[str] = field(default_factory=list)
    min_age: int = 16


@dataclass
class Member:
    """The pseudonymous member the algorithms see (no legal name, no birth date)."""

    id: str
    collective_id: str
    display_name: str
    status: str = "volunteer"
    contract_start: date | None = None
    contract_end: date | None = None
    home_zone: str = ""
    mobility: str = "walk"
    max_travel_minutes: int = 30
    languages: list[str] = field(default_factory=lambda: ["fr"])
    desired_hours_min: float = 0.0
    desired_hours_max: float = 35.0
    accommodations: list[str] = field(default_factory=list)
    visibility: str = "public"
    joined_on: date | None = None
    left_on: date | None = None


@dataclass
class MemberPrivate:
    """Coordinator-only facts about a member: never exported without ``--include-private``."""

    member_id: str
    legal_name: str
    birth_date: date
    contact: str = ""
    parental_authorisation_date: date | None = None
    parental_authorisation_ref: str = ""
    honorability_date: date | None = None


@dataclass
class MemberSkill:
    member_id: str
    skill_id: str
    level: int
    evidence: str = "self"
    evidence_ref: str = ""
    last_practised: date | None = None
    validated_by: str | None = None
    validated_at: datetime | None = None


@dataclass
class LearningWish:
    member_id: str
    skill_id: str
    priority: int = 1


@dataclass
class Passion:
    member_id: str
    text: str


@dataclass
class Availability:
    """A weekly window; ``weekday`` is one of ``mon``…``sun``; [start, end) local time."""

    member_id: str
    weekday: str
    start: time
    end: time


@dataclass
class Unavailability:
    """A dated exception; without times the whole day is off."""

    member_id: str
    date: date
    start: time | None = None
    end: time | None = None
    reason: str = ""


@dataclass
class ServiceRequest:
    id: str
    collective_id: str
    client: str
    title: str
    description: str = ""
    zone: str = ""
    estimated_person_hours: float | None = None
    team_size_min: int = 1
    team_size_max: int = 1
    learning_slots: int = 0
    hazards: list[str] = field(default_factory=list)
    licence_required: str | None = None
    private_home: bool = False
    status: str = "open"
    created_on: date | None = None


@dataclass
class RequestSession:
    request_id: str
    date: date
    start: time
    end: time


@dataclass
class RequiredSkill:
    request_id: str
    skill_id: str
    min_level: int = 1
    count: int = 1
    optional: bool = False
    hazards: list[str] = field(default_factory=list)


@dataclass
class Proposal:
    id: str
    kind: str
    collective_id: str
    request_id: str | None = None
    batch_run_id: str | None = None
    week: str = ""
    rank: int = 1
    score: float = 0.0
    score_breakdown: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    status: str = "pending"
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str = ""
    created_at: datetime | None = None


@dataclass
class ProposalMember:
    """A member's place in a proposal; ``detail`` keeps what the engine said about them:
    ``{"covers": [...], "learns": [...], "teacher": id | None, "reasons": [...]}``."""

    proposal_id: str
    member_id: str
    role: str
    skill_id: str | None = None
    detail: dict[str, object] = field(default_factory=dict)


@dataclass
class Mission:
    id: str
    request_id: str
    proposal_id: str | None = None
    status: str = "planned"
    created_at: datetime | None = None


@dataclass
class MissionMember:
    """A member on a mission; ``outcome`` and ``hours_worked`` are filled when it closes."""

    mission_id: str
    member_id: str
    role: str
    skill_id: str | None = None
    outcome: str = ""
    hours_worked: float | None = None


@dataclass
class HoursEntry:
    """One line of the hours ledger: the source of truth for legal caps and fairness."""

    member_id: str
    date: date
    start: time
    end: time
    kind: str = "mission"
    paid: bool = True
    mission_id: str | None = None

    @property
    def hours(self) -> float:
        return hours_between(self.start, self.end)


@dataclass
class PeerLearningPair:
    id: str
    mentor_id: str
    learner_id: str
    skill_id: str
    status: str = "active"
    approved_by: str | None = None
    approved_at: datetime | None = None
    sessions_held: int = 0
    started_on: date | None = None
    ended_on: date | None = None


@dataclass
class Feedback:
    id: str
    author: str
    rating: int
    comment: str = ""
    mission_id: str | None = None
    pair_id: str | None = None
    member_id: str | None = None
    created_at: datetime | None = None


@dataclass
class BatchRun:
    id: str
    week: str
    collective_id: str | None = None
    parameters: dict[str, object] = field(default_factory=dict)
    code_version: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    started_at: datetime | None = None
    duration_seconds: float = 0.0
    status: str = "done"


@dataclass
class AuditEntry:
    at: datetime
    actor: str
    action: str
    target: str = ""
    detail: str = ""


@dataclass
class User:
    id: str
    login: str
    role: str
    password_hash: str = ""
    member_id: str | None = None
    collective_id: str | None = None
    active: bool = True
    totp_secret: str | None = None
    api_token_hash: str | None = None


@dataclass
class LevelEvidence:
    """One piece of evidence that a member progressed on a skill (a mission or a pair)."""

    id: str
    member_id: str
    skill_id: str
    source: str
    source_id: str
    earned_on: date


@dataclass
class LevelChange:
    """A level change waiting for (or having had) a coordinator's validation."""

    id: str
    member_id: str
    skill_id: str
    from_level: int
    to_level: int
    status: str = "pending"
    evidence_count: int = 0
    created_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None


@dataclass
class RankingModel:
    """Criteria weights learned from a collective's decisions (see matcher.feedback)."""

    collective_id: str
    weights: dict[str, float] = field(default_factory=dict)
    decisions: int = 0
    fitted_at: datetime | None = None


@dataclass
class Dataset:
    """A whole cooperative network as flat lists, one per table, in dependency order.

    It is what the demo generator produces, what imports build and what exports
    write; storage saves and loads it in one transaction.
    """

    networks: list[Network] = field(default_factory=list)
    collectives: list[Collective] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    member_private: list[MemberPrivate] = field(default_factory=list)
    member_skills: list[MemberSkill] = field(default_factory=list)
    learning_wishes: list[LearningWish] = field(default_factory=list)
    passions: list[Passion] = field(default_factory=list)
    availabilities: list[Availability] = field(default_factory=list)
    unavailabilities: list[Unavailability] = field(default_factory=list)
    requests: list[ServiceRequest] = field(default_factory=list)
    request_sessions: list[RequestSession] = field(default_factory=list)
    required_skills: list[RequiredSkill] = field(default_factory=list)
    batch_runs: list[BatchRun] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    proposal_members: list[ProposalMember] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    mission_members: list[MissionMember] = field(default_factory=list)
    hours: list[HoursEntry] = field(default_factory=list)
    pairs: list[PeerLearningPair] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    audit_log: list[AuditEntry] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    level_evidence: list[LevelEvidence] = field(default_factory=list)
    level_changes: list[LevelChange] = field(default_factory=list)
    ranking_models: list[RankingModel] = field(default_factory=list)

    def tables(self) -> list[tuple[str, list]]:
        """(table name, rows) pairs in dependency order (parents first)."""
        return [(f.name, getattr(self, f.name)) for f in dataclasses.fields(self)]


#: The dataclass stored in each table of a :class:`Dataset`.
TABLE_TYPES: dict[str, type] = {
    "networks": Network,
    "collectives": Collective,
    "members": Member,
    "member_private": MemberPrivate,
    "member_skills": MemberSkill,
    "learning_wishes": LearningWish,
    "passions": Passion,
    "availabilities": Availability,
    "unavailabilities": Unavailability,
    "requests": ServiceRequest,
    "request_sessions": RequestSession,
    "required_skills": RequiredSkill,
    "batch_runs": BatchRun,
    "proposals": Proposal,
    "proposal_members": ProposalMember,
    "missions": Mission,
    "mission_members": MissionMember,
    "hours": HoursEntry,
    "pairs": PeerLearningPair,
    "feedback": Feedback,
    "audit_log": AuditEntry,
    "users": User,
    "level_evidence": LevelEvidence,
    "level_changes": LevelChange,
    "ranking_models": RankingModel,
}
