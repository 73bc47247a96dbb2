"""A member's own corner: editing their profile, asking for a pair, joining as a learner,
answering their missions — and what coordinators see of those answers.

Every function takes the :class:`~matcher.people.Viewer` and checks, in the query, that
the member is theirs to act on (themself, or a member of a staff viewer's collective);
anything else is absent (``None`` / ``False``) or :class:`ProfileError`. Each function
opens one transaction, like :mod:`matcher.people`.

What members tell coordinators (a pair request aside, which is a pending ``pair``
proposal decided on the « Binômes » page) is stored as audit entries — ids only, never
free text — whose ``action`` is one of :data:`SIGNALS`, ``target`` the request or mission
and ``detail`` the member: coordinators read them with :func:`member_signals`, and the
member's own page reads back their latest answer. An erasure blanks their ``detail``
(:func:`matcher.people.erase_member`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from matcher import people
from matcher.domain import age_on
from matcher.feedback.badges import member_credentials
from matcher.feedback.listing import trajectory
from matcher.models.extract import SkillExtractor
from matcher.people import NotAllowed, SkillLine, Viewer
from matcher.storage import repository
from matcher.storage.db import Database
from matcher.storage.tables import (
    AuditEntryRow,
    AvailabilityRow,
    LearningWishRow,
    MemberPrivateRow,
    MemberRow,
    MemberSkillRow,
    MissionMemberRow,
    MissionRow,
    PassionRow,
    PeerLearningPairRow,
    ProposalMemberRow,
    ProposalRow,
    RequestSessionRow,
    RequiredSkillRow,
    ServiceRequestRow,
    SkillRow,
    UnavailabilityRow,
)
from matcher.taxonomy import load_taxonomy
from matcher.vocabulary import ADULT_AGE, LEAD_LEVEL, MAX_LEVEL, MIN_LEVEL, WEEKDAYS

#: What a member can tell coordinators, by audit action.
SIGNALS = {
    "opportunity.interest": "Intéressé·e par une place d'apprenant·e",
    "mission.confirm": "Confirme sa présence",
    "mission.decline": "Ne peut pas faire la mission",
    "mission.absent": "Sera absent·e",
}
MISSION_ANSWERS = ("confirm", "decline", "absent")
PAIR_REQUEST_REASON = "Demandé par l'apprenant·e depuis « Qui peut m'apprendre ? »"
ABSENCE_REASON = "Absence signalée pour une mission"
MAX_PASSION_LENGTH = 500


class ProfileError(ValueError):
    """A refused change; the message is French, for the person at the keyboard."""


# --- who may act on whom ------------------------------------------------------------------


def _member(session: Session, viewer: Viewer, member_id: str) -> MemberRow:
    """The member if the viewer may act on them (themself or staff in scope), else error."""
    row = people.visible_member(session, viewer, member_id)
    if row is None:
        raise ProfileError("Membre introuvable.")
    return row


def _skill_exists(session: Session, skill_id: str) -> None:
    if session.get(SkillRow, skill_id) is None:
        raise ProfileError("Compétence inconnue.")


def _audit(session: Session, viewer: Viewer, action: str, target: str, member_id: str) -> None:
    session.add(
        AuditEntryRow(
            at=datetime.now().replace(microsecond=0),
            actor=viewer.user_id,
            action=action,
            target=target,
            detail=member_id,
        )
    )


# --- editing the profile -------------------------------------------------------------------


def set_skill(
    database: Database, viewer: Viewer, member_id: str, skill_id: str, level: int
) -> None:
    """Declare a skill at a level, or change a declared one.

    A member changes only what they declared themself; a level seen by a peer or
    validated by the coordination stays as it is until a coordinator changes it (then
    the evidence is the coordinator's).
    """
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ProfileError(f"Le niveau va de {MIN_LEVEL} à {MAX_LEVEL}.")
    with database.transaction() as session:
        _member(session, viewer, member_id)
        _skill_exists(session, skill_id)
        row = session.get(MemberSkillRow, (member_id, skill_id))
        if row is not None and row.evidence != "self" and not viewer.is_staff:
            raise ProfileError("Ce niveau a été vérifié : demandez à l'animation pour le changer.")
        evidence = "coordinator" if viewer.is_staff else "self"
        validated = (viewer.user_id, datetime.now().replace(microsecond=0))
        values = {
            "level": level,
            "evidence": evidence,
            "validated_by": validated[0] if viewer.is_staff else None,
            "validated_at": validated[1] if viewer.is_staff else None,
        }
        if row is None:
            session.add(
                MemberSkillRow(
                    member_id=member_id,
                    skill_id=skill_id,
                    evidence_ref="",
                    last_practised=None,
                    **values,
                )
            )
        else:
            for key, value in values.items():
                setattr(row, key, value)


def remove_skill(database: Database, viewer: Viewer, member_id: str, skill_id: str) -> None:
    with database.transaction() as session:
        _member(session, viewer, member_id)
        row = session.get(MemberSkillRow, (member_id, skill_id))
        if row is None:
            return
        if row.evidence != "self" and not viewer.is_staff:
            raise ProfileError("Ce niveau a été vérifié : demandez à l'animation pour le retirer.")
        session.delete(row)


def add_wish(database: Database, viewer: Viewer, member_id: str, skill_id: str) -> None:
    """Add a wish to learn, after the existing ones (priority = last + 1)."""
    with database.transaction() as session:
        _member(session, viewer, member_id)
        _skill_exists(session, skill_id)
        if session.get(LearningWishRow, (member_id, skill_id)) is not None:
            return
        last = session.scalar(
            select(func.max(LearningWishRow.priority)).where(LearningWishRow.member_id == member_id)
        )
        session.add(
            LearningWishRow(member_id=member_id, skill_id=skill_id, priority=(last or 0) + 1)
        )


def remove_wish(database: Database, viewer: Viewer, member_id: str, skill_id: str) -> None:
    with database.transaction() as session:
        _member(session, viewer, member_id)
        session.execute(
            delete(LearningWishRow).where(
                LearningWishRow.member_id == member_id, LearningWishRow.skill_id == skill_id
            )
        )


def add_passion(database: Database, viewer: Viewer, member_id: str, text: str) -> None:
    text = " ".join(text.split())
    if not text:
        raise ProfileError("Écrivez quelques mots sur votre passion.")
    if len(text) > MAX_PASSION_LENGTH:
        raise ProfileError(f"{MAX_PASSION_LENGTH} caractères au plus.")
    with database.transaction() as session:
        _member(session, viewer, member_id)
        session.add(PassionRow(member_id=member_id, text=text))


def _remove_row(
    database: Database, viewer: Viewer, member_id: str, table: Any, row_id: int
) -> bool:
    """Delete one of the member's rows by its ``row_id`` (False when it is not theirs)."""
    with database.transaction() as session:
        _member(session, viewer, member_id)
        done = session.execute(
            delete(table).where(table.row_id == row_id, table.member_id == member_id)
        )
        return bool(done.rowcount)


def remove_passion(database: Database, viewer: Viewer, member_id: str, row_id: int) -> bool:
    return _remove_row(database, viewer, member_id, PassionRow, row_id)


def add_availability(
    database: Database, viewer: Viewer, member_id: str, weekday: str, start: time, end: time
) -> None:
    if weekday not in WEEKDAYS:
        raise ProfileError("Jour inconnu.")
    if end <= start:
        raise ProfileError("L'heure de fin doit suivre l'heure de début.")
    with database.transaction() as session:
        _member(session, viewer, member_id)
        session.add(AvailabilityRow(member_id=member_id, weekday=weekday, start=start, end=end))


def remove_availability(database: Database, viewer: Viewer, member_id: str, row_id: int) -> bool:
    return _remove_row(database, viewer, member_id, AvailabilityRow, row_id)


def add_absence(
    database: Database,
    viewer: Viewer,
    member_id: str,
    day: date,
    *,
    today: date,
    start: time | None = None,
    end: time | None = None,
    reason: str = "",
) -> None:
    """A dated absence (the whole day without times); never in the past."""
    if day < today:
        raise ProfileError("Une absence se déclare pour aujourd'hui ou plus tard.")
    if (start is None) != (end is None) or (start and end and end <= start):
        raise ProfileError("Donnez l'heure de début et de fin, ou aucune pour toute la journée.")
    with database.transaction() as session:
        _member(session, viewer, member_id)
        session.add(
            UnavailabilityRow(
                member_id=member_id, date=day, start=start, end=end, reason=reason.strip()[:200]
            )
        )


def remove_absence(database: Database, viewer: Viewer, member_id: str, row_id: int) -> bool:
    return _remove_row(database, viewer, member_id, UnavailabilityRow, row_id)


@dataclass(frozen=True)
class Row:
    """A removable line of the profile (``row_id`` for passions, availability, absences)."""

    row_id: int
    text: str


@dataclass(frozen=True)
class EditableProfile:
    skills: list[tuple[SkillLine, bool]]  # (skill, the member may change it)
    wishes: list[SkillLine]
    passions: list[Row]
    availabilities: list[tuple[int, str, time, time]]
    absences: list[tuple[int, date, time | None, time | None, str]]


def editable_profile(
    database: Database, viewer: Viewer, member_id: str, *, today: date
) -> EditableProfile | None:
    """The profile with the row ids the edit page needs; None outside the viewer's scope."""
    with database.reading() as session:
        if people.visible_member(session, viewer, member_id) is None:
            return None
        skills = session.execute(
            select(MemberSkillRow.skill_id, MemberSkillRow.level, MemberSkillRow.evidence)
            .where(MemberSkillRow.member_id == member_id)
            .order_by(MemberSkillRow.level.desc(), MemberSkillRow.skill_id)
        ).all()
        wishes = session.scalars(
            select(LearningWishRow.skill_id)
            .where(LearningWishRow.member_id == member_id)
            .order_by(LearningWishRow.priority, LearningWishRow.skill_id)
        ).all()
        labels = people.skill_labels(session, [s for s, _, _ in skills] + list(wishes))
        line = people.skill_line
        return EditableProfile(
            skills=[
                (line(labels, s, level), evidence == "self" or viewer.is_staff)
                for s, level, evidence in skills
            ],
            wishes=[line(labels, s, None) for s in wishes],
            passions=[
                Row(r.row_id, r.text)
                for r in session.scalars(
                    select(PassionRow)
                    .where(PassionRow.member_id == member_id)
                    .order_by(PassionRow.row_id)
                )
            ],
            availabilities=[
                (r.row_id, r.weekday, r.start, r.end)
                for r in session.scalars(
                    select(AvailabilityRow)
                    .where(AvailabilityRow.member_id == member_id)
                    .order_by(AvailabilityRow.row_id)
                )
            ],
            absences=[
                (r.row_id, r.date, r.start, r.end, r.reason)
                for r in session.scalars(
                    select(UnavailabilityRow)
                    .where(
                        UnavailabilityRow.member_id == member_id, UnavailabilityRow.date >= today
                    )
                    .order_by(UnavailabilityRow.date, UnavailabilityRow.row_id)
                )
            ],
        )


# --- passions → skills to confirm ------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A skill read in a passion, not yet on the profile: the member confirms or ignores it.

    ``intent`` is the extractor's: ``knows`` (add it as a skill), ``wants`` or ``loves``
    (add it as a wish to learn).
    """

    skill: SkillLine
    intent: str
    span: str
    passion_id: int


def passion_suggestions(
    database: Database, viewer: Viewer, member_id: str, extractor: SkillExtractor
) -> list[Suggestion]:
    """Skills the extractor reads in the member's passions that the profile lacks."""
    with database.reading() as session:
        if people.visible_member(session, viewer, member_id) is None:
            return []
        passions = session.execute(
            select(PassionRow.row_id, PassionRow.text)
            .where(PassionRow.member_id == member_id)
            .order_by(PassionRow.row_id)
        ).all()
        known = set(
            session.scalars(
                select(MemberSkillRow.skill_id).where(MemberSkillRow.member_id == member_id)
            )
        ) | set(
            session.scalars(
                select(LearningWishRow.skill_id).where(LearningWishRow.member_id == member_id)
            )
        )
        found = extractor.extract([text for _, text in passions]) if passions else []
        ids = {e.skill for extractions in found for e in extractions}
        labels = people.skill_labels(session, ids)
    suggestions: dict[str, Suggestion] = {}
    for (row_id, _), extractions in zip(passions, found, strict=True):
        for e in extractions:
            if e.skill in labels and e.skill not in known and e.skill not in suggestions:
                suggestions[e.skill] = Suggestion(
                    people.skill_line(labels, e.skill, None), e.intent, e.span, row_id
                )
    return list(suggestions.values())


# --- "Qui peut m'apprendre ?" → a pair request ---------------------------------------------


def _own_member_id(viewer: Viewer) -> str:
    if not viewer.member_id:
        raise NotAllowed("aucun profil lié à ce compte")
    return viewer.member_id


def pending_pair_requests(database: Database, viewer: Viewer) -> set[tuple[str, str]]:
    """(mentor, skill) of the viewer's pending pair proposals, to show « demande envoyée »."""
    me = _own_member_id(viewer)
    with database.reading() as session:
        return _pending_pairs(session, me)


def _pending_pairs(session: Session, learner_id: str) -> set[tuple[str, str]]:
    learner = (
        select(ProposalMemberRow.proposal_id, ProposalMemberRow.detail, ProposalMemberRow.skill_id)
        .join(ProposalRow, ProposalRow.id == ProposalMemberRow.proposal_id)
        .where(
            ProposalRow.kind == "pair",
            ProposalRow.status == "pending",
            ProposalMemberRow.member_id == learner_id,
            ProposalMemberRow.role == "apprenant",
        )
    )
    return {
        (str((detail or {}).get("teacher")), skill)
        for _, detail, skill in session.execute(learner)
        if skill
    }


def _refuse_twice(session: Session, me: str, mentor_id: str, skill_id: str) -> None:
    """No second request for the same pair, nor a request for a skill already paired."""
    if (mentor_id, skill_id) in _pending_pairs(session, me):
        raise ProfileError("Votre demande est déjà envoyée : l'animation va vous répondre.")
    running = session.scalar(
        select(PeerLearningPairRow.id).where(
            PeerLearningPairRow.learner_id == me,
            PeerLearningPairRow.skill_id == skill_id,
            PeerLearningPairRow.status.in_(("active", "awaiting_approval")),
        )
    )
    if running:
        raise ProfileError("Vous avez déjà un binôme pour apprendre cette compétence.")


def request_pair(
    database: Database, viewer: Viewer, mentor_id: str, skill_id: str, *, today: date
) -> str:
    """Ask for a pair with a mentor shown on « Qui peut m'apprendre ? »: a pending proposal.

    The mentor must be one of the cards the viewer sees for that wish right now (the
    engine's rules and the visibility rule both apply), so a forged id changes nothing.
    A coordinator then accepts it on the « Binômes » page, where a minor's pair waits for
    approval (:func:`matcher.feedback.decisions.accept`). The proposal's shape is the
    batch's (docs/batch.md): roles ``mentor`` and ``apprenant``, the learner's
    ``detail.teacher`` the mentor.
    """
    me = _own_member_id(viewer)
    with database.reading() as session:
        _refuse_twice(session, me, mentor_id, skill_id)
    wishes = people.mentors_for_wishes(database, viewer, today=today)
    card = next(
        (
            c
            for w in wishes
            if w.wish.skill_id == skill_id
            for c in w.mentors
            if c.member_id == mentor_id
        ),
        None,
    )
    if card is None:
        raise ProfileError("Cette personne n'est pas proposée pour cette envie.")
    with database.transaction() as session:
        _refuse_twice(session, me, mentor_id, skill_id)  # again: a double tap in between
        collective = session.get(MemberRow, me).collective_id
        proposal_id = f"p-{uuid.uuid4().hex[:20]}"
        year, week, _ = today.isocalendar()
        session.add(
            ProposalRow(
                id=proposal_id,
                kind="pair",
                collective_id=collective,
                request_id=None,
                batch_run_id=None,
                week=f"{year}-W{week:02d}",
                rank=1,
                score=0.0,
                score_breakdown={},
                reasons=[PAIR_REQUEST_REASON, *card.reasons],
                status="pending",
                decided_by=None,
                decided_at=None,
                decision_reason="",
                created_at=datetime.now().replace(microsecond=0),
            )
        )
        session.flush()
        empty = {"covers": [], "reasons": []}
        session.add_all(
            [
                ProposalMemberRow(
                    proposal_id=proposal_id,
                    member_id=mentor_id,
                    role="mentor",
                    skill_id=skill_id,
                    detail={**empty, "learns": [], "teacher": None, "teaches": [skill_id]},
                ),
                ProposalMemberRow(
                    proposal_id=proposal_id,
                    member_id=me,
                    role="apprenant",
                    skill_id=skill_id,
                    detail={**empty, "learns": [skill_id], "teacher": mentor_id},
                ),
            ]
        )
        _audit(session, viewer, "pair.request", proposal_id, me)
    return proposal_id


# --- learning opportunities --------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    day: date
    start: time
    end: time

    @property
    def weekday(self) -> str:
        """``mon``…``sun``, the ids of :data:`matcher.vocabulary.WEEKDAYS`."""
        return WEEKDAYS[self.day.weekday()]


@dataclass(frozen=True)
class Opportunity:
    """An open request with a learning place on a skill the member wishes to learn."""

    request_id: str
    title: str
    zone: str
    skill: SkillLine
    sessions: list[Slot]
    teachers: int
    interested: bool = False


def _birth_date(session: Session, member_id: str) -> date | None:
    return session.scalar(
        select(MemberPrivateRow.birth_date).where(MemberPrivateRow.member_id == member_id)
    )


def learning_opportunities(database: Database, viewer: Viewer, *, today: date) -> list[Opportunity]:
    """Open requests of the member's collective they could join as an apprenant·e.

    A request qualifies when it has a learning place, a session from ``today`` on, a
    required skill the member wishes to learn, and someone to learn from: a member at
    level ≥ 3 on that skill in a team already proposed for it, or — while no team is
    proposed — in the collective. A minor (or a member whose birth date is unknown: fail
    closed) never sees a request or skill with a hazard, nor a skill above their age.
    """
    me = _own_member_id(viewer)
    with database.reading() as session:
        member = session.get(MemberRow, me)
        wishes = set(
            session.scalars(select(LearningWishRow.skill_id).where(LearningWishRow.member_id == me))
        )
        if member is None or not wishes:
            return []
        requests = {
            r.id: r
            for r in session.scalars(
                select(ServiceRequestRow).where(
                    ServiceRequestRow.collective_id == member.collective_id,
                    ServiceRequestRow.status == "open",
                    ServiceRequestRow.learning_slots > 0,
                )
            )
        }
        needs = session.scalars(
            select(RequiredSkillRow).where(
                RequiredSkillRow.request_id.in_(requests), RequiredSkillRow.skill_id.in_(wishes)
            )
        ).all()
        sessions: dict[str, list[Slot]] = defaultdict(list)
        for s in session.scalars(
            select(RequestSessionRow)
            .where(RequestSessionRow.request_id.in_(requests), RequestSessionRow.date >= today)
            .order_by(RequestSessionRow.date, RequestSessionRow.start)
        ):
            sessions[s.request_id].append(Slot(s.date, s.start, s.end))
        birth = _birth_date(session, me)
        taught = _teachers(session, member.collective_id, me, {n.skill_id for n in needs})
        proposed = _proposed_members(session, list(requests))
        skills = {s.id: s for s in session.scalars(select(SkillRow).where(SkillRow.id.in_(wishes)))}
        labels = people.skill_labels(session, wishes)
        interested = _signalled(session, me, "opportunity.interest")
    found = []
    for need in sorted(needs, key=lambda n: (n.request_id, n.skill_id)):
        request = requests[need.request_id]
        days = sessions.get(request.id)
        if not days:
            continue
        young = birth is None or age_on(birth, days[0].day) < ADULT_AGE
        skill = skills.get(need.skill_id)
        age = age_on(birth, days[0].day) if birth else 0
        if young and (request.hazards or need.hazards or (skill and skill.hazards)):
            continue
        if skill and age < skill.min_age:
            continue
        team = proposed.get(request.id)
        teachers = taught.get(need.skill_id, set())
        if team is not None:
            teachers = teachers & team
        if not teachers:
            continue
        found.append(
            Opportunity(
                request_id=request.id,
                title=request.title,
                zone=request.zone,
                skill=people.skill_line(labels, need.skill_id, None),
                sessions=days,
                teachers=len(teachers),
                interested=request.id in interested,
            )
        )
    return found


def _teachers(
    session: Session, collective_id: str, me: str, skills: set[str]
) -> dict[str, set[str]]:
    """Per skill, the active members of the collective (not ``me``) at level ≥ 3."""
    rows = session.execute(
        select(MemberSkillRow.skill_id, MemberSkillRow.member_id)
        .join(MemberRow, MemberRow.id == MemberSkillRow.member_id)
        .where(
            MemberRow.collective_id == collective_id,
            MemberRow.left_on.is_(None),
            MemberRow.id != me,
            MemberSkillRow.skill_id.in_(skills),
            MemberSkillRow.level >= LEAD_LEVEL,
        )
    )
    teachers: dict[str, set[str]] = defaultdict(set)
    for skill, member in rows:
        teachers[skill].add(member)
    return teachers


def _proposed_members(session: Session, request_ids: list[str]) -> dict[str, set[str]]:
    """Per request with pending team proposals, every member of those teams."""
    rows = session.execute(
        select(ProposalRow.request_id, ProposalMemberRow.member_id)
        .join(ProposalMemberRow, ProposalMemberRow.proposal_id == ProposalRow.id)
        .where(
            ProposalRow.request_id.in_(request_ids),
            ProposalRow.kind == "team",
            ProposalRow.status == "pending",
        )
    )
    members: dict[str, set[str]] = defaultdict(set)
    for request_id, member_id in rows:
        members[request_id].add(member_id)
    return members


def _signalled(session: Session, member_id: str, *actions: str) -> dict[str, str]:
    """Target → latest of ``actions`` the member signalled about it."""
    rows = session.execute(
        select(AuditEntryRow.target, AuditEntryRow.action)
        .where(AuditEntryRow.detail == member_id, AuditEntryRow.action.in_(actions))
        .order_by(AuditEntryRow.at, AuditEntryRow.row_id)
    )
    return {target: action for target, action in rows}


def say_interested(database: Database, viewer: Viewer, request_id: str, *, today: date) -> bool:
    """Record « je suis intéressé·e » for one of the member's opportunities (once).

    False when the request is not one of their opportunities (whatever exists elsewhere).
    """
    offered = {o.request_id: o for o in learning_opportunities(database, viewer, today=today)}
    if request_id not in offered:
        return False
    if not offered[request_id].interested:
        with database.transaction() as session:
            _audit(session, viewer, "opportunity.interest", request_id, _own_member_id(viewer))
    return True


# --- my missions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MyMission:
    mission_id: str
    title: str
    zone: str
    role: str
    skill: SkillLine | None
    status: str
    sessions: list[Slot]
    answer: str = ""  # "", or the latest of MISSION_ANSWERS
    outcome: str = ""
    hours_worked: float | None = None

    @property
    def upcoming(self) -> bool:
        return self.status == "planned" and bool(self.sessions)


def my_missions(database: Database, viewer: Viewer, *, today: date) -> list[MyMission]:
    """The member's missions, soonest first for planned ones then latest first.

    ``sessions`` of a planned mission are those from ``today`` on; of a past one, all.
    """
    me = _own_member_id(viewer)
    with database.reading() as session:
        rows = session.execute(
            select(MissionMemberRow, MissionRow.status, ServiceRequestRow)
            .join(MissionRow, MissionRow.id == MissionMemberRow.mission_id)
            .join(ServiceRequestRow, ServiceRequestRow.id == MissionRow.request_id)
            .where(MissionMemberRow.member_id == me)
        ).all()
        request_ids = [request.id for _, _, request in rows]
        sessions: dict[str, list[Slot]] = defaultdict(list)
        for s in session.scalars(
            select(RequestSessionRow)
            .where(RequestSessionRow.request_id.in_(request_ids))
            .order_by(RequestSessionRow.date, RequestSessionRow.start)
        ):
            sessions[s.request_id].append(Slot(s.date, s.start, s.end))
        labels = people.skill_labels(session, [p.skill_id for p, _, _ in rows if p.skill_id])
        answers = _signalled(session, me, *(f"mission.{a}" for a in MISSION_ANSWERS))
    missions = []
    for place, status, request in rows:
        days = sessions.get(request.id, [])
        if status == "planned":
            days = [d for d in days if d.day >= today]
        missions.append(
            MyMission(
                mission_id=place.mission_id,
                title=request.title,
                zone=request.zone,
                role=place.role,
                skill=people.skill_line(labels, place.skill_id, None) if place.skill_id else None,
                status=status,
                sessions=days,
                answer=answers.get(place.mission_id, "").removeprefix("mission."),
                outcome=place.outcome,
                hours_worked=place.hours_worked,
            )
        )
    upcoming = sorted((m for m in missions if m.upcoming), key=lambda m: m.sessions[0].day)
    past = sorted(
        (m for m in missions if not m.upcoming),
        key=lambda m: m.sessions[-1].day if m.sessions else date.min,
        reverse=True,
    )
    return upcoming + past


def answer_mission(
    database: Database, viewer: Viewer, mission_id: str, answer: str, *, today: date
) -> bool:
    """Confirm, decline or say « je serai absent·e » for an upcoming mission of the member.

    An absence also adds an unavailability for each of the mission's coming sessions, so
    the next batch and the team checks know; the coordinator sees every answer among the
    members' signals. False when the mission is not an upcoming one of the member.
    """
    if answer not in MISSION_ANSWERS:
        raise ProfileError("Réponse inconnue.")
    mission = next(
        (m for m in my_missions(database, viewer, today=today) if m.mission_id == mission_id),
        None,
    )
    if mission is None or not mission.upcoming:
        return False
    me = _own_member_id(viewer)
    with database.transaction() as session:
        if answer == "absent":
            session.add_all(
                UnavailabilityRow(
                    member_id=me, date=s.day, start=s.start, end=s.end, reason=ABSENCE_REASON
                )
                for s in mission.sessions
            )
        _audit(session, viewer, f"mission.{answer}", mission_id, me)
    return True


# --- what coordinators see -------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    at: datetime
    action: str
    member_id: str
    display_name: str
    target: str
    title: str


def member_signals(database: Database, viewer: Viewer, *, limit: int = 100) -> list[Signal]:
    """The latest signals of members in the staff viewer's scope, newest first."""
    in_scope = select(MemberRow.id).where(people.staff_scope(viewer))
    with database.reading() as session:
        rows = session.execute(
            select(AuditEntryRow, MemberRow.display_name)
            .join(MemberRow, MemberRow.id == AuditEntryRow.detail)
            .where(AuditEntryRow.action.in_(SIGNALS), AuditEntryRow.detail.in_(in_scope))
            .order_by(AuditEntryRow.at.desc(), AuditEntryRow.row_id.desc())
            .limit(limit)
        ).all()
        titles = _titles(session, [entry for entry, _ in rows])
    return [
        Signal(
            entry.at, entry.action, entry.detail, name, entry.target, titles.get(entry.target, "")
        )
        for entry, name in rows
    ]


def _titles(session: Session, entries: Iterable[AuditEntryRow]) -> dict[str, str]:
    """The request title behind each signal's target (a request or a mission)."""
    targets = {e.target for e in entries}
    requests = dict(
        session.execute(
            select(ServiceRequestRow.id, ServiceRequestRow.title).where(
                ServiceRequestRow.id.in_(targets)
            )
        ).all()
    )
    missions = dict(
        session.execute(
            select(MissionRow.id, ServiceRequestRow.title)
            .join(ServiceRequestRow, ServiceRequestRow.id == MissionRow.request_id)
            .where(MissionRow.id.in_(targets))
        ).all()
    )
    return {**requests, **missions}


# --- progress: skills over time and badges ---------------------------------------------------


@dataclass
class Progress:
    steps: list[dict[str, Any]] = field(default_factory=list)
    badges: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def progress(database: Database, viewer: Viewer, member_id: str) -> Progress | None:
    """Validated level changes (:func:`matcher.feedback.listing.trajectory`) and the Open
    Badges they earned (:func:`matcher.feedback.badges.member_credentials`)."""
    with database.reading() as session:
        if people.visible_member(session, viewer, member_id) is None:
            return None
        dataset = repository.read_dataset(session)
    return Progress(
        steps=trajectory(dataset, member_id),
        badges=member_credentials(dataset, member_id, load_taxonomy()),
    )
