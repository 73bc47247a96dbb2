"""Shared fixtures: a real, empty, migrated database per test.

Without ``DATABASE_URL`` the database is a SQLite file in a temporary folder. With a
PostgreSQL ``DATABASE_URL`` (as `.ci/run` sets), each test gets its own schema, dropped
afterwards. A PostgreSQL server that cannot be reached skips those tests with the reason
printed, unless ``KPA_REQUIRE_POSTGRES=1`` (CI), where it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from matcher.storage.db import Database

# Timings depend on the machine's load: property tests judge results, never speed.
settings.register_profile("kpa", deadline=None)
settings.load_profile("kpa")


def _postgres_schema_url(base_url: str) -> Iterator[str]:
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("KPA_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"PostgreSQL injoignable ({base_url}) : {exc.orig}")
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def new_database_url(tmp_path) -> Iterator[Callable[[], str]]:
    """A factory of URLs of empty databases (not yet migrated), all removed after the test."""
    base = os.environ.get("DATABASE_URL", "")
    cleanups: list[Iterator[str]] = []

    def make() -> str:
        if base.startswith("postgresql"):
            schema = _postgres_schema_url(base)
            cleanups.append(schema)
            return next(schema)
        return f"sqlite:///{tmp_path / f'kpa-{uuid.uuid4().hex[:8]}.sqlite3'}"

    yield make
    for schema in cleanups:
        next(schema, None)


@pytest.fixture
def database_url(new_database_url) -> str:
    """URL of an empty database (not yet migrated)."""
    return new_database_url()


@pytest.fixture
def database(database_url, monkeypatch) -> Iterator[Database]:
    """An empty database migrated to head, with the taxonomy synced."""
    from matcher import services

    monkeypatch.setenv("DATABASE_URL", database_url)
    db = services.open_db(database_url)
    yield db
    db.dispose()
