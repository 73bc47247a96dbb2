"""Scores of the text → skills extractor against a labelled set (``tests/data/extraction``).

A labelled text lists gold skills, each with the ids that count as right (``accept``: the
skill itself and close enough ones), the intent and, for requests, the minimum level; and
the ids the text *negates* ("je ne sais pas coudre"). Scoring is a function of any
model's output, so a baseline and the extractor are measured the same way:

* a prediction is a true positive for a gold item when its skill is in the item's
  ``accept`` list; each gold item matches at most one prediction and vice versa (an
  optimal assignment, so overlapping ``accept`` lists cannot be gamed by order);
* precision, recall and F1 are micro-averaged over all texts;
* intent accuracy is measured over matched pairs only;
* negated-as-knows is the share of gold ``negated`` ids returned with intent ``knows``;
* min-level MAE is over matched request items that have a gold ``min_level``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ["format_table", "load_jsonl", "score_by_kind", "score_extractions"]

METRICS = ("precision", "recall", "f1", "intent_accuracy", "negated_as_knows", "min_level_mae")


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """One JSON object per non-blank line, in file order."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _field(prediction: Any, name: str) -> Any:
    """Read a prediction given as a mapping (CLI JSON) or an object (``Extraction``)."""
    if isinstance(prediction, Mapping):
        return prediction.get(name)
    return getattr(prediction, name, None)


def _assign(gold: Sequence[Mapping[str, Any]], predicted: Sequence[Any]) -> list[tuple[int, int]]:
    """Maximum matching of gold items to predictions; agreeing intents break ties."""
    if not gold or not predicted:
        return []
    gain = np.zeros((len(gold), len(predicted)))
    for i, item in enumerate(gold):
        accept = set(item.get("accept") or [item["skill"]])
        for j, prediction in enumerate(predicted):
            if _field(prediction, "skill") in accept:
                same_intent = _field(prediction, "intent") == item.get("intent")
                gain[i, j] = 1.0 + 0.01 * same_intent
    rows, columns = linear_sum_assignment(-gain)
    return [(i, j) for i, j in zip(rows, columns, strict=True) if gain[i, j] > 0]


def score_extractions(
    gold_items: Sequence[Mapping[str, Any]], predictions: Sequence[Sequence[Any]]
) -> dict[str, float]:
    """Precision, recall, F1, intent accuracy, negated-as-knows rate and min-level MAE.

    ``predictions[k]`` is the list of extractions for ``gold_items[k]`` (objects with
    ``skill``/``intent``/``min_level`` attributes, or the CLI's JSON dicts).

    >>> gold = [{"skills": [{"skill": "couture", "accept": ["couture"], "intent": "knows"}],
    ...          "negated": []}]
    >>> score_extractions(gold, [[{"skill": "couture", "intent": "knows"}]])["f1"]
    1.0
    """
    if len(gold_items) != len(predictions):
        raise ValueError("Il faut autant de prédictions que de textes annotés.")
    n_gold = n_pred = n_matched = n_intent = n_negated = n_negated_knows = 0
    level_errors: list[float] = []
    for item, predicted in zip(gold_items, predictions, strict=True):
        gold = list(item.get("skills", []))
        predicted = list(predicted)
        n_gold += len(gold)
        n_pred += len(predicted)
        for i, j in _assign(gold, predicted):
            n_matched += 1
            n_intent += _field(predicted[j], "intent") == gold[i].get("intent")
            gold_level = gold[i].get("min_level")
            level = _field(predicted[j], "min_level")
            if gold_level is not None and level is not None:
                level_errors.append(abs(float(level) - float(gold_level)))
        knows = {_field(p, "skill") for p in predicted if _field(p, "intent") == "knows"}
        for negated in item.get("negated", []):
            n_negated += 1
            n_negated_knows += negated in knows
    precision = n_matched / n_pred if n_pred else 0.0
    recall = n_matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "intent_accuracy": n_intent / n_matched if n_matched else 0.0,
        "negated_as_knows": n_negated_knows / n_negated if n_negated else 0.0,
        "min_level_mae": float(np.mean(level_errors)) if level_errors else float("nan"),
        "n_texts": float(len(gold_items)),
        "n_gold": float(n_gold),
        "n_predicted": float(n_pred),
        "n_matched": float(n_matched),
        "n_negated": float(n_negated),
    }


def score_by_kind(
    gold_items: Sequence[Mapping[str, Any]], predictions: Sequence[Sequence[Any]]
) -> dict[str, dict[str, float]]:
    """:func:`score_extractions` for all texts (``"all"``) and for each ``kind``."""
    scores = {"all": score_extractions(gold_items, predictions)}
    for kind in sorted({item.get("kind", "member") for item in gold_items}):
        pairs = [
            (item, predicted)
            for item, predicted in zip(gold_items, predictions, strict=True)
            if item.get("kind", "member") == kind
        ]
        scores[kind] = score_extractions([p[0] for p in pairs], [p[1] for p in pairs])
    return scores


def format_table(scores: Mapping[str, Mapping[str, float]], rows: Iterable[str] = ()) -> str:
    """A plain-text table: one row per group of :func:`score_by_kind`, one column per metric."""
    names = list(rows) or list(scores)
    header = f"{'':<8}{'textes':>7}" + "".join(f"{m:>18}" for m in METRICS)
    lines = [header]
    for name in names:
        row = scores[name]
        cells = "".join(f"{row[m]:>18.3f}" for m in METRICS)
        lines.append(f"{name:<8}{int(row['n_texts']):>7}{cells}")
    return "\n".join(lines)
