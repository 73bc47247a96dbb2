"""Settings: safe defaults, then ``KPA_*`` environment variables, then the caller's overrides.

``KPA_PRODUCTION=1`` turns on Secure cookies, HSTS and mandatory TOTP for coordinators and
admins. The secret key comes from ``KPA_SECRET_KEY``; outside production, a random key is
created once in ``instance/secret_key`` so that every gunicorn worker signs sessions alike.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Flask

#: A session unused for this long is over (the cookie's signature carries its age).
IDLE_TIMEOUT = timedelta(minutes=30)

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,
    "PRODUCTION": False,
    "REQUIRE_TOTP": None,  # None: follows PRODUCTION
    "TODAY": None,  # a fixed date for tests and demos; None: the real day
    "LOGIN_RATE_LIMIT": "10 per minute; 100 per day",
    "PERMANENT_SESSION_LIFETIME": IDLE_TIMEOUT,
    "SESSION_REFRESH_EACH_REQUEST": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "kpa_session",
    "BABEL_DEFAULT_LOCALE": "fr",
    "USE_SESSION_FOR_NEXT": True,  # no `?next=` in URLs
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session (idle timeout)
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "API_TITLE": "KPA Matcher",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


def configure(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill ``app.config`` and derive the settings that follow from production mode."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("KPA")
    if overrides:
        app.config.update(overrides)
    if isinstance(app.config["TODAY"], str):
        app.config["TODAY"] = date.fromisoformat(app.config["TODAY"])
    production = bool(app.config["PRODUCTION"])
    app.config["SESSION_COOKIE_SECURE"] = production
    if app.config["REQUIRE_TOTP"] is None:
        app.config["REQUIRE_TOTP"] = production
    if not app.config.get("SECRET_KEY"):
        if production:
            raise RuntimeError("KPA_SECRET_KEY est obligatoire en production.")
        app.config["SECRET_KEY"] = _local_secret(Path.cwd() / "instance" / "secret_key")


def _local_secret(path: Path) -> str:
    """A random key kept in ``path`` (created 0600 on first use) for development runs."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):  # another worker won the race: use its key
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()
