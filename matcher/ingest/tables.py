"""The generic tables of an export: one codec per field type, and the checks of §5.

Headers are the dataclass field names of :mod:`matcher.domain`; each value is parsed from
the field's type hint, then checked against vocabularies, ranges and unique keys.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from matcher import vocabulary as voc
from matcher.domain import TABLE_TYPES, Dataset
from matcher.ingest.cells import (
    BadCell,
    clean_text,
    format_time,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    parse_time,
    parse_vocab,
    quoted,
    short,
)
from matcher.ingest.columns import MAX_WISH_PRIORITY, MIN_WISH_PRIORITY
from matcher.ingest.result import file_error
from matcher.ingest.rows import issue_reason
from matcher.tabular import RowError, Sheet

#: French file/sheet name of each Dataset table in an export.
TABLE_FILE_NAMES: dict[str, str] = {
    "networks": "reseaux",
    "collectives": "collectifs",
    "members": "membres",
    "member_private": "membres_prive",
    "member_skills": "competences_membres",
    "learning_wishes": "souhaits",
    "passions": "passions",
    "availabilities": "disponibilites",
    "unavailabilities": "absences",
    "requests": "demandes",
    "request_sessions": "seances",
    "required_skills": "competences_requises",
    "batch_runs": "calculs",
    "proposals": "propositions",
    "proposal_members": "propositions_membres",
    "missions": "missions",
    "mission_members": "missions_membres",
    "hours": "heures",
    "pairs": "binomes",
    "feedback": "retours",
    "audit_log": "journal",
    "users": "utilisateurs",
    "level_evidence": "preuves_niveau",
    "level_changes": "changements_niveau",
    "ranking_models": "modeles_classement",
}
TABLES_BY_FILE_NAME = {name: table for table, name in TABLE_FILE_NAMES.items()}


#: Tables written in a human layout rather than generically.
HUMAN_TABLES = ("members", "requests")


#: Detail tables that, when present in an export, override the compact human columns.
DETAIL_TABLES = frozenset(
    {
        "member_private",
        "member_skills",
        "learning_wishes",
        "passions",
        "availabilities",
        "unavailabilities",
        "request_sessions",
        "required_skills",
    }
)


#: Fields never written to an export.
SECRET_FIELDS: dict[str, frozenset[str]] = {
    "users": frozenset({"password_hash", "totp_secret", "api_token_hash"})
}


#: Reference checks: (table, field) → target table, or ``"skill"`` for the taxonomy.
REFERENCES: dict[tuple[str, str], str] = {
    ("collectives", "network_id"): "networks",
    ("member_private", "member_id"): "members",
    ("member_skills", "member_id"): "members",
    ("member_skills", "skill_id"): "skill",
    ("learning_wishes", "member_id"): "members",
    ("learning_wishes", "skill_id"): "skill",
    ("passions", "member_id"): "members",
    ("availabilities", "member_id"): "members",
    ("unavailabilities", "member_id"): "members",
    ("request_sessions", "request_id"): "requests",
    ("required_skills", "request_id"): "requests",
    ("required_skills", "skill_id"): "skill",
    ("batch_runs", "collective_id"): "collectives",
    ("proposals", "collective_id"): "collectives",
    ("proposals", "request_id"): "requests",
    ("proposals", "batch_run_id"): "batch_runs",
    ("proposal_members", "proposal_id"): "proposals",
    ("proposal_members", "member_id"): "members",
    ("proposal_members", "skill_id"): "skill",
    ("missions", "request_id"): "requests",
    ("missions", "proposal_id"): "proposals",
    ("mission_members", "mission_id"): "missions",
    ("mission_members", "member_id"): "members",
    ("mission_members", "skill_id"): "skill",
    ("hours", "member_id"): "members",
    ("hours", "mission_id"): "missions",
    ("pairs", "mentor_id"): "members",
    ("pairs", "learner_id"): "members",
    ("pairs", "skill_id"): "skill",
    ("feedback", "mission_id"): "missions",
    ("feedback", "pair_id"): "pairs",
    ("feedback", "member_id"): "members",
    ("users", "member_id"): "members",
    ("users", "collective_id"): "collectives",
    ("level_evidence", "member_id"): "members",
    ("level_evidence", "skill_id"): "skill",
    ("level_changes", "member_id"): "members",
    ("level_changes", "skill_id"): "skill",
    ("ranking_models", "collective_id"): "collectives",
}


#: Vocabulary checks on generic fields (lists are checked item by item).
VOCABULARY_FIELDS: dict[tuple[str, str], tuple[Mapping[str, str], str]] = {
    ("collectives", "kind"): (voc.COLLECTIVE_KINDS, "un type de collectif"),
    ("collectives", "fairness_policy"): (voc.FAIRNESS_POLICIES, "une règle d'équité"),
    ("collectives", "licences"): (voc.LICENCES, "un agrément"),
    ("member_skills", "evidence"): (voc.EVIDENCE, "une preuve"),
    ("availabilities", "weekday"): ({d: d for d in voc.WEEKDAYS}, "un jour"),
    ("required_skills", "hazards"): (voc.HAZARDS, "un danger"),
    ("proposals", "kind"): (voc.PROPOSAL_KINDS, "un type de proposition"),
    ("proposals", "status"): (voc.PROPOSAL_STATUSES, "un statut de proposition"),
    ("missions", "status"): (voc.MISSION_STATUSES, "un statut de mission"),
    ("mission_members", "role"): (voc.MISSION_ROLES, "un rôle"),
    ("hours", "kind"): (voc.HOURS_KINDS, "un type d'heures"),
    ("pairs", "status"): (voc.PAIR_STATUSES, "un statut de binôme"),
    ("users", "role"): (voc.USER_ROLES, "un rôle"),
    ("level_evidence", "source"): (voc.EVIDENCE_SOURCES, "une source de preuve"),
    ("level_changes", "status"): (voc.LEVEL_CHANGE_STATUSES, "un statut de changement de niveau"),
}


#: Integer ranges on generic fields.
RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("member_skills", "level"): (voc.MIN_LEVEL, voc.MAX_LEVEL),
    ("required_skills", "min_level"): (voc.MIN_LEVEL, voc.MAX_LEVEL),
    ("required_skills", "count"): (1, 50),
    ("learning_wishes", "priority"): (MIN_WISH_PRIORITY, MAX_WISH_PRIORITY),
}


#: Natural keys that must be unique (``id`` is always unique when a table has one).
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "member_private": ("member_id",),
    "member_skills": ("member_id", "skill_id"),
    "learning_wishes": ("member_id", "skill_id"),
    "required_skills": ("request_id", "skill_id"),
    "mission_members": ("mission_id", "member_id"),
    "proposal_members": ("proposal_id", "member_id"),
    "users": ("login",),
}


# --- Codecs: text to a field's type -------------------------------------------------------


@dataclass(frozen=True)
class FieldCodec:
    """How one dataclass field is read from text: its base type and whether None is allowed."""

    name: str
    base: object
    optional: bool
    required: bool
    default: object

    def parse(self, text: str) -> object:
        """Text → value; empty text gives None (optional) or the default."""
        if text == "":
            if self.optional:
                return None
            if self.required and self.base is not str:
                raise BadCell("valeur obligatoire manquante")
            if self.required and (self.name == "id" or self.name.endswith("_id")):
                raise BadCell("valeur obligatoire manquante")
            if not self.required:
                return self.default() if callable(self.default) else self.default
        return parse_typed(text, self.base)


def parse_typed(text: str, base: object) -> object:
    """Parse canonical export text for one of the domain's field types."""
    origin = typing.get_origin(base)
    if base is str:
        return text
    if base is bool:
        return parse_bool(text)
    if base is int:
        return parse_int(text)
    if base is float:
        return parse_number(text)
    if base is datetime:
        try:
            return datetime.fromisoformat(text.strip())
        except ValueError:
            raise BadCell(f"{short(text)} n'est pas une date-heure ISO") from None
    if base is date:
        return parse_date(text)
    if base is time:
        return parse_time(text) if "." not in text else _iso_time(text)
    if origin in (list, dict):
        return _parse_json(text, base)
    raise TypeError(f"unsupported field type {base!r}")


