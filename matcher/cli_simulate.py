"""`matcher simulate`: the capacitation simulator, its comparison table or one JSON object.

No database: the cooperative is synthetic (the demo generator). A progress bar goes to
stderr on a terminal only; stdout carries the table, or exactly one JSON object.
"""

from __future__ import annotations

import json

import click
from tqdm import tqdm

from matcher.simulate import POLICIES, as_json, simulate, table


@click.command("simulate")
@click.option("--weeks", default=26, show_default=True, type=click.IntRange(1, 520))
@click.option(
    "--members",
    default=60,
    show_default=True,
    type=click.IntRange(3, 5000),
    help="Membres présent·es au départ.",
)
@click.option("--seed", default=1, show_default=True, help="Graine aléatoire.")
@click.option(
    "--policy",
    type=click.Choice(list(POLICIES)),
    help="Une seule politique (sans : les trois, comparées sur la même graine).",
)
@click.option("--json", "as_object", is_flag=True, help="Un objet JSON sur stdout.")
def simulate_command(
    weeks: int, members: int, seed: int, policy: str | None, as_object: bool
) -> None:
    """Simule des mois de vie d'une coopérative et compare les politiques d'équipes."""
    policies = [policy] if policy else list(POLICIES)
    with tqdm(
        total=weeks * len(policies), desc="Simulation", unit=" sem.", disable=None, leave=False
    ) as bar:
        runs = simulate(policies, weeks=weeks, members=members, seed=seed, progress=bar.update)
    if as_object:
        click.echo(json.dumps(as_json(runs, weeks=weeks, members=members, seed=seed)))
    else:
        click.echo(table(runs, weeks=weeks, members=members, seed=seed))
