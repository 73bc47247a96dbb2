"""Login, second factor, password change and logout.

The session is cleared at login (no fixation) and made permanent, so it expires after
:data:`web.config.IDLE_TIMEOUT` without a request. Between the password and the second
factor, only the pending user's id sits in the session; nobody is logged in yet.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from matcher import accounts
from matcher.domain import User
from web.extensions import limiter
from web.forms import CodeForm, LoginForm, PasswordForm
from web.identity import WebUser, database

bp = Blueprint("auth", __name__)

#: Endpoints open to a logged-in user who must first choose a new password.
OPEN_WHILE_CHANGING = frozenset({"auth.password", "auth.logout", "home.language", "static"})


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _needs_totp(user: User) -> bool:
    return current_app.config["REQUIRE_TOTP"] and user.role in ("admin", "coordinator")


def _finish_login(user: User, *, must_change: bool = False) -> Response:
    session.clear()
    session.permanent = True
    login_user(WebUser(user))
    if must_change:
        session["must_change_password"] = True
        return redirect(url_for("auth.password"))
    return redirect(url_for("home.index"))


@bp.before_app_request
def _force_password_change() -> Response | None:
    """After a one-time code, nothing but choosing a password (or leaving)."""
    if session.get("must_change_password") and request.endpoint not in OPEN_WHILE_CHANGING:
        return redirect(url_for("auth.password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        result = accounts.authenticate(database(), form.login.data, form.password.data)
        if result is None:
            flash(_("Identifiant ou mot de passe incorrect."), "error")
        else:
            user = result.user
            if user.totp_secret or _needs_totp(user):
                session.clear()
                session["pending_user"] = user.id
                session["pending_change"] = result.must_change_password
                if user.totp_secret:
                    return redirect(url_for("auth.second_factor"))
                return redirect(url_for("auth.totp_setup"))
            return _finish_login(user, must_change=result.must_change_password)
    return render_template("auth/login.html", form=form)


def _pending_user() -> User | None:
    user_id = session.get("pending_user")
    return accounts.get_user(database(), user_id) if user_id else None


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def second_factor() -> Response | str:
    user = _pending_user()
    if user is None or not user.totp_secret:
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if accounts.verify_totp(user.totp_secret, form.code.data):
            return _finish_login(user, must_change=bool(session.get("pending_change")))
        flash(_("Code incorrect ou expiré."), "error")
    return render_template("auth/code.html", form=form)


@bp.route("/compte/double-facteur", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def totp_setup() -> Response | str:
    """Enrol a TOTP app: voluntarily when logged in, or at login when it is required."""
    user = current_user.user if current_user.is_authenticated else _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    secret = session.get("totp_draft") or accounts.new_totp_secret()
    session["totp_draft"] = secret
    form = CodeForm()
    if form.validate_on_submit():
        if accounts.verify_totp(secret, form.code.data):
            accounts.set_totp_secret(database(), user.id, secret)
            session.pop("totp_draft")
            if current_user.is_authenticated:
                flash(_("Double authentification activée."), "info")
                return redirect(url_for("home.index"))
            return _finish_login(user, must_change=bool(session.get("pending_change")))
        flash(_("Code incorrect ou expiré."), "error")
    return render_template(
        "auth/totp_setup.html",
        form=form,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        uri=accounts.totp_uri(secret, user.login),
        required=not current_user.is_authenticated,
    )


@bp.route("/compte/mot-de-passe", methods=["GET", "POST"])
@login_required
def password() -> Response | str:
    forced = bool(session.get("must_change_password"))
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user.user
        if not forced and accounts.authenticate(database(), user.login, form.current.data) is None:
            flash(_("Mot de passe actuel incorrect."), "error")
        else:
            problem = accounts.password_problem(form.new.data, login=user.login)
            if problem:
                flash(_policy_message(problem), "error")
            else:
                accounts.set_password(database(), user.id, form.new.data)
                session.pop("must_change_password", None)
                flash(_("Mot de passe enregistré."), "info")
                return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form, forced=forced)


def _policy_message(problem: str) -> str:
    messages = {
        "too_short": _(
            "Le mot de passe doit faire au moins %(n)d caractères.", n=accounts.MIN_PASSWORD_LENGTH
        ),
        "too_long": _(
            "Le mot de passe doit faire au plus %(n)d caractères.", n=accounts.MAX_PASSWORD_LENGTH
        ),
        "common": _("Ce mot de passe est trop courant ou contient l'identifiant."),
    }
    return messages[problem]


@bp.post("/logout")
def logout() -> Response:
    """Log out (the CSRF token is checked app-wide: no cross-site logout)."""
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
