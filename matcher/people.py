"""Who may see whom: every query about members, scoped to the viewer in SQL.

Roles are enforced here, in the ``WHERE`` clauses, not in templates: an admin sees every
member; a coordinator only the members of their collective; a member only themself, and
others only as mentor cards (display name, skills, quartier — never a birth date, a
contact or a private field). A member whose visibility is ``private`` (minors by default)
appears on another member's cards only once an approved pair links them.

A member outside the viewer's scope is reported as absent (``None``), so a page cannot
tell "not yours" from "does not exist"; a role that may never do something raises
:class:`NotAllowed`. Each function opens one transaction, like :mod:`matcher.services`.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, func, or_, select, true, update
from sqlalchemy.orm import Session

from matcher.domain import (
    TABLE_TYPES,
    Availability,
    BatchRun,
    Dataset,
    Member,
    MemberPrivate,
    Unavailability,
    age_on,
    hours_between,
)
from matcher.engine import parse_instance
from matcher.engine.instance import Wish
from matcher.engine.mentors import suggest_mentors
from matcher.ingest.tables import SECRET_FIELDS
from matcher.instances import INSTANCE_TABLES, collective_instance
from matcher.storage import repository
from matcher.storage.db import Database
from matcher.storage.tables import (
    ROW_TYPES,
    AuditEntryRow,
    AvailabilityRow,
    Base,
    BatchRunRow,
    CollectiveRow,
    FeedbackRow,
    HoursEntryRow,
    LearningWishRow,
    LevelChangeRow,
    MemberPrivateRow,
    MemberRow,
    MemberSkillRow,
    MissionRow,
    PassionRow,
    PeerLearningPairRow,
    ProposalMemberRow,
    ProposalRow,
    ServiceRequestRow,
    SkillRow,
    UnavailabilityRow,
    UserRow,
)
from matcher.vocabulary import ADULT_AGE, MEMBER_STATUSES, MOBILITIES, VISIBILITIES

#: Age bands shown instead of birth dates: (youngest, oldest or None).
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "16-17": (16, 17),
    "18-25": (18, 25),
    "26+": (26, None),
}
#: Pairs in these states link two members (an awaiting pair does not, yet).
LINKING_PAIR_STATUSES = ("active", "closed")
#: Tables whose rows survive an erasure, re-pointed to an anonymous member: they feed
#: aggregates (hours per collective, missions staffed, pairs held).
ANONYMISED_TABLES = frozenset({"hours", "mission_members", "proposal_members", "pairs"})
ERASED_NAME = "Membre effacé·e"
SEARCH_LIMIT = 200


class NotAllowed(PermissionError):
    """The viewer's role may never do this, whichever member is asked for."""


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the fields of a logged-in user that decide what they may see."""

    user_id: str
    role: str
    collective_id: str | None = None
    member_id: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.role == "admin" or (self.role == "coordinator" and bool(self.collective_id))


@dataclass(frozen=True)
class SkillLine:
    skill_id: str
    label_fr: str
    label_en: str
    level: int | None = None


@dataclass(frozen=True)
class MemberFilters:
    """The member search form; empty values do not filter."""

    skill_id: str = ""
    min_level: int = 0
    zone: str = ""
    age_band: str = ""
    weekday: str = ""


@dataclass(frozen=True)
class MemberSummary:
    id: str
    display_name: str
    collective_id: str
    home_zone: str
    status: str
    age_band: str
    skills: list[SkillLine]


@dataclass
class MemberProfile:
    member: Member
    collective_name: str
    age_band: str | None
    skills: list[SkillLine]
    wishes: list[SkillLine]
    passions: list[str]
    availabilities: list[Availability]
    unavailabilities: list[Unavailability]


@dataclass(frozen=True)
class MentorCard:
    """What a member may see of another member: no birth date, contact or private field."""

    member_id: str
    display_name: str
    home_zone: str
    level: int
    skills: list[SkillLine]
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WishMentors:
    wish: SkillLine
    mentors: list[MentorCard]
    #: Why nobody is shown, in French, from the engine's diagnosis.
    diagnosis: list[str] = field(default_factory=list)


def age_band(birth_date: date, today: date) -> str:
    """The band of :data:`AGE_BANDS` holding the age on ``today`` ("" when below 16)."""
    age = age_on(birth_date, today)
    for band, (low, high) in AGE_BANDS.items():
        if age >= low and (high is None or age <= high):
            return band
    return ""


def _years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def staff_scope(viewer: Viewer) -> ColumnElement[bool]:
    """Members a staff viewer may see; other roles are refused outright."""
    if viewer.role == "admin":
        return true()
    if viewer.is_staff:
        return MemberRow.collective_id == viewer.collective_id
    raise NotAllowed("réservé à l'animation")


def _profile_scope(viewer: Viewer) -> ColumnElement[bool]:
    """Members whose full profile the viewer may see: staff scope, or themself."""
    if viewer.is_staff:
        return staff_scope(viewer)
    if viewer.member_id:
        return MemberRow.id == viewer.member_id
    raise NotAllowed("aucun profil lié à ce compte")


def visible_member(session: Session, viewer: Viewer, member_id: str) -> MemberRow | None:
    """The member's row if the viewer may see their profile (staff in scope, or themself)."""
    query = select(MemberRow).where(MemberRow.id == member_id, _profile_scope(viewer))
    return session.scalar(query)


