"""One embedding space for members and requests: the candidate-retrieval step.

Exact team solving and mentor assignment compare every candidate with every slot; when a pool
holds thousands of members that is too slow, so :class:`SimilarityModel` first retrieves a
short list by cosine similarity in a low-dimensional space where members and requests live
together. Three questions are asked of that space:

* :meth:`~SimilarityModel.similar_members` — members like this member (peer pairs, teams);
* :meth:`~SimilarityModel.members_for_request` — members who could serve this request;
* :meth:`~SimilarityModel.requests_for_member` — requests that fit this member.

**Features.** Each member or request is a row of four blocks built from
:mod:`matcher.models.features` documents:

========  ======================================================  =========================
block     member row                                              request row
========  ======================================================  =========================
skill     held skills, ``level_weight(level)``, expanded to       required skills, weighted
          taxonomy parent/domain; × idf over members              by min_level and count
wish      learning wishes, ``1/priority``, expanded; × idf        *empty*
text      passions: TF-IDF of stemmed words + char n-grams        title + description
zone      home zone (one-hot)                                     zone (one-hot)
========  ======================================================  =========================

Each block is L2-normalised per row and scaled by ``sqrt(weight)``, so that before the SVD the
dot product of two rows is the weighted sum of their per-block cosines. A ``TruncatedSVD``
fitted on members and requests together folds the blocks into ``n_components`` dimensions,
which lets co-occurrence speak ("ourlets" in a request text meets members holding
``retouches``); rows are then L2-normalised so that every score is a cosine.

**Holding beats wishing.** A request's skills sit in the *skill* block only, and each member
has two vectors: the *profile* vector (every block), compared with other members, and the
*service* vector (same features with the wish block left empty, as for a request), compared
with requests. So a member who holds the required skills meets the request in the skill
block, one who merely wishes them does not, and wishing more things never dilutes how well a
holder matches a job.

**Exact search.** Pools are below 10⁵ members, so a query is one matrix-vector product, a
partition and a stable sort of the best: exact, reproducible, under a millisecond at 10⁴.

>>> from matcher.domain import Dataset, Member, MemberSkill
>>> ds = Dataset(
...     members=[Member(f"m-{i}", "c", f"M{i}") for i in range(3)],
...     member_skills=[MemberSkill("m-0", "cuisine", 3), MemberSkill("m-1", "cuisine", 2),
...                    MemberSkill("m-2", "couture", 3)],
... )
>>> model = SimilarityModel().fit(ds)
>>> model.similar_members("m-0", k=1)[0][0]
'm-1'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.decomposition import TruncatedSVD
from sklearn.utils.validation import check_is_fitted

from matcher import __version__
from matcher.domain import Dataset, RequiredSkill, ServiceRequest
from matcher.models import features

__all__ = ["FORMAT_VERSION", "SimilarityModel"]

#: Layout of the fitted state (see :mod:`matcher.models.persistence`). Bump it whenever
#: the features, the blocks or the saved arrays change meaning: old files are then refused.
FORMAT_VERSION = 1

#: Vocabularies and idf vectors of the blocks, by name (the JSON part of the saved state).
_VOCABULARIES = ("skill", "wish", "zone", "word", "char")
_IDF = ("skill", "wish", "word", "char")

_ROLES = ("profile", "service", "request")

Match = tuple[str, float]


def _unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit L2 norm; empty rows (and empty blocks) stay zero."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float64).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(scale) @ matrix)


def _block(matrix: sp.csr_matrix, idf: np.ndarray | None, weight: float) -> sp.csr_matrix:
    """``idf``-scaled, row-L2-normalised block times ``sqrt(weight)`` (zero rows stay zero)."""
    if idf is not None:
        matrix = matrix @ sp.diags(idf)
    return _unit_rows(sp.csr_matrix(matrix)) * np.sqrt(weight)


def _sublinear(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """``1 + ln(tf)`` for stored counts: the tenth "cuisine" in a text adds little."""
    matrix = matrix.copy()
    matrix.data = 1.0 + np.log(matrix.data)
    return matrix


class _Texts:
    """Texts analysed once per distinct text (many passions and titles repeat verbatim).

    ``words``/``chars`` hold the terms of each distinct text, ``copies`` how often it
    occurs and ``inverse`` maps every original text to its distinct row.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        position: dict[str, int] = {}
        self.inverse = np.asarray([position.setdefault(t, len(position)) for t in texts], int)
        self.copies = np.bincount(self.inverse, minlength=len(position))
        self.words = [features.word_terms(t) for t in position]
        self.chars = [features.char_terms(t) for t in position]


