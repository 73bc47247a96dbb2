"""A member's own corner (matcher.profiles) and member management (matcher.people,
matcher.accounts), without Flask, on the demo cooperative.

Demo facts used here: membre-1 (m-00001, adult, KPA Alma) wishes machine sewing, taught by
Adam D. (m-00018, a minor); membre-2 (m-00002) is a minor of KPA Alma; m-00004 has make-up
(maquillage) at level 3; r-0066 is an open make-up request of KPA Alma with a learning
place and a session on 2 December 2026.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select, update

from matcher import accounts, people, profiles, services
from matcher.domain import LevelChange, MemberPrivate, Mission, MissionMember
from matcher.feedback import service
from matcher.models.extract import SkillExtractor
from matcher.people import NotAllowed, Viewer
from matcher.profiles import ProfileError
from matcher.storage import repository
from matcher.storage.db import Database
from matcher.storage.tables import (
    AuditEntryRow,
    MemberSkillRow,
    PassionRow,
    RequestSessionRow,
    ServiceRequestRow,
    UnavailabilityRow,
)

pytestmark = pytest.mark.db

TODAY = date(2026, 11, 28)
ADMIN = Viewer("u-admin", "admin")
ALMA = Viewer("u-coordo-alma", "coordinator", collective_id="kpa-alma")
EPEULE = Viewer("u-coordo-epeule", "coordinator", collective_id="kpa-epeule")
MEMBER_1 = Viewer("u-membre-1", "member", collective_id="kpa-alma", member_id="m-00001")
MEMBER_2 = Viewer("u-membre-2", "member", collective_id="kpa-alma", member_id="m-00002")


@pytest.fixture
def demo(database: Database) -> Database:
    services.load_demo(database, seed=1, today=TODAY)
    return database


def _dataset(database: Database):
    with database.reading() as session:
        return repository.read_dataset(session)


def _skill(database: Database, member_id: str, skill_id: str) -> MemberSkillRow | None:
    with database.reading() as session:
        row = session.get(MemberSkillRow, (member_id, skill_id))
        return None if row is None else (row.level, row.evidence)


# --- editing the profile -------------------------------------------------------------------


def test_a_member_changes_what_they_declared_but_not_a_verified_level(demo):
    profiles.set_skill(demo, MEMBER_1, "m-00001", "tricot", 2)
    assert _skill(demo, "m-00001", "tricot") == (2, "self")
    with pytest.raises(ProfileError, match="vérifié"):
        profiles.set_skill(demo, MEMBER_1, "m-00001", "broderie", 1)  # validated by staff
    with pytest.raises(ProfileError, match="vérifié"):
        profiles.remove_skill(demo, MEMBER_1, "m-00001", "broderie")
    assert _skill(demo, "m-00001", "broderie") == (4, "coordinator")
    profiles.set_skill(demo, ALMA, "m-00001", "broderie", 3)
    assert _skill(demo, "m-00001", "broderie") == (3, "coordinator")


def test_nobody_edits_a_profile_outside_their_scope(demo):
    for viewer, member in ((MEMBER_1, "m-00002"), (EPEULE, "m-00001")):
        with pytest.raises(ProfileError):
            profiles.set_skill(demo, viewer, member, "tricot", 2)
        with pytest.raises(ProfileError):
            profiles.add_passion(demo, viewer, member, "je tricote")
        assert profiles.editable_profile(demo, viewer, member, today=TODAY) is None


def test_levels_skills_days_and_times_are_checked(demo):
    with pytest.raises(ProfileError):
        profiles.set_skill(demo, MEMBER_1, "m-00001", "tricot", 5)
    with pytest.raises(ProfileError):
        profiles.set_skill(demo, MEMBER_1, "m-00001", "pas-une-competence", 2)
    with pytest.raises(ProfileError):
        profiles.add_availability(demo, MEMBER_1, "m-00001", "mon", time(18), time(9))
    with pytest.raises(ProfileError):
        profiles.add_availability(demo, MEMBER_1, "m-00001", "lundi", time(9), time(18))
    with pytest.raises(ProfileError):
        profiles.add_absence(demo, MEMBER_1, "m-00001", date(2026, 11, 27), today=TODAY)
    with pytest.raises(ProfileError):
        profiles.add_absence(demo, MEMBER_1, "m-00001", TODAY, today=TODAY, start=time(9))


def test_wishes_passions_availability_and_absences_come_and_go(demo):
    profiles.add_wish(demo, MEMBER_1, "m-00001", "video")
    profiles.add_availability(demo, MEMBER_1, "m-00001", "mon", time(9), time(12))
    profiles.add_absence(demo, MEMBER_1, "m-00001", date(2026, 12, 24), today=TODAY)
    profiles.add_passion(demo, MEMBER_1, "m-00001", "  je   fais des tresses  ")
    edit = profiles.editable_profile(demo, MEMBER_1, "m-00001", today=TODAY)
    assert [w.skill_id for w in edit.wishes] == ["couture-machine", "tricot", "video"]
    assert edit.passions[-1].text == "je fais des tresses"
    assert (edit.availabilities[-1][1:]) == ("mon", time(9), time(12))
    assert edit.absences[-1][1] == date(2026, 12, 24)

    profiles.remove_wish(demo, MEMBER_1, "m-00001", "video")
    assert profiles.remove_passion(demo, MEMBER_1, "m-00001", edit.passions[-1].row_id)
    assert profiles.remove_availability(demo, MEMBER_1, "m-00001", edit.availabilities[-1][0])
    assert profiles.remove_absence(demo, MEMBER_1, "m-00001", edit.absences[-1][0])
    after = profiles.editable_profile(demo, MEMBER_1, "m-00001", today=TODAY)
    assert len(after.wishes) == 2 and after.absences == []
    assert len(after.passions) == len(edit.passions) - 1


def test_a_row_of_another_member_is_never_removed(demo):
    with demo.reading() as session:
        theirs = session.scalar(select(PassionRow.row_id).where(PassionRow.member_id == "m-00002"))
    assert profiles.remove_passion(demo, MEMBER_1, "m-00001", theirs) is False
    with demo.reading() as session:
        assert session.get(PassionRow, theirs) is not None


def test_passions_suggest_the_skills_the_profile_lacks(demo):
    extractor = SkillExtractor(use_long_tail=False).fit()
    assert profiles.passion_suggestions(demo, MEMBER_1, "m-00001", extractor) == []
    profiles.add_passion(
        demo, MEMBER_1, "m-00001", "je fais des tresses à mes cousines et je crochète"
    )
    profiles.add_passion(demo, MEMBER_1, "m-00001", "j'aimerais trop apprendre à faire des vidéos")
    found = {
        s.skill.skill_id: s
        for s in profiles.passion_suggestions(demo, MEMBER_1, "m-00001", extractor)
    }
    assert found["tresses"].intent == "knows" and found["tresses"].span in "tresses"
    assert found["video"].intent == "wants"
    assert "crochet" not in found  # already on the profile


# --- "Qui peut m'apprendre ?" → a pair request -----------------------------------------------


def test_a_pair_request_is_a_pending_proposal_a_coordinator_accepts(demo):
    """Adam D. is a minor: once accepted, the pair waits for a coordinator's approval."""
    proposal_id = profiles.request_pair(demo, MEMBER_1, "m-00018", "couture-machine", today=TODAY)
    assert profiles.pending_pair_requests(demo, MEMBER_1) == {("m-00018", "couture-machine")}
    pending = service.list_proposals(demo, status="pending", collective_id="kpa-alma")
    row = next(p for p in pending if p["id"] == proposal_id)
    assert row["kind"] == "pair" and row["week"] == "2026-W48"
    assert {(m["id"], m["role"]) for m in row["members"]} == {
        ("m-00018", "mentor"),
        ("m-00001", "apprenant"),
    }
    with pytest.raises(ProfileError, match="déjà envoyée"):
        profiles.request_pair(demo, MEMBER_1, "m-00018", "couture-machine", today=TODAY)

    decision = service.accept_proposal(demo, proposal_id, actor="u-coordo-alma")
    pair = next(p for p in _dataset(demo).pairs if p.id in decision.made["pairs"])
    assert (pair.mentor_id, pair.learner_id, pair.status) == (
        "m-00018",
        "m-00001",
        "awaiting_approval",
    )
    with pytest.raises(ProfileError, match="déjà un binôme"):
        profiles.request_pair(demo, MEMBER_1, "m-00018", "couture-machine", today=TODAY)


