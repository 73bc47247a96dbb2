"""Concurrent writers never lose an update (SQLite: WAL + BEGIN IMMEDIATE; PostgreSQL: row lock)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from matcher.storage.tables import NetworkRow

pytestmark = pytest.mark.db

WORKERS, INCREMENTS = 4, 25


def test_read_modify_write_from_several_threads_keeps_every_increment(database):
    with database.transaction() as session:
        session.add(NetworkRow(id="counter", name="0"))

    def increment_many() -> None:
        for _ in range(INCREMENTS):
            with database.transaction() as session:
                row = session.scalars(
                    select(NetworkRow).where(NetworkRow.id == "counter").with_for_update()
                ).one()
                row.name = str(int(row.name) + 1)

    with ThreadPoolExecutor(WORKERS) as pool:
        for future in [pool.submit(increment_many) for _ in range(WORKERS)]:
            future.result()

    with database.transaction() as session:
        final = session.scalars(select(NetworkRow.name).where(NetworkRow.id == "counter")).one()
    assert int(final) == WORKERS * INCREMENTS


def test_a_reader_does_not_wait_for_a_writer_and_sees_the_last_commit(database):
    with database.transaction() as session:
        session.add(NetworkRow(id="n-1", name="avant"))
    with database.transaction() as writer:  # holds the write lock (BEGIN IMMEDIATE on SQLite)
        writer.get(NetworkRow, "n-1").name = "pendant"
        writer.flush()

        def read() -> str:
            with database.reading() as session:
                return session.get(NetworkRow, "n-1").name

        with ThreadPoolExecutor(1) as pool:
            # a reader queued behind the writer would time out here, the writer never ending
            assert pool.submit(read).result(timeout=5) == "avant"
    with database.reading() as session:
        assert session.get(NetworkRow, "n-1").name == "pendant"