def _iso_time(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise BadCell(f"{short(text)} n'est pas une heure") from None


def _parse_json(text: str, base: object) -> object:
    origin, args = typing.get_origin(base), typing.get_args(base)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError, or an integer too long to convert
        raise BadCell(f"{short(text)} n'est pas du JSON valide") from None
    if origin is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadCell(f"{short(text)} : une liste JSON de textes est attendue")
        return value
    if not isinstance(value, dict):
        raise BadCell(f"{short(text)} : un objet JSON est attendu")
    kind = args[1] if len(args) == 2 else object
    if kind in (int, float):
        numeric = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()
        )
        if not numeric or (kind is int and not all(isinstance(v, int) for v in value.values())):
            raise BadCell(f"{short(text)} : un objet JSON de nombres est attendu")
        return {k: kind(v) for k, v in value.items()}
    return value


def field_codecs(cls: type) -> list[FieldCodec]:
    """One codec per field of a domain dataclass, from its type hints."""
    hints = typing.get_type_hints(cls)
    codecs = []
    for spec in dataclasses.fields(cls):
        base, optional = _unwrap_optional(hints[spec.name])
        has_default = spec.default is not dataclasses.MISSING
        has_factory = spec.default_factory is not dataclasses.MISSING
        default = spec.default_factory if has_factory else spec.default
        codecs.append(
            FieldCodec(spec.name, base, optional, not (has_default or has_factory), default)
        )
    return codecs


