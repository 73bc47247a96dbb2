"""A coordinator and a member in a real browser: French first, English on demand, a phone."""

from __future__ import annotations

import pytest

from matcher.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.db]


def _watch_console(page) -> list[str]:
    """Collect Content-Security-Policy violations Chromium reports on the console."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def _log_in(page, base: str, login: str) -> None:
    page.goto(base + "/")
    assert page.url == base + "/login"
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_coordinator_logs_in_switches_to_english_and_opens_a_profile(
    browser, live_url, artifacts
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    violations = _watch_console(page)
    page.goto(live_url + "/login")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.screenshot(path=artifacts / "01-connexion.png", full_page=True)
    _log_in(page, live_url, "coordo-alma")
    page.wait_for_url(live_url + "/tableau-de-bord")
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    page.screenshot(path=artifacts / "02-dashboard-en.png", full_page=True)

    page.get_by_role("link", name="Members").click()
    page.get_by_label("Skill").select_option("couture")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Adam D.").click()
    page.wait_for_load_state("load")  # images included
    assert page.get_by_role("heading", name="Adam D.").is_visible()
    assert page.get_by_role("heading", name="Skills", exact=True).is_visible()
    assert page.get_by_role("heading", name="Skills graph").is_visible()
    charts = page.locator("img.chart").all()  # the hours chart and the skills picture
    assert len(charts) == 2
    for chart in charts:
        chart.scroll_into_view_if_needed()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=artifacts / "03-profil-en.png", full_page=True)
    assert violations == []


def test_a_member_on_a_phone_finds_who_can_teach_them(browser, live_url, artifacts):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    violations = _watch_console(page)
    _log_in(page, live_url, "membre-1")
    page.wait_for_url(live_url + "/moi")
    page.get_by_role("navigation").get_by_role("link", name="Qui peut m'apprendre ?").click()
    assert page.get_by_role("heading", name="Qui peut m'apprendre ?").is_visible()
    card = page.locator(".card.mentor").first
    assert "Adam D." in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "04-mentors-390.png", full_page=True)
    assert violations == []
