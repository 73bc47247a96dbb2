"""Mentors for a wish, and mentors for every wish at once (exact, against brute force)."""

from __future__ import annotations

import functools
import json

import pytest
from engine_factories import SEVENTEEN, member
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mentor_oracles import (
    EIGHTEEN_TODAY,
    EIGHTEEN_TOMORROW,
    SKILLS,
    common_minutes,
    is_minor,
    may_meet,
    mentor_instance,
    qualifies,
    random_instance,
)

from matcher.engine.instance import InstanceError, Wish
from matcher.engine.mentor_assignment import assign_mentors, assignment_options
from matcher.engine.mentors import suggest_mentors
from matcher.engine.safeguarding import reference_date

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WED = [{"day": "wed", "start": "14:00", "end": "16:00"}]


def ask(members, skill="couture", learner="l", **top):
    inst = mentor_instance(members, wish={"member": learner, "skill": skill}, **top)
    return suggest_mentors(inst)


def ids(result):
    return [m["id"] for m in result["mentors"]]


def learner(**overrides):
    return member("l", wishes=["couture"], **overrides)


# ---------------------------------------------------------------------------------------
# Who qualifies


def test_level_four_ranks_first_and_the_learner_never_mentors_themself():
    out = ask(
        [
            learner(skills={"couture": 4}),
            member("b3", skills={"couture": 3}),
            member("a4", skills={"couture": 4}),
            member("c2", skills={"couture": 2}),
        ]
    )
    assert out["kind"] == "mentors"
    assert ids(out) == ["a4", "b3"]
    assert [m["rank"] for m in out["mentors"]] == [1, 2]
    assert out["mentors"][0]["reasons"][0] == "niveau 4 en couture : peut transmettre"
    assert out["diagnosis"] is None


def test_related_skill_counts_from_half_and_is_discounted():
    out = ask(
        [
            learner(),
            member("brod", skills={"broderie": 4}),
            member("tric", skills={"tricot": 4}),
            member("direct", skills={"couture": 3}),
        ],
        related_skills=[["couture", "broderie", 0.5], ["couture", "tricot", 0.49]],
    )
    assert ids(out) == ["direct", "brod"]
    via = out["mentors"][1]
    assert via["via_skill"] == "broderie" and via["level"] == 4
    assert via["score"]["level"] == 0.5  # 1.0 × relatedness 0.5
    assert out["mentors"][0]["via_skill"] is None
    assert "compétence proche de couture (parenté 0,5)" in via["reasons"][0]


def test_a_full_mentor_is_not_proposed_and_the_diagnosis_says_so():
    out = ask(
        [learner(), member("full", skills={"couture": 4}, mentees_active=2, mentor_capacity=2)]
    )
    assert out["mentors"] == []
    (block,) = out["diagnosis"]["blocking"]
    assert block["code"] == "mentor_capacity" and block["members"] == ["full"]
    assert out["diagnosis"]["ways_out"][0]["members"] == ["full"]


def test_one_hour_of_weekly_overlap_is_needed_union_of_windows_counts():
    # The learner's two touching windows make one union 14:00–15:00 against 14:00–18:00.
    split = [
        {"day": "wed", "start": "14:00", "end": "14:30"},
        {"day": "wed", "start": "14:30", "end": "15:00"},
    ]
    long = [{"day": "wed", "start": "14:00", "end": "18:00"}]
    out = ask([learner(availability=split), member("m", skills={"couture": 3}, availability=long)])
    assert ids(out) == ["m"]
    assert "1 h de disponibilités en commun le mercredi" in out["mentors"][0]["reasons"]
    short = [{"day": "wed", "start": "14:00", "end": "14:59"}]
    touching = [{"day": "wed", "start": "18:00", "end": "20:00"}]
    for mine, theirs in ((short, long), (long, touching)):
        out = ask(
            [learner(availability=mine), member("m", skills={"couture": 3}, availability=theirs)]
        )
        assert out["mentors"] == []
        assert out["diagnosis"]["blocking"][0]["code"] == "mentor_availability"


