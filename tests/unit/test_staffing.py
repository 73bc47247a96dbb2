"""« Nouvelle demande » without Flask (matcher.staffing): text → draft → teams → decision.

On the demo cooperative (seed 1, 28/11/2026, a Saturday). In KPA Alma, cooking and table
service are held by Bintou D. (m-00003, the only one serving, level 3), Mathis L. (cuisine
3) and Kylian D. (cuisine 1), all free on Tuesdays: a Tuesday buffet finds teams; the
only catering (``traiteur-buffet``) holders with a contract are not free then.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from matcher import services, staffing
from matcher.feedback import service
from matcher.people import NotAllowed, Viewer
from matcher.staffing import RequestDraft, SessionSlot, SkillNeed, StaffingError
from matcher.storage.db import Database
from matcher.storage.tables import MissionRow, ProposalRow, ServiceRequestRow

pytestmark = pytest.mark.db

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 10, 0)
TUESDAY = date(2026, 12, 1)
BUFFET = "Buffet pour 50 personnes mardi au centre social, il faut cuisiner et servir"
COORDINATOR = Viewer("u-coordo-alma", "coordinator", collective_id="kpa-alma")
OTHER_COORDINATOR = Viewer("u-coordo-epeule", "coordinator", collective_id="kpa-epeule")
ADMIN = Viewer("u-admin", "admin")
MEMBER = Viewer("u-membre-1", "member", collective_id="kpa-alma", member_id="m-00001")
BINTOU = "m-00003"


def _draft(**overrides) -> RequestDraft:
    values = {
        "title": "Buffet du centre social",
        "client": "Centre social",
        "description": BUFFET,
        "sessions": (SessionSlot(TUESDAY, time(9), time(15)),),
        "skills": (
            SkillNeed("traiteur-buffet", 2, optional=True),
            SkillNeed("cuisine", 2),
            SkillNeed("service-en-salle", 1),
        ),
        "team_size_min": 2,
        "team_size_max": 3,
    }
    return RequestDraft(**{**values, **overrides})


@pytest.fixture
def demo(database: Database) -> Database:
    services.load_demo(database, seed=1, today=TODAY)
    return database


def _create(database: Database, viewer: Viewer = COORDINATOR, **overrides) -> str:
    return staffing.create_request(database, viewer, _draft(**overrides), today=TODAY, now=NOW)


def test_the_buffet_text_proposes_catering_cooking_and_service_with_levels():
    proposed = staffing.propose_skills(BUFFET)
    assert [(p.skill_id, p.min_level, p.span) for p in proposed] == [
        ("traiteur-buffet", 2, "Buffet"),
        ("cuisine", 2, "cuisiner"),
        ("service-en-salle", 1, "servir"),
    ]
    assert proposed[1].label_en == "Cooking"
    assert staffing.propose_skills("   ") == []


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"sessions": ()}, "au moins une séance"),
        ({"sessions": (SessionSlot(TUESDAY, time(15), time(9)),)}, "la fin doit être après"),
        ({"sessions": (SessionSlot(date(2026, 11, 27), time(9), time(12)),)}, "est passée"),
        (
            {
                "sessions": (
                    SessionSlot(TUESDAY, time(9), time(12)),
                    SessionSlot(TUESDAY, time(11), time(13)),
                )
            },
            "se chevauchent le 01/12/2026",
        ),
        ({"team_size_min": 4, "team_size_max": 3}, "1 ≤ minimum ≤ maximum"),
        ({"learning_slots": 3}, "Places d'apprentissage"),
        ({"skills": (SkillNeed("astrophysique"),)}, "Compétence inconnue"),
        ({"skills": (SkillNeed("cuisine"), SkillNeed("cuisine", 3))}, "demandée deux fois"),
        ({"skills": (SkillNeed("cuisine", count=4),)}, "nombre de personnes de 1 à 3"),
        ({"hazards": ("lasers",)}, "Danger inconnu"),
        ({"licence_required": "permis_poids_lourd"}, "Agrément inconnu"),
        ({"title": "  "}, "titre est obligatoire"),
    ],
)
def test_a_draft_that_cannot_be_staffed_is_refused_in_french(overrides, problem):
    problems = staffing.draft_problems(_draft(**overrides), today=TODAY)
    assert any(problem in p for p in problems), problems
    assert staffing.draft_problems(_draft(), today=TODAY) == []


def test_a_request_goes_to_the_coordinators_own_collective_whatever_the_draft_says(demo):
    request_id = _create(demo, collective_id="kpa-epeule")
    with demo.transaction() as session:
        stored = session.get(ServiceRequestRow, request_id)
        assert (stored.collective_id, stored.status) == ("kpa-alma", "open")
        assert stored.estimated_person_hours == 12.0  # 6 h × 2 people at least
    with pytest.raises(NotAllowed):
        _create(demo, MEMBER)
    assert [cid for cid, _ in staffing.collectives(demo, COORDINATOR)] == ["kpa-alma"]
    assert len(staffing.collectives(demo, ADMIN)) == 3
    with pytest.raises(StaffingError, match="collectif"):
        _create(demo, ADMIN)
    with pytest.raises(StaffingError, match="au moins une séance"):
        _create(demo, sessions=())
    assert (
        staffing.request_detail(
            demo, ADMIN, _create(demo, ADMIN, collective_id="kpa-epeule"), today=TODAY
        ).request.collective_id
        == "kpa-epeule"
    )


def test_teams_are_stored_as_pending_proposals_with_estimated_pay(demo):
    request_id = _create(demo)
    ids = staffing.propose_teams(demo, COORDINATOR, request_id, today=TODAY, now=NOW)
    assert ids and len(ids) <= 3
    detail = staffing.request_detail(demo, COORDINATOR, request_id, today=TODAY, hourly_rate=10)
    assert [p.id for p in detail.proposals] == ids
    best = detail.proposals[0]
    assert best.status == "pending" and best.rank == 1
    assert set(best.breakdown) == {
        "coverage",
        "learning",
        "fairness",
        "cohesion",
        "passion",
        "proximity",
    }
    assert BINTOU in {m.member_id for m in best.members}  # the only one who serves
    # 09:00–15:00 is 6 h, less the 30-min break of a session over 4 h 30
    assert detail.hours_per_member == 5.5
    assert {(m.hours, m.pay) for m in best.members} == {(5.5, 55.0)}
    assert all(m.reasons for m in best.members)
    assert detail.blocking == [] and detail.ways_out == []
    listed = service.list_proposals(demo, status="pending", collective_id="kpa-alma")
    assert {p["id"] for p in listed} == set(ids)
    assert {p["week"] for p in listed} == {"2026-W49"}
    with demo.transaction() as session:
        assert session.scalars(
            select(ProposalRow.batch_run_id).where(ProposalRow.id.in_(ids))
        ).all() == [None] * len(ids)

    again = staffing.propose_teams(demo, COORDINATOR, request_id, today=TODAY, now=NOW)
    assert len(again) == len(ids) and not set(again) & set(ids)  # replaced, not added
    assert len(service.list_proposals(demo, status="pending", collective_id="kpa-alma")) == len(ids)


def test_without_a_team_the_diagnosis_says_what_blocks_and_the_ways_out(demo):
    saturday = (SessionSlot(date(2026, 12, 5), time(9), time(15)),)
    request_id = _create(
        demo,
        sessions=saturday,
        skills=(SkillNeed("traiteur-buffet", 2), SkillNeed("service-en-salle", 1)),
    )
    assert staffing.propose_teams(demo, COORDINATOR, request_id, today=TODAY, now=NOW) == []
    detail = staffing.request_detail(demo, COORDINATOR, request_id, today=TODAY)
    assert detail.proposals == []
    codes = {b.code for b in detail.blocking}
    assert "skill_coverage" in codes and "availability" in codes
    assert all(b.message_fr and b.label_fr for b in detail.blocking)
    assert any("Bintou D." in w.message_fr for w in detail.ways_out)


def test_another_collective_sees_nothing_and_a_member_is_refused(demo):
    request_id = _create(demo)
    ids = staffing.propose_teams(demo, COORDINATOR, request_id, today=TODAY, now=NOW)
    assert staffing.request_detail(demo, OTHER_COORDINATOR, request_id, today=TODAY) is None
    assert staffing.propose_teams(demo, OTHER_COORDINATOR, request_id, today=TODAY, now=NOW) is None
    assert staffing.decide(demo, OTHER_COORDINATOR, ids[0], accept=True, now=NOW) is None
    assert staffing.swap_member(demo, OTHER_COORDINATOR, ids[0], BINTOU, "m-00005", now=NOW) is None
    theirs = staffing.list_requests(demo, OTHER_COORDINATOR, today=TODAY)
    assert theirs and {r.collective_id for r in theirs} == {"kpa-epeule"}
    with pytest.raises(NotAllowed):
        staffing.request_detail(demo, MEMBER, request_id, today=TODAY)
    with pytest.raises(NotAllowed):
        staffing.decide(demo, MEMBER, ids[0], accept=True, now=NOW)


def test_a_swap_that_breaks_a_rule_is_shown_and_not_stored(demo):
    request_id = _create(demo)
    best = staffing.propose_teams(demo, COORDINATOR, request_id, today=TODAY, now=NOW)[0]
    before = staffing.request_detail(demo, COORDINATOR, request_id, today=TODAY).proposals[0]
    outsider = next(
        cid
        for cid, _ in staffing.request_detail(demo, COORDINATOR, request_id, today=TODAY).candidates
        if cid not in {m.member_id for m in before.members}
    )
    preview = staffing.swap_member(demo, COORDINATOR, best, BINTOU, outsider, now=NOW)
    assert not preview.feasible
    assert "skill_coverage" in {b.code for b in preview.broken}  # nobody else serves
    after = staffing.request_detail(demo, COORDINATOR, request_id, today=TODAY).proposals[0]
    assert [m.member_id for m in after.members] == [m.member_id for m in before.members]
    with pytest.raises(StaffingError, match="fait déjà partie"):
        staffing.swap_member(demo, COORDINATOR, best, BINTOU, before.members[1].member_id, now=NOW)


def test_a_legal_swap_is_stored_with_the_engines_new_score(demo):
    request_id = _create(demo)
    best = staffing.propose_teams(demo, COORDINATOR, request_id, today=TODAY, now=NOW)[0]
    detail = staffing.request_detail(demo, COORDINATOR, request_id, today=TODAY)
    team = {m.member_id for m in detail.proposals[0].members}
    old = next(m.member_id for m in detail.proposals[0].members if m.member_id != BINTOU)
    for new, _ in detail.candidates:
        if new in team:
            continue
        preview = staffing.swap_member(demo, COORDINATOR, best, old, new, now=NOW)
        if preview.feasible:
            break
    assert preview.feasible and preview.broken == []
    stored = staffing.request_detail(demo, COORDINATOR, request_id, today=TODAY).proposals[0]
    assert new in {m.member_id for m in stored.members}
    assert old not in {m.member_id for m in stored.members}
    assert stored.score == preview.score


def test_accepting_creates_the_mission_and_declining_keeps_the_reason(demo):
    request_id = _create(demo)
    first, second, *_ = staffing.propose_teams(demo, COORDINATOR, request_id, today=TODAY, now=NOW)
    with pytest.raises(StaffingError, match="raison"):
        staffing.decide(demo, COORDINATOR, second, accept=False, now=NOW)
    staffing.decide(
        demo, COORDINATOR, second, accept=False, reason="too_far", text="2 bus", now=NOW
    )
    decision = staffing.decide(demo, COORDINATOR, first, accept=True, now=NOW)
    assert decision.made["mission"]
    with demo.transaction() as session:
        assert session.get(ServiceRequestRow, request_id).status == "staffed"
        mission = session.scalar(select(MissionRow).where(MissionRow.request_id == request_id))
        assert mission.proposal_id == first
    statuses = {
        p.id: (p.status, p.decision_reason)
        for p in staffing.request_detail(demo, COORDINATOR, request_id, today=TODAY).proposals
    }
    assert statuses[first] == ("accepted", "")
    assert statuses[second] == ("declined", "too_far: 2 bus")
    with pytest.raises(StaffingError):
        staffing.decide(demo, COORDINATOR, first, accept=True, now=NOW)  # already decided
    with pytest.raises(StaffingError, match="plus ouverte"):
        staffing.propose_teams(demo, COORDINATOR, request_id, today=TODAY, now=NOW)


def test_the_list_shows_open_and_staffed_requests_of_this_week_and_next(demo):
    request_id = _create(demo)  # Tuesday of next week
    listed = staffing.list_requests(demo, COORDINATOR, today=TODAY)
    assert request_id in {r.id for r in listed}
    assert all(r.collective_id == "kpa-alma" and r.status in ("open", "staffed") for r in listed)
    assert [r.first_day for r in listed] == sorted(r.first_day for r in listed)
    assert request_id not in {
        r.id for r in staffing.list_requests(demo, COORDINATOR, today=TODAY, weeks="this")
    }
    assert request_id in {
        r.id for r in staffing.list_requests(demo, COORDINATOR, today=TODAY, weeks="next")
    }
    assert request_id not in {
        r.id for r in staffing.list_requests(demo, COORDINATOR, today=TODAY, status="staffed")
    }
    mine = next(r for r in listed if r.id == request_id)
    assert (mine.sessions, mine.pending_proposals) == (1, 0)
