"""« Demandes » and « Nouvelle demande » over HTTP: the whole flow, scope, CSRF, escaping, i18n.

The demo (seed 1, 28/11/2026): a Tuesday buffet in KPA Alma finds teams, Bintou D.
(m-00003) being the only member who serves at table; on a Saturday it finds none.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from http_helpers import (
    ADMIN,
    COORDINATOR,
    MEMBER,
    OTHER_COORDINATOR,
    csrf_token,
    logged_in,
    make_app,
    text_of,
)

from matcher import staffing
from matcher.feedback.vocabulary import DECLINE_REASONS
from matcher.people import Viewer
from matcher.vocabulary import HAZARDS, LICENCES
from web import i18n, requests_pages
from web.i18n import COOKIE

pytestmark = pytest.mark.db

BUFFET = "Buffet pour 50 personnes mardi au centre social, il faut cuisiner et servir"
ALMA = Viewer("u-coordo-alma", "coordinator", collective_id="kpa-alma")
BINTOU = "m-00003"
PROPOSAL = re.compile(r"/propositions/([^/]+)/accepter")


def _stored_request(app, day: date = date(2026, 12, 1), title: str = "Buffet") -> str:
    """A request stored and staffed through matcher.staffing, as the form would."""
    database = app.extensions["kpa_db"]
    draft = staffing.RequestDraft(
        title=title,
        client="Centre social",
        description=BUFFET,
        sessions=(staffing.SessionSlot(day, time(9), time(15)),),
        skills=(staffing.SkillNeed("cuisine", 2), staffing.SkillNeed("service-en-salle", 1)),
        team_size_min=2,
        team_size_max=3,
    )
    now = datetime(2026, 11, 28, 9)
    request_id = staffing.create_request(database, ALMA, draft, today=now.date(), now=now)
    staffing.propose_teams(database, ALMA, request_id, today=now.date(), now=now)
    return request_id


def _form(browser, **fields) -> dict[str, str]:
    return {"csrf_token": csrf_token(browser), **fields}


def test_a_coordinator_types_a_request_confirms_skills_and_gets_teams(app):
    client = logged_in(app, COORDINATOR)
    assert "Nouvelle demande" in text_of(client.get("/demandes"))
    text = {"title": "Buffet", "client": "Centre social", "description": BUFFET}
    analysed = client.post("/demandes/nouvelle", data=_form(client, action="analyse", **text))
    page = text_of(analysed)
    assert analysed.status_code == 200
    assert re.findall(r'name="skills-\d+-skill" type="hidden" value="([^"]+)"', page) == [
        "traiteur-buffet",
        "cuisine",
        "service-en-salle",
    ]
    assert "Compétences à confirmer" in page and "Traiteur et buffets" in page
    confirmed = {
        **text,
        "action": "create",
        "skills-0-skill": "traiteur-buffet",  # unticked: dropped
        "skills-0-level": "2",
        "skills-1-keep": "y",
        "skills-1-skill": "cuisine",
        "skills-1-level": "2",
        "skills-1-count": "1",
        "skills-2-keep": "y",
        "skills-2-skill": "service-en-salle",
        "skills-2-level": "1",
        "skills-2-count": "1",
        "sessions-0-day": "2026-12-01",
        "sessions-0-start": "09:00",
        "sessions-0-end": "15:00",
        "team_size_min": "2",
        "team_size_max": "3",
        "learning_slots": "0",
    }
    created = client.post("/demandes/nouvelle", data=_form(client, **confirmed))
    assert created.status_code == 302 and created.headers["Location"].startswith("/demandes/r-")
    page = text_of(client.get(created.headers["Location"]))
    assert "Demande enregistrée." in page and "Équipe n° 1 — score" in page
    assert "Traiteur et buffets" not in page
    assert "5.5 h · 66.11 € brut estimés" in page  # 6 h less the break, × 12,02 €
    assert "Équité des heures" in page and "Bintou D." in page


def test_a_form_with_problems_is_shown_again_with_french_reasons(app):
    client = logged_in(app, COORDINATOR)
    bad = {
        "title": "Buffet",
        "client": "Centre social",
        "action": "create",
        "skills-0-keep": "y",
        "skills-0-skill": "cuisine",
        "skills-0-level": "2",
        "sessions-0-day": "2026-12-01",
        "sessions-0-start": "15:00",
        "sessions-0-end": "09:00",
        "team_size_min": "3",
        "team_size_max": "2",
    }
    response = client.post("/demandes/nouvelle", data=_form(client, **bad))
    page = text_of(response)
    assert response.status_code == 200
    assert "la fin doit être après le début" in page and "1 ≤ minimum ≤ maximum" in page
    listed = staffing.list_requests(app.extensions["kpa_db"], ALMA, today=date(2026, 11, 28))
    assert "Buffet" not in {r.title for r in listed}  # nothing stored


def test_swap_shows_a_broken_rule_at_once_and_stores_a_legal_swap(app):
    request_id = _stored_request(app)
    client = logged_in(app, COORDINATOR)
    page = text_of(client.get(f"/demandes/{request_id}"))
    first = PROPOSAL.findall(page)[0]
    prefix = f"swap-{first}"
    team = re.findall(
        rf'<select id="{prefix}-old" name="{prefix}-old"[^>]*>(.*?)</select>', page, re.S
    )
    members = re.findall(r'value="([^"]+)"', team[0])
    outsiders = re.findall(
        rf'<select id="{prefix}-new" name="{prefix}-new"[^>]*>(.*?)</select>', page, re.S
    )
    candidates = re.findall(r'value="([^"]+)"', outsiders[0])
    broken = client.post(
        f"/propositions/{first}/remplacer",
        data=_form(client, **{f"{prefix}-old": BINTOU, f"{prefix}-new": candidates[0]}),
    )
    assert broken.status_code == 422
    assert "Remplacement impossible" in text_of(broken)
    assert "Compétence non couverte" in text_of(broken)  # nobody else serves at table
    other = next(m for m in members if m != BINTOU)
    for candidate in candidates:
        response = client.post(
            f"/propositions/{first}/remplacer",
            data=_form(client, **{f"{prefix}-old": other, f"{prefix}-new": candidate}),
        )
        if response.status_code == 302:
            break
    assert response.status_code == 302
    assert "Équipe modifiée : score" in text_of(client.get(response.headers["Location"]))


def test_decline_with_a_reason_then_accept_creates_the_mission(app):
    request_id = _stored_request(app)
    client = logged_in(app, COORDINATOR)
    first, second, *_ = PROPOSAL.findall(text_of(client.get(f"/demandes/{request_id}")))
    no_reason = client.post(f"/propositions/{second}/refuser", data=_form(client))
    assert "Choisissez la raison du refus." in text_of(client.get(no_reason.headers["Location"]))
    client.post(
        f"/propositions/{second}/refuser",
        data=_form(client, reason="too_far", text="deux bus"),
    )
    accepted = client.post(f"/propositions/{first}/accepter", data=_form(client))
    page = text_of(client.get(accepted.headers["Location"]))
    assert "la mission est créée" in page
    assert "Acceptée" in page and "Refusée" in page and "too_far: deux bus" in page
    assert "Équipe trouvée" in page and "Chercher des équipes" not in page
    listing = text_of(client.get("/demandes?status=staffed&weeks=next"))
    assert f"/demandes/{request_id}" in listing


def test_without_a_team_the_page_shows_the_diagnosis_and_ways_out(app):
    request_id = _stored_request(app, day=date(2026, 12, 5))  # a Saturday
    page = text_of(logged_in(app, COORDINATOR).get(f"/demandes/{request_id}"))
    assert "Aucune équipe possible pour l'instant" in page
    assert "Compétence non couverte" in page and "Pas disponible" in page
    assert "libérer ce créneau" in page  # the engine's way out, in French


def test_another_collective_gets_404_and_a_member_403(app):
    request_id = _stored_request(app)
    page = text_of(logged_in(app, COORDINATOR).get(f"/demandes/{request_id}"))
    proposal = PROPOSAL.findall(page)[0]
    other = logged_in(app, OTHER_COORDINATOR)
    assert other.get(f"/demandes/{request_id}").status_code == 404
    assert f"/demandes/{request_id}" not in text_of(other.get("/demandes"))
    for path in ("accepter", "refuser", "remplacer"):
        assert other.post(f"/propositions/{proposal}/{path}", data=_form(other)).status_code == 404
    member = logged_in(app, MEMBER)
    assert member.get(f"/demandes/{request_id}").status_code == 403
    assert member.post(f"/propositions/{proposal}/accepter", data=_form(member)).status_code == 403
    assert logged_in(app, ADMIN).get(f"/demandes/{request_id}").status_code == 200


def test_accepting_without_the_csrf_token_gets_400_and_changes_nothing(app):
    request_id = _stored_request(app)
    client = logged_in(app, COORDINATOR)
    proposal = PROPOSAL.findall(text_of(client.get(f"/demandes/{request_id}")))[0]
    assert client.post(f"/propositions/{proposal}/accepter").status_code == 400
    assert client.post("/demandes/nouvelle", data={"title": "x"}).status_code == 400
    page = text_of(client.get(f"/demandes/{request_id}"))
    assert "Acceptée" not in page and f"/propositions/{proposal}/accepter" in page


def test_hostile_text_is_shown_escaped(app):
    hostile = '<script>alert("kpa")</script>'
    request_id = _stored_request(app, title=hostile)
    client = logged_in(app, COORDINATOR)
    for page in (
        text_of(client.get(f"/demandes/{request_id}")),
        text_of(client.get("/demandes")),
    ):
        assert hostile not in page
        assert "&lt;script&gt;alert(&#34;kpa&#34;)&lt;/script&gt;" in page
    analysed = client.post(
        "/demandes/nouvelle",
        data=_form(client, action="analyse", title=hostile, client="c", description=hostile),
    )
    assert hostile not in text_of(analysed)


def test_pages_render_in_english_on_demand(app):
    request_id = _stored_request(app)
    client = logged_in(app, COORDINATOR)
    client.set_cookie(COOKIE, "en")
    assert "New request" in text_of(client.get("/demandes"))
    assert "Analyse the text" in text_of(client.get("/demandes/nouvelle"))
    page = text_of(client.get(f"/demandes/{request_id}"))
    assert '<html lang="en">' in page
    assert "Team no. 1 — score" in page and "Accept team no. 1" in page
    assert "gross (estimate)" in page and "Fairness of hours" in page


def test_the_web_labels_match_the_vocabularies():
    assert set(i18n.DECLINE_REASONS) == set(DECLINE_REASONS)
    assert set(requests_pages.HAZARD_LABELS) == set(HAZARDS)
    assert set(requests_pages.LICENCE_LABELS) == set(LICENCES)


def test_the_hourly_rate_comes_from_the_settings(demo, database_url):
    app = make_app(database_url, HOURLY_RATE="10")  # as KPA_HOURLY_RATE=10 gives it
    page = text_of(logged_in(app, COORDINATOR).get(f"/demandes/{_stored_request(app)}"))
    assert "5.5 h · 55.00 € brut estimés" in page and "× 10.00 € brut" in page
    app.extensions["kpa_db"].dispose()
