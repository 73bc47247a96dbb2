"""Flask-WTF forms: every POST carries the CSRF token (``CSRFProtect`` refuses it otherwise)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from matcher.accounts import MAX_PASSWORD_LENGTH
from web import i18n


class DeclineForm(FlaskForm):
    """Why a coordinator declines a proposal: a reason code, and words when needed."""

    reason = SelectField(
        _l("Raison"),
        choices=[SelectChoice(k, v) for k, v in i18n.DECLINE_REASONS.items()],
        validators=[DataRequired()],
    )
    text = StringField(_l("Précision"), validators=[Optional(), Length(max=500)])


class LoginForm(FlaskForm):
    login = StringField(_l("Identifiant"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(
        _l("Mot de passe"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


class CodeForm(FlaskForm):
    code = StringField(_l("Code à 6 chiffres"), validators=[DataRequired(), Length(max=12)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Mot de passe actuel"), validators=[Length(max=MAX_PASSWORD_LENGTH)])
    new = PasswordField(
        _l("Nouveau mot de passe"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    confirm = PasswordField(
        _l("Confirmez le nouveau mot de passe"),
        validators=[EqualTo("new", message=_l("Les deux mots de passe diffèrent."))],
    )


class LanguageForm(FlaskForm):
    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token is needed."""


class MemberSearchForm(FlaskForm):
    """Read-only search (GET): no CSRF token, nothing changes; no names (URLs get logged)."""

    class Meta:
        csrf = False

    skill = SelectField(_l("Compétence"), validators=[Optional()], validate_choice=False)
    level = IntegerField(_l("Niveau minimum"), validators=[Optional(), NumberRange(0, 4)])
    zone = SelectField(_l("Quartier"), validators=[Optional()], validate_choice=False)
    age_band = SelectField(_l("Tranche d'âge"), validators=[Optional()], validate_choice=False)
    weekday = SelectField(_l("Disponible le"), validators=[Optional()], validate_choice=False)
