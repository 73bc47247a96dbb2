"""``matcher eval esco``: occupation → skill completion on the ESCO classification.

Why: KPA Matcher suggests which skills a member or a service request is missing; ESCO's
occupation–skill links are real, expert-curated data we did not write, so hiding some links and
asking the models to find them again tells us, honestly, how good the skill-relatedness model is.

Protocol. Each occupation of the test set is ranked against every skill that is not already
linked to it in train; the hidden links are the relevant items. An occupation with no train link
is *cold*: the models only see its French labels (``preferredLabel_fr``, ``altLabels_fr``).
Hyper-parameters are tuned on a validation split carved from the training links only; the test
links are used for scoring and nothing else. See docs/evaluation.md for the metric definitions.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd
import scipy.sparse as sp
from tqdm import tqdm

from matcher.evaluation.metrics import mrr, ndcg_at_k, recall_at_k
from matcher.models.completion import (
    EASE,
    ItemKNN,
    OccupationKNN,
    PopularityRecommender,
    SkillCompleter,
)

__all__ = [
    "EscoData",
    "build_data",
    "esco_command",
    "evaluate_models",
    "format_table",
    "holdout_split",
    "read_csv_any",
    "run_evaluation",
    "tune_completer",
]

CHUNK = 256  # occupations scored at once: 256 × 14k float64 scores ≈ 28 MB
L2_GRID = (3.0, 10.0, 30.0, 100.0)
LABEL_WEIGHT_GRID = (0.0, 0.05, 0.1, 0.2)
COLD_LABEL_WEIGHT_GRID = (0.0, 0.1, 0.2, 0.4)
VALIDATION_COLD_SHARE = 0.05  # share of training occupations turned cold for tuning (max 150)
LINK_COLUMNS = ("occupationUri", "skillUri")
DEFAULT_PARAMS = {"l2": 10.0, "label_weight": 0.1, "cold_label_weight": 0.2}  # if untunable


def read_csv_any(path: str | Path) -> pd.DataFrame:
    """A CSV file, gzip-compressed or not whatever its name says (magic bytes decide), as text."""
    with open(path, "rb") as handle:
        gzipped = handle.read(2) == b"\x1f\x8b"
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def read_links(path: str | Path, keep_split: bool = False) -> pd.DataFrame:
    """Occupation–skill links without repeats; with ``keep_split``, the ``split`` column too
    (test files only: each split is reported apart)."""
    links = read_csv_any(path)
    missing = [column for column in LINK_COLUMNS if column not in links.columns]
    if missing:
        raise click.ClickException(f"{path}: colonnes manquantes {missing}")
    keep = [*LINK_COLUMNS, *(["split"] if keep_split and "split" in links.columns else [])]
    return links[keep].drop_duplicates().reset_index(drop=True)


def _french_label(frame: pd.DataFrame) -> list[str]:
    """French preferred label + alternative labels, separators turned into spaces."""
    empty = pd.Series("", index=frame.index)
    text = frame.get("preferredLabel_fr", empty) + " | " + frame.get("altLabels_fr", empty)
    return text.str.replace("/", " | ", regex=False).str.replace("’", "'", regex=False).tolist()


def holdout_split(
    links: pd.DataFrame, fraction: float = 0.1, seed: int = 0, cold_occupations: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hide links for testing: ``(train, test)``.

    Each occupation with n ≥ 2 links loses ``clip(round(fraction·n), 1, n - 1)`` random links, so
    every such occupation is tested and keeps at least one link; occupations with one link stay
    whole. ``cold_occupations`` more occupations, drawn first, lose *all* their links (simulated
    cold start). Same links and seed, same split.
    """
    rng = np.random.default_rng(seed)
    codes, occupations = pd.factorize(links["occupationUri"], sort=True)
    cold = np.zeros(len(links), dtype=bool)
    if cold_occupations > 0:
        chosen = rng.choice(
            len(occupations), min(cold_occupations, len(occupations)), replace=False
        )
        cold = np.isin(codes, chosen)
    keys = rng.random(len(links))
    order = np.lexsort((keys, codes))
    sizes = np.bincount(codes, minlength=len(occupations))
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    position = np.empty(len(links), dtype=np.int64)
    position[order] = np.arange(len(links)) - starts[codes[order]]
    n_test = np.clip(np.floor(fraction * sizes + 0.5), 1, np.maximum(sizes - 1, 0))
    test = cold | (position < n_test[codes])
    return links[~test].reset_index(drop=True), links[test].reset_index(drop=True)


