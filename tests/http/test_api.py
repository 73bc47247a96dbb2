"""The JSON API: bearer tokens only, the same scopes as the pages, an OpenAPI document."""

from __future__ import annotations

import pytest
from http_helpers import ADMIN, COORDINATOR, MEMBER, logged_in, text_of

from matcher import accounts

pytestmark = pytest.mark.db


def _bearer(app, login: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.issue_api_token(app.extensions['kpa_db'], login)}"}


def test_without_a_token_the_api_answers_401_in_json(app):
    response = app.test_client().get("/api/v1/members")
    assert response.status_code == 401
    assert response.is_json and response.json["code"] == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_session_cookie_does_not_open_the_api(app):
    """Only tokens: a page on another site cannot use a logged-in browser against the API."""
    assert logged_in(app, ADMIN).get("/api/v1/members").status_code == 401


def test_a_coordinator_lists_their_collective_with_filters(app):
    client, headers = app.test_client(), _bearer(app, COORDINATOR)
    members = client.get("/api/v1/members", headers=headers).json
    assert members and {m["collective_id"] for m in members} == {"kpa-alma"}
    assert all("birth_date" not in m and "legal_name" not in m for m in members)
    minors = client.get("/api/v1/members?age_band=16-17", headers=headers).json
    assert minors and {m["age_band"] for m in minors} == {"16-17"}
    bad = client.get("/api/v1/members?min_level=9", headers=headers)
    assert bad.status_code == 422 and bad.is_json


def test_a_member_reads_only_their_own_profile(app):
    client, headers = app.test_client(), _bearer(app, MEMBER)
    assert client.get("/api/v1/members", headers=headers).status_code == 403
    own = client.get("/api/v1/members/m-00001", headers=headers)
    assert own.status_code == 200 and own.json["id"] == "m-00001"
    assert own.json["age_band"] is None
    assert client.get("/api/v1/members/m-00003", headers=headers).status_code == 404


def test_skills_are_listed_for_any_token(app):
    skills = app.test_client().get("/api/v1/skills", headers=_bearer(app, MEMBER)).json
    assert {"id": "couture", "label_fr": "Couture", "label_en": "Sewing"}.items() <= next(
        s for s in skills if s["id"] == "couture"
    ).items()


def test_the_openapi_document_describes_the_api(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/members", "/api/v1/members/{member_id}", "/api/v1/skills"} <= set(
        spec["paths"]
    )


def test_api_errors_are_json_but_page_errors_stay_html(app):
    client = app.test_client()
    api = client.post("/api/v1/skills", headers=_bearer(app, MEMBER))
    assert api.status_code == 405 and api.is_json and "GET" in api.headers["Allow"]
    page = client.delete("/healthz")
    assert page.status_code == 405 and page.mimetype == "text/html"
    assert "GET" in page.headers["Allow"]
    assert "Erreur 405" in text_of(page)
    assert client.get("/nulle-part").mimetype == "text/html"
