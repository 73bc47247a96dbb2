"""The skills graph: relatedness by noisy-OR, effective levels, families and bridges.

Tiny graphs whose answers are computed by hand in the comments; one sanity test on the demo;
and the packaged relations are checked against a fresh build when ``../shared`` is there.
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
import subprocess
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest
from factories import make_dataset, make_member, make_required_skill, make_skill

from matcher.domain import LearningWish, Mission, MissionMember, PeerLearningPair, Skill
from matcher.graph.families import bridge_members, family_centre, family_label, skill_families
from matcher.graph.skills import (
    MAX_SOURCE_WEIGHT,
    PACKAGED_SOURCES,
    SOURCES,
    build_skills_graph,
    cooccurrence,
    effective_level,
    member_levels,
    member_node,
    member_nodes,
    noisy_or,
    related_skills,
    relatedness,
    skill_node,
    skill_nodes,
)
from matcher.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SCRIPT = REPO / "scripts" / "build_skill_relations.py"

# couture is the parent of broderie and tricot (parent 0.6, siblings 0.4); cuisine and
# patisserie are only linked by ROME (0.4).
TAXONOMY = [
    Skill("couture", "Couture", domain="couture"),
    Skill("broderie", "Broderie", domain="couture", parent="couture"),
    Skill("tricot", "Tricot", domain="couture", parent="couture"),
    Skill("cuisine", "Cuisine", domain="cuisine"),
    Skill("patisserie", "Pâtisserie", domain="cuisine"),
]
RELATIONS = [
    ("broderie", "couture", "esco_occupation", 0.5),
    ("cuisine", "patisserie", "rome_metier", 0.4),
    ("couture", "inconnue", "rome_metier", 0.7),  # unknown skill: ignored
]


def tiny_graph(dataset=None, **kwargs) -> nx.Graph:
    return build_skills_graph(dataset, taxonomy=TAXONOMY, relations=RELATIONS, **kwargs)


def tiny_dataset():
    """m-1: couture 4, tricot 1, wants broderie; m-2: broderie 3; m-3 left: nothing held."""
    return make_dataset(
        members=[
            make_member(id="m-1", display_name="Inès"),
            make_member(id="m-2", display_name="Yanis"),
            make_member(id="m-3", display_name="Sam", left_on=date(2026, 10, 1)),
        ],
        member_skills=[
            make_skill(member_id="m-1", skill_id="couture", level=4, evidence="coordinator"),
            make_skill(member_id="m-1", skill_id="tricot", level=1),
            make_skill(member_id="m-2", skill_id="broderie", level=3),
        ],
        learning_wishes=[LearningWish("m-1", "broderie", priority=2)],
        missions=[
            Mission("mi-1", "r-1", status="done"),
            Mission("mi-2", "r-2", status="cancelled"),
        ],
        mission_members=[
            MissionMember("mi-1", "m-1", "referent"),
            MissionMember("mi-1", "m-2", "membre"),
            MissionMember("mi-2", "m-1", "referent"),
            MissionMember("mi-2", "m-2", "membre"),
        ],
        pairs=[
            PeerLearningPair("pa-1", "m-1", "m-2", "couture", status="closed"),
            PeerLearningPair("pa-2", "m-1", "m-3", "couture", status="awaiting_approval"),
        ],
    )


# --------------------------------------------------------------------------- relatedness


def test_noisy_or_combines_independent_evidence():
    assert noisy_or([0.6, 0.5]) == pytest.approx(0.8)
    assert noisy_or([0.6, 0.5, 0.5]) == pytest.approx(0.9)
    assert noisy_or([]) == 0.0
    assert noisy_or([1.5, -1]) == 1.0  # clipped into [0, 1]


def test_relatedness_is_the_noisy_or_of_hierarchy_and_packaged_sources():
    G = tiny_graph()
    assert relatedness(G, "couture", "broderie") == pytest.approx(1 - 0.4 * 0.5)  # 0.8
    assert relatedness(G, "couture", "tricot") == pytest.approx(0.6)  # parent only
    assert relatedness(G, "broderie", "tricot") == pytest.approx(0.4)  # siblings
    assert relatedness(G, "cuisine", "patisserie") == pytest.approx(0.4)
    assert relatedness(G, "couture", "cuisine") == 0.0
    assert relatedness(G, "couture", "couture") == 1.0
    assert relatedness(G, "couture", "inconnue") == 0.0
    assert not G.has_node(skill_node("inconnue"))


def test_each_source_weight_is_kept_on_the_edge():
    data = tiny_graph().edges[skill_node("broderie"), skill_node("couture")]
    assert data["kind"] == "related"
    assert data["hierarchy"] == 0.6
    assert data["esco_occupation"] == 0.5
    assert "rome_metier" not in data
    assert set(data) <= {"kind", "relatedness", *SOURCES}


def test_relatedness_is_symmetric_and_in_range():
    G = tiny_graph(tiny_dataset())
    for a, b in itertools.product(skill_nodes(G), repeat=2):
        value = relatedness(G, a, b)
        assert 0.0 <= value <= 1.0
        assert value == relatedness(G, b, a)


def test_one_source_never_makes_two_skills_identical():
    G = build_skills_graph(
        taxonomy=[Skill("a", "A"), Skill("b", "B")], relations=[("a", "b", "rome_metier", 1.0)]
    )
    assert relatedness(G, "a", "b") == MAX_SOURCE_WEIGHT


def test_unknown_relation_sources_are_refused():
    with pytest.raises(ValueError, match="inconnue"):
        build_skills_graph(taxonomy=TAXONOMY, relations=[("couture", "tricot", "kind", 0.5)])


def test_related_skills_strongest_first():
    G = tiny_graph()
    assert related_skills(G, "couture") == [
        ("broderie", pytest.approx(0.8)),
        ("tricot", pytest.approx(0.6)),
    ]
    assert related_skills(G, "couture", k=1) == [("broderie", pytest.approx(0.8))]
    assert related_skills(G, "patisserie") == [("cuisine", pytest.approx(0.4))]
    with pytest.raises(nx.NodeNotFound):
        related_skills(G, "inconnue")


# --------------------------------------------------------------------------- co-occurrence


def test_cooccurrence_is_shrunk_npmi_with_minimum_support():
    # Baskets: m-1 {couture, broderie}, m-2 {couture, broderie}, m-3 {cuisine},
    # r-1 {cuisine, patisserie}: n = 4.
    dataset = make_dataset(
        member_skills=[
            make_skill(member_id="m-1", skill_id="couture"),
            make_skill(member_id="m-1", skill_id="broderie"),
            make_skill(member_id="m-2", skill_id="couture"),
            make_skill(member_id="m-2", skill_id="broderie"),
            make_skill(member_id="m-3", skill_id="cuisine"),
        ],
        required_skills=[
            make_required_skill(skill_id="cuisine"),
            make_required_skill(skill_id="patisserie"),
        ],
    )
    # couture–broderie: p(ab) = 1/2 = p(a) = p(b) -> npmi = log 2 / log 2 = 1, × 2 / (2 + 2).
    assert cooccurrence(dataset) == {("broderie", "couture"): pytest.approx(0.5)}
    # cuisine–patisserie: p(ab) = 1/4, p(a) = 1/2, p(b) = 1/4 -> npmi = log 2 / log 4 = 1/2,
    # seen once: × 1 / (1 + 2) = 1/6.
    loose = cooccurrence(dataset, min_support=1)
    assert loose[("cuisine", "patisserie")] == pytest.approx(1 / 6)
    G = tiny_graph(dataset)
    # hierarchy 0.6, esco_occupation 0.5, cooccurrence 0.5 -> 1 − 0.4 × 0.5 × 0.5 = 0.9
    assert relatedness(G, "couture", "broderie") == pytest.approx(0.9)
    assert G.edges[skill_node("couture"), skill_node("broderie")]["cooccurrence"] == 0.5


# --------------------------------------------------------------------------- members


def test_members_hold_want_and_love_skills():
    G = tiny_graph(tiny_dataset(), loves={"m-2": ["tricot", "inconnue"]})
    assert member_nodes(G) == ["m-1", "m-2", "m-3"]
    assert G.nodes[member_node("m-1")] == {
        "kind": "member",
        "collective": "kpa-roubaix",
        "label": "Inès",
        "active": True,
    }
    assert G.nodes[member_node("m-3")]["active"] is False
    held = G.edges[member_node("m-1"), skill_node("couture")]
    assert (held["has"], held["level"], held["evidence"]) == (True, 4, "coordinator")
    wish = G.edges[member_node("m-1"), skill_node("broderie")]
    assert (wish["has"], wish["level"], wish["wants"], wish["priority"]) == (False, None, True, 2)
    assert G.edges[member_node("m-2"), skill_node("tricot")]["loves"] is True
    assert member_levels(G, "m-1") == {"couture": 4, "tricot": 1}


def test_worked_with_counts_missions_and_pairs_but_not_cancelled_or_pending():
    G = tiny_graph(tiny_dataset())
    edge = G.edges[member_node("m-1"), member_node("m-2")]
    assert (edge["kind"], edge["weight"], edge["missions"], edge["pairs"]) == (
        "worked_with",
        2,  # mission mi-1 (mi-2 was cancelled) + closed pair pa-1
        1,
        1,
    )
    assert not G.has_edge(member_node("m-1"), member_node("m-3"))  # pair awaiting approval


def test_skills_unknown_to_the_curated_list_become_nodes():
    esco_id = load_taxonomy().esco_skills()[0].id
    dataset = make_dataset(
        members=[make_member()], member_skills=[make_skill(skill_id=esco_id, level=2)]
    )
    G = tiny_graph(dataset)
    node = G.nodes[skill_node(esco_id)]
    assert node["curated"] is False
    assert node["label"] == load_taxonomy().label_fr(esco_id)


# --------------------------------------------------------------------------- effective level


def test_effective_level_counts_related_skills_discounted():
    G = tiny_graph(tiny_dataset())
    # broderie: not declared; couture 4 × 0.8 × 0.75 = 2.4 beats tricot 1 × 0.4 × 0.75 = 0.3
    assert effective_level(G, "m-1", "broderie") == pytest.approx(2.4)
    # tricot: declared 1 < couture 4 × 0.6 × 0.75 = 1.8
    assert effective_level(G, "m-1", "tricot") == pytest.approx(1.8)
    assert effective_level(G, "m-1", "couture") == 4.0  # declared wins
    assert effective_level(G, "m-2", "broderie") == 3.0
    # couture for m-2: 3 × 0.8 × 0.75 = 1.8
    assert effective_level(G, "m-2", "couture") == pytest.approx(1.8)
    assert effective_level(G, "m-1", "cuisine") == 0.0  # nothing related held


def test_effective_level_parameters():
    G = tiny_graph(tiny_dataset())
    assert effective_level(G, "m-1", "broderie", discount=0.5) == pytest.approx(1.6)
    assert effective_level(G, "m-1", "broderie", min_relatedness=0.85) == 0.0
    # tricot via couture needs relatedness 0.6 >= 0.5: 4 × 0.6 × 0.75 = 1.8
    assert effective_level(G, "m-1", "tricot", min_relatedness=0.5) == pytest.approx(1.8)
    with pytest.raises(nx.NodeNotFound):
        effective_level(G, "m-404", "couture")


# --------------------------------------------------------------------------- families


def two_clusters_relations() -> list[tuple[str, str, str, float]]:
    """a–b–c (a–b 0.8, b–c 0.8, a–c 0.5) and d–e (0.8), joined by a weak c–d (0.1)."""
    return [
        ("a", "b", "rome_metier", 0.8),
        ("b", "c", "rome_metier", 0.8),
        ("a", "c", "rome_metier", 0.5),
        ("d", "e", "rome_metier", 0.8),
        ("c", "d", "rome_metier", 0.1),
    ]


def two_clusters(dataset=None) -> nx.Graph:
    return build_skills_graph(
        dataset,
        taxonomy=[Skill(s, f"Savoir {s.upper()}") for s in "abcde"],
        relations=two_clusters_relations(),
    )


def test_families_split_two_clusters_deterministically():
    G = two_clusters()
    for seed in range(4):
        assert skill_families(G, seed=seed) == [{"a", "b", "c"}, {"d", "e"}]


def test_family_centre_is_the_strongest_member():
    G = two_clusters()
    # inside {a, b, c}: b = 0.8 + 0.8 = 1.6, a = c = 0.8 + 0.5 = 1.3
    assert family_centre(G, {"a", "b", "c"}) == "b"
    assert family_label(G, {"a", "b", "c"}) == "Savoir B"
    assert family_centre(G, {"d", "e"}) == "d"  # tie: smallest id


def test_isolated_skills_form_their_own_family():
    G = build_skills_graph(taxonomy=[Skill("a", "A"), Skill("b", "B")], relations=[])
    assert skill_families(G) == [{"a"}, {"b"}]


def test_bridge_members_hold_level_three_in_several_families():
    dataset = make_dataset(
        members=[
            make_member(id="m-1", display_name="Inès"),
            make_member(id="m-2", display_name="Yanis"),
            make_member(id="m-3", display_name="Sam"),
            make_member(id="m-4", display_name="Lina", left_on=date(2026, 10, 1)),
            make_member(id="m-5", display_name="Noé"),
        ],
        member_skills=[
            make_skill(member_id="m-1", skill_id="a", level=4),
            make_skill(member_id="m-1", skill_id="d", level=3),
            make_skill(member_id="m-2", skill_id="a", level=4),  # one family only
            make_skill(member_id="m-2", skill_id="b", level=3),
            make_skill(member_id="m-3", skill_id="a", level=2),  # levels too low
            make_skill(member_id="m-3", skill_id="d", level=2),
            make_skill(member_id="m-4", skill_id="a", level=4),  # has left
            make_skill(member_id="m-4", skill_id="e", level=4),
            make_skill(member_id="m-5", skill_id="c", level=3),
            make_skill(member_id="m-5", skill_id="e", level=4),
        ],
    )
    G = two_clusters(dataset)
    families = [{"a", "b", "c"}, {"d", "e"}]
    # m-5: (3 + 4) / 4 = 1.75, family of e first (level 4); m-1: (4 + 3) / 4 = 1.75
    expected = [
        ("m-1", 1.75, ("Savoir B", "Savoir D")),
        ("m-5", 1.75, ("Savoir D", "Savoir B")),
    ]
    assert bridge_members(G, families=families) == expected
    assert bridge_members(G) == expected  # default families are the same two
    assert bridge_members(G, k=1) == expected[:1]
    assert bridge_members(G, min_level=4) == []


# --------------------------------------------------------------------------- purity


def test_no_function_mutates_the_graph():
    G = tiny_graph(tiny_dataset(), loves={"m-2": ["tricot"]})
    before = G.copy()
    related_skills(G, "couture")
    relatedness(G, "couture", "broderie")
    member_levels(G, "m-1")
    effective_level(G, "m-1", "broderie")
    families = skill_families(G)
    family_label(G, families[0])
    bridge_members(G, min_level=1)
    assert nx.utils.graphs_equal(G, before)
    assert all(G.edges[e] == before.edges[e] for e in G.edges)


def test_graph_modules_touch_no_storage_and_no_pyplot():
    code = (
        "import sys\n"
        "import matcher.graph.skills, matcher.graph.families, matcher.graph.gaps\n"
        "import matcher.graph.picture\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'sqlalchemy', 'flask'}\n"
        "             or m.startswith('matcher.storage') or m == 'matplotlib.pyplot')\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --------------------------------------------------------------------------- packaged data


def test_packaged_relations_are_well_formed():
    text = resources.files("matcher").joinpath("data", "skill_relations.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    curated = {s.id for s in load_taxonomy().curated()}
    keys = [(r["skill_a"], r["skill_b"], r["source"]) for r in rows]
    assert rows and keys == sorted(keys) and len(set(keys)) == len(keys)
    for row in rows:
        assert row["skill_a"] < row["skill_b"]
        assert {row["skill_a"], row["skill_b"]} <= curated
        assert row["source"] in PACKAGED_SOURCES
        assert 0.0 < float(row["weight"]) <= MAX_SOURCE_WEIGHT
    assert {r["source"] for r in rows} == set(PACKAGED_SOURCES)
    notice = resources.files("matcher").joinpath("data", "skill_relations.PROVENANCE.md")
    notice_text = notice.read_text("utf-8")
    assert "This service uses the ESCO classification of the European Commission." in notice_text
    assert "Source : France Travail, ROME v4.60" in notice_text
    assert "Licence Ouverte" in notice_text


@pytest.fixture(scope="module")
def script():
    """The build script as a module, so its ``main`` runs in-process (no second interpreter)."""
    spec = importlib.util.spec_from_file_location("build_skill_relations", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def test_packaged_relations_are_up_to_date(script, capsys):
    if not (SHARED / "data" / "esco").is_dir():
        pytest.skip(f"données de référence absentes : {SHARED / 'data'}")
    assert script.main(["--shared", str(SHARED), "--check"]) == 0, capsys.readouterr().out


def test_check_fails_on_stale_files(script, tmp_path, monkeypatch, capsys):
    fresh = {"skill_relations.csv": b"skill_a,skill_b,source,weight\na,b,rome_metier,0.5\n"}
    monkeypatch.setattr(script, "build", lambda shared: fresh)
    (tmp_path / "skill_relations.csv").write_text("skill_a,skill_b,source,weight\n")
    assert script.main(["--check", "--out", str(tmp_path)]) == 1
    assert "skill_relations.csv" in capsys.readouterr().out
    (tmp_path / "skill_relations.csv").write_bytes(fresh["skill_relations.csv"])
    assert script.main(["--check", "--out", str(tmp_path)]) == 0


# --------------------------------------------------------------------------- demo


def test_graph_on_the_demo_is_sane():
    from matcher.demo import generate_demo

    dataset = generate_demo(seed=1, today=date(2026, 11, 28))
    G = build_skills_graph(dataset)
    skills = set(skill_nodes(G))
    assert {s.id for s in load_taxonomy().curated()} <= skills
    assert set(member_nodes(G)) == {m.id for m in dataset.members}
    kinds = {kind for _, _, kind in G.edges(data="kind")}
    assert kinds == {"related", "member_skill", "worked_with"}
    seen_sources = set()
    for u, v, data in G.edges(data=True):
        if data["kind"] == "related":
            assert 0.0 < data["relatedness"] < 1.0
            assert relatedness(G, u[1], v[1]) == relatedness(G, v[1], u[1])
            seen_sources |= set(data) & set(SOURCES)
    assert seen_sources == set(SOURCES)
    families = skill_families(G)
    assert sorted(s for f in families for s in f) == sorted(skills)  # a partition
    assert len(families) > 5
    assert all(0 <= effective_level(G, m, "cuisine") <= 4 for m in member_nodes(G))