@dataclass(frozen=True)
class EscoData:
    """Everything the models and the scoring need, indexed: rows = occupations, cols = skills.

    ``test`` has one row per hidden link: ``row``, ``col`` (-1 for a skill the models cannot
    know: absent from train and from the skills file) and ``split``.
    """

    occupations: pd.Index
    skills: pd.Index
    train: sp.csr_matrix
    test: pd.DataFrame
    occupation_texts: list[str] | None
    skill_texts: list[str] | None
    dropped_test_links: int

    @property
    def cold_rows(self) -> np.ndarray:
        return np.flatnonzero(self.train.getnnz(axis=1) == 0)


def _texts(table: pd.DataFrame | None, index: pd.Index, fallback_en: bool) -> list[str] | None:
    if table is None:
        return None
    labels = pd.Series(_french_label(table), index=table["conceptUri"])
    if fallback_en and "preferredLabel_en" in table.columns:
        english = pd.Series(table["preferredLabel_en"].tolist(), index=table["conceptUri"])
        labels = labels.where(labels.str.strip(" |") != "", english)
    labels = labels[~labels.index.duplicated()]
    return labels.reindex(index).fillna("").tolist()


def build_data(
    train: pd.DataFrame,
    test: pd.DataFrame,
    occupations: pd.DataFrame | None = None,
    skills: pd.DataFrame | None = None,
    default_split: str = "test",
) -> EscoData:
    """Index the links; the skill universe is the skills file plus every skill seen in train.

    Test skills are deliberately *not* added to the universe: a model cannot rank a skill it was
    never told about, and such links count as misses (they stay in every denominator).
    """
    occupation_ids = pd.Index(
        pd.unique(
            pd.concat(
                [
                    occupations["conceptUri"] if occupations is not None else pd.Series([]),
                    train["occupationUri"],
                    test["occupationUri"],
                ]
            )
        )
    )
    skill_ids = pd.Index(
        pd.unique(
            pd.concat(
                [skills["conceptUri"] if skills is not None else pd.Series([]), train["skillUri"]]
            )
        )
    )
    rows = occupation_ids.get_indexer(train["occupationUri"])
    cols = skill_ids.get_indexer(train["skillUri"])
    matrix = sp.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(occupation_ids), len(skill_ids))
    )
    matrix.data[:] = 1.0
    test_frame = pd.DataFrame(
        {
            "row": occupation_ids.get_indexer(test["occupationUri"]),
            "col": skill_ids.get_indexer(test["skillUri"]),
            "skill": test["skillUri"].to_numpy(),
            "split": test["split"].to_numpy() if "split" in test.columns else default_split,
        }
    )
    known = test_frame["col"].to_numpy() >= 0
    in_train = np.zeros(len(test_frame), dtype=bool)
    in_train[known] = (
        np.asarray(matrix[test_frame["row"][known], test_frame["col"][known]]).ravel() > 0
    )
    return EscoData(
        occupations=occupation_ids,
        skills=skill_ids,
        train=matrix,
        test=test_frame[~in_train].reset_index(drop=True),
        occupation_texts=_texts(occupations, occupation_ids, fallback_en=False),
        skill_texts=_texts(skills, skill_ids, fallback_en=True),
        dropped_test_links=int(in_train.sum()),
    )


