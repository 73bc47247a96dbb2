"""SQLAlchemy 2 mapping of the domain tables (typed ``Mapped[...]`` columns).

One class per :class:`matcher.domain.Dataset` table, column for field, so rows move
between the database and the domain dataclasses without per-table code
(see :mod:`matcher.storage.repository`). Lists and dicts are JSON columns. Child rows
without a natural key get a surrogate ``row_id`` that never leaves storage.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Id = String(64)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {list[str]: JSON, dict[str, Any]: JSON, str: String(255)}  # noqa: RUF012


def _member_fk(*, nullable: bool = False) -> Mapped[Any]:
    return mapped_column(Id, ForeignKey("members.id", ondelete="CASCADE"), nullable=nullable)


class NetworkRow(Base):
    __tablename__ = "networks"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str]


class CollectiveRow(Base):
    __tablename__ = "collectives"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    network_id: Mapped[str] = mapped_column(Id, ForeignKey("networks.id"))
    name: Mapped[str]
    kind: Mapped[str] = mapped_column(String(32))
    territory: Mapped[str]
    season: Mapped[str]
    fairness_policy: Mapped[str] = mapped_column(String(32))
    default_weekly_hour_cap: Mapped[float]
    licences: Mapped[list[str]]
    honorability_required: Mapped[bool]


class SkillRow(Base):
    """The packaged taxonomy, copied into the database so reports can join on it."""

    __tablename__ = "skills"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    label_fr: Mapped[str] = mapped_column(String(1000))
    label_en: Mapped[str] = mapped_column(String(1000))
    synonyms_fr: Mapped[list[str]]
    kind: Mapped[str] = mapped_column(String(32))
    domain: Mapped[str] = mapped_column(String(64))
    parent: Mapped[str | None] = mapped_column(Id)
    esco_uri: Mapped[str | None]
    rome_code: Mapped[str | None] = mapped_column(String(16))
    hazards: Mapped[list[str]]
    min_age: Mapped[int]


class MemberRow(Base):
    __tablename__ = "members"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    collective_id: Mapped[str] = mapped_column(Id, ForeignKey("collectives.id"), index=True)
    display_name: Mapped[str]
    status: Mapped[str] = mapped_column(String(32))
    contract_start: Mapped[date | None]
    contract_end: Mapped[date | None]
    home_zone: Mapped[str] = mapped_column(String(64))
    mobility: Mapped[str] = mapped_column(String(32))
    max_travel_minutes: Mapped[int]
    languages: Mapped[list[str]]
    desired_hours_min: Mapped[float]
    desired_hours_max: Mapped[float]
    accommodations: Mapped[list[str]]
    visibility: Mapped[str] = mapped_column(String(16))
    joined_on: Mapped[date | None]
    left_on: Mapped[date | None]


class MemberPrivateRow(Base):
    """Coordinator-only: legal identity, birth date, contact, authorisations."""

    __tablename__ = "member_private"
    member_id: Mapped[str] = mapped_column(
        Id, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    legal_name: Mapped[str]
    birth_date: Mapped[date]
    contact: Mapped[str]
    parental_authorisation_date: Mapped[date | None]
    parental_authorisation_ref: Mapped[str]
    honorability_date: Mapped[date | None]


class MemberSkillRow(Base):
    __tablename__ = "member_skills"
    member_id: Mapped[str] = mapped_column(
        Id, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(Id, primary_key=True, index=True)
    level: Mapped[int]
    evidence: Mapped[str] = mapped_column(String(32))
    evidence_ref: Mapped[str]
    last_practised: Mapped[date | None]
    validated_by: Mapped[str | None] = mapped_column(Id)
    validated_at: Mapped[datetime | None]


class LearningWishRow(Base):
    __tablename__ = "learning_wishes"
    member_id: Mapped[str] = mapped_column(
        Id, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(Id, primary_key=True, index=True)
    priority: Mapped[int]


class PassionRow(Base):
    __tablename__ = "passions"
    row_id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[str] = _member_fk()
    text: Mapped[str] = mapped_column(String(2000))
    __table_args__ = (Index("ix_passions_member_id", "member_id"),)


class AvailabilityRow(Base):
    __tablename__ = "availabilities"
    row_id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[str] = _member_fk()
    weekday: Mapped[str] = mapped_column(String(3))
    start: Mapped[time]
    end: Mapped[time]
    __table_args__ = (Index("ix_availabilities_member_id", "member_id"),)


class UnavailabilityRow(Base):
    __tablename__ = "unavailabilities"
    row_id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[str] = _member_fk()
    date: Mapped[date]
    start: Mapped[time | None]
    end: Mapped[time | None]
    reason: Mapped[str]
    __table_args__ = (Index("ix_unavailabilities_member_id", "member_id"),)


class ServiceRequestRow(Base):
    __tablename__ = "requests"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    collective_id: Mapped[str] = mapped_column(Id, ForeignKey("collectives.id"), index=True)
    client: Mapped[str]
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(String(5000))
    zone: Mapped[str] = mapped_column(String(64))
    estimated_person_hours: Mapped[float | None]
    team_size_min: Mapped[int]
    team_size_max: Mapped[int]
    learning_slots: Mapped[int]
    hazards: Mapped[list[str]]
    licence_required: Mapped[str | None] = mapped_column(String(64))
    private_home: Mapped[bool]
    status: Mapped[str] = mapped_column(String(32))
    created_on: Mapped[date | None]


class RequestSessionRow(Base):
    __tablename__ = "request_sessions"
    row_id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[str] = mapped_column(
        Id, ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[date] = mapped_column(index=True)
    start: Mapped[time]
    end: Mapped[time]


class RequiredSkillRow(Base):
    __tablename__ = "required_skills"
    request_id: Mapped[str] = mapped_column(
        Id, ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(Id, primary_key=True)
    min_level: Mapped[int]
    count: Mapped[int]
    optional: Mapped[bool]
    hazards: Mapped[list[str]]


class BatchRunRow(Base):
    __tablename__ = "batch_runs"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    week: Mapped[str] = mapped_column(String(8), index=True)
    collective_id: Mapped[str | None] = mapped_column(Id, ForeignKey("collectives.id"))
    parameters: Mapped[dict[str, Any]]
    code_version: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]]
    started_at: Mapped[datetime | None]
    duration_seconds: Mapped[float]
    status: Mapped[str] = mapped_column(String(32))


class ProposalRow(Base):
    __tablename__ = "proposals"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    collective_id: Mapped[str] = mapped_column(Id, ForeignKey("collectives.id"), index=True)
    request_id: Mapped[str | None] = mapped_column(Id, ForeignKey("requests.id"))
    batch_run_id: Mapped[str | None] = mapped_column(Id, ForeignKey("batch_runs.id"))
    week: Mapped[str] = mapped_column(String(8))
    rank: Mapped[int]
    score: Mapped[float]
    score_breakdown: Mapped[dict[str, Any]]
    reasons: Mapped[list[str]]
    status: Mapped[str] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(Id)
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime | None]


class ProposalMemberRow(Base):
    __tablename__ = "proposal_members"
    proposal_id: Mapped[str] = mapped_column(
        Id, ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[str] = mapped_column(
        Id, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32))
    skill_id: Mapped[str | None] = mapped_column(Id)
    detail: Mapped[dict[str, Any]]


class MissionRow(Base):
    __tablename__ = "missions"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    request_id: Mapped[str] = mapped_column(Id, ForeignKey("requests.id"), index=True)
    proposal_id: Mapped[str | None] = mapped_column(Id, ForeignKey("proposals.id"))
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime | None]


class MissionMemberRow(Base):
    __tablename__ = "mission_members"
    mission_id: Mapped[str] = mapped_column(
        Id, ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[str] = mapped_column(
        Id, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32))
    skill_id: Mapped[str | None] = mapped_column(Id)
    outcome: Mapped[str] = mapped_column(String(32))
    hours_worked: Mapped[float | None]


class HoursEntryRow(Base):
    __tablename__ = "hours"
    row_id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[str] = _member_fk()
    date: Mapped[date]
    start: Mapped[time]
    end: Mapped[time]
    kind: Mapped[str] = mapped_column(String(32))
    paid: Mapped[bool]
    mission_id: Mapped[str | None] = mapped_column(Id, ForeignKey("missions.id"))
    __table_args__ = (Index("ix_hours_member_id_date", "member_id", "date"),)


class PeerLearningPairRow(Base):
    __tablename__ = "pairs"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    mentor_id: Mapped[str] = _member_fk()
    learner_id: Mapped[str] = _member_fk()
    skill_id: Mapped[str] = mapped_column(Id)
    status: Mapped[str] = mapped_column(String(32))
    approved_by: Mapped[str | None] = mapped_column(Id)
    approved_at: Mapped[datetime | None]
    sessions_held: Mapped[int]
    started_on: Mapped[date | None]
    ended_on: Mapped[date | None]


class FeedbackRow(Base):
    __tablename__ = "feedback"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    author: Mapped[str]
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(String(5000))
    mission_id: Mapped[str | None] = mapped_column(
        Id, ForeignKey("missions.id", ondelete="CASCADE")
    )
    pair_id: Mapped[str | None] = mapped_column(Id, ForeignKey("pairs.id", ondelete="CASCADE"))
    member_id: Mapped[str | None] = mapped_column(Id, ForeignKey("members.id", ondelete="CASCADE"))
    created_at: Mapped[datetime | None]


class AuditEntryRow(Base):
    """Who did what, when; targets are ids, never personal data."""

    __tablename__ = "audit_log"
    row_id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(Id)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str]
    detail: Mapped[str] = mapped_column(String(2000))


class UserRow(Base):
    """Logins. Free of Flask: the web layer wraps this table for its login library."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    login: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str]
    member_id: Mapped[str | None] = mapped_column(Id, ForeignKey("members.id", ondelete="SET NULL"))
    collective_id: Mapped[str | None] = mapped_column(Id, ForeignKey("collectives.id"))
    active: Mapped[bool]
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    api_token_hash: Mapped[str | None]
    __table_args__ = (UniqueConstraint("login"),)


