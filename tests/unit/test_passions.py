"""Passions, in members' own words, become the skills they love in the graph."""

from __future__ import annotations

from datetime import date
from functools import cache

from matcher.demo import generate_demo
from matcher.domain import Dataset, Passion
from matcher.graph.skills import build_skills_graph, member_node, skill_node
from matcher.models.extract import SkillExtractor
from matcher.models.passions import loved_skills


@cache
def extractor() -> SkillExtractor:
    return SkillExtractor(use_long_tail=False).fit()


def test_each_member_gets_the_skills_of_their_passions_once_in_order():
    data = Dataset(
        passions=[
            Passion("m1", "jfais des tresses à toutes mes cousines"),
            Passion("m1", "les tresses et la couture"),
            Passion("m2", "j'aimerais apprendre à faire des vidéos"),
        ]
    )
    loved = loved_skills(data, extractor())
    assert loved["m1"][0] == "tresses"
    assert "couture" in loved["m1"] and loved["m1"].count("tresses") == 1
    assert "m2" not in loved  # a wish to learn is not a passion


def test_demo_passions_become_loves_edges_of_the_skills_graph():
    data = generate_demo(seed=1, today=date(2026, 11, 28))
    loved = loved_skills(data, extractor())
    G = build_skills_graph(data, loves=loved)
    member, skills = next(iter(loved.items()))
    assert G.edges[member_node(member), skill_node(skills[0])]["loves"]
    assert len(loved) >= len(data.members) // 2