def test_french_reasons_name_level_overlap_travel_history_and_reciprocity():
    out = ask(
        [
            learner(skills={"patisserie": 3}, availability=WED, zone="alma"),
            member(
                "m", skills={"couture": 4}, wishes=["patisserie"], availability=WED, zone="epeule"
            ),
        ],
        travel_minutes={"alma": {"epeule": 15}},
        collaborations=[["l", "m", 2]],
    )
    reasons = out["mentors"][0]["reasons"]
    assert reasons[:5] == [
        "niveau 4 en couture : peut transmettre",
        "2 h de disponibilités en commun le mercredi",
        "à 15 min de trajet",
        "vous avez déjà travaillé ensemble (2 missions)",
        "vous pourrez lui apprendre patisserie en retour",
    ]
    assert out["mentors"][0]["score"]["reciprocity"] == 1.0


def test_overlap_proximity_history_and_reciprocity_break_ties_of_level():
    base = {"skills": {"couture": 3}, "availability": WED}
    out = ask(
        [
            learner(availability=WED, zone="alma", skills={"cuisine": 4}),
            member("far", zone="loin", **base),
            member("near", zone="alma", **base),
            member("gives", wishes=["cuisine"], zone="loin", **base),
        ],
        travel_minutes={"alma": {"loin": 25}},
    )
    assert ids(out) == ["gives", "near", "far"]
    totals = [m["score"]["total"] for m in out["mentors"]]
    assert totals == sorted(totals, reverse=True)


def test_top_limits_the_answer_and_answers_are_deterministic():
    members = [learner()] + [member(f"m{i}", skills={"couture": 3}) for i in range(6)]
    inst = mentor_instance(members, wish={"member": "l", "skill": "couture"}, top=2, seed=7)
    first = suggest_mentors(inst)
    assert len(first["mentors"]) == 2
    again = mentor_instance(members, wish={"member": "l", "skill": "couture"}, top=2, seed=7)
    assert json.dumps(first) == json.dumps(suggest_mentors(again))


def test_nobody_at_level_three_diagnosis_points_to_near_members():
    out = ask([learner(), member("two", skills={"couture": 2})])
    (block,) = out["diagnosis"]["blocking"]
    assert block["code"] == "mentor_level" and block["members"] == []
    assert block["message_fr"] == (
        "Personne n'a le niveau 3 en couture, ni dans une compétence proche"
    )
    assert out["diagnosis"]["ways_out"][0]["members"] == ["two"]


def test_a_wish_can_be_asked_of_an_instance_without_wish():
    inst = mentor_instance([learner(), member("m", skills={"couture": 3})])
    assert ids(suggest_mentors(inst, Wish("l", "couture"))) == ["m"]


def test_policy_mentor_objective_is_checked_and_date_parsed():
    with pytest.raises(InstanceError, match="mentor_objective"):
        mentor_instance([learner()], policy={"mentor_objective": "most"})
    inst = mentor_instance([learner()])
    assert reference_date(inst).isoformat() == "2026-12-01"


# ---------------------------------------------------------------------------------------
# Safeguarding


def test_minor_pairs_need_approval_and_adult_minor_pairs_meet_in_public():
    out = ask(
        [
            learner(birth_date=SEVENTEEN),
            member("adult", skills={"couture": 4}),
            member("young", SEVENTEEN, skills={"couture": 3}),
        ]
    )
    by_id = {m["id"]: m for m in out["mentors"]}
    assert by_id["adult"]["requires_approval"] and by_id["adult"]["place"] == "kpa_or_public"
    assert by_id["young"]["requires_approval"] and by_id["young"]["place"] is None
    adults = ask([learner(), member("adult", skills={"couture": 4})])
    assert adults["mentors"][0]["requires_approval"] is False
    assert adults["mentors"][0]["place"] is None


def test_age_is_computed_on_the_reference_date():
    for birth, minor in ((EIGHTEEN_TODAY, False), (EIGHTEEN_TOMORROW, True)):
        out = ask([learner(birth_date=birth), member("m", skills={"couture": 4})])
        assert out["mentors"][0]["requires_approval"] is minor


