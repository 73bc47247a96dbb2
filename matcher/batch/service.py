"""``run_batch``: the weekly batch as one use case — lock, read, compute, write once, publish.

The order is what makes the batch safe to run at any time and to kill at any moment:

1. take the batch lock (:mod:`matcher.batch.lock`) — a second run stops here, untouched;
2. read the network in one transaction and compute every collective's plan (no writes);
3. stage the digests (HTML page and approval queue) in temporary folders;
4. **one** write transaction: delete the week's *pending* proposals of the collectives
   processed (accepted, declined and superseded ones stay), insert one ``batch_runs`` row
   per collective and the new proposals; a kill before the commit leaves the previous
   state, a kill after it leaves the new one;
5. swap the staged digests into place, then send the messages (or write ``.eml`` files).

A failed run is recorded (status ``failed``) in a transaction of its own and re-raised; a
dry run computes and reports but writes nothing, neither rows nor files nor mail.
"""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, or_, select

from matcher import __version__
from matcher.batch.digest import (
    QUEUE_HEADER,
    diff_lines,
    member_messages,
    queue_rows,
    render_html,
)
from matcher.batch.lock import batch_lock
from matcher.batch.mail import MailResult, deliver, smtp_settings
from matcher.batch.plan import CollectivePlan, plan_collective, week_requests
from matcher.batch.records import ProposalRows, proposal_rows
from matcher.batch.slices import split_by_collective
from matcher.domain import BatchRun, Dataset
from matcher.graph.gaps import iso_week, week_monday
from matcher.storage import repository
from matcher.storage.db import Database
from matcher.storage.tables import ProposalMemberRow, ProposalRow, ServiceRequestRow
from matcher.tabular import write_csv

__all__ = ["BatchError", "BatchResult", "CollectiveOutcome", "default_output", "run_batch"]

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
ProgressBar = Callable[[int], AbstractContextManager[Progress]]


class BatchError(RuntimeError):
    """A batch that cannot run as asked (unknown collective, bad week): French message."""


@dataclass
class CollectiveOutcome:
    plan: CollectivePlan
    run: BatchRun
    rows: ProposalRows
    previous_week: str
    diff: list[str]


@dataclass
class BatchResult:
    week: str
    dry_run: bool
    outcomes: list[CollectiveOutcome]
    output: Path
    duration_seconds: float
    mail: MailResult = field(default_factory=lambda: MailResult(0, 0))

    @property
    def proposals(self) -> int:
        return sum(len(o.rows.proposals) for o in self.outcomes)


def default_output(week: str) -> Path:
    """``instance/digests/<week>/`` under the working directory (beside the SQLite file)."""
    return Path.cwd() / "instance" / "digests" / week


def next_week(today: datetime | None = None) -> str:
    """The ISO week after today's: the one the Sunday-evening batch prepares."""
    day = (today or datetime.now()).date()
    return iso_week(day + timedelta(days=7))


def _check_week(week: str) -> None:
    try:
        week_monday(week)
    except ValueError as exc:
        raise BatchError(
            f"Semaine invalide : « {week} » (attendu : AAAA-Wss, ex. 2026-W49)."
        ) from exc


def _previous_counts(dataset: Dataset, collective_id: str, week: str) -> dict[str, int] | None:
    """Counts of the latest successful run of ``week`` for the collective, if any."""
    runs = [
        r
        for r in dataset.batch_runs
        if r.collective_id == collective_id and r.week == week and r.status == "done"
    ]
    if not runs:
        return None
    latest = max(runs, key=lambda r: (r.started_at or datetime.min, r.id))
    return dict(latest.counts)


@dataclass(frozen=True)
class _Run:
    """What one invocation asked for, and when it started."""

    week: str
    collective_id: str | None
    dry_run: bool
    output: Path
    top: int
    seed: int
    started: datetime
    clock: float

    @property
    def parameters(self) -> dict[str, object]:
        return {
            "week": self.week,
            "collective": self.collective_id,
            "top": self.top,
            "seed": self.seed,
        }


