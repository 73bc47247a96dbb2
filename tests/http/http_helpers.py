"""Helpers for the web tests: the app on a demo database, and logging in like a browser."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from matcher.demo import DEMO_PASSWORD
from web import create_app

TODAY = date(2026, 11, 28)
TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')

#: The demo's logins (matcher/demo/accounts.py) and what each is.
ADMIN, COORDINATOR, OTHER_COORDINATOR = "admin", "coordo-alma", "coordo-epeule"
MEMBER, MINOR_MEMBER, OTHER_MEMBER = "membre-1", "membre-2", "membre-3"


def make_app(database_url: str, **config: object) -> Flask:
    settings = {
        "DATABASE_URL": database_url,
        "TESTING": True,
        "TODAY": TODAY,
        "SECRET_KEY": "tests-only-secret",
        "LOGIN_RATE_LIMIT": "1000 per minute",  # test_auth checks the real limit
    }
    return create_app({**settings, **config})


def csrf_token(client: FlaskClient) -> str:
    """The CSRF token of the client's session, read from a page as a browser would."""
    page = client.get("/login", follow_redirects=True)
    return TOKEN.search(page.get_data(as_text=True)).group(1)


def login(client: FlaskClient, user: str, password: str = DEMO_PASSWORD) -> TestResponse:
    return client.post(
        "/login",
        data={"login": user, "password": password, "csrf_token": csrf_token(client)},
    )


def logged_in(app: Flask, user: str) -> FlaskClient:
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)
