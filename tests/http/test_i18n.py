"""French by default, English on demand: every string translated, the catalogue compiled."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from http_helpers import COORDINATOR, MEMBER, csrf_token, logged_in, text_of

from matcher import vocabulary
from web import i18n

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "web" / "translations" / "en" / "LC_MESSAGES"


def _extracted() -> set[str]:
    """Every msgid in web/ as ``pybabel extract -F babel.cfg -k _l`` finds it."""
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    found = extract_from_dir(
        ROOT / "web",
        method_map=method_map,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "_l": None},
    )
    return {msg[2] if isinstance(msg[2], str) else msg[2][0] for msg in found}


def _ids(catalogue) -> dict[str, str]:
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            m.string if isinstance(m.string, str) else m.string[0]
        )
        for m in catalogue
        if m.id
    }


def test_every_string_of_the_web_layer_has_an_english_translation():
    with (CATALOGUE / "messages.po").open("rb") as handle:
        english = _ids(read_po(handle))
    extracted = _extracted()
    assert len(extracted) > 100
    assert sorted(m for m in extracted if not english.get(m)) == []


def test_the_compiled_catalogue_matches_its_source():
    with (CATALOGUE / "messages.po").open("rb") as po, (CATALOGUE / "messages.mo").open("rb") as mo:
        assert _ids(read_po(po)) == _ids(read_mo(mo))


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (i18n.LEVELS, vocabulary.LEVELS),
        (i18n.WEEKDAYS, vocabulary.WEEKDAYS_FR),
        (i18n.MEMBER_STATUSES, vocabulary.MEMBER_STATUSES),
        (i18n.USER_ROLES, vocabulary.USER_ROLES),
    ],
)
def test_the_web_labels_are_the_vocabulary_labels(ours, theirs):
    assert {k: v._args[0] for k, v in ours.items()} == dict(theirs)


@pytest.mark.db
def test_switching_to_english_keeps_the_page_and_the_url_clean(app):
    client = logged_in(app, COORDINATOR)
    assert "Tableau de bord" in text_of(client.get("/tableau-de-bord"))
    form = {"lang": "en", "next": "/membres?zone=alma", "csrf_token": csrf_token(client)}
    response = client.post("/langue", data=form)
    assert response.headers["Location"] == "/membres?zone=alma"
    page = text_of(client.get("/tableau-de-bord"))
    assert '<html lang="en">' in page and "Dashboard" in page and "Tableau de bord" not in page
    assert "Sewing" in text_of(client.get("/membres"))


@pytest.mark.db
def test_the_language_toggle_never_redirects_off_site(app):
    client = logged_in(app, MEMBER)
    form = {"lang": "en", "next": "//evil.example/", "csrf_token": csrf_token(client)}
    assert client.post("/langue", data=form).headers["Location"] == "/"


@pytest.mark.db
def test_an_unknown_language_is_ignored(app):
    client = app.test_client()
    client.set_cookie(i18n.COOKIE, "xx")
    assert '<html lang="fr">' in text_of(client.get("/login"))
