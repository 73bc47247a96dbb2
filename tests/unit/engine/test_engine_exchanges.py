"""Peer exchanges: the can-teach → wishes graph, its 2- and 3-cycles, the disjoint optimum."""

from __future__ import annotations

import functools

import networkx as nx
import pytest
from engine_factories import SEVENTEEN, member
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mentor_oracles import (
    SKILLS,
    can_exchange,
    is_minor,
    mentor_instance,
    random_member,
)

from matcher.engine.exchanges import candidate_cycles, exchange_edges, find_exchanges

PROFILE = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def cycles_of(out):
    return [c["members"] for c in out["cycles"]]


def trio(priority: int = 1):
    """a → b → c → a on three skills, each learner wishing with ``priority``."""
    return [
        member("a", skills={"x": 3}, wishes=["z"], wish_priority={"z": priority}),
        member("b", skills={"y": 3}, wishes=["x"], wish_priority={"x": priority}),
        member("c", skills={"z": 3}, wishes=["y"], wish_priority={"y": priority}),
    ]


def test_a_reciprocal_pair_is_found_with_its_reasons():
    out = find_exchanges(
        mentor_instance(
            [
                member("fatou", skills={"couture": 4}, wishes=["patisserie"]),
                member("hugo", skills={"patisserie": 3}, wishes=["couture"]),
                member("solo", skills={"couture": 4}),
            ]
        )
    )
    assert out["kind"] == "exchanges"
    (cycle,) = out["cycles"]
    assert cycle["members"] == ["fatou", "hugo"]
    assert cycle["edges"] == [
        {"teacher": "fatou", "learner": "hugo", "skill": "couture", "level": 4},
        {"teacher": "hugo", "learner": "fatou", "skill": "patisserie", "level": 3},
    ]
    assert cycle["score"] == 1.75
    assert cycle["reasons"][0].startswith("fatou transmet couture à hugo (niveau 4) ; ")
    assert cycle["requires_approval"] is False


def test_an_overlapping_three_cycle_of_higher_value_beats_the_pair():
    # a ↔ b is worth 0.75 + 0.75; a → b → c → a is worth 3 × 0.75.
    members = trio()
    members[0]["wishes"] = ["z", "y"]  # b can teach a back: the pair a ↔ b exists
    out = find_exchanges(mentor_instance(members))
    assert cycles_of(out) == [["a", "b", "c"]]
    assert out["objective"]["candidate_cycles"] == 2
    assert out["objective"]["value"] == 2.25


def test_the_pair_wins_when_the_three_cycle_is_worth_less():
    # Same graph, but the 3-cycle's learners wish with priority 2 (half value), the pair
    # teaches at level 4.
    members = trio(priority=2)
    members[0]["wishes"] = ["z", "y"]
    members[0]["wish_priority"] = {"z": 2, "y": 1}
    members[1]["skills"]["y"] = 4
    members[0]["skills"]["x"] = 4
    out = find_exchanges(mentor_instance(members))
    assert cycles_of(out) == [["a", "b"]]


def test_chosen_cycles_are_disjoint_and_cover_as_much_value_as_possible():
    members = [
        member("a", skills={"x": 4}, wishes=["y"]),
        member("b", skills={"y": 4}, wishes=["x"]),
        member("c", skills={"y": 3}, wishes=["x"]),
        member("d", skills={"x": 3}, wishes=["y"]),
    ]
    out = find_exchanges(mentor_instance(members))
    chosen = cycles_of(out)
    flat = [m for c in chosen for m in c]
    assert len(flat) == len(set(flat)) == 4
    assert out["objective"]["value"] == pytest.approx(4 * 0.75 + 0.5)


def test_no_edge_without_an_hour_in_common():
    wed = [{"day": "wed", "start": "14:00", "end": "15:00"}]
    sat = [{"day": "sat", "start": "14:00", "end": "18:00"}]
    members = [
        member("a", skills={"x": 4}, wishes=["y"], availability=wed),
        member("b", skills={"y": 4}, wishes=["x"], availability=sat),
    ]
    assert find_exchanges(mentor_instance(members))["cycles"] == []
    members[1]["availability"] = sat + wed
    assert cycles_of(find_exchanges(mentor_instance(members))) == [["a", "b"]]


