"""Flask extensions, created here and bound to each app in :func:`web.create_app`."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
#: Memory storage: counters live per process (enough for a login throttle; see README).
limiter = Limiter(get_remote_address, storage_uri="memory://")
