"""Expert ranking on the skills graph and ``matcher eval experts`` (synthetic data only)."""

from __future__ import annotations

import doctest
import gzip
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import matcher.graph.experts as experts_graph
from matcher.evaluation.experts import (
    experts_command,
    holdout_split,
    load_questions,
    split_questions,
)
from matcher.graph.experts import (
    AnswerRecord,
    RankParams,
    build_expert_graph,
    expert_scores,
    popularity_scores,
    rank_by_tag_overlap,
    rank_experts,
    tag_overlap_scores,
    to_networkx,
    top_k,
)

# Skills only, raw counts, no idf: scores are plain sums that can be checked by hand.
PLAIN = RankParams(k1=0, idf_power=0, related=0, score_weight=0, activity=0, recency=0)

# 3 tags, 4 experts. Counts (expert: tag=answers):
#   e1: a=2 b=1   e2: a=1 b=1   e3: c=2   e4: b=1 c=1
# Co-occurrence (per question): a–b once (q1), b–c once (q4).
RECORDS = [
    AnswerRecord("q1", ("a", "b"), "e1", 10, time=1),
    AnswerRecord("q1", ("a", "b"), "e2", 5, time=2),
    AnswerRecord("q2", ("a",), "e1", 3, time=3),
    AnswerRecord("q3", ("c",), "e3", 4, time=4),
    AnswerRecord("q4", ("b", "c"), "e4", 1, time=5),
    AnswerRecord("q5", ("c",), "e3", 2, time=6),
]


@pytest.fixture
def graph():
    return build_expert_graph(RECORDS)


def _ids(ranking):
    return [e for e, _ in ranking]


def _snapshot(G):
    return {
        name: getattr(G, name).toarray().copy() for name in ("counts", "scores", "cooccurrence")
    } | {name: getattr(G, name).copy() for name in ("answers", "answer_times", "answer_experts")}


