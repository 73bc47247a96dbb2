"""Coordinator pages: dashboard, member search, a member's profile; creating and editing
members, their private fields apart; their logins and printable one-time codes; what
members signal; export and erasure.

Every query goes through :mod:`matcher.people` (or :mod:`matcher.profiles`) with the viewer,
so a coordinator of another collective gets 404 for a member id they should not know, and
a member gets 403.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from matcher import accounts, people, profiles
from matcher.domain import MemberPrivate
from matcher.taxonomy import load_taxonomy
from matcher.vocabulary import WEEKDAYS
from web.charts import hours_chart_response, skills_picture_response
from web.forms import ConfirmForm, MemberSearchForm
from web.i18n import AGE_BANDS, MEMBER_STATUSES, skill_label
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
        logins=people.member_logins(database(), viewer(), member_id),
        login_form=LoginForm(),
    )


@bp.get("/membres/<member_id>/heures.svg")
@staff_required
def hours_chart(member_id: str) -> Response:
    return hours_chart_response(member_id)


@bp.get("/membres/<member_id>/competences.svg")
@staff_required
def skills_picture(member_id: str) -> Response:
    return skills_picture_response(member_id)


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


# --- creating and editing a member ---------------------------------------------------------

MOBILITIES = {
    "walk": _l("À pied"),
    "bike": _l("Vélo"),
    "public_transport": _l("Transports en commun"),
    "car": _l("Voiture"),
}
VISIBILITIES = {
    "private": _l("Privé : visible des autres membres seulement après un binôme approuvé"),
    "public": _l("Visible des autres membres comme mentor·e"),
}
SIGNALS = {
    "opportunity.interest": _l("Intéressé·e par une place d'apprenant·e"),
    "mission.confirm": _l("Confirme sa présence"),
    "mission.decline": _l("Ne peut pas faire la mission"),
    "mission.absent": _l("Sera absent·e"),
}


class MemberForm(FlaskForm):
    """The member's non-private fields (what the algorithms and other members may see)."""

    collective = SelectField(_l("Collectif"), validators=[Optional()])
    display_name = StringField(
        _l("Nom affiché (prénom et initiale)"),
        validators=[DataRequired(), Length(max=people.MAX_NAME_LENGTH)],
    )
    status = SelectField(_l("Statut"), validators=[DataRequired()])
    home_zone = StringField(_l("Quartier"), validators=[Optional(), Length(max=64)])
    mobility = SelectField(_l("Se déplace"), validators=[DataRequired()])
    max_travel_minutes = IntegerField(
        _l("Trajet maximum (minutes)"), default=30, validators=[NumberRange(0, 240)]
    )
    desired_hours_min = FloatField(
        _l("Heures souhaitées par semaine : minimum"), default=0, validators=[NumberRange(0, 48)]
    )
    desired_hours_max = FloatField(
        _l("Heures souhaitées par semaine : maximum"), default=35, validators=[NumberRange(0, 48)]
    )
    visibility = SelectField(_l("Visibilité"), default="private", validators=[DataRequired()])
    contract_start = DateField(_l("Début du contrat"), validators=[Optional()])
    contract_end = DateField(_l("Fin du contrat"), validators=[Optional()])
    joined_on = DateField(_l("Arrivée"), validators=[Optional()])
    left_on = DateField(_l("Départ"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [(k, str(v)) for k, v in MEMBER_STATUSES.items()]
        self.mobility.choices = [(k, str(v)) for k, v in MOBILITIES.items()]
        self.visibility.choices = [(k, str(v)) for k, v in VISIBILITIES.items()]

    def values(self) -> dict[str, Any]:
        """The form's data as :func:`matcher.people.update_member` takes it."""
        values = {name: self[name].data for name in people.MEMBER_FORM_FIELDS}
        return {**values, "home_zone": (values["home_zone"] or "").strip()}


class PrivateForm(FlaskForm):
    legal_name = StringField(_l("Nom légal"), validators=[DataRequired(), Length(max=120)])
    birth_date = DateField(_l("Date de naissance"), validators=[DataRequired()])
    contact = StringField(_l("Téléphone ou e-mail"), validators=[Optional(), Length(max=120)])
    parental_authorisation_date = DateField(
        _l("Autorisation parentale signée le"), validators=[Optional()]
    )
    parental_authorisation_ref = StringField(
        _l("Référence de l'autorisation parentale"), validators=[Optional(), Length(max=64)]
    )
    honorability_date = DateField(_l("Honorabilité vérifiée le"), validators=[Optional()])


class LoginForm(FlaskForm):
    login = StringField(_l("Identifiant"), validators=[DataRequired(), Length(max=64)])


def _collective_choices(form: MemberForm) -> None:
    """Admins choose the collective of a new member; a coordinator's is their own."""
    if viewer().role == "admin":
        form.collective.choices = people.collectives(database(), viewer())
        form.collective.validators = [DataRequired()]
    else:
        del form.collective


def _refused(error: ValueError) -> None:
    flash(_("Rien n'a été enregistré : %(why)s", why=str(error)), "error")


@bp.route("/membres/nouveau", methods=["GET", "POST"])
@staff_required
def new_member() -> Response | str:
    form = MemberForm()
    _collective_choices(form)
    if form.validate_on_submit():
        collective = form.collective.data if "collective" in form else None
        try:
            member = people.create_member(
                database(), viewer(), form.values(), collective_id=collective, today=today()
            )
        except people.MemberError as error:
            _refused(error)
        else:
            flash(_("Membre créé·e : complétez maintenant ses données privées."), "info")
            return redirect(url_for("coordinator.private", member_id=member.id))
    return render_template("coordinator/member_form.html", form=form, member=None)


@bp.route("/membres/<member_id>/modifier", methods=["GET", "POST"])
@staff_required
def edit_member(member_id: str) -> Response | str:
    found = people.private_fields(database(), viewer(), member_id)
    if found is None:
        abort(404)
    form = MemberForm(obj=found.member if request.method == "GET" else None)
    del form.collective
    if form.validate_on_submit():
        try:
            people.update_member(database(), viewer(), member_id, form.values())
        except people.MemberError as error:
            _refused(error)
        else:
            flash(_("Fiche enregistrée."), "info")
            return redirect(url_for("coordinator.member", member_id=member_id))
    return render_template("coordinator/member_form.html", form=form, member=found.member)


@bp.route("/membres/<member_id>/prive", methods=["GET", "POST"])
@staff_required
def private(member_id: str) -> Response | str:
    """Legal name, birth date, contact, authorisations: for the collective's staff only."""
    found = people.private_fields(database(), viewer(), member_id)
    if found is None:
        abort(404)
    form = PrivateForm(obj=found.private if request.method == "GET" else None)
    if form.validate_on_submit():
        record = MemberPrivate(
            member_id=member_id,
            legal_name=form.legal_name.data.strip(),
            birth_date=form.birth_date.data,
            contact=(form.contact.data or "").strip(),
            parental_authorisation_date=form.parental_authorisation_date.data,
            parental_authorisation_ref=(form.parental_authorisation_ref.data or "").strip(),
            honorability_date=form.honorability_date.data,
        )
        try:
            people.set_private_fields(database(), viewer(), record)
        except people.MemberError as error:
            _refused(error)
        else:
            flash(_("Données privées enregistrées."), "info")
            return redirect(url_for("coordinator.member", member_id=member_id))
    return render_template("coordinator/member_private.html", form=form, member=found.member)


# --- logins and one-time codes -------------------------------------------------------------


def _code_page(member_id: str, login: str, code: str) -> str:
    """The printable one-time code: shown once, never stored in clear nor put in a URL."""
    profile = people.member_profile(database(), viewer(), member_id, today=today())
    return render_template("coordinator/member_code.html", profile=profile, login=login, code=code)


@bp.post("/membres/<member_id>/compte")
@staff_required
def create_login(member_id: str) -> Response | str:
    if people.member_logins(database(), viewer(), member_id) is None:
        abort(404)
    form = LoginForm()
    if not form.validate_on_submit():
        flash(_("Choisissez un identifiant."), "error")
        return redirect(url_for("coordinator.member", member_id=member_id))
    try:
        user, code = accounts.create_member_login(
            database(), login=form.login.data, member_id=member_id, actor=viewer().user_id
        )
    except accounts.AccountError as error:
        _refused(error)
        return redirect(url_for("coordinator.member", member_id=member_id))
    return _code_page(member_id, user.login, code)


@bp.post("/membres/<member_id>/compte/code")
@staff_required
def reset_login(member_id: str) -> Response | str:
    """A new one-time code for one of the member's logins (the old password stops working)."""
    logins = people.member_logins(database(), viewer(), member_id)
    if logins is None:
        abort(404)
    form = LoginForm()
    if not form.validate_on_submit() or form.login.data not in logins:
        abort(400)
    code = accounts.issue_one_time_code(database(), form.login.data, actor=viewer().user_id)
    return _code_page(member_id, form.login.data, code)


# --- what members signal, and the erasure's confirmation -----------------------------------


@bp.get("/membres/signalements")
@staff_required
def signals() -> str:
    found = profiles.member_signals(database(), viewer())
    return render_template("coordinator/member_signals.html", signals=found, labels_of=SIGNALS)


@bp.get("/membres/<member_id>/effacer")
@staff_required
def confirm_erase(member_id: str) -> str:
    profile = people.member_profile(database(), viewer(), member_id, today=today())
    if profile is None:
        abort(404)
    return render_template("coordinator/member_erase.html", profile=profile, form=ConfirmForm())


@bp.post("/membres/<member_id>/effacer")
@staff_required
def erase(member_id: str) -> Response:
    """Last route of the file on purpose: the authorisation matrix runs routes in order."""
    if not people.erase_member(database(), viewer(), member_id, today=today()):
        abort(404)
    flash(_("Les données du membre ont été effacées."), "info")
    return redirect(url_for("coordinator.members"))
