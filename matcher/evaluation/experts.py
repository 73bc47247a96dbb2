"""``matcher eval experts``: expert ranking checked against real Stack Exchange teams.

A Stack Exchange question is a task whose tags are the skills it needs; the people who
wrote its positively scored answers are the team that really did it. We build the skills
graph of :mod:`matcher.graph.experts` from *training* answers only, rank experts for each
test question, and compare with the tag-overlap baseline in the same run. Test answers are
used only as the gold standard, never to build or tune anything: weights are tuned on
validation folds carved from the training questions.

Files follow ``questions.csv.gz`` (site, question_id, tags pipe-separated) and
``answers.csv.gz`` (site, question_id, answer_id, answerer_id, score). Stack Exchange post
ids grow with creation time, so ``answer_id`` and ``question_id`` serve as timestamps for
the causal recency term (only answers written before a question are looked at).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd
from tqdm import tqdm

from matcher.evaluation.metrics import ndcg_at_k, recall_at_k
from matcher.graph.experts import (
    AnswerRecord,
    ExpertTagGraph,
    RankParams,
    build_expert_graph,
    expert_scores,
    popularity_scores,
    tag_overlap_scores,
    top_k,
)

__all__ = [
    "METHODS",
    "Gold",
    "evaluate",
    "experts_command",
    "format_table",
    "holdout_split",
    "load_answers",
    "load_questions",
    "split_questions",
    "tune_params",
]

QUESTION_COLUMNS = ("site", "question_id", "tags")
ANSWER_COLUMNS = ("site", "question_id", "answer_id", "answerer_id", "score")
HOLDOUT = 0.10  # share of questions held out per site without test files
VALIDATION_FOLDS = 3  # disjoint validation folds of HOLDOUT each, carved from train
CUTOFFS = (5, 10)
TARGET_RATIO = 1.5  # recall@10 model / tag overlap
GAIN = "answer score"  # nDCG gain of each real answerer; experts who did not answer get 0
CHUNK = 512  # queries scored at once (bounds the dense queries × experts matrix)

METHODS: dict[str, str] = {
    "model": "model",
    "model_no_recency": "model without recency",
    "tag_overlap": "tag overlap (baseline)",
    "popularity": "popularity (reference)",
}

# Candidate values for coordinate ascent, which starts from the RankParams defaults.
GRID: dict[str, tuple[float, ...]] = {
    "k1": (0.0, 1.2, 5.0),
    "idf_power": (0.0, 1.0, 2.0),
    "related": (0.0, 0.2, 0.5),
    "score_weight": (0.0, 0.5),
    "activity": (0.0, 0.1, 0.3, 1.0),
    "recency": (0.0, 0.3, 1.0, 3.0),
    "window": (100, 300, 1000),
}
ASCENT_ROUNDS = 2

Gold = dict[Any, float]  # answerer id -> gain (answer score)


# --------------------------------------------------------------------------- loading


def _read_csv(path: Path, columns: Sequence[str], kind: str) -> pd.DataFrame:
    # No NA parsing: "null" and "nan" are real Stack Exchange tags.
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise click.ClickException(
            f"{path.name} : colonnes manquantes pour des {kind} : {', '.join(missing)}."
        )
    return frame[list(columns)]


def load_questions(path: Path) -> pd.DataFrame:
    """Questions with ``tags`` as tuples; one row per (site, question_id)."""
    frame = _read_csv(path, QUESTION_COLUMNS, "questions")
    frame = frame.assign(
        question_id=_numbers(frame, "question_id", path, "int64"),
        tags=[tuple(t for t in s.split("|") if t) for s in frame["tags"]],
    )
    return frame.drop_duplicates(["site", "question_id"]).reset_index(drop=True)


def load_answers(path: Path) -> pd.DataFrame:
    """Answers with integer ids and numeric scores."""
    frame = _read_csv(path, ANSWER_COLUMNS, "réponses")
    frame = frame.assign(
        question_id=_numbers(frame, "question_id", path, "int64"),
        answer_id=_numbers(frame, "answer_id", path, "int64"),
        answerer_id=_numbers(frame, "answerer_id", path, "int64"),
        score=_numbers(frame, "score", path, "float64"),
    )
    return frame.reset_index(drop=True)


def _numbers(frame: pd.DataFrame, column: str, path: Path, dtype: str) -> pd.Series:
    try:
        return pd.to_numeric(frame[column]).astype(dtype)
    except (ValueError, TypeError) as exc:
        raise click.ClickException(
            f"{path.name} : colonne {column} non numérique ({exc})."
        ) from exc


# ----------------------------------------------------------------------------- split


def split_questions(
    question_ids: Sequence[int] | np.ndarray, fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """(kept, held-out) ids, sorted; the same ids and seed always give the same split."""
    ids = np.unique(np.asarray(question_ids, dtype=np.int64))
    # At least one question out and one kept, as soon as there are two.
    n_out = min(max(round(fraction * len(ids)), 1), len(ids) - 1) if len(ids) >= 2 else 0
    out = np.sort(np.random.default_rng(seed).choice(ids, size=n_out, replace=False))
    return np.setdiff1d(ids, out), out


def holdout_split(
    questions: pd.DataFrame, answers: pd.DataFrame, fraction: float, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Hold out ``fraction`` of each site's questions (and their answers) as test."""
    held: list[pd.DataFrame] = []
    for site, group in questions.groupby("site", sort=True):
        _, out = split_questions(group["question_id"].to_numpy(), fraction, seed)
        held.append(pd.DataFrame({"site": site, "question_id": out}))
    test_keys = pd.concat(held, ignore_index=True) if held else questions.iloc[:0, :2]
    in_test_q = _in_keys(questions, test_keys)
    in_test_a = _in_keys(answers, test_keys)
    return (
        questions[~in_test_q].reset_index(drop=True),
        answers[~in_test_a].reset_index(drop=True),
        questions[in_test_q].reset_index(drop=True),
        answers[in_test_a].reset_index(drop=True),
    )


