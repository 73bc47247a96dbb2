"""« Semaine » : run or re-run the weekly batch, its history, the digest and last week's diff.

The batch is :func:`matcher.batch.service.run_batch`, the same use case as ``matcher batch
run``; a coordinator runs it for their collective only, an admin for all. Its files
(``digest.html``, ``queue.csv``) are served from the digests folder by name from a fixed
list, for a week and a collective in the viewer's scope — never from a path in the URL.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.security import safe_join
from wtforms import StringField
from wtforms.validators import DataRequired, Regexp

from matcher import reports
from matcher.batch.lock import BatchLocked
from matcher.batch.service import BatchError, default_output, run_batch
from matcher.graph.gaps import iso_week
from web.identity import database, staff_required, today, viewer

bp = Blueprint("week", __name__)

WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")
#: The batch's files a coordinator may download, with their type.
FILES = {"digest.html": "text/html", "queue.csv": "text/csv"}
DIFF_LABELS = {
    "requests": _l("demandes"),
    "staffed": _l("demandes avec équipe"),
    "unstaffed": _l("demandes sans équipe"),
    "pairs": _l("binômes proposés"),
    "exchanges": _l("échanges proposés"),
    "skill_gaps": _l("compétences en manque"),
    "without_opportunity": _l("membres sans opportunité depuis 4 semaines"),
}


class RunForm(FlaskForm):
    week = StringField(
        _l("Semaine (AAAA-Wss)"),
        validators=[
            DataRequired(),
            Regexp(WEEK.pattern, message=_l("Semaine attendue sous la forme 2026-W49.")),
        ],
    )


def digests_root() -> Path:
    """Where the batch writes (``KPA_DIGESTS_DIR``, else the CLI's ``instance/digests``)."""
    configured = current_app.config.get("DIGESTS_DIR")
    return Path(configured) if configured else default_output(iso_week(today())).parent


def _chosen_week() -> str:
    asked = request.args.get("semaine", "")
    return asked if WEEK.match(asked) else iso_week(today() + timedelta(days=7))


def _collectives() -> list[str]:
    """The collectives whose digests the viewer may open."""
    dataset = reports.scoped_dataset(database(), viewer())
    return [c.id for c in dataset.collectives]


def _page(form: RunForm, week: str, status: int = 200) -> tuple[str, int]:
    dataset = reports.scoped_dataset(database(), viewer())
    root = digests_root()
    collectives = [
        {
            "collective": c,
            "diff": reports.week_diff(dataset, c.id, week),
            "files": [name for name in FILES if (root / week / c.id / name).is_file()],
        }
        for c in dataset.collectives
    ]
    return render_template(
        "ops/week.html",
        form=form,
        week=week,
        collectives=collectives,
        history=reports.batch_history(dataset),
        labels_diff=DIFF_LABELS,
    ), status


@bp.get("/semaine")
@staff_required
def week() -> tuple[str, int]:
    chosen = _chosen_week()
    return _page(RunForm(week=chosen), chosen)


@bp.post("/semaine")
@staff_required
def run() -> Response | tuple[str, int]:
    form = RunForm()
    if not form.validate_on_submit():
        return _page(form, _chosen_week(), 400)
    week = form.week.data
    collective = None if viewer().role == "admin" else viewer().collective_id
    try:
        result = run_batch(
            database(), week=week, collective_id=collective, output=digests_root() / week
        )
    except BatchLocked:
        flash(
            _(
                "Un autre calcul de la semaine est déjà en cours sur cette base : "
                "celui-ci n'a pas démarré. Réessayez dans quelques minutes."
            ),
            "error",
        )
        return _page(form, week, 409)
    except BatchError as exc:
        flash(str(exc), "error")
        return _page(form, week, 400)
    flash(
        _(
            "Semaine %(week)s calculée : %(n)d propositions en attente de décision.",
            week=week,
            n=result.proposals,
        ),
        "info",
    )
    return redirect(url_for("week.week", semaine=week))


@bp.get("/semaine/<week>/<collective_id>/<name>")
@staff_required
def digest_file(week: str, collective_id: str, name: str) -> Response:
    """One file of the batch, downloaded (its inline styles never run under our CSP)."""
    if not WEEK.match(week) or name not in FILES or collective_id not in _collectives():
        abort(404)
    path = safe_join(str(digests_root()), week, collective_id, name)
    if path is None or not Path(path).is_file():
        abort(404)
    return Response(
        Path(path).read_bytes(),  # a few kilobytes: no file handle left to the server
        mimetype=FILES[name],
        headers={"Content-Disposition": f'attachment; filename="{collective_id}-{week}-{name}"'},
    )
