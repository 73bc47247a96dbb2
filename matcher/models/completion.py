"""Occupation → skill completion: which skills is an occupation (or a member's profile) missing?

Every estimator here learns from one binary sparse matrix ``X`` (rows = occupations, columns =
skills, 1 = "this occupation needs this skill") and scores, for rows of that same matrix, every
column. ``rows`` are row indices into the fitted matrix, so a row with no link at all (a *cold*
occupation) can be scored too, from its labels, by :class:`SkillCompleter`.

The shape follows scikit-learn (``__init__`` only stores parameters, ``fit`` returns ``self``,
learned attributes end in ``_``, ``check_is_fitted`` guards every use) so the models can be
cloned, compared and tuned the usual way. Nothing here reads a file: callers pass arrays.

* :class:`PopularityRecommender`, :class:`OccupationKNN` — the baselines any model must beat.
* :class:`ItemKNN` — skill-skill cosine co-occurrence.
* :class:`EASE` — closed-form linear item-item model (Steck 2019), solved on whichever side of
  the matrix is smaller, restricted to skills seen in ``X``.
* :class:`SkillCompleter` — EASE plus French label similarity, and a label route (TF-IDF
  neighbours) for cold rows. This is the model the product uses.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.linalg import lapack
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

__all__ = [
    "EASE",
    "ItemKNN",
    "OccupationKNN",
    "PopularityRecommender",
    "SkillCompleter",
    "top_k",
]

RowsLike = Sequence[int] | np.ndarray


def _binary_csr(X) -> sp.csr_matrix:
    """Validated float64 CSR copy of ``X`` with every stored value set to 1."""
    matrix = sp.csr_matrix(X, dtype=np.float64, copy=True)
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    matrix.data[:] = 1.0
    return matrix


def _rows(rows: RowsLike, n_rows: int) -> np.ndarray:
    index = np.asarray(rows, dtype=np.int64).reshape(-1)
    if index.size and (index.min() < 0 or index.max() >= n_rows):
        raise IndexError(f"row index out of range for a matrix of {n_rows} rows")
    return index


def _keep_top(similarity: np.ndarray, n_neighbors: int) -> np.ndarray:
    """Zero all but the ``n_neighbors`` largest entries of each row (in place, returned)."""
    if n_neighbors < similarity.shape[1]:
        dropped = np.argpartition(-similarity, n_neighbors, axis=1)[:, n_neighbors:]
        np.put_along_axis(similarity, dropped, 0.0, axis=1)
    return similarity


def _spd_inverse(gram: np.ndarray, ridge: float) -> np.ndarray:
    """``(gram + ridge·I)⁻¹`` through a Cholesky factorisation: the matrix is symmetric positive
    definite, so this is cheaper and steadier than a general LU inverse."""
    gram = np.array(gram, dtype=np.float64, order="F")
    if gram.size == 0:
        return gram
    gram[np.diag_indices_from(gram)] += ridge
    factor, info = lapack.dpotrf(gram, lower=True, overwrite_a=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"matrix not positive definite (dpotrf info={info})")
    inverse, info = lapack.dpotri(factor, lower=True, overwrite_c=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"inversion failed (dpotri info={info})")
    lower = np.tril(inverse)
    return lower + np.tril(lower, -1).T


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` best scores of each row, best first, ties by lower index.

    A stable sort makes rankings reproducible across runs and machines (``argpartition`` alone
    is not stable on ties, which are common: many skills score exactly 0).
    """
    k = min(k, scores.shape[1])
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


class _Completion(BaseEstimator):
    """Shared ``recommend``: score, hide the excluded items, keep the best ``k``."""

    def score_items(self, rows: RowsLike) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def recommend(self, rows: RowsLike, k: int = 20, exclude=None) -> np.ndarray:
        """The ``k`` best items for each row, as an int array ``(len(rows), k)``, best first.

        ``exclude`` is a boolean (dense or sparse) ``(len(rows), n_items)`` mask of items never
        to return; by default the rows' own links in the fitted matrix (skills already known).
        Excluded items get ``-inf`` and so come last if a row has fewer than ``k`` candidates.
        """
        check_is_fitted(self, "X_")
        index = _rows(rows, self.X_.shape[0])
        scores = np.array(self.score_items(index), dtype=np.float64)
        mask = self.X_[index] if exclude is None else exclude
        mask = mask.toarray() if sp.issparse(mask) else np.asarray(mask)
        scores[mask.astype(bool)] = -np.inf
        return top_k(scores, k)


class PopularityRecommender(_Completion):
    """Every row gets the same ranking: skills by number of occupations that need them."""

    def fit(self, X, y=None) -> PopularityRecommender:
        self.X_ = _binary_csr(X)
        self.popularity_ = np.asarray(self.X_.sum(axis=0), dtype=np.float64).ravel()
        return self

    def score_items(self, rows: RowsLike) -> np.ndarray:
        check_is_fitted(self, "popularity_")
        index = _rows(rows, self.X_.shape[0])
        return np.tile(self.popularity_, (index.size, 1))


