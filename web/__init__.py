"""The Flask layer: a thin shell over :mod:`matcher.services`."""

from __future__ import annotations

from typing import Any

from flask import Flask

from matcher import services


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides settings (tests pass ``DATABASE_URL``)."""
    app = Flask(__name__)
    app.config.from_mapping(DATABASE_URL=None)
    app.config.from_prefixed_env("KPA")
    if config:
        app.config.update(config)
    app.extensions["kpa_db"] = services.open_db(app.config["DATABASE_URL"])

    from web import home

    app.register_blueprint(home.bp)
    return app