def _frame_or_documents(
    data: Dataset | pd.DataFrame,
    builder: Callable[..., pd.DataFrame],
    columns: Sequence[str],
    **kwargs: float,
) -> pd.DataFrame:
    """Documents built from a Dataset, or given documents checked for their columns."""
    if isinstance(data, Dataset):
        return builder(data, **kwargs)
    if isinstance(data, pd.DataFrame):
        missing = [c for c in columns if c not in data.columns]
        if missing:
            raise ValueError(f"colonnes manquantes dans les documents : {missing}")
        return data.reset_index(drop=True)
    raise TypeError(f"attendu un Dataset ou un DataFrame de documents, reçu {type(data)!r}")


def _top(scores: np.ndarray, candidates: np.ndarray, ids: np.ndarray, k: int) -> list[Match]:
    """The ``k`` best candidates, best first; ties broken by fitted order (stable sort).

    Scores are rounded to 12 decimals first, so that floating-point noise (±1e-16 for
    members with nothing in common) never decides an order that differs between machines.
    """
    if k < 1 or candidates.size == 0:
        return []
    scores = np.round(scores, 12) + 0.0  # + 0.0 turns -0.0 into 0.0
    pool = scores[candidates]
    keep = np.arange(pool.size)
    if k < pool.size:  # partition first: O(n), then sort only the k best and their ties
        kth_best = np.partition(pool, pool.size - k)[pool.size - k]
        keep = np.flatnonzero(pool >= kth_best)
    order = candidates[keep[np.argsort(-pool[keep], kind="stable")[:k]]]
    return [(str(ids[i]), float(scores[i])) for i in order]


