"""The coordinators' operation pages over HTTP: Missions, Binômes et échanges, Semaine,
Imports / exports and Rapports — on the demo, with the real batch and feedback services.

KPA Alma (``coordo-alma``) is the collective under test; ``coordo-epeule`` plays the
coordinator of another collective, who must get 404 for anything of KPA Alma.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from http_helpers import (
    COORDINATOR,
    MEMBER,
    OTHER_COORDINATOR,
    csrf_token,
    logged_in,
    make_app,
    text_of,
)
from markupsafe import escape
from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from matcher import people, reports
from matcher.batch.lock import batch_lock
from matcher.batch.service import run_batch
from matcher.domain import LevelChange
from matcher.feedback import service
from matcher.graph.gaps import iso_week
from matcher.storage import repository
from matcher.storage.db import Database
from matcher.storage.tables import (
    BatchRunRow,
    MemberRow,
    MissionRow,
    PeerLearningPairRow,
    ProposalRow,
    ServiceRequestRow,
)
from web.i18n import COOKIE

pytestmark = pytest.mark.db

WEEK = "2026-W49"  # the week after the tests' today (28 November 2026)
ALMA = "kpa-alma"
HOSTILE = "<script>alert('x')</script>"
PAGES = ["/missions", "/binomes", "/semaine", "/imports-exports", "/rapports"]


@pytest.fixture
def ops(demo: Database, database_url: str, tmp_path) -> Iterator[Flask]:
    """The app with the batch's digests in a temporary folder."""
    application = make_app(database_url, DIGESTS_DIR=str(tmp_path / "digests"))
    yield application
    application.extensions["kpa_db"].dispose()


def _db(app: Flask) -> Database:
    return app.extensions["kpa_db"]


def _post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def _batch(app: Flask) -> None:
    output = Path(app.config["DIGESTS_DIR"]) / WEEK
    run_batch(_db(app), week=WEEK, collective_id=ALMA, output=output)


def _pending(app: Flask, kind: str) -> list[dict]:
    rows = service.list_proposals(_db(app), week=WEEK, collective_id=ALMA, status="pending")
    return [r for r in rows if r["kind"] == kind]


def _status(app: Flask, row, row_id: str) -> str:
    with _db(app).transaction() as session:
        return session.scalar(select(row.status).where(row.id == row_id))


# --- every page ------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_each_page_renders_in_french_and_in_english(ops, url):
    client = logged_in(ops, COORDINATOR)
    french = client.get(url)
    assert french.status_code == 200 and '<html lang="fr">' in text_of(french)
    client.set_cookie(COOKIE, "en")
    english = text_of(client.get(url))
    assert '<html lang="en">' in english
    assert "Binômes et échanges" not in english and "Pairs and exchanges" in english


@pytest.mark.parametrize("url", PAGES)
def test_members_are_refused_and_visitors_sent_to_login(ops, url):
    assert logged_in(ops, MEMBER).get(url).status_code == 403
    assert ops.test_client().get(url).headers["Location"].startswith("/login")


# --- Semaine ---------------------------------------------------------------------------


def test_running_the_week_shows_the_diff_history_and_digest_links(ops):
    client = logged_in(ops, COORDINATOR)
    response = _post(client, "/semaine", week=WEEK)
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "propositions en attente de décision" in page
    assert "demandes avec équipe" in page and "Historique des calculs" in page
    digest = f"/semaine/{WEEK}/{ALMA}/digest.html"
    assert f'href="{digest}"' in page
    download = client.get(digest)
    assert download.status_code == 200 and download.mimetype == "text/html"
    assert download.headers["Content-Disposition"].startswith("attachment")
    queue = client.get(f"/semaine/{WEEK}/{ALMA}/queue.csv")
    assert queue.mimetype == "text/csv" and len(queue.data) > 10
    with _db(ops).transaction() as session:
        runs = session.scalars(select(BatchRunRow.collective_id).where(BatchRunRow.week == WEEK))
        assert list(runs) == [ALMA]  # a coordinator runs their own collective only


@pytest.mark.parametrize(
    "path",
    [
        f"/semaine/{WEEK}/kpa-alma/..%2F..%2Fsecret_key",
        f"/semaine/{WEEK}/kpa-alma/messages",
        f"/semaine/{WEEK}/..%2Fkpa-alma/digest.html",
        "/semaine/..%2F..%2Finstance/kpa-alma/digest.html",
        f"/semaine/{WEEK}/kpa-epeule/digest.html",
    ],
)
def test_digest_files_cannot_be_reached_by_path_tricks_or_from_another_collective(ops, path):
    client = logged_in(ops, COORDINATOR)
    _post(client, "/semaine", week=WEEK)
    assert client.get(path).status_code == 404


