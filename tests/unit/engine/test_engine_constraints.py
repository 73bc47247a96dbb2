"""Each hard constraint of a team, broken by a minimal team and caught with its code."""

from __future__ import annotations

import pytest
from engine_factories import SIXTEEN, instance, line, member, request

from matcher.engine.constraints import coverage_assignment, team_violations
from matcher.engine.team import TeamError


def codes(inst, team) -> list[str]:
    return [v.code for v in team_violations(inst, team)]


COOK = member("cook", skills={"cuisine": 3})
HELPER = member("helper", skills={"cuisine": 1})


def test_a_sound_team_breaks_nothing():
    inst = instance([COOK, HELPER], request(skills=[line("cuisine", 3)]))
    assert team_violations(inst, ["cook", "helper"]) == []


# -- 1. size and learning slots ----------------------------------------------------------


def test_team_size_bounds():
    inst = instance([COOK, HELPER], request(skills=[line("cuisine", 3)], team_size=[2, 2]))
    assert codes(inst, ["cook"]) == ["team_size"]
    assert codes(inst, ["cook", "helper"]) == []


def test_apprenants_count_in_the_size_and_within_learning_slots():
    learners = [member(f"l{i}", wishes=["cuisine"]) for i in range(2)]
    req = request(skills=[line("cuisine", 3)], team_size=[1, 2], learning_slots=1)
    inst = instance([COOK, *learners], req)
    assert codes(inst, ["cook", {"id": "l0", "role": "apprenant"}]) == []
    two = ["cook", {"id": "l0", "role": "apprenant"}, {"id": "l1", "role": "apprenant"}]
    assert codes(inst, two) == ["team_size", "team_size"]  # too many members, too many learners


# -- 2. coverage -------------------------------------------------------------------------


def test_each_line_needs_count_distinct_members_at_the_declared_level():
    req = request(skills=[line("cuisine", 2, count=2)])
    inst = instance([COOK, HELPER, member("cook2", skills={"cuisine": 2})], req)
    assert codes(inst, ["cook", "helper"]) == ["skill_coverage"]
    assert codes(inst, ["cook", "cook2"]) == []


def test_one_member_may_cover_several_lines():
    both = member("both", skills={"cuisine": 3, "service-en-salle": 2})
    inst = instance([both], request(skills=[line("cuisine", 3), line("service-en-salle", 1)]))
    assert codes(inst, ["both"]) == []
    cov = coverage_assignment(inst, ["both"])
    assert cov.lines == (("both",), ("both",)) and cov.complete


def test_related_skills_never_count_for_coverage():
    baker = member("baker", skills={"patisserie": 4})
    inst = instance(
        [baker], request(skills=[line("cuisine", 1)]), related_skills=[["patisserie", "cuisine", 1]]
    )
    assert codes(inst, ["baker"]) == ["skill_coverage"]


def test_optional_lines_never_block():
    inst = instance([COOK], request(skills=[line("cuisine", 3), line("vaisselle", optional=True)]))
    assert codes(inst, ["cook"]) == []
    assert coverage_assignment(inst, ["cook"]).lines == (("cook",), ())


def test_an_apprenant_never_covers_a_line():
    learner = member("learner", skills={"cuisine": 4}, wishes=["cuisine"])
    inst = instance([learner], request(skills=[line("cuisine", 3)], learning_slots=1))
    assert "skill_coverage" in codes(inst, [{"id": "learner", "role": "apprenant"}])


def test_coverage_picks_the_best_levels_first_then_ids():
    members = [member(m, skills={"cuisine": lvl}) for m, lvl in [("a", 2), ("b", 4), ("c", 4)]]
    inst = instance(members, request(skills=[line("cuisine", 2, count=2)]))
    assert coverage_assignment(inst, ["a", "b", "c"]).lines == (("b", "c"),)


def test_a_claimed_cover_is_checked():
    inst = instance([COOK, HELPER], request(skills=[line("cuisine", 3)]))
    claim = ["cook", {"id": "helper", "covers": ["cuisine"]}]
    broken = team_violations(inst, claim)
    assert [v.code for v in broken] == ["skill_coverage"]
    assert broken[0].message_fr == (
        "helper ne peut pas couvrir cuisine (niveau 3 minimum) : a le niveau 1"
    )


# -- 3 and 4: member-level rules reach the team ------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"birth_date": "2011-03-01"}, "age"),
        ({"contract_valid": False}, "contract"),
        ({"availability": []}, "availability"),
        ({"booked": [{"date": "2026-12-12", "start": "10:00", "end": "11:00"}]}, "booked_overlap"),
        ({"max_hours_week": 2}, "weekly_cap"),
        ({"birth_date": SIXTEEN, "parental_authorisation": False}, "minor_authorisation"),
    ],
)
def test_member_rules_make_the_team_infeasible(overrides, code):
    inst = instance([COOK, member("x", **overrides)], request())
    assert codes(inst, ["cook", "x"]) == [code]


# -- 5. hazards --------------------------------------------------------------------------


def test_a_minor_never_covers_a_hazardous_line():
    young = member("young", SIXTEEN, skills={"menuiserie": 4})
    req = request(skills=[line("menuiserie", 2, hazards=["machine"])])
    inst = instance([young, COOK], req)
    assert codes(inst, ["young", "cook"]) == ["skill_coverage", "minor_hazard"]
    claimed = codes(inst, [{"id": "young", "covers": ["menuiserie"]}, "cook"])
    assert claimed == ["skill_coverage", "minor_hazard", "minor_hazard"]