def _label_inputs(data: EscoData) -> dict[str, list[str]]:
    """SkillCompleter's label arguments: those whose file was given."""
    return {"row_texts": data.occupation_texts, "item_texts": data.skill_texts}


def _chunks(rows: np.ndarray) -> Iterator[np.ndarray]:
    for start in range(0, rows.size, CHUNK):
        yield rows[start : start + CHUNK]


def _mean_recall(scores: np.ndarray, seen: sp.csr_matrix, hidden: sp.csr_matrix, k: int) -> float:
    """Capped recall@k averaged over rows, vectorised (used only for tuning speed)."""
    scores = scores.copy()
    scores[seen.toarray() > 0] = -np.inf
    k = min(k, scores.shape[1])
    best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    hits = np.take_along_axis(hidden.toarray() > 0, best, axis=1).sum(axis=1)
    return float(np.mean(hits / np.minimum(k, hidden.getnnz(axis=1))))


def tune_completer(data: EscoData, seed: int, k: int = 20) -> dict[str, float]:
    """Pick SkillCompleter's weights on a validation split carved from the *training* links.

    5 % of the training occupations (at most 150) lose all links (cold validation) and 10 % of
    the others' links are hidden (warm validation); ``l2`` then ``label_weight`` are chosen on
    the warm part, ``cold_label_weight`` on the cold part, each by mean capped recall@k.
    """
    best = dict(DEFAULT_PARAMS)
    coo = data.train.tocoo()
    links = pd.DataFrame({"occupationUri": coo.row, "skillUri": coo.col})
    n_warm = int(np.unique(coo.row).size)
    n_cold = min(150, int(VALIDATION_COLD_SHARE * n_warm))
    fit_links, valid = holdout_split(links, 0.1, seed + 1, cold_occupations=n_cold)
    shape = data.train.shape

    def matrix(frame: pd.DataFrame) -> sp.csr_matrix:
        values = np.ones(len(frame))
        return sp.csr_matrix((values, (frame["occupationUri"], frame["skillUri"])), shape=shape)

    seen, hidden = matrix(fit_links), matrix(valid)
    rows = np.flatnonzero(hidden.getnnz(axis=1) > 0)
    warm = rows[seen.getnnz(axis=1)[rows] > 0]
    cold = rows[seen.getnnz(axis=1)[rows] == 0]
    if warm.size == 0 or seen.getnnz(axis=0).max(initial=0) == 0:
        return best
    texts = _label_inputs(data)
    best["l2"] = max(
        L2_GRID,
        key=lambda l2: _mean_recall(
            EASE(l2=l2).fit(seen).score_items(warm), seen[warm], hidden[warm], k
        ),
    )
    model = SkillCompleter(l2=best["l2"]).fit(seen, **texts)
    ease_scores, labels = model.ease_.score_items(warm), model.label_similarity(warm)
    best["label_weight"] = max(
        LABEL_WEIGHT_GRID,
        key=lambda w: _mean_recall(ease_scores + w * labels, seen[warm], hidden[warm], k),
    )
    if cold.size and data.occupation_texts is not None and data.skill_texts is not None:
        borrowed, labels = model.neighbour_scores(cold), model.label_similarity(cold)
        best["cold_label_weight"] = max(
            COLD_LABEL_WEIGHT_GRID,
            key=lambda w: _mean_recall(borrowed + w * labels, seen[cold], hidden[cold], k),
        )
    return best


def _models(params: dict[str, float]) -> dict[str, Any]:
    return {
        "popularity (baseline)": PopularityRecommender(),
        "occupation-kNN 50 (baseline)": OccupationKNN(n_neighbors=50),
        "skill-kNN cosine": ItemKNN(),
        f"EASE l2={params['l2']:g}": EASE(l2=params["l2"]),
        "EASE + labels (SkillCompleter)": SkillCompleter(**params),
    }


