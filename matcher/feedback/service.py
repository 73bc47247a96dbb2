"""Use cases of the feedback loop: what the CLI and the web layer call.

Each function opens **one** transaction: it reads the stored network, lets a pure
function decide (a :class:`~matcher.feedback.changes.Decision`), writes it, and — for a
decided team proposal — refits the collective's learned ranking in the same transaction,
so the weights always match the decisions stored (docs/feedback.md §6). Any error rolls
everything back. Logs carry ids and counts only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from matcher.domain import Dataset, RankingModel
from matcher.feedback import closing, decisions, editing, levels, listing, store
from matcher.feedback.badges import member_credentials
from matcher.feedback.changes import Decision
from matcher.feedback.errors import FeedbackError
from matcher.feedback.ranking import learn_ranking
from matcher.feedback.signing import sign_credential
from matcher.storage import repository
from matcher.storage.db import Database
from matcher.storage.tables import RankingModelRow
from matcher.taxonomy import load_taxonomy

log = logging.getLogger(__name__)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now().replace(microsecond=0)


def _read(session: Session) -> Dataset:
    return repository.read_dataset(session)


def _snapshot(database: Database) -> Dataset:
    """The stored network for listings: a read-only transaction, never the write lock."""
    with database.reading() as session:
        return _read(session)


def _refit(session: Session, dataset: Dataset, collective_id: str, now: datetime) -> RankingModel:
    dataset.proposals = repository.read_table(session, "proposals")
    model = learn_ranking(dataset, collective_id, now)
    session.execute(delete(RankingModelRow).where(RankingModelRow.collective_id == collective_id))
    repository.insert_rows(session, "ranking_models", [model])
    return model


def _decide(
    database: Database,
    decide: Callable[[Dataset], Decision],
    *,
    action: str,
    refit_for: str | None = None,
    now: datetime,
) -> Decision:
    with database.transaction() as session:
        dataset = _read(session)
        decision = decide(dataset)
        store.apply(session, decision.changes)
        if refit_for is not None:
            proposal = next(p for p in dataset.proposals if p.id == refit_for)
            if proposal.kind == "team":
                _refit(session, dataset, proposal.collective_id, now)
    log.info("%s: %s", action, {k: len(v) for k, v in decision.made.items()})
    return decision


# --- proposals -------------------------------------------------------------------------


def list_proposals(
    database: Database,
    *,
    week: str | None = None,
    collective_id: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    dataset = _snapshot(database)
    return listing.proposal_rows(dataset, week=week, collective_id=collective_id, status=status)


def accept_proposal(
    database: Database, proposal_id: str, *, actor: str, now: datetime | None = None
) -> Decision:
    now = _now(now)
    return _decide(
        database,
        lambda ds: decisions.accept(ds, proposal_id, actor=actor, now=now),
        action="proposal.accept",
        refit_for=proposal_id,
        now=now,
    )


def decline_proposal(
    database: Database,
    proposal_id: str,
    reason: str,
    text: str = "",
    *,
    actor: str,
    now: datetime | None = None,
) -> Decision:
    now = _now(now)
    return _decide(
        database,
        lambda ds: decisions.decline(ds, proposal_id, reason, text, actor=actor, now=now),
        action="proposal.decline",
        refit_for=proposal_id,
        now=now,
    )


def edit_proposal(
    database: Database,
    proposal_id: str,
    old: str,
    new: str,
    *,
    actor: str,
    now: datetime | None = None,
) -> Decision:
    now = _now(now)
    return _decide(
        database,
        lambda ds: editing.swap_member(ds, proposal_id, old, new, actor=actor, now=now),
        action="proposal.edit",
        now=now,
    )


def learn(
    database: Database, collective_id: str | None = None, *, now: datetime | None = None
) -> list[RankingModel]:
    """Refit the learned weights of one collective, or of all, from the stored decisions."""
    now = _now(now)
    with database.transaction() as session:
        dataset = _read(session)
        ids = [c.id for c in dataset.collectives if collective_id in (None, c.id)]
        models = [_refit(session, dataset, cid, now) for cid in ids]
    log.info("ranking refitted for %d collectives", len(models))
    return models


# --- missions, pairs and levels --------------------------------------------------------


def close_mission(
    database: Database,
    mission_id: str,
    reports: Mapping[str, closing.MemberReport],
    client: closing.ClientFeedback | None = None,
    *,
    actor: str,
    now: datetime | None = None,
) -> Decision:
    now = _now(now)
    return _decide(
        database,
        lambda ds: closing.close_mission(ds, mission_id, reports, client, actor=actor, now=now),
        action="mission.close",
        now=now,
    )


def approve_pair(
    database: Database, pair_id: str, *, actor: str, now: datetime | None = None
) -> Decision:
    now = _now(now)
    return _decide(
        database,
        lambda ds: levels.approve_pair(ds, pair_id, actor=actor, now=now),
        action="pair.approve",
        now=now,
    )


def record_pair_meeting(
    database: Database, pair_id: str, *, actor: str, now: datetime | None = None
) -> Decision:
    now = _now(now)
    return _decide(
        database,
        lambda ds: levels.record_meeting(ds, pair_id, actor=actor, now=now),
        action="pair.meeting",
        now=now,
    )


def list_level_changes(
    database: Database, *, status: str | None = "pending", collective_id: str | None = None
) -> list[dict[str, Any]]:
    dataset = _snapshot(database)
    return listing.level_change_rows(dataset, status=status, collective_id=collective_id)


def validate_level(
    database: Database, change_id: str, *, actor: str, now: datetime | None = None
) -> Decision:
    now = _now(now)
    return _decide(
        database,
        lambda ds: levels.validate_change(ds, change_id, actor=actor, now=now),
        action="level.validate",
        now=now,
    )


def reject_level(
    database: Database, change_id: str, *, actor: str, now: datetime | None = None
) -> Decision:
    now = _now(now)
    return _decide(
        database,
        lambda ds: levels.reject_change(ds, change_id, actor=actor, now=now),
        action="level.reject",
        now=now,
    )


def member_trajectory(database: Database, member_id: str) -> list[dict[str, Any]]:
    dataset = _snapshot(database)
    if member_id not in {m.id for m in dataset.members}:
        raise FeedbackError(f"Le membre {member_id} n'existe pas.")
    return listing.trajectory(dataset, member_id)


def export_badges(
    database: Database, member_id: str, folder: Path, *, key_path: Path | None = None
) -> list[Path]:
    """Write the member's Open Badges 3.0 credentials to ``folder`` (signed with a key)."""
    dataset = _snapshot(database)
    credentials = member_credentials(dataset, member_id, load_taxonomy())
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, credential in credentials:
        path = folder / name
        path.write_text(json.dumps(credential, ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(path)
        if key_path is not None:
            jwt_path = path.with_suffix(".jwt")
            jwt_path.write_text(sign_credential(credential, key_path), encoding="ascii")
            written.append(jwt_path)
    log.info("badges exported: %d files", len(written))
    return written
