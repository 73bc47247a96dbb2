"""Member pages, phone first: my profile and its editing, "Qui peut m'apprendre ?" with a
pair request, learning opportunities, my missions, my progress and badges.

Only the logged-in member's own data, and other members as mentor cards. Every action
goes through :mod:`matcher.profiles` with the viewer, which checks the scope in its queries.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from matcher import people, profiles
from matcher.models.extract import SkillExtractor
from matcher.taxonomy import load_taxonomy
from matcher.vocabulary import WEEKDAYS
from web.charts import hours_chart_response
from web.i18n import LEVELS, skill_label
from web.i18n import WEEKDAYS as DAYS
from web.identity import database, member_required, today, viewer

bp = Blueprint("member", __name__)


def _level_choices() -> list[tuple[int, str]]:
    return [(n, f"{n} — {label}") for n, label in LEVELS.items()]


def _skill_choices() -> list[tuple[str, str]]:
    skills = sorted(load_taxonomy().curated(), key=lambda s: skill_label(s).casefold())
    return [(s.id, skill_label(s)) for s in skills]


class SkillForm(FlaskForm):
    skill = SelectField(_l("Compétence"), validators=[DataRequired()])
    level = SelectField(_l("Niveau"), coerce=int, validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.skill.choices = _skill_choices()
        self.level.choices = _level_choices()


class WishForm(FlaskForm):
    wish = SelectField(_l("Je voudrais apprendre"), validators=[DataRequired()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.wish.choices = _skill_choices()


class PassionForm(FlaskForm):
    text = StringField(
        _l("Une passion, en quelques mots"),
        validators=[DataRequired(), Length(max=profiles.MAX_PASSION_LENGTH)],
    )


class SuggestionForm(FlaskForm):
    """Confirm a skill read in a passion: as a skill (with a level) or as a wish."""

    skill = HiddenField(validators=[DataRequired()])
    intent = HiddenField(validators=[DataRequired()])
    level = SelectField(_l("Mon niveau"), coerce=int, validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.level.choices = _level_choices()


class AvailabilityForm(FlaskForm):
    weekday = SelectField(_l("Jour"), validators=[DataRequired()])
    start = TimeField(_l("De"), validators=[DataRequired()])
    end = TimeField(_l("À"), validators=[DataRequired()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.weekday.choices = [(d, str(DAYS[d])) for d in WEEKDAYS]


class AbsenceForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    start = TimeField(_l("De (facultatif)"), validators=[Optional()])
    end = TimeField(_l("À (facultatif)"), validators=[Optional()])
    reason = StringField(_l("Raison (facultatif)"), validators=[Optional(), Length(max=200)])


class PairRequestForm(FlaskForm):
    mentor = HiddenField(validators=[DataRequired()])
    skill = HiddenField(validators=[DataRequired()])


class AnswerForm(FlaskForm):
    answer = HiddenField(validators=[DataRequired()])


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token is needed."""


@cache
def _extractor() -> SkillExtractor:
    """Curated skills only: what a member may confirm must be a skill of the profile."""
    return SkillExtractor(use_long_tail=False).fit()


def _me() -> str:
    return viewer().member_id


def _refused(error: profiles.ProfileError) -> None:
    flash(_("Ce changement n'a pas été enregistré : %(why)s", why=str(error)), "error")


@bp.get("/moi")
@member_required
def profile() -> str:
    profile = people.member_profile(database(), viewer(), _me(), today=today())
    if profile is None:
        abort(404)
    return render_template(
        "member/profile.html", profile=profile, chart_url=url_for("member.hours_chart")
    )


@bp.get("/moi/heures.svg")
@member_required
def hours_chart() -> Response:
    return hours_chart_response(_me())


# --- editing my profile ---------------------------------------------------------------------


@bp.get("/moi/modifier")
@member_required
def edit() -> str:
    editable = profiles.editable_profile(database(), viewer(), _me(), today=today())
    if editable is None:
        abort(404)
    return render_template(
        "member/edit.html",
        profile=editable,
        suggestions=profiles.passion_suggestions(database(), viewer(), _me(), _extractor()),
        skill_form=SkillForm(),
        wish_form=WishForm(),
        passion_form=PassionForm(),
        suggestion_form=SuggestionForm(),
        availability_form=AvailabilityForm(),
        absence_form=AbsenceForm(),
        confirm=ConfirmForm(),
        today=today(),
    )


def _save(form: FlaskForm, act: Callable[[], object], done: str) -> Response:
    """Validate, act through :mod:`matcher.profiles`, say what happened, back to the page."""
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("member.edit"))
    try:
        act()
    except profiles.ProfileError as error:
        _refused(error)
    else:
        flash(done, "info")
    return redirect(url_for("member.edit"))


@bp.post("/moi/competences")
@member_required
def add_skill() -> Response:
    form = SkillForm()
    return _save(
        form,
        lambda: profiles.set_skill(
            database(), viewer(), _me(), form.skill.data, form.level.data or 0
        ),
        _("Compétence enregistrée."),
    )


@bp.post("/moi/envies")
@member_required
def add_wish() -> Response:
    form = WishForm()
    return _save(
        form,
        lambda: profiles.add_wish(database(), viewer(), _me(), form.wish.data),
        _("Envie d'apprendre ajoutée."),
    )


@bp.post("/moi/passions")
@member_required
def add_passion() -> Response:
    form = PassionForm()
    return _save(
        form,
        lambda: profiles.add_passion(database(), viewer(), _me(), form.text.data),
        _("Passion ajoutée : vérifiez les compétences que nous y lisons."),
    )


