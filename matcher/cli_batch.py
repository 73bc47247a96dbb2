"""`matcher batch run [--week 2026-W49] [--collective ID] [--dry-run]`: the weekly batch.

Exit codes, for cron and systemd timers: 0 done, 75 (``EX_TEMPFAIL``) when another batch
holds the lock — try again later —, 1 on any failure (the run is recorded ``failed``).
The summary goes to stdout in French; logs (stderr) carry counts and ids, never names.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from tqdm import tqdm

from matcher import services
from matcher.batch.lock import BatchLocked
from matcher.batch.service import BatchError, BatchResult, next_week, run_batch

EXIT_LOCKED = 75
EXIT_FAILED = 1


@click.group("batch")
def batch() -> None:
    """Lot hebdomadaire : propositions, rapports et synthèses de la semaine."""


@contextmanager
def _bar(total: int) -> Iterator[services.Progress]:
    """A bar on a terminal only (``disable=None``): cron logs stay clean."""
    with tqdm(total=total, desc="Demandes", unit=" demande", disable=None, leave=False) as bar:
        yield bar.update


@batch.command("run")
@click.option("--week", help="Semaine ISO à préparer (AAAA-Wss) ; par défaut la suivante.")
@click.option("--collective", "collective_id", help="Un seul collectif (identifiant).")
@click.option("--dry-run", is_flag=True, help="Calcule et montre sans rien enregistrer ni envoyer.")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Dossier des synthèses (défaut : instance/digests/<semaine>/).",
)
def run_command(
    week: str | None, collective_id: str | None, dry_run: bool, output: Path | None
) -> None:
    """Prépare la semaine : équipes, binômes, échanges, manques, équité, synthèses."""
    database = services.open_db()
    try:
        result = run_batch(
            database,
            week=week or next_week(),
            collective_id=collective_id,
            dry_run=dry_run,
            output=output,
            progress_bar=_bar,
        )
    except BatchLocked:
        click.echo(
            "Un autre lot hebdomadaire est déjà en cours sur cette base : celui-ci ne démarre "
            "pas. Réessayez quand il sera terminé.",
            err=True,
        )
        sys.exit(EXIT_LOCKED)
    except BatchError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_FAILED)
    except Exception as exc:
        click.echo(f"Échec du lot hebdomadaire ({type(exc).__name__}) : {exc}", err=True)
        sys.exit(EXIT_FAILED)
    finally:
        database.dispose()
    _summary(result)


def _summary(result: BatchResult) -> None:
    for outcome in result.outcomes:
        counts = outcome.run.counts
        click.echo(
            f"{outcome.plan.collective.name} ({outcome.plan.collective.id}) : "
            f"{counts['requests']} demande(s), {counts['staffed']} avec équipe, "
            f"{counts['unstaffed']} sans équipe ; {counts['pairs']} binôme(s), "
            f"{counts['exchanges']} échange(s), {counts['skill_gaps']} compétence(s) en manque, "
            f"Gini {counts['gini_permille'] / 1000:.2f}."
        )
        click.echo(f"  Par rapport à la semaine {outcome.previous_week} :")
        for line in outcome.diff:
            click.echo(f"    {line}")
    if result.dry_run:
        click.echo(f"Mode --dry-run : rien n'a été enregistré ({result.proposals} propositions).")
        return
    click.echo(
        f"Semaine {result.week} : {result.proposals} propositions enregistrées en attente ; "
        f"synthèses dans {result.output} ; {result.mail.sent} message(s) envoyé(s), "
        f"{result.mail.written} fichier(s) .eml écrit(s) ({result.duration_seconds:.1f} s)."
    )
