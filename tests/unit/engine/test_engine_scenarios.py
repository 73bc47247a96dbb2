"""Hand-made scenarios from real requests (the issue's list), on their constraint side."""

from __future__ import annotations

from engine_factories import SEVENTEEN, SIXTEEN, instance, line, member, request, session

from matcher.engine.constraints import coverage_assignment, member_blockers, team_violations
from matcher.engine.scoring import rescore


def codes(inst, team) -> list[str]:
    return [v.code for v in team_violations(inst, team)]


def blocker_codes(inst, member_id) -> list[str]:
    return [b.code for b in member_blockers(inst, inst.member(member_id))]


def buffet(end: str = "16:30"):
    """A buffet for 50 on Saturday 12/12, with two 16-year-olds and an adult cook."""
    return instance(
        [
            member("ines", SIXTEEN, name="Inès", skills={"cuisine": 2, "service-en-salle": 2}),
            member("yanis", SIXTEEN, name="Yanis", skills={"cuisine": 2}),
            member("karim", name="Karim", skills={"cuisine": 3, "hygiene-alimentaire": 3}),
        ],
        request(
            id="buffet",
            sessions=[session(start="10:00", end=end)],
            skills=[
                line("cuisine", 3),
                line("cuisine", 2, count=2),
                line("service-en-salle", 1, optional=True),
            ],
            team_size=[3, 4],
        ),
    )


def test_buffet_for_50_on_a_saturday_with_two_16_year_olds():
    inst = buffet()
    team = ["ines", "yanis", "karim"]
    assert team_violations(inst, team) == []
    out = rescore(inst, team)
    assert out["feasible"] and out["hours_per_member"] == 6.0 and out["break_minutes"] == 30
    roles = {m["id"]: m["role"] for m in out["members"]}
    assert roles == {"ines": "membre", "yanis": "membre", "karim": "referent"}
    assert "pause de 30 min incluse (séance de plus de 4 h 30)" in out["members"][0]["reasons"]
    # the two 16-year-olds alone: too few, no adult, nobody at level 3
    assert codes(inst, ["ines", "yanis"]) == ["team_size", "skill_coverage", "adult_present"]


def test_buffet_running_late_closes_it_to_minors():
    inst = buffet(end="23:00")
    assert blocker_codes(inst, "ines") == ["minor_night", "minor_day_8h"]
    assert blocker_codes(inst, "karim") == []
    assert "minor_night" in codes(inst, ["ines", "yanis", "karim"])


def book_boxes():
    """Book boxes for a square: cutting needs a circular saw; sanding and painting do not."""
    return instance(
        [
            member("lea", SIXTEEN, skills={"menuiserie": 3, "poncage": 2, "peinture": 2}),
            member("tom", SEVENTEEN, skills={"menuiserie": 2, "peinture": 3}),
            member("samir", skills={"menuiserie": 3}),
            member("alice", skills={"peinture": 2}),
        ],
        request(
            id="boites-a-livres",
            skills=[
                line("menuiserie", 2, hazards=["machine"]),
                line("poncage", 1),
                line("peinture", 1),
            ],
            team_size=[2, 4],
        ),
    )


def test_book_boxes_minors_only_sand_and_paint():
    inst = book_boxes()
    team = ["lea", "tom", "samir"]
    assert team_violations(inst, team) == []
    cov = coverage_assignment(inst, team)
    assert cov.lines[0] == ("samir",)  # the saw: the adult only
    assert "lea" in cov.lines[1] and "tom" in cov.lines[2]
    placed = {m["id"]: m["covers"] for m in rescore(inst, team)["members"]}
    assert "menuiserie" not in placed["lea"] and "menuiserie" not in placed["tom"]


def test_book_boxes_without_an_adult_carpenter():
    inst = book_boxes()
    broken = team_violations(inst, ["lea", "tom", "alice"])
    assert [v.code for v in broken] == ["skill_coverage", "minor_hazard"]
    assert set(broken[1].members) == {"lea", "tom"}
    assert "machine dangereuse" in broken[1].message_fr


def test_weeding_on_a_sunday():
    inst = instance(
        [
            member("nour", SIXTEEN, skills={"jardinage": 3}),
            member("paul", skills={"jardinage": 2}),
        ],
        request(id="desherbage", sessions=[session("2026-12-13")], skills=[line("jardinage", 1)]),
    )
    assert codes(inst, ["nour", "paul"]) == ["minor_sunday_holiday"]
    assert codes(inst, ["paul"]) == []


def test_childcare_under_3_without_licence():
    inst = instance(
        [member("julie", skills={"garde-enfants": 4}), member("emma", skills={"garde-enfants": 3})],
        request(
            id="garde",
            skills=[line("garde-enfants", 3)],
            licence_required="garde_moins_3_ans",
            private_home=True,
        ),
    )
    for team in (["julie"], ["emma"], ["julie", "emma"]):
        assert codes(inst, team) == ["licence"]


def test_hemming_with_one_learning_slot():
    inst = instance(
        [
            member("fatou", skills={"couture": 4}),
            member("hugo", SEVENTEEN, wishes=["couture"]),
            member("zoe", skills={"couture": 2}),
        ],
        request(id="ourlets", skills=[line("couture", 2)], team_size=[1, 2], learning_slots=1),
    )
    team = ["fatou", {"id": "hugo", "role": "apprenant"}]
    out = rescore(inst, team)
    assert out["feasible"] and out["score"]["learning"] == 1.0
    hugo = out["members"][1]
    assert (hugo["role"], hugo["learns"], hugo["teacher"]) == ("apprenant", ["couture"], "fatou")
    assert codes(inst, ["zoe", {"id": "hugo", "role": "apprenant"}]) == ["learner_teacher"]


def test_a_minor_who_worked_until_21_the_day_before_an_8_oclock_session():
    inst = instance(
        [
            member(
                "sofiane",
                SIXTEEN,
                skills={"manutention": 2},
                booked=[{"date": "2026-12-11", "start": "17:00", "end": "21:00"}],
            ),
            member("marc", skills={"manutention": 2}),
        ],
        request(sessions=[session(start="08:00", end="12:00")], skills=[line("manutention", 1)]),
    )
    broken = team_violations(inst, ["sofiane", "marc"])
    assert [v.code for v in broken] == ["minor_daily_rest"]
    assert broken[0].message_fr == (
        "sofiane a 16 ans le 12/12/2026 : seulement 11 h de repos entre le 11/12/2026 21:00 "
        "et le 12/12/2026 08:00, il en faut 12 pour un·e mineur·e"
    )


def test_a_two_saturday_workshop_needs_the_same_team_both_days():
    saturdays = [session("2026-12-12"), session("2026-12-19")]
    inst = instance(
        [
            member("ana", skills={"couture": 3}, unavailable=[{"date": "2026-12-19"}]),
            member("ben", skills={"couture": 3}),
            member("cleo", SIXTEEN, skills={"couture": 2}),
        ],
        request(id="atelier", sessions=saturdays, skills=[line("couture", 2)]),
    )
    assert codes(inst, ["ana", "cleo"]) == ["availability"]
    assert codes(inst, ["ben", "cleo"]) == []
    # each Saturday is in its own ISO week: 6 h a week for the minor, never 12
    assert blocker_codes(inst, "cleo") == []
