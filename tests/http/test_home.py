"""The public home page: French, counts per collective, never a person's name."""

from __future__ import annotations

from datetime import date

import pytest
from markupsafe import escape

from matcher import services
from matcher.storage import repository
from web import create_app

pytestmark = pytest.mark.db


@pytest.fixture
def client(database, database_url):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    yield app.test_client()
    app.extensions["kpa_db"].dispose()


def test_empty_database_home_page_explains_how_to_start_in_french(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Aucun collectif pour l'instant" in html


def test_home_page_shows_counts_per_collective_and_no_names(client, database):
    services.load_demo(database, seed=3, today=date(2026, 11, 28))
    html = client.get("/").get_data(as_text=True)
    with database.transaction() as session:
        dataset = repository.read_dataset(session)
    for collective in dataset.collectives:
        assert str(escape(collective.name)) in html
    counts = services.collective_counts(database)
    assert sum(c["members"] for c in counts) == len(dataset.members)
    for member in dataset.members:
        assert member.display_name not in html
    for private in dataset.member_private:
        assert private.legal_name not in html
