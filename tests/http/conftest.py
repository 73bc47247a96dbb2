"""The web app on a real migrated database holding the demo cooperative.

Logins go through the real login form (argon2 and all), so what passes here passes for a
person at a browser too. Helpers are in ``http_helpers.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from http_helpers import TODAY, make_app

from matcher import services
from matcher.storage.db import Database


@pytest.fixture
def demo(database: Database) -> Database:
    services.load_demo(database, seed=1, today=TODAY)
    return database


@pytest.fixture
def app(demo: Database, database_url: str) -> Iterator[Flask]:
    application = make_app(database_url)
    yield application
    application.extensions["kpa_db"].dispose()