def _per_occupation(
    model: Any, data: EscoData, cutoffs: Sequence[int], k: int, progress: tqdm
) -> list[dict[str, Any]]:
    """Metrics of one fitted model for every (split, test occupation) pair."""
    test = data.test.assign(
        item=np.where(data.test["col"] >= 0, data.test["col"], -1 - data.test.index)
    )
    by_row: dict[int, list[tuple[str, set[int]]]] = {}
    for (row, split), items in test.groupby(["row", "split"], sort=True)["item"]:
        by_row.setdefault(int(row), []).append((str(split), set(items.tolist())))
    rows = np.unique(test["row"].to_numpy())
    n_items = data.train.shape[1]
    records: list[dict[str, Any]] = []
    for chunk in _chunks(rows):
        scores = np.array(model.score_items(chunk), dtype=np.float64)
        known = data.train[chunk].toarray() > 0
        scores[known] = -np.inf
        order = np.argsort(-scores, axis=1, kind="stable")
        for position, row in enumerate(chunk):
            candidates = order[position, : n_items - int(known[position].sum())]
            ranked = candidates[: max(cutoffs)].tolist()
            for split, relevant in by_row[int(row)]:
                record = {"split": split, "row": int(row), "links": len(relevant)}
                for cutoff in cutoffs:
                    record[f"recall@{cutoff}"] = recall_at_k(ranked, relevant, cutoff)
                    record[f"plain_recall@{cutoff}"] = recall_at_k(
                        ranked, relevant, cutoff, capped=False
                    )
                record["mrr"] = mrr(candidates, relevant)  # read up to the first hit
                record[f"ndcg@{k}"] = ndcg_at_k(ranked, dict.fromkeys(relevant, 1.0), k)
                records.append(record)
        progress.update(1)
    return records


def evaluate_models(
    data: EscoData, params: dict[str, float], k: int = 20, progress: tqdm | None = None
) -> pd.DataFrame:
    """Fit every model on the training links and score it on the test links, one run."""
    cutoffs = sorted({10, k})
    models = _models(params)
    frames = []
    bar = progress or tqdm(disable=True)
    for name, model in models.items():
        bar.set_description(name)
        if isinstance(model, SkillCompleter):
            model.fit(data.train, **_label_inputs(data))
        else:
            model.fit(data.train)
        frame = pd.DataFrame(_per_occupation(model, data, cutoffs, k, bar))
        frame["model"] = name
        frame["group"] = np.where(np.isin(frame["row"], data.cold_rows), "cold", "non-cold")
        frames.append(frame)
    per_occupation = pd.concat(frames, ignore_index=True)
    metric_columns = [c for c in per_occupation.columns if "@" in c or c == "mrr"]
    summary = (
        per_occupation.groupby(["split", "group", "model"])
        .agg(
            occupations=("row", "size"),
            links=("links", "sum"),
            **{c: (c, "mean") for c in metric_columns},
        )
        .reset_index()
    )
    order = {name: position for position, name in enumerate(models)}
    return summary.sort_values(
        ["split", "group", "model"],
        key=lambda column: column.map(order) if column.name == "model" else column,
        ascending=[True, False, True],  # non-cold before cold
        ignore_index=True,
    )


def format_table(summary: pd.DataFrame) -> str:
    """A fixed-width text table, one line per (split, group, model)."""
    headers = {
        "split": "split",
        "group": "group",
        "model": "model",
        "occupations": "occupations",
        "links": "hidden links",
    }
    metrics = [c for c in summary.columns if c not in headers]
    metrics.sort(key=lambda c: (c.startswith("plain"), c.startswith("ndcg"), c == "mrr"))
    for column in metrics:
        headers[column] = column.replace("plain_recall", "plain recall").replace("mrr", "MRR")
    table = summary.rename(columns=headers)[list(headers.values())]
    return table.to_string(index=False, float_format=lambda value: f"{value:.3f}")


