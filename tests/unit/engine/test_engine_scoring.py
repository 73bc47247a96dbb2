"""The objective, criterion by criterion, on hand-computed teams; roles; reasons; rescore."""

from __future__ import annotations

import pytest
from engine_factories import SIXTEEN, instance, line, member, request, session

from matcher.engine.criteria import proximity_value
from matcher.engine.scoring import rescore, score_team, weighted_total


def scored():
    """a: cuisine 4, 4 h paid, 15 min away; b: cuisine 3, 20 h paid, same zone; c: 0 h."""
    return instance(
        [
            member(
                "a",
                skills={"cuisine": 4},
                paid_hours_recent=4,
                zone="alma",
                passions=["Fête des voisins"],
            ),
            member("b", skills={"cuisine": 3}, paid_hours_recent=20, zone="epeule"),
            member("c", paid_hours_recent=0),
        ],
        request(
            zone="epeule",
            passions=["fête de quartier"],
            skills=[line("cuisine", 2), line("service-en-salle", 1, optional=True)],
            learning_slots=1,
        ),
        travel_minutes={"alma": {"epeule": 15}},
        collaborations=[["a", "b", 2]],
    )


def test_each_criterion_on_a_hand_computed_team():
    score = score_team(scored(), ["a", "b"])
    assert score == {
        # cuisine: covered (1) by a level 4 ((4 − 2) / 2 = 1); service: 0 and 0 → 2 / 4
        "coverage": 0.5,
        # one learning slot, left empty
        "learning": 0.0,
        # equal_hours: 1 − 4/20 and 1 − 20/20
        "fairness": 0.4,
        # a and b already worked together, twice (not a worn-out pair)
        "cohesion": 1.0,
        # a's "Fête des voisins" shares 1 of the request's 2 words; b none
        "passion": 0.25,
        # a: 1 − 15/30; b: same zone
        "proximity": 0.75,
        # (0.5 + 0 + 0.4 + 0.5 × 1 + 0.3 × 0.25 + 0.5 × 0.75) / (1 + 1 + 1 + 0.5 + 0.3 + 0.5)
        "total": round(1.85 / 4.3, 4),
    }


def test_weights_come_from_the_policy():
    inst = instance([member("a")], request(), policy={"weights": {"fairness": 2, "passion": 0}})
    assert inst.policy.weights["coverage"] == 0
    assert score_team(inst, ["a"])["total"] == score_team(inst, ["a"])["fairness"]
    assert (
        weighted_total(
            dict.fromkeys(
                ("coverage", "learning", "fairness", "cohesion", "passion", "proximity"), 1.0
            ),
            inst.policy.weights,
        )
        == 1
    )


def test_desired_hours_fairness():
    inst = instance(
        [
            member("a", paid_hours_recent=4, desired_hours_week=10),
            member("b", paid_hours_recent=90, desired_hours_week=10),
        ],
        request(),
        policy={"fairness": "desired_hours"},
    )
    assert score_team(inst, ["a"])["fairness"] == 0.95  # 1 − 4 / (8 × 10)
    assert score_team(inst, ["b"])["fairness"] == 0.0  # beyond the wish: never negative


def test_cohesion_rewards_some_history_but_not_always_the_same_pair():
    people = [member(m) for m in "abc"]
    fresh = instance(people, request(), collaborations=[["a", "b", 1]])
    assert score_team(fresh, ["a", "b"])["cohesion"] == 1.0
    assert score_team(fresh, ["a", "b", "c"])["cohesion"] == round(2 / 3, 4)
    assert score_team(fresh, ["a", "c"])["cohesion"] == 0.0
    assert score_team(fresh, ["c"])["cohesion"] == 1.0
    worn = instance(people, request(), collaborations=[["a", "b", 5]])
    assert score_team(worn, ["a", "b"])["cohesion"] == 0.5


@pytest.mark.parametrize(
    ("travel", "cap", "value"),
    [(0, 30, 1.0), (15, 30, 0.5), (30, 30, 0.0), (45, 30, 0.0), (None, 30, 0.5), (0, 0, 1.0)],
)
def test_proximity_is_capped_by_max_travel_minutes(travel, cap, value):
    assert proximity_value(travel, cap) == value


