"""Property tests of the team solvers against a brute-force enumerator on tiny pools.

Pools have at most 7 members, so every assignment (out, worker or apprenant for each
member) can be enumerated: the enumerator is the oracle for "is there a team" and "what is
the best score". The naive feasibility oracle of test_engine_properties re-judges every
team the solver returns.
"""

from __future__ import annotations

from itertools import combinations, product

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_properties import HOLIDAY, SKILLS, members, oracle_feasible, requests

from matcher.engine.codes import CODES, MEMBER_CODES
from matcher.engine.constraints import _licence, team_violations
from matcher.engine.evaluate import Candidate, evaluator, jaccard_distance
from matcher.engine.exact import ExactSolver, kinds
from matcher.engine.instance import parse_instance
from matcher.engine.pool import prepare
from matcher.engine.scoring import score_team
from matcher.engine.solve_team import propose, solve_team
from matcher.vocabulary import WEEKDAYS

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


ALL_WEEK = [{"day": d, "start": "00:00", "end": "24:00"} for d in WEEKDAYS]


@st.composite
def friendly_members(draw, member_id: str) -> dict:
    """Mostly eligible members (the generic ones rarely make a team), some left as drawn."""
    raw = draw(members(member_id))
    if draw(st.integers(0, 3)):
        raw.update(contract_valid=True, parental_authorisation=True, availability=ALL_WEEK)
        raw["booked"] = raw["booked"][:1]
        raw["max_hours_week"] = 35
        raw["birth_date"] = draw(st.sampled_from(["1990-01-01"] * 3 + ["2010-06-01", "2008-12-12"]))
        raw["skills"] = draw(
            st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4), min_size=1, max_size=3)
        )
    return raw


@st.composite
def friendly_requests(draw) -> dict:
    raw = draw(requests())
    if draw(st.integers(0, 3)):
        for s in raw["sessions"]:
            start = draw(st.integers(8, 14))
            s["start"], s["end"] = f"{start:02d}:00", f"{start + draw(st.integers(1, 6)):02d}:00"
        raw["licence_required"] = None
        raw["hazards"] = draw(st.sampled_from([[], [], ["heat"]]))
    return raw


@st.composite
def solve_cases(draw, most: int = 7) -> dict:
    count = draw(st.integers(1, most))
    ids = [f"m{i}" for i in range(count)]
    pairs = list(combinations(ids, 2))
    collaborations = [
        [a, b, draw(st.integers(1, 6))]
        for a, b in draw(
            st.lists(st.sampled_from(pairs), max_size=4, unique=True) if pairs else st.just([])
        )
    ]
    return {
        "members": [draw(friendly_members(i)) for i in ids],
        "request": draw(friendly_requests()),
        "public_holidays": [HOLIDAY.isoformat()],
        "carrier_licences": draw(
            st.sampled_from([["garde_moins_3_ans"], ["garde_moins_3_ans"], []])
        ),
        "collaborations": collaborations,
        "travel_minutes": {"alma": {"epeule": 20}},
        "policy": {"fairness": draw(st.sampled_from(["equal_hours", "desired_hours"]))},
        "top": draw(st.integers(1, 3)),
        "seed": draw(st.integers(0, 3)),
    }


def brute_force(inst) -> list[tuple[float, Candidate]]:
    """Every feasible assignment of the eligible members, with its exact total."""
    ev = evaluator(inst)
    pool = prepare(inst)
    if inst.request.licence_required and inst.request.licence_required not in inst.carrier_licences:
        return []
    rows = [i for i in range(len(pool.ids)) if pool.eligible[i]]
    out = []
    for roles in product((0, 1, 2), repeat=len(rows)):
        cand = Candidate.of(
            [r for r, x in zip(rows, roles, strict=True) if x == 1],
            [r for r, x in zip(rows, roles, strict=True) if x == 2],
        )
        if cand.size and ev.feasible(cand):
            out.append((ev.total(cand), cand))
    return out


def as_roles(pool, team: dict) -> list[dict]:
    return [
        {"id": m["id"], "role": "apprenant" if m["role"] == "apprenant" else "membre"}
        for m in team["members"]
    ]


