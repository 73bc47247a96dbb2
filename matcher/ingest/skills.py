"""Skills in cells: taxonomy ids, levels, and the items of ``compétences requises``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from matcher import vocabulary as voc
from matcher.domain import RequiredSkill
from matcher.ingest.cells import BadCell, each_item, quoted, vocab

KnownSkill = Callable[[str], bool]


KnownSkill = Callable[[str], bool]


def skill_parser(known_skill: KnownSkill) -> Callable[[str], str]:
    """A taxonomy id (tried as written, then lower-case) or a clear refusal."""

    def parse(text: str) -> str:
        ident = text.strip()
        for candidate in (ident, ident.lower()):
            if candidate and known_skill(candidate):
                return candidate
        raise BadCell(f"compétence inconnue {quoted(text)}")

    return parse


def parse_level(text: str, skill: str) -> int:
    if not re.fullmatch(r"[0-9]{1,9}", text.strip()):
        raise BadCell(f"niveau {quoted(text)} de {quoted(skill)} : un entier de 0 à 4 est attendu")
    level = int(text)
    if not voc.MIN_LEVEL <= level <= voc.MAX_LEVEL:
        raise BadCell(f"niveau {level} de {quoted(skill)} hors de 0 à 4")
    return level


@dataclass(frozen=True)
class SkillNeed:
    """One parsed item of ``compétences requises``."""

    skill_id: str
    min_level: int = 1
    count: int = 1
    optional: bool = False
    hazards: tuple[str, ...] = ()


def parse_need(text: str, known_skill: KnownSkill) -> SkillNeed:
    """``skill[:level[xcount]][?][[hazard,…]]`` — see docs/import-format.md §3."""
    rest = text.strip()
    optional = False
    hazards: list[str] = []
    if rest.endswith("?"):
        optional, rest = True, rest[:-1].rstrip()
    if rest.endswith("]"):
        opening = rest.rfind("[")
        if opening < 0:
            raise BadCell(f"{quoted(text)} : crochet « ] » sans « [ »")
        hazards = each_item(
            rest[opening + 1 : -1].replace(",", "|"), vocab(voc.HAZARDS, "un danger")
        )
        rest = rest[:opening].rstrip()
    if rest.endswith("?"):
        optional, rest = True, rest[:-1].rstrip()
    name, colon, spec = rest.partition(":")
    skill = skill_parser(known_skill)(name)
    if not colon:
        return SkillNeed(skill, optional=optional, hazards=tuple(hazards))
    level_text, times, count_text = spec.replace("×", "x").lower().partition("x")
    level = parse_level(level_text.strip(), skill)
    count = 1
    if times:
        count_text = count_text.strip()
        if not re.fullmatch(r"[0-9]{1,9}", count_text) or not 1 <= int(count_text) <= 50:
            raise BadCell(f"nombre {quoted(count_text)} pour {quoted(skill)} : un entier de 1 à 50")
        count = int(count_text)
    return SkillNeed(skill, level, count, optional, tuple(hazards))


def format_need(need: RequiredSkill) -> str:
    text = f"{need.skill_id}:{need.min_level}"
    if need.count != 1:
        text += f"x{need.count}"
    if need.optional:
        text += "?"
    if need.hazards:
        text += "[" + ",".join(need.hazards) + "]"
    return text
