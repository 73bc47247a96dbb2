"""Scoped queries (matcher.people): who sees whom, mentor cards, export and erasure."""

from __future__ import annotations

import dataclasses
import json

import pytest
from http_helpers import TODAY
from sqlalchemy import update

from matcher import people
from matcher.domain import age_on
from matcher.people import MemberFilters, NotAllowed, Viewer
from matcher.storage import repository
from matcher.storage.tables import MemberRow, PeerLearningPairRow

pytestmark = pytest.mark.db

ADMIN = Viewer("u-admin", "admin")
ALMA = Viewer("u-coordo-alma", "coordinator", collective_id="kpa-alma")
EPEULE = Viewer("u-coordo-epeule", "coordinator", collective_id="kpa-epeule")
MEMBER_1 = Viewer("u-membre-1", "member", collective_id="kpa-alma", member_id="m-00001")


def _dataset(database):
    with database.transaction() as session:
        return repository.read_dataset(session)


def test_a_coordinator_finds_only_their_collective_and_an_admin_everyone(demo):
    dataset = _dataset(demo)
    alma = people.search_members(demo, ALMA, MemberFilters(), today=TODAY)
    everyone = people.search_members(demo, ADMIN, MemberFilters(), today=TODAY)
    assert {m.collective_id for m in alma} == {"kpa-alma"}
    assert len(alma) == sum(m.collective_id == "kpa-alma" for m in dataset.members)
    assert len(everyone) == len(dataset.members)


def test_a_member_cannot_search_members(demo):
    with pytest.raises(NotAllowed):
        people.search_members(demo, MEMBER_1, MemberFilters(), today=TODAY)


def test_search_filters_by_skill_level_zone_weekday_and_age_band(demo):
    dataset = _dataset(demo)
    found = people.search_members(
        demo, ADMIN, MemberFilters(skill_id="couture", min_level=2), today=TODAY
    )
    expected = {
        s.member_id for s in dataset.member_skills if s.skill_id == "couture" and s.level >= 2
    }
    assert {m.id for m in found} == expected and expected
    minors = people.search_members(demo, ADMIN, MemberFilters(age_band="16-17"), today=TODAY)
    births = {p.member_id: p.birth_date for p in dataset.member_private}
    assert minors and all(age_on(births[m.id], TODAY) < 18 for m in minors)
    assert len(minors) == sum(age_on(b, TODAY) < 18 for b in births.values())
    saturday = people.search_members(demo, ALMA, MemberFilters(weekday="sat"), today=TODAY)
    on_saturday = {a.member_id for a in dataset.availabilities if a.weekday == "sat"}
    assert saturday and {m.id for m in saturday} <= on_saturday
    zone = people.search_members(demo, ALMA, MemberFilters(zone="alma"), today=TODAY)
    assert zone and {m.home_zone for m in zone} == {"alma"}


def test_profiles_are_visible_to_staff_in_scope_and_to_the_member_only(demo):
    assert people.member_profile(demo, ALMA, "m-00003", today=TODAY) is not None
    assert people.member_profile(demo, EPEULE, "m-00003", today=TODAY) is None
    assert people.member_profile(demo, MEMBER_1, "m-00003", today=TODAY) is None
    own = people.member_profile(demo, MEMBER_1, "m-00001", today=TODAY)
    assert own.member.id == "m-00001" and own.age_band is None
    assert people.member_profile(demo, ALMA, "m-00001", today=TODAY).age_band


def test_mentor_cards_carry_no_private_field(demo):
    fields = {f.name for f in dataclasses.fields(people.MentorCard)}
    assert fields == {"member_id", "display_name", "home_zone", "level", "skills", "reasons"}


def test_a_private_member_is_a_mentor_card_only_once_a_pair_links_them(demo):
    """Adam D. (m-00018, a minor, private) teaches machine sewing; membre-1 wishes it."""

    def mentors() -> set[str]:
        wishes = people.mentors_for_wishes(demo, MEMBER_1, today=TODAY)
        return {card.member_id for wish in wishes for card in wish.mentors}

    assert "m-00018" in mentors()  # pair-0003 (active, approved) links them
    with demo.transaction() as session:
        session.execute(
            update(PeerLearningPairRow)
            .where(PeerLearningPairRow.id == "pair-0003")
            .values(status="awaiting_approval")
        )
    assert "m-00018" not in mentors()
    with demo.transaction() as session:
        session.execute(
            update(MemberRow).where(MemberRow.id == "m-00018").values(visibility="public")
        )
    assert "m-00018" in mentors()


def test_a_wish_without_mentor_says_why(demo):
    wishes = {w.wish.skill_id: w for w in people.mentors_for_wishes(demo, MEMBER_1, today=TODAY)}
    assert wishes["tricot"].mentors == [] and "tricot" in wishes["tricot"].diagnosis[0]


def test_staff_have_no_mentor_page(demo):
    with pytest.raises(NotAllowed):
        people.mentors_for_wishes(demo, ALMA, today=TODAY)


def test_the_export_holds_everything_about_the_member_but_no_secret(demo):
    export = people.export_member(demo, ALMA, "m-00001")
    assert export["members"][0]["id"] == "m-00001"
    assert export["member_private"][0]["birth_date"]
    assert export["users"][0]["login"] == "membre-1"
    assert "password_hash" not in export["users"][0] and "api_token_hash" not in export["users"][0]
    json.dumps(export)
    assert people.export_member(demo, EPEULE, "m-00001") is None


def test_erasure_keeps_only_anonymous_totals(demo):
    before = _dataset(demo)
    proposal = before.proposals[0]
    place = next(p for p in before.proposal_members if p.proposal_id == proposal.id)
    member = next(m for m in before.members if m.id == place.member_id)
    legal_name = next(p.legal_name for p in before.member_private if p.member_id == member.id)
    assert any(member.display_name in reason for reason in proposal.reasons)
    other = EPEULE if member.collective_id != "kpa-epeule" else ALMA

    assert people.erase_member(demo, other, member.id, today=TODAY) is False
    assert people.erase_member(demo, ADMIN, member.id, today=TODAY) is True

    after = _dataset(demo)
    rows = [
        dataclasses.asdict(r)
        for name, table in after.tables()
        if name != "audit_log"
        for r in table
    ]
    text = json.dumps(rows, default=str)
    assert f'"{member.id}"' not in text and legal_name not in text
    assert not any(member.display_name in r for p in after.proposals for r in p.reasons)
    assert len(after.hours) == len(before.hours)
    assert len(after.mission_members) == len(before.mission_members)
    assert len(after.members) == len(before.members)  # one anonymous member took the place
    assert any(e.action == "member.erase" and e.target == member.id for e in after.audit_log)


def test_the_dashboard_counts_the_viewer_scope(demo):
    dataset = _dataset(demo)
    alma = people.overview(demo, ALMA, today=TODAY)
    everyone = people.overview(demo, ADMIN, today=TODAY)
    assert alma.members == sum(
        m.collective_id == "kpa-alma" and not m.left_on for m in dataset.members
    )
    assert everyone.members == sum(not m.left_on for m in dataset.members)
    assert alma.open_requests == sum(
        r.collective_id == "kpa-alma" and r.status == "open" for r in dataset.requests
    )
    assert alma.last_batch_run.collective_id == "kpa-alma"
    with pytest.raises(NotAllowed):
        people.overview(demo, MEMBER_1, today=TODAY)
