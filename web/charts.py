"""Charts drawn on the server with matplotlib, served as SVG files for ``<img>``.

An inline ``<svg>`` would need inline styles, which the Content-Security-Policy forbids;
an SVG file shown through ``<img>`` can neither run scripts nor reach the page.
"""

from __future__ import annotations

import functools
import io
import tempfile
from datetime import date
from pathlib import Path

import matplotlib
from flask import Response, abort
from flask_babel import gettext as _
from matplotlib.figure import Figure

from matcher import people
from matcher.graph.picture import draw_skills_svg
from matcher.graph.skills import build_skills_graph
from web.identity import database, today, viewer

#: Same input, same bytes: no timestamp and a fixed id salt.
_RC = {"svg.hashsalt": "kpa-matcher", "svg.fonttype": "none", "font.size": 9}


@functools.lru_cache(maxsize=512)
def weekly_hours_svg(
    weeks: tuple[tuple[date, float, float], ...], *, paid_label: str, unpaid_label: str, title: str
) -> bytes:
    """Stacked bars of paid and unpaid hours per week (weeks labelled dd/mm).

    Drawing costs ~0.1 s; the same figures and labels give the same bytes, so the result is
    cached (new hours make a new key: nothing goes stale).
    """
    labels = [monday.strftime("%d/%m") for monday, _, _ in weeks]
    paid = [p for _, p, _ in weeks]
    unpaid = [u for _, _, u in weeks]
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(6.4, 2.6))
        axes = figure.subplots()
        axes.bar(labels, paid, color="#b4451f", label=paid_label)
        axes.bar(labels, unpaid, bottom=paid, color="#8a94a8", label=unpaid_label)
        axes.set_title(title)
        axes.set_ylabel("h")
        axes.tick_params(axis="x", labelrotation=45)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(frameon=False, loc="upper left")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def hours_chart_response(member_id: str) -> Response:
    """The member's hours chart as an SVG file (shared with the member's own page)."""
    weeks = people.weekly_hours(database(), viewer(), member_id, today=today())
    if weeks is None:
        abort(404)
    svg = weekly_hours_svg(
        tuple(weeks),
        paid_label=_("heures payées"),
        unpaid_label=_("heures non payées"),
        title=_("Heures par semaine (12 dernières semaines)"),
    )
    return Response(svg, mimetype="image/svg+xml")


def skills_picture_response(member_id: str) -> Response:
    """The member's skills picture (held, wished; related skills linked) as an SVG file."""
    dataset = people.picture_data(database(), viewer(), member_id)
    if dataset is None:
        abort(404)
    graph = build_skills_graph(dataset)
    with tempfile.TemporaryDirectory() as folder:
        path = draw_skills_svg(graph, Path(folder) / "skills.svg", member=member_id)
        svg = path.read_bytes()
    return Response(svg, mimetype="image/svg+xml")
