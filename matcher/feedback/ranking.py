"""Learning the ranking from coordinators' decisions: criteria weights per collective.

The engine ranks feasible teams by ``Σ w_c × criterion_c / Σ w_c`` (docs/instance-format.md
§5). Each decided team proposal is a labelled example: its stored score breakdown (the six
criteria) and whether it was accepted (1) or declined for a ranking reason (0) — declines
for facts of the world (an absence, a cancelled request) teach nothing about the criteria
and are left out, as are superseded proposals (nobody judged them).

A logistic regression on those examples gives one coefficient β_c per criterion: how much
the criterion raises the odds of acceptance. The learned weights are the prior weights
scaled by ``exp(β_c)`` and rescaled to the prior's total: a criterion the coordinators
reward gains weight, one they keep declining loses it, none reaches zero. The L2 penalty
of the regression is a Gaussian prior on β centred on 0 — that is, on the prior weights —
so with few decisions β stays near 0 and the prior dominates; the data wins only as
consistent decisions accumulate. Weights only reorder feasible teams: hard constraints are
checked by the engine whatever the weights, so no learning can ever propose an illegal team.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import numpy as np
from sklearn.linear_model import LogisticRegression

from matcher.domain import Dataset, Proposal, RankingModel
from matcher.engine.codes import CRITERIA, DEFAULT_WEIGHTS
from matcher.feedback.decisions import decline_code
from matcher.feedback.vocabulary import RANKING_REASONS

__all__ = ["CriteriaWeightLearner", "learn_ranking", "learned_weights", "training_set"]


class CriteriaWeightLearner:
    """Criteria weights from accepted (1) / declined (0) score breakdowns.

    Parameters
    ----------
    prior : mapping criterion → weight, default the engine's default weights.
    C : inverse strength of the prior (the L2 penalty); at 0.1 the prior outweighs about
        twenty decisions (docs/feedback.md gives the measured drift).
    max_log_change : bound on |β| so a weight moves at most by a factor ``e**max_log_change``.

    Examples
    --------
    >>> X = [[1, 1, 0.2, 1, 0.5, 0.5]] * 40 + [[1, 1, 0.9, 0.2, 0.5, 0.5]] * 40
    >>> y = [0] * 40 + [1] * 40
    >>> w = CriteriaWeightLearner().fit(X, y).weights_
    >>> w["fairness"] > DEFAULT_WEIGHTS["fairness"], w["cohesion"] < DEFAULT_WEIGHTS["cohesion"]
    (True, True)
    """

    def __init__(
        self, prior: Mapping[str, float] | None = None, C: float = 0.1, max_log_change: float = 3.0
    ) -> None:
        self.prior = prior
        self.C = C
        self.max_log_change = max_log_change

    def fit(self, X, y) -> CriteriaWeightLearner:
        X = np.asarray(X, dtype=float).reshape(-1, len(CRITERIA))
        y = np.asarray(y, dtype=int)
        prior = np.array([(self.prior or DEFAULT_WEIGHTS)[c] for c in CRITERIA], dtype=float)
        self.n_decisions_ = len(y)
        if len(np.unique(y)) < 2:
            self.coef_ = np.zeros(len(CRITERIA))
        else:
            model = LogisticRegression(C=self.C, max_iter=1000).fit(X, y)
            self.coef_ = np.clip(model.coef_[0], -self.max_log_change, self.max_log_change)
        raw = prior * np.exp(self.coef_)
        scaled = raw * prior.sum() / raw.sum()
        self.weights_ = {c: round(float(w), 4) for c, w in zip(CRITERIA, scaled, strict=True)}
        return self


def _label(proposal: Proposal) -> int | None:
    if proposal.status == "accepted":
        return 1
    if proposal.status == "declined" and decline_code(proposal.decision_reason) in RANKING_REASONS:
        return 0
    return None


def training_set(dataset: Dataset, collective_id: str) -> tuple[list[list[float]], list[int]]:
    """Breakdowns and labels of the collective's decided team proposals (see module doc)."""
    X, y = [], []
    for proposal in dataset.proposals:
        label = _label(proposal)
        breakdown = proposal.score_breakdown
        if (
            proposal.kind == "team"
            and proposal.collective_id == collective_id
            and label is not None
            and all(c in breakdown for c in CRITERIA)
        ):
            X.append([float(breakdown[c]) for c in CRITERIA])
            y.append(label)
    return X, y


def learn_ranking(dataset: Dataset, collective_id: str, now: datetime) -> RankingModel:
    """Refit the collective's weights on every decision stored in ``dataset``."""
    X, y = training_set(dataset, collective_id)
    learner = CriteriaWeightLearner().fit(X, y)
    return RankingModel(collective_id, learner.weights_, learner.n_decisions_, now)


def learned_weights(dataset: Dataset, collective_id: str) -> dict[str, float] | None:
    """The stored weights of the collective (for ``request_instance(weights=...)``), if any."""
    for model in dataset.ranking_models:
        if model.collective_id == collective_id and model.decisions:
            return dict(model.weights)
    return None
