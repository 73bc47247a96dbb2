"""French by default, English one click away; the choice lives in a cookie, never in URLs.

The vocabulary's French labels (:mod:`matcher.vocabulary`) are repeated here as literals so
``pybabel extract`` finds them; ``tests/http/test_i18n.py`` checks they never drift apart.
"""

from __future__ import annotations

from flask import request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

LANGUAGES = ("fr", "en")
COOKIE = "kpa_lang"


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE, "")
    return chosen if chosen in LANGUAGES else LANGUAGES[0]


LEVELS = {
    0: _l("Je découvre"),
    1: _l("Je fais avec quelqu'un"),
    2: _l("Je fais seul·e des tâches simples"),
    3: _l("Je fais seul·e et je m'adapte"),
    4: _l("Je peux transmettre"),
}
WEEKDAYS = {
    "mon": _l("lundi"),
    "tue": _l("mardi"),
    "wed": _l("mercredi"),
    "thu": _l("jeudi"),
    "fri": _l("vendredi"),
    "sat": _l("samedi"),
    "sun": _l("dimanche"),
}
MEMBER_STATUSES = {
    "visitor": _l("Visiteur·euse"),
    "volunteer": _l("Bénévole"),
    "cape": _l("CAPE"),
    "cesa": _l("CESA"),
    "associe": _l("Associé·e"),
    "cjs_contract": _l("Contrat CJS"),
    "staff": _l("Salarié·e permanent·e"),
}
USER_ROLES = {
    "admin": _l("Administrateur·rice"),
    "coordinator": _l("Animateur·rice"),
    "member": _l("Membre"),
}
AGE_BANDS = {"16-17": _l("16–17 ans"), "18-25": _l("18–25 ans"), "26+": _l("26 ans et plus")}
#: The labels of matcher.feedback.vocabulary.DECLINE_REASONS (tests keep the keys together).
DECLINE_REASONS = {
    "skills_mismatch": _l("Compétences pas adaptées à la demande"),
    "team_balance": _l("Équipe mal équilibrée (toujours les mêmes, ou pas assez d'expérience)"),
    "fairness": _l("Répartition des heures pas juste"),
    "learning_not_suitable": _l("Place d'apprentissage pas adaptée cette fois"),
    "too_far": _l("Trop loin pour l'équipe"),
    "member_unavailable": _l("Un·e membre n'est finalement pas disponible"),
    "client_request": _l("Demande du client ou de la cliente"),
    "request_cancelled": _l("La demande est annulée"),
    "other": _l("Autre raison (à préciser)"),
}


def language() -> str:
    """The language of this request: ``fr`` or ``en``."""
    locale = get_locale()
    return locale.language if locale is not None else LANGUAGES[0]


def skill_label(skill: object) -> str:
    """A skill's label in the request's language (anything with ``label_fr``/``label_en``)."""
    english = getattr(skill, "label_en", "")
    return english if language() == "en" and english else getattr(skill, "label_fr", "")
