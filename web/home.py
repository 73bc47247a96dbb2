"""The public home page: counts per collective only (minors' data is not public)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from matcher import services

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    counts = services.collective_counts(current_app.extensions["kpa_db"])
    return render_template("home.html", collectives=counts)
