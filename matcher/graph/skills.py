"""The skills graph: which skills go together, and who holds, wants or loves which.

One undirected :class:`networkx.Graph` joins two kinds of nodes, named by tuples so a skill
id can never be mistaken for a member id:

* ``("skill", skill_id)`` — attributes ``kind="skill"``, ``label`` (French label),
  ``domain`` (domain id, ``""`` for an ESCO long-tail skill) and ``curated`` (bool);
* ``("member", member_id)`` — attributes ``kind="member"``, ``collective``, ``label``
  (pseudonymous display name) and ``active`` (has not left).

Edges carry a ``kind``:

* ``"related"`` (skill–skill): ``relatedness`` in [0, 1], the noisy-OR of the per-source
  weights, each kept as its own attribute named after its source (:data:`SOURCES`):
  ``hierarchy`` (curated taxonomy: parent–child 0.6, siblings 0.4), the four packaged
  sources of ``matcher/data/skill_relations.csv`` (``esco_hierarchy``, ``esco_related``,
  ``esco_occupation``, ``rome_metier``; see ``scripts/build_skill_relations.py``) and
  ``cooccurrence`` (NPMI of skills in member profiles and requests, clipped to [0, 1] and
  shrunk for small counts);
* ``"member_skill"`` (member–skill): ``has`` (bool) with ``level`` and ``evidence`` (``None``
  unless held), ``wants`` (bool) with ``priority``, and ``loves`` (bool) — one edge per
  pair, so a member can hold a skill at level 1 and still want to learn it;
* ``"worked_with"`` (member–member): ``weight`` = ``missions`` + ``pairs`` done together.

Noisy-OR, ``1 − Π(1 − w_source)``, treats each source as independent evidence: the result
never leaves [0, 1], only grows when a source agrees, and is symmetric because every source
is. Each source weight is first capped at :data:`MAX_SOURCE_WEIGHT` so that only a skill
with itself is related at 1.0.

Every function here reads the graph and never mutates it. Nothing is read from disk except
the packaged taxonomy and relations (through :mod:`importlib.resources`).

Tiny example::

    >>> from matcher.domain import Skill
    >>> G = build_skills_graph(
    ...     taxonomy=[Skill("couture", "Couture"), Skill("broderie", "Broderie", parent="couture")],
    ...     relations=[("broderie", "couture", "esco_occupation", 0.5)],
    ... )
    >>> round(relatedness(G, "couture", "broderie"), 4)  # 1 - (1 - 0.6) * (1 - 0.5)
    0.8
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import NamedTuple

import networkx as nx

from matcher.domain import Dataset, Skill
from matcher.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "MAX_SOURCE_WEIGHT",
    "MEMBER",
    "PACKAGED_SOURCES",
    "SKILL",
    "SOURCES",
    "SkillRelation",
    "build_skills_graph",
    "cooccurrence",
    "effective_level",
    "load_skill_relations",
    "member_levels",
    "member_node",
    "member_nodes",
    "noisy_or",
    "related_skills",
    "relatedness",
    "skill_node",
    "skill_nodes",
]

SKILL, MEMBER = "skill", "member"
#: Sources precomputed into ``matcher/data/skill_relations.csv``.
PACKAGED_SOURCES = ("esco_hierarchy", "esco_related", "esco_occupation", "rome_metier")
#: Every source of skill–skill evidence, in the order they are documented.
SOURCES = ("hierarchy", *PACKAGED_SOURCES, "cooccurrence")
#: No single source may say that two distinct skills are the same skill.
MAX_SOURCE_WEIGHT = 0.9
#: Pair statuses and mission statuses that count as having worked together.
_PAIR_TOGETHER = frozenset({"active", "closed"})
_MISSION_CANCELLED = "cancelled"


class SkillRelation(NamedTuple):
    """Evidence from one source that two skills are related (``weight`` in [0, 1])."""

    skill_a: str
    skill_b: str
    source: str
    weight: float


def skill_node(skill_id: str) -> tuple[str, str]:
    """The node of a skill: ``("skill", skill_id)``."""
    return (SKILL, skill_id)


def member_node(member_id: str) -> tuple[str, str]:
    """The node of a member: ``("member", member_id)``."""
    return (MEMBER, member_id)


def skill_nodes(G: nx.Graph) -> list[str]:
    """Skill ids of the graph, sorted."""
    return sorted(n[1] for n, kind in G.nodes(data="kind") if kind == SKILL)


def member_nodes(G: nx.Graph) -> list[str]:
    """Member ids of the graph, sorted."""
    return sorted(n[1] for n, kind in G.nodes(data="kind") if kind == MEMBER)


def noisy_or(weights: Iterable[float]) -> float:
    """``1 − Π(1 − w)``: the chance at least one independent piece of evidence holds.

    >>> noisy_or([0.6, 0.5])
    0.8
    >>> noisy_or([])
    0.0
    """
    keep = 1.0
    for weight in weights:
        keep *= 1.0 - min(max(weight, 0.0), 1.0)
    return round(1.0 - keep, 12)


@cache
def load_skill_relations() -> tuple[SkillRelation, ...]:
    """The packaged relations (``matcher/data/skill_relations.csv``), read once."""
    data = resources.files("matcher").joinpath("data", "skill_relations.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(data, newline=""))
    return tuple(
        SkillRelation(r["skill_a"], r["skill_b"], r["source"], float(r["weight"])) for r in rows
    )


# --------------------------------------------------------------------------- building


def build_skills_graph(
    dataset: Dataset | None = None,
    *,
    taxonomy: Taxonomy | Iterable[Skill] | None = None,
    relations: Iterable[SkillRelation | tuple[str, str, str, float]] | None = None,
    loves: Mapping[str, Iterable[str]] | None = None,
    parent_weight: float = 0.6,
    sibling_weight: float = 0.4,
    min_support: int = 2,
    shrink: float = 2.0,
) -> nx.Graph:
    """Build the skills graph (see the module docstring for nodes and attributes).

    ``taxonomy`` defaults to the packaged curated skills, ``relations`` to the packaged
    relations (pairs naming a skill outside the graph are ignored). ``dataset`` adds member
    nodes, their skills, wishes and collaborations, plus the co-occurrence source; skills it
    uses that the taxonomy lacks (``esco:`` ids) become nodes too. ``loves`` maps a member
    id to skill ids recognised in their passions (by the extractor, later; skills the graph
    lacks are ignored); passions text is never parsed here. A relation whose source is not
    one of :data:`SOURCES` raises :class:`ValueError`, since sources become edge attributes.
    ``min_support`` and ``shrink`` tune co-occurrence (see :func:`cooccurrence`).

    >>> from matcher.domain import Skill
    >>> G = build_skills_graph(taxonomy=[Skill("a", "A"), Skill("b", "B")], relations=[])
    >>> sorted(G.nodes), G.number_of_edges()
    ([('skill', 'a'), ('skill', 'b')], 0)
    """
    skills = _curated(taxonomy)
    G = nx.Graph()
    for skill in skills:
        G.add_node(
            skill_node(skill.id),
            kind=SKILL,
            label=skill.label_fr,
            domain=skill.domain,
            curated=True,
        )
    if dataset is not None:
        _add_dataset_skills(G, dataset, taxonomy)
    evidence: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    _hierarchy(evidence, skills, parent_weight, sibling_weight)
    packaged = load_skill_relations() if relations is None else relations
    for a, b, source, weight in packaged:
        if source not in SOURCES:
            raise ValueError(f"Source de relation inconnue : {source!r}")
        _record(evidence, a, b, source, float(weight))
    if dataset is not None:
        for (a, b), weight in cooccurrence(dataset, min_support=min_support, shrink=shrink).items():
            _record(evidence, a, b, "cooccurrence", weight)
    for (a, b), by_source in sorted(evidence.items()):
        if G.has_node(skill_node(a)) and G.has_node(skill_node(b)):
            capped = {s: min(w, MAX_SOURCE_WEIGHT) for s, w in sorted(by_source.items())}
            G.add_edge(
                skill_node(a),
                skill_node(b),
                kind="related",
                relatedness=noisy_or(capped.values()),
                **capped,
            )
    if dataset is not None:
        _add_members(G, dataset, loves or {})
    return G


def _curated(taxonomy: Taxonomy | Iterable[Skill] | None) -> list[Skill]:
    if taxonomy is None:
        taxonomy = load_taxonomy()
    skills = taxonomy.curated() if isinstance(taxonomy, Taxonomy) else list(taxonomy)
    return sorted(skills, key=lambda s: s.id)


def _record(
    evidence: dict[tuple[str, str], dict[str, float]], a: str, b: str, source: str, weight: float
) -> None:
    """Keep the strongest weight per (unordered pair, source); a skill with itself is skipped."""
    if a == b or weight <= 0:
        return
    key = (a, b) if a < b else (b, a)
    evidence[key][source] = max(evidence[key].get(source, 0.0), min(weight, 1.0))


def _hierarchy(
    evidence: dict[tuple[str, str], dict[str, float]],
    skills: list[Skill],
    parent_weight: float,
    sibling_weight: float,
) -> None:
    ids = {s.id for s in skills}
    children: dict[str, list[str]] = defaultdict(list)
    for skill in skills:
        if skill.parent in ids:
            _record(evidence, skill.id, skill.parent, "hierarchy", parent_weight)
            children[skill.parent].append(skill.id)
    for siblings in children.values():
        for a, b in itertools.combinations(siblings, 2):
            _record(evidence, a, b, "hierarchy", sibling_weight)


def _add_dataset_skills(
    G: nx.Graph, dataset: Dataset, taxonomy: Taxonomy | Iterable[Skill] | None
) -> None:
    """Skills used by the dataset but absent from the curated list (e.g. ``esco:`` ids)."""
    used = {s.skill_id for s in dataset.member_skills}
    used |= {w.skill_id for w in dataset.learning_wishes}
    used |= {r.skill_id for r in dataset.required_skills}
    lookup = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy()
    for skill_id in sorted(used):
        if G.has_node(skill_node(skill_id)):
            continue
        label = lookup.label_fr(skill_id) if skill_id in lookup else skill_id
        G.add_node(skill_node(skill_id), kind=SKILL, label=label, domain="", curated=False)


def cooccurrence(
    dataset: Dataset, *, min_support: int = 2, shrink: float = 2.0
) -> dict[tuple[str, str], float]:
    """Shrunk NPMI of skill pairs over baskets (one per member profile, one per request).

    ``npmi = log(p(ab) / (p(a) p(b))) / −log p(ab)`` is 1 when two skills always come
    together and 0 when independent; negative values (skills that avoid each other) are
    clipped to 0. A cooperative has a few dozen profiles, so two skills seen together twice
    can reach NPMI 1: the weight is therefore ``npmi × n_ab / (n_ab + shrink)`` (``n_ab``
    baskets holding both), and pairs seen together in fewer than ``min_support`` baskets are
    dropped. The result is in [0, 1].

    >>> from matcher.domain import Dataset, MemberSkill
    >>> ds = Dataset(member_skills=[MemberSkill("m-1", "a", 2), MemberSkill("m-1", "b", 2),
    ...                             MemberSkill("m-2", "a", 2), MemberSkill("m-2", "b", 2),
    ...                             MemberSkill("m-3", "c", 2)])
    >>> cooccurrence(ds)  # npmi = log(3/2) / log(3/2) = 1, shrunk by 2 / (2 + 2)
    {('a', 'b'): 0.5}
    """
    baskets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for held in dataset.member_skills:
        baskets[("member", held.member_id)].add(held.skill_id)
    for need in dataset.required_skills:
        baskets[("request", need.request_id)].add(need.skill_id)
    n = len(baskets)
    single: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for items in baskets.values():
        single.update(items)
        joint.update(itertools.combinations(sorted(items), 2))
    out: dict[tuple[str, str], float] = {}
    for (a, b), n_ab in sorted(joint.items()):
        if n_ab < min_support:
            continue
        p_ab = n_ab / n
        if n_ab == n:
            npmi = 1.0
        else:
            npmi = math.log(p_ab / ((single[a] / n) * (single[b] / n))) / -math.log(p_ab)
        if npmi > 0:
            out[(a, b)] = round(min(npmi, 1.0) * n_ab / (n_ab + shrink), 12)
    return out


def _add_members(G: nx.Graph, dataset: Dataset, loves: Mapping[str, Iterable[str]]) -> None:
    members = sorted(dataset.members, key=lambda m: m.id)
    for member in members:
        G.add_node(
            member_node(member.id),
            kind=MEMBER,
            collective=member.collective_id,
            label=member.display_name,
            active=member.left_on is None,
        )
    for held in sorted(dataset.member_skills, key=lambda s: (s.member_id, s.skill_id, -s.level)):
        edge = _member_skill(G, held.member_id, held.skill_id)
        if edge is not None and (edge["level"] is None or held.level > edge["level"]):
            edge.update(has=True, level=held.level, evidence=held.evidence)
    for wish in sorted(dataset.learning_wishes, key=lambda w: (w.member_id, w.skill_id)):
        edge = _member_skill(G, wish.member_id, wish.skill_id)
        if edge is not None:
            edge.update(wants=True, priority=wish.priority)
    for member_id, skill_ids in sorted(loves.items()):
        for skill_id in sorted(set(skill_ids)):
            edge = _member_skill(G, member_id, skill_id)
            if edge is not None:
                edge["loves"] = True
    _add_collaborations(G, dataset)


def _member_skill(G: nx.Graph, member_id: str, skill_id: str) -> dict | None:
    """The member–skill edge's attribute dict, created empty if needed (None if unknown)."""
    u, v = member_node(member_id), skill_node(skill_id)
    if not (G.has_node(u) and G.has_node(v)):
        return None
    if not G.has_edge(u, v):
        G.add_edge(
            u,
            v,
            kind="member_skill",
            has=False,
            level=None,
            evidence=None,
            wants=False,
            priority=None,
            loves=False,
        )
    return G.edges[u, v]


