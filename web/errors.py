"""Error pages: HTML for pages, JSON under ``/api/`` (flask-smorest), ``Allow`` kept on 405.

flask-smorest registers one handler for every ``HTTPException``; :class:`Api` narrows it
to the API's paths so a coordinator who hits a wrong link still gets a French page.
"""

from __future__ import annotations

import flask_smorest
from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

API_PREFIX = "/api/"

MESSAGES = {
    400: _l("La demande n'a pas pu être traitée (formulaire expiré ? rechargez la page)."),
    401: _l("Connectez-vous pour continuer."),
    403: _l("Cette page n'est pas accessible avec votre compte."),
    404: _l("Cette page n'existe pas."),
    405: _l("Cette action n'est pas possible ici."),
    429: _l("Trop de tentatives : réessayez dans une minute."),
    500: _l("Une erreur est survenue de notre côté."),
}


def html_error(error: HTTPException) -> tuple[str, int, dict[str, str]]:
    code = error.code or 500
    message = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    headers = {k: v for k, v in error.get_headers() if k == "Allow"}
    return render_template("error.html", code=code, message=message), code, headers


class Api(flask_smorest.Api):
    """flask-smorest, with its JSON errors kept to the API's paths."""

    def handle_http_exception(self, error: HTTPException) -> Response | tuple:
        if not request.path.startswith(API_PREFIX):
            return html_error(error)
        payload, code, headers = super().handle_http_exception(error)
        headers = dict(headers or {})
        headers.update({k: v for k, v in error.get_headers() if k in ("Allow", "WWW-Authenticate")})
        return payload, code, headers


def csrf_error(error: CSRFError) -> tuple[str, int, dict[str, str]]:
    return html_error(error)