def test_only_a_mentor_shown_for_that_wish_can_be_asked(demo):
    for mentor, skill in (("m-00021", "couture-machine"), ("m-00018", "tricot"), ("m-00018", "x")):
        with pytest.raises(ProfileError, match="pas proposée"):
            profiles.request_pair(demo, MEMBER_1, mentor, skill, today=TODAY)
    with demo.reading() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEntryRow)
                .where(AuditEntryRow.action == "pair.request")
            )
            == 0
        )
    with pytest.raises(NotAllowed):
        profiles.request_pair(demo, ALMA, "m-00018", "couture-machine", today=TODAY)


# --- learning opportunities --------------------------------------------------------------------


def test_an_open_request_with_a_learning_place_and_a_teacher_is_an_opportunity(demo):
    assert profiles.learning_opportunities(demo, MEMBER_2, today=TODAY) == []
    profiles.add_wish(demo, MEMBER_2, "m-00002", "maquillage")
    [found] = profiles.learning_opportunities(demo, MEMBER_2, today=TODAY)
    assert (found.request_id, found.skill.skill_id, found.teachers) == ("r-0066", "maquillage", 1)
    assert [s.day for s in found.sessions] == [date(2026, 12, 2)] and found.sessions[
        0
    ].weekday == "wed"
    assert profiles.learning_opportunities(demo, MEMBER_2, today=date(2026, 12, 3)) == []

    with demo.transaction() as session:  # nobody left at level 3: no one to learn from
        session.execute(
            update(MemberSkillRow)
            .where(MemberSkillRow.skill_id == "maquillage", MemberSkillRow.level >= 3)
            .values(level=2)
        )
    assert profiles.learning_opportunities(demo, MEMBER_2, today=TODAY) == []


