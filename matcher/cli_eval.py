"""`matcher eval ...`: public evaluations on real reference data, read by explicit path."""

from __future__ import annotations

import click

from matcher.evaluation.esco import esco_command
from matcher.evaluation.experts import experts_command


@click.group("eval")
def evaluate() -> None:
    """Évaluations sur des données réelles (ESCO, Stack Exchange)."""


evaluate.add_command(esco_command)
evaluate.add_command(experts_command)
