"""The ``matcher`` command line: talks to people, calls :mod:`matcher.services`.

Messages are in French; logs go to stderr and carry counts, never personal data.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click
from tqdm import tqdm

from matcher import services
from matcher.cli_batch import batch
from matcher.cli_eval import evaluate
from matcher.cli_feedback import badges, levels, missions, pairs, proposals
from matcher.cli_simulate import simulate_command
from matcher.cli_skills import skills
from matcher.cli_solve import solve
from matcher.cli_users import users
from matcher.storage.db import Database
from matcher.vocabulary import USER_ROLES


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[services.Progress]:
    """A progress bar on a terminal; nothing at all when stderr is not a TTY (logs, cron)."""
    with tqdm(total=total, desc=description, unit=" lignes", disable=None, leave=False) as bar:
        yield bar.update


def _database() -> Database:
    """The configured database, migrated; its connections close when the command ends."""
    database = services.open_db()
    click.get_current_context().call_on_close(database.dispose)
    return database


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Journal détaillé sur stderr.")
@click.version_option(package_name="kpa-matcher")
def main(verbose: bool) -> None:
    """KPA Matcher : compétences, équipes et binômes pour les coopératives."""
    _configure_logging(verbose)


@main.group()
def db() -> None:
    """Base de données (migrations)."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Crée la base si besoin et la migre à la dernière version."""
    database = _database()
    click.echo(f"Base à jour ({database.backend}).")


@main.command("demo")
@click.option("--members", default=60, show_default=True, help="Nombre de membres.")
@click.option("--requests", default=15, show_default=True, help="Demandes ouvertes.")
@click.option("--seed", default=1, show_default=True, help="Graine aléatoire.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Date du jour (AAAA-MM-JJ).")
@click.option("--replace", is_flag=True, help="Remplace les données existantes.")
@click.option("--if-empty", is_flag=True, help="Ne fait rien si la base contient des données.")
def demo_command(
    members: int, requests: int, seed: int, today, replace: bool, if_empty: bool
) -> None:
    """Charge la coopérative de démonstration."""
    database = _database()
    if if_empty and not services.is_empty(database):
        click.echo("La base contient déjà des données : démo non rechargée.")
    else:
        day = today.date() if today else date.today()
        with _progress("Démo", None) as progress:
            try:
                counts = services.load_demo(
                    database,
                    members=members,
                    requests=requests,
                    seed=seed,
                    today=day,
                    replace=replace,
                    progress=progress,
                )
            except services.NotEmptyError as exc:
                raise click.ClickException(str(exc)) from exc
        click.echo(
            f"Démo chargée : {counts['collectives']} collectifs, {counts['members']} membres, "
            f"{counts['requests']} demandes, {counts['missions']} missions."
        )
    _print_demo_logins(database)


def _print_demo_logins(database: Database) -> None:
    logins = services.demo_logins(database)
    if logins:
        click.echo(f"Comptes de démonstration (mot de passe : {services.demo.DEMO_PASSWORD}) :")
        for login, role in logins:
            click.echo(f"  {login:<20} {USER_ROLES.get(role, role)}")


@main.command("import")
@click.argument("kind", type=click.Choice(["members", "requests", "all"]))
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Vérifie et montre sans rien enregistrer.")
def import_command(kind: str, path: Path, dry_run: bool) -> None:
    """Importe des membres, des demandes ou tout un export (CSV, XLSX ; tout ou rien)."""
    database = _database()
    with _progress("Import", None) as progress:
        report = services.import_path(database, kind, path, dry_run=dry_run, progress=progress)
    summary = ", ".join(f"{n} {table}" for table, n in report.counts.items())
    if not report.ok:
        click.echo(report.text(), err=True)
        sys.exit(1)
    if dry_run:
        click.echo(f"Vérification réussie ({report.rows_read} lignes) ; à importer : {summary}.")
        click.echo("Mode --dry-run : rien n'a été enregistré.")
    else:
        click.echo(f"Import réussi ({report.rows_read} lignes) : {summary}.")


@main.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True
)
@click.option("--include-private", is_flag=True, help="Inclut les champs privés (coordination).")
def export_command(path: Path, fmt: str, include_private: bool) -> None:
    """Exporte toutes les tables (jamais de mot de passe)."""
    database = _database()
    written = services.export_path(database, path, fmt=fmt, include_private=include_private)
    click.echo(f"Export écrit : {len(written)} fichier(s) dans {path}.")


main.add_command(skills)
main.add_command(evaluate)
main.add_command(solve)
main.add_command(simulate_command)
main.add_command(users)
main.add_command(batch)
main.add_command(proposals)
main.add_command(missions)
main.add_command(pairs)
main.add_command(levels)
main.add_command(badges)
