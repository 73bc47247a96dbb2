"""A decision as data: the rows to insert, update and delete, computed before any write.

The pure functions of the feedback loop return a :class:`Changes`; storage applies it in
one transaction (:func:`matcher.feedback.store.apply`). Keeping the decision apart from
the write lets unit tests check a decision on a plain :class:`~matcher.domain.Dataset`,
and lets every update carry the state it expects (``expect``), so two coordinators
deciding the same proposal at once cannot both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Update:
    """Set ``values`` on the rows of ``table`` matching ``key`` (and ``expect``).

    ``rows`` is how many rows must match: fewer means someone changed them first.
    """

    table: str
    key: Mapping[str, Any]
    values: Mapping[str, Any]
    expect: Mapping[str, Any] = field(default_factory=dict)
    rows: int | None = 1


@dataclass(frozen=True)
class Delete:
    """Delete the rows of ``table`` matching every column of ``key``."""

    table: str
    key: Mapping[str, Any]


@dataclass
class Changes:
    """Inserts (domain objects per table), updates and deletes of one decision."""

    inserts: dict[str, list[Any]] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    deletes: list[Delete] = field(default_factory=list)

    def insert(self, table: str, *rows: Any) -> None:
        self.inserts.setdefault(table, []).extend(rows)

    def update(
        self,
        table: str,
        key: Mapping[str, Any],
        values: Mapping[str, Any],
        *,
        expect: Mapping[str, Any] | None = None,
        rows: int | None = 1,
    ) -> None:
        self.updates.append(Update(table, dict(key), dict(values), dict(expect or {}), rows))

    def delete(self, table: str, key: Mapping[str, Any]) -> None:
        self.deletes.append(Delete(table, dict(key)))

    def extend(self, other: Changes) -> None:
        for table, rows in other.inserts.items():
            self.insert(table, *rows)
        self.updates.extend(other.updates)
        self.deletes.extend(other.deletes)

    def inserted(self, table: str) -> list[Any]:
        return list(self.inserts.get(table, []))


@dataclass
class Decision:
    """What a decision writes (``changes``) and what it made, by kind, for messages."""

    changes: Changes = field(default_factory=Changes)
    made: dict[str, list[str]] = field(default_factory=dict)

    def note(self, kind: str, *ids: str) -> None:
        self.made.setdefault(kind, []).extend(ids)
