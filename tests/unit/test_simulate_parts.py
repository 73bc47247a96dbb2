"""The simulator's pieces on tiny, hand-checked cases: draws, Gini, roster, requests, teams."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

import pytest

from matcher.engine import parse_instance, team_violations
from matcher.simulate.arrivals import arrivals, offered_templates
from matcher.simulate.cooperative import build_cooperative
from matcher.simulate.draws import stream, uniform
from matcher.simulate.metrics import gini
from matcher.simulate.pairing import PAIR_WEEKS, mentor_pairing
from matcher.simulate.policies import random_team
from matcher.simulate.world import World

BUFFET = Path(__file__).parents[1] / "data" / "instances" / "buffet.json"


@pytest.fixture(scope="module")
def coop():
    return build_cooperative(members=30, weeks=10, seed=3)


def test_a_draw_depends_on_its_name_only_not_on_what_was_drawn_before():
    first = uniform(7, "learn", 2, "m-00001", "cuisine")
    [uniform(7, "other", k) for k in range(50)]
    assert uniform(7, "learn", 2, "m-00001", "cuisine") == first
    assert uniform(8, "learn", 2, "m-00001", "cuisine") != first
    assert uniform(7, "learn", 3, "m-00001", "cuisine") != first
    assert stream(7, "x").random() == stream(7, "x").random()


def test_draws_are_uniform_enough_for_a_probability_of_one_fifth():
    hits = sum(uniform(1, "coin", k) < 0.2 for k in range(20_000))
    assert 0.19 < hits / 20_000 < 0.21


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], 0.0), ([0, 0], 0.0), ([3, 3, 3], 0.0), ([0, 10], 0.5), ([0, 0, 0, 12], 0.75)],
)
def test_gini_on_hand_computed_cases(values, expected):
    assert gini(values) == pytest.approx(expected)


def test_newcomers_join_on_a_simulated_monday_with_no_past(coop):
    ds = coop.dataset
    assert coop.newcomers  # 30 members x 1 % x 10 weeks: 3 newcomers
    for member in ds.members:
        if member.id in coop.newcomers:
            assert member.joined_on.weekday() == 0
            assert coop.start < member.joined_on < coop.end
    assert not any(h.member_id in coop.newcomers for h in ds.hours)
    assert not any(m.member_id in coop.newcomers for m in ds.mission_members)
    assert not any({p.mentor_id, p.learner_id} & coop.newcomers for p in ds.pairs)


def test_leavers_leave_on_a_monday_after_joining(coop):
    for member in coop.dataset.members:
        if member.left_on is not None:
            assert member.left_on.weekday() == 0
            assert member.left_on > (member.joined_on or coop.start)


def test_the_same_seed_builds_the_same_cooperative(coop):
    again = build_cooperative(members=30, weeks=10, seed=3)
    assert again.newcomers == coop.newcomers
    assert [(m.joined_on, m.left_on) for m in again.dataset.members] == [
        (m.joined_on, m.left_on) for m in coop.dataset.members
    ]


def test_requests_arrive_on_offered_days_within_their_week(coop):
    weeks = arrivals(coop, seed=3)
    offered = offered_templates(coop.dataset)
    assert len(weeks) == coop.weeks and sum(map(len, weeks)) > coop.weeks
    titles = {c: {t.title: days for t, days in o.items()} for c, o in offered.items()}
    for week, weekly in enumerate(weeks):
        monday = coop.monday(week)
        for arrival in weekly:
            days = titles[arrival.request.collective_id][arrival.request.title]
            assert (arrival.sessions[0].date - monday).days in days
            assert all(monday <= s.date < monday + timedelta(days=7) for s in arrival.sessions)
    assert [a.id for w in arrivals(coop, seed=3) for a in w] == [a.id for w in weeks for a in w]


def test_a_random_team_is_feasible_and_varies_with_the_seed():
    instance = parse_instance(json.loads(BUFFET.read_text(encoding="utf-8")))
    teams = {
        tuple(sorted(m["id"] for m in random_team(instance, random.Random(k)))) for k in range(20)
    }
    for k in range(20):
        team = random_team(instance, random.Random(k))
        assert team is not None and not team_violations(instance, team)
    assert len(teams) > 1  # random: several distinct feasible teams over 20 seeds


def test_a_random_team_is_none_when_no_one_can_cover():
    data = json.loads(BUFFET.read_text(encoding="utf-8"))
    data["request"]["skills"] = [{"skill": "soudure", "min_level": 3}]
    assert random_team(parse_instance(data), random.Random(1)) is None


def test_learning_starts_at_level_one_stops_at_four_and_fulfils_the_wish(coop):
    world = World.copy_of(coop.dataset)
    wish = world.dataset.learning_wishes[0]
    member, skill = wish.member_id, wish.skill_id
    start = world.level(member, skill)
    gained = 0
    while world.learn(0, member, skill, "mission"):
        gained += 1
    assert world.level(member, skill) == 4
    assert gained == 4 - (start if start is not None else 0)
    assert not any(
        (w.member_id, w.skill_id) == (member, skill) for w in world.dataset.learning_wishes
    )
    assert len(world.gains) == gained and world.gains[-1].to_level == 4
    assert coop.dataset.learning_wishes[0] == wish  # the starting cooperative is untouched


def test_pairs_meet_about_every_other_week_and_never_outlive_a_term(coop):
    weeks = mentor_pairing(coop, seed=3)
    meetings = [m for weekly in weeks for m in weekly]
    assert meetings and all(m.mentor_id != m.learner_id for m in meetings)
    by_pair: dict[str, list[int]] = {}
    for m in meetings:
        by_pair.setdefault(m.pair_id, []).append(m.week)
    assert all(max(w) - min(w) < PAIR_WEEKS for w in by_pair.values())
    spans = sum(max(w) - min(w) + 1 for w in by_pair.values())
    assert 0.3 < len(meetings) / spans <= 1.0  # meetings per week between first and last
    assert mentor_pairing(coop, seed=3) == weeks