def _in_keys(frame: pd.DataFrame, keys: pd.DataFrame) -> np.ndarray:
    index = pd.MultiIndex.from_frame(frame[["site", "question_id"]])
    return index.isin(pd.MultiIndex.from_frame(keys[["site", "question_id"]]))


def _validation_folds(question_ids: np.ndarray, seed: int) -> Iterator[np.ndarray]:
    """Disjoint validation folds (HOLDOUT of the train questions each), from train only."""
    ids = np.unique(question_ids)
    if len(ids) < 4:
        return
    size = max(1, round(HOLDOUT * len(ids)))
    order = np.random.default_rng([seed, 1]).permutation(ids)
    for f in range(min(VALIDATION_FOLDS, len(ids) // size - 1)):
        yield np.sort(order[f * size : (f + 1) * size])


# ------------------------------------------------------------------------ evaluation


def _records(questions: pd.DataFrame, answers: pd.DataFrame) -> list[AnswerRecord]:
    """Answer records of one site; answers to unknown questions are dropped."""
    tags = dict(zip(questions["question_id"], questions["tags"], strict=True))
    return [
        AnswerRecord(q, tags[q], e, s, a)
        for q, a, e, s in zip(
            answers["question_id"],
            answers["answer_id"],
            answers["answerer_id"],
            answers["score"],
            strict=True,
        )
        if q in tags
    ]


@dataclass(frozen=True)
class _Task:
    """Test questions of one site that have gold answerers."""

    tags: list[tuple[str, ...]]
    times: list[float]
    gold: list[Gold]


def _task(questions: pd.DataFrame, answers: pd.DataFrame) -> _Task:
    """Gold team of each question: answerer -> best answer score (> 0, the schema's team).

    Questions without such an answer have no defined recall or nDCG and are dropped.
    """
    gold: dict[int, Gold] = {}
    team_rows = answers[answers["score"] > 0]
    for q, e, s in zip(
        team_rows["question_id"], team_rows["answerer_id"], team_rows["score"], strict=True
    ):
        team = gold.setdefault(int(q), {})
        team[int(e)] = max(float(s), team.get(int(e), float("-inf")))
    ids = [int(q) for q in questions["question_id"]]
    rows = [(q, t) for q, t in zip(ids, questions["tags"], strict=True) if q in gold]
    return _Task(
        tags=[t for _, t in rows],
        times=[float(q) for q, _ in rows],
        gold=[gold[q] for q, _ in rows],
    )


Scorer = Callable[[ExpertTagGraph, list[tuple[str, ...]], list[float]], np.ndarray]


def _scorer(method: str, params: RankParams) -> Scorer:
    if method in ("model", "model_no_recency"):
        return lambda G, tags, times: expert_scores(G, tags, params, times)
    if method == "tag_overlap":
        return lambda G, tags, times: tag_overlap_scores(G, tags)
    return lambda G, tags, times: popularity_scores(G, len(tags))


def _rankings(G: ExpertTagGraph, task: _Task, scorer: Scorer, k: int) -> list[list[Any]]:
    """Top-k expert ids per question, scored CHUNK questions at a time."""
    out: list[list[Any]] = []
    for start in range(0, len(task.tags), CHUNK):
        stop = start + CHUNK
        idx = top_k(scorer(G, task.tags[start:stop], task.times[start:stop]), k)
        out.extend([G.experts[j] for j in row] for row in idx)
    return out


def _metrics(ranked: list[list[Any]], gold: list[Gold]) -> dict[str, np.ndarray]:
    """Per-question recall@5, recall@10 (hits / min(k, team size)) and nDCG@10.

    Every real answerer counts, known to the graph or not: unknown ones lower the score.
    """
    out: dict[str, np.ndarray] = {}
    for k in CUTOFFS:
        out[f"recall@{k}"] = np.array(
            [recall_at_k(r, set(g), k) for r, g in zip(ranked, gold, strict=True)]
        )
    out["ndcg@10"] = np.array([ndcg_at_k(r, g, 10) for r, g in zip(ranked, gold, strict=True)])
    return out


def _validation_score(
    folds: list[tuple[ExpertTagGraph, _Task]], params: RankParams
) -> tuple[float, float]:
    """(recall@10, nDCG@10) pooled over the validation folds: the tuning objective."""
    recalls: list[np.ndarray] = []
    ndcgs: list[np.ndarray] = []
    for G, task in folds:
        m = _metrics(_rankings(G, task, _scorer("model", params), 10), task.gold)
        recalls.append(m["recall@10"])
        ndcgs.append(m["ndcg@10"])
    return float(np.concatenate(recalls).mean()), float(np.concatenate(ndcgs).mean())


def tune_params(
    questions: pd.DataFrame,
    answers: pd.DataFrame,
    seed: int,
    *,
    recency: bool = True,
    progress: Callable[[], None] | None = None,
) -> RankParams:
    """Coordinate ascent on GRID, maximising validation recall@10 (then nDCG@10).

    Validation folds are carved from these (training) questions; without enough
    questions the defaults are returned.
    """
    folds: list[tuple[ExpertTagGraph, _Task]] = []
    for val in _validation_folds(questions["question_id"].to_numpy(), seed):
        in_val_q = questions["question_id"].isin(val)
        in_val_a = answers["question_id"].isin(val)
        G = build_expert_graph(_records(questions[~in_val_q], answers[~in_val_a]))
        task = _task(questions[in_val_q], answers[in_val_a])
        if task.gold and G.n_experts:
            folds.append((G, task))
    best = RankParams() if recency else RankParams(recency=0.0)
    if not folds:
        return best
    best_score = _validation_score(folds, best)
    names = [n for n in GRID if recency or n not in ("recency", "window")]
    for _ in range(ASCENT_ROUNDS):
        improved = False
        for name in names:
            for value in GRID[name]:
                candidate = replace(best, **{name: type(getattr(best, name))(value)})
                if candidate == best:
                    continue
                score = _validation_score(folds, candidate)
                if score > best_score:
                    best, best_score, improved = candidate, score, True
                if progress:
                    progress()
        if not improved:
            break
    return best


def _ascent_steps(recency: bool) -> int:
    names = [n for n in GRID if recency or n not in ("recency", "window")]
    return ASCENT_ROUNDS * sum(len(GRID[n]) for n in names)


def _summary(values: Mapping[str, np.ndarray], mask: np.ndarray) -> dict[str, float | None]:
    return {
        name: (round(float(v[mask].mean()), 4) if mask.any() else None)
        for name, v in values.items()
    }


def evaluate_site(
    train_q: pd.DataFrame,
    train_a: pd.DataFrame,
    test_q: pd.DataFrame,
    test_a: pd.DataFrame,
    seed: int,
    progress: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Tune on train folds, fit on all train answers, score test questions of one site."""
    params = tune_params(train_q, train_a, seed, recency=True, progress=progress)
    params_nr = tune_params(train_q, train_a, seed, recency=False, progress=progress)
    G = build_expert_graph(_records(train_q, train_a))
    task = _task(test_q, test_a)
    answerable = np.array([any(e in G.expert_index for e in g) for g in task.gold], dtype=bool)
    everyone = np.ones(len(task.gold), dtype=bool)
    chosen = {"model": params, "model_no_recency": params_nr}
    results: dict[str, Any] = {"all": {}, "answerable": {}}
    for method in METHODS:
        ranked = _rankings(G, task, _scorer(method, chosen.get(method, params)), max(CUTOFFS))
        per_question = _metrics(ranked, task.gold)
        results["all"][method] = _summary(per_question, everyone)
        results["answerable"][method] = _summary(per_question, answerable)
    return {
        "train_questions": int(train_q["question_id"].nunique()),
        "train_answers": len(train_a),
        "experts": G.n_experts,
        "tags": G.n_tags,
        "test_questions": len(task.gold),
        "answerable_questions": int(answerable.sum()),
        "answerable_share": round(float(answerable.mean()), 4) if len(answerable) else None,
        "params": asdict(params),
        "params_no_recency": asdict(params_nr),
        **results,
        "ratio_recall@10": _ratio(results["all"]),
        "ratio_recall@10_answerable": _ratio(results["answerable"]),
    }


def _ratio(methods: Mapping[str, Mapping[str, float | None]]) -> float | None:
    model, base = methods["model"]["recall@10"], methods["tag_overlap"]["recall@10"]
    if model is None or not base:
        return None
    return round(model / base, 3)


def evaluate(
    train_q: pd.DataFrame,
    train_a: pd.DataFrame,
    test_q: pd.DataFrame | None = None,
    test_a: pd.DataFrame | None = None,
    seed: int = 0,
    progress: bool | None = None,
) -> dict[str, Any]:
    """The whole evaluation as one JSON-ready dict (see docs/evaluation.md).

    ``progress``: a tqdm bar on stderr; None shows it only on a terminal.
    """
    started = time.perf_counter()
    if test_q is None or test_a is None:
        split = f"{HOLDOUT:.0%} of questions held out per site (seed {seed})"
        train_q, train_a, test_q, test_a = holdout_split(train_q, train_a, HOLDOUT, seed)
    else:
        split = "test files"
        _refuse_overlap(train_q, train_a, test_q)
    sites = sorted(set(test_q["site"]) & set(train_q["site"]))
    steps = len(sites) * (_ascent_steps(True) + _ascent_steps(False))
    report: dict[str, Any] = {}
    with tqdm(
        total=steps,
        desc="eval experts",
        disable=None if progress is None else not progress,
        leave=False,
    ) as bar:
        for site in sites:
            bar.set_postfix_str(site)
            report[site] = evaluate_site(
                train_q[train_q["site"] == site],
                train_a[train_a["site"] == site],
                test_q[test_q["site"] == site],
                test_a[test_a["site"] == site],
                seed,
                progress=lambda: bar.update(1),
            )
    ratios = [s["ratio_recall@10"] for s in report.values()]
    return {
        "split": split,
        "seed": seed,
        "gain": GAIN,
        "target_ratio_recall@10": TARGET_RATIO,
        "target_met": bool(ratios) and all(r is not None and r >= TARGET_RATIO for r in ratios),
        "methods": METHODS,
        "sites": report,
        "skipped_sites": sorted(set(test_q["site"]) - set(train_q["site"])),
        "runtime_seconds": round(time.perf_counter() - started, 1),
    }


def _refuse_overlap(train_q: pd.DataFrame, train_a: pd.DataFrame, test_q: pd.DataFrame) -> None:
    """Test questions must not appear in training data (that would leak their answerers)."""
    keys = test_q[["site", "question_id"]]
    leaked = int(_in_keys(train_q, keys).sum() + _in_keys(train_a, keys).sum())
    if leaked:
        raise click.ClickException(
            f"{leaked} ligne(s) d'entraînement portent sur des questions de test : "
            "les fichiers d'entraînement et de test doivent être disjoints."
        )


# ----------------------------------------------------------------------------- output


def _fmt(value: float | None, spec: str = ".3f") -> str:
    return "–" if value is None else format(value, spec)


def format_table(report: Mapping[str, Any]) -> str:
    """Markdown tables: metrics per site and method, then the ratio to the baseline."""
    lines = [
        f"Expert ranking on Stack Exchange teams — {report['split']}; "
        f"nDCG gain = {report['gain']}.",
        "",
        "| site | method | recall@5 | recall@10 | nDCG@10 | recall@10 (answerable) "
        "| nDCG@10 (answerable) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for site, res in report["sites"].items():
        for method, label in METHODS.items():
            a, b = res["all"][method], res["answerable"][method]
            lines.append(
                f"| {site} | {label} | {_fmt(a['recall@5'])} | {_fmt(a['recall@10'])} "
                f"| {_fmt(a['ndcg@10'])} | {_fmt(b['recall@10'])} | {_fmt(b['ndcg@10'])} |"
            )
    lines += [
        "",
        "| site | test questions | answerable | recall@10 model / tag overlap | "
        f"target ≥ {report['target_ratio_recall@10']}× |",
        "|---|---:|---:|---:|---|",
    ]
    for site, res in report["sites"].items():
        ratio = res["ratio_recall@10"]
        met = ratio is not None and ratio >= report["target_ratio_recall@10"]
        lines.append(
            f"| {site} | {res['test_questions']} | {_fmt(res['answerable_share'], '.1%')} "
            f"| {_fmt(ratio, '.2f')}× | {'met' if met else 'NOT met'} |"
        )
    for site in report["skipped_sites"]:
        lines.append(f"| {site} | – | – | – | skipped: no training data |")
    lines += ["", f"Runtime: {report['runtime_seconds']} s."]
    return "\n".join(lines)


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("experts")
@click.option("--train-questions", type=_FILE, required=True, help="Training questions.csv(.gz).")
@click.option("--train-answers", type=_FILE, required=True, help="Training answers.csv(.gz).")
@click.option(
    "--test-questions", type=_FILE, help="Test questions (default: hold out 10 % per site)."
)
@click.option("--test-answers", type=_FILE, help="Test answers (with --test-questions).")
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of the hold-out and of the validation folds.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
def experts_command(
    train_questions: Path,
    train_answers: Path,
    test_questions: Path | None,
    test_answers: Path | None,
    seed: int,
    as_json: bool,
) -> None:
    """Rank Stack Exchange answerers from question tags; model vs tag-overlap baseline."""
    if (test_questions is None) != (test_answers is None):
        raise click.UsageError("--test-questions et --test-answers vont ensemble.")
    train_q, train_a = load_questions(train_questions), load_answers(train_answers)
    test_q = load_questions(test_questions) if test_questions else None
    test_a = load_answers(test_answers) if test_answers else None
    report = evaluate(train_q, train_a, test_q, test_a, seed=seed)
    click.echo(json.dumps(report, ensure_ascii=False) if as_json else format_table(report))
