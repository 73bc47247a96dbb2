"""Members and requests as plain documents: bags of weighted terms plus French text.

Every estimator that compares people with people or people with requests needs the same first
step: turn a :class:`~matcher.domain.Dataset` into one row per member (or request) holding
what it says about skills, wishes and words. Doing it here, as pure functions returning
:class:`pandas.DataFrame` objects with plain ``dict``/``str`` cells, lets any model (the
similarity embedding, a ranker, a baseline in a benchmark) share it, and lets tests check it
without fitting anything.

Skills are expanded along the curated taxonomy, with lower weight, so that two members who
declare neighbouring skills still share terms: ``couture-machine`` and ``retouches`` both
have parent ``couture`` and domain ``couture``, so both documents contain
``skill:couture`` (× ``parent_factor``) and ``domain:couture`` (× ``domain_factor``).
Skill and domain ids live in separate namespaces (``skill:cuisine`` is not
``domain:cuisine``).

>>> from matcher.domain import Dataset, Member, MemberSkill
>>> ds = Dataset(members=[Member("m-1", "c-1", "Inès")],
...              member_skills=[MemberSkill("m-1", "retouches", 3)])
>>> member_documents(ds).loc[0, "skills"]
{'skill:retouches': 0.8, 'skill:couture': 0.4, 'domain:couture': 0.2}

The text helpers (:func:`fold`, :func:`word_terms`, :func:`char_terms`) and the matrix
helpers (:func:`build_vocabulary`, :func:`smooth_idf`, :func:`term_matrix`) are equally
plain, so a fitted vocabulary is just a list of strings and an idf just a list of floats:
easy to save as JSON, impossible to execute.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
import snowballstemmer

from matcher.domain import Dataset
from matcher.taxonomy import Taxonomy, load_taxonomy
from matcher.vocabulary import MAX_LEVEL, MIN_LEVEL

__all__ = [
    "DOMAIN_PREFIX",
    "FRENCH_STOPWORDS",
    "MEMBER_COLUMNS",
    "REQUEST_COLUMNS",
    "SKILL_PREFIX",
    "build_vocabulary",
    "char_terms",
    "document_frequency",
    "fold",
    "level_weight",
    "member_documents",
    "request_documents",
    "skill_terms",
    "smooth_idf",
    "term_matrix",
    "word_terms",
]

SKILL_PREFIX = "skill:"
DOMAIN_PREFIX = "domain:"
#: Columns of :func:`member_documents`, in order.
MEMBER_COLUMNS = ("member_id", "collective_id", "home_zone", "levels", "skills", "wishes", "text")
#: Columns of :func:`request_documents`, in order.
REQUEST_COLUMNS = (
    "request_id", "collective_id", "zone", "status", "required", "skills", "text",
)  # fmt: skip

#: Short French words that say nothing about skills (kept small and explicit on purpose).
# fmt: off
FRENCH_STOPWORDS = frozenset({
    "a", "ai", "au", "aux", "avec", "ce", "ces", "c", "ca", "cela", "d", "de", "des", "du",
    "elle", "en", "et", "etc", "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "lui",
    "m", "ma", "mais", "me", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou",
    "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "t", "ta",
    "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "est", "sont",
    "suis", "es", "etre", "avoir", "fait", "faire", "fais", "plus", "tres", "trop", "bien",
    "aussi", "tout", "tous", "toute", "toutes", "quand", "comme", "dans",
})
# fmt: on

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = frozenset("\u2019\u2018`\u00b4\u02bc")


# --- skills ---------------------------------------------------------------------------


def level_weight(level: int) -> float:
    """Weight of a level 0–4 in a document: ``(level + 1) / 5``, so 0.2 … 1.0.

    Level 0 ("je découvre") still counts a little (the member has touched the skill), and a
    member who can transmit (4) weighs five times more than a beginner.
    """
    clamped = min(max(int(level), MIN_LEVEL), MAX_LEVEL)
    return (clamped - MIN_LEVEL + 1) / (MAX_LEVEL - MIN_LEVEL + 1)


def skill_terms(
    skill_id: str,
    taxonomy: Taxonomy | None = None,
    *,
    parent_factor: float = 0.5,
    domain_factor: float = 0.25,
) -> dict[str, float]:
    """The terms a skill contributes to a document, with their factors.

    The skill itself weighs 1, its taxonomy parent ``parent_factor`` and its domain
    ``domain_factor``. A skill the taxonomy does not know (or an ESCO skill, which has
    neither parent nor domain) contributes only itself, so no input is ever rejected here.
    """
    terms = {SKILL_PREFIX + skill_id: 1.0}
    tax = taxonomy if taxonomy is not None else load_taxonomy()
    try:
        skill = tax.get(skill_id)
    except KeyError:
        return terms
    if skill.parent and parent_factor > 0:
        terms.setdefault(SKILL_PREFIX + skill.parent, parent_factor)
    if skill.domain and domain_factor > 0:
        terms[DOMAIN_PREFIX + skill.domain] = domain_factor
    return terms


def _add_max(document: dict[str, float], terms: Mapping[str, float], scale: float) -> None:
    """Merge ``terms × scale`` into ``document`` keeping, per term, the strongest evidence.

    The maximum (not the sum) keeps a parent term from growing with the number of children
    a member declares: five kinds of sewing are not five times "couture".
    """
    for term, factor in terms.items():
        weight = factor * scale
        if weight > document.get(term, 0.0):
            document[term] = weight


def _expander(
    taxonomy: Taxonomy | None, parent_factor: float, domain_factor: float
) -> Callable[[str], dict[str, float]]:
    tax = taxonomy if taxonomy is not None else load_taxonomy()
    cache: dict[str, dict[str, float]] = {}

    def expand(skill_id: str) -> dict[str, float]:
        if skill_id not in cache:
            cache[skill_id] = skill_terms(
                skill_id, tax, parent_factor=parent_factor, domain_factor=domain_factor
            )
        return cache[skill_id]

    return expand


def member_documents(
    dataset: Dataset,
    taxonomy: Taxonomy | None = None,
    *,
    parent_factor: float = 0.5,
    domain_factor: float = 0.25,
) -> pd.DataFrame:
    """One row per member of ``dataset``, in dataset order (columns :data:`MEMBER_COLUMNS`).

    * ``levels`` — ``{skill_id: level}`` as declared (the raw facts, for rules and baselines);
    * ``skills`` — expanded skill terms weighted by :func:`level_weight`;
    * ``wishes`` — expanded terms of the learning wishes, weighted ``1 / priority``
      (priority 1 is the first wish);
    * ``text`` — the passions, one per line (the member's own words).

    Rows of other tables pointing to unknown members are ignored.
    """
    expand = _expander(taxonomy, parent_factor, domain_factor)
    levels: dict[str, dict[str, int]] = {m.id: {} for m in dataset.members}
    skills: dict[str, dict[str, float]] = {m.id: {} for m in dataset.members}
    wishes: dict[str, dict[str, float]] = {m.id: {} for m in dataset.members}
    texts: dict[str, list[str]] = {m.id: [] for m in dataset.members}
    for held in dataset.member_skills:
        if held.member_id in skills:
            previous = levels[held.member_id].get(held.skill_id, -1)
            levels[held.member_id][held.skill_id] = max(previous, held.level)
            _add_max(skills[held.member_id], expand(held.skill_id), level_weight(held.level))
    for wish in dataset.learning_wishes:
        if wish.member_id in wishes:
            _add_max(wishes[wish.member_id], expand(wish.skill_id), 1.0 / max(wish.priority, 1))
    for passion in dataset.passions:
        if passion.member_id in texts and passion.text:
            texts[passion.member_id].append(passion.text)
    rows = [
        (
            m.id,
            m.collective_id,
            m.home_zone,
            levels[m.id],
            skills[m.id],
            wishes[m.id],
            "\n".join(texts[m.id]),
        )
        for m in dataset.members
    ]
    return pd.DataFrame(rows, columns=list(MEMBER_COLUMNS))


def request_documents(
    dataset: Dataset,
    taxonomy: Taxonomy | None = None,
    *,
    parent_factor: float = 0.5,
    domain_factor: float = 0.25,
    optional_factor: float = 0.5,
) -> pd.DataFrame:
    """One row per request of ``dataset``, in dataset order (columns :data:`REQUEST_COLUMNS`).

    * ``required`` — ``{skill_id: min_level}`` of the non-optional required skills (the
      facts a candidate must meet);
    * ``skills`` — expanded terms of every required skill, weighted
      ``level_weight(min_level) × (1 + ln count)``, × ``optional_factor`` when optional: a
      skill needed by three people at level 3 matters more than a nice-to-have;
    * ``text`` — title and description.

    The request's skills use the same ``skill:``/``domain:`` terms as a member's *held*
    skills, never the wish terms: a request asks for people who can do, so in any space
    built from these documents it meets holders, not learners.
    """
    expand = _expander(taxonomy, parent_factor, domain_factor)
    required: dict[str, dict[str, int]] = {r.id: {} for r in dataset.requests}
    skills: dict[str, dict[str, float]] = {r.id: {} for r in dataset.requests}
    for need in dataset.required_skills:
        if need.request_id not in skills:
            continue
        if not need.optional:
            previous = required[need.request_id].get(need.skill_id, -1)
            required[need.request_id][need.skill_id] = max(previous, need.min_level)
        scale = level_weight(need.min_level) * (1.0 + math.log(max(need.count, 1)))
        if need.optional:
            scale *= optional_factor
        _add_max(skills[need.request_id], expand(need.skill_id), scale)
    rows = [
        (
            r.id,
            r.collective_id,
            r.zone,
            r.status,
            required[r.id],
            skills[r.id],
            "\n".join(part for part in (r.title, r.description) if part),
        )
        for r in dataset.requests
    ]
    return pd.DataFrame(rows, columns=list(REQUEST_COLUMNS))


# --- French text ----------------------------------------------------------------------


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    decomposed = unicodedata.normalize("NFKD", char.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on demand: each distinct character is folded once."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercase, strip accents and unify apostrophes: "Pâtisserie d’Été" → "patisserie d'ete".

    Members write with or without accents; folding makes both spellings one term. Letters
    without a decomposition (``œ``, ``ß``) are only lowercased, never dropped.
    """
    return text.translate(_FOLD)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def word_terms(text: str) -> list[str]:
    """Folded, stemmed content words: "Je cuisine, j'adore cuisiner" → cuisin, ador, cuisin.

    Snowball French stems make "cuisine"/"cuisiner" and "coiffure"/"coiffures" one term;
    elided articles (``j'``, ``l'``) and short function words are dropped.
    """
    return [
        _stem(word)
        for word in _WORD.findall(fold(text))
        if len(word) > 1 and word not in FRENCH_STOPWORDS
    ]


def char_terms(text: str, ngram_range: tuple[int, int] = (3, 5)) -> list[str]:
    """Character n-grams inside word boundaries (each word padded with spaces), folded.

    They catch what stems miss: typos ("patiserie"), SMS spellings, gendered and plural
    forms ("coiffeuse"/"coiffeur"), compounds.
    """
    low, high = ngram_range
    grams: list[str] = []
    for word in _WORD.findall(fold(text)):
        padded = f" {word} "
        for n in range(low, high + 1):
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


# --- vocabularies and matrices --------------------------------------------------------


def document_frequency(
    documents: Iterable[Iterable[str]], copies: Iterable[int] | None = None
) -> Counter[str]:
    """In how many documents each term appears (a document is any iterable of terms).

    ``copies`` gives how many times each document occurs, so that a corpus with many
    identical texts can be analysed once per distinct text.
    """
    counts: Counter[str] = Counter()
    if copies is None:
        for document in documents:
            counts.update(set(document))
        return counts
    for document, copy_count in zip(documents, copies, strict=True):
        for term in set(document):
            counts[term] += int(copy_count)
    return counts


def build_vocabulary(
    documents: Iterable[Iterable[str]], min_df: int = 1, copies: Iterable[int] | None = None
) -> list[str]:
    """Sorted terms found in at least ``min_df`` documents (sorted: reproducible columns).

    ``min_df=2`` drops terms that only one person wrote: they cannot make two documents
    similar, and keeping them would copy someone's rare words into a saved model.
    """
    frequencies = document_frequency(documents, copies)
    return sorted(term for term, df in frequencies.items() if df >= min_df)


def smooth_idf(document_frequencies: Sequence[int] | np.ndarray, n_documents: int) -> np.ndarray:
    """``ln((1 + n) / (1 + df)) + 1``, scikit-learn's smoothed idf (never 0, never infinite)."""
    df = np.asarray(document_frequencies, dtype=np.float64)
    return np.log((1.0 + n_documents) / (1.0 + df)) + 1.0


def term_matrix(
    documents: Sequence[Mapping[str, float] | Iterable[str]], vocabulary: Sequence[str]
) -> sp.csr_matrix:
    """CSR matrix ``(len(documents), len(vocabulary))`` of term weights; unknown terms dropped.

    A document is either a mapping term → weight or an iterable of terms (counted).
    """
    index = {term: column for column, term in enumerate(vocabulary)}
    rows: list[int] = []
    columns: list[int] = []
    data: list[float] = []
    for row, document in enumerate(documents):
        weights = document if isinstance(document, Mapping) else Counter(document)
        for term, weight in weights.items():
            column = index.get(term)
            if column is not None and weight:
                rows.append(row)
                columns.append(column)
                data.append(weight)
    matrix = sp.csr_matrix(
        (np.asarray(data, dtype=np.float64), (np.asarray(rows, dtype=np.int64), columns)),
        shape=(len(documents), len(vocabulary)),
    )
    matrix.sort_indices()
    return matrix