def test_another_collectives_coordinator_cannot_download_our_digest(ops):
    _post(logged_in(ops, COORDINATOR), "/semaine", week=WEEK)
    other = logged_in(ops, OTHER_COORDINATOR)
    assert other.get(f"/semaine/{WEEK}/{ALMA}/digest.html").status_code == 404


def test_a_second_batch_while_one_runs_gets_the_french_message_and_409(ops):
    client = logged_in(ops, COORDINATOR)
    with batch_lock(_db(ops)):
        response = _post(client, "/semaine", week=WEEK)
    assert response.status_code == 409
    assert "déjà en cours" in text_of(response)
    with _db(ops).transaction() as session:
        assert session.scalar(select(BatchRunRow.id).where(BatchRunRow.week == WEEK)) is None


def test_a_malformed_week_is_refused_in_french(ops):
    response = _post(logged_in(ops, COORDINATOR), "/semaine", week="49/2026")
    assert response.status_code == 400 and "2026-W49" in text_of(response)


# --- Binômes et échanges ---------------------------------------------------------------


def test_the_queue_lists_pair_and_exchange_proposals_with_their_reasons(ops):
    _batch(ops)
    page = text_of(logged_in(ops, COORDINATOR).get("/binomes"))
    for proposal in _pending(ops, "pair") + _pending(ops, "exchange"):
        assert proposal["id"] in page
        assert str(escape(proposal["reasons"][0])) in page
    assert _pending(ops, "team")[0]["id"] not in page  # teams are decided with their request


def test_accepting_a_pair_with_a_minor_waits_for_approval_then_approving_starts_it(ops):
    _batch(ops)
    client = logged_in(ops, COORDINATOR)
    [with_minor] = [
        p for p in _pending(ops, "pair") if any(m["id"] == "m-00002" for m in p["members"])
    ]
    assert _post(client, f"/binomes/propositions/{with_minor['id']}/accepter").status_code == 302
    assert "Proposition acceptée." in text_of(client.get("/binomes"))
    with _db(ops).transaction() as session:
        pair_id = session.scalar(
            select(PeerLearningPairRow.id).where(
                PeerLearningPairRow.learner_id == "m-00002",
                PeerLearningPairRow.status == "awaiting_approval",
            )
        )
    assert pair_id and pair_id in text_of(client.get("/binomes"))
    other = logged_in(ops, OTHER_COORDINATOR)
    assert _post(other, f"/binomes/{pair_id}/approuver").status_code == 404
    assert _status(ops, PeerLearningPairRow, pair_id) == "awaiting_approval"
    assert _post(client, f"/binomes/{pair_id}/approuver").status_code == 302
    assert _status(ops, PeerLearningPairRow, pair_id) == "active"


def test_declining_needs_a_reason_and_keeps_it(ops):
    _batch(ops)
    client = logged_in(ops, COORDINATOR)
    proposal = _pending(ops, "exchange")[0]["id"]
    url = f"/binomes/propositions/{proposal}/refuser"
    _post(client, url, reason="other", text="")
    assert _status(ops, ProposalRow, proposal) == "pending"
    assert _post(client, url, reason="too_far", text="40 min de bus").status_code == 302
    assert _status(ops, ProposalRow, proposal) == "declined"


def test_another_collective_cannot_decide_our_proposals(ops):
    _batch(ops)
    proposal = _pending(ops, "pair")[0]["id"]
    other = logged_in(ops, OTHER_COORDINATOR)
    assert _post(other, f"/binomes/propositions/{proposal}/accepter").status_code == 404
    assert (
        _post(other, f"/binomes/propositions/{proposal}/refuser", reason="too_far").status_code
        == 404
    )
    assert _status(ops, ProposalRow, proposal) == "pending"


def _level_change(app: Flask) -> str:
    change = LevelChange(
        "lc-test", "m-00001", "tricot", 1, 2, evidence_count=3, created_at=datetime(2026, 11, 27)
    )
    with _db(app).transaction() as session:
        repository.insert_rows(session, "level_changes", [change])
    return change.id


def test_level_changes_are_validated_or_rejected_in_scope_only(ops):
    change = _level_change(ops)
    client = logged_in(ops, COORDINATOR)
    assert "du niveau 1 au niveau 2" in text_of(client.get("/binomes"))
    other = logged_in(ops, OTHER_COORDINATOR)
    assert _post(other, f"/niveaux/{change}/valider").status_code == 404
    assert _post(client, f"/niveaux/{change}/valider").status_code == 302
    rows = service.list_level_changes(_db(ops), status="validated", collective_id=ALMA)
    assert [r["id"] for r in rows] == [change]