def test_a_minor_never_sees_a_request_with_a_hazard(demo):
    profiles.add_wish(demo, MEMBER_2, "m-00002", "maquillage")
    profiles.add_wish(demo, MEMBER_1, "m-00001", "maquillage")
    with demo.transaction() as session:
        session.execute(
            update(ServiceRequestRow)
            .where(ServiceRequestRow.id == "r-0066")
            .values(hazards=["heat"])
        )
    assert profiles.learning_opportunities(demo, MEMBER_2, today=TODAY) == []
    assert [o.request_id for o in profiles.learning_opportunities(demo, MEMBER_1, today=TODAY)] == [
        "r-0066"
    ]


def test_interest_is_recorded_once_and_seen_by_the_collective_staff_only(demo):
    profiles.add_wish(demo, MEMBER_2, "m-00002", "maquillage")
    assert profiles.say_interested(demo, MEMBER_2, "r-0063", today=TODAY) is False
    assert profiles.say_interested(demo, MEMBER_2, "r-0066", today=TODAY) is True
    assert profiles.say_interested(demo, MEMBER_2, "r-0066", today=TODAY) is True
    assert profiles.learning_opportunities(demo, MEMBER_2, today=TODAY)[0].interested
    [signal] = profiles.member_signals(demo, ALMA)
    assert (signal.action, signal.member_id, signal.target) == (
        "opportunity.interest",
        "m-00002",
        "r-0066",
    )
    assert signal.title.startswith("Maquillage")
    assert profiles.member_signals(demo, EPEULE) == []
    assert len(profiles.member_signals(demo, ADMIN)) == 1
    with pytest.raises(NotAllowed):
        profiles.member_signals(demo, MEMBER_2)


