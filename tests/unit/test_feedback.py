"""Pure parts of the feedback loop: hours fitting, evidence rules, edges, reasons, learner."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from factories import make_dataset, make_private

from matcher.domain import (
    HoursEntry,
    LevelChange,
    LevelEvidence,
    MemberSkill,
    Mission,
    MissionMember,
    PeerLearningPair,
    Proposal,
    ProposalMember,
)
from matcher.engine.codes import CRITERIA, DEFAULT_WEIGHTS
from matcher.feedback.closing import fit_entries
from matcher.feedback.decisions import accept, decline, decline_code, learning_edges
from matcher.feedback.errors import FeedbackError
from matcher.feedback.evidence import (
    EVIDENCE_PER_LEVEL,
    mission_evidence,
    pair_evidence,
    queue_level_changes,
)
from matcher.feedback.ranking import CriteriaWeightLearner, training_set
from matcher.feedback.vocabulary import FEEDBACK_VOCABULARIES

DOC = (Path(__file__).parents[2] / "docs" / "feedback.md").read_text(encoding="utf-8")
DAY = date(2026, 12, 12)
NOW = datetime(2026, 12, 13, 10, 0)


@pytest.mark.parametrize("name", sorted(FEEDBACK_VOCABULARIES))
def test_every_feedback_id_and_label_is_documented(name):
    for key, label in FEEDBACK_VOCABULARIES[name].items():
        assert f"| `{key}` | {label} |" in DOC


# --- the hours ledger at closing --------------------------------------------------------


def _entries(*spans: tuple[int, int]) -> list[HoursEntry]:
    return [HoursEntry("m", DAY, time(a), time(b), mission_id="mi") for a, b in spans]


def test_fewer_hours_cut_the_last_session_short_and_drop_empty_ones():
    fitted = fit_entries(_entries((9, 12), (14, 17)), 2 * 60)
    assert [(e.start, e.end) for e in fitted] == [(time(9), time(11))]


def test_more_hours_lengthen_the_last_session():
    fitted = fit_entries(_entries((9, 12), (14, 17)), 7 * 60 + 15)
    assert [(e.start, e.end) for e in fitted] == [(time(9), time(12)), (time(14), time(18, 15))]


def test_hours_that_would_cross_midnight_are_refused():
    with pytest.raises(FeedbackError, match="après minuit"):
        fit_entries(_entries((20, 23)), 5 * 60)


def test_zero_hours_leave_no_line():
    assert fit_entries(_entries((9, 12)), 0) == []


# --- reasons and edges -----------------------------------------------------------------


def test_a_stored_reason_gives_back_its_code():
    assert decline_code("too_far: 40 min de bus") == "too_far"
    assert decline_code("too_far") == "too_far"
    assert decline_code("Validée en comité planning") is None


def test_an_unknown_reason_is_refused_with_the_list():
    ds = make_dataset(proposals=[Proposal("p-1", "team", "kpa-roubaix")])
    with pytest.raises(FeedbackError, match="skills_mismatch"):
        decline(ds, "p-1", "bof", actor="u", now=NOW)


def test_an_exchange_cycle_gives_one_edge_per_learner():
    members = [
        ProposalMember("p", "a", "echange", "couture", {"teacher": "c"}),
        ProposalMember("p", "b", "echange", "cuisine", {"teacher": "a"}),
        ProposalMember("p", "c", "echange", "video", {"teacher": "b"}),
    ]
    assert learning_edges(members) == [
        ("c", "a", "couture"),
        ("a", "b", "cuisine"),
        ("b", "c", "video"),
    ]


# --- evidence --------------------------------------------------------------------------


def _mission_world(proposal_teacher: str | None = "t"):
    team = [
        MissionMember("mi", "t", "referent", "cuisine"),
        MissionMember("mi", "o", "membre", "cuisine"),
        MissionMember("mi", "l", "apprenant", "cuisine"),
    ]
    detail = {"teacher": proposal_teacher} if proposal_teacher else {}
    return make_dataset(
        missions=[Mission("mi", "r-1", "p-1" if proposal_teacher else None)],
        mission_members=team,
        proposal_members=[ProposalMember("p-1", "l", "apprenant", "cuisine", detail)],
        member_skills=[MemberSkill("t", "cuisine", 4), MemberSkill("o", "cuisine", 3)],
    )


def test_a_learner_beside_their_teacher_earns_one_evidence():
    outcomes = {"t": "completed", "o": "completed", "l": "partial"}
    (evidence,) = mission_evidence(_mission_world(), "mi", outcomes, DAY)
    assert (evidence.member_id, evidence.skill_id, evidence.source) == ("l", "cuisine", "mission")


def test_no_evidence_when_the_teacher_or_the_learner_was_absent():
    assert mission_evidence(_mission_world(), "mi", {"t": "absent", "l": "completed"}, DAY) == []
    assert mission_evidence(_mission_world(), "mi", {"t": "completed", "l": "absent"}, DAY) == []


def test_without_a_proposal_the_best_skilled_member_is_the_teacher():
    world = _mission_world(proposal_teacher=None)
    assert mission_evidence(world, "mi", {"t": "absent", "o": "completed"}, DAY) == []
    assert len(mission_evidence(world, "mi", {"t": "completed", "o": "absent"}, DAY)) == 1


def test_a_pair_earns_one_evidence_every_three_meetings_and_never_twice():
    pair = PeerLearningPair("pa", "t", "l", "couture", sessions_held=7)
    first = pair_evidence(pair, [], DAY)
    assert len(first) == 2
    assert pair_evidence(pair, first, DAY) == []


def _evidence(n: int, member: str = "l", skill: str = "cuisine") -> list[LevelEvidence]:
    return [LevelEvidence(f"ev-{k}", member, skill, "mission", f"mi-{k}", DAY) for k in range(n)]


def test_a_level_change_is_queued_at_the_threshold_from_the_declared_level():
    ds = make_dataset(member_skills=[MemberSkill("l", "cuisine", 1)])
    assert queue_level_changes(ds, _evidence(EVIDENCE_PER_LEVEL - 1), NOW) == []
    (change,) = queue_level_changes(ds, _evidence(EVIDENCE_PER_LEVEL), NOW)
    assert (change.from_level, change.to_level, change.status) == (1, 2, "pending")


def test_a_pending_or_decided_change_uses_its_evidence():
    used = LevelChange("lc", "l", "cuisine", 0, 1, "rejected", EVIDENCE_PER_LEVEL)
    ds = make_dataset(level_changes=[used], level_evidence=_evidence(EVIDENCE_PER_LEVEL))
    assert queue_level_changes(ds, _evidence(1, skill="cuisine")[:0], NOW) == []
    fresh = [LevelEvidence(f"ev-new-{k}", "l", "cuisine", "pair", "pa", DAY) for k in range(2)]
    assert len(queue_level_changes(ds, fresh, NOW)) == 1
    pending = LevelChange("lc2", "l", "cuisine", 0, 1, "pending", EVIDENCE_PER_LEVEL)
    ds.level_changes.append(pending)
    assert queue_level_changes(ds, fresh, NOW) == []


def test_nobody_is_queued_beyond_level_4():
    ds = make_dataset(member_skills=[MemberSkill("l", "cuisine", 4)])
    assert queue_level_changes(ds, _evidence(5), NOW) == []


# --- learning from decisions -----------------------------------------------------------

LOW_FAIR = [0.5, 1.0, 0.1, 1.0, 0.0, 0.5]
HIGH_FAIR = [0.5, 1.0, 0.8, 0.1, 0.0, 0.5]


def test_one_kind_of_decision_only_keeps_the_prior():
    learner = CriteriaWeightLearner().fit([HIGH_FAIR] * 10, [1] * 10)
    assert learner.weights_ == dict(DEFAULT_WEIGHTS)


def test_weights_stay_positive_keep_their_total_and_follow_the_declines():
    X, y = [LOW_FAIR] * 50 + [HIGH_FAIR] * 50, [0] * 50 + [1] * 50
    weights = CriteriaWeightLearner().fit(X, y).weights_
    assert all(weights[c] > 0 for c in CRITERIA)
    assert sum(weights.values()) == pytest.approx(sum(DEFAULT_WEIGHTS.values()), abs=1e-3)
    assert weights["fairness"] > DEFAULT_WEIGHTS["fairness"]
    assert weights["cohesion"] < DEFAULT_WEIGHTS["cohesion"]


def test_few_decisions_barely_move_the_prior():
    few = CriteriaWeightLearner().fit([LOW_FAIR, HIGH_FAIR], [0, 1]).weights_
    many = CriteriaWeightLearner().fit([LOW_FAIR] * 40 + [HIGH_FAIR] * 40, [0] * 40 + [1] * 40)
    drift = abs(few["cohesion"] - DEFAULT_WEIGHTS["cohesion"])
    assert drift < 0.1 * DEFAULT_WEIGHTS["cohesion"]
    assert abs(many.weights_["cohesion"] - DEFAULT_WEIGHTS["cohesion"]) > 5 * drift


def test_only_ranking_decisions_of_the_collective_teach():
    breakdown = dict(zip(CRITERIA, HIGH_FAIR, strict=True))

    def proposal(pid, status, reason="", collective="kpa-roubaix", kind="team", bd=breakdown):
        return Proposal(
            pid, kind, collective, status=status, decision_reason=reason, score_breakdown=bd
        )

    ds = make_dataset(
        proposals=[
            proposal("ok", "accepted"),
            proposal("no", "declined", "team_balance: toujours les mêmes"),
            proposal("absent", "declined", "member_unavailable"),
            proposal("superseded", "superseded"),
            proposal("pending", "pending"),
            proposal("elsewhere", "accepted", collective="kpa-lille"),
            proposal("pair", "accepted", kind="pair"),
            proposal("old", "accepted", bd={"skills": 0.5, "fairness": 0.2}),
        ]
    )
    X, y = training_set(ds, "kpa-roubaix")
    assert y == [1, 0] and len(X) == 2


@pytest.mark.parametrize(
    "module", ["lookup", "decisions", "closing", "ranking"], ids=lambda name: name
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"matcher.feedback.{module}"))
    assert result.attempted > 0 and result.failed == 0


# --- accepting learning proposals (no engine involved) ----------------------------------


def _learning_world(pairs=()):
    def mentoring(pid: str, mentor: str, learner: str, skill: str):
        return [
            ProposalMember(pid, mentor, "mentor", skill, {"teacher": None}),
            ProposalMember(pid, learner, "apprenant", skill, {"teacher": mentor}),
        ]

    return make_dataset(
        member_private=[
            make_private(member_id="a", birth_date=date(1990, 1, 1)),
            make_private(member_id="b", birth_date=date(1991, 1, 1)),
            make_private(member_id="c", birth_date=date(1992, 1, 1)),
        ],
        proposals=[Proposal(pid, "pair", "kpa-roubaix") for pid in ("p-ab", "p-cb", "p-ca")],
        proposal_members=[
            *mentoring("p-ab", "a", "b", "couture"),
            *mentoring("p-cb", "c", "b", "couture"),
            *mentoring("p-ca", "c", "a", "couture"),
        ],
        pairs=list(pairs),
    )


def test_accepting_a_mentor_supersedes_other_mentors_for_the_same_wish():
    decision = accept(_learning_world(), "p-ab", actor="u", now=NOW)
    (pair,) = decision.changes.inserted("pairs")
    assert (pair.mentor_id, pair.learner_id, pair.status) == ("a", "b", "active")
    assert decision.made["superseded"] == ["p-cb"]  # p-ca serves another learner


def test_a_learner_already_paired_on_the_skill_is_refused():
    running = PeerLearningPair("pa-1", "c", "b", "couture", "active")
    with pytest.raises(FeedbackError, match="apprend déjà"):
        accept(_learning_world([running]), "p-ab", actor="u", now=NOW)


def test_an_unknown_birth_date_asks_for_approval():
    world = _learning_world()
    world.member_private = [p for p in world.member_private if p.member_id != "b"]
    (pair,) = accept(world, "p-ab", actor="u", now=NOW).changes.inserted("pairs")
    assert pair.status == "awaiting_approval"
