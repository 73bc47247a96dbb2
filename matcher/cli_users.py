"""`matcher users create|reset-code|token`: logins, from the command line only.

There are no default accounts outside the demo data: the first admin comes from
``matcher users create --role admin``. Passwords are read with a hidden prompt (or one line
of stdin with ``--password-stdin``), never from the command line, where shells keep them.
"""

from __future__ import annotations

import sys

import click

from matcher import accounts
from matcher.storage.db import Database


def _database() -> Database:
    """The group's migrated database (imported late: :mod:`matcher.cli` imports this module)."""
    from matcher.cli import _database as database

    return database()


@click.group("users")
def users() -> None:
    """Comptes de connexion (administration, animation, membres)."""


@users.command("create")
@click.option("--login", required=True, help="Identifiant de connexion.")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "coordinator", "member"]), help="Rôle."
)
@click.option("--collective", "collective_id", help="Collectif (rôle coordinator).")
@click.option("--member", "member_id", help="Membre lié (rôle member).")
@click.option("--password-stdin", is_flag=True, help="Lit le mot de passe sur l'entrée standard.")
def create(
    login: str, role: str, collective_id: str | None, member_id: str | None, password_stdin: bool
) -> None:
    """Crée un compte (mot de passe : 12 caractères au moins, pas un mot de passe courant)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            "Mot de passe", hide_input=True, confirmation_prompt="Confirmez le mot de passe"
        )
    try:
        user = accounts.create_user(
            _database(),
            login=login,
            role=role,
            password=password,
            collective_id=collective_id,
            member_id=member_id,
        )
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Compte créé : {user.login} ({user.role}).")


@users.command("reset-code")
@click.argument("login")
def reset_code(login: str) -> None:
    """Remplace le mot de passe par un code à usage unique, à imprimer pour la personne."""
    try:
        code = accounts.issue_one_time_code(_database(), login)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Identifiant : {login}")
    click.echo(f"Code à usage unique : {code}")
    click.echo("À la première connexion, la personne choisit son mot de passe.")


@users.command("token")
@click.argument("login")
def token(login: str) -> None:
    """Crée un jeton d'API pour ce compte (affiché une seule fois ; remplace l'ancien)."""
    try:
        value = accounts.issue_api_token(_database(), login)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(value)
