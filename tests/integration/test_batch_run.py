"""`matcher batch run` end to end on the demo network, on a real database."""

from __future__ import annotations

import multiprocessing
import signal
import socket
import time
from collections import Counter
from datetime import date
from email import message_from_bytes, policy

import pytest
from batch_helpers import WEEK, accept_a_team_and_decline_a_pair, pending, signature, stored
from click.testing import CliRunner

from matcher import services
from matcher.batch.lock import batch_lock
from matcher.cli import main
from matcher.storage.db import Database
from matcher.storage.tables import ProposalRow

pytestmark = pytest.mark.db

TODAY = date(2026, 11, 28)


@pytest.fixture
def demo(database):
    """The demo network with enough open requests for team proposals in WEEK."""
    services.load_demo(database, members=60, requests=40, seed=1, today=TODAY)
    return database


@pytest.fixture
def batch(database_url, tmp_path):
    """Invoke `matcher batch run --week WEEK ARGS...`; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str, code: int = 0, env: dict | None = None):
        argv = ["batch", "run", "--week", WEEK, "--output", str(tmp_path / "digests"), *args]
        result = runner.invoke(main, argv, env={"DATABASE_URL": database_url, **(env or {})})
        assert result.exit_code == code, result.output + repr(result.exception)
        return result

    return invoke


def test_the_batch_proposes_reports_and_writes_the_digests(demo, batch, tmp_path):
    result = batch()
    assert "propositions enregistrées en attente" in result.output
    assert "Par rapport à la semaine 2026-W48" in result.output
    dataset = stored(demo)
    kinds = Counter(p.kind for p in pending(dataset))
    assert kinds["team"] > 0 and kinds["pair"] > 0 and kinds["exchange"] > 0
    runs = [r for r in dataset.batch_runs if r.week == WEEK]
    assert len(runs) == len(dataset.collectives)
    for run in runs:
        assert run.status == "done" and run.code_version and run.duration_seconds > 0
        assert run.parameters["week"] == WEEK
        mine = [p for p in dataset.proposals if p.batch_run_id == run.id]
        assert len(mine) == run.counts["proposals"] > 0
        folder = tmp_path / "digests" / run.collective_id
        page = (folder / "digest.html").read_text(encoding="utf-8")
        assert "Compétences en manque" in page and "Gini" in page
        queue = (folder / "queue.csv").read_text(encoding="utf-8-sig").splitlines()
        assert queue[0].startswith("proposition;type;demande")
        assert {line.split(";")[0] for line in queue[1:]} - {""} == {p.id for p in mine}
        assert list((folder / "messages").glob("*.eml"))


def test_re_running_a_week_gives_the_same_pending_proposals_without_duplicates(demo, batch):
    batch()
    first = stored(demo)
    batch()
    second = stored(demo)
    assert signature(second) == signature(first)
    assert len(pending(second)) == len(pending(first))
    latest = {r.id for r in second.batch_runs if r.week == WEEK} - {r.id for r in first.batch_runs}
    assert {p.batch_run_id for p in pending(second)} == latest


def test_re_running_keeps_a_members_own_pair_request(demo, batch):
    with demo.transaction() as session:
        session.add(
            ProposalRow(
                id="p-asked",
                kind="pair",
                collective_id="kpa-alma",
                week=WEEK,
                rank=1,
                score=0.0,
                score_breakdown={},
                reasons=[],
                status="pending",
                decision_reason="",
            )
        )
    batch()
    batch()
    assert "p-asked" in {p.id for p in pending(stored(demo))}


def test_re_running_never_touches_accepted_or_declined_proposals(demo, batch):
    batch()
    dataset = stored(demo)
    team, pair = accept_a_team_and_decline_a_pair(demo)
    batch()
    after = stored(demo)
    kept = {p.id: p for p in after.proposals}
    assert kept[team.id].status == "accepted" and kept[pair.id].status == "declined"
    assert {m.member_id for m in after.proposal_members if m.proposal_id == team.id} == {
        m.member_id for m in dataset.proposal_members if m.proposal_id == team.id
    }
    assert not [p for p in pending(after) if p.request_id == team.request_id]


def test_a_dry_run_computes_and_prints_but_writes_nothing(demo, batch, tmp_path):
    before = stored(demo)
    result = batch("--dry-run")
    assert "rien n'a été enregistré" in result.output
    after = stored(demo)
    assert len(after.proposals) == len(before.proposals)
    assert len(after.batch_runs) == len(before.batch_runs)
    assert not (tmp_path / "digests").exists()


def test_one_collective_only_and_an_unknown_one_is_refused_in_french(demo, batch):
    batch("--collective", "kpa-alma")
    dataset = stored(demo)
    assert {p.collective_id for p in pending(dataset)} == {"kpa-alma"}
    result = batch("--collective", "kpa-nulle-part", code=1)
    assert "Collectif inconnu" in result.output


def test_a_failed_run_exits_non_zero_is_recorded_and_leaves_proposals_as_they_were(
    demo, batch, tmp_path
):
    batch()
    before = signature(stored(demo))
    (tmp_path / "un-fichier").write_text("pas un dossier")
    result = batch("--output", str(tmp_path / "un-fichier" / "digests"), code=1)
    assert "Échec du lot hebdomadaire" in result.output
    dataset = stored(demo)
    assert signature(dataset) == before
    assert [r.status for r in dataset.batch_runs if r.week == WEEK].count("failed") == 1


def _hold_lock(url: str, ready, release) -> None:
    database = Database(url)
    with batch_lock(database):
        ready.set()
        release.wait(60)


def test_a_second_run_while_one_holds_the_lock_exits_75_and_runs_once_the_holder_dies(
    demo, batch, database_url
):
    demo.dispose()
    context = multiprocessing.get_context("fork")
    ready, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(database_url, ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        result = batch(code=75)
        assert "Un autre lot hebdomadaire est déjà en cours" in result.output
        assert not pending(stored(demo))
    finally:
        holder.kill()
        holder.join()
    assert holder.exitcode == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while True:  # the server or the kernel frees the dead holder's lock
        try:
            with batch_lock(demo):
                break
        except Exception:
            assert time.monotonic() < deadline, "the lock outlived its process"
            time.sleep(0.05)
    batch()


class _Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_with_smtp_configured_messages_are_sent_to_members_with_an_address(demo, batch, tmp_path):
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = {"KPA_SMTP_HOST": "127.0.0.1", "KPA_SMTP_PORT": str(port)}
        result = batch(env=env)
    finally:
        controller.stop()
    assert inbox.messages
    assert f"{len(inbox.messages)} message(s) envoyé(s)" in result.output
    first = message_from_bytes(inbox.messages[0].content, policy=policy.default)
    assert "@" in first["To"] and "propositions" in first.get_content()
    eml = list((tmp_path / "digests").glob("*/messages/*.eml"))
    for path in eml:  # only those without an e-mail address are left as files
        assert "@" not in message_from_bytes(path.read_bytes(), policy=policy.default)["To"]