def test_learning_prefers_a_level_4_teacher():
    def learning(teacher_level: int, slots: int) -> float:
        inst = instance(
            [member("t", skills={"couture": teacher_level}), member("l", wishes=["couture"])],
            request(skills=[line("couture", 1)], learning_slots=slots),
        )
        return score_team(inst, ["t", {"id": "l", "role": "apprenant"}])["learning"]

    assert learning(4, 1) == 1.0
    assert learning(3, 1) == 0.75
    assert learning(4, 2) == 0.5
    no_slot = instance([member("t")], request())
    assert score_team(no_slot, ["t"])["learning"] == 1.0


def test_coverage_counts_optional_lines_and_levels_above_the_minimum():
    inst = instance(
        [member("a", skills={"cuisine": 3, "service": 1}), member("b", skills={"cuisine": 4})],
        request(skills=[line("cuisine", 4), line("service", 1, optional=True)]),
    )
    assert score_team(inst, ["b"])["coverage"] == 0.5  # cuisine 1 + 1 (min 4); service 0 + 0
    assert score_team(inst, ["a", "b"])["coverage"] == 0.75  # service covered, at its minimum
    assert score_team(inst, ["a"])["coverage"] == 0.25  # a minimum-4 line a level 3 cannot take


def test_the_referent_is_the_highest_declared_level_on_a_covered_line():
    inst = instance(
        [
            member("young", SIXTEEN, skills={"cuisine": 4}),
            member("adult", skills={"cuisine": 4}),
            member("pastry", skills={"cuisine": 2, "patisserie": 4}),
        ],
        request(skills=[line("cuisine", 2)]),
    )
    roles = {m["id"]: m["role"] for m in rescore(inst, ["young", "adult", "pastry"])["members"]}
    assert roles == {"young": "membre", "adult": "referent", "pastry": "membre"}  # adult on a tie
    chosen = rescore(inst, ["young", {"id": "pastry", "role": "referent"}, "adult"])
    assert [m["role"] for m in chosen["members"]] == ["membre", "referent", "membre"]
    assert [m["role"] for m in rescore(inst, ["pastry"])["members"]] == ["referent"]


def test_reasons_speak_plain_french():
    out = rescore(scored(), ["a", "b"])
    a = out["members"][0]
    assert a["reasons"] == [
        "couvre cuisine au niveau 4",
        "référent·e de l'équipe (niveau le plus élevé sur une compétence couverte)",
        "n'a eu que 4 h payées en 8 semaines",
        "passion en lien avec la demande : Fête des voisins",
        "à 15 min de trajet",
        "a déjà travaillé avec b (2 missions)",
    ]
    assert out["members"][1]["reasons"][-2:] == [
        "travaille dans son quartier",
        "a déjà travaillé avec a (2 missions)",
    ]


def test_the_break_is_said_in_the_reasons_only_when_there_is_one():
    def reasons(end: str) -> list[str]:
        inst = instance([member("a")], request(sessions=[session(start="09:00", end=end)]))
        return rescore(inst, ["a"])["members"][0]["reasons"]

    notice = "pause de 30 min incluse (séance de plus de 4 h 30)"
    assert notice not in reasons("13:30")
    assert notice in reasons("13:31")


def test_rescore_output_shape():
    inst = scored()
    out = rescore(inst, ["a", "c"])
    assert set(out) == {
        "request",
        "feasible",
        "score",
        "broken",
        "members",
        "hours_per_member",
        "break_minutes",
    }
    assert out["feasible"] is True and out["broken"] == []
    assert set(out["members"][0]) == {"id", "role", "covers", "learns", "teacher", "reasons"}
    broken = rescore(inst, ["c"])
    assert broken["feasible"] is False
    assert broken["broken"][0] == {
        "code": "skill_coverage",
        "members": [],
        "message_fr": "cuisine (niveau 2 minimum) : 0 membre(s) sur 1 dans l'équipe",
        "skill": "cuisine",
    }
    assert 0 <= broken["score"]["total"] <= 1