def _unwrap_optional(hint: object) -> tuple[object, bool]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return args[0], len(args) < len(typing.get_args(hint))
    return hint, False


# --- Reading one generic table ------------------------------------------------------------


def parse_generic(
    sheet: Sheet, table: str, file_name: str, existing: Dataset
) -> tuple[list[tuple[int, object]], list[RowError]]:
    """Rows of a generic table, with type, vocabulary, range, interval and key checks."""
    cls = TABLE_TYPES[table]
    codecs = {codec.name: codec for codec in field_codecs(cls)}
    errors: list[RowError] = []
    columns = _generic_header(sheet, table, codecs, file_name, errors)
    issues: dict[int, list] = {}
    for issue in sheet.issues:
        issues.setdefault(issue.line, []).append(issue)
    keys = _UniqueKeys(table, existing)
    parsed: list[tuple[int, object]] = []
    for line, cells in sheet.rows:
        row_errors = [
            RowError(file_name, line, i.column, i.value, issue_reason(i))
            for i in issues.get(line, [])
        ]
        values = _generic_values(cells, columns, codecs, table, file_name, line, row_errors)
        if not row_errors:
            instance = cls(**values)
            row_errors.extend(_row_rules(instance, table, file_name, line))
            row_errors.extend(keys.check(instance, file_name, line))
            if not row_errors:
                parsed.append((line, instance))
        errors.extend(row_errors)
    return parsed, errors


def _generic_header(
    sheet: Sheet,
    table: str,
    codecs: Mapping[str, FieldCodec],
    file_name: str,
    errors: list[RowError],
) -> dict[str, str]:
    """Header → field name; unknown, duplicate, secret and missing required columns reported."""
    columns: dict[str, str] = {}
    secret = SECRET_FIELDS.get(table, frozenset())
    for header in sheet.header:
        name = header.strip()
        if name.startswith("#"):
            continue
        if name not in codecs or name in secret:
            errors.append(file_error(file_name, header, f"colonne inconnue {quoted(header)}"))
        elif name in columns.values():
            errors.append(file_error(file_name, header, f"colonne {quoted(header)} en double"))
        else:
            columns[header] = name
    for codec in codecs.values():
        if codec.required and codec.name not in columns.values():
            errors.append(
                file_error(file_name, codec.name, f"colonne obligatoire « {codec.name} » absente")
            )
    return columns