def run_batch(
    database: Database,
    *,
    week: str,
    collective_id: str | None = None,
    dry_run: bool = False,
    output: Path | None = None,
    top: int = 3,
    seed: int = 1,
    progress_bar: ProgressBar | None = None,
) -> BatchResult:
    """Prepare ``week`` for every collective (or one); see the module docstring for the steps.

    Raises :class:`matcher.batch.lock.BatchLocked` when another batch runs, and
    :class:`BatchError` for an unknown collective or a malformed week.
    """
    _check_week(week)
    run = _Run(
        week,
        collective_id,
        dry_run,
        output or default_output(week),
        top,
        seed,
        datetime.now(UTC).replace(tzinfo=None),
        time.perf_counter(),
    )
    with batch_lock(database):
        try:
            result = _run_locked(database, run, progress_bar)
        except Exception as exc:
            if not dry_run and not isinstance(exc, BatchError):
                _record_failure(database, run)
            log.error("batch.failed week=%s error=%s", week, type(exc).__name__)
            raise
    log.info(
        "batch.done week=%s collectives=%d proposals=%d dry_run=%s duration_s=%.2f",
        week,
        len(result.outcomes),
        result.proposals,
        dry_run,
        result.duration_seconds,
    )
    return result


def _run_locked(database: Database, run: _Run, progress_bar: ProgressBar | None) -> BatchResult:
    week = run.week
    with database.transaction() as session:
        dataset = repository.read_dataset(session)
    parts = split_by_collective(dataset)
    if run.collective_id is not None and run.collective_id not in parts:
        raise BatchError(f"Collectif inconnu : « {run.collective_id} ».")
    chosen = [run.collective_id] if run.collective_id else sorted(parts)
    total = sum(len(week_requests(parts[c], week)) for c in chosen)
    previous_week = iso_week(week_monday(week) - timedelta(weeks=1))
    plans = []
    with progress_bar(total) if progress_bar else nullcontext(None) as progress:
        for cid in chosen:
            plan = plan_collective(
                parts[cid], cid, week, top=run.top, seed=run.seed, progress=progress
            )
            plans.append(plan)
            log.info(
                "batch.collective collective=%s requests=%d staffed=%d pairs=%d exchanges=%d",
                cid,
                len(plan.staffing),
                len(plan.staffed),
                len(plan.mentors["pairs"]),
                len(plan.exchanges["cycles"]),
            )
    duration = round(time.perf_counter() - run.clock, 3)
    outcomes = []
    for plan in plans:
        counts = plan.counts()
        record = BatchRun(
            id=f"run-{week}-{plan.collective.id}-{uuid.uuid4().hex[:8]}",
            week=week,
            collective_id=plan.collective.id,
            parameters=run.parameters,
            code_version=__version__,
            counts=counts,
            started_at=run.started,
            duration_seconds=duration,
            status="done",
        )
        rows = proposal_rows(plan, record.id, run.started)
        counts["proposals"] = len(rows.proposals)
        previous = _previous_counts(dataset, plan.collective.id, previous_week)
        diff = diff_lines(counts, previous, previous_week)
        outcomes.append(CollectiveOutcome(plan, record, rows, previous_week, diff))
    result = BatchResult(week, run.dry_run, outcomes, run.output, duration)
    if run.dry_run:
        return result
    contacts = {p.member_id: p.contact for p in dataset.member_private}
    with _staged(run.output, outcomes) as publish:
        _write(database, week, outcomes)
        publish()
    settings = smtp_settings()
    sent = written = 0
    for outcome in outcomes:
        folder = run.output / outcome.plan.collective.id / "messages"
        done = deliver(member_messages(outcome.plan, contacts), folder, settings)
        sent, written = sent + done.sent, written + done.written
    result.mail = MailResult(sent, written)
    return result