# --- Missions --------------------------------------------------------------------------


def _planned_mission(app: Flask) -> str:
    _batch(app)
    team = _pending(app, "team")[0]
    service.accept_proposal(_db(app), team["id"], actor="u-test")
    with _db(app).transaction() as session:
        return session.scalar(select(MissionRow.id).where(MissionRow.status == "planned"))


def test_the_week_plan_lists_the_weeks_missions_and_prints(ops):
    client = logged_in(ops, COORDINATOR)
    mission = _planned_mission(ops)
    plan = reports.mission_plan(
        reports.scoped_dataset(_db(ops), people.Viewer("u", "admin")), mission
    )
    page = text_of(client.get(f"/missions?semaine={iso_week(plan.first_day)}"))
    assert str(escape(plan.title)) in page and plan.team[0].name in page
    assert "ops.css" in page and f"/missions/{mission}/cloture" in page


def test_closing_a_mission_records_real_hours_outcomes_and_feedback(ops):
    mission = _planned_mission(ops)
    client = logged_in(ops, COORDINATOR)
    form = text_of(client.get(f"/missions/{mission}/cloture"))
    members = re.findall(r'name="hours-([^"]+)"', form)
    assert members
    bad = _post(client, f"/missions/{mission}/cloture", **{f"hours-{members[0]}": "beaucoup"})
    assert bad.status_code == 400 and "nombre d&#39;heures invalide" in text_of(bad)
    assert _status(ops, MissionRow, mission) == "planned"
    data = {f"outcome-{members[0]}": "absent", f"hours-{members[0]}": "0", "rating": "5"}
    assert _post(client, f"/missions/{mission}/cloture", **data).status_code == 302
    assert _status(ops, MissionRow, mission) == "done"
    assert "déjà close" in text_of(_post(client, f"/missions/{mission}/cloture"))


def test_another_collective_cannot_see_or_close_our_mission(ops):
    mission = _planned_mission(ops)
    other = logged_in(ops, OTHER_COORDINATOR)
    assert other.get(f"/missions/{mission}/cloture").status_code == 404
    assert _post(other, f"/missions/{mission}/cloture", rating="1").status_code == 404
    assert _status(ops, MissionRow, mission) == "planned"


# --- Imports / exports -----------------------------------------------------------------

HEADER = "collectif;nom affiché;nom;date de naissance;compétences\n"


def _upload(client, text: str, kind: str = "members", name: str = "membres.csv"):
    data = {
        "csrf_token": csrf_token(client),
        "kind": kind,
        "upload": (io.BytesIO(text.encode("utf-8")), name),
    }
    return client.post("/imports-exports/apercu", data=data, content_type="multipart/form-data")


def test_a_bad_file_is_previewed_with_every_row_error_in_french_and_nothing_saved(ops):
    client = logged_in(ops, COORDINATOR)
    response = _upload(client, HEADER + "kpa-alma;Zoé;Zoé Martin;31/02/2009;cusine:2\n")
    page = text_of(response)
    assert response.status_code == 422
    assert "31/02/2009 n&#39;est pas une date" in page and "compétence inconnue" in page
    assert "Importer pour de bon" not in page


def test_a_good_file_is_previewed_then_imported(ops):
    client = logged_in(ops, COORDINATOR)
    preview = _upload(client, HEADER + "kpa-alma;Zoé T.;Zoé Tessier;02/03/2001;couture:2\n")
    assert preview.status_code == 200 and "Import possible" in text_of(preview)
    with _db(ops).transaction() as session:
        assert (
            session.scalar(select(MemberRow.id).where(MemberRow.display_name == "Zoé T.")) is None
        )
    done = _post(client, "/imports-exports/importer")
    assert done.status_code == 302
    assert "Import terminé" in text_of(client.get("/imports-exports"))
    with _db(ops).transaction() as session:
        row = session.scalar(select(MemberRow).where(MemberRow.display_name == "Zoé T."))
        assert row.collective_id == ALMA
    assert _post(client, "/imports-exports/importer").status_code == 302  # nothing staged now
    assert "refaites l&#39;aperçu" in text_of(client.get("/imports-exports"))


def test_rows_of_another_collective_are_refused(ops):
    client = logged_in(ops, COORDINATOR)
    response = _upload(client, HEADER + "kpa-epeule;Léo;Léo Petit;02/03/2001;\n")
    assert "un autre collectif : m-" in text_of(response)
    assert "Importer pour de bon" not in text_of(response)
    _post(client, "/imports-exports/importer")
    with _db(ops).transaction() as session:
        assert session.scalar(select(MemberRow.id).where(MemberRow.display_name == "Léo")) is None


