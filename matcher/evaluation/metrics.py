"""Ranking metrics over one ranked list, shared by every offline evaluation.

Each function scores *one* query (an occupation, a question...): ``ranked`` is the recommended
items, best first, and ``relevant`` the items that should have been found. Averaging over
queries is left to the caller, so that each evaluation can group queries its own way (cold vs
non-cold occupations, splits...). Items are compared by equality and hashing only, so any
hashable id works (ESCO URIs, integer indices, user ids). A relevant item that the ranker could
not place at all (unknown to it) simply never appears in ``ranked``: it still counts in the
denominators, which is what makes the numbers honest.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")


def hits_at_k(ranked: Sequence[Hashable], relevant: Collection[Hashable], k: int) -> int:
    """Number of relevant items among the first ``k`` of ``ranked`` (duplicates count once)."""
    _check_k(k)
    return len(set(ranked[:k]) & set(relevant))


def recall_at_k(
    ranked: Sequence[Hashable], relevant: Collection[Hashable], k: int, *, capped: bool = True
) -> float:
    """Share of the relevant items found in the top ``k``.

    ``capped=True`` (default) divides by ``min(k, |relevant|)``, so that a perfect ranker scores
    1.0 even when a query has more relevant items than ``k`` slots (an occupation with 40 hidden
    skills cannot get more than 20 of them in a top 20). ``capped=False`` is the plain recall
    ``hits / |relevant|``. A query without relevant items has no defined recall: ValueError.
    """
    if not relevant:
        raise ValueError("recall is undefined without relevant items")
    denominator = min(k, len(relevant)) if capped else len(relevant)
    return hits_at_k(ranked, relevant, k) / denominator


def mrr(ranked: Iterable[Hashable], relevant: Collection[Hashable]) -> float:
    """Reciprocal rank ``1 / rank`` of the first relevant item (ranks start at 1), 0.0 if none.

    This is the per-query term of the mean reciprocal rank; the caller averages it. ``ranked``
    may be a long iterable (a full ranking): it is read only up to the first hit.
    """
    wanted = set(relevant)
    for position, item in enumerate(ranked, start=1):
        if item in wanted:
            return 1.0 / position
    return 0.0


def dcg_at_k(ranked: Sequence[Hashable], gains: Mapping[Hashable, float], k: int) -> float:
    """Discounted cumulative gain: ``sum(gain(item) / log2(position + 1))`` over the top ``k``.

    An item repeated in ``ranked`` earns its gain only at its first position.
    """
    _check_k(k)
    seen: set[Hashable] = set()
    total = 0.0
    for position, item in enumerate(ranked[:k], start=1):
        if item in seen:
            continue
        seen.add(item)
        total += gains.get(item, 0.0) / math.log2(position + 1)
    return total


def ndcg_at_k(ranked: Sequence[Hashable], gains: Mapping[Hashable, float], k: int) -> float:
    """DCG@k divided by the DCG@k of the ideal ranking (items sorted by gain), in [0, 1].

    ``gains`` maps each relevant item to its gain (1.0 for binary relevance); missing items gain
    0. The ideal uses *all* positive gains, including items absent from ``ranked``, so a ranker
    that cannot place an item is penalised. No positive gain: ValueError (undefined).
    """
    _check_k(k)
    ideal_gains = sorted((g for g in gains.values() if g > 0), reverse=True)[:k]
    if not ideal_gains:
        raise ValueError("nDCG is undefined without a positive gain")
    ideal = sum(g / math.log2(position + 1) for position, g in enumerate(ideal_gains, start=1))
    return dcg_at_k(ranked, gains, k) / ideal