def _write(database: Database, week: str, outcomes: list[CollectiveOutcome]) -> None:
    """The one write transaction: replace the week's pending proposals, record the runs."""
    collectives = [o.plan.collective.id for o in outcomes]
    # a member's own pair request (no batch run) survives; teams are always re-proposed
    replaced = (
        ProposalRow.week == week,
        ProposalRow.status == "pending",
        ProposalRow.collective_id.in_(collectives),
        or_(ProposalRow.batch_run_id.is_not(None), ProposalRow.kind == "team"),
    )
    with database.transaction() as session:
        stale = select(ProposalRow.id).where(*replaced)
        session.execute(delete(ProposalMemberRow).where(ProposalMemberRow.proposal_id.in_(stale)))
        session.execute(delete(ProposalRow).where(*replaced))
        requested = {p.request_id for o in outcomes for p in o.rows.proposals if p.request_id}
        closed = set(
            session.scalars(
                select(ServiceRequestRow.id).where(
                    ServiceRequestRow.id.in_(requested), ServiceRequestRow.status != "open"
                )
            )
        )
        proposals = [p for o in outcomes for p in o.rows.proposals if p.request_id not in closed]
        kept = {p.id for p in proposals}
        repository.insert_rows(session, "batch_runs", [o.run for o in outcomes])
        repository.insert_rows(session, "proposals", proposals)
        repository.insert_rows(
            session,
            "proposal_members",
            [m for o in outcomes for m in o.rows.members if m.proposal_id in kept],
        )


@dataclass
class _Stage:
    final: Path
    staged: Path


def _stage_paths(output: Path, outcomes: list[CollectiveOutcome]) -> list[_Stage]:
    token = uuid.uuid4().hex[:8]
    return [
        _Stage(output / o.plan.collective.id, output / f".staging-{o.plan.collective.id}-{token}")
        for o in outcomes
    ]


@contextmanager
def _staged(output: Path, outcomes: list[CollectiveOutcome]) -> Iterator[Callable[[], None]]:
    """Write each collective's page and queue aside; ``publish()`` swaps them into place."""
    output.mkdir(parents=True, exist_ok=True)
    for leftover in output.glob(".staging-*"):  # from a run killed before publishing
        shutil.rmtree(leftover, ignore_errors=True)
    stages = _stage_paths(output, outcomes)
    for stage, outcome in zip(stages, outcomes, strict=True):
        stage.staged.mkdir(parents=True)
        (stage.staged / "digest.html").write_text(
            render_html(outcome.plan, outcome.diff), encoding="utf-8"
        )
        write_csv(
            stage.staged / "queue.csv", QUEUE_HEADER, queue_rows(outcome.plan, outcome.rows.ids)
        )

    def publish() -> None:
        for stage in stages:
            old = stage.final.with_name(f".old-{stage.final.name}-{uuid.uuid4().hex[:8]}")
            if stage.final.exists():
                stage.final.rename(old)
            stage.staged.rename(stage.final)
            shutil.rmtree(old, ignore_errors=True)

    try:
        yield publish
    finally:
        for stage in stages:
            shutil.rmtree(stage.staged, ignore_errors=True)


def _record_failure(database: Database, run: _Run) -> None:
    """Record a failed run so cron's alert has a row to point at (never masks the error)."""
    record = BatchRun(
        id=f"run-{run.week}-{run.collective_id or 'all'}-{uuid.uuid4().hex[:8]}",
        week=run.week,
        collective_id=run.collective_id,
        parameters=run.parameters,
        code_version=__version__,
        started_at=run.started,
        duration_seconds=round(time.perf_counter() - run.clock, 3),
        status="failed",
    )
    try:
        with database.transaction() as session:
            repository.insert_rows(session, "batch_runs", [record])
    except Exception:  # the database itself may be what failed
        log.exception("batch.failure_not_recorded week=%s", run.week)