def skill_labels(session: Session, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(French, English) label of each stored skill id (English falls back to French)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(SkillRow.id, SkillRow.label_fr, SkillRow.label_en).where(SkillRow.id.in_(wanted))
    )
    return {sid: (fr, en or fr) for sid, fr, en in rows}


def skill_line(labels: dict[str, tuple[str, str]], skill_id: str, level: int | None) -> SkillLine:
    fr, en = labels.get(skill_id, (skill_id, skill_id))
    return SkillLine(skill_id, fr, en, level)


def _skills_of(session: Session, member_ids: list[str]) -> dict[str, list[SkillLine]]:
    """Each member's skills, highest level first."""
    rows = session.execute(
        select(MemberSkillRow.member_id, MemberSkillRow.skill_id, MemberSkillRow.level)
        .where(MemberSkillRow.member_id.in_(member_ids))
        .order_by(MemberSkillRow.member_id, MemberSkillRow.level.desc(), MemberSkillRow.skill_id)
    ).all()
    labels = skill_labels(session, (skill for _, skill, _ in rows))
    skills: dict[str, list[SkillLine]] = defaultdict(list)
    for member_id, skill_id, level in rows:
        skills[member_id].append(skill_line(labels, skill_id, level))
    return skills


def search_members(
    database: Database, viewer: Viewer, filters: MemberFilters, *, today: date
) -> list[MemberSummary]:
    """Members in the viewer's scope matching every given filter, by display name."""
    query = (
        select(MemberRow, MemberPrivateRow.birth_date)
        .outerjoin(MemberPrivateRow, MemberPrivateRow.member_id == MemberRow.id)
        .where(staff_scope(viewer), MemberRow.left_on.is_(None))
        .order_by(MemberRow.display_name, MemberRow.id)
        .limit(SEARCH_LIMIT)
    )
    if filters.skill_id:
        query = query.where(
            select(MemberSkillRow.member_id)
            .where(
                MemberSkillRow.member_id == MemberRow.id,
                MemberSkillRow.skill_id == filters.skill_id,
                MemberSkillRow.level >= filters.min_level,
            )
            .exists()
        )
    if filters.zone:
        query = query.where(MemberRow.home_zone == filters.zone)
    if filters.weekday:
        query = query.where(
            select(AvailabilityRow.row_id)
            .where(
                AvailabilityRow.member_id == MemberRow.id,
                AvailabilityRow.weekday == filters.weekday,
            )
            .exists()
        )
    if filters.age_band in AGE_BANDS:
        low, high = AGE_BANDS[filters.age_band]
        query = query.where(MemberPrivateRow.birth_date <= _years_before(today, low))
        if high is not None:
            query = query.where(MemberPrivateRow.birth_date > _years_before(today, high + 1))
    with database.reading() as session:
        rows = session.execute(query).all()
        skills = _skills_of(session, [member.id for member, _ in rows])
    return [
        MemberSummary(
            id=member.id,
            display_name=member.display_name,
            collective_id=member.collective_id,
            home_zone=member.home_zone,
            status=member.status,
            age_band=age_band(birth, today) if birth else "",
            skills=skills.get(member.id, []),
        )
        for member, birth in rows
    ]