def test_related_skills_do_not_make_exchange_edges():
    members = [
        member("a", skills={"cuisine": 4}, wishes=["y"]),
        member("b", skills={"y": 4}, wishes=["patisserie"]),
    ]
    inst = mentor_instance(members, related_skills=[["cuisine", "patisserie", 0.9]])
    assert find_exchanges(inst)["cycles"] == []


def test_minors_need_approval_and_unchecked_adults_never_exchange_with_them():
    members = [
        member("adult", skills={"x": 4}, wishes=["y"]),
        member("teen", SEVENTEEN, skills={"y": 3}, wishes=["x"]),
    ]
    (cycle,) = find_exchanges(mentor_instance(members))["cycles"]
    assert cycle["requires_approval"] is True
    assert cycle["place"] == "kpa_or_public"
    assert "accord d'un·e animateur·rice requis" in cycle["reasons"][-1]
    required = {"honorability_required": True}
    assert find_exchanges(mentor_instance(members, policy=required))["cycles"] == []
    members[0]["honorability_valid"] = True
    assert len(find_exchanges(mentor_instance(members, policy=required))["cycles"]) == 1


def test_the_answer_is_deterministic():
    members = [member(f"m{i}", skills={"x": 3, "y": 3}, wishes=["x", "y"]) for i in range(6)]
    runs = {str(find_exchanges(mentor_instance(members, seed=3))) for _ in range(3)}
    assert len(runs) == 1


# ---------------------------------------------------------------------------------------
# Random tiny graphs against brute force


@st.composite
def dense_instance(draw):
    n = draw(st.integers(2, 6))
    members = [draw(random_member(f"m{i}")) for i in range(n)]
    for m in members:  # more teachers and a shared slot: cycles are frequent
        if draw(st.booleans()):
            m["availability"] = [{"day": "wed", "start": "14:00", "end": "16:00"}]
    policy = {"honorability_required": draw(st.booleans())}
    return mentor_instance(members, policy=policy)


def oracle_graph(inst) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(m.id for m in inst.members)
    for t in inst.members:
        for learner in inst.members:
            if any(can_exchange(inst, t, learner, s) for s in SKILLS):
                graph.add_edge(t.id, learner.id)
    return graph


def best_packing(cycles: list[tuple[frozenset, float]]) -> float:
    """Max total value of pairwise-disjoint cycles (memoised include/exclude search)."""

    @functools.cache
    def best(i: int, used: frozenset) -> float:
        if i == len(cycles):
            return 0.0
        skip = best(i + 1, used)
        members, value = cycles[i]
        if members & used:
            return skip
        return max(skip, value + best(i + 1, used | members))

    return best(0, frozenset())


@PROFILE
@given(dense_instance())
def test_exchanges_are_valid_disjoint_and_optimal(inst):
    out = find_exchanges(inst)
    edges = exchange_edges(inst)
    graph = oracle_graph(inst)
    assert set(edges) == set(graph.edges)
    expected = {tuple(c) for c in nx.simple_cycles(graph, length_bound=3) if len(c) >= 2}
    found = candidate_cycles(inst, edges)
    canon = {frozenset(zip(c, c[1:] + c[:1], strict=True)) for c in expected}
    assert {
        frozenset(zip(c.members, c.members[1:] + c.members[:1], strict=True)) for c in found
    } == canon
    assert len(found) == len(expected)
    seen: set[str] = set()
    for cycle in out["cycles"]:
        assert not seen & set(cycle["members"])
        seen |= set(cycle["members"])
        assert len(cycle["edges"]) == len(cycle["members"]) in (2, 3)
        for i, e in enumerate(cycle["edges"]):
            assert e["teacher"] == cycle["members"][i]
            assert e["learner"] == cycle["members"][(i + 1) % len(cycle["members"])]
            assert can_exchange(
                inst, inst.member(e["teacher"]), inst.member(e["learner"]), e["skill"]
            )
        young = [is_minor(inst, inst.member(m)) for m in cycle["members"]]
        assert cycle["requires_approval"] == any(young)
    packing = [(frozenset(c.members), c.value) for c in found]
    assert out["objective"]["value"] == pytest.approx(best_packing(packing), abs=1e-3)
    assert out["objective"]["optimal"] is True
