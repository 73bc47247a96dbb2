"""``matcher skills extract``: free French text → skills, from the command line.

Stdout carries the result only (one JSON array with ``--json``, else a French table), so
it can be piped; logs go to stderr. Registered in :mod:`matcher.cli` with
``main.add_command(skills)``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from functools import cache
from typing import IO

import click

from matcher.models.extract import Extraction, SkillExtractor

__all__ = ["as_json", "as_table", "fitted_extractor", "read_texts", "skills"]

log = logging.getLogger(__name__)

_INTENT_FR = {
    "knows": "sait faire",
    "wants": "veut apprendre",
    "loves": "passion",
    "needs": "besoin",
}


@cache
def fitted_extractor() -> SkillExtractor:
    """The extractor fitted on the packaged taxonomy, once per process."""
    return SkillExtractor().fit()


def read_texts(handle: IO[str]) -> list[str]:
    """One text per line; a final newline adds no text, an empty line is an empty text."""
    content = handle.read()
    if not content:
        return []
    lines = content.split("\n")
    if content.endswith("\n"):
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def as_json(results: Sequence[Sequence[Extraction]], kind: str) -> str:
    """The documented JSON: one list per text of ``{skill, label, intent, score, span}``."""
    payload = []
    for extractions in results:
        items = []
        for e in extractions:
            item: dict[str, object] = {
                "skill": e.skill,
                "label": e.label,
                "intent": e.intent,
                "score": e.score,
                "span": e.span,
            }
            if kind == "request":
                item["min_level"] = e.min_level
            items.append(item)
        payload.append(items)
    return json.dumps(payload, ensure_ascii=False)


def as_table(texts: Sequence[str], results: Sequence[Sequence[Extraction]], kind: str) -> str:
    """A readable French summary, one block per text."""
    blocks = []
    for number, (text, extractions) in enumerate(zip(texts, results, strict=True), 1):
        lines = [f"Texte {number} : « {text} »"]
        if not extractions:
            lines.append("  (aucune compétence reconnue)")
        for e in extractions:
            level = f"  niveau ≥ {e.min_level}" if kind == "request" else ""
            lines.append(
                f"  - {e.label} [{e.skill}] : {_INTENT_FR[e.intent]}, score {e.score:.2f}"
                f"{level} — « {e.span} »"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


@click.group("skills")
def skills() -> None:
    """Compétences : reconnaissance dans du texte libre."""


@skills.command("extract")
@click.argument("texts", nargs=-1)
@click.option(
    "--kind",
    type=click.Choice(["member", "request"]),
    default="member",
    show_default=True,
    help="member : ce que la personne sait, veut apprendre, aime ; request : besoin client.",
)
@click.option("--json", "json_output", is_flag=True, help="Un tableau JSON sur stdout.")
@click.option(
    "--file",
    "file_",
    type=click.File("r", encoding="utf-8"),
    help="Un texte par ligne (« - » pour l'entrée standard).",
)
def extract_command(
    texts: tuple[str, ...], kind: str, json_output: bool, file_: IO[str] | None
) -> None:
    """Reconnaît les compétences dans TEXTES (ou dans les lignes de --file)."""
    if file_ is not None and texts:
        raise click.UsageError("Donnez des textes ou --file, pas les deux.")
    if file_ is None and not texts:
        raise click.UsageError("Donnez au moins un texte, ou --file.")
    inputs = read_texts(file_) if file_ is not None else list(texts)
    extractor = fitted_extractor()
    log.info("Extraction de %d textes (%s)", len(inputs), kind)
    results = extractor.extract(inputs, kind=kind)
    if json_output:
        click.echo(as_json(results, kind))
    else:
        click.echo(as_table(inputs, results, kind))
    log.info("%d compétence(s) reconnue(s)", sum(map(len, results)))
