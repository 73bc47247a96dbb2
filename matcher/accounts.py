"""Accounts: create logins, check passwords, one-time codes, TOTP and API tokens.

Flask-free: the CLI and the web layer both call these functions, each opening at most one
transaction. Secrets are never stored in clear: passwords and one-time codes as argon2id
hashes (:mod:`matcher.passwords`), API tokens as SHA-256 digests (a random 256-bit token
needs no slow hash, and a digest can be looked up in SQL on every API call).

The password policy follows NIST SP 800-63B: at least 12 characters, no composition rules,
and common passwords refused (``matcher/data/common_passwords.txt``, provenance inside).

A one-time code (``matcher users reset-code``) replaces the password of a member without
e-mail: its hash is stored with the :data:`ONE_TIME_PREFIX` marker, and the first login
with it consumes it, so the person must choose a password in that same session.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.domain import User
from matcher.passwords import hash_password, verify_password
from matcher.storage.db import Database
from matcher.storage.tables import AuditEntryRow, CollectiveRow, MemberRow, UserRow
from matcher.vocabulary import USER_ROLES

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
#: Marks a stored hash as a one-time code (consumed by its first successful login).
ONE_TIME_PREFIX = "once:"
#: Unambiguous characters for printed codes (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4
TOKEN_PREFIX = "kpa_"
LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
TOTP_ISSUER = "KPA Matcher"


class AccountError(ValueError):
    """A refused account operation; the message is French, for the person at the keyboard."""


@dataclass(frozen=True)
class LoginResult:
    """A successful login; ``must_change_password`` after a one-time code."""

    user: User
    must_change_password: bool = False


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (12+ characters), case-folded."""
    text = (files("matcher") / "data" / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line and not line.startswith("#")
    )


#: French messages for each reason :func:`password_problem` can give.
POLICY_MESSAGES = {
    "too_short": f"Le mot de passe doit faire au moins {MIN_PASSWORD_LENGTH} caractères.",
    "too_long": f"Le mot de passe doit faire au plus {MAX_PASSWORD_LENGTH} caractères.",
    "common": "Ce mot de passe est trop courant ou contient l'identifiant.",
}


