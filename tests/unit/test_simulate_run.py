"""Short simulations: every policy's teams hold, chance is shared, the check can fail."""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest

from matcher.engine import parse_instance
from matcher.engine.eligibility import member_blockers
from matcher.instances import InstanceBuilder
from matcher.simulate import POLICIES, as_json, prepare, run_policy, table, targets
from matcher.simulate.run import _violations
from matcher.simulate.world import World

WEEKS, MEMBERS, SEED = 4, 24, 2


@pytest.fixture(scope="module")
def setting():
    return prepare(weeks=WEEKS, members=MEMBERS, seed=SEED)


@pytest.fixture(scope="module")
def runs(setting):
    return {name: run_policy(setting, name) for name in POLICIES}


def test_no_policy_ever_breaks_a_hard_constraint(runs):
    for run in runs.values():
        assert run.summary.violations == 0
        assert run.summary.staffed > 0


def test_every_policy_faces_the_same_requests_and_the_same_pair_learning(runs):
    requests = {name: run.summary.requests for name, run in runs.items()}
    assert len(set(requests.values())) == 1 and requests["ours"] > 0
    pair_gains = {
        name: sorted(
            (g.week, g.member_id, g.skill_id) for g in run.world.gains if g.source == "pair"
        )
        for name, run in runs.items()
    }
    assert pair_gains["ours"] == pair_gains["experts"] == pair_gains["random"]


def test_experts_never_take_an_apprenant_and_every_apprenant_has_a_teacher(runs):
    for name, run in runs.items():
        for staffing in run.world.staffed:
            for member in staffing.members:
                if member["role"] == "apprenant":
                    assert name != "experts"
                    assert member["teacher"] and member["learns"]


def test_the_same_seed_gives_the_same_simulation(setting, runs):
    again = run_policy(setting, "random")
    assert again.summary == runs["random"].summary
    assert again.weekly == runs["random"].weekly
    fresh = run_policy(prepare(weeks=WEEKS, members=MEMBERS, seed=SEED), "ours")
    assert fresh.summary == runs["ours"].summary


def test_weekly_curves_are_cumulative_and_end_on_the_summary(runs):
    for run in runs.values():
        assert [row["week"] for row in run.weekly] == list(range(1, WEEKS + 1))
        staffed = [row["staffed"] for row in run.weekly]
        assert staffed == sorted(staffed)
        assert run.weekly[-1]["staffed"] == run.summary.staffed
        assert run.weekly[-1]["levels_gained"] == run.summary.levels_gained


def test_the_independent_check_counts_an_unavailable_member_slipped_into_a_team(setting, runs):
    coop = setting.coop
    today = coop.monday(0) - timedelta(days=1)
    world = World.copy_of(coop.dataset)
    staffed = runs["ours"].world.staffed[0]
    assert staffed.week == 0
    arrival = next(a for a in setting.arrivals[0] if a.id == staffed.request_id)
    for a in setting.arrivals[0]:
        world.add_request(a)
    instance = parse_instance(InstanceBuilder(world.dataset, today=today).request(arrival.id))
    blocked = next(m.id for m in instance.members if member_blockers(instance, m))
    members = [m for m in staffed.members if m["id"] != blocked]
    members.append({"id": blocked, "role": "membre", "covers": [], "learns": [], "teacher": None})
    bad = {"members": members, "hours_per_member": staffed.hours_per_member}
    world.staff(0, arrival.id, bad, today)
    assert _violations(world, today, [(arrival, bad)]) > 0


def test_the_independent_check_counts_one_team_booked_twice_at_the_same_hour(setting, runs):
    coop = setting.coop
    staffed = runs["ours"].world.staffed[0]
    today = coop.monday(staffed.week) - timedelta(days=1)
    world = World.copy_of(coop.dataset)
    arrival = next(a for a in setting.arrivals[staffed.week] if a.id == staffed.request_id)
    twin = copy.deepcopy(arrival)
    twin.request.id = f"{arrival.id}-bis"
    for row in (*twin.sessions, *twin.skills):
        row.request_id = twin.request.id
    team = {"members": list(staffed.members), "hours_per_member": staffed.hours_per_member}
    world.add_request(arrival)
    world.staff(staffed.week, arrival.id, team, today)
    assert _violations(world, today, [(arrival, team)]) == 0  # alone, it holds
    world.add_request(twin)
    world.staff(staffed.week, twin.id, team, today)
    assert _violations(world, today, [(arrival, team), (twin, team)]) > 0  # twice: overlap


def test_the_table_and_the_json_say_the_same(runs):
    text = table(runs, weeks=WEEKS, members=MEMBERS, seed=SEED)
    data = as_json(runs, weeks=WEEKS, members=MEMBERS, seed=SEED)
    assert json.loads(json.dumps(data)) == data
    assert set(data["policies"]) == set(POLICIES)
    assert "Contraintes dures violées" in text and "Objectifs" in text
    for target in targets(runs):
        assert target.label_fr in text
    assert [t["key"] for t in data["targets"]] == [
        "staffed",
        "members_gained",
        "gini",
        "violations",
    ]
    only = {"random": runs["random"]}
    assert targets(only) == [] and "Objectifs" not in table(only, weeks=1, members=1, seed=1)
