"""Coordinators manage members through HTTP: create, edit, private fields apart, logins
with a printable one-time code, export and erasure with a confirmation step."""

from __future__ import annotations

import json
import re

import pytest
from http_helpers import (
    ADMIN,
    COORDINATOR,
    MEMBER,
    OTHER_COORDINATOR,
    csrf_token,
    logged_in,
    login,
    text_of,
)
from markupsafe import escape
from sqlalchemy import select

from matcher.storage.tables import MemberPrivateRow, MemberRow
from web.i18n import COOKIE

pytestmark = pytest.mark.db

HOSTILE = '"><img src=x onerror=alert(1)>'
NEW_MEMBER = {
    "display_name": "Nina K.",
    "status": "volunteer",
    "home_zone": "pile",
    "mobility": "walk",
    "max_travel_minutes": "30",
    "desired_hours_min": "0",
    "desired_hours_max": "10",
    "visibility": "private",
}


def _db(app):
    return app.extensions["kpa_db"]


def _post(client, url: str, **data: object):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def test_a_coordinator_creates_a_member_then_fills_in_the_private_fields(app):
    coordinator = logged_in(app, COORDINATOR)
    created = _post(coordinator, "/membres/nouveau", **NEW_MEMBER, collective="kpa-epeule")
    assert created.status_code == 302
    member_id = re.match(r"/membres/(m-[0-9a-f]{10})/prive", created.headers["Location"])[1]
    with _db(app).reading() as session:
        row = session.get(MemberRow, member_id)
    assert (row.collective_id, row.display_name, row.visibility) == (
        "kpa-alma",
        "Nina K.",
        "private",
    )

    private = {"legal_name": "Nina Kader", "birth_date": "2009-05-01", "contact": "06 11 22 33 44"}
    assert _post(coordinator, f"/membres/{member_id}/prive", **private).status_code == 302
    with _db(app).reading() as session:
        assert session.get(MemberPrivateRow, member_id).legal_name == "Nina Kader"
    page = text_of(coordinator.get(f"/membres/{member_id}"))
    assert "16–17 ans" in page and "Nina Kader" not in page  # the profile shows no private field


def test_an_admin_chooses_the_collective(app):
    admin = logged_in(app, ADMIN)
    assert "kpa-epeule" in text_of(admin.get("/membres/nouveau"))
    created = _post(admin, "/membres/nouveau", **NEW_MEMBER, collective="kpa-epeule")
    member_id = created.headers["Location"].split("/")[2]
    with _db(app).reading() as session:
        assert session.get(MemberRow, member_id).collective_id == "kpa-epeule"


def test_an_invalid_member_form_is_shown_again_with_its_errors(app):
    coordinator = logged_in(app, COORDINATOR)
    bad = {**NEW_MEMBER, "display_name": "", "desired_hours_min": "20", "desired_hours_max": "5"}
    response = _post(coordinator, "/membres/nouveau", **bad)
    assert response.status_code == 200 and 'class="error"' in text_of(response)
    response = _post(coordinator, "/membres/nouveau", **{**NEW_MEMBER, "desired_hours_min": "20"})
    assert response.status_code == 200 and "minimum" in text_of(response)


def test_editing_a_member_is_scoped_and_escapes_what_it_shows(app):
    coordinator = logged_in(app, COORDINATOR)
    form = text_of(coordinator.get("/membres/m-00003/modifier"))
    assert 'name="display_name"' in form and "legal_name" not in form
    edited = _post(
        coordinator, "/membres/m-00003/modifier", **{**NEW_MEMBER, "display_name": HOSTILE}
    )
    assert edited.status_code == 302
    for url in ("/membres/m-00003", "/membres/m-00003/modifier", "/membres/m-00003/prive"):
        html = text_of(coordinator.get(url))
        assert HOSTILE not in html and str(escape(HOSTILE)) in html
    other = logged_in(app, OTHER_COORDINATOR)
    assert _post(other, "/membres/m-00003/modifier", **NEW_MEMBER).status_code == 404
    assert other.get("/membres/m-00003/prive").status_code == 404
    assert logged_in(app, MEMBER).get("/membres/m-00001/prive").status_code == 403
    with _db(app).reading() as session:
        assert session.get(MemberRow, "m-00003").display_name == HOSTILE


def test_a_printable_one_time_code_opens_a_members_first_login(app):
    coordinator = logged_in(app, COORDINATOR)
    page = _post(coordinator, "/membres/m-00003/compte", login="zoe.r")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    login_shown, code = re.findall(r'class="secret">([^<]+)</strong>', text_of(page))
    assert login_shown == "zoe.r" and re.fullmatch(r"([A-Z2-9]{4}-){3}[A-Z2-9]{4}", code)
    assert code not in page.request.url
    assert "zoe.r" in text_of(coordinator.get("/membres/m-00003"))

    person = app.test_client()
    first = login(person, "zoe.r", code)
    assert first.status_code == 302 and first.headers["Location"] == "/compte/mot-de-passe"
    assert login(app.test_client(), "zoe.r", code).status_code == 200  # used once

    again = _post(coordinator, "/membres/m-00003/compte/code", login="zoe.r")
    new_code = re.findall(r'class="secret">([^<]+)</strong>', text_of(again))[1]
    assert new_code != code
    assert _post(coordinator, "/membres/m-00004/compte/code", login="zoe.r").status_code == 400
    assert _post(coordinator, "/membres/m-00003/compte/code", login="membre-1").status_code == 400
    taken = _post(coordinator, "/membres/m-00004/compte", login="membre-1")
    assert "déjà utilisé" in text_of(coordinator.get(taken.headers["Location"]))
    other = logged_in(app, OTHER_COORDINATOR)
    assert _post(other, "/membres/m-00003/compte/code", login="zoe.r").status_code == 404


def test_export_then_erase_after_a_confirmation_step(app):
    coordinator = logged_in(app, COORDINATOR)
    export = coordinator.get("/membres/m-00001/export.json")
    assert json.loads(export.data)["users"][0]["login"] == "membre-1"
    confirm = text_of(coordinator.get("/membres/m-00001/effacer"))
    assert "Effacer définitivement ce membre" in confirm and 'method="post"' in confirm
    assert logged_in(app, OTHER_COORDINATOR).get("/membres/m-00001/effacer").status_code == 404
    assert _post(coordinator, "/membres/m-00001/effacer").status_code == 302
    with _db(app).reading() as session:
        assert session.get(MemberRow, "m-00001") is None
        assert (
            session.scalar(select(MemberPrivateRow).where(MemberPrivateRow.member_id == "m-00001"))
            is None
        )


def test_member_management_pages_speak_english(app):
    coordinator = logged_in(app, COORDINATOR)
    coordinator.set_cookie(COOKIE, "en")
    assert "New member" in text_of(coordinator.get("/membres/nouveau"))
    assert "Private data of" in text_of(coordinator.get("/membres/m-00003/prive"))
    assert "What members say" in text_of(coordinator.get("/membres/signalements"))
