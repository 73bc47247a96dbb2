"""The issue's hand-made scenarios, solved end to end by ``solve_team``."""

from __future__ import annotations

from engine_factories import SEVENTEEN, SIXTEEN, instance, line, member, request, session
from test_engine_scenarios import book_boxes, buffet

from matcher.engine.constraints import team_violations
from matcher.engine.solve_team import solve_team


def member_sets(out: dict) -> list[set[str]]:
    return [{m["id"] for m in team["members"]} for team in out["teams"]]


def blocking_codes(out: dict) -> list[str]:
    return [b["code"] for b in out["diagnosis"]["blocking"]]


def test_output_shape():
    out = solve_team(buffet())
    assert set(out) == {"kind", "request", "feasible", "teams", "diagnosis"}
    assert (out["kind"], out["request"], out["feasible"], out["diagnosis"]) == (
        "team",
        "buffet",
        True,
        None,
    )
    team = out["teams"][0]
    assert set(team) == {"rank", "members", "score", "hours_per_member", "break_minutes"}
    assert set(team["members"][0]) == {"id", "role", "covers", "learns", "teacher", "reasons"}


def test_buffet_for_50_with_two_16_year_olds():
    out = solve_team(buffet())
    assert member_sets(out) == [{"ines", "yanis", "karim"}]  # the only team of 3 to 4
    roles = {m["id"]: m["role"] for m in out["teams"][0]["members"]}
    assert roles["karim"] == "referent"
    assert out["teams"][0]["hours_per_member"] == 6.0 and out["teams"][0]["break_minutes"] == 30


def test_buffet_running_until_23h_has_no_team_and_says_why():
    out = solve_team(buffet(end="23:00"))
    assert not out["feasible"] and out["teams"] == []
    codes = blocking_codes(out)
    assert codes[0] == "skill_coverage" and "minor_night" in codes
    night = next(b for b in out["diagnosis"]["blocking"] if b["code"] == "minor_night")
    assert set(night["members"]) == {"ines", "yanis"}


def test_book_boxes_the_saw_stays_with_the_adult():
    out = solve_team(book_boxes())
    assert out["feasible"]
    for team in out["teams"]:
        covers = {m["id"]: m["covers"] for m in team["members"]}
        assert "samir" in covers and "menuiserie" in covers["samir"]
        assert all("menuiserie" not in covers.get(minor, []) for minor in ("lea", "tom"))


def test_book_boxes_without_the_adult_carpenter_names_the_hazard_and_the_booking():
    inst = instance(
        [
            member("lea", SIXTEEN, skills={"menuiserie": 3, "poncage": 2}),
            member("samir", skills={"menuiserie": 3}, booked=[session(start="08:00", end="10:00")]),
            member("alice", skills={"peinture": 2}),
        ],
        request(skills=[line("menuiserie", 2, hazards=["machine"])], team_size=[1, 3]),
    )
    out = solve_team(inst)
    assert not out["feasible"]
    assert blocking_codes(out) == ["skill_coverage", "booked_overlap", "minor_hazard"]
    ways = out["diagnosis"]["ways_out"]
    assert any(w["kind"] == "free_holder" and w["members"] == ["samir"] for w in ways)
    assert any(w["kind"] == "other_date" for w in ways)  # samir is free the next Saturday


def test_weeding_on_a_sunday_keeps_minors_home():
    inst = instance(
        [
            member("nour", SIXTEEN, skills={"jardinage": 3}),
            member("paul", skills={"jardinage": 2}),
            member("rose", skills={"jardinage": 1}),
        ],
        request(id="desherbage", sessions=[session("2026-12-13")], skills=[line("jardinage", 1)]),
    )
    out = solve_team(inst)
    assert out["feasible"]
    assert all("nour" not in ids for ids in member_sets(out))
    assert {"paul", "rose"} <= set().union(*member_sets(out))


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
    out = solve_team(inst)
    assert not out["feasible"] and blocking_codes(out) == ["licence"]
    assert out["diagnosis"]["ways_out"] == []  # no date, no member fixes a missing licence
    with_licence = instance(
        [member("julie", skills={"garde-enfants": 4})],
        request(skills=[line("garde-enfants", 3)], licence_required="garde_moins_3_ans"),
        carrier_licences=["garde_moins_3_ans"],
    )
    assert solve_team(with_licence)["feasible"]


