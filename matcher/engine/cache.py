"""Compute something once per instance, forget it when the instance goes.

Solvers ask the same per-member questions thousands of times (is this member eligible,
what is their fairness value); an :class:`~matcher.engine.instance.Instance` is frozen
and hashed by identity, so the answers can be cached against it without a global
registry keeping instances alive.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

from matcher.engine.instance import Instance

__all__ = ["per_instance"]

T = TypeVar("T")


def per_instance(compute: Callable[[Instance], T]) -> Callable[[Instance], T]:
    """Decorate ``compute(instance)`` so it runs once per live instance."""
    results: weakref.WeakKeyDictionary[Instance, T] = weakref.WeakKeyDictionary()

    @functools.wraps(compute)
    def cached(instance: Instance) -> T:
        try:
            return results[instance]
        except KeyError:
            value = results[instance] = compute(instance)
            return value

    return cached
