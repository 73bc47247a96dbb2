"""Small parts of the batch: the next week, the lock file, SMTP settings, `.eml` files."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy

import pytest

from matcher.batch.digest import MemberMessage
from matcher.batch.lock import BatchLocked, batch_lock, lock_path
from matcher.batch.mail import deliver, smtp_settings
from matcher.batch.service import next_week
from matcher.storage.db import Database


def test_without_a_week_the_batch_prepares_the_next_iso_week():
    assert next_week(datetime(2026, 11, 29, 20)) == "2026-W49"  # Sunday evening
    assert next_week(datetime(2026, 12, 28, 9)) == "2027-W01"


def test_the_sqlite_lock_file_sits_beside_the_database():
    path = lock_path("sqlite:////srv/kpa/instance/kpa-matcher.sqlite3")
    assert str(path) == "/srv/kpa/instance/kpa-matcher.sqlite3.batch-lock"


def test_a_second_holder_of_the_sqlite_lock_is_refused_until_the_first_lets_go(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'kpa.sqlite3'}")
    try:
        with batch_lock(database), pytest.raises(BatchLocked), batch_lock(database):
            pass
        with batch_lock(database):
            pass
    finally:
        database.dispose()


def test_smtp_is_configured_only_by_a_host():
    assert smtp_settings({}) is None
    settings = smtp_settings({"KPA_SMTP_HOST": "mail.example.org", "KPA_SMTP_PORT": "2525"})
    assert (settings.host, settings.port, settings.starttls) == ("mail.example.org", 2525, False)


def test_without_smtp_every_message_becomes_an_eml_file_in_french(tmp_path):
    messages = [
        MemberMessage("m-1", "Inès", "ines@example.org", "Vos propositions", "Bonjour Inès,\n"),
        MemberMessage("m-2", "Yanis", None, "Vos propositions", "Bonjour Yanis,\n"),
    ]
    result = deliver(messages, tmp_path / "messages", None)
    assert (result.sent, result.written) == (0, 2)
    email = message_from_bytes(
        (tmp_path / "messages" / "m-1.eml").read_bytes(), policy=policy.default
    )
    assert email["To"] == "ines@example.org"
    assert email.get_content() == "Bonjour Inès,\n"
