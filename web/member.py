"""Member pages, phone first: my profile and "Qui peut m'apprendre ?".

Only the logged-in member's own data, and other members as mentor cards.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, url_for

from matcher import people
from web.charts import hours_chart_response
from web.identity import database, member_required, today, viewer

bp = Blueprint("member", __name__)


@bp.get("/moi")
@member_required
def profile() -> str:
    profile = people.member_profile(database(), viewer(), viewer().member_id, today=today())
    if profile is None:
        abort(404)
    return render_template(
        "member/profile.html", profile=profile, chart_url=url_for("member.hours_chart")
    )


@bp.get("/moi/heures.svg")
@member_required
def hours_chart() -> Response:
    return hours_chart_response(viewer().member_id)


@bp.get("/moi/apprendre")
@member_required
def mentors() -> str:
    wishes = people.mentors_for_wishes(database(), viewer(), today=today())
    return render_template("member/mentors.html", wishes=wishes)
