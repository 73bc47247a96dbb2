"""A coordinator runs the week in a real browser, gets the digest, and reads the reports
on a phone — with no Content-Security-Policy violation on the way."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.db]

WEEK = "2026-W49"  # the week after the demo's today


@pytest.fixture
def digests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The batch writes here, not into the working copy (read by ``create_app``)."""
    folder = tmp_path / "digests"
    monkeypatch.setenv("KPA_DIGESTS_DIR", str(folder))
    return folder


@pytest.fixture
def live_url(digests: Path, live_url: str) -> str:
    return live_url


def _watch_console(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def _log_in(page, base: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Identifiant").fill("coordo-alma")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(base + "/tableau-de-bord")


def test_a_coordinator_runs_the_week_and_downloads_the_digest(
    browser, live_url, digests, artifacts
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    violations = _watch_console(page)
    _log_in(page, live_url)
    page.get_by_role("navigation").get_by_role("link", name="Semaine").click()
    assert page.get_by_role("heading", name=f"Semaine {WEEK}").is_visible()
    page.get_by_role("button", name="Lancer le calcul de la semaine").click()
    page.wait_for_load_state()
    assert "propositions en attente de décision" in page.locator(".flash").inner_text()
    assert page.get_by_role("cell", name="demandes avec équipe").is_visible()
    page.screenshot(path=artifacts / "ops-01-semaine.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="page de la semaine (HTML)").click()
    assert download.value.suggested_filename == f"kpa-alma-{WEEK}-digest.html"
    assert "Équipes proposées" in Path(download.value.path()).read_text(encoding="utf-8")
    assert (digests / WEEK / "kpa-alma" / "digest.html").is_file()
    page.get_by_role("navigation").get_by_role("link", name="Binômes et échanges").click()
    assert page.locator(".card").count() > 0
    page.screenshot(path=artifacts / "ops-02-binomes.png", full_page=True)
    assert violations == []


def test_the_reports_read_well_on_a_phone(browser, live_url, artifacts):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    violations = _watch_console(page)
    _log_in(page, live_url)
    page.goto(live_url + "/rapports?semaines=26")
    page.wait_for_load_state("load")  # the four SVG charts included
    charts = page.locator("img.chart")
    assert charts.count() == 4
    for n in range(4):
        assert charts.nth(n).evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "ops-03-rapports-390.png", full_page=True)
    assert violations == []
