"""Expert ranking on a skills graph: who should answer a task that needs these tags?

The graph is bipartite, experts on one side and tags (skills) on the other; an edge
expert–tag says how often (and how well) the expert answered questions carrying the tag.
Tags are linked to each other by how often they appear on the same question, which lets a
task asking for ``sms`` also reach people who know ``notifications``.

Everything here is pure: plain records in, immutable sparse structures out, no file
access. Functions never mutate their inputs (the matrices of an :class:`ExpertTagGraph`
are read only), so one graph can be shared by many rankers and tests.

Tiny example::

    >>> G = build_expert_graph([
    ...     AnswerRecord("q1", ("sql", "index"), "ana", 5),
    ...     AnswerRecord("q2", ("sql",), "bob", 3),
    ...     AnswerRecord("q3", ("backup",), "bob", 2),
    ... ])
    >>> [e for e, _ in rank_by_tag_overlap(G, ["sql", "index"], k=2)]
    ['ana', 'bob']
    >>> [e for e, _ in rank_experts(G, ["backup"], k=1)]
    ['bob']
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
import scipy.sparse as sp

__all__ = [
    "AnswerRecord",
    "ExpertTagGraph",
    "RankParams",
    "build_expert_graph",
    "expert_scores",
    "popularity_scores",
    "rank_by_tag_overlap",
    "rank_experts",
    "tag_overlap_scores",
    "to_networkx",
    "top_k",
]


class AnswerRecord(NamedTuple):
    """One answer: who answered which question, carrying which tags, how well, and when.

    ``time`` is any increasing stamp (Stack Exchange post ids are allocated in creation
    order, so an answer id will do); without it the recency term of the model is zero.
    """

    question: Hashable
    tags: Sequence[str]
    answerer: Hashable
    score: float = 1.0
    time: float | None = None


@dataclass(frozen=True)
class RankParams:
    """Weights of the expert score; tuned on a validation split, never on test data.

    score(e | q) = skill / max + activity * log(1 + answers) / max + recency * recent / max

    * ``skill`` sums, over the question's tags *expanded one step* through tag
      co-occurrence (``related``), a BM25-saturated expert–tag strength (``k1``; 0 = raw
      count) times an inverse-expert-frequency ``idf`` raised to ``idf_power``. The
      strength counts answers, each weighted ``1 + score_weight * log(1 + score)``.
    * ``activity`` is a prior: people who answer a lot answer again.
    * ``recency`` counts the expert's answers among the last ``window`` answers *before*
      the question's time (causal: the future is never looked at).
    """

    k1: float = 5.0
    idf_power: float = 1.0
    related: float = 0.2
    score_weight: float = 0.0
    activity: float = 0.1
    recency: float = 1.0
    window: int = 300


@dataclass(frozen=True, eq=False)
class ExpertTagGraph:
    """Expert–tag bipartite graph as read-only sparse matrices (rows: experts, cols: tags).

    Experts and tags are sorted, so index order is a deterministic tie-break (smallest
    expert id first).
    """

    experts: tuple[Hashable, ...]
    tags: tuple[str, ...]
    counts: sp.csr_matrix  # answers of expert e on questions tagged t
    scores: sp.csr_matrix  # sum of log(1 + score) of those answers
    cooccurrence: sp.csr_matrix  # questions carrying both tags (diagonal zero)
    answers: np.ndarray  # answers per expert
    answer_times: np.ndarray  # times of answers that have one, sorted
    answer_experts: np.ndarray  # expert index of each entry of answer_times
    expert_index: dict[Hashable, int] = field(repr=False)
    tag_index: dict[str, int] = field(repr=False)

    @property
    def n_experts(self) -> int:
        return len(self.experts)

    @property
    def n_tags(self) -> int:
        return len(self.tags)


def _frozen(matrix: sp.spmatrix) -> sp.csr_matrix:
    out = sp.csr_matrix(matrix, dtype=np.float64)
    out.sum_duplicates()
    for arr in (out.data, out.indices, out.indptr):
        arr.flags.writeable = False
    return out


def _readonly(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


def build_expert_graph(records: Iterable[AnswerRecord | tuple[Any, ...]]) -> ExpertTagGraph:
    """Build the expert–tag graph from answer records (train answers only, by the caller).

    Records are ``(question, tags, answerer, score[, time])``; tags of a question are
    taken from its first record. Tag co-occurrence counts each distinct question once.

    >>> G = build_expert_graph([("q1", ("a", "b"), 7, 2), ("q2", ("b",), 9, 1)])
    >>> G.experts, G.tags, G.counts.toarray().tolist()
    ((7, 9), ('a', 'b'), [[1.0, 1.0], [0.0, 1.0]])
    """
    recs = [AnswerRecord(*r) for r in records]
    question_tags: dict[Hashable, tuple[str, ...]] = {}
    for r in recs:
        question_tags.setdefault(r.question, tuple(dict.fromkeys(r.tags)))
    experts = tuple(sorted({r.answerer for r in recs}))
    tags = tuple(sorted({t for ts in question_tags.values() for t in ts}))
    e_idx = {e: i for i, e in enumerate(experts)}
    t_idx = {t: i for i, t in enumerate(tags)}

    rows: list[int] = []
    cols: list[int] = []
    quality: list[float] = []
    for r in recs:
        ts = question_tags[r.question]
        rows.extend([e_idx[r.answerer]] * len(ts))
        cols.extend(t_idx[t] for t in ts)
        quality.extend([float(np.log1p(max(float(r.score), 0.0)))] * len(ts))
    shape = (len(experts), len(tags))
    counts = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    scores = sp.coo_matrix((np.asarray(quality), (rows, cols)), shape=shape)

    q_rows = [i for i, ts in enumerate(question_tags.values()) for _ in ts]
    q_cols = [t_idx[t] for ts in question_tags.values() for t in ts]
    qt = sp.csr_matrix(
        (np.ones(len(q_rows)), (q_rows, q_cols)), shape=(len(question_tags), len(tags))
    )
    co = (qt.T @ qt).tolil()
    co.setdiag(0)

    answers = np.bincount([e_idx[r.answerer] for r in recs], minlength=len(experts))
    timed = [(float(r.time), e_idx[r.answerer]) for r in recs if r.time is not None]
    timed.sort()
    times = np.array([t for t, _ in timed], dtype=np.float64)
    who = np.array([e for _, e in timed], dtype=np.int64)
    return ExpertTagGraph(
        experts=experts,
        tags=tags,
        counts=_frozen(counts),
        scores=_frozen(scores),
        cooccurrence=_frozen(co),
        answers=_readonly(answers.astype(np.float64)),
        answer_times=_readonly(times),
        answer_experts=_readonly(who),
        expert_index=e_idx,
        tag_index=t_idx,
    )


def _query_matrix(G: ExpertTagGraph, queries: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """One row per query, 1 on each known tag (unknown tags cannot match anyone)."""
    rows: list[int] = []
    cols: list[int] = []
    for i, tags in enumerate(queries):
        known = {G.tag_index[t] for t in tags if t in G.tag_index}
        rows.extend([i] * len(known))
        cols.extend(sorted(known))
    return sp.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(queries), G.n_tags), dtype=np.float64
    )


def _row_max_normalised(x: np.ndarray) -> np.ndarray:
    """Scale each row to max 1 so that weights of different terms are comparable."""
    peak = x.max(axis=1, keepdims=True) if x.shape[1] else np.zeros((x.shape[0], 1))
    return x / np.where(peak > 0, peak, 1.0)


def skill_matrix(G: ExpertTagGraph, params: RankParams) -> sp.csr_matrix:
    """Expert × tag weights: BM25-saturated strength × idf**idf_power (a new matrix)."""
    strength = G.counts + params.score_weight * G.scores
    w = strength.copy()
    if params.k1 > 0:
        w.data = w.data * (params.k1 + 1) / (w.data + params.k1)
    holders = np.diff(G.counts.tocsc().indptr)  # experts per tag
    idf = np.log((G.n_experts + 1) / (holders + 1)) + 1.0
    return sp.csr_matrix(w @ sp.diags(idf**params.idf_power))


def _expanded_queries(G: ExpertTagGraph, q: sp.csr_matrix, related: float) -> sp.csr_matrix:
    """q + related · q·P(t'|t): one step through co-occurrence, so related tags count."""
    if related <= 0 or G.n_tags == 0:
        return q
    co = G.cooccurrence
    row_sums = np.asarray(co.sum(axis=1)).ravel()
    transition = sp.diags(1.0 / np.where(row_sums > 0, row_sums, 1.0)) @ co
    return sp.csr_matrix(q + related * (q @ transition))


def _recent_counts(G: ExpertTagGraph, times: Sequence[float | None], window: int) -> sp.csr_matrix:
    """Queries × experts: answers among the ``window`` latest answers strictly before t."""
    n = len(times)
    if window <= 0 or G.answer_times.size == 0:
        return sp.csr_matrix((n, G.n_experts))
    # A query without a time sorts before every answer, so it sees none.
    t = np.array([-np.inf if x is None else float(x) for x in times], dtype=np.float64)
    hi = np.searchsorted(G.answer_times, t, side="left")
    lo = np.maximum(hi - window, 0)
    lengths = hi - lo
    rows = np.repeat(np.arange(n), lengths)
    starts = np.repeat(lo - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    positions = starts + np.arange(lengths.sum())
    cols = G.answer_experts[positions]
    return sp.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(n, G.n_experts), dtype=np.float64
    )


def expert_scores(
    G: ExpertTagGraph,
    queries: Sequence[Sequence[str]],
    params: RankParams = RankParams(),
    times: Sequence[float | None] | None = None,
) -> np.ndarray:
    """Dense (queries × experts) model scores, vectorised over all queries at once.

    ``times`` (one per query, or None) enable the recency term; higher is better.

    >>> G = build_expert_graph([("q1", ("a",), "x", 1), ("q2", ("b",), "y", 1)])
    >>> expert_scores(G, [["a"], ["b"]], RankParams(activity=0, recency=0)).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    q = _expanded_queries(G, _query_matrix(G, queries), params.related)
    total = _row_max_normalised(np.asarray((q @ skill_matrix(G, params).T).todense()))
    if params.activity and G.n_experts:
        prior = np.log1p(G.answers)
        total = total + params.activity * prior / max(prior.max(), 1e-12)
    if params.recency and times is not None:
        recent = np.asarray(_recent_counts(G, times, params.window).todense())
        total = total + params.recency * _row_max_normalised(np.log1p(recent))
    return total


def tag_overlap_scores(G: ExpertTagGraph, queries: Sequence[Sequence[str]]) -> np.ndarray:
    """Baseline: number of the query's tags the expert answered at least once.

    >>> G = build_expert_graph([("q1", ("a", "b"), "x", 1), ("q2", ("b",), "y", 1)])
    >>> tag_overlap_scores(G, [["a", "b"]]).tolist()
    [[2.0, 1.0]]
    """
    has = G.counts.copy()
    has.data = (has.data > 0).astype(np.float64)
    return np.asarray((_query_matrix(G, queries) @ has.T).todense())


def popularity_scores(G: ExpertTagGraph, n_queries: int) -> np.ndarray:
    """Reference: the same ranking for everyone, by number of answers."""
    return np.tile(G.answers, (n_queries, 1))


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best columns per row; ties go to the smaller index (stable).

    >>> top_k(np.array([[1.0, 3.0, 3.0, 0.0]]), 2).tolist()
    [[1, 2]]
    """
    k = min(k, scores.shape[1])
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def rank_experts(
    G: ExpertTagGraph,
    tags: Sequence[str],
    k: int = 10,
    params: RankParams = RankParams(),
    time: float | None = None,
) -> list[tuple[Hashable, float]]:
    """The k best experts for a task needing ``tags`` (asked at ``time``, if known)."""
    scores = expert_scores(G, [tags], params, None if time is None else [time])
    return [(G.experts[j], float(scores[0, j])) for j in top_k(scores, k)[0]]


def rank_by_tag_overlap(
    G: ExpertTagGraph, tags: Sequence[str], k: int = 10
) -> list[tuple[Hashable, int]]:
    """Baseline ranking: most of the task's tags first, then smallest expert id."""
    scores = tag_overlap_scores(G, [tags])
    return [(G.experts[j], int(scores[0, j])) for j in top_k(scores, k)[0]]


def to_networkx(G: ExpertTagGraph) -> nx.Graph:
    """The same graph as networkx (for drawing or graph algorithms); a new object.

    Nodes are ``("expert", id)`` and ``("tag", name)``; expert–tag edges carry ``count``
    and ``score``, tag–tag edges carry ``cooccurrence``.
    """
    out = nx.Graph()
    out.add_nodes_from((("expert", e) for e in G.experts), kind="expert")
    out.add_nodes_from((("tag", t) for t in G.tags), kind="tag")
    counts = G.counts.tocoo()
    scores = np.asarray(G.scores[counts.row, counts.col]).ravel()
    for i, j, c, s in zip(counts.row, counts.col, counts.data, scores, strict=True):
        out.add_edge(("expert", G.experts[i]), ("tag", G.tags[j]), count=float(c), score=float(s))
    co = sp.triu(G.cooccurrence).tocoo()
    for i, j, c in zip(co.row, co.col, co.data, strict=True):
        out.add_edge(("tag", G.tags[i]), ("tag", G.tags[j]), cooccurrence=float(c))
    return out