def zones(database: Database, viewer: Viewer) -> list[str]:
    """The quartiers of the members in the viewer's scope (for the search form)."""
    with database.reading() as session:
        found = session.scalars(
            select(MemberRow.home_zone).where(staff_scope(viewer)).distinct()
        ).all()
    return sorted(zone for zone in found if zone)


def _to_domain(row: Base, table: str) -> Any:
    domain = TABLE_TYPES[table]
    return domain(**{f.name: getattr(row, f.name) for f in dataclasses.fields(domain)})


def member_profile(
    database: Database, viewer: Viewer, member_id: str, *, today: date
) -> MemberProfile | None:
    """A member's profile for staff in scope or the member themself; None otherwise."""
    with database.reading() as session:
        row = visible_member(session, viewer, member_id)
        if row is None:
            return None
        skills = _skills_of(session, [member_id]).get(member_id, [])
        wish_ids = session.scalars(
            select(LearningWishRow.skill_id)
            .where(LearningWishRow.member_id == member_id)
            .order_by(LearningWishRow.priority, LearningWishRow.skill_id)
        ).all()
        labels = skill_labels(session, wish_ids)
        birth = session.scalar(
            select(MemberPrivateRow.birth_date).where(MemberPrivateRow.member_id == member_id)
        )
        return MemberProfile(
            member=_to_domain(row, "members"),
            collective_name=session.get(CollectiveRow, row.collective_id).name,
            age_band=age_band(birth, today) if viewer.is_staff and birth else None,
            skills=skills,
            wishes=[skill_line(labels, skill, None) for skill in wish_ids],
            passions=list(
                session.scalars(
                    select(PassionRow.text)
                    .where(PassionRow.member_id == member_id)
                    .order_by(PassionRow.row_id)
                )
            ),
            availabilities=[
                _to_domain(r, "availabilities")
                for r in session.scalars(
                    select(AvailabilityRow)
                    .where(AvailabilityRow.member_id == member_id)
                    .order_by(AvailabilityRow.row_id)
                )
            ],
            unavailabilities=[
                _to_domain(r, "unavailabilities")
                for r in session.scalars(
                    select(UnavailabilityRow)
                    .where(UnavailabilityRow.member_id == member_id)
                    .where(UnavailabilityRow.date >= today)
                    .order_by(UnavailabilityRow.date)
                )
            ],
        )


#: What a member's skills picture reads (matcher.graph): skills, wishes, shared missions.
PICTURE_TABLES = frozenset({"members", "member_skills", "learning_wishes", "mission_members"})


def picture_data(database: Database, viewer: Viewer, member_id: str) -> Dataset | None:
    """The collective's public skill data for ``member_id``'s skills picture; None when the
    viewer may not see that member (no private field is read)."""
    with database.reading() as session:
        member = visible_member(session, viewer, member_id)
        if member is None:
            return None
        dataset = repository.read_dataset(session, include_private=False, only=PICTURE_TABLES)
    members = {m.id for m in dataset.members if m.collective_id == member.collective_id}
    return Dataset(
        members=[m for m in dataset.members if m.id in members],
        member_skills=[s for s in dataset.member_skills if s.member_id in members],
        learning_wishes=[w for w in dataset.learning_wishes if w.member_id in members],
        mission_members=[m for m in dataset.mission_members if m.member_id in members],
    )


def weekly_hours(
    database: Database, viewer: Viewer, member_id: str, *, today: date, weeks: int = 12
) -> list[tuple[date, float, float]] | None:
    """(Monday, paid hours, unpaid hours) for the ``weeks`` weeks up to today's; None if hidden."""
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    with database.reading() as session:
        if visible_member(session, viewer, member_id) is None:
            return None
        rows = session.execute(
            select(HoursEntryRow.date, HoursEntryRow.start, HoursEntryRow.end, HoursEntryRow.paid)
            .where(HoursEntryRow.member_id == member_id, HoursEntryRow.date >= first)
            .where(HoursEntryRow.date < first + timedelta(weeks=weeks))
        ).all()
    totals = {first + timedelta(weeks=n): [0.0, 0.0] for n in range(weeks)}
    for day, start, end, paid in rows:
        week = day - timedelta(days=day.weekday())
        totals[week][0 if paid else 1] += hours_between(start, end)
    return [(week, paid, unpaid) for week, (paid, unpaid) in totals.items()]


