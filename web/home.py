"""Entry points: ``/`` sends each person to their first page; the language toggle; health."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, redirect, url_for
from flask_login import login_required
from sqlalchemy import text

from web.forms import LanguageForm
from web.i18n import COOKIE, LANGUAGES
from web.identity import database, viewer

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index() -> Response:
    """Staff to the dashboard, members to their profile (anonymous: to /login)."""
    if viewer().is_staff:
        return redirect(url_for("coordinator.dashboard"))
    if viewer().member_id:
        return redirect(url_for("member.profile"))
    abort(403)


@bp.post("/langue")
def language() -> Response:
    """Remember the chosen language in a cookie and go back to the same page."""
    form = LanguageForm()
    target = form.next.data or ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        target = url_for("home.index")
    response = redirect(target)
    if form.validate_on_submit() and form.lang.data in LANGUAGES:
        response.set_cookie(
            COOKIE,
            form.lang.data,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """200 when the database answers (for the load balancer); no data, no login."""
    with database().reading() as session:
        session.execute(text("SELECT 1"))
    return {"status": "ok"}, 200
