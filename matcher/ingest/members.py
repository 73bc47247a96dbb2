"""The ``membres`` file: new members, their private facts, skills, wishes, passions, times."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from matcher import vocabulary as voc
from matcher.domain import (
    Availability,
    Dataset,
    LearningWish,
    Member,
    MemberPrivate,
    MemberSkill,
    Passion,
    Unavailability,
    age_on,
    is_minor_on,
)
from matcher.ingest.cells import (
    BadCell,
    each_item,
    format_date_fr,
    loose_key,
    no_duplicates,
    parse_absence_item,
    parse_availability_item,
    parse_date,
    parse_float,
    parse_int,
    parse_language,
    quoted,
    vocab,
)
from matcher.ingest.columns import (
    MAX_PASSION_LEN,
    MAX_WISH_PRIORITY,
    MEMBER_COLUMNS,
    MIN_WISH_PRIORITY,
    header_map,
)
from matcher.ingest.result import ImportResult, all_or_nothing, plural
from matcher.ingest.rows import Collectives, Ids, Row, data_rows, explicit_ids
from matcher.ingest.skills import KnownSkill, parse_level, skill_parser
from matcher.tabular import Sheet


def parse_members(
    sheet: Sheet,
    *,
    existing: Dataset,
    known_skill: KnownSkill,
    today: date,
    file_name: str,
    detail_tables: frozenset[str] = frozenset(),
) -> ImportResult:
    """Build new members (and their private facts, skills, wishes…) from a ``membres`` sheet.

    ``detail_tables`` names the tables supplied separately (export re-import): their
    compact columns are then ignored.
    """
    found, errors = header_map(sheet, MEMBER_COLUMNS, file_name, detail_tables)
    dataset = Dataset()
    context = _MemberContext(existing, known_skill, today, detail_tables)
    ids = Ids("m-", (m.id for m in existing.members), explicit_ids(sheet, MEMBER_COLUMNS))
    for row in data_rows(sheet, MEMBER_COLUMNS, found, file_name, errors):
        member_id = ids.take(row, "un membre déjà enregistré")
        _parse_member_row(row, member_id, context, dataset)
    return all_or_nothing(dataset, errors, len(sheet.rows))


@dataclass
class _MemberContext:
    existing: Dataset
    known_skill: KnownSkill
    today: date
    detail_tables: frozenset[str]
    collectives: Collectives = field(init=False)
    people: dict[tuple[str, str, date], str] = field(init=False)

    def __post_init__(self) -> None:
        self.collectives = Collectives(self.existing)
        where = {m.id: m.collective_id for m in self.existing.members}
        self.people = {
            (where.get(p.member_id, ""), loose_key(p.legal_name), p.birth_date): (
                f"qu'un membre déjà enregistré ({p.member_id})"
            )
            for p in self.existing.member_private
        }


def _parse_member_row(row: Row, member_id: str | None, ctx: _MemberContext, out: Dataset) -> None:
    collective_id = row.required("collective", ctx.collectives)
    display_name = row.required("display_name")
    legal_name = row.required("legal_name")
    birth_date = row.required("birth_date", parse_date)
    if isinstance(birth_date, date):
        birth_date = check_birth_date(row, birth_date, ctx.today)
    if isinstance(collective_id, str) and isinstance(legal_name, str) and birth_date:
        _check_duplicate_person(row, (collective_id, loose_key(legal_name), birth_date), ctx)
    member = _member_fields(row, birth_date, ctx.today)
    private = _private_fields(row)
    children = _member_children(row, ctx)
    if row.failed or member_id is None:
        return
    out.members.append(
        Member(id=member_id, collective_id=collective_id, display_name=display_name, **member)
    )
    out.member_private.append(
        MemberPrivate(member_id=member_id, legal_name=legal_name, birth_date=birth_date, **private)
    )
    for table, rows in children.items():
        for child in rows:  # fresh objects built for this row: safe to complete in place
            child.member_id = member_id
        getattr(out, table).extend(rows)


def check_birth_date(row: Row, birth_date: date, today: date) -> date | None:
    """Refuse birth dates in the future, before 1900 or of people under 16 today."""
    if birth_date > today:
        row.error("birth_date", f"{format_date_fr(birth_date)} est dans le futur")
        return None
    if birth_date.year < 1900:
        row.error("birth_date", f"{format_date_fr(birth_date)} : date de naissance invraisemblable")
        return None
    age = age_on(birth_date, today)
    if age < voc.MIN_MEMBER_AGE:
        row.error(
            "birth_date",
            f"né·e le {format_date_fr(birth_date)}, a {plural(age, 'an')} le "
            f"{format_date_fr(today)} : "
            f"il faut avoir au moins {voc.MIN_MEMBER_AGE} ans",
        )
        return None
    return birth_date


def _check_duplicate_person(row: Row, key: tuple[str, str, date], ctx: _MemberContext) -> None:
    if key in ctx.people:
        row.error(
            "legal_name",
            f"doublon : même nom et même date de naissance dans le collectif {key[0]} "
            f"{ctx.people[key]}",
        )
    else:
        ctx.people[key] = f"que la ligne {row.line}"


def _member_fields(row: Row, birth_date: date | None, today: date) -> dict[str, object]:
    defaults = Member("", "", "")
    minor = birth_date is not None and is_minor_on(birth_date, today)
    values: dict[str, object] = {
        "status": row.get("status", vocab(voc.MEMBER_STATUSES, "un statut"), defaults.status),
        "contract_start": row.get("contract_start", parse_date),
        "contract_end": row.get("contract_end", parse_date),
        "home_zone": row.raw("home_zone"),
        "mobility": row.get("mobility", vocab(voc.MOBILITIES, "une mobilité"), defaults.mobility),
        "max_travel_minutes": row.get(
            "max_travel_minutes", lambda t: parse_int(t, 0, 240), defaults.max_travel_minutes
        ),
        "languages": row.get("languages", _languages, defaults.languages),
        "desired_hours_min": row.get(
            "desired_hours_min", lambda t: parse_float(t, 0, 168), defaults.desired_hours_min
        ),
        "desired_hours_max": row.get(
            "desired_hours_max", lambda t: parse_float(t, 0, 168), defaults.desired_hours_max
        ),
        "accommodations": row.get("accommodations", _accommodations, []),
        "visibility": row.get(
            "visibility",
            vocab(voc.VISIBILITIES, "une visibilité"),
            "private" if minor else "public",
        ),
        "joined_on": row.get("joined_on", parse_date),
        "left_on": row.get("left_on", parse_date),
    }
    for first, last, reason in _ORDERED_MEMBER_FIELDS:
        low, high = values.get(first), values.get(last)
        if low is not None and high is not None and high < low:  # type: ignore[operator]
            row.error(last, reason)
    return values


_ORDERED_MEMBER_FIELDS = (
    ("contract_start", "contract_end", "la fin du contrat est avant son début"),
    ("joined_on", "left_on", "la date de sortie est avant la date d'entrée"),
    ("desired_hours_min", "desired_hours_max", "« heures max » est inférieur à « heures min »"),
)


def _languages(text: str) -> list[str]:
    codes = each_item(text, parse_language)
    no_duplicates(codes, "langue")
    return codes


def _accommodations(text: str) -> list[str]:
    values = each_item(text, vocab(voc.ACCOMMODATIONS, "un aménagement"))
    no_duplicates(values, "aménagement")
    return values


def _private_fields(row: Row) -> dict[str, object]:
    return {
        "contact": row.raw("contact"),
        "parental_authorisation_date": row.get("parental_authorisation_date", parse_date),
        "parental_authorisation_ref": row.raw("parental_authorisation_ref"),
        "honorability_date": row.get("honorability_date", parse_date),
    }


def _member_children(row: Row, ctx: _MemberContext) -> dict[str, list]:
    """Rows of the detail tables described by the compact columns (member id left blank)."""
    skill = skill_parser(ctx.known_skill)
    builders: dict[str, tuple[str, Callable[[str], list]]] = {
        "member_skills": ("skills", lambda t: _member_skills(t, skill)),
        "learning_wishes": ("wishes", lambda t: _wishes(t, skill)),
        "passions": ("passions", _passions),
        "availabilities": ("availability", _availabilities),
        "unavailabilities": ("unavailability", _unavailabilities),
    }
    children: dict[str, list] = {}
    for table, (key, build) in builders.items():
        if table not in ctx.detail_tables:
            children[table] = row.get(key, build, []) or []  # type: ignore[assignment]
    return children


def _member_skills(text: str, skill: Callable[[str], str]) -> list[MemberSkill]:
    def item(part: str) -> MemberSkill:
        name, colon, level = part.partition(":")
        ident = skill(name)
        if not colon:
            raise BadCell(
                f"niveau manquant pour {quoted(name)} (écrire {ident}:2 ; niveau de 0 à 4)"
            )
        return MemberSkill("", ident, parse_level(level, ident))

    values = each_item(text, item)
    no_duplicates([v.skill_id for v in values], "compétence")
    return values


def _wishes(text: str, skill: Callable[[str], str]) -> list[LearningWish]:
    def item(part: str) -> LearningWish:
        name, colon, priority = part.partition(":")
        ident = skill(name)
        if not colon:
            return LearningWish("", ident)
        if not re.fullmatch(r"[0-9]{1,9}", priority.strip()) or not (
            MIN_WISH_PRIORITY <= int(priority) <= MAX_WISH_PRIORITY
        ):
            raise BadCell(
                f"priorité {quoted(priority)} de {quoted(ident)} : un entier de "
                f"{MIN_WISH_PRIORITY} à {MAX_WISH_PRIORITY}"
            )
        return LearningWish("", ident, int(priority))

    values = each_item(text, item)
    no_duplicates([v.skill_id for v in values], "souhait")
    return values


def _passions(text: str) -> list[Passion]:
    def item(part: str) -> Passion:
        if len(part) > MAX_PASSION_LEN:
            raise BadCell(
                f"passion trop longue ({len(part)} caractères ; au plus {MAX_PASSION_LEN})"
            )
        return Passion("", part)

    return each_item(text, item)


def _availabilities(text: str) -> list[Availability]:
    return [Availability("", *parts) for parts in each_item(text, parse_availability_item)]


def _unavailabilities(text: str) -> list[Unavailability]:
    return [Unavailability("", *parts) for parts in each_item(text, parse_absence_item)]