def check_diagnosis(inst, out: dict) -> None:
    pool = prepare(inst)
    blocking = out["diagnosis"]["blocking"]
    assert blocking, "an infeasible request must say why"
    for entry in blocking:
        assert entry["code"] in CODES and entry["message_fr"]
        if entry["code"] == "licence":
            assert inst.request.licence_required not in inst.carrier_licences
        elif entry["code"] in MEMBER_CODES:
            for member_id in entry["members"]:
                i = pool.index[member_id]
                real = {b.code for b in pool.blockers[i]}
                if not pool.allowed[i].all():
                    real |= {"minor_hazard" if pool.minor[i] else "accommodation"}
                assert entry["code"] in real, (member_id, entry)
    for way in out["diagnosis"]["ways_out"]:
        assert way["code"] in CODES and way["message_fr"]


@PROFILE
@given(solve_cases())
def test_exact_teams_are_feasible_and_optimal(data):
    inst = parse_instance(data)
    out = solve_team(inst, "exact")
    every = brute_force(inst)
    assert out["feasible"] is bool(every)
    if not every:
        assert out["teams"] == []
        check_diagnosis(inst, out)
        return
    pool = prepare(inst)
    ev = evaluator(inst)
    best = max(total for total, _ in every)
    cands, _ = propose(inst, "exact")
    assert abs(ev.total(cands[0]) - best) <= 1e-9
    assert len(out["teams"]) == min(inst.top, len({c.rows for _, c in every}))
    sets = [c.rows for c in cands]
    assert len(set(sets)) == len(sets)
    totals = [t["score"]["total"] for t in out["teams"]]
    assert totals == sorted(totals, reverse=True)
    for team in out["teams"]:
        assert team_violations(inst, as_roles(pool, team)) == []
        assert oracle_feasible(data, as_roles(pool, team))
    # diverse while the pool allows: a team far from the best one exists → the second is far
    if len(cands) > 1 and any(jaccard_distance(c.rows, sets[0]) >= 0.5 for _, c in every):
        assert any(jaccard_distance(s, sets[0]) >= 0.5 for s in sets[1:])


@PROFILE
@given(solve_cases())
def test_heuristic_teams_are_feasible_and_never_miss_a_team(data):
    inst = parse_instance(data)
    out = solve_team(inst, "heuristic")
    assert out["feasible"] is bool(brute_force(inst))
    pool = prepare(inst)
    for team in out["teams"]:
        assert oracle_feasible(data, as_roles(pool, team))
    if not out["feasible"]:
        check_diagnosis(inst, out)


@PROFILE
@given(solve_cases(most=5), st.data())
def test_the_fast_evaluator_agrees_with_score_team_and_team_violations(data, draw):
    inst = parse_instance(data)
    ev = evaluator(inst)
    pool = prepare(inst)
    rows = list(range(len(pool.ids)))
    roles = draw.draw(st.lists(st.sampled_from([0, 1, 2]), min_size=len(rows), max_size=len(rows)))
    cand = Candidate.of(
        [r for r, x in zip(rows, roles, strict=True) if x == 1],
        [r for r, x in zip(rows, roles, strict=True) if x == 2],
    )
    if not cand.size:
        return
    team = cand.team(pool)
    assert abs(ev.total(cand) - score_team(inst, team)["total"]) <= 5e-5 + 1e-12
    eligible = all(pool.eligible[r] for r in cand.rows)
    licensed = not inst.request.licence_required or (
        inst.request.licence_required in inst.carrier_licences
    )
    if eligible and licensed:
        assert ev.feasible(cand) is (team_violations(inst, team) == [])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(solve_cases())
def test_solve_team_is_deterministic(data):
    assert solve_team(parse_instance(data)) == solve_team(parse_instance(data))
    assert solve_team(parse_instance(data), "heuristic") == solve_team(
        parse_instance(data), "heuristic"
    )


