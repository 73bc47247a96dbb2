"""The feedback loop on the command line: ``matcher proposals|missions|pairs|levels|badges``.

Each command calls one use case of :mod:`matcher.feedback.service` (the web layer calls
the same ones). A refused decision prints its French reason on stderr and exits 1 with
nothing written. ``--by`` names who decides (a user id, kept in the audit log).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from matcher.feedback import service
from matcher.feedback.changes import Decision
from matcher.feedback.closing import ClientFeedback, MemberReport
from matcher.feedback.errors import FeedbackError
from matcher.feedback.vocabulary import DECLINE_REASONS, MEMBER_OUTCOMES
from matcher.storage.db import Database
from matcher.vocabulary import LEVELS, PROPOSAL_KINDS, PROPOSAL_STATUSES

EXIT_REFUSED = 1

by_option = click.option(
    "--by",
    "actor",
    default="cli",
    show_default=True,
    help="Qui décide (identifiant d'utilisateur).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")


def _database() -> Database:
    """The migrated database (imported late: :mod:`matcher.cli` imports this module)."""
    from matcher.cli import _database as database

    return database()


def _decide(run: Callable[[Database], Decision]) -> Decision:
    try:
        return run(_database())
    except FeedbackError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_REFUSED)


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=str))


# --- proposals -------------------------------------------------------------------------


@click.group("proposals")
def proposals() -> None:
    """Propositions : lister, accepter, refuser, modifier, apprendre des décisions."""


@proposals.command("list")
@click.option("--week", help="Semaine ISO, par ex. 2026-W49.")
@click.option("--collective", help="Identifiant du collectif.")
@click.option("--status", type=click.Choice(list(PROPOSAL_STATUSES)), help="Statut.")
@json_option
def proposals_list(week: str | None, collective: str | None, status: str | None, as_json: bool):
    """Liste les propositions (les meilleures d'abord pour chaque demande)."""
    rows = service.list_proposals(_database(), week=week, collective_id=collective, status=status)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo("Aucune proposition.")
    for row in rows:
        members = ", ".join(f"{m['name']} ({m['role']})" for m in row["members"])
        what = row["title"] or PROPOSAL_KINDS.get(row["kind"], row["kind"])
        click.echo(
            f"{row['id']}  {row['week']}  {PROPOSAL_STATUSES.get(row['status'], row['status'])}"
            f"  n°{row['rank']}  score {row['score']:.2f}  {what} : {members}"
        )


@proposals.command("accept")
@click.argument("proposal_id")
@by_option
def proposals_accept(proposal_id: str, actor: str) -> None:
    """Accepte une proposition (équipe : mission et heures ; binôme : binôme)."""
    decision = _decide(lambda db: service.accept_proposal(db, proposal_id, actor=actor))
    made = decision.made
    if "mission" in made:
        click.echo(f"Proposition {proposal_id} acceptée : mission {made['mission'][0]} créée.")
    else:
        click.echo(f"Proposition {proposal_id} acceptée : binôme(s) {', '.join(made['pairs'])}.")
    if made.get("superseded"):
        click.echo(f"Remplacées : {', '.join(made['superseded'])}.")


@proposals.command("decline")
@click.argument("proposal_id")
@click.option(
    "--reason", required=True, type=click.Choice(list(DECLINE_REASONS)), help="Raison du refus."
)
@click.option("--text", default="", help="Précision libre (obligatoire avec « other »).")
@by_option
def proposals_decline(proposal_id: str, reason: str, text: str, actor: str) -> None:
    """Refuse une proposition avec une raison (voir docs/feedback.md)."""
    _decide(lambda db: service.decline_proposal(db, proposal_id, reason, text, actor=actor))
    click.echo(f"Proposition {proposal_id} refusée : {DECLINE_REASONS[reason]}.")


@proposals.command("edit")
@click.argument("proposal_id")
@click.option(
    "--swap", nargs=2, required=True, metavar="ANCIEN NOUVEAU", help="Remplace un membre."
)
@by_option
def proposals_edit(proposal_id: str, swap: tuple[str, str], actor: str) -> None:
    """Remplace un membre d'une équipe proposée (refusé si une règle est enfreinte)."""
    old, new = swap
    decision = _decide(lambda db: service.edit_proposal(db, proposal_id, old, new, actor=actor))
    click.echo(
        f"Proposition {proposal_id} modifiée : {old} remplacé·e par {new} "
        f"(score {decision.made['score'][0]})."
    )


@proposals.command("learn")
@click.option("--collective", help="Un seul collectif (sinon tous).")
@json_option
def proposals_learn(collective: str | None, as_json: bool) -> None:
    """Réapprend les poids des critères à partir des décisions enregistrées."""
    models = service.learn(_database(), collective)
    if as_json:
        _print_json([m.__dict__ for m in models])
        return
    for model in models:
        weights = ", ".join(f"{k} {v:.2f}" for k, v in model.weights.items())
        n = model.decisions
        click.echo(f"{model.collective_id} ({n} décision{'s' if n > 1 else ''}) : {weights}")


# --- missions --------------------------------------------------------------------------


def _pairs(values: Iterable[str], what: str) -> dict[str, str]:
    out = {}
    for value in values:
        member, sep, right = value.partition("=")
        if not sep or not member or not right:
            raise click.BadParameter(f"« {value} » : attendu MEMBRE={what}.")
        out[member.strip()] = right.strip()
    return out


def _hours_file(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    hours, outcomes = {}, {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            member = (row.get("member_id") or "").strip()
            if not member:
                raise click.BadParameter(f"{path} : colonne member_id vide ou absente.")
            if (row.get("hours") or "").strip():
                hours[member] = row["hours"].strip()
            if (row.get("outcome") or "").strip():
                outcomes[member] = row["outcome"].strip()
    return hours, outcomes


def _reports(hours_values: tuple[str, ...], outcome_values: tuple[str, ...]) -> dict:
    hours: dict[str, str] = {}
    outcomes: dict[str, str] = {}
    for value in hours_values:
        if "=" in value:
            hours.update(_pairs([value], "HEURES"))
        else:
            from_file, file_outcomes = _hours_file(Path(value))
            hours.update(from_file)
            outcomes.update(file_outcomes)
    outcomes.update(_pairs(outcome_values, "RÉSULTAT"))
    reports = {}
    for member in sorted(set(hours) | set(outcomes)):
        try:
            worked = float(hours[member].replace(",", ".")) if member in hours else None
        except ValueError as exc:
            raise click.BadParameter(
                f"{member} : « {hours[member]} » n'est pas un nombre."
            ) from exc
        reports[member] = MemberReport(worked, outcomes.get(member))
    return reports


@click.group("missions")
def missions() -> None:
    """Missions : clôture avec les heures réelles et les résultats."""


@missions.command("close")
@click.argument("mission_id")
@click.option(
    "--hours",
    "hours_values",
    multiple=True,
    metavar="MEMBRE=HEURES|FICHIER.csv",
    help="Heures réelles d'un membre, ou un CSV member_id,hours[,outcome]. Défaut : prévues.",
)
@click.option(
    "--outcome",
    "outcome_values",
    multiple=True,
    metavar="MEMBRE=RÉSULTAT",
    help=f"Résultat d'un membre ({', '.join(MEMBER_OUTCOMES)}). Défaut : completed.",
)
@click.option("--rating", type=click.IntRange(1, 5), help="Note du client (1 à 5).")
@click.option("--comment", default="", help="Commentaire du client.")
@by_option
def missions_close(
    mission_id: str,
    hours_values: tuple[str, ...],
    outcome_values: tuple[str, ...],
    rating: int | None,
    comment: str,
    actor: str,
) -> None:
    """Clôt une mission : heures réelles, résultats, avis du client, preuves de niveau."""
    reports = _reports(hours_values, outcome_values)
    client = ClientFeedback(rating, comment) if rating is not None else None
    decision = _decide(
        lambda db: service.close_mission(db, mission_id, reports, client, actor=actor)
    )
    evidence = len(decision.made.get("evidence", []))
    queued = len(decision.made.get("level_changes", []))
    click.echo(
        f"Mission {mission_id} close : {evidence} preuve(s) de progression, "
        f"{queued} changement(s) de niveau à valider."
    )


# --- pairs -----------------------------------------------------------------------------


@click.group("pairs")
def pairs() -> None:
    """Binômes d'apprentissage : approbation et rencontres."""


@pairs.command("approve")
@click.argument("pair_id")
@by_option
def pairs_approve(pair_id: str, actor: str) -> None:
    """Approuve un binôme avec un·e mineur·e (il devient actif)."""
    _decide(lambda db: service.approve_pair(db, pair_id, actor=actor))
    click.echo(f"Binôme {pair_id} approuvé.")


@pairs.command("meeting")
@click.argument("pair_id")
@by_option
def pairs_meeting(pair_id: str, actor: str) -> None:
    """Note une rencontre du binôme (toutes les 3 rencontres : une preuve de progression)."""
    decision = _decide(lambda db: service.record_pair_meeting(db, pair_id, actor=actor))
    evidence = len(decision.made.get("evidence", []))
    click.echo(f"Rencontre notée pour {pair_id} ; {evidence} preuve(s) de progression.")


# --- levels and badges -----------------------------------------------------------------


@click.group("levels")
def levels() -> None:
    """Changements de niveau : file de validation et trajectoires."""


@levels.command("list")
@click.option("--collective", help="Identifiant du collectif.")
@click.option("--all", "all_statuses", is_flag=True, help="Tous les statuts (sinon : à valider).")
@json_option
def levels_list(collective: str | None, all_statuses: bool, as_json: bool) -> None:
    """Liste les changements de niveau à valider."""
    rows = service.list_level_changes(
        _database(), status=None if all_statuses else "pending", collective_id=collective
    )
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo("Aucun changement de niveau à valider.")
    for row in rows:
        click.echo(
            f"{row['id']}  {row['name']} ({row['member']})  {row['skill_label']} : "
            f"{row['from_level']} → {row['to_level']} « {LEVELS[row['to_level']]} »  "
            f"({row['evidence_count']} preuves, {row['status']})"
        )


@levels.command("validate")
@click.argument("change_id")
@by_option
def levels_validate(change_id: str, actor: str) -> None:
    """Valide un changement de niveau (le niveau du membre est mis à jour)."""
    _decide(lambda db: service.validate_level(db, change_id, actor=actor))
    click.echo(f"Changement de niveau {change_id} validé.")


@levels.command("reject")
@click.argument("change_id")
@by_option
def levels_reject(change_id: str, actor: str) -> None:
    """Refuse un changement de niveau (de nouvelles preuves seront nécessaires)."""
    _decide(lambda db: service.reject_level(db, change_id, actor=actor))
    click.echo(f"Changement de niveau {change_id} refusé.")


@levels.command("trajectory")
@click.argument("member_id")
@json_option
def levels_trajectory(member_id: str, as_json: bool) -> None:
    """Trajectoire de capacitation d'un membre : compétences gagnées au fil du temps."""
    try:
        steps = service.member_trajectory(_database(), member_id)
    except FeedbackError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_REFUSED)
    if as_json:
        _print_json(steps)
        return
    if not steps:
        click.echo(f"Aucun niveau validé pour {member_id} pour l'instant.")
    for step in steps:
        click.echo(
            f"{step['date']}  {step['skill_label']} : {step['from_level']} → {step['to_level']} "
            f"« {LEVELS[step['to_level']]} » ({len(step['evidence'])} preuves)"
        )


@click.group("badges")
def badges() -> None:
    """Open Badges 3.0 des niveaux validés."""


@badges.command("export")
@click.argument("member_id")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=lambda: os.environ.get("KPA_BADGE_KEY") or None,
    help="Clé privée Ed25519 (PEM) pour signer ; défaut : $KPA_BADGE_KEY, sinon non signé.",
)
def badges_export(member_id: str, folder: Path, key: Path | None) -> None:
    """Écrit les badges d'un membre (un fichier JSON par niveau validé)."""
    try:
        written = service.export_badges(_database(), member_id, folder, key_path=key)
    except FeedbackError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_REFUSED)
    signed = " (signés)" if key else " (non signés)"
    click.echo(f"{len(written)} fichier(s) écrit(s) dans {folder}{signed if written else ''}.")
