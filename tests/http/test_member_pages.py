"""Member pages through HTTP: editing my profile, asking for a pair, learning
opportunities, my missions, my progress — each scoped to the logged-in member."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from http_helpers import COORDINATOR, MEMBER, MINOR_MEMBER, csrf_token, logged_in, text_of
from markupsafe import escape
from sqlalchemy import func, select, update

from matcher import profiles
from matcher.domain import LevelChange, Mission, MissionMember
from matcher.people import Viewer
from matcher.storage import repository
from matcher.storage.tables import (
    LearningWishRow,
    MemberSkillRow,
    PassionRow,
    PeerLearningPairRow,
    ProposalRow,
    ServiceRequestRow,
)
from web.i18n import COOKIE

pytestmark = pytest.mark.db

HOSTILE = "<script>alert('x')</script>"
MEMBER_1 = Viewer("u-membre-1", "member", collective_id="kpa-alma", member_id="m-00001")


def _db(app):
    return app.extensions["kpa_db"]


def _post(client, url: str, **data: object):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def test_every_member_page_renders_in_french_and_in_english(app):
    member = logged_in(app, MEMBER)
    pages = ("/moi", "/moi/modifier", "/moi/apprendre", "/moi/opportunites", "/moi/missions")
    french = {url: text_of(member.get(url)) for url in (*pages, "/moi/progres")}
    assert "Modifier mon profil" in french["/moi/modifier"]
    assert "Demander un binôme" in french["/moi/apprendre"]
    assert "Mes compétences au fil du temps" in french["/moi/progres"]
    member.set_cookie(COOKIE, "en")
    english = {url: member.get(url) for url in (*pages, "/moi/progres")}
    assert all(r.status_code == 200 for r in english.values())
    assert "Edit my profile" in text_of(english["/moi/modifier"])
    assert "Ask for a pair" in text_of(english["/moi/apprendre"])
    assert "My missions" in text_of(english["/moi/missions"])


def test_a_member_edits_their_profile(app):
    member = logged_in(app, MEMBER)
    assert _post(member, "/moi/competences", skill="tricot", level=2).status_code == 302
    assert _post(member, "/moi/envies", wish="video").status_code == 302
    assert _post(member, "/moi/disponibilites", weekday="mon", start="09:00", end="12:00")
    assert _post(member, "/moi/absences", day="2026-12-24", reason="Noël").status_code == 302
    page = text_of(member.get("/moi/modifier"))
    assert "Compétence enregistrée." not in page  # flashed once, on the next page only
    assert "24/12/2026" in page and "Noël" in page and "lundi 09:00–12:00" in page
    with _db(app).reading() as session:
        assert session.get(MemberSkillRow, ("m-00001", "tricot")).level == 2
        assert session.get(LearningWishRow, ("m-00001", "video")) is not None

    refused = _post(member, "/moi/competences", skill="broderie", level=1)
    assert "vérifié" in text_of(member.get(refused.headers["Location"]))
    assert _post(member, "/moi/competences/video/retirer").status_code == 302  # not a skill
    assert _post(member, "/moi/envies/video/retirer").status_code == 302
    with _db(app).reading() as session:
        assert session.get(LearningWishRow, ("m-00001", "video")) is None
        assert session.get(MemberSkillRow, ("m-00001", "broderie")).level == 4


def test_passions_show_the_skills_read_in_them_to_confirm(app):
    member = logged_in(app, MEMBER)
    _post(member, "/moi/passions", text="je fais des tresses à mes cousines")
    page = text_of(member.get("/moi/modifier"))
    assert "Ce que nous lisons dans vos passions" in page and "Tresses" in page
    assert _post(member, "/moi/passions/confirmer", skill="tresses", intent="knows", level=3)
    with _db(app).reading() as session:
        assert session.get(MemberSkillRow, ("m-00001", "tresses")).level == 3
    assert "Ce que nous lisons" not in text_of(member.get("/moi/modifier"))  # nothing left


def test_a_member_never_removes_another_members_row(app):
    with _db(app).reading() as session:
        theirs = session.scalar(select(PassionRow.row_id).where(PassionRow.member_id == "m-00002"))
    member = logged_in(app, MEMBER)
    assert _post(member, f"/moi/passions/{theirs}/retirer").status_code == 302
    assert _post(member, "/moi/nulle-part/1/retirer").status_code == 404
    with _db(app).reading() as session:
        assert session.get(PassionRow, theirs) is not None


def test_a_member_asks_for_a_pair_and_a_coordinator_accepts_it(app):
    """membre-1 asks Adam D. (a minor): the accepted pair waits for approval."""
    member = logged_in(app, MEMBER)
    asked = _post(member, "/moi/apprendre/binome", mentor="m-00018", skill="couture-machine")
    assert asked.status_code == 302
    page = text_of(member.get("/moi/apprendre"))
    assert "Demande envoyée" in page
    again = _post(member, "/moi/apprendre/binome", mentor="m-00018", skill="couture-machine")
    assert "déjà envoyée" in text_of(member.get(again.headers["Location"]))

    coordinator = logged_in(app, COORDINATOR)
    queue = text_of(coordinator.get("/binomes"))
    [proposal] = re.findall(r'id="(p-[0-9a-f]{20})"', queue)
    assert _post(coordinator, f"/binomes/propositions/{proposal}/accepter").status_code == 302
    with _db(app).reading() as session:
        status = session.scalar(
            select(PeerLearningPairRow.status).where(
                PeerLearningPairRow.learner_id == "m-00001",
                PeerLearningPairRow.skill_id == "couture-machine",
            )
        )
    assert status == "awaiting_approval"


def test_a_forged_pair_request_creates_nothing(app):
    member = logged_in(app, MEMBER)
    for mentor in ("m-00021", "m-00003"):  # another collective; not a card for that wish
        response = _post(member, "/moi/apprendre/binome", mentor=mentor, skill="couture-machine")
        assert "pas proposée" in text_of(member.get(response.headers["Location"]))
    assert member.post("/moi/apprendre/binome", data={"mentor": "m-00018"}).status_code == 400
    with _db(app).reading() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(ProposalRow).where(ProposalRow.kind == "pair")
            )
            == 0
        )


def test_learning_opportunities_and_interest(app):
    with _db(app).transaction() as session:
        session.add(LearningWishRow(member_id="m-00002", skill_id="maquillage", priority=9))
        session.execute(
            update(ServiceRequestRow).where(ServiceRequestRow.id == "r-0066").values(title=HOSTILE)
        )
    minor = logged_in(app, MINOR_MEMBER)
    page = text_of(minor.get("/moi/opportunites"))
    assert str(escape(HOSTILE)) in page and HOSTILE not in page
    assert "mercredi 02/12/2026, 14:00–17:00" in page
    assert _post(minor, "/moi/opportunites/r-0066/interesse").status_code == 302
    page = text_of(minor.get("/moi/opportunites"))
    assert "Vous avez dit que cela vous intéresse" in page
    assert _post(minor, "/moi/opportunites/r-0063/interesse").status_code == 404
    assert _post(logged_in(app, MEMBER), "/moi/opportunites/r-0066/interesse").status_code == 404

    signals = text_of(logged_in(app, COORDINATOR).get("/membres/signalements"))
    assert "Maëlys L." in signals and str(escape(HOSTILE)) in signals
    assert "Maëlys L." not in text_of(logged_in(app, "coordo-epeule").get("/membres/signalements"))


def test_a_member_answers_a_mission_and_sees_past_ones(app):
    with _db(app).transaction() as session:
        repository.insert_rows(
            session, "missions", [Mission("mi-test", "r-0066", None, "planned", datetime.now())]
        )
        repository.insert_rows(
            session, "mission_members", [MissionMember("mi-test", "m-00002", "apprenant", None)]
        )
    minor = logged_in(app, MINOR_MEMBER)
    page = text_of(minor.get("/moi/missions"))
    assert "À venir" in page and "Je serai absent·e" in page and "Tenir le stand" in page
    assert _post(minor, "/moi/missions/mi-test/reponse", answer="absent").status_code == 302
    assert "Vous avez signalé votre absence." in text_of(minor.get("/moi/missions"))
    assert "02/12/2026" in text_of(minor.get("/moi/modifier"))  # the absence is on the profile
    assert _post(minor, "/moi/missions/mi-test/reponse", answer="peut-etre").status_code == 400
    assert _post(minor, "/moi/missions/mi-0022/reponse", answer="confirm").status_code == 404
    member = logged_in(app, MEMBER)
    assert _post(member, "/moi/missions/mi-test/reponse", answer="decline").status_code == 404
    assert "Sera absent·e" in text_of(logged_in(app, COORDINATOR).get("/membres/signalements"))


def test_a_member_downloads_their_badge(app):
    change = LevelChange(
        "lc-test",
        "m-00001",
        "tricot",
        1,
        2,
        "validated",
        2,
        datetime(2026, 11, 20),
        "u-coordo-alma",
        datetime(2026, 11, 21),
    )
    with _db(app).transaction() as session:
        repository.insert_rows(session, "level_changes", [change])
    member = logged_in(app, MEMBER)
    page = text_of(member.get("/moi/progres"))
    assert "du niveau 1 au niveau 2" in page
    badge = member.get("/moi/badges/badge-tricot-niveau-2.json")
    assert badge.status_code == 200 and "attachment" in badge.headers["Content-Disposition"]
    assert "OpenBadgeCredential" in json.loads(badge.data)["type"]
    assert (
        logged_in(app, MINOR_MEMBER).get("/moi/badges/badge-tricot-niveau-2.json").status_code
        == 404
    )


def test_member_actions_without_token_change_nothing(app):
    member = logged_in(app, MEMBER)
    before = profiles.editable_profile(_db(app), MEMBER_1, "m-00001", today=app.config["TODAY"])
    for url, data in (
        ("/moi/envies", {"wish": "video"}),
        ("/moi/passions", {"text": "je tricote"}),
        ("/moi/apprendre/binome", {"mentor": "m-00018", "skill": "couture-machine"}),
        ("/moi/competences/couture/retirer", {}),
    ):
        assert member.post(url, data=data).status_code == 400
    after = profiles.editable_profile(_db(app), MEMBER_1, "m-00001", today=app.config["TODAY"])
    assert after == before
    with _db(app).reading() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(ProposalRow).where(ProposalRow.kind == "pair")
            )
            == 0
        )


def test_hostile_text_in_passions_and_names_is_escaped_on_member_pages(app):
    with _db(app).transaction() as session:
        session.add(PassionRow(member_id="m-00001", text=HOSTILE))
        session.execute(
            update(MemberSkillRow)
            .where(MemberSkillRow.member_id == "m-00001", MemberSkillRow.skill_id == "tricot")
            .values(evidence="self")
        )
    member = logged_in(app, MEMBER)
    for url in ("/moi", "/moi/modifier"):
        html = text_of(member.get(url))
        assert HOSTILE not in html and str(escape(HOSTILE)) in html
