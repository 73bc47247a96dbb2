"""The pages themselves: French content, search, profiles, mentors, escaping of hostile text."""

from __future__ import annotations

import pytest
from http_helpers import COORDINATOR, MEMBER, OTHER_COORDINATOR, logged_in, text_of
from markupsafe import escape
from sqlalchemy import insert, update

from matcher.storage.tables import MemberRow, PassionRow

pytestmark = pytest.mark.db

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}<b>gras</b>",
]


def test_the_dashboard_shows_the_collective_figures_and_last_run(app):
    page = text_of(logged_in(app, COORDINATOR).get("/tableau-de-bord"))
    assert "membres actifs" in page and "Semaine 2026-W48" in page


def test_the_member_search_filters_and_links_to_profiles(app):
    client = logged_in(app, COORDINATOR)
    page = text_of(client.get("/membres?skill=couture&level=3"))
    assert 'href="/membres/m-00018"' in page  # Adam D., couture level 3
    assert "Adam D." in page
    everyone = text_of(client.get("/membres"))
    assert everyone.count('class="card"') > page.count('class="card"') > 0


def test_a_profile_shows_skills_wishes_passions_availability_and_the_chart(app):
    page = text_of(logged_in(app, COORDINATOR).get("/membres/m-00001"))
    for heading in ("Compétences", "Envies d'apprendre", "Passions", "Disponibilités", "Heures"):
        assert heading in page
    assert "Couture à la machine" in page and 'src="/membres/m-00001/heures.svg"' in page
    assert "2008-" not in page and "1990-" not in page  # never a birth date


def test_the_hours_chart_is_a_real_svg(app):
    chart = logged_in(app, COORDINATOR).get("/membres/m-00001/heures.svg")
    assert chart.data.startswith(b"<?xml") and b"<svg" in chart.data


def test_the_skills_picture_is_an_svg_of_the_members_skills(app):
    page = text_of(logged_in(app, COORDINATOR).get("/membres/m-00001"))
    assert 'src="/membres/m-00001/competences.svg"' in page
    picture = logged_in(app, COORDINATOR).get("/membres/m-00001/competences.svg")
    assert picture.mimetype == "image/svg+xml" and b"<svg" in picture.data
    assert "Couture à la machine".encode() in picture.data  # one of the member's skills
    other = logged_in(app, OTHER_COORDINATOR).get("/membres/m-00001/competences.svg")
    assert other.status_code == 404


def test_the_export_is_a_json_download(app):
    response = logged_in(app, COORDINATOR).get("/membres/m-00001/export.json")
    assert response.is_json and "attachment" in response.headers["Content-Disposition"]
    assert response.json["members"][0]["id"] == "m-00001"


def test_a_member_sees_their_profile_and_mentor_cards_with_reasons(app):
    client = logged_in(app, MEMBER)
    assert "Mon profil" in text_of(client.get("/moi"))
    page = text_of(client.get("/moi/apprendre"))
    assert "<h1>Qui peut m'apprendre ?</h1>" in page
    assert "Adam D." in page and "peut transmettre" in page
    assert "Personne n&#39;a le niveau 3 en tricot" in page


def test_healthz_answers_without_login(app):
    assert app.test_client().get("/healthz").json == {"status": "ok"}


def test_hostile_text_is_shown_escaped_everywhere(app):
    database = app.extensions["kpa_db"]
    with database.transaction() as session:
        for member_id in ("m-00001", "m-00018"):
            session.execute(
                update(MemberRow)
                .where(MemberRow.id == member_id)
                .values(display_name=HOSTILE[0], home_zone=HOSTILE[1])
            )
        session.execute(insert(PassionRow), [{"member_id": "m-00001", "text": t} for t in HOSTILE])
    pages = [
        logged_in(app, COORDINATOR).get(url)
        for url in ("/membres", "/membres/m-00001", "/membres/m-00018")
    ]
    member = logged_in(app, MEMBER)
    pages += [member.get("/moi"), member.get("/moi/apprendre")]
    for response in pages:
        html = text_of(response)
        assert response.status_code == 200
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>gras" not in html
        assert str(escape(HOSTILE[0])) in html
    assert str(escape(HOSTILE[1])) in text_of(pages[0])
    assert "{{ 7*7 }}" in text_of(pages[1])