def test_honorability_required_keeps_unchecked_adults_away_from_minors():
    members = [
        learner(birth_date=SEVENTEEN),
        member("checked", skills={"couture": 3}, honorability_valid=True),
        member("unchecked", skills={"couture": 4}),
    ]
    required = ask(members, policy={"honorability_required": True})
    assert ids(required) == ["checked"]
    assert ids(ask(members)) == ["unchecked", "checked"]
    alone = ask(members[:1] + members[2:], policy={"honorability_required": True})
    assert alone["diagnosis"]["blocking"][0]["code"] == "honorability"
    assert alone["diagnosis"]["blocking"][0]["members"] == ["unchecked"]


def test_honorability_also_applies_when_the_minor_teaches_the_adult():
    members = [learner(), member("young", SEVENTEEN, skills={"couture": 4})]
    assert ids(ask(members, policy={"honorability_required": True})) == []
    members[0]["honorability_valid"] = True
    assert ids(ask(members, policy={"honorability_required": True})) == ["young"]


# ---------------------------------------------------------------------------------------
# Group sessions


def test_group_session_gathers_up_to_three_learners_who_overlap():
    members = [
        learner(availability=WED),
        member("m", skills={"couture": 4}, mentor_capacity=4, availability=WED),
        member("p", wishes=["couture"], availability=WED),
        member("q", wishes=["couture"], availability=WED),
        member("r", wishes=["couture"], availability=WED),
        member("busy", wishes=["couture"], availability=[]),
    ]
    group = ask(members)["mentors"][0]["group_session"]
    assert group["learners"] == ["l", "p", "q"]
    assert group["common_minutes"] == 120
    assert group["reasons"][0] == (
        "séance de groupe avec p et q, qui souhaitent aussi apprendre couture"
    )


def test_no_group_without_free_places_or_companions():
    lone = [learner(), member("m", skills={"couture": 4}, mentor_capacity=3)]
    assert ask(lone)["mentors"][0]["group_session"] is None
    one_place = [learner(), member("m", skills={"couture": 4}), member("p", wishes=["couture"])]
    assert ask(one_place)["mentors"][0]["group_session"] is None


def test_group_sessions_follow_the_safeguarding_rules():
    members = [
        learner(birth_date=SEVENTEEN),
        member("m", skills={"couture": 4}, mentor_capacity=3, honorability_valid=True),
        member("adult", wishes=["couture"]),
        member("teen", SEVENTEEN, wishes=["couture"]),
    ]
    group = ask(members, policy={"honorability_required": True})["mentors"][0]["group_session"]
    assert group["learners"] == ["l", "teen"]
    assert group["requires_approval"] and group["place"] == "kpa_or_public"


@PROFILE
@given(random_instance(low=2, high=6, top=3), st.data())
def test_suggestions_follow_every_rule_and_miss_nobody(inst, data):
    wisher = data.draw(st.sampled_from(inst.members))
    skill = data.draw(st.sampled_from(SKILLS))
    out = suggest_mentors(inst, Wish(wisher.id, skill))
    proposed = ids(out)
    expected = {m.id for m in inst.members if qualifies(inst, m, wisher, skill)}
    assert set(proposed) <= expected
    assert len(proposed) == min(inst.top, len(expected))
    assert (out["diagnosis"] is None) == bool(expected)
    totals = [m["score"]["total"] for m in out["mentors"]]
    assert totals == sorted(totals, reverse=True)
    for entry in out["mentors"]:
        mentor = inst.member(entry["id"])
        young = [is_minor(inst, m) for m in (mentor, wisher)]
        assert entry["requires_approval"] == any(young)
        assert (entry["place"] == "kpa_or_public") == (any(young) and not all(young))
        assert all(0.0 <= v <= 1.0 for v in entry["score"].values())
        group = entry["group_session"]
        if group:
            people = [inst.member(i) for i in group["learners"]]
            assert 2 <= len(people) <= 3 and people[0] == wisher
            assert len(people) <= mentor.mentor_capacity - mentor.mentees_active
            assert may_meet(inst, [mentor, *people])
            assert all(qualifies(inst, mentor, p, skill) for p in people)
            assert common_minutes(mentor, *people) == group["common_minutes"] >= 60
    if out["diagnosis"]:
        for block in out["diagnosis"]["blocking"]:
            for mid in block["members"]:
                assert not qualifies(inst, inst.member(mid), wisher, skill)


