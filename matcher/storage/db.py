"""Engines, transactions and migrations: the only place that knows which database runs.

The database is chosen by ``DATABASE_URL``; without it, a SQLite file under
``instance/`` in the working directory. SQLite runs in WAL mode and every transaction
starts with ``BEGIN IMMEDIATE``: the default deferred mode upgrades a reader to a writer
late and loses writes under contention (``database is locked`` mid-transaction).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_SQLITE_NAME = "kpa-matcher.sqlite3"


def database_url(cwd: Path | None = None) -> str:
    """``DATABASE_URL`` or the default SQLite file (absolute path under ``instance/``)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    base = (cwd or Path.cwd()).resolve()
    return f"sqlite:///{base / 'instance' / DEFAULT_SQLITE_NAME}"


#: Execution option marking a read-only connection (a deferred BEGIN on SQLite).
READ_ONLY = "kpa_read_only"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite, creates the folder and sets WAL and BEGIN IMMEDIATE."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # Writers take the write lock up front (no lost updates); readers never queue for it.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to ``engine`` that finds the packaged migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(files("matcher.storage") / "migrations"))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` (head by default); a no-op when already there."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    command.downgrade(alembic_config(engine), revision)


class Database:
    """An engine plus a session factory; ``transaction()`` is the unit of work."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        migrate(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only transaction: one consistent snapshot that never waits for writers.

        On SQLite it starts with a deferred ``BEGIN`` (WAL readers run beside a writer);
        pages and reports read through it so they never queue behind ``BEGIN IMMEDIATE``.
        """
        with self._read_sessions() as session:  # closing the session rolls it back
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None) -> Database:
    """Open the configured database, creating its folder and migrating it to head first."""
    database = Database(url)
    database.migrate()
    return database
