"""A member on a phone (390×844) finds who can teach them and asks for a pair."""

from __future__ import annotations

import pytest

from matcher.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.db]

WIDTH = 390


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_a_member_on_a_phone_asks_for_a_pair(browser, live_url, artifacts):
    page = browser.new_page(viewport={"width": WIDTH, "height": 844}, is_mobile=True)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(live_url + "/login")
    page.get_by_label("Identifiant").fill("membre-1")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_url + "/moi")
    assert _no_horizontal_scroll(page)

    page.get_by_role("link", name="Modifier mon profil").click()
    assert page.get_by_role("heading", name="Modifier mon profil").is_visible()
    assert _no_horizontal_scroll(page)

    page.get_by_role("navigation").get_by_role("link", name="Qui peut m'apprendre ?").click()
    card = page.locator(".card.mentor", has_text="Adam D.")
    card.get_by_role("button", name="Demander un binôme").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").first.inner_text().startswith("Demande envoyée")
    assert "Demande envoyée" in page.locator(".card.mentor", has_text="Adam D.").inner_text()
    assert _no_horizontal_scroll(page)
    page.screenshot(path=artifacts / "05-binome-demande-390.png", full_page=True)

    for path in ("/moi/opportunites", "/moi/missions", "/moi/progres"):
        page.goto(live_url + path)
        assert _no_horizontal_scroll(page), path
    assert violations == []