class LevelEvidenceRow(Base):
    __tablename__ = "level_evidence"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    member_id: Mapped[str] = _member_fk()
    skill_id: Mapped[str] = mapped_column(Id)
    source: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str] = mapped_column(Id)
    earned_on: Mapped[date]
    __table_args__ = (Index("ix_level_evidence_member_id_skill_id", "member_id", "skill_id"),)


class LevelChangeRow(Base):
    __tablename__ = "level_changes"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    member_id: Mapped[str] = _member_fk()
    skill_id: Mapped[str] = mapped_column(Id)
    from_level: Mapped[int]
    to_level: Mapped[int]
    status: Mapped[str] = mapped_column(String(32), index=True)
    evidence_count: Mapped[int]
    created_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(Id)
    decided_at: Mapped[datetime | None]


class RankingModelRow(Base):
    __tablename__ = "ranking_models"
    collective_id: Mapped[str] = mapped_column(
        Id, ForeignKey("collectives.id", ondelete="CASCADE"), primary_key=True
    )
    weights: Mapped[dict[str, Any]]
    decisions: Mapped[int]
    fitted_at: Mapped[datetime | None]


#: The ORM class storing each :class:`matcher.domain.Dataset` table.
ROW_TYPES: dict[str, type[Base]] = {
    "networks": NetworkRow,
    "collectives": CollectiveRow,
    "members": MemberRow,
    "member_private": MemberPrivateRow,
    "member_skills": MemberSkillRow,
    "learning_wishes": LearningWishRow,
    "passions": PassionRow,
    "availabilities": AvailabilityRow,
    "unavailabilities": UnavailabilityRow,
    "requests": ServiceRequestRow,
    "request_sessions": RequestSessionRow,
    "required_skills": RequiredSkillRow,
    "batch_runs": BatchRunRow,
    "proposals": ProposalRow,
    "proposal_members": ProposalMemberRow,
    "missions": MissionRow,
    "mission_members": MissionMemberRow,
    "hours": HoursEntryRow,
    "pairs": PeerLearningPairRow,
    "feedback": FeedbackRow,
    "audit_log": AuditEntryRow,
    "users": UserRow,
    "level_evidence": LevelEvidenceRow,
    "level_changes": LevelChangeRow,
    "ranking_models": RankingModelRow,
}
