"""Typo correction for the extractor: "patiserie" is read as "pâtisserie".

Part of :mod:`matcher.models.extract` (internal). A word unknown to the taxonomy is
compared with the taxonomy's words by character n-gram TF-IDF (scikit-learn, one sparse
product per batch) to find candidates, and a candidate is accepted only within one edit
(two for long words) and with the same first letter. Corrections are remembered in a
bounded :class:`LRUCache`, so a long batch job cannot grow memory without limit.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = [
    "FUZZY_CACHE_SIZE",
    "FUZZY_MIN_LENGTH",
    "LRUCache",
    "best_correction",
    "char_ngram_index",
    "levenshtein",
]

#: Words shorter than this are never corrected (too many neighbours).
FUZZY_MIN_LENGTH = 6
#: How many corrections (or "no correction") the extractor remembers between calls.
FUZZY_CACHE_SIZE = 50_000
_CANDIDATES = 5

_MISSING = object()


class LRUCache:
    """A mapping of at most ``maxsize`` entries; the least recently used goes first.

    >>> cache = LRUCache(2)
    >>> cache["a"], cache["b"] = 1, 2
    >>> cache.get("a")
    1
    >>> cache["c"] = 3
    >>> "b" in cache, len(cache)
    (False, 2)
    """

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError("La taille du cache doit être au moins 1.")
        self.maxsize = maxsize
        self._data: OrderedDict[str, str | None] = OrderedDict()

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def __setitem__(self, key: str, value: str | None) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.maxsize:
            self._data.popitem(last=False)

    def get(self, key: str, default: object = None) -> object:
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            return default
        self._data.move_to_end(key)
        return value

    def clear(self) -> None:
        self._data.clear()


def char_ngram_index(words: Iterable[str]) -> tuple[list[str], TfidfVectorizer, object]:
    """(sorted words long enough to correct to, fitted vectorizer, their TF-IDF matrix)."""
    kept = sorted(w for w in set(words) if len(w) >= FUZZY_MIN_LENGTH)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3))
    matrix = vectorizer.fit_transform(kept)
    return kept, vectorizer, matrix


def best_correction(
    word: str, similarity: np.ndarray, candidates: Sequence[str], threshold: float
) -> str | None:
    """The closest candidate above ``threshold`` cosine within the edit limit, else None.

    >>> best_correction("patiserie", np.array([0.9]), ["patisserie"], 0.6)
    'patisserie'
    """
    limit = 1 if len(word) < 8 else 2
    for column in np.argsort(-similarity)[:_CANDIDATES]:
        if similarity[column] < threshold:
            break
        candidate = candidates[column]
        if candidate[0] == word[0] and levenshtein(word, candidate, limit) <= limit:
            return candidate
    return None


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance, stopping early once it exceeds ``limit`` (words are short).

    >>> levenshtein("couturre", "couture", 2)
    1
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
