"""Ranking metrics on tiny lists whose values are computed by hand."""

from __future__ import annotations

import math

import pytest

from matcher.evaluation.metrics import dcg_at_k, hits_at_k, mrr, ndcg_at_k, recall_at_k

RANKED = ["a", "b", "c", "d"]


def test_recall_is_capped_by_k_by_default_and_plain_on_request():
    relevant = {"b", "d", "x"}  # "x" is never ranked: it still counts
    assert hits_at_k(RANKED, relevant, 2) == 1
    assert recall_at_k(RANKED, relevant, 2) == pytest.approx(1 / 2)  # 1 / min(2, 3)
    assert recall_at_k(RANKED, relevant, 2, capped=False) == pytest.approx(1 / 3)
    assert recall_at_k(RANKED, relevant, 4) == pytest.approx(2 / 3)
    assert recall_at_k(RANKED, relevant, 10, capped=False) == pytest.approx(2 / 3)


def test_recall_of_a_perfect_top_k_is_one_even_with_more_relevant_items_than_k():
    assert recall_at_k(RANKED, set(RANKED) | {"e", "f"}, 3) == 1.0


def test_duplicates_in_the_ranking_count_once():
    assert hits_at_k(["a", "a", "b"], {"a"}, 3) == 1


def test_recall_without_relevant_items_or_with_bad_k_is_refused():
    with pytest.raises(ValueError):
        recall_at_k(RANKED, set(), 5)
    with pytest.raises(ValueError):
        recall_at_k(RANKED, {"a"}, 0)


def test_mrr_is_the_reciprocal_rank_of_the_first_hit():
    assert mrr(RANKED, {"c", "d"}) == pytest.approx(1 / 3)
    assert mrr(RANKED, {"a"}) == 1.0
    assert mrr(RANKED, {"z"}) == 0.0


def test_mrr_reads_a_lazy_ranking_only_up_to_the_first_hit():
    def endless():
        position = 0
        while True:
            position += 1
            yield position

    assert mrr(endless(), {7}) == pytest.approx(1 / 7)


def test_ndcg_binary_gains_by_hand():
    gains = {"b": 1.0, "c": 1.0}
    dcg = 1 / math.log2(3) + 1 / math.log2(4)  # hits at positions 2 and 3
    ideal = 1 + 1 / math.log2(3)
    assert dcg_at_k(RANKED, gains, 3) == pytest.approx(dcg)
    assert ndcg_at_k(RANKED, gains, 3) == pytest.approx(dcg / ideal)  # 0.6934
    assert ndcg_at_k(["b", "c"], gains, 2) == pytest.approx(1.0)


def test_ndcg_graded_gains_and_unranked_items():
    gains = {"a": 1.0, "b": 3.0, "z": 2.0}  # "z" unranked: counted in the ideal only
    dcg = 1.0 + 3.0 / math.log2(3)
    ideal = 3.0 + 2.0 / math.log2(3)
    assert ndcg_at_k(RANKED, gains, 2) == pytest.approx(dcg / ideal)


def test_ndcg_without_positive_gain_is_refused():
    with pytest.raises(ValueError):
        ndcg_at_k(RANKED, {"a": 0.0}, 3)