def test_graph_counts_and_cooccurrence(graph):
    assert graph.experts == ("e1", "e2", "e3", "e4")
    assert graph.tags == ("a", "b", "c")
    assert graph.counts.toarray().tolist() == [[2, 1, 0], [1, 1, 0], [0, 0, 2], [0, 1, 1]]
    assert graph.cooccurrence.toarray().tolist() == [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    assert graph.answers.tolist() == [2, 1, 2, 1]
    assert graph.scores[0, 0] == pytest.approx(math.log1p(10) + math.log1p(3))


def test_tag_overlap_counts_tags_and_breaks_ties_by_id(graph):
    # [a, b]: e1 = 2, e2 = 2 (tie: smaller id first), e4 = 1, e3 = 0.
    assert rank_by_tag_overlap(graph, ["a", "b"], k=4) == [
        ("e1", 2),
        ("e2", 2),
        ("e4", 1),
        ("e3", 0),
    ]
    assert _ids(rank_by_tag_overlap(graph, ["c"], k=2)) == ["e3", "e4"]
    assert tag_overlap_scores(graph, [["unknown"]]).tolist() == [[0, 0, 0, 0]]


def test_model_sums_tag_strengths(graph):
    # [a, b]: e1 = 2 + 1 = 3, e2 = 2, e4 = 1, e3 = 0; normalised by the best (3).
    ranking = rank_experts(graph, ["a", "b"], k=4, params=PLAIN)
    assert _ids(ranking) == ["e1", "e2", "e4", "e3"]
    assert [s for _, s in ranking] == pytest.approx([1, 2 / 3, 1 / 3, 0])
    # Counts, not mere presence: e3 answered c twice, e4 once.
    assert _ids(rank_experts(graph, ["c"], k=2, params=PLAIN)) == ["e3", "e4"]


def test_related_tags_count_through_cooccurrence(graph):
    # [a] expanded one step: a + 0.5 · P(b|a)=1 → b weighs 0.5.
    # e1 = 2 + 0.5, e2 = 1 + 0.5, e4 = 0.5, e3 = 0.
    scores = expert_scores(graph, [["a"]], RankParams(**{**vars(PLAIN), "related": 0.5}))
    assert scores[0] == pytest.approx([1.0, 1.5 / 2.5, 0.0, 0.5 / 2.5])
    assert expert_scores(graph, [["a"]], PLAIN)[0, 3] == 0  # e4 unreachable without it


def test_idf_favours_rare_tags(graph):
    # idf(t) = log((4 + 1) / (holders + 1)) + 1: c (2 holders) weighs more than b (3).
    params = RankParams(**{**vars(PLAIN), "idf_power": 1.0})
    idf = {t: math.log(5 / (n + 1)) + 1 for t, n in {"a": 2, "b": 3, "c": 2}.items()}
    scores = expert_scores(graph, [["b", "c"]], params)[0]
    raw = np.array([idf["b"], idf["b"], 2 * idf["c"], idf["b"] + idf["c"]])
    assert scores == pytest.approx(raw / raw.max())


def test_activity_prior_ranks_by_answer_count_when_no_tag_matches(graph):
    params = RankParams(**{**vars(PLAIN), "activity": 1.0})
    # e1 and e3 have 2 answers (tie: e1 first), e2 and e4 have 1.
    assert _ids(rank_experts(graph, ["zzz"], k=4, params=params)) == ["e1", "e3", "e2", "e4"]
    assert popularity_scores(graph, 2).shape == (2, 4)


def test_recency_only_looks_at_answers_before_the_question(graph):
    params = RankParams(**{**vars(PLAIN), "recency": 1.0, "window": 1})
    # Last answer strictly before time 5 is e3's (time 4); at time 6 it is e4's (time 5).
    assert rank_experts(graph, ["zzz"], k=1, params=params, time=5)[0] == ("e3", 1.0)
    assert rank_experts(graph, ["zzz"], k=1, params=params, time=6)[0] == ("e4", 1.0)
    # Before any answer, or without a time, recency adds nothing.
    assert expert_scores(graph, [["zzz"]], params, times=[0]).tolist() == [[0, 0, 0, 0]]
    assert expert_scores(graph, [["zzz"]], params, times=[None]).tolist() == [[0, 0, 0, 0]]
    assert expert_scores(graph, [["zzz"]], params).tolist() == [[0, 0, 0, 0]]


def test_functions_never_mutate_the_graph(graph):
    before = _snapshot(graph)
    for params in (RankParams(), PLAIN, RankParams(k1=1.2, score_weight=0.5, related=0.5)):
        expert_scores(graph, [["a", "b"], ["c"], []], params, times=[3, 7, None])
        rank_experts(graph, ["a"], k=2, params=params, time=4)
    rank_by_tag_overlap(graph, ["a", "c"], k=3)
    tag_overlap_scores(graph, [["b"]])
    popularity_scores(graph, 3)
    to_networkx(graph)
    after = _snapshot(graph)
    assert before.keys() == after.keys()
    for name, value in before.items():
        np.testing.assert_array_equal(value, after[name], err_msg=name)
    with pytest.raises(ValueError):
        graph.counts.data[0] = 99.0  # read-only buffers: an accidental write fails loudly


def test_top_k_is_stable_on_ties():
    assert top_k(np.array([[0.0, 2.0, 2.0, 1.0], [1.0, 1.0, 1.0, 1.0]]), 3).tolist() == [
        [1, 2, 3],
        [0, 1, 2],
    ]
    assert top_k(np.zeros((1, 2)), 5).shape == (1, 2)


def test_to_networkx_is_the_same_bipartite_graph(graph):
    nxg = to_networkx(graph)
    assert nxg.number_of_nodes() == 7
    assert nxg.edges[("expert", "e1"), ("tag", "a")]["count"] == 2
    assert nxg.edges[("tag", "a"), ("tag", "b")]["cooccurrence"] == 1
    assert not nxg.has_edge(("expert", "e3"), ("tag", "a"))


def test_docstring_examples_hold():
    assert doctest.testmod(experts_graph).failed == 0


def test_empty_graph_ranks_nobody():
    G = build_expert_graph([])
    assert rank_experts(G, ["a"], k=3) == []
    assert rank_by_tag_overlap(G, ["a"], k=3) == []


# ------------------------------------------------------------------------------- split


def test_split_is_reproducible_and_disjoint():
    ids = np.arange(1000, 1200)
    kept, out = split_questions(ids, 0.1, seed=0)
    kept2, out2 = split_questions(ids[::-1], 0.1, seed=0)
    np.testing.assert_array_equal(out, out2)
    np.testing.assert_array_equal(kept, kept2)
    assert len(out) == 20 and not set(kept) & set(out)
    assert set(kept) | set(out) == set(ids)
    assert not np.array_equal(out, split_questions(ids, 0.1, seed=1)[1])


def test_split_keeps_one_question_each_side_when_tiny():
    assert [len(x) for x in split_questions([5, 6], 0.1, 0)] == [1, 1]
    assert [len(x) for x in split_questions([5], 0.1, 0)] == [1, 0]


def test_holdout_split_is_per_site_and_moves_answers_with_questions():
    questions = pd.DataFrame(
        {
            "site": ["x"] * 30 + ["y"] * 10,
            "question_id": list(range(30)) + list(range(10)),  # ids repeat across sites
            "tags": [("t",)] * 40,
        }
    )
    answers = questions[["site", "question_id"]].assign(
        answer_id=range(100, 140), answerer_id=1, score=1.0
    )
    train_q, train_a, test_q, test_a = holdout_split(questions, answers, 0.1, seed=3)
    assert test_q.groupby("site").size().to_dict() == {"x": 3, "y": 1}
    train_keys = set(zip(train_a["site"], train_a["question_id"], strict=True))
    test_keys = set(zip(test_q["site"], test_q["question_id"], strict=True))
    assert set(zip(test_a["site"], test_a["question_id"], strict=True)) == test_keys
    assert not train_keys & test_keys
    assert len(train_q) + len(test_q) == 40


# -------------------------------------------------------------------------- end to end

SITES = ("alpha", "beta")


def _synthetic(tmp_path: Path) -> dict[str, Path]:
    """Two small sites where each expert favours one tag; written as the real schema."""
    rng = np.random.default_rng(7)
    q_rows: list[dict] = []
    a_rows: list[dict] = []
    post = 1
    for site in SITES:
        tags = [f"{site}-t{i}" for i in range(6)]
        favourite = {expert: tags[expert % 6] for expert in range(1, 19)}
        for _ in range(80):
            qtags = list(rng.choice(tags, size=rng.integers(1, 4), replace=False))
            qid, post = post, post + 1
            q_rows.append({"site": site, "question_id": qid, "tags": "|".join(qtags)})
            fans = [e for e, t in favourite.items() if t in qtags] or list(favourite)
            for expert in rng.choice(fans, size=min(2, len(fans)), replace=False):
                a_rows.append(
                    {
                        "site": site,
                        "question_id": qid,
                        "answer_id": post,
                        "answerer_id": int(expert),
                        "score": int(rng.integers(1, 20)),
                    }
                )
                post += 1
    questions, answers = pd.DataFrame(q_rows), pd.DataFrame(a_rows)
    paths = {"questions": tmp_path / "questions.csv.gz", "answers": tmp_path / "answers.csv.gz"}
    with gzip.open(paths["questions"], "wt") as fh:
        questions.to_csv(fh, index=False)
    with gzip.open(paths["answers"], "wt") as fh:
        answers.to_csv(fh, index=False)
    # An explicit test split: the last 10 questions of each site, as plain CSV.
    test_ids = questions.groupby("site").tail(10)["question_id"]
    in_test_q = questions["question_id"].isin(test_ids)
    in_test_a = answers["question_id"].isin(test_ids)
    for name, frame in {
        "train_q": questions[~in_test_q],
        "train_a": answers[~in_test_a],
        "test_q": questions[in_test_q],
        "test_a": answers[in_test_a],
    }.items():
        paths[name] = tmp_path / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    return paths


def _run(args: list[str]):
    result = CliRunner().invoke(experts_command, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


SITE_KEYS = {
    "train_questions",
    "train_answers",
    "experts",
    "tags",
    "test_questions",
    "answerable_questions",
    "answerable_share",
    "params",
    "params_no_recency",
    "all",
    "answerable",
    "ratio_recall@10",
    "ratio_recall@10_answerable",
}
METRIC_KEYS = {"recall@5", "recall@10", "ndcg@10"}
METHOD_KEYS = {"model", "model_no_recency", "tag_overlap", "popularity"}


def _check_report(report: dict) -> None:
    assert set(report) == {
        "split",
        "seed",
        "gain",
        "target_ratio_recall@10",
        "target_met",
        "methods",
        "sites",
        "skipped_sites",
        "runtime_seconds",
    }
    assert report["gain"] == "answer score"
    assert set(report["sites"]) == set(SITES)
    for site in report["sites"].values():
        assert set(site) == SITE_KEYS
        for subset in ("all", "answerable"):
            assert set(site[subset]) == METHOD_KEYS
            for metrics in site[subset].values():
                assert set(metrics) == METRIC_KEYS
                assert all(0.0 <= v <= 1.0 for v in metrics.values())
        assert 0.0 <= site["answerable_share"] <= 1.0
        assert set(site["params"]) == set(vars(RankParams()))


def test_cli_holdout_json_is_reproducible(tmp_path):
    paths = _synthetic(tmp_path)
    args = [
        "--train-questions",
        str(paths["questions"]),
        "--train-answers",
        str(paths["answers"]),
        "--seed",
        "4",
        "--json",
    ]
    first = json.loads(_run(args).stdout)
    second = json.loads(_run(args).stdout)
    _check_report(first)
    assert first["seed"] == 4 and "held out" in first["split"]
    assert {s: v["test_questions"] for s, v in first["sites"].items()} == {"alpha": 8, "beta": 8}
    first.pop("runtime_seconds")
    second.pop("runtime_seconds")
    assert first == second


def test_cli_with_test_files_and_table(tmp_path):
    paths = _synthetic(tmp_path)
    args = [
        "--train-questions",
        str(paths["train_q"]),
        "--train-answers",
        str(paths["train_a"]),
        "--test-questions",
        str(paths["test_q"]),
        "--test-answers",
        str(paths["test_a"]),
    ]
    report = json.loads(_run([*args, "--json"]).stdout)
    _check_report(report)
    assert report["split"] == "test files"
    assert {s: v["test_questions"] for s, v in report["sites"].items()} == {"alpha": 10, "beta": 10}
    table = _run(args).stdout
    assert "| alpha | tag overlap (baseline) |" in table
    assert "recall@10 model / tag overlap" in table


def test_cli_refuses_test_questions_present_in_train(tmp_path):
    paths = _synthetic(tmp_path)
    result = CliRunner().invoke(
        experts_command,
        [
            "--train-questions",
            str(paths["questions"]),
            "--train-answers",
            str(paths["answers"]),
            "--test-questions",
            str(paths["test_q"]),
            "--test-answers",
            str(paths["test_a"]),
        ],
    )
    assert result.exit_code != 0
    assert "disjoints" in result.output


def test_cli_needs_both_test_files(tmp_path):
    paths = _synthetic(tmp_path)
    result = CliRunner().invoke(
        experts_command,
        [
            "--train-questions",
            str(paths["questions"]),
            "--train-answers",
            str(paths["answers"]),
            "--test-questions",
            str(paths["test_q"]),
        ],
    )
    assert result.exit_code == 2


def test_tags_named_like_missing_values_are_kept(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("site,question_id,tags\ndba,1,null|nan\ndba,2,\n", encoding="utf-8")
    frame = load_questions(path)
    assert frame["tags"].tolist() == [("null", "nan"), ()]
