"""Use cases: the only place that joins storage, the taxonomy, ingest, export and demo.

The CLI and the web layer call these functions; each opens at most one transaction,
so a failure anywhere leaves the database as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from matcher import demo, export, ingest
from matcher.passwords import verify_password
from matcher.storage import repository
from matcher.storage.db import Database, open_database
from matcher.taxonomy import load_taxonomy

log = logging.getLogger(__name__)

Progress = Callable[[int], None]


class NotEmptyError(RuntimeError):
    """The database already holds a cooperative and the caller did not ask to replace it."""


def open_db(url: str | None = None) -> Database:
    """Open, migrate to head and sync the packaged taxonomy into the database."""
    database = open_database(url)
    with database.transaction() as session:
        changed = repository.sync_skills(session, load_taxonomy().curated())
    if changed:
        log.info("taxonomy synced: %d skills written", changed)
    return database


def load_demo(
    database: Database,
    *,
    members: int = 60,
    requests: int = 15,
    seed: int = 1,
    today: date | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Generate the demo cooperative and store it; refuses a non-empty database unless replace."""
    dataset = demo.generate_demo(members=members, requests=requests, seed=seed, today=today)
    with database.transaction() as session:
        if not repository.is_empty(session):
            if not replace:
                raise NotEmptyError("La base contient déjà des données (utilisez --replace).")
            repository.delete_all(session)
        counts = repository.write_dataset(session, dataset, progress)
    log.info("demo loaded: %d members, %d requests", len(dataset.members), len(dataset.requests))
    return counts


def is_empty(database: Database) -> bool:
    with database.reading() as session:
        return repository.is_empty(session)


def demo_logins(database: Database) -> list[tuple[str, str]]:
    """(login, role) of stored accounts that still use the demo password."""
    with database.reading() as session:
        users = repository.read_table(session, "users")
    return [
        (user.login, user.role)
        for user in users
        if user.password_hash and verify_password(user.password_hash, demo.DEMO_PASSWORD)
    ]


@dataclass
class ImportReport:
    """What an import did (or would do, on a dry run) and, if anything was wrong, why not."""

    kind: str
    path: Path
    result: ingest.ImportResult
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def errors(self) -> list[ingest.RowError]:
        return list(self.result.errors)

    @property
    def rows_read(self) -> int:
        return self.result.rows_read

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.result.dataset.tables() if rows}

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def text(self) -> str:
        """The French report: a summary line, then one line per error."""
        return self.result.report()


def import_path(
    database: Database,
    kind: ingest.ImportKind,
    path: Path,
    *,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one file (or an export folder/workbook for ``all``): all rows or none.

    Parsing and validation run inside the write transaction against the stored data, so
    duplicates are checked against what is really there; any error rolls everything back.
    """
    today = today or date.today()
    known_skill = load_taxonomy().__contains__
    with database.transaction() as session:
        existing = repository.read_dataset(session)
        result = ingest.import_file(
            path, kind, existing=existing, known_skill=known_skill, today=today
        )
        report = ImportReport(kind=kind, path=path, result=result, dry_run=dry_run)
        if report.written:
            repository.write_dataset(session, result.dataset, progress)
        else:
            session.rollback()
    log.info(
        "import %s: %d rows read, %d errors, written=%s",
        kind,
        report.rows_read,
        len(report.errors),
        report.written,
    )
    return report


def export_path(
    database: Database,
    path: Path,
    *,
    fmt: export.ExportFormat = "csv",
    include_private: bool = False,
) -> list[Path]:
    """Write every table to ``path``; private fields only when asked, secrets never."""
    with database.reading() as session:
        dataset = repository.read_dataset(session, include_private=include_private)
    written = export.write_export(dataset, path, fmt, include_private)
    log.info("export written: %d files, private=%s", len(written), include_private)
    return written
