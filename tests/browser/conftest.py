"""A real Chromium (Debian's, never Playwright's download) against the app served in-process.

Without ``/usr/bin/chromium`` every browser test is skipped with the reason printed
(``.ci/run`` installs the ``chromium`` package). The server is werkzeug's, in a thread, on
a free port of 127.0.0.1, over a real migrated database holding the demo.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from matcher import services
from web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
TODAY = date(2026, 11, 28)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} absent : apt-get install -y chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def live_url(database, database_url) -> Iterator[str]:
    services.load_demo(database, seed=1, today=TODAY)
    app = create_app(
        {"DATABASE_URL": database_url, "TODAY": TODAY, "SECRET_KEY": "browser-tests-only"}
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()
    app.extensions["kpa_db"].dispose()


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