@bp.post("/moi/passions/confirmer")
@member_required
def confirm_suggestion() -> Response:
    form = SuggestionForm()

    def act() -> None:
        if form.intent.data == "knows":
            profiles.set_skill(database(), viewer(), _me(), form.skill.data, form.level.data or 0)
        else:
            profiles.add_wish(database(), viewer(), _me(), form.skill.data)

    return _save(form, act, _("C'est noté sur votre profil."))


@bp.post("/moi/disponibilites")
@member_required
def add_availability() -> Response:
    form = AvailabilityForm()
    return _save(
        form,
        lambda: profiles.add_availability(
            database(), viewer(), _me(), form.weekday.data, form.start.data, form.end.data
        ),
        _("Disponibilité ajoutée."),
    )


@bp.post("/moi/absences")
@member_required
def add_absence() -> Response:
    form = AbsenceForm()
    return _save(
        form,
        lambda: profiles.add_absence(
            database(),
            viewer(),
            _me(),
            form.day.data,
            today=today(),
            start=form.start.data,
            end=form.end.data,
            reason=form.reason.data or "",
        ),
        _("Absence enregistrée."),
    )


#: What the « retirer » buttons of the edit page remove, by section.
REMOVERS: dict[str, Callable[[str], object]] = {
    "competences": lambda key: profiles.remove_skill(database(), viewer(), _me(), key),
    "envies": lambda key: profiles.remove_wish(database(), viewer(), _me(), key),
    "passions": lambda key: profiles.remove_passion(database(), viewer(), _me(), _row(key)),
    "disponibilites": lambda key: profiles.remove_availability(
        database(), viewer(), _me(), _row(key)
    ),
    "absences": lambda key: profiles.remove_absence(database(), viewer(), _me(), _row(key)),
}


def _row(key: str) -> int:
    if not key.isdigit():
        abort(404)
    return int(key)


@bp.post("/moi/<section>/<key>/retirer")
@member_required
def remove(section: str, key: str) -> Response:
    if section not in REMOVERS:
        abort(404)
    return _save(ConfirmForm(), lambda: REMOVERS[section](key), _("Retiré de votre profil."))


# --- who can teach me: ask for a pair -------------------------------------------------------


@bp.get("/moi/apprendre")
@member_required
def mentors() -> str:
    wishes = people.mentors_for_wishes(database(), viewer(), today=today())
    return render_template(
        "member/mentors.html",
        wishes=wishes,
        asked=profiles.pending_pair_requests(database(), viewer()),
        form=PairRequestForm(),
    )


@bp.post("/moi/apprendre/binome")
@member_required
def ask_pair() -> Response:
    form = PairRequestForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        profiles.request_pair(
            database(), viewer(), form.mentor.data, form.skill.data, today=today()
        )
    except profiles.ProfileError as error:
        flash(str(error), "error")
    else:
        flash(
            _("Demande envoyée : l'animation vous répond, et approuve le binôme si besoin."),
            "info",
        )
    return redirect(url_for("member.mentors"))


# --- learning opportunities -----------------------------------------------------------------


@bp.get("/moi/opportunites")
@member_required
def opportunities() -> str:
    found = profiles.learning_opportunities(database(), viewer(), today=today())
    return render_template("member/opportunities.html", opportunities=found, form=ConfirmForm())


@bp.post("/moi/opportunites/<request_id>/interesse")
@member_required
def interested(request_id: str) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not profiles.say_interested(database(), viewer(), request_id, today=today()):
        abort(404)
    flash(_("C'est noté : l'animation sait que cette mission vous intéresse."), "info")
    return redirect(url_for("member.opportunities"))


# --- my missions ------------------------------------------------------------------------------


ROLES = {
    "referent": _l("Référent·e"),
    "membre": _l("Membre"),
    "apprenant": _l("Apprenant·e"),
}
#: What a member is told right after answering, then what the mission card recalls.
ANSWERS = {
    "confirm": _l("Présence confirmée : merci !"),
    "decline": _l("C'est noté : l'animation va chercher quelqu'un d'autre."),
    "absent": _l("Absence enregistrée : l'animation est prévenue."),
}
ANSWERED = {
    "confirm": _l("Vous avez confirmé votre présence."),
    "decline": _l("Vous avez dit que vous ne pouvez pas venir."),
    "absent": _l("Vous avez signalé votre absence."),
}


@bp.get("/moi/missions")
@member_required
def missions() -> str:
    found = profiles.my_missions(database(), viewer(), today=today())
    return render_template(
        "member/missions.html",
        upcoming=[m for m in found if m.upcoming],
        past=[m for m in found if not m.upcoming],
        form=AnswerForm(),
        roles=ROLES,
        answers=ANSWERED,
    )


@bp.post("/moi/missions/<mission_id>/reponse")
@member_required
def answer(mission_id: str) -> Response:
    form = AnswerForm()
    if not form.validate_on_submit() or form.answer.data not in profiles.MISSION_ANSWERS:
        abort(400)
    if not profiles.answer_mission(
        database(), viewer(), mission_id, form.answer.data, today=today()
    ):
        abort(404)
    flash(str(ANSWERS[form.answer.data]), "info")
    return redirect(url_for("member.missions"))


# --- my progress and badges -------------------------------------------------------------------


@bp.get("/moi/progres")
@member_required
def progress() -> str:
    found = profiles.progress(database(), viewer(), _me())
    if found is None:
        abort(404)
    return render_template("member/progress.html", progress=found)


@bp.get("/moi/badges/<name>")
@member_required
def badge(name: str) -> Response:
    """One Open Badges 3.0 credential (JSON), as :mod:`matcher.feedback.badges` writes it."""
    found = profiles.progress(database(), viewer(), _me())
    credential = dict(found.badges).get(name) if found else None
    if credential is None:
        abort(404)
    return Response(
        json.dumps(credential, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
