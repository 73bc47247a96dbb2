"""The skills picture: a valid SVG, in French, byte-identical from one run to the next."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import networkx as nx
import pytest
from factories import make_dataset, make_member, make_skill

from matcher.domain import LearningWish, Skill
from matcher.graph.picture import draw_skills_svg
from matcher.graph.skills import build_skills_graph

SVG = "{http://www.w3.org/2000/svg}svg"
TAXONOMY = [
    Skill("couture", "Couture", domain="couture"),
    Skill("broderie", "Broderie", domain="couture", parent="couture"),
    Skill("tricot", "Tricot", domain="couture", parent="couture"),
    Skill("cuisine", "Cuisine du monde", domain="cuisine"),
    Skill("prix", "Calcul de prix ($)", domain="gestion"),
]


def tiny_graph() -> nx.Graph:
    """Inès: couture 4, cuisine 2, wants broderie, loves tricot; Yanis: prix 3; Sam left."""
    dataset = make_dataset(
        members=[
            make_member(id="m-1", display_name="Inès"),
            make_member(id="m-2", display_name="Yanis"),
            make_member(id="m-3", display_name="Sam", left_on=date(2026, 10, 1)),
        ],
        member_skills=[
            make_skill(member_id="m-1", skill_id="couture", level=4),
            make_skill(member_id="m-1", skill_id="cuisine", level=2),
            make_skill(member_id="m-2", skill_id="prix", level=3),
        ],
        learning_wishes=[LearningWish("m-1", "broderie")],
    )
    relations = [("couture", "cuisine", "esco_occupation", 0.3)]
    return build_skills_graph(
        dataset, taxonomy=TAXONOMY, relations=relations, loves={"m-1": ["tricot"]}
    )


def texts(path) -> str:
    """All text of the SVG, parsed as XML (so entities are decoded)."""
    root = ET.parse(path).getroot()
    assert root.tag == SVG
    return " ".join(root.itertext())


def test_member_picture_is_a_french_svg(tmp_path):
    out = draw_skills_svg(tiny_graph(), tmp_path / "ines.svg", member="m-1")
    assert out == tmp_path / "ines.svg"
    content = texts(out)
    for label in ("Compétences de Inès", "Couture", "Cuisine du monde", "Broderie", "Tricot"):
        assert label in content
    for legend in ("Je peux transmettre", "Je découvre", "Envie d'apprendre", "Passion"):
        assert legend in content
    assert "Calcul de prix" not in content  # Yanis's skill


def test_collective_picture_shows_skills_held_and_wished(tmp_path):
    out = draw_skills_svg(tiny_graph(), tmp_path / "roubaix.svg", collective="kpa-roubaix")
    content = texts(out)
    for label in ("Compétences du collectif kpa-roubaix", "Couture", "Calcul de prix ($)"):
        assert label in content
    assert "Broderie" in content  # wished by Inès, held by nobody
    assert "Meilleur niveau du collectif" in content
    assert "Tricot" not in content  # a passion is not shown for a collective


def test_same_graph_gives_identical_bytes(tmp_path):
    G = tiny_graph()
    first = draw_skills_svg(G, tmp_path / "a.svg", member="m-1").read_bytes()
    second = draw_skills_svg(G, tmp_path / "b.svg", member="m-1").read_bytes()
    assert first == second
    assert b"<dc:date>" not in first
    shown = draw_skills_svg(G, tmp_path / "c.svg", collective="kpa-roubaix").read_bytes()
    again = draw_skills_svg(G, tmp_path / "d.svg", collective="kpa-roubaix").read_bytes()
    assert shown == again


def test_a_member_without_skills_still_gets_a_picture(tmp_path):
    content = texts(draw_skills_svg(tiny_graph(), tmp_path / "sam.svg", member="m-3"))
    assert "Aucune compétence à montrer" in content


def test_exactly_one_subject(tmp_path):
    G = tiny_graph()
    with pytest.raises(ValueError, match="un seul"):
        draw_skills_svg(G, tmp_path / "x.svg")
    with pytest.raises(ValueError, match="un seul"):
        draw_skills_svg(G, tmp_path / "x.svg", member="m-1", collective="kpa-roubaix")
    with pytest.raises(nx.NodeNotFound):
        draw_skills_svg(G, tmp_path / "x.svg", member="m-404")


def test_drawing_does_not_mutate_the_graph(tmp_path):
    G = tiny_graph()
    before = G.copy()
    draw_skills_svg(G, tmp_path / "m.svg", member="m-1")
    draw_skills_svg(G, tmp_path / "c.svg", collective="kpa-roubaix")
    assert nx.utils.graphs_equal(G, before)