def test_a_full_export_import_is_for_admins_only(ops):
    response = _upload(logged_in(ops, COORDINATOR), "{}", kind="all", name="export.json")
    assert response.status_code == 400


def test_an_upload_over_the_limit_is_refused(ops):
    client = logged_in(ops, COORDINATOR)
    fields = {
        "csrf_token": csrf_token(client),
        "kind": "members",
        "upload": FileStorage(io.BytesIO(b"x" * (3 * 1024 * 1024)), "membres.csv"),
    }
    # encoded in memory: the test client's temporary file would outlive the request
    body, length, boundary = stream_encode_multipart(fields, use_tempfile=False)
    response = client.post(
        "/imports-exports/apercu",
        data=body.read(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert length > 2 * 1024 * 1024 and response.status_code == 413


def _export(client, **data) -> zipfile.ZipFile:
    response = _post(client, "/imports-exports/export", fmt="csv", **data)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_a_coordinators_export_holds_their_collective_and_private_fields_only_if_asked(ops):
    client = logged_in(ops, COORDINATOR)
    plain = _export(client)
    members = plain.read("membres.csv").decode("utf-8-sig")
    assert "kpa-alma" in members and "kpa-epeule" not in members
    assert "membres_prive.csv" not in plain.namelist()
    private = _export(client, include_private="y")
    assert "membres_prive.csv" in private.namelist()


def test_json_and_xlsx_exports_download(ops):
    client = logged_in(ops, COORDINATOR)
    as_json = _post(client, "/imports-exports/export", fmt="json")
    assert as_json.mimetype == "application/json" and b"kpa-matcher-export" in as_json.data
    as_xlsx = _post(client, "/imports-exports/export", fmt="xlsx")
    assert as_xlsx.data[:2] == b"PK"


# --- Rapports --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["heures", "gini", "competences", "demandes"])
def test_each_chart_is_an_svg_file_and_each_table_a_csv(ops, name):
    client = logged_in(ops, COORDINATOR)
    chart = client.get(f"/rapports/{name}.svg?semaines=26")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert chart.data.lstrip().startswith(b"<?xml") and b"<script" not in chart.data
    table = client.get(f"/rapports/{name}.csv")
    assert table.mimetype == "text/csv" and table.data.startswith("\ufeff".encode())
    assert f'src="/rapports/{name}.svg?semaines=12"' in text_of(client.get("/rapports"))


def test_the_reports_are_scoped_to_the_collective(ops):
    with _db(ops).transaction() as session:
        rows = session.execute(select(MemberRow.display_name, MemberRow.collective_id)).all()
    for login, collective in ((COORDINATOR, ALMA), (OTHER_COORDINATOR, "kpa-epeule")):
        table = logged_in(ops, login).get("/rapports/heures.csv?semaines=26").data.decode()
        listed = [line.split(";")[0] for line in table.splitlines()[1:]]
        ours = [name for name, owner in rows if owner == collective]
        assert sorted(listed) == sorted(ours)  # everyone present, zeros included, nobody else


# --- hostile text and CSRF -------------------------------------------------------------


def test_hostile_names_and_titles_are_shown_escaped_everywhere(ops):
    with _db(ops).transaction() as session:
        session.execute(
            update(MemberRow).where(MemberRow.collective_id == ALMA).values(display_name=HOSTILE)
        )
        session.execute(
            update(ServiceRequestRow)
            .where(ServiceRequestRow.collective_id == ALMA)
            .values(title=HOSTILE, client=HOSTILE)
        )
    _batch(ops)
    client = logged_in(ops, COORDINATOR)
    for url in ["/missions?semaine=2026-W47", "/binomes", "/rapports?semaines=26"]:
        page = text_of(client.get(url))
        assert HOSTILE not in page, url
        assert str(escape(HOSTILE)) in page, url


def test_state_changing_pages_without_a_token_get_400_and_change_nothing(ops):
    _batch(ops)
    client = logged_in(ops, COORDINATOR)
    proposal = _pending(ops, "pair")[0]["id"]
    assert client.post(f"/binomes/propositions/{proposal}/accepter").status_code == 400
    assert _status(ops, ProposalRow, proposal) == "pending"
    assert client.post("/semaine", data={"week": "2026-W50"}).status_code == 400
    with _db(ops).transaction() as session:
        assert session.scalar(select(BatchRunRow.id).where(BatchRunRow.week == "2026-W50")) is None
    assert client.post("/imports-exports/export", data={"fmt": "json"}).status_code == 400