# --- my missions ------------------------------------------------------------------------------


def _plan_mission_for_membre_2(demo: Database) -> str:
    """A planned mission on the open make-up request r-0066 with membre-2 as apprenante."""
    with demo.transaction() as session:
        repository.insert_rows(
            session,
            "missions",
            [Mission("mi-test", "r-0066", None, "planned", datetime(2026, 11, 27))],
        )
        repository.insert_rows(
            session,
            "mission_members",
            [MissionMember("mi-test", "m-00002", "apprenant", "maquillage")],
        )
    return "mi-test"


def test_a_member_answers_their_upcoming_missions(demo):
    mission_id = _plan_mission_for_membre_2(demo)
    missions = profiles.my_missions(demo, MEMBER_2, today=TODAY)
    upcoming = [m for m in missions if m.upcoming]
    assert [m.mission_id for m in upcoming] == [mission_id]
    assert all(not m.upcoming for m in missions[1:]) and len(missions) == 8

    assert profiles.answer_mission(demo, MEMBER_2, mission_id, "confirm", today=TODAY)
    assert profiles.my_missions(demo, MEMBER_2, today=TODAY)[0].answer == "confirm"
    assert profiles.answer_mission(demo, MEMBER_2, mission_id, "absent", today=TODAY)
    assert profiles.my_missions(demo, MEMBER_2, today=TODAY)[0].answer == "absent"
    with demo.reading() as session:
        absences = session.execute(
            select(UnavailabilityRow.date, UnavailabilityRow.start).where(
                UnavailabilityRow.member_id == "m-00002"
            )
        ).all()
        first = session.scalar(
            select(RequestSessionRow.start).where(RequestSessionRow.request_id == "r-0066")
        )
    assert absences == [(date(2026, 12, 2), first)]
    assert [s.action for s in profiles.member_signals(demo, ALMA)] == [
        "mission.absent",
        "mission.confirm",
    ]


def test_nobody_answers_a_mission_that_is_not_theirs_or_is_over(demo):
    mission_id = _plan_mission_for_membre_2(demo)
    assert profiles.answer_mission(demo, MEMBER_1, mission_id, "decline", today=TODAY) is False
    assert (
        profiles.answer_mission(demo, MEMBER_2, mission_id, "decline", today=date(2026, 12, 3))
        is False
    )
    assert profiles.answer_mission(demo, MEMBER_2, "mi-0022", "confirm", today=TODAY) is False
    with pytest.raises(ProfileError):
        profiles.answer_mission(demo, MEMBER_2, mission_id, "maybe", today=TODAY)
    assert profiles.member_signals(demo, ALMA) == []


def test_an_erasure_leaves_no_member_id_on_their_signals(demo):
    mission_id = _plan_mission_for_membre_2(demo)
    profiles.answer_mission(demo, MEMBER_2, mission_id, "decline", today=TODAY)
    assert people.erase_member(demo, ALMA, "m-00002", today=TODAY)
    with demo.reading() as session:
        details = session.scalars(
            select(AuditEntryRow.detail).where(AuditEntryRow.action == "mission.decline")
        ).all()
    assert details == [""]
    assert profiles.member_signals(demo, ALMA) == []


# --- progress and badges -------------------------------------------------------------------


def test_progress_lists_validated_levels_and_their_badges(demo):
    assert profiles.progress(demo, MEMBER_1, "m-00001").steps == []
    change = LevelChange(
        "lc-test",
        "m-00001",
        "tricot",
        1,
        2,
        "validated",
        2,
        datetime(2026, 11, 20),
        "u-coordo-alma",
        datetime(2026, 11, 21),
    )
    with demo.transaction() as session:
        repository.insert_rows(session, "level_changes", [change])
    found = profiles.progress(demo, MEMBER_1, "m-00001")
    assert [(s["skill"], s["to_level"]) for s in found.steps] == [("tricot", 2)]
    [(name, credential)] = found.badges
    assert name == "badge-tricot-niveau-2.json"
    assert "OpenBadgeCredential" in credential["type"]
    assert profiles.progress(demo, MEMBER_2, "m-00001") is None


