"""« Rapports » : hours distribution, Gini of paid hours per week, skills gained and
requests staffed — tables from :mod:`matcher.reports`, matplotlib SVG charts served as
files for ``<img>`` (the CSP forbids inline SVG styles) and a CSV download of each table.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable

import matplotlib
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from matplotlib.figure import Figure

from matcher import reports
from matcher.domain import Dataset
from matcher.graph.gaps import iso_week
from matcher.tabular import escape_cell
from web.charts import _RC
from web.identity import database, staff_required, today, viewer

bp = Blueprint("reports", __name__)

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_WEEKS = 12
ACCENT, GREY = "#b4451f", "#8a94a8"

Table = tuple[list[str], list[list[object]]]


def _weeks() -> list[str]:
    asked = request.args.get("semaines", type=int)
    return reports.report_weeks(today(), asked if asked in WEEK_CHOICES else DEFAULT_WEEKS)


def _hours(dataset: Dataset, weeks: list[str]) -> Table:
    rows = reports.hours_distribution(dataset, weeks)
    return [_("Membre"), _("Heures payées"), _("Heures non payées")], [
        [r.name, r.paid, r.unpaid] for r in rows
    ]


def _gini(dataset: Dataset, weeks: list[str]) -> Table:
    rows = reports.gini_by_week(dataset, weeks)
    return [_("Semaine"), _("Gini des heures payées"), _("Membres présents"), _("Heures payées")], [
        list(r) for r in rows
    ]


def _skills(dataset: Dataset, weeks: list[str]) -> Table:
    rows = reports.skills_gained(dataset, weeks)
    return [_("Date"), _("Membre"), _("Compétence"), _("Ancien niveau"), _("Nouveau niveau")], [
        [g.day.isoformat(), g.name, g.skill_id, g.from_level, g.to_level] for g in rows
    ]


def _staffed(dataset: Dataset, weeks: list[str]) -> Table:
    rows = reports.requests_staffed(dataset, weeks)
    return [_("Semaine"), _("Demandes"), _("Avec équipe")], [
        [r.week, r.requests, r.staffed] for r in rows
    ]


TABLES: dict[str, Callable[[Dataset, list[str]], Table]] = {
    "heures": _hours,
    "gini": _gini,
    "competences": _skills,
    "demandes": _staffed,
}


def _svg(draw: Callable[[object], None]) -> Response:
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(6.4, 2.8))
        axes = figure.subplots()
        draw(axes)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


def _short(week: str) -> str:
    return week.split("-")[1]


def _chart(name: str, dataset: Dataset, weeks: list[str]) -> Response:
    if name == "heures":
        paid = [r.paid for r in reports.hours_distribution(dataset, weeks)]

        def draw(axes) -> None:  # type: ignore[no-untyped-def]
            axes.hist(paid or [0], bins=10, color=ACCENT)
            axes.set_title(_("Répartition des heures payées par membre"))
            axes.set_xlabel("h")
            axes.set_ylabel(_("membres"))

    elif name == "gini":
        rows = reports.gini_by_week(dataset, weeks)

        def draw(axes) -> None:  # type: ignore[no-untyped-def]
            axes.plot([_short(w) for w, *_ in rows], [g for _, g, *_ in rows], color=ACCENT)
            axes.set_ylim(0, 1)
            axes.set_title(_("Gini des heures payées, semaine par semaine"))
            axes.tick_params(axis="x", labelrotation=45)

    elif name == "competences":
        per_week = Counter(iso_week(g.day) for g in reports.skills_gained(dataset, weeks))

        def draw(axes) -> None:  # type: ignore[no-untyped-def]
            axes.bar([_short(w) for w in weeks], [per_week[w] for w in weeks], color=ACCENT)
            axes.set_ylim(bottom=0)
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.set_title(_("Niveaux validés par semaine"))
            axes.tick_params(axis="x", labelrotation=45)

    else:
        rows = reports.requests_staffed(dataset, weeks)

        def draw(axes) -> None:  # type: ignore[no-untyped-def]
            labels = [_short(r.week) for r in rows]
            axes.bar(labels, [r.requests for r in rows], color=GREY, label=_("demandes"))
            axes.bar(labels, [r.staffed for r in rows], color=ACCENT, label=_("avec équipe"))
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.set_title(_("Demandes et demandes avec équipe, par semaine"))
            axes.tick_params(axis="x", labelrotation=45)
            axes.legend(frameon=False, loc="upper left")

    return _svg(draw)


@bp.get("/rapports")
@staff_required
def index() -> str:
    weeks = _weeks()
    dataset = reports.scoped_dataset(database(), viewer())
    tables = {name: build(dataset, weeks) for name, build in TABLES.items()}
    return render_template(
        "ops/reports.html",
        weeks=weeks,
        count=len(weeks),
        choices=WEEK_CHOICES,
        tables=tables,
    )


@bp.get("/rapports/<name>.svg")
@staff_required
def chart(name: str) -> Response:
    if name not in TABLES:
        abort(404)
    return _chart(name, reports.scoped_dataset(database(), viewer()), _weeks())


@bp.get("/rapports/<name>.csv")
@staff_required
def table_csv(name: str) -> Response:
    if name not in TABLES:
        abort(404)
    header, rows = TABLES[name](reports.scoped_dataset(database(), viewer()), _weeks())
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    for row in [header, *rows]:
        writer.writerow([escape_cell(str(cell)) for cell in row])
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="rapport-{name}.csv"'},
    )
