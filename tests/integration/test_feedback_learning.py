"""The ranking learns from decisions: consistent declines of one pattern change later
rankings, a few do not (the prior dominates), and hard constraints never move."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest
from factories import (
    make_dataset,
    make_member,
    make_private,
    make_request,
    make_required_skill,
    make_session,
    make_skill,
)

from matcher.domain import Availability, HoursEntry, Mission, MissionMember, Proposal
from matcher.engine import parse_instance, rescore
from matcher.engine.codes import DEFAULT_WEIGHTS
from matcher.engine.solve_team import solve_team
from matcher.feedback import learned_weights, service
from matcher.instances import request_instance
from matcher.storage import repository

pytestmark = pytest.mark.db

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 18, 0)
#: The "usual suspects" pattern: they always work together, and already had the hours.
USUAL = {
    "coverage": 0.5,
    "learning": 1.0,
    "fairness": 0.0,
    "cohesion": 1.0,
    "passion": 0.0,
    "proximity": 0.5,
}
#: The pattern coordinators accept: newcomers, fewer paid hours, no shared history.
FRESH = {
    "coverage": 0.5,
    "learning": 1.0,
    "fairness": 0.33,
    "cohesion": 0.0,
    "passion": 0.0,
    "proximity": 0.5,
}


def _person(mid: str):
    return (
        make_member(id=mid, display_name=mid.upper(), contract_start=date(2026, 1, 1)),
        make_private(member_id=mid, legal_name=mid, birth_date=date(1995, 1, 1)),
    )


def _noisy(pattern: dict[str, float], rng: random.Random) -> dict[str, float]:
    return {
        k: round(min(1.0, max(0.0, v + rng.uniform(-0.05, 0.05))), 4) for k, v in pattern.items()
    }


def world():
    """x1, x2 worked 3 missions together (30 h paid each); y1, y2 have 20 h and no shared
    history; z is the best on every criterion but is not available on Saturdays."""
    ids = ["x1", "x2", "y1", "y2", "z"]
    people = [_person(mid) for mid in ids]
    past = [TODAY - timedelta(weeks=k) for k in (2, 3, 4)]
    history = [make_request(id=f"r-old-{k}", status="done") for k in range(3)]
    missions = [Mission(f"mi-old-{k}", f"r-old-{k}", status="done") for k in range(3)]
    hours = [
        HoursEntry(mid, day, time(8), time(18), mission_id=f"mi-old-{k}")
        for k, day in enumerate(past)
        for mid in ("x1", "x2")
    ] + [HoursEntry(mid, day, time(8), time(18)) for day in past[:2] for mid in ("y1", "y2")]
    rng = random.Random(7)
    accepted = [
        Proposal(
            f"p-ok-{k}",
            "team",
            "kpa-roubaix",
            week="2026-W40",
            score=0.5,
            score_breakdown=_noisy(FRESH, rng),
            status="accepted",
        )
        for k in range(25)
    ]
    usual = [
        Proposal(
            f"p-usual-{k}",
            "team",
            "kpa-roubaix",
            week="2026-W41",
            score=0.5,
            score_breakdown=_noisy(USUAL, rng),
        )
        for k in range(25)
    ]
    return make_dataset(
        members=[m for m, _ in people],
        member_private=[p for _, p in people],
        member_skills=[make_skill(member_id=mid, skill_id="cuisine", level=3) for mid in ids[:4]]
        + [make_skill(member_id="z", skill_id="cuisine", level=4)],
        availabilities=[Availability(mid, "sat", time(8), time(18)) for mid in ids[:4]],
        requests=[*history, make_request(team_size_min=2, team_size_max=2)],
        request_sessions=[make_session()],
        required_skills=[make_required_skill(min_level=3)],
        missions=missions,
        mission_members=[
            MissionMember(m.id, mid, "membre", "cuisine") for m in missions for mid in ("x1", "x2")
        ],
        hours=hours,
        proposals=[*accepted, *usual],
    )


def _ranking(database) -> tuple[list[list[str]], object, dict | None]:
    with database.transaction() as session:
        dataset = repository.read_dataset(session)
    weights = learned_weights(dataset, "kpa-roubaix")
    instance = parse_instance(request_instance(dataset, "r-1", today=TODAY, weights=weights))
    teams = solve_team(instance)["teams"]
    return [sorted(m["id"] for m in t["members"]) for t in teams], instance, weights


def test_consistent_declines_change_the_ranking_but_never_the_hard_constraints(database):
    with database.transaction() as session:
        repository.write_dataset(session, world())
    service.learn(database, "kpa-roubaix", now=NOW)
    before, _, weights = _ranking(database)
    assert weights == dict(DEFAULT_WEIGHTS)  # only acceptances: nothing to contrast yet
    assert before[0] == ["x1", "x2"]  # cohesion wins under the default weights

    for k in range(3):
        service.decline_proposal(database, f"p-usual-{k}", "team_balance", actor="u-1", now=NOW)
    few, _, weights = _ranking(database)
    assert few[0] == ["x1", "x2"]  # three declines: the prior still dominates
    assert weights["cohesion"] > 0.7 * DEFAULT_WEIGHTS["cohesion"]

    for k in range(3, 25):
        service.decline_proposal(database, f"p-usual-{k}", "team_balance", actor="u-1", now=NOW)
    after, instance, weights = _ranking(database)
    assert weights["cohesion"] < DEFAULT_WEIGHTS["cohesion"] / 2
    assert weights["fairness"] > DEFAULT_WEIGHTS["fairness"]
    assert after[0] == ["y1", "y2"]  # the learned weights put the fresh team first

    # z would top any ranking but is never available on Saturdays: never proposed,
    # under the default, the learned or an extreme weighting
    best_illegal = rescore(instance, ["z", "y1"])
    assert [b["code"] for b in best_illegal["broken"]] == ["availability"]
    for teams in (before, few, after):
        assert all("z" not in team for team in teams)
    extreme = request_instance(
        repository_dataset(database),
        "r-1",
        today=TODAY,
        weights={"coverage": 1.0, "fairness": 10.0},
    )
    for team in solve_team(parse_instance(extreme))["teams"]:
        ids = [m["id"] for m in team["members"]]
        assert "z" not in ids and rescore(parse_instance(extreme), ids)["feasible"]
    assert best_illegal["score"]["total"] > rescore(instance, after[0])["score"]["total"]


def repository_dataset(database):
    with database.transaction() as session:
        return repository.read_dataset(session)


def test_declines_for_facts_of_the_world_teach_the_ranking_nothing(database):
    with database.transaction() as session:
        repository.write_dataset(session, world())
    for k in range(25):
        service.decline_proposal(
            database, f"p-usual-{k}", "member_unavailable", actor="u-1", now=NOW
        )
    _, _, weights = _ranking(database)
    assert weights == dict(DEFAULT_WEIGHTS)