def _linked_members(session: Session, member_id: str) -> set[str]:
    """Members linked to ``member_id`` by an approved (active or closed) pair."""
    rows = session.execute(
        select(PeerLearningPairRow.mentor_id, PeerLearningPairRow.learner_id).where(
            PeerLearningPairRow.status.in_(LINKING_PAIR_STATUSES),
            or_(
                PeerLearningPairRow.mentor_id == member_id,
                PeerLearningPairRow.learner_id == member_id,
            ),
        )
    )
    return {other for pair in rows for other in pair if other != member_id}


def mentors_for_wishes(
    database: Database, viewer: Viewer, *, today: date, top: int = 3
) -> list[WishMentors]:
    """For each of the viewer's wishes, the engine's best mentors in their collective.

    The engine (:func:`matcher.engine.mentors.suggest_mentors`) ranks who can teach, with
    its reasons and the safeguarding rules; then the visibility rule applies: a private
    member is shown only when an approved pair already links them to the viewer.
    """
    if not viewer.member_id:
        raise NotAllowed("aucun profil lié à ce compte")
    with database.reading() as session:
        me = session.get(MemberRow, viewer.member_id)
        if me is None:
            return []
        wish_ids = list(
            session.scalars(
                select(LearningWishRow.skill_id)
                .where(LearningWishRow.member_id == me.id)
                .order_by(LearningWishRow.priority, LearningWishRow.skill_id)
            )
        )
        visible = set(
            session.scalars(
                select(MemberRow.id).where(
                    MemberRow.collective_id == me.collective_id,
                    MemberRow.id != me.id,
                    or_(
                        MemberRow.visibility == "public",
                        MemberRow.id.in_(_linked_members(session, me.id)),
                    ),
                )
            )
        )
        dataset = repository.read_dataset(session, only=INSTANCE_TABLES)
    answers = _engine_mentors(dataset, me.id, me.collective_id, wish_ids, today, top)
    members = {m.id: m for m in dataset.members}
    with database.reading() as session:
        shown = {
            skill: [entry for entry in entries if entry["id"] in visible][:top]
            for skill, (entries, _) in answers.items()
        }
        ids = sorted({entry["id"] for entries in shown.values() for entry in entries})
        skills = _skills_of(session, ids)
        labels = skill_labels(session, wish_ids)
    return [
        WishMentors(
            wish=skill_line(labels, skill, None),
            mentors=[
                MentorCard(
                    member_id=entry["id"],
                    display_name=members[entry["id"]].display_name,
                    home_zone=members[entry["id"]].home_zone,
                    level=entry["level"],
                    skills=skills.get(entry["id"], []),
                    reasons=list(entry["reasons"]),
                )
                for entry in shown[skill]
            ],
            diagnosis=[] if shown[skill] else answers[skill][1],
        )
        for skill in wish_ids
    ]


def _engine_mentors(
    dataset: Dataset,
    member_id: str,
    collective_id: str,
    wish_ids: list[str],
    today: date,
    top: int,
) -> dict[str, tuple[list[dict[str, Any]], list[str]]]:
    """Per wished skill: the engine's ranked mentor entries and, when none, why (French).

    The engine is asked for more than ``top`` so that hiding private members still
    leaves ``top`` to show when there are.
    """
    if not wish_ids:
        return {}
    raw = collective_instance(
        dataset, collective_id, today=today, wish=(member_id, wish_ids[0]), top=top * 4
    )
    instance = parse_instance(raw)
    if member_id not in {m.id for m in instance.members}:  # no birth date: fail closed
        reason = "Profil incomplet : l'animation doit compléter votre fiche."
        return {skill: ([], [reason]) for skill in wish_ids}
    answers = {}
    for skill in wish_ids:
        answer = suggest_mentors(instance, Wish(member_id, skill))
        blocking = (answer.get("diagnosis") or {}).get("blocking", [])
        answers[skill] = (answer["mentors"], [b["message_fr"] for b in blocking])
    return answers