def _add_collaborations(G: nx.Graph, dataset: Dataset) -> None:
    cancelled = {m.id for m in dataset.missions if m.status == _MISSION_CANCELLED}
    crews: dict[str, set[str]] = defaultdict(set)
    for row in dataset.mission_members:
        if row.mission_id not in cancelled:
            crews[row.mission_id].add(row.member_id)
    missions: Counter[tuple[str, str]] = Counter()
    for crew in crews.values():
        missions.update(itertools.combinations(sorted(crew), 2))
    pairs: Counter[tuple[str, str]] = Counter()
    for p in dataset.pairs:
        if p.status in _PAIR_TOGETHER and p.mentor_id != p.learner_id:
            pairs[tuple(sorted((p.mentor_id, p.learner_id)))] += 1
    for a, b in sorted(set(missions) | set(pairs)):
        u, v = member_node(a), member_node(b)
        if G.has_node(u) and G.has_node(v):
            G.add_edge(
                u,
                v,
                kind="worked_with",
                weight=missions[(a, b)] + pairs[(a, b)],
                missions=missions[(a, b)],
                pairs=pairs[(a, b)],
            )


# --------------------------------------------------------------------------- queries


def relatedness(G: nx.Graph, a: str, b: str) -> float:
    """How related two skills are, in [0, 1]: 1.0 for a skill with itself, 0 if unrelated.

    Symmetric, and 0 for skills the graph does not know (rather than an error), so a
    score can always be computed.

    >>> from matcher.domain import Skill
    >>> G = build_skills_graph(taxonomy=[Skill("a", "A"), Skill("b", "B")],
    ...                        relations=[("a", "b", "rome_metier", 0.3)])
    >>> relatedness(G, "a", "b") == relatedness(G, "b", "a") == 0.3
    True
    """
    if a == b:
        return 1.0
    data = G.get_edge_data(skill_node(a), skill_node(b))
    return float(data["relatedness"]) if data and data.get("kind") == "related" else 0.0


