"""Security headers and cookies: CSP with a fresh nonce, no caching of personal pages."""

from __future__ import annotations

import re

import pytest
from http_helpers import COORDINATOR, MEMBER, logged_in, login, make_app

pytestmark = pytest.mark.db


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part for part in header.split("; ")}


def test_pages_carry_a_strict_csp_with_a_new_nonce_each_time(app):
    client = app.test_client()
    first, second = client.get("/login"), client.get("/login")
    policy = _policy(first)
    assert policy["object-src"] == "object-src 'none'"
    assert policy["base-uri"] == "base-uri 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "'unsafe-inline'" not in first.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert nonce not in second.headers["Content-Security-Policy"]


def test_every_response_is_nosniff_and_same_origin_referrer(app):
    client = logged_in(app, COORDINATOR)
    for url in ("/login", "/tableau-de-bord", "/healthz", "/nulle-part", "/api/v1/skills"):
        response = client.get(url)
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "same-origin", url


def test_personal_pages_are_never_cached_but_the_stylesheet_may_be(app):
    client = logged_in(app, COORDINATOR)
    for url in ("/tableau-de-bord", "/membres", "/membres/m-00003", "/membres/m-00003/heures.svg"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    with client.get("/static/style.css") as response:
        assert response.headers.get("Cache-Control") != "no-store"


def test_charts_are_svg_files_that_cannot_run_scripts(app):
    client = logged_in(app, MEMBER)
    chart = client.get("/moi/heures.svg")
    assert chart.mimetype == "image/svg+xml"
    assert chart.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert b"<script" not in chart.data
    assert '<img class="chart" src="/moi/heures.svg"' in client.get("/moi").get_data(as_text=True)


def test_session_cookie_is_httponly_lax_and_not_secure_in_development(app):
    client = app.test_client()
    response = login(client, MEMBER)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_production_cookies_are_secure_and_hsts_is_sent(demo, database_url):
    app = make_app(database_url, PRODUCTION=True, REQUIRE_TOTP=False)
    client = app.test_client()
    response = login(client, MEMBER)
    assert "Secure" in response.headers["Set-Cookie"]
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    app.extensions["kpa_db"].dispose()


def test_production_refuses_to_start_without_a_secret_key(demo, database_url):
    with pytest.raises(RuntimeError, match="KPA_SECRET_KEY"):
        make_app(database_url, PRODUCTION=True, SECRET_KEY=None)
