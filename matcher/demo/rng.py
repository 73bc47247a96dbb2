"""Seeded random helpers: a faster ``random.Random`` and a deck dealer for texts."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from typing import TypeVar

_T = TypeVar("_T")


class _Rng(random.Random):
    """``random.Random`` with cheaper integer, choice and weighted draws.

    A 100 000-member demo draws millions of numbers; these skip the generality of the
    standard methods but stay uniform and fully determined by the seed.
    """

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self._cumulative: dict[tuple, list[float]] = {}

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence[_T]) -> _T:
        return seq[int(self.random() * len(seq))]

    def weighted(self, items: Sequence[_T], weights: Sequence[float]) -> _T:
        """One item drawn with the given (non-negative) weights; tuples are cached."""
        cumulative = self._cumulative.get(weights) if isinstance(weights, tuple) else None
        if cumulative is None:
            cumulative = list(itertools.accumulate(weights))
            if isinstance(weights, tuple):
                self._cumulative[weights] = cumulative
        return items[bisect.bisect(cumulative, self.random() * cumulative[-1])]


class _Cycler:
    """Deals texts from shuffled decks per theme, so passions repeat as late as possible."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._decks: dict[str, list[str]] = {}

    def deal(self, key: str, texts: tuple[str, ...]) -> str:
        deck = self._decks.get(key)
        if not deck:
            deck = list(texts)
            self._rng.shuffle(deck)
            self._decks[key] = deck
        return deck.pop()
