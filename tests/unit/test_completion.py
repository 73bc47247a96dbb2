"""Completion models, the hold-out split and ``matcher eval esco`` on tiny hand-made data."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from click.testing import CliRunner
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from matcher.evaluation.esco import esco_command, holdout_split
from matcher.models.completion import (
    EASE,
    ItemKNN,
    OccupationKNN,
    PopularityRecommender,
    SkillCompleter,
    top_k,
)

# Two trades. Bakers (rows 0-3) need skills 0, 1, 2; plumbers (rows 5-9) need 3, 4, 5, so the
# plumbers' skills are the most popular. Row 4 is a baker missing skill 2: the right completion.
# Row 10 is a cold baker (no link, label only).
BAKER, PLUMBER = [0, 1, 2], [3, 4, 5]
LINKS = [(r, c) for r in range(4) for c in BAKER] + [(4, 0), (4, 1)]
LINKS += [(r, c) for r in range(5, 10) for c in PLUMBER]
ROW_TEXTS = [
    "boulanger",
    "boulangère",
    "boulanger de nuit",
    "boulangère artisanale",
    "boulanger pâtissier",
    "plombier",
    "plombière",
    "plombier chauffagiste",
    "plombière sanitaire",
    "plombier de chantier",
    "ouvrier boulanger",
]
ITEM_TEXTS = [
    "pétrir la pâte",
    "façonner le pain",
    "cuire le pain au four",
    "souder des tuyaux",
    "poser un chauffe-eau",
    "déboucher une canalisation",
]


def toy_matrix() -> sp.csr_matrix:
    rows, cols = zip(*LINKS, strict=True)
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(11, 6))


ESTIMATORS = [PopularityRecommender, OccupationKNN, ItemKNN, EASE, SkillCompleter]


@pytest.mark.parametrize("estimator", [OccupationKNN, ItemKNN, EASE, SkillCompleter])
def test_collaborative_models_complete_the_baker_with_the_missing_baker_skill(estimator):
    model = estimator().fit(toy_matrix())
    assert model.recommend([4], k=1).tolist() == [[2]]


def test_popularity_is_fooled_by_the_popular_plumber_skills():
    model = PopularityRecommender().fit(toy_matrix())
    assert model.recommend([4], k=1)[0, 0] in PLUMBER


def test_recommend_excludes_known_links_unless_told_otherwise():
    model = EASE().fit(toy_matrix())
    assert set(model.recommend([0], k=3)[0].tolist()) == set(PLUMBER)  # bakers' skills hidden
    nothing = sp.csr_matrix((1, 6))
    assert set(model.recommend([4], k=3, exclude=nothing)[0].tolist()) == set(BAKER)


def test_ease_dual_and_primal_solvers_agree():
    X = toy_matrix()
    rows = np.arange(11)
    dual = EASE(l2=2.0, solver="dual").fit(X)
    primal = EASE(l2=2.0, solver="primal").fit(X)
    assert (dual.solver_, primal.solver_) == ("dual", "primal")
    np.testing.assert_allclose(dual.score_items(rows), primal.score_items(rows), atol=1e-10)


def test_ease_never_uses_an_item_to_predict_itself():
    model = EASE(solver="primal").fit(toy_matrix())
    assert np.all(np.diag(model.weights_) == 0)


def test_ease_scores_unseen_skills_zero():
    X = toy_matrix().tolil()
    X[:, 5] = 0
    model = EASE().fit(X.tocsr())
    assert model.items_.tolist() == [0, 1, 2, 3, 4]
    assert np.all(model.score_items(np.arange(11))[:, 5] == 0)


def test_cold_row_gets_the_skills_of_the_occupations_with_similar_labels():
    model = SkillCompleter().fit(toy_matrix(), row_texts=ROW_TEXTS, item_texts=ITEM_TEXTS)
    assert set(model.recommend([10], k=3)[0].tolist()) == set(BAKER)


def test_cold_row_without_labels_falls_back_to_popularity():
    model = SkillCompleter().fit(toy_matrix())
    popularity = PopularityRecommender().fit(toy_matrix())
    assert model.recommend([10], k=4).tolist() == popularity.recommend([10], k=4).tolist()


def test_top_k_breaks_ties_by_lower_index():
    assert top_k(np.array([[0.0, 1.0, 1.0, 0.0]]), 3).tolist() == [[1, 2, 0]]


@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_estimator_contract(estimator):
    model = estimator()
    params = model.get_params()
    assert clone(model).get_params() == params
    with pytest.raises(NotFittedError):
        model.score_items([0])
    with pytest.raises(NotFittedError):
        model.recommend([0], k=2)
    assert model.fit(toy_matrix()) is model
    learned = set(vars(model)) - set(params)
    assert learned and all(name.endswith("_") for name in learned)
    assert model.score_items([0, 4]).shape == (2, 6)


def random_links(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for occupation in range(30):
        for skill in rng.choice(50, rng.integers(1, 25), replace=False):
            rows.append((f"o{occupation}", f"s{skill}"))
    return pd.DataFrame(rows, columns=["occupationUri", "skillUri"])


def test_holdout_is_reproducible_and_never_empties_an_occupation():
    links = random_links()
    train, test = holdout_split(links, 0.1, seed=5)
    again_train, again_test = holdout_split(links, 0.1, seed=5)
    pd.testing.assert_frame_equal(test, again_test)
    pd.testing.assert_frame_equal(train, again_train)
    assert not test.equals(holdout_split(links, 0.1, seed=6)[1])
    sizes = links.groupby("occupationUri").size()
    kept = train.groupby("occupationUri").size().reindex(sizes.index, fill_value=0)
    hidden = test.groupby("occupationUri").size().reindex(sizes.index, fill_value=0)
    assert (kept >= 1).all()
    expected = np.clip(np.floor(0.1 * sizes + 0.5), 1, sizes - 1)
    assert (hidden[sizes >= 2] == expected[sizes >= 2]).all()
    assert (hidden[sizes == 1] == 0).all()
    assert len(train) + len(test) == len(links)


def test_holdout_can_simulate_cold_occupations():
    links = random_links()
    train, test = holdout_split(links, 0.1, seed=0, cold_occupations=4)
    cold = set(test["occupationUri"]) - set(train["occupationUri"])
    assert len(cold) == 4


def write_synthetic_esco(tmp_path):
    """Bakers and plumbers in the ESCO schema: links gzipped, occupations plain CSV."""
    occupations, links = [], []
    for trade, skills in (("boulanger", "bread"), ("plombier", "pipe")):
        for n in range(12):
            uri = f"occ/{trade}{n}"
            occupations.append((uri, f"{trade} {n}/{trade}e {n}", f"{trade} artisan", trade))
            links += [(uri, f"skill/{skills}{s}", "essential", "skill") for s in range(n % 3, 8)]
    occupations.append(("occ/cold", "boulanger de campagne", "", "country baker"))
    links_frame = pd.DataFrame(
        links, columns=["occupationUri", "skillUri", "relationType", "skillType"]
    )
    occ_frame = pd.DataFrame(
        occupations,
        columns=["conceptUri", "preferredLabel_fr", "altLabels_fr", "preferredLabel_en"],
    )
    train_path = tmp_path / "links_train.csv.gz"
    with gzip.open(train_path, "wt", encoding="utf-8") as handle:
        links_frame.to_csv(handle, index=False)
    occ_path = tmp_path / "occupations.csv"
    occ_frame.to_csv(occ_path, index=False)
    test_frame = pd.DataFrame(
        [
            ("occ/cold", "skill/bread1", "cold"),
            ("occ/cold", "skill/bread5", "cold"),
            ("occ/boulanger0", "skill/bread9", "links"),  # a skill nobody has seen
        ],
        columns=["occupationUri", "skillUri", "split"],
    )
    test_path = tmp_path / "links_test.csv"
    test_frame.to_csv(test_path, index=False)
    return train_path, occ_path, test_path


def test_esco_command_end_to_end_json(tmp_path):
    train_path, occ_path, _ = write_synthetic_esco(tmp_path)
    result = CliRunner().invoke(
        esco_command,
        ["--train", str(train_path), "--occupations", str(occ_path), "--seed", "1", "--json"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert {"train_links", "test_links", "tuned_on_train_validation", "results"} <= set(payload)
    row = payload["results"][0]
    expected = {"split", "group", "model", "occupations", "links", "recall@10", "recall@20"}
    assert expected | {"plain_recall@10", "plain_recall@20", "mrr", "ndcg@20"} <= set(row)
    assert {r["group"] for r in payload["results"]} == {"non-cold"}
    assert len({r["model"] for r in payload["results"]}) == 5
    completer = next(r for r in payload["results"] if "SkillCompleter" in r["model"])
    assert completer["recall@20"] == 1.0  # each trade's skills are a closed world


def test_esco_command_with_test_file_reports_splits_and_cold_apart(tmp_path):
    train_path, occ_path, test_path = write_synthetic_esco(tmp_path)
    result = CliRunner().invoke(
        esco_command,
        ["--train", str(train_path), "--test", str(test_path), "--occupations", str(occ_path)],
    )
    assert result.exit_code == 0, result.output
    assert "cold" in result.stdout and "non-cold" in result.stdout
    payload = json.loads(
        CliRunner()
        .invoke(
            esco_command,
            [
                *("--train", str(train_path), "--test", str(test_path)),
                *("--occupations", str(occ_path), "--json", "--k", "5"),
            ],
        )
        .stdout
    )
    groups = {(r["split"], r["group"]) for r in payload["results"]}
    assert groups == {("cold", "cold"), ("links", "non-cold")}
    cold = next(r for r in payload["results"] if r["group"] == "cold" and "Skill" in r["model"])
    assert cold["recall@10"] == 1.0  # both bread skills come from the boulangers' links
    assert payload["test_links_unknown_skill"] == 1
    unknown = [r for r in payload["results"] if r["split"] == "links"]
    assert all(r["recall@5"] == 0.0 and r["mrr"] == 0.0 for r in unknown)