def password_problem(password: str, *, login: str = "") -> str | None:
    """Why ``password`` is refused (a key of :data:`POLICY_MESSAGES`), or None if accepted."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "too_long"
    folded = password.casefold()
    if folded in common_passwords() or (login and login.casefold() in folded):
        return "common"
    return None


def _check_password(password: str, login: str) -> None:
    problem = password_problem(password, login=login)
    if problem:
        raise AccountError(POLICY_MESSAGES[problem])


def _to_user(row: UserRow) -> User:
    return User(**{f.name: getattr(row, f.name) for f in dataclasses.fields(User)})


def _row_by_login(session: Session, login: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.login == login))


def _audit(session: Session, actor: str, action: str, target: str) -> None:
    session.add(
        AuditEntryRow(at=datetime.now(), actor=actor, action=action, target=target, detail="")
    )


def create_user(
    database: Database,
    *,
    login: str,
    role: str,
    password: str,
    collective_id: str | None = None,
    member_id: str | None = None,
    actor: str = "cli",
) -> User:
    """Store a new login after checking the policy and the role's links.

    A coordinator belongs to one collective; a member login is tied to one member (and so
    to that member's collective); an admin to neither.
    """
    login = _check_login(login, role)
    _check_password(password, login)
    with database.transaction() as session:
        return _insert_user(
            session, login, role, hash_password(password), collective_id, member_id, actor
        )


def _check_login(login: str, role: str) -> str:
    login = login.strip().lower()
    if not LOGIN_PATTERN.match(login):
        raise AccountError(
            "Identifiant invalide : 3 à 64 caractères parmi a-z, 0-9, point, tiret, souligné."
        )
    if role not in USER_ROLES:
        raise AccountError(f"Rôle inconnu : {role} (admin, coordinator ou member).")
    return login


def _insert_user(
    session: Session,
    login: str,
    role: str,
    stored_hash: str,
    collective_id: str | None,
    member_id: str | None,
    actor: str,
) -> User:
    if _row_by_login(session, login) is not None:
        raise AccountError(f"L'identifiant {login} est déjà utilisé.")
    if role == "member":
        member = session.get(MemberRow, member_id) if member_id else None
        if member is None:
            raise AccountError("Un compte membre doit être lié à un membre (--member).")
        collective_id = member.collective_id
    elif role == "coordinator":
        if not collective_id or session.get(CollectiveRow, collective_id) is None:
            raise AccountError("Un compte d'animation doit être lié à un collectif.")
        member_id = None
    else:
        collective_id = member_id = None
    row = UserRow(
        id=f"u-{secrets.token_hex(6)}",
        login=login,
        role=role,
        password_hash=stored_hash,
        member_id=member_id,
        collective_id=collective_id,
        active=True,
    )
    session.add(row)
    _audit(session, actor, "user.create", row.id)
    session.flush()
    return _to_user(row)


@functools.cache
def _decoy_hash() -> str:
    """A hash to verify against when the login is unknown, so timing does not tell."""
    return hash_password(secrets.token_urlsafe(16))


def authenticate(database: Database, login: str, password: str) -> LoginResult | None:
    """The active user whose password (or one-time code) matches, else None.

    A one-time code is consumed here, in the same transaction that accepts it.
    """
    with database.transaction() as session:
        row = _row_by_login(session, login.strip().lower())
        if row is None or not row.active or not row.password_hash:
            verify_password(_decoy_hash(), password)
            return None
        if row.password_hash.startswith(ONE_TIME_PREFIX):
            stored = row.password_hash.removeprefix(ONE_TIME_PREFIX)
            if not verify_password(stored, normalise_code(password)):
                return None
            row.password_hash = ""
            _audit(session, row.id, "user.one_time_code_used", row.id)
            return LoginResult(_to_user(row), must_change_password=True)
        if not verify_password(row.password_hash, password):
            return None
        return LoginResult(_to_user(row))


def get_user(database: Database, user_id: str) -> User | None:
    """The active user with this id (what a login session stores), else None."""
    with database.reading() as session:
        row = session.get(UserRow, user_id)
        return _to_user(row) if row is not None and row.active else None


def set_password(database: Database, user_id: str, password: str) -> None:
    """Replace a user's password (policy checked); any one-time code is dropped."""
    with database.transaction() as session:
        row = session.get(UserRow, user_id)
        if row is None:
            raise AccountError("Compte introuvable.")
        _check_password(password, row.login)
        row.password_hash = hash_password(password)
        _audit(session, user_id, "user.password_changed", user_id)


def normalise_code(code: str) -> str:
    """Upper-case, without spaces or dashes: what a person types from a printed code."""
    return re.sub(r"[\s-]", "", code).upper()


def _new_code() -> tuple[str, str]:
    """A printable one-time code and the hash to store for it."""
    code = "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return code, ONE_TIME_PREFIX + hash_password(normalise_code(code))


def issue_one_time_code(database: Database, login: str, *, actor: str = "cli") -> str:
    """A printable one-time code that replaces the login's password until first used."""
    code, stored = _new_code()
    with database.transaction() as session:
        row = _row_by_login(session, login.strip().lower())
        if row is None:
            raise AccountError(f"Aucun compte avec l'identifiant {login}.")
        row.password_hash = stored
        row.active = True
        _audit(session, actor, "user.one_time_code_issued", row.id)
    return code


def create_member_login(
    database: Database, *, login: str, member_id: str, actor: str
) -> tuple[User, str]:
    """A member's login opened with a printable one-time code instead of a password.

    For members without e-mail: the coordinator prints the code, the member logs in
    with it once and must then choose a password (:func:`authenticate` says so).
    """
    login = _check_login(login, "member")
    code, stored = _new_code()
    with database.transaction() as session:
        user = _insert_user(session, login, "member", stored, None, member_id, actor)
        _audit(session, actor, "user.one_time_code_issued", user.id)
    return user, code


def new_totp_secret() -> str:
    """A fresh base32 TOTP secret (160 bits), shown once to the person enrolling."""
    return pyotp.random_base32()


def totp_uri(secret: str, login: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads."""
    return pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name=TOTP_ISSUER)


def verify_totp(secret: str, code: str) -> bool:
    """True for the current 6-digit code (or the one just before or after: clock drift)."""
    digits = re.sub(r"\s", "", code)
    return bool(secret) and digits.isdigit() and pyotp.TOTP(secret).verify(digits, valid_window=1)


def set_totp_secret(database: Database, user_id: str, secret: str | None) -> None:
    """Enrol (or, with None, remove) the user's TOTP second factor."""
    with database.transaction() as session:
        row = session.get(UserRow, user_id)
        if row is None:
            raise AccountError("Compte introuvable.")
        row.totp_secret = secret
        _audit(session, user_id, "user.totp_enrolled" if secret else "user.totp_removed", user_id)


def _token_digest(token: str) -> str:
    return "sha256:" + hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(database: Database, login: str, *, actor: str = "cli") -> str:
    """A new API token for ``login`` (shown once; replaces any previous token)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with database.transaction() as session:
        row = _row_by_login(session, login.strip().lower())
        if row is None:
            raise AccountError(f"Aucun compte avec l'identifiant {login}.")
        row.api_token_hash = _token_digest(token)
        _audit(session, actor, "user.api_token_issued", row.id)
    return token


def user_for_token(database: Database, token: str) -> User | None:
    """The active user holding ``token``, else None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    with database.reading() as session:
        row = session.scalar(select(UserRow).where(UserRow.api_token_hash == _token_digest(token)))
        return _to_user(row) if row is not None and row.active else None