class SimilarityModel(BaseEstimator):
    """Members and requests embedded in one cosine space, with nearest-neighbour queries.

    Parameters
    ----------
    n_components : int
        Dimensions of the space (capped by the data: at most rows and features − 1).
    skill_weight, wish_weight, text_weight, zone_weight : float
        Share of each block in the dot product before the SVD (see the module docstring).
        Holding skills dominates by default; text and zone only break near-ties.
    parent_factor, domain_factor : float
        Weight of a skill's taxonomy parent and domain relative to the skill itself.
    optional_factor : float
        Weight of an optional required skill relative to a mandatory one.
    min_df : int
        A text term must occur in at least this many documents to enter the vocabulary.
    random_state : int
        Seed of the randomized SVD: the same data and seed give the same vectors.

    Attributes
    ----------
    member_ids_, request_ids_ : ndarray of str
        Fitted members and requests, in dataset order.
    member_vectors_, request_vectors_ : ndarray of shape (n, n_components_)
        L2-normalised embeddings (a zero row for an empty profile).
    member_service_vectors_ : ndarray of shape (n_members, n_components_)
        Members seen as servers (wish block empty): what requests are compared with.
    member_collectives_, request_collectives_, request_statuses_ : ndarray of str
        What the query filters use.
    components_ : ndarray of shape (n_components_, n_features)
        The SVD basis: ``vector = normalize(features @ components_.T)``.
    vocabularies_, idf_ : dict
        Terms of each block (lists of str) and idf of the weighted blocks (float arrays).
    format_version_, package_version_ : int, str
        Versions the fitted state was produced with (checked when loading a saved model).

    Examples
    --------
    >>> from matcher.demo import generate_demo
    >>> from datetime import date
    >>> demo = generate_demo(seed=1, today=date(2026, 11, 28))
    >>> model = SimilarityModel(random_state=0).fit(demo)
    >>> len(model.members_for_request(demo.requests[-1].id, k=5))
    5
    """

    def __init__(
        self,
        n_components: int = 64,
        skill_weight: float = 1.0,
        wish_weight: float = 0.5,
        text_weight: float = 0.25,
        zone_weight: float = 0.05,
        parent_factor: float = 0.5,
        domain_factor: float = 0.25,
        optional_factor: float = 0.5,
        min_df: int = 2,
        random_state: int = 0,
    ) -> None:
        self.n_components = n_components
        self.skill_weight = skill_weight
        self.wish_weight = wish_weight
        self.text_weight = text_weight
        self.zone_weight = zone_weight
        self.parent_factor = parent_factor
        self.domain_factor = domain_factor
        self.optional_factor = optional_factor
        self.min_df = min_df
        self.random_state = random_state

    # --- documents ----------------------------------------------------------------------

    def _expansion(self) -> dict[str, float]:
        return {"parent_factor": self.parent_factor, "domain_factor": self.domain_factor}

    def member_documents(self, data: Dataset | pd.DataFrame) -> pd.DataFrame:
        """Member documents of ``data`` with this model's expansion factors (or ``data`` as is)."""
        return _frame_or_documents(
            data, features.member_documents, features.MEMBER_COLUMNS, **self._expansion()
        )

    def request_documents(self, data: Dataset | pd.DataFrame) -> pd.DataFrame:
        """Request documents of ``data`` with this model's factors (or ``data`` as is)."""
        return _frame_or_documents(
            data,
            features.request_documents,
            features.REQUEST_COLUMNS,
            optional_factor=self.optional_factor,
            **self._expansion(),
        )

    # --- fit ----------------------------------------------------------------------------

    def _check_params(self) -> None:
        weights = (self.skill_weight, self.wish_weight, self.text_weight, self.zone_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError("les poids des blocs doivent être ≥ 0 et non tous nuls")
        if self.n_components < 1:
            raise ValueError("n_components doit être ≥ 1")
        if self.min_df < 1:
            raise ValueError("min_df doit être ≥ 1")

    def fit(self, dataset: Dataset, y=None) -> SimilarityModel:
        """Learn vocabularies, idf and the SVD basis from every member and request of ``dataset``.

        Requests take part in the SVD so that their words are tied to the skills they ask
        for; done requests from the history help as much as open ones.
        """
        self._check_params()
        members = self.member_documents(dataset)
        requests = self.request_documents(dataset)
        if members.empty:
            raise ValueError("aucun membre : impossible d'apprendre l'espace de similarité")
        texts = _Texts([*members["text"], *requests["text"]])
        self.vocabularies_ = {
            "skill": sorted({t for d in [*members["skills"], *requests["skills"]] for t in d}),
            "wish": sorted({t for d in members["wishes"] for t in d}),
            "zone": sorted({z for z in [*members["home_zone"], *requests["zone"]] if z}),
            "word": features.build_vocabulary(texts.words, self.min_df, texts.copies),
            "char": features.build_vocabulary(texts.chars, self.min_df, texts.copies),
        }
        self.idf_ = {
            "skill": self._idf(members["skills"], "skill"),
            "wish": self._idf(members["wishes"], "wish"),
            "word": self._idf(texts.words, "word", texts.copies),
            "char": self._idf(texts.chars, "char", texts.copies),
        }
        n_members = len(members)
        text = self._text_block(texts)
        member_text, request_text = text[:n_members], text[n_members:]
        member_x = self._features(members, "profile", member_text)
        request_x = self._features(requests, "request", request_text)
        matrix = sp.vstack([member_x, request_x]).tocsr()
        n_components = max(1, min(self.n_components, matrix.shape[0], matrix.shape[1] - 1))
        if matrix.shape[1] < 2:
            raise ValueError("trop peu de caractéristiques pour apprendre un espace")
        svd = TruncatedSVD(n_components=n_components, random_state=self.random_state)
        svd.fit(matrix)
        self.components_ = svd.components_
        self.n_components_ = self.components_.shape[0]
        self.member_ids_ = members["member_id"].to_numpy(dtype=str)
        self.member_collectives_ = members["collective_id"].to_numpy(dtype=str)
        self.request_ids_ = requests["request_id"].to_numpy(dtype=str)
        self.request_collectives_ = requests["collective_id"].to_numpy(dtype=str)
        self.request_statuses_ = requests["status"].to_numpy(dtype=str)
        self.member_vectors_ = self._embed(member_x)
        self.member_service_vectors_ = self._embed(self._features(members, "service", member_text))
        self.request_vectors_ = self._embed(request_x)
        self.format_version_ = FORMAT_VERSION
        self.package_version_ = __version__
        return self

    def _idf(
        self, documents: Sequence[Iterable[str]], block: str, copies: np.ndarray | None = None
    ) -> np.ndarray:
        """Smoothed idf of a block's vocabulary over ``documents`` (with their copy counts)."""
        frequencies = features.document_frequency(documents, copies)
        counts = [frequencies.get(term, 0) for term in self.vocabularies_[block]]
        n_documents = len(documents) if copies is None else int(copies.sum())
        return features.smooth_idf(counts, n_documents)

    # --- features and embedding ---------------------------------------------------------

    def _text_block(self, texts: _Texts) -> sp.csr_matrix:
        """Unit rows: half stemmed words, half char n-grams (each sublinear tf × idf)."""
        vocab = self.vocabularies_
        word = _sublinear(features.term_matrix(texts.words, vocab["word"]))
        char = _sublinear(features.term_matrix(texts.chars, vocab["char"]))
        halves = [_block(word, self.idf_["word"], 0.5), _block(char, self.idf_["char"], 0.5)]
        return _unit_rows(sp.hstack(halves).tocsr())[texts.inverse]

    def _features(
        self, documents: pd.DataFrame, role: str, text: sp.csr_matrix | None = None
    ) -> sp.csr_matrix:
        """The weighted, block-normalised feature rows of documents in one of three roles.

        ``"profile"``: a member as a person (every block); ``"service"``: a member as someone
        who could do a job (wish block left empty, like a request's); ``"request"``. ``text``
        is the text block when already computed (fit reuses it across roles).
        """
        if role not in _ROLES:
            raise ValueError(f"rôle inconnu {role!r}, attendu l'un de {_ROLES}")
        vocab = self.vocabularies_
        if text is None:
            text = self._text_block(_Texts(list(documents["text"])))
        skills = features.term_matrix(list(documents["skills"]), vocab["skill"])
        if role == "profile":
            wishes = features.term_matrix(list(documents["wishes"]), vocab["wish"])
        else:
            wishes = sp.csr_matrix((len(documents), len(vocab["wish"])))
        zones = list(documents["zone" if role == "request" else "home_zone"])
        zone = features.term_matrix([[z] for z in zones], vocab["zone"])
        blocks = [
            _block(skills, self.idf_["skill"], self.skill_weight),
            _block(wishes, self.idf_["wish"], self.wish_weight),
            _block(text, None, self.text_weight),
            _block(zone, None, self.zone_weight),
        ]
        return sp.hstack(blocks).tocsr()

    def _embed(self, matrix: sp.csr_matrix) -> np.ndarray:
        vectors = np.asarray(matrix @ self.components_.T, dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)

    def transform_members(
        self, data: Dataset | pd.DataFrame, *, role: str = "profile"
    ) -> np.ndarray:
        """Embeddings of the members of a Dataset (or of member documents), fitted or not.

        Members unseen in :meth:`fit` are embedded with the fitted vocabularies: their known
        skills, wishes and words count, terms the model never saw are ignored. ``role`` is
        ``"profile"`` (compare with members) or ``"service"`` (compare with requests).
        """
        check_is_fitted(self, "components_")
        if role == "request":
            raise ValueError("un membre n'a pas le rôle 'request'")
        return self._embed(self._features(self.member_documents(data), role))

    def transform_requests(self, data: Dataset | pd.DataFrame) -> np.ndarray:
        """Embeddings of the requests of a Dataset (or of request documents), fitted or not."""
        check_is_fitted(self, "components_")
        return self._embed(self._features(self.request_documents(data), "request"))

    # --- queries ------------------------------------------------------------------------

    def _member_row(self, member_id: str) -> int:
        check_is_fitted(self, "components_")
        rows = np.flatnonzero(self.member_ids_ == member_id)
        if rows.size == 0:
            raise KeyError(f"membre inconnu du modèle : {member_id!r}")
        return int(rows[0])

    def nearest_members(
        self,
        vector: np.ndarray,
        k: int = 10,
        *,
        role: str = "profile",
        collective_id: str | None = None,
        exclude: Sequence[str] = (),
    ) -> list[Match]:
        """Fitted members closest to ``vector`` (any vector of this space), best first.

        ``role="profile"`` compares with whole member profiles (a member's vector);
        ``role="service"`` with what members can do (a request's vector).
        """
        check_is_fitted(self, "components_")
        if role not in {"profile", "service"}:
            raise ValueError(f"rôle inconnu {role!r}, attendu 'profile' ou 'service'")
        vectors = self.member_vectors_ if role == "profile" else self.member_service_vectors_
        mask = np.ones(self.member_ids_.size, dtype=bool)
        if collective_id is not None:
            mask &= self.member_collectives_ == collective_id
        if exclude:
            mask &= ~np.isin(self.member_ids_, list(exclude))
        scores = vectors @ np.asarray(vector, dtype=np.float64).ravel()
        return _top(scores, np.flatnonzero(mask), self.member_ids_, k)

    def nearest_requests(
        self,
        vector: np.ndarray,
        k: int = 10,
        *,
        collective_id: str | None = None,
        status: str | None = "open",
    ) -> list[Match]:
        """Fitted requests closest to ``vector``, best first (by default open ones only)."""
        check_is_fitted(self, "components_")
        mask = np.ones(self.request_ids_.size, dtype=bool)
        if collective_id is not None:
            mask &= self.request_collectives_ == collective_id
        if status is not None:
            mask &= self.request_statuses_ == status
        scores = self.request_vectors_ @ np.asarray(vector, dtype=np.float64).ravel()
        return _top(scores, np.flatnonzero(mask), self.request_ids_, k)

    def similar_members(
        self,
        member_id: str,
        k: int = 10,
        exclude_self: bool = True,
        *,
        collective_id: str | None = None,
    ) -> list[Match]:
        """Members whose skills, wishes and passions look most like this member's.

        Useful for peer pairs and teams of people who get along on the same ground; the
        member itself is left out unless ``exclude_self=False``.
        """
        row = self._member_row(member_id)
        exclude = [member_id] if exclude_self else []
        return self.nearest_members(
            self.member_vectors_[row], k, collective_id=collective_id, exclude=exclude
        )

    def members_for_request(
        self,
        request: str | ServiceRequest,
        k: int = 10,
        *,
        required_skills: Sequence[RequiredSkill] = (),
        collective_id: str | None = None,
    ) -> list[Match]:
        """Members who could serve a request: holders of its skills first, then neighbours.

        ``request`` is a fitted request id, or a :class:`ServiceRequest` (new or changed)
        embedded on the spot with ``required_skills`` (which must all belong to it). This is a
        short list for the exact solver, not a verdict: levels, availability, age rules and
        travel are checked downstream.
        """
        check_is_fitted(self, "components_")
        if isinstance(request, ServiceRequest):
            vector = self._request_vector(request, required_skills)
        else:
            rows = np.flatnonzero(self.request_ids_ == request)
            if rows.size == 0:
                raise KeyError(f"demande inconnue du modèle : {request!r}")
            vector = self.request_vectors_[rows[0]]
        return self.nearest_members(vector, k, role="service", collective_id=collective_id)

    def _request_vector(
        self, request: ServiceRequest, required_skills: Sequence[RequiredSkill]
    ) -> np.ndarray:
        strangers = sorted({s.request_id for s in required_skills} - {request.id})
        if strangers:
            raise ValueError(
                f"compétences requises d'une autre demande que {request.id!r} : {strangers}"
            )
        single = Dataset(requests=[request], required_skills=list(required_skills))
        return self.transform_requests(single)[0]

    def requests_for_member(
        self,
        member_id: str,
        k: int = 10,
        *,
        collective_id: str | None = None,
        status: str | None = "open",
    ) -> list[Match]:
        """Requests this member could serve, best first: the mirror of members_for_request.

        The member is seen through what they can do (their service vector: wishes left
        out), as requests see members. Only ``status`` requests are considered (open ones by
        default; ``None`` for all), optionally within one collective.
        """
        row = self._member_row(member_id)
        return self.nearest_requests(
            self.member_service_vectors_[row], k, collective_id=collective_id, status=status
        )

    # --- state for persistence ----------------------------------------------------------

    def export_state(self) -> tuple[dict[str, object], dict[str, np.ndarray]]:
        """The fitted state as JSON-ready values and plain (never object) arrays."""
        check_is_fitted(self, "components_")
        meta: dict[str, object] = {
            "n_components_": int(self.n_components_),
            "package_version_": self.package_version_,
            "vocabularies": {name: list(self.vocabularies_[name]) for name in _VOCABULARIES},
            "idf": {name: [float(v) for v in self.idf_[name]] for name in _IDF},
        }
        arrays = {
            "components": self.components_,
            "member_vectors": self.member_vectors_,
            "member_service_vectors": self.member_service_vectors_,
            "request_vectors": self.request_vectors_,
            "member_ids": self.member_ids_,
            "member_collectives": self.member_collectives_,
            "request_ids": self.request_ids_,
            "request_collectives": self.request_collectives_,
            "request_statuses": self.request_statuses_,
        }
        return meta, arrays

    def restore_state(
        self, meta: Mapping[str, object], arrays: Mapping[str, np.ndarray]
    ) -> SimilarityModel:
        """Set the fitted state from :meth:`export_state` output, checking its consistency."""
        vocabularies = meta["vocabularies"]
        idf = meta["idf"]
        if not isinstance(vocabularies, Mapping) or not isinstance(idf, Mapping):
            raise ValueError("état du modèle invalide : vocabulaires ou idf manquants")
        self.vocabularies_ = {name: _strings(vocabularies[name]) for name in _VOCABULARIES}
        self.idf_ = {name: np.asarray(idf[name], dtype=np.float64) for name in _IDF}
        for name in _IDF:
            if self.idf_[name].shape != (len(self.vocabularies_[name]),):
                raise ValueError(f"état du modèle invalide : idf {name!r} de mauvaise taille")
        n_features = sum(len(self.vocabularies_[n]) for n in _VOCABULARIES)
        components = np.asarray(arrays["components"], dtype=np.float64)
        if components.ndim != 2 or components.shape[1] != n_features:
            raise ValueError(
                "état du modèle invalide : base SVD incompatible avec les vocabulaires"
            )
        self.components_ = components
        self.n_components_ = int(meta["n_components_"])  # type: ignore[arg-type]
        self.member_vectors_ = np.asarray(arrays["member_vectors"], dtype=np.float64)
        self.member_service_vectors_ = np.asarray(
            arrays["member_service_vectors"], dtype=np.float64
        )
        self.request_vectors_ = np.asarray(arrays["request_vectors"], dtype=np.float64)
        for name in ("member_ids", "member_collectives"):
            setattr(self, f"{name}_", _ids(arrays[name], self.member_vectors_.shape[0], name))
        for name in ("request_ids", "request_collectives", "request_statuses"):
            setattr(self, f"{name}_", _ids(arrays[name], self.request_vectors_.shape[0], name))
        vectors = (self.member_vectors_, self.member_service_vectors_, self.request_vectors_)
        if any(v.ndim != 2 or v.shape[1] != components.shape[0] for v in vectors) or (
            self.member_service_vectors_.shape != self.member_vectors_.shape
        ):
            raise ValueError("état du modèle invalide : vecteurs de mauvaise dimension")
        self.format_version_ = FORMAT_VERSION
        self.package_version_ = str(meta["package_version_"])
        return self


def _strings(values: object) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError("état du modèle invalide : un vocabulaire doit être une liste de textes")
    return values


def _ids(values: np.ndarray, n_rows: int, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind != "U" or array.shape != (n_rows,):
        raise ValueError(f"état du modèle invalide : {name!r} doit être {n_rows} textes")
    return array
