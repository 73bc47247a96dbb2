"""The schema is only ever changed by Alembic, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from matcher.storage.db import Database, alembic_config, downgrade, migrate
from matcher.storage.tables import ROW_TYPES, Base

pytestmark = pytest.mark.db


def test_history_has_a_single_head(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'h.sqlite3'}")
    heads = ScriptDirectory.from_config(alembic_config(database.engine)).get_heads()
    assert len(heads) == 1


def test_upgrade_from_empty_creates_every_table_without_drift(database_url):
    database = Database(database_url)
    migrate(database.engine)
    with database.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert {row.__tablename__ for row in ROW_TYPES.values()} <= tables
    assert diff == []
    database.dispose()


def test_downgrade_to_base_removes_everything_and_upgrade_again_works(database_url):
    database = Database(database_url)
    migrate(database.engine)
    downgrade(database.engine, "base")
    with database.engine.connect() as conn:
        left = set(inspect(conn).get_table_names()) - {"alembic_version"}
    assert left == set()
    migrate(database.engine)
    with database.engine.connect() as conn:
        assert conn.execute(text("select count(*) from members")).scalar() == 0
    database.dispose()


def test_migrating_twice_is_a_no_op(database_url):
    database = Database(database_url)
    migrate(database.engine)
    migrate(database.engine)
    with database.engine.connect() as conn:
        version = conn.execute(text("select version_num from alembic_version")).scalar()
    assert (
        version == ScriptDirectory.from_config(alembic_config(database.engine)).get_current_head()
    )
    database.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()