def relaxed_team_exists(inst, codes: set[str]) -> bool:
    """Brute force: is there a team once every rule named by ``codes`` is lifted?

    Member rules are lifted for everyone (a member stays out only for a code not named);
    ``skill_coverage`` lifts the named lines' counts, ``team_size`` the size bounds,
    ``adult_present`` / ``private_home_pair`` / ``licence`` their rule, and
    ``minor_hazard`` / ``accommodation`` the bar from hazardous lines.
    """
    pool = prepare(inst)
    ev = evaluator(inst)
    req = inst.request
    if "licence" not in codes and req.licence_required not in (None, *inst.carrier_licences):
        return False
    kept = [c for c in pool.codes if c not in codes]
    rows = [i for i in range(len(pool.ids)) if not any(pool.codes[c][i] for c in kept)]
    allowed = pool.allowed | bool({"minor_hazard", "accommodation"} & codes)
    qualified = allowed & (pool.levels >= [line.min_level for line in req.skills])
    low, high = (1, len(rows)) if "team_size" in codes else req.team_size
    lifted = {j for j in range(len(req.skills)) if "skill_coverage" in codes}
    for roles in product((0, 1, 2), repeat=len(rows)):
        workers = [r for r, x in zip(rows, roles, strict=True) if x == 1]
        learners = [r for r, x in zip(rows, roles, strict=True) if x == 2]
        team = workers + learners
        if not low <= len(team) <= high or not team:
            continue
        if len(learners) > req.learning_slots and "team_size" not in codes:
            continue
        if any(
            not line.optional and j not in lifted and qualified[workers, j].sum() < line.count
            for j, line in enumerate(req.skills)
        ):
            continue
        if "adult_present" not in codes and any(
            pool.minor_at[team, s].all() for s in range(len(req.sessions))
        ):
            continue
        alone = req.private_home and len(team) < 2 and pool.minor[team].any()
        if "private_home_pair" not in codes and alone:
            continue
        if all(ev.lesson_value(i, workers) > 0 for i in learners):
            return True
    return False


@PROFILE
@given(solve_cases(most=6))
def test_every_blocking_code_really_blocks(data):
    """Each code of a diagnosis names a rule that really blocks: every member it names is
    barred by it, and lifting the named rules and re-solving (brute force) finds a team.

    A diagnosis names the first layer of causes: the team rules that only bind once those
    are lifted (an adult beside a minor who becomes eligible, a pair at a private home)
    are lifted with them rather than required in the diagnosis.
    """
    inst = parse_instance(data)
    out = solve_team(inst)
    if out["feasible"]:
        return
    check_diagnosis(inst, out)
    codes = {entry["code"] for entry in out["diagnosis"]["blocking"]}
    second_layer = {"adult_present", "private_home_pair"}
    assert relaxed_team_exists(inst, codes | second_layer), out["diagnosis"]["blocking"]
    pool = prepare(inst)
    for entry in out["diagnosis"]["blocking"]:
        if entry["code"] in pool.codes:
            for member_id in entry["members"]:
                assert pool.codes[entry["code"]][pool.index[member_id]], (member_id, entry)


@PROFILE
@given(solve_cases(most=5), st.data())
def test_batched_scores_agree_with_the_evaluator(data, draw):
    """The heuristic's batch scoring is the evaluator's total and team rules, team by team."""
    from matcher.engine.batch import Batch

    inst = parse_instance(data)
    ev = evaluator(inst)
    rows = np.arange(len(inst.members))
    k = draw.draw(st.integers(1, len(rows)))
    teams = draw.draw(st.lists(st.permutations(rows.tolist()), min_size=1, max_size=6))
    members = np.array([t[:k] for t in teams])
    learner = np.array(
        draw.draw(
            st.lists(
                st.lists(st.booleans(), min_size=k, max_size=k),
                min_size=len(teams),
                max_size=len(teams),
            )
        )
    )
    total, feasible = Batch(ev, rows).evaluate(members, learner)
    for b in range(len(teams)):
        cand = Candidate.of(members[b][~learner[b]].tolist(), members[b][learner[b]].tolist())
        low, high = inst.request.team_size
        assert abs(total[b] - ev.total(cand)) <= 1e-9
        if low <= k <= high:
            assert bool(feasible[b]) is ev.feasible(cand)


@settings(PROFILE, max_examples=400)
@given(solve_cases())
def test_the_feasibility_proof_on_kinds_of_members_agrees_with_brute_force(data):
    """``any_team`` proves on kinds of interchangeable members, never on a subset that
    could lose a team: its yes/no is brute force's, and its team is feasible."""
    inst = parse_instance(data)
    ev = evaluator(inst)
    if _licence(ev.pool):  # judged before any proof (solve_team.propose)
        return
    found = ExactSolver(ev).any_team()
    assert (found is not None) is bool(brute_force(inst))
    if found is not None:
        assert ev.feasible(found)
    assert len(kinds(ev, np.flatnonzero(ev.pool.eligible))) <= int(ev.pool.eligible.sum())
