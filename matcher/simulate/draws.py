"""Common random numbers: one draw per named event, the same in every policy.

Comparing policies on one seed is only fair when chance treats them alike: the same
request arrives, the same member leaves, and the same learner beside the same teacher on
the same mission gets the same coin. A draw is therefore a pure function of the seed and
the event's name, never of how many numbers were drawn before (a sequential generator
would drift as soon as two policies staff differently).

>>> uniform(1, "learn", 3, "m-00001") == uniform(1, "learn", 3, "m-00001")
True
>>> 0.0 <= uniform(1, "x") < 1.0
True
"""

from __future__ import annotations

import hashlib
import random

__all__ = ["stream", "uniform"]


def _key(seed: int, keys: tuple[object, ...]) -> int:
    """A stable 64-bit key (``hash`` of a str changes with PYTHONHASHSEED: not usable)."""
    text = "\x1f".join(str(k) for k in (seed, *keys))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def uniform(seed: int, *keys: object) -> float:
    """A number in [0, 1) that depends only on ``seed`` and ``keys``."""
    return _key(seed, keys) / 2.0**64


def stream(seed: int, *keys: object) -> random.Random:
    """A generator of its own for a whole named process (arrivals, roster, random teams)."""
    return random.Random(_key(seed, keys))
