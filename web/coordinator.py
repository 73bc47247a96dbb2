"""Coordinator pages: dashboard, member search, a member's profile, export and erasure.

Every query goes through :mod:`matcher.people` with the viewer, so a coordinator of
another collective gets 404 for a member id they should not know, and a member gets 403.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from matcher import people
from matcher.taxonomy import load_taxonomy
from matcher.vocabulary import WEEKDAYS
from web.charts import hours_chart_response
from web.forms import ConfirmForm, MemberSearchForm
from web.i18n import AGE_BANDS, skill_label
from web.i18n import WEEKDAYS as DAYS
from web.identity import database, staff_required, today, viewer

bp = Blueprint("coordinator", __name__)


@bp.get("/tableau-de-bord")
@staff_required
def dashboard() -> str:
    figures = people.overview(database(), viewer(), today=today())
    return render_template("coordinator/dashboard.html", figures=figures)


def _skill_choices() -> list[tuple[str, str]]:
    skills = sorted(load_taxonomy().curated(), key=lambda s: skill_label(s).casefold())
    return [("", _("Toutes"))] + [(s.id, skill_label(s)) for s in skills]


@bp.get("/membres")
@staff_required
def members() -> str:
    form = MemberSearchForm(formdata=request.args)
    form.skill.choices = _skill_choices()
    form.zone.choices = [("", _("Tous"))] + [(z, z) for z in people.zones(database(), viewer())]
    form.age_band.choices = [("", _("Toutes"))] + [(k, str(v)) for k, v in AGE_BANDS.items()]
    form.weekday.choices = [("", _("Peu importe"))] + [(d, str(DAYS[d])) for d in WEEKDAYS]
    found: list[people.MemberSummary] = []
    if form.validate():
        filters = people.MemberFilters(
            skill_id=form.skill.data or "",
            min_level=form.level.data or 0,
            zone=form.zone.data or "",
            age_band=form.age_band.data or "",
            weekday=form.weekday.data or "",
        )
        found = people.search_members(database(), viewer(), filters, today=today())
    return render_template("coordinator/members.html", form=form, members=found)


@bp.get("/membres/<member_id>")
@staff_required
def member(member_id: str) -> str:
    profile = people.member_profile(database(), viewer(), member_id, today=today())
    if profile is None:
        abort(404)
    return render_template(
        "coordinator/member.html",
        profile=profile,
        chart_url=url_for("coordinator.hours_chart", member_id=member_id),
        erase_form=ConfirmForm(),
    )


@bp.get("/membres/<member_id>/heures.svg")
@staff_required
def hours_chart(member_id: str) -> Response:
    return hours_chart_response(member_id)


@bp.get("/membres/<member_id>/export.json")
@staff_required
def export(member_id: str) -> Response:
    data = people.export_member(database(), viewer(), member_id)
    if data is None:
        abort(404)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="membre-{member_id}.json"'},
    )


@bp.post("/membres/<member_id>/effacer")
@staff_required
def erase(member_id: str) -> Response:
    if not people.erase_member(database(), viewer(), member_id, today=today()):
        abort(404)
    flash(_("Les données du membre ont été effacées."), "info")
    return redirect(url_for("coordinator.members"))
