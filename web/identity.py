"""Who is logged in: Flask-Login wrapped around the Flask-free ``users`` table.

The login library's classes live here and nowhere else; views ask for a
:class:`matcher.people.Viewer`, which carries the role and scope that the queries enforce.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import abort, current_app
from flask_login import UserMixin, current_user, login_required

from matcher import accounts
from matcher.domain import User
from matcher.people import Viewer
from matcher.storage.db import Database
from web.extensions import login_manager


class WebUser(UserMixin):
    """A stored :class:`~matcher.domain.User` as Flask-Login wants it."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return self.user.id

    @property
    def is_active(self) -> bool:
        return self.user.active

    @property
    def viewer(self) -> Viewer:
        u = self.user
        return Viewer(u.id, u.role, collective_id=u.collective_id, member_id=u.member_id)


def database() -> Database:
    return current_app.extensions["kpa_db"]


def today() -> date:
    """The configured day (tests, demos) or the real one."""
    return current_app.config["TODAY"] or date.today()


@login_manager.user_loader
def load_user(user_id: str) -> WebUser | None:
    user = accounts.get_user(database(), user_id)
    return WebUser(user) if user else None


def viewer() -> Viewer:
    return current_user.viewer


def staff_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Admins and coordinators only (403 for members)."""

    @functools.wraps(view)
    @login_required
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if not viewer().is_staff:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def member_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Logins tied to a member only (403 otherwise)."""

    @functools.wraps(view)
    @login_required
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if not viewer().member_id:
            abort(403)
        return view(*args, **kwargs)

    return guarded
