"""Members' messages out: by SMTP when a server is configured, else as ``.eml`` files.

Configuration comes from the environment so that a cron line or a systemd unit can set it
without touching the command: ``KPA_SMTP_HOST`` (no host: no sending), ``KPA_SMTP_PORT``
(25), ``KPA_SMTP_FROM`` (``kpa-matcher@localhost``), ``KPA_SMTP_USER`` and
``KPA_SMTP_PASSWORD`` (login when both are set), ``KPA_SMTP_STARTTLS=1`` (upgrade the
connection first). A message whose member has no e-mail address is written as ``.eml``
even when a server is configured, so a coordinator can hand it over another way.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from matcher.batch.digest import MemberMessage

__all__ = ["MailResult", "SmtpSettings", "deliver", "smtp_settings"]


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "kpa-matcher@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False


@dataclass(frozen=True)
class MailResult:
    sent: int
    written: int


def smtp_settings(environ: Mapping[str, str] = os.environ) -> SmtpSettings | None:
    """The SMTP server of the environment, or ``None`` when ``KPA_SMTP_HOST`` is unset."""
    host = environ.get("KPA_SMTP_HOST", "").strip()
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=int(environ.get("KPA_SMTP_PORT", "25")),
        sender=environ.get("KPA_SMTP_FROM", "kpa-matcher@localhost"),
        user=environ.get("KPA_SMTP_USER") or None,
        password=environ.get("KPA_SMTP_PASSWORD") or None,
        starttls=environ.get("KPA_SMTP_STARTTLS") == "1",
    )


def _email(message: MemberMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.address or ""
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=True)
    email["Message-ID"] = make_msgid(domain="kpa-matcher")
    email.set_content(message.body)
    return email


def deliver(
    messages: Iterable[MemberMessage], folder: Path, settings: SmtpSettings | None
) -> MailResult:
    """Send what can be sent, write the rest as ``folder/<member id>.eml``."""
    messages = list(messages)
    sender = settings.sender if settings else "kpa-matcher@localhost"
    to_send = [m for m in messages if settings and m.address]
    to_write = [m for m in messages if not (settings and m.address)]
    if to_send and settings:
        with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user and settings.password:
                smtp.login(settings.user, settings.password)
            for message in to_send:
                smtp.send_message(_email(message, sender))
    if to_write:
        folder.mkdir(parents=True, exist_ok=True)
    for message in to_write:
        (folder / f"{message.member_id}.eml").write_bytes(bytes(_email(message, sender)))
    return MailResult(sent=len(to_send), written=len(to_write))