class OccupationKNN(_Completion):
    """User-kNN: cosine between occupations' binary link rows; score = sum of the similarities
    of the ``n_neighbors`` most similar *other* occupations that need the skill."""

    def __init__(self, n_neighbors: int = 50) -> None:
        self.n_neighbors = n_neighbors

    def fit(self, X, y=None) -> OccupationKNN:
        self.X_ = _binary_csr(X)
        self.normalized_ = normalize(self.X_, norm="l2", axis=1)
        return self

    def score_items(self, rows: RowsLike) -> np.ndarray:
        check_is_fitted(self, "normalized_")
        index = _rows(rows, self.X_.shape[0])
        similarity = (self.normalized_[index] @ self.normalized_.T).toarray()
        similarity[np.arange(index.size), index] = 0.0  # an occupation is not its own neighbour
        similarity = _keep_top(similarity, self.n_neighbors)
        return np.asarray(self.X_.T @ similarity.T).T


class ItemKNN(_Completion):
    """Item-kNN: score of skill j = sum over the row's skills i of cosine(i, j), where cosine is
    computed on the skills' occupation columns (co-occurrence normalised by popularity)."""

    def fit(self, X, y=None) -> ItemKNN:
        self.X_ = _binary_csr(X)
        columns = normalize(self.X_.tocsc(), norm="l2", axis=0)
        similarity = (columns.T @ columns).tocsr()
        similarity = (similarity - sp.diags(similarity.diagonal())).tocsr()  # no self-vote
        similarity.eliminate_zeros()
        self.similarity_ = similarity
        return self

    def score_items(self, rows: RowsLike) -> np.ndarray:
        check_is_fitted(self, "similarity_")
        index = _rows(rows, self.X_.shape[0])
        return (self.X_[index] @ self.similarity_).toarray()


class EASE(_Completion):
    """EASE: item-item weights ``B`` minimising ``||X - XB||² + l2·||B||²`` with ``diag(B)=0``.

    Closed form: ``P = (XᵀX + l2·I)⁻¹``, ``B = I - P·diag(1/diag P)``. With far more skills
    (~12,600) than occupations (~2,900), inverting ``XᵀX`` would need a 1.3 GB matrix and
    ~85× the arithmetic, so the ``"dual"`` solver uses the Woodbury identity:
    ``XP = (XXᵀ + l2·I)⁻¹X`` and ``diag P = (1 - diag(Xᵀ(XXᵀ + l2·I)⁻¹X)) / l2`` only need an
    occupations×occupations inverse; ``B`` is never materialised (``projected_`` holds
    ``(XXᵀ + l2·I)⁻¹X``, ~0.3 GB on ESCO). ``"auto"`` picks the smaller side. Only skills
    seen in ``X`` are modelled (an unseen skill has no column to learn from); they score 0.
    """

    def __init__(self, l2: float = 10.0, solver: str = "auto") -> None:
        self.l2 = l2
        self.solver = solver

    def fit(self, X, y=None) -> EASE:
        if self.l2 <= 0:
            raise ValueError("l2 must be > 0")
        if self.solver not in {"auto", "dual", "primal"}:
            raise ValueError(f"unknown solver {self.solver!r}")
        self.X_ = _binary_csr(X)
        self.items_ = np.flatnonzero(np.asarray(self.X_.getnnz(axis=0)) > 0)
        active = self.X_[np.flatnonzero(self.X_.getnnz(axis=1) > 0)][:, self.items_]
        solver = self.solver
        if solver == "auto":
            solver = "dual" if active.shape[0] < active.shape[1] else "primal"
        self.solver_ = solver
        if solver == "dual":
            inverse = _spd_inverse((active @ active.T).toarray(), self.l2)
            self.projected_ = np.asarray(active.T @ inverse).T  # (XXᵀ + l2·I)⁻¹ X, dense
            self.basis_ = active.tocsr()
            quad = np.asarray(active.multiply(self.projected_).sum(axis=0)).ravel()
            self.diag_p_ = (1.0 - quad) / self.l2
        else:
            inverse = _spd_inverse((active.T @ active).toarray(), self.l2)
            self.diag_p_ = np.diag(inverse).copy()
            self.weights_ = -inverse / self.diag_p_[np.newaxis, :]
            np.fill_diagonal(self.weights_, 0.0)
        return self

    def score_items(self, rows: RowsLike) -> np.ndarray:
        check_is_fitted(self, "diag_p_")
        index = _rows(rows, self.X_.shape[0])
        query = self.X_[index][:, self.items_]
        if self.solver_ == "dual":
            dense = query.toarray()
            query_p = (dense - (query @ self.basis_.T).toarray() @ self.projected_) / self.l2
            seen_scores = dense - query_p / self.diag_p_[np.newaxis, :]
        else:
            seen_scores = np.asarray(query @ self.weights_)
        scores = np.zeros((index.size, self.X_.shape[1]))
        scores[:, self.items_] = seen_scores
        return scores


