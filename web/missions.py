"""« Missions » : the printable week plan and closing a mission with what really happened.

Closing goes through :func:`matcher.feedback.service.close_mission` (real hours per
member, outcome, the client's rating): the ledger is rewritten, level evidence queued.
The mission must be in the viewer's slice of the network first, else 404.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matcher import reports
from matcher.feedback import service
from matcher.feedback.closing import ClientFeedback, MemberReport
from matcher.feedback.errors import FeedbackError
from matcher.graph.gaps import iso_week, week_monday
from matcher.vocabulary import WEEKDAYS
from web.forms import ConfirmForm
from web.identity import database, staff_required, today, viewer

bp = Blueprint("missions", __name__)

WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")
OUTCOMES = {
    "completed": _l("Mission réalisée"),
    "partial": _l("Présence partielle"),
    "absent": _l("Absent·e"),
}
ROLES = {
    "referent": _l("référent·e"),
    "membre": _l("membre"),
    "apprenant": _l("apprenant·e"),
}
MAX_HOURS = 24 * 7


@bp.get("/missions")
@staff_required
def plan() -> str:
    asked = request.args.get("semaine", "")
    week = asked if WEEK.match(asked) else iso_week(today())
    dataset = reports.scoped_dataset(database(), viewer())
    return render_template(
        "ops/missions.html",
        week=week,
        previous=iso_week(week_monday(week) - timedelta(weeks=1)),
        following=iso_week(week_monday(week) + timedelta(weeks=1)),
        plan=reports.week_plan(dataset, week),
        to_close=reports.missions_to_close(dataset),
        roles=ROLES,
        days=WEEKDAYS,
    )


def _mission_or_404(mission_id: str) -> reports.MissionPlan:
    mission = reports.mission_plan(reports.scoped_dataset(database(), viewer()), mission_id)
    if mission is None:
        abort(404)
    return mission


def _parse(mission: reports.MissionPlan) -> tuple[dict[str, MemberReport], list[str]]:
    """Each member's real hours and outcome from the form, with French errors."""
    found, errors = {}, []
    for place in mission.team:
        raw = request.form.get(f"hours-{place.member_id}", "").strip().replace(",", ".")
        outcome = request.form.get(f"outcome-{place.member_id}", "") or None
        hours = None
        if raw:
            try:
                hours = float(raw)
            except ValueError:
                hours = -1.0
            if not 0 <= hours <= MAX_HOURS:
                errors.append(_("%(name)s : nombre d'heures invalide.", name=place.name))
                continue
        if outcome is not None and outcome not in OUTCOMES:
            errors.append(_("%(name)s : résultat inconnu.", name=place.name))
            continue
        found[place.member_id] = MemberReport(hours, outcome)
    return found, errors


def _client() -> tuple[ClientFeedback | None, list[str]]:
    rating = request.form.get("rating", "")
    comment = request.form.get("comment", "")[:1000]
    if not rating:
        return None, []
    if rating not in {"1", "2", "3", "4", "5"}:
        return None, [_("La note du client doit aller de 1 à 5.")]
    return ClientFeedback(int(rating), comment), []


@bp.route("/missions/<mission_id>/cloture", methods=["GET", "POST"])
@staff_required
def close(mission_id: str) -> Response | tuple[str, int]:
    mission = _mission_or_404(mission_id)
    form = ConfirmForm()
    errors: list[str] = []
    if request.method == "POST":  # CSRFProtect has checked the token
        member_reports, errors = _parse(mission)
        client, client_errors = _client()
        errors += client_errors
        if not errors:
            try:
                service.close_mission(
                    database(), mission_id, member_reports, client, actor=viewer().user_id
                )
            except FeedbackError as exc:
                errors.append(str(exc))
            else:
                flash(_("Mission close : les heures réelles sont enregistrées."), "info")
                return redirect(url_for("missions.plan"))
    status = 400 if errors else 200
    return render_template(
        "ops/close.html",
        mission=mission,
        form=form,
        errors=errors,
        outcomes=OUTCOMES,
        roles=ROLES,
        values=request.form,
    ), status
