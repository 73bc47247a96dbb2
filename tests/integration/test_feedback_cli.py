"""The feedback loop end to end through `matcher proposals|missions|levels|pairs|badges`,
on a real database (SQLite here, PostgreSQL again in CI)."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from factories import (
    make_dataset,
    make_member,
    make_private,
    make_request,
    make_required_skill,
    make_session,
    make_skill,
)

from matcher.cli import main
from matcher.domain import (
    Availability,
    LearningWish,
    Proposal,
    ProposalMember,
)
from matcher.feedback.signing import public_key_pem, verify_credential
from matcher.storage import repository

pytestmark = pytest.mark.db

CONTRACT = {"contract_start": date(2026, 1, 1)}
SATURDAY = Availability("m", "sat", time(8), time(18))


def _member(mid: str, name: str, born: date, **overrides):
    return (
        make_member(id=mid, display_name=name, **{**CONTRACT, **overrides}),
        make_private(
            member_id=mid,
            legal_name=f"{name} Legal",
            birth_date=born,
            parental_authorisation_date=date(2026, 9, 1),
        ),
    )


def _team(pid: str, rank: int, members: list[tuple[str, str, str | None, dict]]):
    proposal = Proposal(
        pid,
        "team",
        "kpa-roubaix",
        request_id="r-1",
        week="2026-W50",
        rank=rank,
        score=0.7 - rank / 10,
        score_breakdown={
            "coverage": 0.8,
            "learning": 1.0,
            "fairness": 0.5,
            "cohesion": 0.0,
            "passion": 1.0,
            "proximity": 0.5,
        },
    )
    return proposal, [
        ProposalMember(pid, mid, role, skill, detail) for mid, role, skill, detail in members
    ]


def feedback_world():
    """Five members, one Saturday buffet (cuisine ≥ 3, 2–3 people, one learning place),
    two team proposals for it and one mentoring pair with a minor."""
    people = [
        _member("m-1", "Fatou", date(1990, 3, 2)),
        _member("m-2", "Hugo", date(1995, 7, 9)),
        _member("m-3", "Inès", date(2009, 5, 14)),  # 17 on the session date
        _member("m-4", "Yanis", date(1992, 1, 1)),  # no Saturday availability
        _member("m-5", "Sam", date(1993, 6, 6)),
    ]
    available = ["m-1", "m-2", "m-3", "m-5"]
    p1, pm1 = _team(
        "p-1",
        1,
        [
            ("m-1", "referent", "cuisine", {"covers": ["cuisine"], "learns": [], "teacher": None}),
            ("m-2", "membre", None, {"covers": [], "learns": [], "teacher": None}),
            (
                "m-3",
                "apprenant",
                "cuisine",
                {"covers": [], "learns": ["cuisine"], "teacher": "m-1"},
            ),
        ],
    )
    p2, pm2 = _team(
        "p-2",
        2,
        [
            ("m-1", "referent", "cuisine", {"covers": ["cuisine"], "learns": [], "teacher": None}),
            ("m-5", "membre", None, {"covers": [], "learns": [], "teacher": None}),
        ],
    )
    pair = Proposal("p-pair", "pair", "kpa-roubaix", week="2026-W50", score=0.6)
    pair_members = [
        ProposalMember("p-pair", "m-1", "mentor", "couture", {"teacher": None}),
        ProposalMember(
            "p-pair", "m-3", "apprenant", "couture", {"teacher": "m-1", "learns": ["couture"]}
        ),
    ]
    return make_dataset(
        members=[m for m, _ in people],
        member_private=[p for _, p in people],
        member_skills=[
            make_skill(member_id="m-1", skill_id="cuisine", level=4),
            make_skill(member_id="m-1", skill_id="couture", level=4),
            make_skill(member_id="m-2", skill_id="cuisine", level=2),
            make_skill(member_id="m-5", skill_id="cuisine", level=2),
            make_skill(member_id="m-4", skill_id="cuisine", level=3),
        ],
        learning_wishes=[LearningWish("m-3", "cuisine"), LearningWish("m-3", "couture")],
        availabilities=[Availability(mid, "sat", time(8), time(18)) for mid in available],
        requests=[make_request(team_size_min=2, team_size_max=3, learning_slots=1)],
        request_sessions=[make_session()],
        required_skills=[make_required_skill(min_level=3)],
        proposals=[p1, p2, pair],
        proposal_members=[*pm1, *pm2, *pair_members],
    )


@pytest.fixture
def world(database):
    with database.transaction() as session:
        repository.write_dataset(session, feedback_world())
    return database


@pytest.fixture
def run(world, database_url):
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(main, list(args), env={"DATABASE_URL": database_url})
        if ok:
            assert result.exit_code == 0, result.output + repr(result.exception)
        return result

    return invoke


def _read(database):
    with database.transaction() as session:
        return repository.read_dataset(session)


def test_listing_shows_pending_proposals_best_first_as_json(run):
    rows = json.loads(run("proposals", "list", "--status", "pending", "--json").stdout)
    teams = [r for r in rows if r["kind"] == "team"]
    assert [r["id"] for r in teams] == ["p-1", "p-2"]
    assert {m["name"] for m in teams[0]["members"]} == {"Fatou", "Hugo", "Inès"}


def test_accepting_a_team_creates_the_mission_its_hours_and_supersedes_the_others(run, world):
    result = run("proposals", "accept", "p-1", "--by", "u-coord")
    assert "mission" in result.stdout and "p-2" in result.stdout
    ds = _read(world)
    status = {p.id: p.status for p in ds.proposals}
    assert status == {"p-1": "accepted", "p-2": "superseded", "p-pair": "pending"}
    (mission,) = ds.missions
    assert mission.proposal_id == "p-1" and mission.status == "planned"
    assert {(mm.member_id, mm.role) for mm in ds.mission_members} == {
        ("m-1", "referent"),
        ("m-2", "membre"),
        ("m-3", "apprenant"),
    }
    assert sorted((h.member_id, h.start, h.end) for h in ds.hours) == [
        (m, time(9), time(15)) for m in ("m-1", "m-2", "m-3")
    ]
    assert ds.requests[0].status == "staffed"
    (audit,) = [a for a in ds.audit_log if a.action == "proposal.accept"]
    assert (audit.actor, audit.target) == ("u-coord", "p-1")
    assert "Fatou" not in audit.detail and "Inès" not in audit.detail
    assert ds.ranking_models[0].decisions == 1


def test_accepting_twice_is_refused_and_changes_nothing(run, world):
    run("proposals", "accept", "p-1")
    again = run("proposals", "accept", "p-1", ok=False)
    assert again.exit_code == 1 and "n'est plus en attente" in again.stderr
    assert len(_read(world).missions) == 1


def test_accepting_a_pair_with_a_minor_waits_for_approval(run, world):
    run("proposals", "accept", "p-pair")
    (pair,) = _read(world).pairs
    assert (pair.mentor_id, pair.learner_id, pair.skill_id) == ("m-1", "m-3", "couture")
    assert pair.status == "awaiting_approval"
    run("pairs", "approve", pair.id, "--by", "u-coord")
    assert _read(world).pairs[0].status == "active"


def test_declining_keeps_the_reason_code_and_text(run, world):
    run("proposals", "decline", "p-2", "--reason", "team_balance", "--text", "trop d'adultes")
    proposal = next(p for p in _read(world).proposals if p.id == "p-2")
    assert proposal.status == "declined"
    assert proposal.decision_reason == "team_balance: trop d'adultes"


def test_other_as_a_reason_needs_a_text(run, world):
    result = run("proposals", "decline", "p-2", "--reason", "other", ok=False)
    assert result.exit_code == 1 and "--text" in result.stderr
    assert next(p for p in _read(world).proposals if p.id == "p-2").status == "pending"


def test_a_swap_that_breaks_a_hard_constraint_is_refused_naming_it(run, world):
    result = run("proposals", "edit", "p-2", "--swap", "m-5", "m-4", ok=False)
    assert result.exit_code == 1
    assert "Pas disponible (availability)" in result.stderr
    members = {pm.member_id for pm in _read(world).proposal_members if pm.proposal_id == "p-2"}
    assert members == {"m-1", "m-5"}


def test_a_legal_swap_rewrites_the_members_and_the_score(run, world):
    run("proposals", "edit", "p-2", "--swap", "m-5", "m-2")
    ds = _read(world)
    members = {pm.member_id: pm for pm in ds.proposal_members if pm.proposal_id == "p-2"}
    assert set(members) == {"m-1", "m-2"}
    assert members["m-1"].role == "referent" and members["m-1"].detail["covers"] == ["cuisine"]
    proposal = next(p for p in ds.proposals if p.id == "p-2")
    assert set(proposal.score_breakdown) == {
        "coverage",
        "learning",
        "fairness",
        "cohesion",
        "passion",
        "proximity",
    }
    assert any(reason.startswith("Fatou : ") for reason in proposal.reasons)


def test_closing_missions_earns_evidence_then_a_level_a_trajectory_and_badges(run, world, tmp_path):
    run("proposals", "accept", "p-1")
    mission = _read(world).missions[0].id
    hours = tmp_path / "heures.csv"
    hours.write_text("member_id,hours,outcome\nm-2,4,partial\n", encoding="utf-8")
    result = run(
        "missions",
        "close",
        mission,
        "--hours",
        str(hours),
        "--hours",
        "m-3=6.5",
        "--rating",
        "5",
        "--comment",
        "Super buffet",
    )
    assert "1 preuve(s)" in result.stdout and "0 changement(s)" in result.stdout
    ds = _read(world)
    worked = {mm.member_id: (mm.outcome, mm.hours_worked) for mm in ds.mission_members}
    assert worked == {"m-1": ("completed", 6.0), "m-2": ("partial", 4.0), "m-3": ("completed", 6.5)}
    ledger = {h.member_id: (h.start, h.end) for h in ds.hours}
    assert ledger == {
        "m-1": (time(9), time(15)),
        "m-2": (time(9), time(13)),
        "m-3": (time(9), time(15, 30)),
    }
    assert ds.missions[0].status == "done" and ds.requests[0].status == "done"
    assert ds.feedback[0].rating == 5 and ds.feedback[0].author == "Centre social Alma"
    (evidence,) = ds.level_evidence
    assert (evidence.member_id, evidence.skill_id, evidence.source) == ("m-3", "cuisine", "mission")

    # a pair that meets three times earns the second evidence: a level change is queued
    run("proposals", "accept", "p-pair")
    pair = _read(world).pairs[0].id
    run("pairs", "approve", pair)
    # the pair teaches couture: three meetings give couture evidence, not cuisine
    for _ in range(3):
        run("pairs", "meeting", pair)
    assert [e.skill_id for e in _read(world).level_evidence].count("couture") == 1
    assert json.loads(run("levels", "list", "--json").stdout) == []
    for _ in range(3):
        run("pairs", "meeting", pair)
    (change,) = json.loads(run("levels", "list", "--json").stdout)
    assert (change["member"], change["skill"], change["from_level"], change["to_level"]) == (
        "m-3",
        "couture",
        0,
        1,
    )
    run("levels", "validate", change["id"], "--by", "u-coord")
    ds = _read(world)
    skill = next(s for s in ds.member_skills if (s.member_id, s.skill_id) == ("m-3", "couture"))
    assert (skill.level, skill.evidence, skill.validated_by) == (1, "coordinator", "u-coord")

    (step,) = json.loads(run("levels", "trajectory", "m-3", "--json").stdout)
    assert (step["skill"], step["to_level"], len(step["evidence"])) == ("couture", 1, 2)

    key = tmp_path / "badges.pem"
    key.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    out = tmp_path / "badges"
    run("badges", "export", "m-3", str(out), "--key", str(key))
    credential = json.loads((out / "badge-couture-niveau-1.json").read_text(encoding="utf-8"))
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Competency"
    assert achievement["alignment"][0]["targetUrl"].startswith("http://data.europa.eu/esco/")
    token = (out / "badge-couture-niveau-1.jwt").read_text(encoding="ascii")
    assert verify_credential(token, public_key_pem(key)) == credential


def test_closing_with_an_absent_teacher_earns_nothing(run, world):
    run("proposals", "accept", "p-1")
    mission = _read(world).missions[0].id
    run("missions", "close", mission, "--hours", "m-1=0", "--outcome", "m-1=absent")
    ds = _read(world)
    assert ds.level_evidence == []
    assert not [h for h in ds.hours if h.member_id == "m-1"]


def test_closing_refuses_hours_that_contradict_the_outcome(run, world):
    run("proposals", "accept", "p-1")
    mission = _read(world).missions[0].id
    result = run(
        "missions", "close", mission, "--hours", "m-2=3", "--outcome", "m-2=absent", ok=False
    )
    assert result.exit_code == 1 and "m-2" in result.stderr
    assert _read(world).missions[0].status == "planned"


def test_a_stale_decision_conflicts_and_writes_nothing(world):
    from matcher.feedback import decisions, store
    from matcher.feedback.errors import ConflictError

    stale = _read(world)  # read before someone else declines p-2
    run_now = datetime(2026, 11, 28, 18, 0)
    with world.transaction() as session:
        store.apply(
            session, decisions.decline(stale, "p-2", "too_far", actor="u-a", now=run_now).changes
        )
    with pytest.raises(ConflictError), world.transaction() as session:
        store.apply(
            session, decisions.decline(stale, "p-2", "fairness", actor="u-b", now=run_now).changes
        )
    proposal = next(p for p in _read(world).proposals if p.id == "p-2")
    assert proposal.decision_reason == "too_far" and proposal.decided_by == "u-a"
    assert [a.actor for a in _read(world).audit_log] == ["u-a"]
