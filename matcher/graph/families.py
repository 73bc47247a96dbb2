"""Skill families for browsing, and the members who bridge them.

A *family* is a community of the skill–skill part of the skills graph (Louvain on the
``relatedness`` weights): skills more related to each other than to the rest, such as
pastry with baking and cake decorating. Families help people browse ~350 skills and tell
coordinators whom to ask when two worlds meet.

A *bridge member* holds skills at level 3 or more (« Je fais seul·e et je m'adapte ») in
several families: someone who could carry know-how from one family to another, e.g. a
seamstress who also edits videos can film a sewing tutorial. Their score adds, for every
family they reach, their best level there divided by 4, so two families at level 4 score
2.0 and three families at level 3 score 2.25. This is cheaper and easier to explain than
betweenness on the member–skill graph, and it rewards the same people: those whose held
skills sit in different communities.

Every function reads the graph and never mutates it.

Tiny example (two clusters, a–b and c–d)::

    >>> from matcher.domain import Skill
    >>> from matcher.graph.skills import build_skills_graph
    >>> G = build_skills_graph(
    ...     taxonomy=[Skill(s, s.upper()) for s in "abcd"],
    ...     relations=[("a", "b", "rome_metier", 0.8), ("c", "d", "rome_metier", 0.8)],
    ... )
    >>> [sorted(f) for f in skill_families(G)]
    [['a', 'b'], ['c', 'd']]
"""

from __future__ import annotations

from collections.abc import Sequence, Set

import networkx as nx

from matcher.graph.skills import MEMBER, SKILL, skill_node
from matcher.vocabulary import LEAD_LEVEL, MAX_LEVEL

__all__ = [
    "bridge_members",
    "family_centre",
    "family_label",
    "skill_families",
    "skill_subgraph",
]


def skill_subgraph(G: nx.Graph) -> nx.Graph:
    """A new graph of skill ids and their ``relatedness`` edges (``G`` is left untouched).

    Nodes and edges are inserted in sorted order so that community detection with a seed
    gives the same answer on every run.
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(n[1] for n, kind in G.nodes(data="kind") if kind == SKILL))
    edges = sorted(
        (min(u[1], v[1]), max(u[1], v[1]), w)
        for u, v, w in G.edges(data="relatedness")
        if G.edges[u, v].get("kind") == "related"
    )
    H.add_weighted_edges_from(edges, weight="relatedness")
    return H


def skill_families(G: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> list[set[str]]:
    """Families of skill ids (Louvain communities on relatedness), biggest first.

    Every skill belongs to exactly one family (an isolated skill is a family of one). Ties
    in size are ordered by the id of the family's centre (:func:`family_centre`). The same
    ``seed`` always gives the same families.
    """
    H = skill_subgraph(G)
    if H.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(
        H, weight="relatedness", resolution=resolution, seed=seed
    )
    families = [set(f) for f in found]
    return sorted(families, key=lambda f: (-len(f), family_centre(G, f)))


def family_centre(G: nx.Graph, family: Set[str]) -> str:
    """The most central skill of a family: the largest sum of relatedness inside it.

    Ties go to the smallest id.

    >>> from matcher.domain import Skill
    >>> from matcher.graph.skills import build_skills_graph
    >>> G = build_skills_graph(
    ...     taxonomy=[Skill(s, s.upper()) for s in "abc"],
    ...     relations=[("a", "b", "rome_metier", 0.5), ("b", "c", "rome_metier", 0.5)],
    ... )
    >>> family_centre(G, {"a", "b", "c"})
    'b'
    """

    def strength(skill: str) -> float:
        node = skill_node(skill)
        return sum(
            data["relatedness"]
            for _, other, data in G.edges(node, data=True)
            if data.get("kind") == "related" and other[1] in family
        )

    return min(sorted(family), key=lambda s: -strength(s))


def family_label(G: nx.Graph, family: Set[str]) -> str:
    """The French label of the family's centre, to name the family in the UI."""
    centre = family_centre(G, family)
    return str(G.nodes[skill_node(centre)].get("label") or centre)


def bridge_members(
    G: nx.Graph,
    *,
    k: int = 10,
    min_level: int = LEAD_LEVEL,
    families: Sequence[Set[str]] | None = None,
    seed: int = 0,
) -> list[tuple[str, float, tuple[str, ...]]]:
    """Active members holding skills at ``min_level``+ in at least two families.

    Returns ``(member id, score, family labels)`` for the ``k`` best, highest score first
    (ties by member id). The score sums, over the families reached, the member's best level
    there divided by 4 (see the module docstring); labels are ordered by that best level,
    then alphabetically. ``families`` defaults to :func:`skill_families` with ``seed``.
    """
    if families is None:
        families = skill_families(G, seed=seed)
    family_of = {skill: i for i, family in enumerate(families) for skill in family}
    labels = [family_label(G, family) for family in families]
    found: list[tuple[str, float, tuple[str, ...]]] = []
    for node, data in sorted(G.nodes(data=True)):
        if data.get("kind") != MEMBER or not data.get("active", True):
            continue
        best: dict[int, int] = {}
        for _, other, edge in G.edges(node, data=True):
            if edge.get("kind") != "member_skill" or not edge.get("has"):
                continue
            level = edge["level"]
            if level >= min_level and other[1] in family_of:
                index = family_of[other[1]]
                best[index] = max(best.get(index, level), level)
        if len(best) >= 2:
            score = round(sum(best.values()) / MAX_LEVEL, 6)
            reached = sorted(best, key=lambda i: (-best[i], labels[i]))
            found.append((node[1], score, tuple(labels[i] for i in reached)))
    return sorted(found, key=lambda row: (-row[1], row[0]))[:k]