# ---------------------------------------------------------------------------------------
# Every wish at once


def test_assignment_value_and_served_objectives_differ_as_expected():
    members = [
        member("a", wishes=["couture", "cuisine"]),
        member("b", wishes=["couture"], wish_priority={"couture": 2}),
        member("m", skills={"couture": 4, "cuisine": 4}, mentor_capacity=2),
    ]
    value = assign_mentors(mentor_instance(members))
    assert value["kind"] == "mentor_assignment"
    assert {(p["learner"], p["skill"]) for p in value["pairs"]} == {
        ("a", "couture"),
        ("a", "cuisine"),
    }
    assert value["unserved"] == [
        {
            "member": "b",
            "skill": "couture",
            "code": "mentor_taken",
            "reason": "m pourrait transmettre couture, mais ses places vont à d'autres souhaits",
        }
    ]
    served = assign_mentors(mentor_instance(members, policy={"mentor_objective": "served"}))
    assert served["objective"]["served_members"] == 2
    assert served["objective"]["kind"] == "served"
    assert served["objective"]["value"] < value["objective"]["value"]


def test_assignment_reports_wishes_nobody_can_serve():
    out = suggest_mentors(mentor_instance([member("a", wishes=["vannerie"])]))
    assert out["pairs"] == []
    assert out["unserved"][0]["code"] == "mentor_level"


def brute_force(inst) -> tuple[int, float]:
    """Best (served members, value) by trying every option of every wish (memoised search).

    Under the ``value`` objective the served count is not part of the comparison.
    """
    wishes, _, options = assignment_options(inst)
    per_wish = [[o for o in options if o.wish == w] for w in range(len(wishes))]
    served_first = inst.policy.mentor_objective == "served"

    @functools.cache
    def best(w: int, places: tuple[tuple[str, int], ...], served: frozenset) -> tuple:
        if w == len(wishes):
            return (0, 0.0)
        result = best(w + 1, places, served)  # this wish unserved
        left = dict(places)
        for o in per_wish[w]:
            mentor, learner_ = o.check.mentor.id, o.check.learner.id
            if left[mentor] <= 0:
                continue
            after = tuple(sorted({**left, mentor: left[mentor] - 1}.items()))
            new = learner_ not in served
            rest = best(w + 1, after, served | {learner_})
            option = (rest[0] + new, rest[1] + o.value)
            if (option if served_first else option[1]) > (result if served_first else result[1]):
                result = option
        return result

    capacity = {
        o.check.mentor.id: o.check.mentor.mentor_capacity - o.check.mentor.mentees_active
        for o in options
    }
    return best(0, tuple(sorted(capacity.items())), frozenset())


@PROFILE
@given(random_instance(low=2, high=6))
def test_assignment_is_optimal_and_respects_capacity_and_safeguarding(inst):
    out = assign_mentors(inst)
    served, value = brute_force(inst)
    assert out["objective"]["value"] == pytest.approx(value, abs=1e-3)
    assert out["objective"]["optimal"] is True
    if inst.policy.mentor_objective == "served":
        assert out["objective"]["served_members"] == served
    load: dict[str, int] = {}
    for pair in out["pairs"]:
        mentor, learner_ = inst.member(pair["mentor"]), inst.member(pair["learner"])
        assert qualifies(inst, mentor, learner_, pair["skill"])
        assert pair["skill"] in learner_.wishes
        load[mentor.id] = load.get(mentor.id, 0) + 1
    for mid, n in load.items():
        assert n <= inst.member(mid).mentor_capacity - inst.member(mid).mentees_active
    wishes = {(m.id, s) for m in inst.members for s in m.wishes}
    answered = {(p["learner"], p["skill"]) for p in out["pairs"]}
    answered |= {(u["member"], u["skill"]) for u in out["unserved"]}
    assert answered == wishes
    assert len(answered) == len(out["pairs"]) + len(out["unserved"])