def run_evaluation(
    train: pd.DataFrame,
    test: pd.DataFrame | None,
    occupations: pd.DataFrame | None,
    skills: pd.DataFrame | None,
    k: int = 20,
    seed: int = 0,
    cold_occupations: int = 0,
) -> dict[str, Any]:
    """The whole evaluation on in-memory tables; returns the JSON-ready result object."""
    started = time.perf_counter()
    split_name = "test"
    if test is None:
        train, test = holdout_split(train, 0.1, seed, cold_occupations)
        split_name = "holdout"
    data = build_data(train, test, occupations, skills, default_split=split_name)
    n_chunks = len(list(_chunks(np.unique(data.test["row"].to_numpy()))))
    n_models = len(_models(DEFAULT_PARAMS))
    with tqdm(total=n_chunks * n_models + 1, file=sys.stderr, disable=None) as bar:
        bar.set_description("tuning on train")
        params = tune_completer(data, seed, k=k)
        bar.update(1)
        summary = evaluate_models(data, params, k=k, progress=bar)
    trained_skills = data.train.getnnz(axis=0) > 0
    known = data.test["col"].to_numpy()
    unseen = int(np.sum((known >= 0) & ~trained_skills[np.maximum(known, 0)]))
    return {
        "task": "esco occupation -> skill completion",
        "k": k,
        "seed": seed,
        "train_links": int(data.train.nnz),
        "test_links": len(data.test),
        "test_links_dropped_as_in_train": data.dropped_test_links,
        "test_links_unknown_skill": int((data.test["col"] < 0).sum()),
        "test_links_skill_unseen_in_train": unseen,
        "occupations": len(data.occupations),
        "skills": len(data.skills),
        "tuned_on_train_validation": params,
        "recall_definition": "recall@k = hits in top k / min(k, hidden links); "
        "plain_recall@k = hits in top k / hidden links",
        "results": summary.to_dict(orient="records"),
        "seconds": round(time.perf_counter() - started, 1),
    }


@click.command("esco")
@click.option("--train", "train_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--test", "test_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--occupations", "occupations_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--skills", "skills_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--k", default=20, show_default=True, type=click.IntRange(1), help="Cutoff k.")
@click.option("--seed", default=0, show_default=True, help="Seed of the hold-out and tuning.")
@click.option(
    "--cold-occupations",
    default=0,
    show_default=True,
    type=click.IntRange(0),
    help="Without --test: also hide all links of N occupations (simulated cold start).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
def esco_command(
    train_path: str,
    test_path: str | None,
    occupations_path: str | None,
    skills_path: str | None,
    k: int,
    seed: int,
    cold_occupations: int,
    as_json: bool,
) -> None:
    """Occupation → skill completion on ESCO: recall@10/@k and MRR of every model, non-cold and
    cold occupations apart. Without --test, 10 % of each occupation's train links are hidden."""
    result = run_evaluation(
        read_links(train_path),
        read_links(test_path, keep_split=True) if test_path else None,
        read_csv_any(occupations_path) if occupations_path else None,
        read_csv_any(skills_path) if skills_path else None,
        k=k,
        seed=seed,
        cold_occupations=cold_occupations,
    )
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(
        f"ESCO occupation → skill completion: {result['train_links']} train links, "
        f"{result['test_links']} hidden links, {result['skills']} candidate skills"
        f"; hidden links to a skill absent from the skills file: "
        f"{result['test_links_unknown_skill']}, linked to no train occupation: "
        f"{result['test_links_skill_unseen_in_train']}."
    )
    click.echo(f"Tuned on a validation split of train: {result['tuned_on_train_validation']}")
    click.echo(format_table(pd.DataFrame(result["results"])))
    click.echo(f"recall: {result['recall_definition']}; MRR over the full ranking.")
    click.echo(f"{result['seconds']} s")