def related_skills(G: nx.Graph, skill: str, k: int = 10) -> list[tuple[str, float]]:
    """The ``k`` skills most related to ``skill``, strongest first (ties by id).

    Raises :class:`networkx.NodeNotFound` for a skill the graph does not know, so a typo
    is not mistaken for a skill with no neighbours.

    >>> from matcher.domain import Skill
    >>> G = build_skills_graph(taxonomy=[Skill("a", "A"), Skill("b", "B"), Skill("c", "C")],
    ...                        relations=[("a", "b", "rome_metier", 0.3),
    ...                                   ("a", "c", "rome_metier", 0.5)])
    >>> related_skills(G, "a")
    [('c', 0.5), ('b', 0.3)]
    """
    node = skill_node(skill)
    if not G.has_node(node):
        raise nx.NodeNotFound(f"Compétence absente du graphe : {skill!r}")
    found = [
        (other[1], float(data["relatedness"]))
        for _, other, data in G.edges(node, data=True)
        if data.get("kind") == "related"
    ]
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))[:k]


def member_levels(G: nx.Graph, member: str) -> dict[str, int]:
    """Declared levels of a member, by skill id (skills only wanted or loved are absent)."""
    node = member_node(member)
    if not G.has_node(node):
        raise nx.NodeNotFound(f"Membre absent du graphe : {member!r}")
    return {
        other[1]: data["level"]
        for _, other, data in G.edges(node, data=True)
        if data.get("kind") == "member_skill" and data.get("has")
    }


