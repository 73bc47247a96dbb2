"""The requests API: create a request from JSON, read its teams, decide; tokens and scope."""

from __future__ import annotations

import pytest
from http_helpers import COORDINATOR, MEMBER, OTHER_COORDINATOR

from matcher import accounts

pytestmark = pytest.mark.db

BUFFET = {
    "title": "Buffet du centre social",
    "client": "Centre social",
    "description": "Buffet pour 50 personnes mardi, il faut cuisiner et servir",
    "sessions": [{"date": "2026-12-01", "start": "09:00", "end": "15:00"}],
    "team_size_min": 2,
    "team_size_max": 3,
}


def _bearer(app, login: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.issue_api_token(app.extensions['kpa_db'], login)}"}


def _create(app, body: dict) -> dict:
    response = app.test_client().post(
        "/api/v1/requests", json=body, headers=_bearer(app, COORDINATOR)
    )
    assert response.status_code == 201, response.json
    return response.json


def test_tokens_are_required_and_members_are_refused(app):
    client = app.test_client()
    assert client.get("/api/v1/requests").status_code == 401
    refused = client.post("/api/v1/requests", json=BUFFET, headers=_bearer(app, MEMBER))
    assert refused.status_code == 403 and refused.is_json


def test_a_request_without_skills_gets_the_extracted_ones_and_mandatory_lines_block(app):
    """The description's catering line (traiteur-buffet ≥ 2) nobody free holds: no team."""
    body = _create(app, BUFFET)
    assert body["status"] == "open" and body["proposals"] == []
    assert "skill_coverage" in {b["code"] for b in body["blocking"]}
    assert any("traiteur-buffet" in b["message_fr"] for b in body["blocking"])


def test_confirmed_skills_give_teams_with_pay_that_can_be_accepted(app):
    skills = [{"skill": "cuisine", "min_level": 2}, {"skill": "service-en-salle"}]
    body = _create(app, {**BUFFET, "skills": skills})
    assert body["blocking"] == [] and body["proposals"]
    best = body["proposals"][0]
    assert best["status"] == "pending" and set(best["breakdown"]) >= {"coverage", "fairness"}
    assert {(m["hours"], m["pay"]) for m in best["members"]} == {(5.5, 66.11)}
    client, headers = app.test_client(), _bearer(app, COORDINATOR)

    listed = client.get("/api/v1/requests?weeks=next", headers=headers).json
    assert body["request_id"] in {r["id"] for r in listed}
    again = client.get(f"/api/v1/requests/{body['request_id']}/proposals", headers=headers)
    assert [p["id"] for p in again.json["proposals"]] == [p["id"] for p in body["proposals"]]

    decision = f"/api/v1/proposals/{best['id']}/decision"
    no_reason = client.post(decision, json={"decision": "decline"}, headers=headers)
    assert no_reason.status_code == 422
    accepted = client.post(decision, json={"decision": "accept"}, headers=headers)
    assert accepted.status_code == 200 and accepted.json["made"]["mission"]
    twice = client.post(decision, json={"decision": "accept"}, headers=headers)
    assert twice.status_code == 409 and "plus en attente" in twice.json["message"]
    staffed = client.get("/api/v1/requests?status=staffed&weeks=next", headers=headers).json
    assert body["request_id"] in {r["id"] for r in staffed}


def test_another_collective_gets_404(app):
    body = _create(app, {**BUFFET, "skills": [{"skill": "cuisine", "min_level": 2}]})
    client, other = app.test_client(), _bearer(app, OTHER_COORDINATOR)
    assert (
        client.get(f"/api/v1/requests/{body['request_id']}/proposals", headers=other).status_code
        == 404
    )
    decision = f"/api/v1/proposals/{body['proposals'][0]['id']}/decision"
    assert client.post(decision, json={"decision": "accept"}, headers=other).status_code == 404
    listed = client.get("/api/v1/requests", headers=other).json
    assert body["request_id"] not in {r["id"] for r in listed}


def test_invalid_bodies_get_422_with_reasons(app):
    client, headers = app.test_client(), _bearer(app, COORDINATOR)
    missing = client.post("/api/v1/requests", json={"title": "x"}, headers=headers)
    assert missing.status_code == 422 and "sessions" in str(missing.json)
    reversed_slot = {
        **BUFFET,
        "sessions": [{"date": "2026-12-01", "start": "15:00", "end": "09:00"}],
    }
    refused = client.post("/api/v1/requests", json=reversed_slot, headers=headers)
    assert refused.status_code == 422 and "la fin doit être après" in refused.json["message"]
    hazard = client.post(
        "/api/v1/requests", json={**BUFFET, "hazards": ["lasers"]}, headers=headers
    )
    assert hazard.status_code == 422


def test_the_openapi_document_lists_the_requests_endpoints(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    assert {
        "/api/v1/requests",
        "/api/v1/requests/{request_id}/proposals",
        "/api/v1/proposals/{proposal_id}/decision",
    } <= set(spec["paths"])
    assert "RequestCreate" in spec["components"]["schemas"]