def _generic_values(
    cells: Mapping[str, str],
    columns: Mapping[str, str],
    codecs: Mapping[str, FieldCodec],
    table: str,
    file_name: str,
    line: int,
    row_errors: list[RowError],
) -> dict[str, object]:
    values: dict[str, object] = {}
    for header, name in columns.items():
        text = cells.get(header, "")
        try:
            clean = clean_text(text, multiline=codecs[name].base is str, max_len=100_000)
            value = codecs[name].parse(clean if codecs[name].base is str else clean.strip())
            values[name] = _vocabulary_value(table, name, value)
        except BadCell as bad:
            row_errors.append(RowError(file_name, line, name, text, str(bad)))
    for name, codec in codecs.items():
        if name not in values and codec.required and not any(e.column == name for e in row_errors):
            row_errors.append(RowError(file_name, line, name, "", "valeur obligatoire manquante"))
    return values


def _vocabulary_value(table: str, name: str, value: object) -> object:
    rule = VOCABULARY_FIELDS.get((table, name))
    if rule is not None and value is not None:
        vocabulary, what = rule
        if isinstance(value, list):
            return [parse_vocab(item, vocabulary, what) for item in value]
        return parse_vocab(str(value), vocabulary, what)
    bounds = RANGES.get((table, name))
    if bounds is not None and isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
        raise BadCell(f"{value} doit être un entier de {bounds[0]} à {bounds[1]}")
    return value


def _row_rules(instance: object, table: str, file_name: str, line: int) -> list[RowError]:
    """Cross-field rules shared by every table: intervals, and birth dates."""
    errors = []
    start, end = getattr(instance, "start", None), getattr(instance, "end", None)
    if hasattr(instance, "start") and hasattr(instance, "end"):
        if (start is None) != (end is None):
            errors.append(RowError(file_name, line, "end", "", "début et fin vont ensemble"))
        elif start is not None and end <= start:  # type: ignore[operator]
            errors.append(
                RowError(
                    file_name,
                    line,
                    "end",
                    format_time(end),
                    f"la fin ({format_time(end)}) doit être après le début ({format_time(start)})",
                )
            )
    return errors


class _UniqueKeys:
    """Ids and natural keys already taken, by existing rows or earlier lines."""

    def __init__(self, table: str, existing: Dataset) -> None:
        names = [f.name for f in dataclasses.fields(TABLE_TYPES[table])]
        self.keys: list[tuple[str, ...]] = [("id",)] if "id" in names else []
        if table in UNIQUE_KEYS:
            self.keys.append(UNIQUE_KEYS[table])
        self.taken: dict[tuple[str, ...], dict[tuple, str]] = {
            key: {self._value(row, key): "une ligne existante" for row in getattr(existing, table)}
            for key in self.keys
        }

    @staticmethod
    def _value(row: object, key: tuple[str, ...]) -> tuple:
        return tuple(getattr(row, name) for name in key)

    def check(self, row: object, file_name: str, line: int) -> list[RowError]:
        errors = []
        for key in self.keys:
            value = self._value(row, key)
            if value in self.taken[key]:
                shown = ", ".join(str(v) for v in value)
                owner = self.taken[key][value]
                reason = f"{' + '.join(key)} {quoted(shown)} déjà utilisé par {owner}"
                errors.append(RowError(file_name, line, key[-1], shown, reason))
            else:
                self.taken[key][value] = f"la ligne {line}"
        return errors
