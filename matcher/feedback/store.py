"""Applying a :class:`~matcher.feedback.changes.Changes` inside an open transaction.

Deletes first, then updates (each checking the state it expects), then inserts in the
dependency order of :class:`~matcher.domain.Dataset` (a mission before its members and
hours). An update that matches fewer rows than announced raises
:class:`~matcher.feedback.errors.ConflictError`, which rolls the whole transaction back.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, update
from sqlalchemy.orm import Session

from matcher.domain import Dataset
from matcher.feedback.changes import Changes
from matcher.feedback.errors import ConflictError
from matcher.storage import repository
from matcher.storage.tables import ROW_TYPES


def _where(table: str, columns: dict):
    row_table = ROW_TYPES[table].__table__
    return and_(*(row_table.c[name] == value for name, value in columns.items()))


def apply(session: Session, changes: Changes) -> None:
    """Write ``changes`` in the caller's transaction (all or nothing with it)."""
    for gone in changes.deletes:
        session.execute(delete(ROW_TYPES[gone.table]).where(_where(gone.table, dict(gone.key))))
    for change in changes.updates:
        row_table = ROW_TYPES[change.table].__table__
        where = _where(change.table, {**change.key, **change.expect})
        result = session.execute(update(row_table).where(where).values(**change.values))
        if change.rows is not None and result.rowcount != change.rows:
            ids = ", ".join(str(v) for v in change.key.values())
            raise ConflictError(
                f"{ids} a été modifié entre-temps (par quelqu'un d'autre ?) : rien n'est "
                "enregistré, rechargez et recommencez."
            )
    for table, _ in Dataset().tables():
        rows = changes.inserts.get(table)
        if rows:
            repository.insert_rows(session, table, rows)
