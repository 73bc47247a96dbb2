"""Logging in: passwords, the second factor, one-time codes, throttling, idle timeout."""

from __future__ import annotations

import time

import pyotp
import pytest
from http_helpers import (
    ADMIN,
    COORDINATOR,
    MEMBER,
    csrf_token,
    logged_in,
    login,
    make_app,
    text_of,
)

from matcher import accounts
from matcher.demo import DEMO_PASSWORD

pytestmark = pytest.mark.db


def test_anonymous_home_redirects_to_the_french_login_page(app):
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = text_of(client.get("/login"))
    assert '<html lang="fr">' in page and "Se connecter" in page
    assert "next=" not in response.headers["Location"]


def test_each_role_lands_on_its_first_page(app):
    assert logged_in(app, COORDINATOR).get("/").headers["Location"] == "/tableau-de-bord"
    assert logged_in(app, MEMBER).get("/").headers["Location"] == "/moi"


def test_a_wrong_password_is_refused_with_a_french_message(app):
    client = app.test_client()
    response = login(client, MEMBER, "pas le bon mot de passe")
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in text_of(response)
    assert client.get("/moi").status_code == 302


def test_an_unknown_login_gets_the_same_answer(app):
    response = login(app.test_client(), "personne", DEMO_PASSWORD)
    assert "Identifiant ou mot de passe incorrect." in text_of(response)


def test_login_clears_whatever_the_session_held_before(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, MEMBER)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent


def test_login_attempts_are_throttled(demo, database_url):
    app = make_app(database_url, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [login(client, MEMBER, "mauvais mot de passe").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Trop de tentatives" in text_of(login(client, MEMBER))
    app.extensions["kpa_db"].dispose()


def test_a_session_idle_longer_than_the_timeout_is_over(app, monkeypatch):
    client = logged_in(app, MEMBER)
    assert client.get("/moi").status_code == 200
    later = time.time() + app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() + 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert client.get("/moi").headers["Location"] == "/login"


def _code_form(client, code: str):
    return {"code": code, "csrf_token": csrf_token(client)}


def test_totp_is_required_for_coordinators_when_the_setting_is_on(demo, database_url):
    app = make_app(database_url, REQUIRE_TOTP=True)
    client = app.test_client()
    response = login(client, COORDINATOR)
    assert response.headers["Location"] == "/compte/double-facteur"
    assert client.get("/tableau-de-bord").headers["Location"] == "/login"
    page = text_of(client.get("/compte/double-facteur"))
    with client.session_transaction() as session:
        secret = session["totp_draft"]
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert (
        client.post("/compte/double-facteur", data=_code_form(client, "000000")).status_code == 200
    )
    done = client.post("/compte/double-facteur", data=_code_form(client, pyotp.TOTP(secret).now()))
    assert done.headers["Location"] == "/"
    assert client.get("/tableau-de-bord").status_code == 200

    again = app.test_client()
    assert login(again, COORDINATOR).headers["Location"] == "/login/code"
    assert "Code incorrect" in text_of(again.post("/login/code", data=_code_form(again, "123")))
    ok = again.post("/login/code", data=_code_form(again, pyotp.TOTP(secret).now()))
    assert ok.headers["Location"] == "/"
    app.extensions["kpa_db"].dispose()


def test_members_are_not_asked_for_totp_even_in_production(demo, database_url):
    app = make_app(database_url, REQUIRE_TOTP=True)
    assert login(app.test_client(), MEMBER).headers["Location"] == "/"
    app.extensions["kpa_db"].dispose()


def test_a_one_time_code_works_once_and_forces_a_new_password(app):
    database = app.extensions["kpa_db"]
    code = accounts.issue_one_time_code(database, MEMBER)
    assert login(app.test_client(), MEMBER).status_code == 200  # the old password is gone
    client = app.test_client()
    response = login(client, MEMBER, code.lower().replace("-", " "))
    assert response.headers["Location"] == "/compte/mot-de-passe"
    assert client.get("/moi").headers["Location"] == "/compte/mot-de-passe"
    assert login(app.test_client(), MEMBER, code).status_code == 200  # used up
    weak = {"new": "motdepasse123", "confirm": "motdepasse123", "csrf_token": csrf_token(client)}
    assert "trop courant" in text_of(client.post("/compte/mot-de-passe", data=weak))
    phrase = "le cerisier du jardin fleurit"
    chosen = {"new": phrase, "confirm": phrase, "csrf_token": csrf_token(client)}
    assert client.post("/compte/mot-de-passe", data=chosen).headers["Location"] == "/"
    assert client.get("/moi").status_code == 200
    assert login(app.test_client(), MEMBER, phrase).status_code == 302


def test_changing_a_password_needs_the_current_one(app):
    client = logged_in(app, ADMIN)
    phrase = "une autre phrase de passe"
    form = {"current": "faux", "new": phrase, "confirm": phrase, "csrf_token": csrf_token(client)}
    assert "Mot de passe actuel incorrect." in text_of(
        client.post("/compte/mot-de-passe", data=form)
    )
    assert login(app.test_client(), ADMIN, phrase).status_code == 200
