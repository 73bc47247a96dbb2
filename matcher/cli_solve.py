"""`matcher solve team|mentors|exchanges FILE.json`: the engine on a JSON instance.

stdout carries exactly one JSON object, whether or not a solution exists (exit 0); a
malformed file exits 2 with a French message on stderr and nothing on stdout. The
instance format is docs/instance-format.md.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from matcher.engine.exchanges import find_exchanges
from matcher.engine.instance import Instance, InstanceError, load_instance
from matcher.engine.mentors import suggest_mentors
from matcher.engine.solve_team import solve_team

EXIT_MALFORMED = 2


@click.group("solve")
def solve() -> None:
    """Résout une instance JSON : équipes, mentors ou échanges."""


def _run(path: Path, solver: Callable[[Instance], dict[str, Any]], needs_request: bool) -> None:
    try:
        instance = load_instance(path)
    except InstanceError as exc:
        _malformed(f"Instance invalide ({path}) :\n{exc}")
    if needs_request and instance.request is None:
        _malformed(f"Instance invalide ({path}) : « request » manque pour former une équipe.")
    click.echo(json.dumps(solver(instance), ensure_ascii=False))


def _malformed(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_MALFORMED)


@solve.command("team")
@click.argument("path", type=click.Path(path_type=Path))
def team_command(path: Path) -> None:
    """Équipes pour la demande de l'instance (les meilleures d'abord)."""
    _run(path, solve_team, needs_request=True)


@solve.command("mentors")
@click.argument("path", type=click.Path(path_type=Path))
def mentors_command(path: Path) -> None:
    """Mentors pour un souhait, ou affectation de tout le collectif sans « wish »."""
    _run(path, suggest_mentors, needs_request=False)


@solve.command("exchanges")
@click.argument("path", type=click.Path(path_type=Path))
def exchanges_command(path: Path) -> None:
    """Échanges réciproques (paires et cycles de trois), disjoints."""
    _run(path, find_exchanges, needs_request=False)