def _member_columns() -> list[tuple[Table, Any]]:
    """Every (table, column) pointing at ``members.id``, children of members included."""
    members = MemberRow.__table__
    return [
        (table, fk.parent)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column is members.c.id
    ]


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    return value


def export_member(database: Database, viewer: Viewer, member_id: str) -> dict | None:
    """Everything stored about one member, for staff in scope (right of access); secrets never."""
    names = {row.__table__.name: table for table, row in ROW_TYPES.items()}
    with database.reading() as session:
        row = session.scalar(
            select(MemberRow).where(MemberRow.id == member_id, staff_scope(viewer))
        )
        if row is None:
            return None
        export: dict[str, Any] = {"members": [_record(row, "members")]}
        for table, column in _member_columns():
            name = names[table.name]
            hidden = SECRET_FIELDS.get(name, frozenset())
            records = [
                {k: v for k, v in _record(r, name).items() if k not in hidden}
                for r in session.scalars(select(ROW_TYPES[name]).where(column == member_id))
            ]
            if records:
                export.setdefault(name, []).extend(records)
    return export


def _record(row: Base, table: str) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in dataclasses.asdict(_to_domain(row, table)).items()}


def _scrub_proposals(session: Session, member: MemberRow, anonymous_id: str) -> None:
    """Proposals keep their shape, not the person: name out of reasons, id out of details."""
    involved = select(ProposalMemberRow.proposal_id).where(ProposalMemberRow.member_id == member.id)

    def scrub(reasons: list) -> list[str]:
        return [str(r).replace(member.display_name, ERASED_NAME) for r in reasons]

    for proposal in session.scalars(select(ProposalRow).where(ProposalRow.id.in_(involved))):
        proposal.reasons = scrub(proposal.reasons)
        for place in session.scalars(
            select(ProposalMemberRow).where(ProposalMemberRow.proposal_id == proposal.id)
        ):
            detail = dict(place.detail or {})
            if detail.get("teacher") == member.id:
                detail["teacher"] = anonymous_id
            if "reasons" in detail:
                detail["reasons"] = scrub(detail["reasons"])
            place.detail = detail


def erase_member(database: Database, viewer: Viewer, member_id: str, *, today: date) -> bool:
    """Erase a member in one transaction; False when not in the viewer's scope.

    Personal rows go (profile, private fields, skills, wishes, passions, availability,
    feedback about them, their logins, their id on their signals to coordinators); their
    name leaves proposals' reasons and their id
    the skills they validated for peers. Rows that feed anonymous aggregates — hours,
    mission and proposal places, pairs — are re-pointed to a fresh anonymous member with
    a random id, so totals per collective stay right and nothing links back to the person.
    """
    with database.transaction() as session:
        row = session.scalar(
            select(MemberRow).where(MemberRow.id == member_id, staff_scope(viewer))
        )
        if row is None:
            return False
        anonymous = Member(
            id=f"anon-{secrets.token_hex(8)}",
            collective_id=row.collective_id,
            display_name=ERASED_NAME,
            status=row.status,
            visibility="private",
            left_on=today,
        )
        session.add(MemberRow(**dataclasses.asdict(anonymous)))
        session.flush()
        names = {r.__table__.name: table for table, r in ROW_TYPES.items()}
        pairs = select(PeerLearningPairRow.id).where(
            or_(
                PeerLearningPairRow.mentor_id == member_id,
                PeerLearningPairRow.learner_id == member_id,
            )
        )
        session.execute(
            update(FeedbackRow).where(FeedbackRow.pair_id.in_(pairs)).values(comment="")
        )
        session.execute(
            update(MemberSkillRow)
            .where(MemberSkillRow.validated_by == member_id)
            .values(validated_by=None)
        )
        _scrub_proposals(session, row, anonymous.id)
        session.execute(  # what they told coordinators (matcher.profiles.SIGNALS)
            update(AuditEntryRow).where(AuditEntryRow.detail == member_id).values(detail="")
        )
        for table, column in _member_columns():
            if names[table.name] in ANONYMISED_TABLES:
                session.execute(
                    update(table).where(column == member_id).values({column.name: anonymous.id})
                )
            else:
                session.execute(delete(table).where(column == member_id))
        session.execute(delete(MemberRow).where(MemberRow.id == member_id))
        session.add(
            AuditEntryRow(
                at=datetime.now(),
                actor=viewer.user_id,
                action="member.erase",
                target=member_id,
                detail="",
            )
        )
    return True


