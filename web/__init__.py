"""The Flask layer: a thin shell over :mod:`matcher.services`, :mod:`matcher.people` and
:mod:`matcher.accounts`.

``create_app`` binds the extensions (Babel, CSRF, login, rate limits, the API), the
security headers and the blueprints: ``auth`` (login), ``home`` (``/``, language,
health), ``coordinator``, ``member`` and ``api`` (``/api/v1``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import Forbidden

from matcher import services
from matcher.people import NotAllowed
from web import i18n
from web.config import configure
from web.errors import Api, csrf_error
from web.extensions import babel, csrf, limiter, login_manager
from web.security import init_security


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides settings (tests pass ``DATABASE_URL``)."""
    app = Flask(__name__)
    configure(app, config)
    app.extensions["kpa_db"] = services.open_db(app.config["DATABASE_URL"])

    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    init_security(app)
    app.jinja_env.globals.update(
        language=i18n.language,
        LANGUAGES=i18n.LANGUAGES,
        labels=i18n,
    )
    app.jinja_env.filters["skill_label"] = i18n.skill_label

    from web import (
        api,
        api_requests,
        auth,
        coordinator,
        home,
        member,
        missions,
        pairs_pages,
        reports_pages,
        requests_pages,
        transfers,
        week,
    )

    rest = Api(app)
    rest.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    rest.register_blueprint(api_requests.bp)
    csrf.exempt(api_requests.bp)
    for blueprint in (
        auth.bp,
        home.bp,
        coordinator.bp,
        member.bp,
        missions.bp,
        pairs_pages.bp,
        week.bp,
        transfers.bp,
        reports_pages.bp,
        requests_pages.bp,
    ):
        app.register_blueprint(blueprint)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(NotAllowed, lambda _: rest.handle_http_exception(Forbidden()))
    return app
