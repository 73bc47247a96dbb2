"""A batch killed (SIGKILL) at random moments leaves the database consistent every time.

Each run is killed at a random moment, half the time anywhere in a little more than a full
run, half the time in its last quarter, so the kills land while reading, while computing,
inside the write transaction and after it. After
every kill the database must hold exactly one complete run's pending proposals per
collective (the previous run's or the new one's, never a mix or a part), decided proposals
untouched, and the lock must be free again for the next run.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from batch_helpers import WEEK, accept_a_team_and_decline_a_pair, pending, signature, stored
from sqlalchemy import text

from matcher import services
from matcher.batch.lock import batch_lock
from matcher.batch.service import run_batch
from matcher.storage.db import Database

pytestmark = pytest.mark.db

TODAY = date(2026, 11, 28)
KILLS = 25


def _decided(dataset) -> dict:
    return {p.id: (p.status, p.request_id) for p in dataset.proposals if p.status != "pending"}


def _prepared(database, output: Path):
    """A demo with one full run, one accepted team and one declined pair, then a re-run."""
    services.load_demo(database, members=60, requests=40, seed=1, today=TODAY)
    run_batch(database, week=WEEK, output=output)
    accept_a_team_and_decline_a_pair(database)
    start = time.perf_counter()
    run_batch(database, week=WEEK, output=output)
    duration = time.perf_counter() - start
    dataset = stored(database)
    return signature(dataset), _decided(dataset), duration


def assert_consistent(database, expected: Counter, decided: dict) -> None:
    if database.backend == "sqlite":
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert not connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    dataset = stored(database)
    assert signature(dataset) == expected
    assert _decided(dataset) == decided
    runs = {r.id: r for r in dataset.batch_runs}
    waiting = pending(dataset)
    for collective in {p.collective_id for p in waiting}:
        run_ids = {p.batch_run_id for p in waiting if p.collective_id == collective}
        assert len(run_ids) == 1, "pending proposals from two runs: a partial replacement"
        run = runs[run_ids.pop()]
        assert run.status == "done"
        mine = [p for p in dataset.proposals if p.batch_run_id == run.id]
        assert len(mine) == run.counts["proposals"]
    with_members = {pm.proposal_id for pm in dataset.proposal_members}
    assert all(p.id in with_members for p in waiting)


def _wait_for_lock(database: Database, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with batch_lock(database):
                return
        except Exception:
            assert time.monotonic() < deadline, "the lock outlived the killed run"
            time.sleep(0.02)


def _moment(rng: random.Random, duration: float) -> float:
    """Seconds to wait before the kill: anywhere in the run, or aimed at its end (the write
    transaction and the publishing of the digests come last), half the time each."""
    if rng.random() < 0.5:
        return rng.uniform(0, 1.15 * duration)
    return rng.uniform(0.75 * duration, 1.1 * duration)


def _batch_child(url: str, output: str) -> None:
    run_batch(Database(url), week=WEEK, output=Path(output))


def test_killing_forked_runs_at_random_moments_leaves_the_database_consistent(
    database, database_url, tmp_path
):
    output = tmp_path / "digests"
    expected, decided, duration = _prepared(database, output)
    context = multiprocessing.get_context("fork")
    rng = random.Random(20261128)
    kills = 0
    while kills < KILLS:
        database.dispose()  # the child opens its own connections
        child = context.Process(target=_batch_child, args=(database_url, str(output)))
        child.start()
        child.join(timeout=_moment(rng, duration))
        if child.is_alive():
            os.kill(child.pid, signal.SIGKILL)  # it may have finished meanwhile: then 0
            child.join()
        if child.exitcode == -signal.SIGKILL:
            kills += 1
        else:
            assert child.exitcode == 0  # a run that could not take the lock exits 1
        _wait_for_lock(database)
        assert_consistent(database, expected, decided)
    assert kills == KILLS


@pytest.mark.slow
def test_killing_the_command_at_random_moments_leaves_the_database_consistent(
    database, database_url, tmp_path
):
    output = tmp_path / "digests"
    expected, decided, _ = _prepared(database, output)
    argv = [
        sys.executable,
        "-c",
        "from matcher.cli import main; main()",
        "batch",
        "run",
        "--week",
        WEEK,
        "--output",
        str(output),
    ]
    env = {**os.environ, "DATABASE_URL": database_url}
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    duration = time.perf_counter() - start  # interpreter start included
    rng = random.Random(7)
    kills = 0
    while kills < KILLS:
        database.dispose()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            child.wait(timeout=_moment(rng, duration))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
        if child.returncode == -signal.SIGKILL:
            kills += 1
        else:
            assert child.returncode == 0, child.stderr.read().decode()
        child.stderr.close()
        _wait_for_lock(database)
        assert_consistent(database, expected, decided)
    assert kills == KILLS