# --- member management (matcher.people, matcher.accounts) -------------------------------------


def test_a_coordinator_creates_a_private_member_in_their_own_collective(demo):
    member = people.create_member(
        demo,
        ALMA,
        {"display_name": "  Nina   K. ", "status": "volunteer"},
        collective_id="kpa-epeule",
        today=TODAY,
    )
    assert (member.collective_id, member.display_name, member.visibility) == (
        "kpa-alma",
        "Nina K.",
        "private",
    )
    assert member.joined_on == TODAY
    assert (
        people.create_member(
            demo, ADMIN, {"display_name": "Sam B."}, collective_id="kpa-epeule", today=TODAY
        ).collective_id
        == "kpa-epeule"
    )
    with pytest.raises(people.MemberError):
        people.create_member(
            demo, ADMIN, {"display_name": "Sam B."}, collective_id="nulle-part", today=TODAY
        )
    with pytest.raises(NotAllowed):
        people.create_member(demo, MEMBER_1, {"display_name": "X"}, today=TODAY)


@pytest.mark.parametrize(
    "values",
    [
        {"display_name": ""},
        {"display_name": "A" * 81},
        {"display_name": "A", "status": "roi"},
        {"display_name": "A", "visibility": "everyone"},
        {"display_name": "A", "desired_hours_min": 10.0, "desired_hours_max": 5.0},
        {"display_name": "A", "contract_start": date(2026, 2, 1), "contract_end": date(2026, 1, 1)},
        {"display_name": "A", "collective_id": "kpa-epeule"},
    ],
)
def test_member_fields_are_checked(demo, values):
    with pytest.raises(people.MemberError):
        people.update_member(demo, ALMA, "m-00003", values)


def test_member_and_private_fields_are_edited_only_by_the_collective_staff(demo):
    assert people.update_member(demo, EPEULE, "m-00003", {"display_name": "Zed"}) is None
    updated = people.update_member(
        demo, ALMA, "m-00003", {"display_name": "Zoé R.", "home_zone": "pile"}
    )
    assert (updated.display_name, updated.home_zone) == ("Zoé R.", "pile")

    assert people.private_fields(demo, EPEULE, "m-00003") is None
    with pytest.raises(NotAllowed):
        people.private_fields(demo, MEMBER_1, "m-00001")
    private = MemberPrivate("m-00003", "Zoé Robert", date(2009, 3, 4), "06 00 00 00 00")
    assert people.set_private_fields(demo, EPEULE, private) is False
    assert people.set_private_fields(demo, ALMA, private) is True
    assert people.private_fields(demo, ALMA, "m-00003").private == private
    with pytest.raises(people.MemberError):
        people.set_private_fields(demo, ALMA, MemberPrivate("m-00003", " ", date(2009, 3, 4)))


def test_a_member_login_opens_with_a_one_time_code(demo):
    assert people.member_logins(demo, ALMA, "m-00003") == []
    assert people.member_logins(demo, EPEULE, "m-00003") is None
    user, code = accounts.create_member_login(
        demo, login="Zoe.R", member_id="m-00003", actor="u-coordo-alma"
    )
    assert (user.login, user.role, user.collective_id) == ("zoe.r", "member", "kpa-alma")
    assert people.member_logins(demo, ALMA, "m-00003") == ["zoe.r"]
    assert accounts.authenticate(demo, "zoe.r", "wrong-code-000") is None
    result = accounts.authenticate(demo, "zoe.r", code.lower().replace("-", " "))
    assert result.must_change_password and result.user.member_id == "m-00003"
    assert accounts.authenticate(demo, "zoe.r", code) is None  # used once
    with pytest.raises(accounts.AccountError):
        accounts.create_member_login(demo, login="zoe.r", member_id="m-00004", actor="x")
    with pytest.raises(accounts.AccountError):
        accounts.create_member_login(demo, login="a b", member_id="m-00004", actor="x")
