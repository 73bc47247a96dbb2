"""Moving whole :class:`~matcher.domain.Dataset` objects in and out of the database.

Rows are copied field for field between the domain dataclasses and the ORM tables
(:data:`matcher.storage.tables.ROW_TYPES`), in bulk, so the demo at 100,000 members and
a 20,000-row import take the same path as a ten-member collective.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Iterable

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from matcher.domain import TABLE_TYPES, Dataset, Skill
from matcher.storage.tables import (
    ROW_TYPES,
    SkillRow,
)

CHUNK = 5000
PRIVATE_TABLES = frozenset({"member_private"})


def _fields(table: str) -> list[str]:
    return [f.name for f in dataclasses.fields(TABLE_TYPES[table])]


def write_dataset(
    session: Session,
    dataset: Dataset,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Insert every row of ``dataset`` (parents first); returns the row count per table."""
    counts: dict[str, int] = {}
    for table, rows in dataset.tables():
        insert_rows(session, table, rows, progress)
        counts[table] = len(rows)
    return counts


def insert_rows(
    session: Session,
    table: str,
    rows: Iterable[object],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Bulk-insert domain objects of one table, in chunks."""
    names = _fields(table)
    row_table = ROW_TYPES[table].__table__
    chunk: list[dict[str, object]] = []
    for row in rows:
        chunk.append({name: getattr(row, name) for name in names})
        if len(chunk) >= CHUNK:
            session.execute(insert(row_table), chunk)
            if progress:
                progress(len(chunk))
            chunk = []
    if chunk:
        session.execute(insert(row_table), chunk)
        if progress:
            progress(len(chunk))


def read_table(session: Session, table: str) -> list:
    """All rows of one table as domain objects, in primary-key order."""
    row_type = ROW_TYPES[table]
    domain_type = TABLE_TYPES[table]
    names = _fields(table)
    columns = [row_type.__table__.c[name] for name in names]
    order = list(row_type.__table__.primary_key.columns)
    result = session.execute(select(*columns).order_by(*order))
    return [domain_type(**dict(zip(names, values, strict=True))) for values in result]


def read_dataset(
    session: Session, *, include_private: bool = True, only: Iterable[str] | None = None
) -> Dataset:
    """The whole stored network, or ``only`` the named tables (the others stay empty:
    a page needing members' calendars need not load the audit log); private tables only
    when asked."""
    wanted = set(only) if only is not None else None
    tables = {
        table: read_table(session, table)
        for table, _ in Dataset().tables()
        if (include_private or table not in PRIVATE_TABLES) and (wanted is None or table in wanted)
    }
    return Dataset(**tables)


def delete_all(session: Session) -> None:
    """Remove every cooperative row (children first); the taxonomy stays."""
    for table in reversed(list(ROW_TYPES)):
        session.execute(delete(ROW_TYPES[table]))


def is_empty(session: Session) -> bool:
    """True when no network, collective or member is stored yet."""
    return not any(
        session.scalar(select(func.count()).select_from(row)) for row in ROW_TYPES.values()
    )


def _collation_key(text: str) -> str:
    """French-friendly sort key: « Épeule » sorts with « Epeule », not after « Z »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sync_skills(session: Session, skills: Iterable[Skill]) -> int:
    """Insert taxonomy skills the database lacks and refresh changed ones; returns changes."""
    stored = {row.id: row for row in session.scalars(select(SkillRow))}
    names = [f.name for f in dataclasses.fields(Skill)]
    new_rows: list[dict[str, object]] = []
    changed = 0
    for skill in skills:
        values = {name: getattr(skill, name) for name in names}
        row = stored.get(skill.id)
        if row is None:
            new_rows.append(values)
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed += 1
    for start in range(0, len(new_rows), CHUNK):
        session.execute(insert(SkillRow), new_rows[start : start + CHUNK])
    return changed + len(new_rows)
