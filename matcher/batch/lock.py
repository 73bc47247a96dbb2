"""One batch at a time: a lock held for the whole run, released by the OS if the process dies.

Two runs of the same week at once would each replace the other's pending proposals, so the
second run must not start. The lock lives where the data lives:

* **PostgreSQL**: a session advisory lock (``pg_try_advisory_lock``) taken on a connection
  of its own, kept open for the run. The server drops session locks when the connection
  ends, so a killed process frees it as soon as its socket closes. The key is derived from
  the current schema, so two schemas of one server (the test suite's) do not block each
  other while a real database has a single key.
* **SQLite**: an exclusive ``flock`` on a file beside the database
  (``kpa-matcher.sqlite3.batch-lock``). The kernel releases it when the last descriptor
  closes, which process death guarantees. The file itself stays and means nothing.

Neither lock blocks readers or the web application: only another batch asks for it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from matcher.storage.db import Database

__all__ = ["BatchLocked", "batch_lock", "lock_path"]

#: Namespace of the advisory lock key (hashed together with the schema name).
LOCK_NAME = "kpa-matcher-batch"


class BatchLocked(RuntimeError):
    """Another batch holds the lock: this run must not start."""


def lock_path(database_url: str) -> Path:
    """The lock file beside a SQLite database (``:memory:`` has none: use the temp folder)."""
    name = make_url(database_url).database or ""
    if not name or name == ":memory:":
        return Path(os.environ.get("TMPDIR", "/tmp")) / f"{LOCK_NAME}.lock"
    return Path(name).with_name(Path(name).name + ".batch-lock")


@contextmanager
def batch_lock(database: Database) -> Iterator[None]:
    """Hold the batch lock for the ``with`` block; raise :class:`BatchLocked` if it is taken."""
    if database.backend == "postgresql":
        with _advisory_lock(database):
            yield
    else:
        with _file_lock(lock_path(database.url)):
            yield


@contextmanager
def _advisory_lock(database: Database) -> Iterator[None]:
    key = text("SELECT hashtext(:name || ':' || current_schema())")
    with database.engine.connect() as connection:
        lock_key = connection.execute(key, {"name": LOCK_NAME}).scalar_one()
        taken = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key}
        ).scalar_one()
        connection.commit()
        if not taken:
            raise BatchLocked("advisory lock held by another session")
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key})
            connection.commit()


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BatchLocked(f"file lock held: {path.name}") from exc
        yield
    finally:
        os.close(descriptor)
