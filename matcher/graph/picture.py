"""A picture of a member's or a collective's skills, as a reproducible SVG file.

Members and coordinators read it, so everything on it is in French: skill labels, title and
legend. Node colour and size show the level (for a collective: the best level of its
members, size by the number of holders); a grey node is a skill someone wishes to learn,
a red outline a passion; a line joins two related skills, thicker when more related.

The file is reproducible: the layout is seeded, matplotlib's ``svg.hashsalt`` is fixed and
no date is written, so the same graph gives the same bytes (handy in tests and diffs).
Text stays text (``svg.fonttype = "none"``), so labels can be searched and read by screen
readers. Only matplotlib's object API is used (a :class:`~matplotlib.figure.Figure` on the
non-interactive Agg canvas), never pyplot, so no global state or display is touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from matcher.graph.skills import MEMBER, member_node, skill_node
from matcher.vocabulary import LEVELS

__all__ = ["LEVEL_COLOURS", "draw_skills_svg"]

#: One colour per level 0…4, light to dark.
LEVEL_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
_WISH_COLOUR, _WISH_EDGE = "#eeeeee", "#888888"
_PASSION_EDGE, _PLAIN_EDGE = "#d62728", "#ffffff"
_SVG_RC = {"svg.hashsalt": "kpa-matcher", "svg.fonttype": "none"}


@dataclass(frozen=True)
class _Spot:
    """One skill on the picture: its level (``None`` if only wished), size and outline."""

    skill: str
    label: str
    level: int | None
    size: float
    passion: bool = False


def draw_skills_svg(
    G: nx.Graph,
    path: str | PathLike[str],
    *,
    member: str | None = None,
    collective: str | None = None,
    seed: int = 0,
    max_skills: int = 30,
    title: str | None = None,
) -> Path:
    """Draw one member's (``member``) or one collective's (``collective``) skills to ``path``.

    Give exactly one of the two. A member's picture shows the skills they hold, wish to
    learn or love; a collective's shows the skills its active members hold or wish to
    learn, the ``max_skills`` most held first. Returns the path written.

    >>> from matcher.domain import Dataset, Member, MemberSkill, Skill
    >>> from matcher.graph.skills import build_skills_graph
    >>> ds = Dataset(members=[Member("m-1", "kpa", "Inès")],
    ...              member_skills=[MemberSkill("m-1", "couture", 3)])
    >>> G = build_skills_graph(ds, taxonomy=[Skill("couture", "Couture")], relations=[])
    >>> import tempfile, os
    >>> out = draw_skills_svg(G, os.path.join(tempfile.mkdtemp(), "ines.svg"), member="m-1")
    >>> "Couture" in out.read_text()
    True
    """
    if (member is None) == (collective is None):
        raise ValueError("Indiquer soit un membre, soit un collectif (un seul des deux).")
    if member is not None:
        spots, heading = _member_spots(G, member), f"Compétences de {_member_label(G, member)}"
    else:
        spots = _collective_spots(G, str(collective), max_skills)
        heading = f"Compétences du collectif {collective}"
    fig = _figure(G, spots, title or heading, seed, collective is not None)
    out = Path(path)
    with matplotlib.rc_context(_SVG_RC):
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": "KPA Matcher"})
    return out


def _member_label(G: nx.Graph, member: str) -> str:
    node = member_node(member)
    if not G.has_node(node):
        raise nx.NodeNotFound(f"Membre absent du graphe : {member!r}")
    return str(G.nodes[node].get("label") or member)


def _skill_label(G: nx.Graph, skill: str) -> str:
    return str(G.nodes[skill_node(skill)].get("label") or skill)


def _member_spots(G: nx.Graph, member: str) -> list[_Spot]:
    spots = []
    for _, other, data in sorted(G.edges(member_node(member), data=True)):
        if data.get("kind") != "member_skill":
            continue
        level = data["level"] if data.get("has") else None
        size = 250 + 150 * level if level is not None else 250
        spots.append(_Spot(other[1], _skill_label(G, other[1]), level, size, data["loves"]))
    return spots


def _collective_spots(G: nx.Graph, collective: str, max_skills: int) -> list[_Spot]:
    holders: dict[str, list[int]] = {}
    wished: set[str] = set()
    for node, data in G.nodes(data=True):
        if data.get("kind") != MEMBER or data.get("collective") != collective:
            continue
        if not data.get("active", True):
            continue
        for _, other, edge in G.edges(node, data=True):
            if edge.get("kind") != "member_skill":
                continue
            if edge.get("has"):
                holders.setdefault(other[1], []).append(edge["level"])
            elif edge.get("wants"):
                wished.add(other[1])
    ranked = sorted(holders, key=lambda s: (-len(holders[s]), -max(holders[s]), s))
    spots = [
        _Spot(s, _skill_label(G, s), max(holders[s]), 250 + 120 * min(len(holders[s]), 8))
        for s in ranked[:max_skills]
    ]
    room = max_skills - len(spots)
    spots += [_Spot(s, _skill_label(G, s), None, 250) for s in sorted(wished - set(holders))][:room]
    return sorted(spots, key=lambda spot: spot.skill)


def _layout(G: nx.Graph, spots: list[_Spot], seed: int) -> tuple[dict, list]:
    """Seeded spring layout of the drawn skills, and their related pairs."""
    H = nx.Graph()
    H.add_nodes_from(spot.skill for spot in spots)
    for a in H.nodes:
        for b in H.nodes:
            data = G.get_edge_data(skill_node(a), skill_node(b))
            if a < b and data and data.get("kind") == "related":
                H.add_edge(a, b, relatedness=data["relatedness"])
    spread = 2.5 / len(H) ** 0.5 if len(H) > 1 else None
    pos = nx.spring_layout(H, weight="relatedness", k=spread, seed=seed) if len(H) > 1 else {}
    pos = {node: tuple(pos.get(node, (0.0, 0.0))) for node in H.nodes}
    return pos, sorted(H.edges(data="relatedness"))


def _figure(G: nx.Graph, spots: list[_Spot], title: str, seed: int, collective: bool) -> Figure:
    fig = Figure(figsize=(12, 8))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.02, 0.68, 0.88))
    ax.set_axis_off()
    fig.suptitle(title, fontsize=14, x=0.02, ha="left")
    if not spots:
        ax.text(0.5, 0.5, "Aucune compétence à montrer", ha="center", parse_math=False)
    else:
        pos, edges = _layout(G, spots, seed)
        if edges:
            lines = [(pos[a], pos[b]) for a, b, _ in edges]
            widths = [0.5 + 3 * w for _, _, w in edges]
            ax.add_collection(LineCollection(lines, linewidths=widths, colors="#bbbbbb"))
        ax.scatter(
            [pos[s.skill][0] for s in spots],
            [pos[s.skill][1] for s in spots],
            s=[s.size for s in spots],
            c=[LEVEL_COLOURS[s.level] if s.level is not None else _WISH_COLOUR for s in spots],
            edgecolors=[_edge_colour(s) for s in spots],
            linewidths=[2.5 if s.passion else 1.0 for s in spots],
            zorder=2,
        )
        for spot in spots:
            ax.annotate(
                spot.label,
                pos[spot.skill],
                xytext=(0, -14),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=8,
                parse_math=False,
                zorder=3,
            )
        ax.margins(0.15)
    _legend(fig, collective)
    return fig


def _edge_colour(spot: _Spot) -> str:
    if spot.passion:
        return _PASSION_EDGE
    return _WISH_EDGE if spot.level is None else _PLAIN_EDGE


def _legend(fig: Figure, collective: bool) -> None:
    def dot(colour: str, edge: str, text: str) -> Line2D:
        return Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=10,
            markerfacecolor=colour,
            markeredgecolor=edge,
            label=text,
        )

    handles = [
        dot(LEVEL_COLOURS[level], _WISH_EDGE, f"{level} — {LEVELS[level]}") for level in LEVELS
    ]
    handles.append(dot(_WISH_COLOUR, _WISH_EDGE, "Envie d'apprendre"))
    if not collective:
        handles.append(dot("#ffffff", _PASSION_EDGE, "Passion"))
    handles.append(Line2D([], [], color="#bbbbbb", linewidth=2, label="Compétences proches"))
    heading = "Meilleur niveau du collectif" if collective else "Niveau"
    note = "Taille : nombre de membres" if collective else "Taille : niveau"
    legend = fig.legend(
        handles=handles,
        title=f"{heading}\n({note})",
        loc="upper left",
        bbox_to_anchor=(0.71, 0.9),
        fontsize=9,
        title_fontsize=10,
        frameon=False,
        alignment="left",
    )
    for text in (*legend.get_texts(), legend.get_title()):
        text.set_parse_math(False)