def effective_level(
    G: nx.Graph,
    member: str,
    skill: str,
    *,
    discount: float = 0.75,
    min_relatedness: float = 0.3,
) -> float:
    """A member's level on ``skill`` counting what related skills they hold, in [0, 4].

    ``max(declared level, max over held skills s of level(s) × relatedness(skill, s) ×
    discount)``, where only skills with ``relatedness ≥ min_relatedness`` count and a
    skill not declared counts as level 0. The discount keeps a neighbouring skill below
    the same level declared on the skill itself: level 4 in couture, relatedness 0.8 with
    broderie, gives 4 × 0.8 × 0.75 = 2.4 in broderie.

    It ranks candidates and suggests mentors; it never says a request is covered, which
    only declared levels do.

    >>> from matcher.domain import Dataset, Member, MemberSkill, Skill
    >>> ds = Dataset(members=[Member("m-1", "kpa", "Inès")],
    ...              member_skills=[MemberSkill("m-1", "couture", 4)])
    >>> G = build_skills_graph(
    ...     ds,
    ...     taxonomy=[Skill("couture", "Couture"), Skill("broderie", "Broderie", parent="couture")],
    ...     relations=[("broderie", "couture", "esco_occupation", 0.5)],
    ... )
    >>> effective_level(G, "m-1", "broderie")  # 4 × (1 − 0.4 × 0.5) × 0.75
    2.4
    """
    levels = member_levels(G, member)
    best = float(levels.get(skill, 0))
    for other, level in levels.items():
        if other == skill:
            continue
        related = relatedness(G, skill, other)
        if related >= min_relatedness:
            best = max(best, level * related * discount)
    return round(best, 12)