# --- creating and editing members (staff only) ----------------------------------------------

#: Member fields staff edit in the member form; the private ones have their own form.
MEMBER_FORM_FIELDS = (
    "display_name",
    "status",
    "home_zone",
    "mobility",
    "max_travel_minutes",
    "desired_hours_min",
    "desired_hours_max",
    "visibility",
    "contract_start",
    "contract_end",
    "joined_on",
    "left_on",
)
MAX_NAME_LENGTH = 80


class MemberError(ValueError):
    """A refused member change; the message is French, for the coordinator."""


def _check_member(values: dict[str, Any]) -> dict[str, Any]:
    """The member form's values, checked against the vocabulary (unknown keys refused)."""
    unknown = set(values) - set(MEMBER_FORM_FIELDS)
    if unknown:
        raise MemberError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    name = " ".join(str(values.get("display_name", "")).split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise MemberError(f"Le nom affiché fait de 1 à {MAX_NAME_LENGTH} caractères.")
    checks = {"status": MEMBER_STATUSES, "mobility": MOBILITIES, "visibility": VISIBILITIES}
    for key, allowed in checks.items():
        if key in values and values[key] not in allowed:
            raise MemberError(f"Valeur inconnue pour {key} : {values[key]}.")
    low, high = values.get("desired_hours_min", 0.0), values.get("desired_hours_max", 35.0)
    if not 0 <= low <= high:
        raise MemberError("Heures souhaitées : le minimum doit être entre 0 et le maximum.")
    start, end = values.get("contract_start"), values.get("contract_end")
    if start and end and end < start:
        raise MemberError("Le contrat finit avant de commencer.")
    return {**values, "display_name": name}


def _audit(session: Session, viewer: Viewer, action: str, target: str) -> None:
    session.add(
        AuditEntryRow(
            at=datetime.now(), actor=viewer.user_id, action=action, target=target, detail=""
        )
    )


def create_member(
    database: Database,
    viewer: Viewer,
    values: dict[str, Any],
    *,
    collective_id: str | None = None,
    today: date,
) -> Member:
    """A new member in the coordinator's collective (an admin names the collective).

    Visibility is ``private`` unless the form says otherwise: minors are private by
    default, and the birth date comes later, in the private form.
    """
    if viewer.role != "admin":
        staff_scope(viewer)  # refuses non-staff
        collective_id = viewer.collective_id
    checked = _check_member({"visibility": "private", **values})
    with database.transaction() as session:
        if not collective_id or session.get(CollectiveRow, collective_id) is None:
            raise MemberError("Collectif inconnu.")
        member = Member(
            id=f"m-{secrets.token_hex(5)}",
            collective_id=collective_id,
            **{"joined_on": today, **checked},
        )
        session.add(MemberRow(**dataclasses.asdict(member)))
        _audit(session, viewer, "member.create", member.id)
    return member


def update_member(
    database: Database, viewer: Viewer, member_id: str, values: dict[str, Any]
) -> Member | None:
    """Change a member's non-private fields; None outside the staff viewer's scope."""
    checked = _check_member(values)
    with database.transaction() as session:
        row = session.scalar(
            select(MemberRow).where(MemberRow.id == member_id, staff_scope(viewer))
        )
        if row is None:
            return None
        for key, value in checked.items():
            setattr(row, key, value)
        _audit(session, viewer, "member.update", member_id)
        session.flush()
        return _to_domain(row, "members")


@dataclass(frozen=True)
class PrivateFields:
    """A member and their private fields (None until first filled in)."""

    member: Member
    private: MemberPrivate | None


def private_fields(database: Database, viewer: Viewer, member_id: str) -> PrivateFields | None:
    """For coordinators of the member's collective and admins only; None otherwise."""
    with database.reading() as session:
        row = session.scalar(
            select(MemberRow).where(MemberRow.id == member_id, staff_scope(viewer))
        )
        if row is None:
            return None
        private = session.get(MemberPrivateRow, member_id)
        return PrivateFields(
            _to_domain(row, "members"),
            _to_domain(private, "member_private") if private else None,
        )


def set_private_fields(database: Database, viewer: Viewer, private: MemberPrivate) -> bool:
    """Store legal name, birth date, contact and authorisations; False outside scope."""
    if not private.legal_name.strip():
        raise MemberError("Le nom légal est obligatoire.")
    with database.transaction() as session:
        row = session.scalar(
            select(MemberRow.id).where(MemberRow.id == private.member_id, staff_scope(viewer))
        )
        if row is None:
            return False
        session.merge(MemberPrivateRow(**dataclasses.asdict(private)))
        _audit(session, viewer, "member.private_update", private.member_id)
    return True


def collectives(database: Database, viewer: Viewer) -> list[tuple[str, str]]:
    """(id, name) of the collectives a staff viewer may add members to."""
    query = select(CollectiveRow.id, CollectiveRow.name).order_by(CollectiveRow.name)
    if viewer.role != "admin":
        staff_scope(viewer)  # refuses non-staff
        query = query.where(CollectiveRow.id == viewer.collective_id)
    with database.reading() as session:
        return [(cid, name) for cid, name in session.execute(query)]


def member_logins(database: Database, viewer: Viewer, member_id: str) -> list[str] | None:
    """The logins tied to a member, for staff in scope; None otherwise."""
    with database.reading() as session:
        row = session.scalar(
            select(MemberRow.id).where(MemberRow.id == member_id, staff_scope(viewer))
        )
        if row is None:
            return None
        return list(
            session.scalars(
                select(UserRow.login).where(UserRow.member_id == member_id).order_by(UserRow.login)
            )
        )


@dataclass(frozen=True)
class Overview:
    """The coordinator's dashboard figures, for their collective (or all, for an admin)."""

    members: int
    minors: int
    open_requests: int
    planned_missions: int
    pairs_awaiting_approval: int
    level_changes_pending: int
    last_batch_run: BatchRun | None


def overview(database: Database, viewer: Viewer, *, today: date) -> Overview:
    """Counts in the viewer's scope and the last weekly batch run."""
    scope = staff_scope(viewer)
    in_scope = select(MemberRow.id).where(scope)
    admin = viewer.role == "admin"
    collective = true() if admin else ServiceRequestRow.collective_id == viewer.collective_id
    runs = select(BatchRunRow).order_by(BatchRunRow.started_at.desc(), BatchRunRow.id.desc())
    if not admin:
        runs = runs.where(BatchRunRow.collective_id == viewer.collective_id)

    def count(query: Any) -> int:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0

    with database.reading() as session:
        active = select(MemberRow.id).where(scope, MemberRow.left_on.is_(None))
        last = session.scalar(runs.limit(1))
        return Overview(
            members=count(active),
            minors=count(
                active.join(MemberPrivateRow, MemberPrivateRow.member_id == MemberRow.id).where(
                    MemberPrivateRow.birth_date > _years_before(today, ADULT_AGE)
                )
            ),
            open_requests=count(
                select(ServiceRequestRow.id).where(collective, ServiceRequestRow.status == "open")
            ),
            planned_missions=count(
                select(MissionRow.id)
                .join(ServiceRequestRow, ServiceRequestRow.id == MissionRow.request_id)
                .where(collective, MissionRow.status == "planned")
            ),
            pairs_awaiting_approval=count(
                select(PeerLearningPairRow.id).where(
                    PeerLearningPairRow.status == "awaiting_approval",
                    PeerLearningPairRow.learner_id.in_(in_scope),
                )
            ),
            level_changes_pending=count(
                select(LevelChangeRow.id).where(
                    LevelChangeRow.status == "pending", LevelChangeRow.member_id.in_(in_scope)
                )
            ),
            last_batch_run=_to_domain(last, "batch_runs") if last else None,
        )