def label_vectorizer() -> TfidfVectorizer:
    """TF-IDF over character n-grams (inside word boundaries) of accent-folded labels.

    Character n-grams make "tréfilerie" meet "tréfilage" and "opérateur" meet "opératrice",
    which matters because ESCO's French labels are gendered pairs and synonyms are sparse.
    """
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        strip_accents="unicode",
        lowercase=True,
        sublinear_tf=True,
        min_df=2,
        dtype=np.float64,
    )


class SkillCompleter(_Completion):
    """The product model: EASE + label similarity for rows with links; labels only for cold rows.

    Warm row: ``EASE score + label_weight · cos(row label, skill label)``; the label term lifts
    skills that EASE cannot see (absent from the training links) when their name echoes the
    occupation's. Cold row (no link): borrow the links of the ``cold_neighbors`` occupations
    whose labels are most similar (weights ``cos**cold_power``), scale to a maximum of 1, and add
    ``cold_label_weight · cos(row label, skill label)``. A row with neither links nor label gets
    popularity. Labels are passed to :meth:`fit` (``row_texts``/``item_texts``, aligned with
    ``X``): without item labels the label terms are 0; without row labels the model is plain
    EASE and cold rows get popularity.
    """

    def __init__(
        self,
        l2: float = 10.0,
        label_weight: float = 0.1,
        cold_neighbors: int = 40,
        cold_power: float = 2.0,
        cold_label_weight: float = 0.2,
    ) -> None:
        self.l2 = l2
        self.label_weight = label_weight
        self.cold_neighbors = cold_neighbors
        self.cold_power = cold_power
        self.cold_label_weight = cold_label_weight

    def fit(
        self,
        X,
        y=None,
        *,
        row_texts: Sequence[str] | None = None,
        item_texts: Sequence[str] | None = None,
    ) -> SkillCompleter:
        self.X_ = _binary_csr(X)
        self.ease_ = EASE(l2=self.l2).fit(self.X_)
        popularity = np.asarray(self.X_.sum(axis=0), dtype=np.float64).ravel()
        self.popularity_ = popularity / max(popularity.max(initial=0.0), 1.0)
        self.row_labels_ = self.item_labels_ = None
        if row_texts is not None:
            items = list(item_texts) if item_texts is not None else []
            if len(row_texts) != self.X_.shape[0] or len(items) not in {0, self.X_.shape[1]}:
                raise ValueError("row_texts/item_texts must align with the rows/columns of X")
            try:
                labels = label_vectorizer().fit_transform([*row_texts, *items]).tocsr()
            except ValueError:  # empty vocabulary: no n-gram shared by two labels, no signal
                pass
            else:
                self.row_labels_ = labels[: len(row_texts)]
                self.item_labels_ = labels[len(row_texts) :] if items else None
        self.warm_rows_ = np.flatnonzero(self.X_.getnnz(axis=1) > 0)
        return self

    def label_similarity(self, rows: RowsLike) -> np.ndarray:
        """Cosine between the rows' labels and every item's label; zeros without labels."""
        check_is_fitted(self, "ease_")
        index = _rows(rows, self.X_.shape[0])
        if self.row_labels_ is None or self.item_labels_ is None:
            return np.zeros((index.size, self.X_.shape[1]))
        return (self.row_labels_[index] @ self.item_labels_.T).toarray()

    def neighbour_scores(self, rows: RowsLike) -> np.ndarray:
        """Cold route, first term: links borrowed from the label-nearest occupations with links,
        weighted by ``cos**cold_power`` and scaled so that each row's best skill scores 1."""
        check_is_fitted(self, "ease_")
        index = _rows(rows, self.X_.shape[0])
        if self.row_labels_ is None:
            return np.zeros((index.size, self.X_.shape[1]))
        similarity = (self.row_labels_[index] @ self.row_labels_[self.warm_rows_].T).toarray()
        similarity[index[:, np.newaxis] == self.warm_rows_[np.newaxis, :]] = 0.0  # never itself
        similarity = _keep_top(similarity, self.cold_neighbors) ** self.cold_power
        borrowed = np.asarray(self.X_[self.warm_rows_].T @ similarity.T).T
        top = borrowed.max(axis=1, keepdims=True)
        return borrowed / np.where(top > 0, top, 1.0)

    def _cold_scores(self, index: np.ndarray) -> np.ndarray:
        scores = self.neighbour_scores(index) + self.cold_label_weight * self.label_similarity(
            index
        )
        scores[~scores.any(axis=1)] = self.popularity_  # no label signal at all
        return scores

    def score_items(self, rows: RowsLike) -> np.ndarray:
        check_is_fitted(self, "ease_")
        index = _rows(rows, self.X_.shape[0])
        warm = self.X_.getnnz(axis=1)[index] > 0
        scores = np.empty((index.size, self.X_.shape[1]))
        if warm.any():
            warm_index = index[warm]
            scores[warm] = self.ease_.score_items(warm_index) + (
                self.label_weight * self.label_similarity(warm_index)
            )
        if (~warm).any():
            scores[~warm] = self._cold_scores(index[~warm])
        return scores