def test_hemming_with_one_learning_slot():
    inst = instance(
        [
            member("fatou", skills={"couture": 4}),
            member("hugo", SEVENTEEN, wishes=["couture"]),
            member("zoe", skills={"couture": 2}),
        ],
        request(id="ourlets", skills=[line("couture", 2)], team_size=[1, 2], learning_slots=1),
    )
    out = solve_team(inst)
    best = out["teams"][0]
    placed = {m["id"]: m for m in best["members"]}
    assert set(placed) == {"fatou", "hugo"}
    assert (placed["hugo"]["role"], placed["hugo"]["learns"], placed["hugo"]["teacher"]) == (
        "apprenant",
        ["couture"],
        "fatou",
    )
    assert best["score"]["learning"] == 1.0
    assert any("apprend couture auprès de fatou (niveau 4)" in r for r in placed["hugo"]["reasons"])


def test_a_minor_who_worked_until_21_is_left_out_of_an_8_oclock_session():
    sofiane = member(
        "sofiane",
        SIXTEEN,
        skills={"manutention": 2},
        booked=[{"date": "2026-12-11", "start": "17:00", "end": "21:00"}],
    )
    req = request(sessions=[session(start="08:00", end="12:00")], skills=[line("manutention", 1)])
    out = solve_team(instance([sofiane, member("marc", skills={"manutention": 2})], req))
    assert out["feasible"] and all("sofiane" not in ids for ids in member_sets(out))
    alone = solve_team(instance([sofiane, member("marc")], req))
    assert not alone["feasible"]
    assert blocking_codes(alone) == ["skill_coverage", "minor_daily_rest"]
    rest = alone["diagnosis"]["blocking"][1]
    assert rest["members"] == ["sofiane"] and "11 h de repos" in rest["message_fr"]
    dates = [w for w in alone["diagnosis"]["ways_out"] if w["kind"] == "other_date"]
    assert {"2026-12-19"} in [set(w["dates"]) for w in dates]  # rested by the next Saturday


def test_a_two_saturday_workshop_keeps_the_same_team():
    saturdays = [session("2026-12-12"), session("2026-12-19")]
    inst = instance(
        [
            member("ana", skills={"couture": 3}, unavailable=[{"date": "2026-12-19"}]),
            member("ben", skills={"couture": 3}),
            member("cleo", SIXTEEN, skills={"couture": 2}),
        ],
        request(id="atelier", sessions=saturdays, skills=[line("couture", 2)], team_size=[2, 2]),
    )
    out = solve_team(inst)
    assert member_sets(out) == [{"ben", "cleo"}]
    assert out["teams"][0]["hours_per_member"] == 6.0


def test_top_teams_are_diverse_when_the_pool_allows():
    people = [member(f"c{i}", skills={"cuisine": 2 + i % 3}) for i in range(8)]
    inst = instance(people, request(skills=[line("cuisine", 2)], team_size=[2, 2]), top=3)
    out = solve_team(inst)
    sets = member_sets(out)
    assert len(sets) == 3
    for i in range(3):
        for j in range(i):
            assert len(sets[i] & sets[j]) / len(sets[i] | sets[j]) <= 0.5
    for team in out["teams"]:
        assert team_violations(inst, [m["id"] for m in team["members"]]) == []


def test_heuristic_and_exact_agree_on_the_scenarios():
    for inst in (buffet(), book_boxes()):
        exact = solve_team(inst, "exact")["teams"][0]["score"]["total"]
        assert solve_team(inst, "heuristic")["teams"][0]["score"]["total"] == exact