def test_a_request_level_hazard_excludes_minors():
    young = member("young", SIXTEEN, skills={"cuisine": 3})
    inst = instance([young, COOK], request(hazards=["heat"]))
    assert codes(inst, ["young", "cook"]) == ["minor_hazard"]
    assert codes(inst, ["cook"]) == []


def test_a_minor_never_learns_a_hazardous_line():
    young = member("young", SIXTEEN, wishes=["menuiserie"])
    carpenter = member("carpenter", skills={"menuiserie": 4})
    req = request(skills=[line("menuiserie", 2, hazards=["machine"])], learning_slots=1)
    inst = instance([young, carpenter], req)
    team = ["carpenter", {"id": "young", "role": "apprenant", "learns": ["menuiserie"]}]
    assert codes(inst, team) == ["minor_hazard", "learner_teacher"]
    implicit = ["carpenter", {"id": "young", "role": "apprenant"}]
    assert codes(inst, implicit) == ["minor_hazard", "learner_teacher"]


# -- 6. an adult beside minors, two at a private home ------------------------------------


def test_a_team_with_a_minor_has_an_adult():
    young = member("young", SIXTEEN, skills={"cuisine": 3})
    other = member("other", SIXTEEN)
    inst = instance([young, other, COOK], request(skills=[line("cuisine", 3)]))
    assert codes(inst, ["young", "other"]) == ["adult_present"]
    assert codes(inst, ["young", "cook"]) == []


def test_a_minor_at_a_private_home_never_goes_alone():
    young = member("young", SIXTEEN)
    inst = instance([young, COOK], request(private_home=True))
    assert codes(inst, ["young"]) == ["adult_present", "private_home_pair"]
    assert codes(inst, ["cook"]) == []  # an adult alone is fine
    assert codes(inst, ["young", "cook"]) == []


# -- 7. licence --------------------------------------------------------------------------


def test_a_request_needing_a_licence_the_carrier_lacks_has_no_team():
    inst = instance([COOK], request(licence_required="garde_moins_3_ans"))
    broken = team_violations(inst, ["cook"])
    assert [v.code for v in broken] == ["licence"]
    assert "Garde d'enfants de moins de 3 ans" in broken[0].message_fr
    held = instance(
        [COOK],
        request(licence_required="garde_moins_3_ans"),
        carrier_licences=["garde_moins_3_ans"],
    )
    assert codes(held, ["cook"]) == []


# -- 8. apprenant and teacher ------------------------------------------------------------


def test_an_apprenant_learns_a_wished_skill_beside_a_level_3_teacher():
    req = request(skills=[line("couture", 1)], learning_slots=1)
    learner = {"id": "l", "role": "apprenant"}
    tailor3 = member("t3", skills={"couture": 3})
    tailor2 = member("t2", skills={"couture": 2})
    wisher = member("l", wishes=["couture"])
    inst = instance([tailor3, tailor2, wisher, member("nowish", wishes=["cuisine"])], req)
    assert codes(inst, ["t3", learner]) == []
    assert codes(inst, ["t2", learner]) == ["learner_teacher"]
    assert codes(inst, ["t3", {"id": "nowish", "role": "apprenant"}]) == ["learner_teacher"]
    named = {"id": "l", "role": "apprenant", "teacher": "t2"}
    assert codes(inst, ["t3", "t2", named]) == ["learner_teacher"]


# -- 9. accommodations -------------------------------------------------------------------


def test_no_heavy_lifting_never_meets_heavy_loads():
    careful = member("careful", skills={"demenagement": 4}, accommodations=["no_heavy_lifting"])
    strong = member("strong", skills={"demenagement": 2})
    on_request = instance([careful, strong], request(hazards=["heavy_loads"]))
    assert codes(on_request, ["careful", "strong"]) == ["accommodation"]
    on_line = instance(
        [careful, strong], request(skills=[line("demenagement", 3, hazards=["heavy_loads"])])
    )
    assert codes(on_line, ["careful", "strong"]) == ["skill_coverage", "accommodation"]
    other_line = instance(
        [careful, strong],
        request(skills=[line("demenagement", 2, hazards=["heavy_loads"]), line("peinture", 0)]),
    )
    assert codes(other_line, ["careful", "strong"]) == ["skill_coverage"]  # nobody paints


# -- malformed teams are the caller's mistake --------------------------------------------


def test_unknown_or_repeated_members_raise():
    inst = instance([COOK], request())
    with pytest.raises(TeamError, match="n'est pas un membre"):
        team_violations(inst, ["ghost"])
    with pytest.raises(TeamError, match="deux fois"):
        team_violations(inst, ["cook", "cook"])
    with pytest.raises(TeamError, match="n'est pas un rôle"):
        team_violations(inst, [{"id": "cook", "role": "chef"}])


def test_a_hazard_on_one_line_bars_minors_from_every_line_of_that_skill():
    # outputs name skills, not lines: "covers menuiserie" must never hide a minor at the saw
    young = member("young", SIXTEEN, skills={"menuiserie": 3})
    req = request(
        skills=[line("menuiserie", 2, hazards=["machine"]), line("menuiserie", 1)],
    )
    inst = instance([young, member("adult", skills={"menuiserie": 2})], req)
    assert coverage_assignment(inst, ["young", "adult"]).lines == (("adult",), ("adult",))
