"""Every state-changing route refuses a request without a CSRF token (400), changing nothing."""

from __future__ import annotations

import pytest
from http_helpers import ADMIN, COORDINATOR, MEMBER, csrf_token, logged_in, login, text_of

from matcher import accounts, people
from matcher.demo import DEMO_PASSWORD
from web.i18n import COOKIE

pytestmark = pytest.mark.db

TARGET = "m-00003"


def _state_changing(app) -> set[tuple[str, str]]:
    """(endpoint, path) of every non-API route accepting a state-changing method."""
    unsafe = {"POST", "PUT", "PATCH", "DELETE"}
    return {
        (rule.endpoint, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.methods & unsafe and not rule.rule.startswith("/api/")
    }


def test_every_state_changing_route_without_token_gets_400(app):
    client = logged_in(app, ADMIN)
    checked = []
    for endpoint, path in sorted(_state_changing(app)):
        url = path.replace("<member_id>", TARGET)
        response = client.post(url, data={"lang": "en", "login": ADMIN, "code": "000000"})
        assert response.status_code == 400, (endpoint, response.status_code)
        assert "Erreur 400" in text_of(response)
        checked.append(endpoint)
    assert "coordinator.erase" in checked and "auth.login" in checked


def test_erasure_without_token_erases_nothing(app):
    client = logged_in(app, COORDINATOR)
    assert client.post(f"/membres/{TARGET}/effacer").status_code == 400
    assert client.get(f"/membres/{TARGET}").status_code == 200


def test_erasure_with_a_token_from_another_session_is_refused(app):
    stranger = app.test_client()
    foreign_token = csrf_token(stranger)
    client = logged_in(app, COORDINATOR)
    response = client.post(f"/membres/{TARGET}/effacer", data={"csrf_token": foreign_token})
    assert response.status_code == 400
    assert client.get(f"/membres/{TARGET}").status_code == 200


def test_login_without_token_logs_nobody_in(app):
    client = app.test_client()
    response = client.post("/login", data={"login": MEMBER, "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert client.get("/moi").headers["Location"].startswith("/login")


def test_logout_and_language_without_token_change_nothing(app):
    client = logged_in(app, MEMBER)
    assert client.post("/logout").status_code == 400
    assert client.get("/moi").status_code == 200
    assert client.post("/langue", data={"lang": "en", "next": "/moi"}).status_code == 400
    assert client.get_cookie(COOKIE) is None


def test_password_change_without_token_keeps_the_old_password(app):
    client = logged_in(app, MEMBER)
    response = client.post(
        "/compte/mot-de-passe",
        data={
            "current": DEMO_PASSWORD,
            "new": "une toute autre phrase",
            "confirm": "une toute autre phrase",
        },
    )
    assert response.status_code == 400
    assert accounts.authenticate(app.extensions["kpa_db"], MEMBER, DEMO_PASSWORD) is not None
    assert login(app.test_client(), MEMBER).status_code == 302


def test_the_erasure_really_works_with_the_token(app):
    """The counterpart: the same POST with the session's token does erase."""
    client = logged_in(app, COORDINATOR)
    response = client.post(f"/membres/{TARGET}/effacer", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert client.get(f"/membres/{TARGET}").status_code == 404
    viewer = people.Viewer("u-admin", "admin")
    assert people.export_member(app.extensions["kpa_db"], viewer, TARGET) is None
