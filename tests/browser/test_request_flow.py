"""A coordinator in a real Chromium: a client's French text → skills → teams → swap → accept."""

from __future__ import annotations

import pytest

from matcher.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.db]

BUFFET = "Buffet pour 50 personnes mardi au centre social, il faut cuisiner et servir"


def _watch_console(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_a_coordinator_turns_a_french_request_into_an_accepted_team(browser, live_url, artifacts):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    violations = _watch_console(page)
    page.goto(live_url + "/login")
    page.get_by_label("Identifiant").fill("coordo-alma")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_url + "/tableau-de-bord")

    page.get_by_role("navigation").get_by_role("link", name="Demandes").click()
    page.get_by_role("link", name="Nouvelle demande").click()
    page.get_by_label("Titre").fill("Buffet du centre social")
    page.get_by_label("Client ou cliente").fill("Centre social des Trois-Ponts")
    page.get_by_label("La demande, dans les mots du client").fill(BUFFET)
    page.get_by_role("button", name="Analyser le texte").click()

    assert page.get_by_text("Compétences à confirmer").is_visible()
    lines = page.locator(".skill-line")
    assert lines.count() == 3
    assert "Traiteur et buffets" in lines.nth(0).inner_text()
    assert "Cuisine" in lines.nth(1).inner_text()
    lines.nth(0).locator("input[name='skills-0-optional']").check()  # nobody free holds it
    page.locator("#sessions-0-day").fill("2026-12-01")
    page.locator("#sessions-0-start").fill("09:00")
    page.locator("#sessions-0-end").fill("15:00")
    page.screenshot(path=artifacts / "10-demande-confirmer.png", full_page=True)
    page.get_by_role("button", name="Enregistrer et chercher des équipes").click()

    page.wait_for_selector("#proposition-1")
    assert page.get_by_text("Demande enregistrée.").is_visible()
    first = page.locator("#proposition-1")
    assert "Équipe n° 1 — score" in first.inner_text()
    assert "€ brut estimés" in first.inner_text()

    old = first.locator("select[name$='-old'] option").last.get_attribute("value")
    candidates = first.locator("select[name$='-new'] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    for candidate in candidates:
        first = page.locator("#proposition-1")
        first.locator("select[name$='-old']").select_option(old)
        first.locator("select[name$='-new']").select_option(candidate)
        first.get_by_role("button", name="Remplacer et recalculer").click()
        page.wait_for_load_state()
        if page.get_by_text("Équipe modifiée : score").count():
            break
        assert page.get_by_role("heading", name="Remplacement impossible").is_visible()
    assert page.get_by_text("Équipe modifiée : score").is_visible()
    page.screenshot(path=artifacts / "11-demande-equipes.png", full_page=True)

    page.locator("#proposition-1").get_by_role("button", name="Accepter l'équipe n° 1").click()
    page.wait_for_load_state()
    assert page.get_by_text("la mission est créée").is_visible()
    assert page.get_by_text("Équipe trouvée").first.is_visible()
    page.screenshot(path=artifacts / "12-demande-acceptee.png", full_page=True)
    assert violations == []
