"""Spreadsheet rows → domain objects, with one precise French error per faulty cell.

Imports are all-or-nothing: every row of every sheet is checked and *all* errors are
returned; when there is any, :class:`ImportResult` carries an empty :class:`Dataset` so a
caller cannot save half a file by mistake. The module is pure (no database, no printing):
the taxonomy arrives as ``known_skill`` and the current data as ``existing``.

Two layouts are understood (see docs/import-format.md):

* the human files ``membres`` and ``demandes``: French headers, compact cells such as
  ``cuisine:3|couture:2`` or ``sam 08:00-18:00``;
* the generic tables of an export: headers are dataclass field names and each value is
  parsed from the field's type hint, by one codec per type.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal

from matcher import vocabulary as voc
from matcher.domain import (
    TABLE_TYPES,
    Availability,
    Dataset,
    LearningWish,
    Member,
    MemberPrivate,
    MemberSkill,
    Passion,
    RequestSession,
    RequiredSkill,
    ServiceRequest,
    Unavailability,
    age_on,
    is_minor_on,
)
from matcher.tabular import (
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    RowError,
    Sheet,
    TableFileError,
    read_json_tables,
    read_table_file,
    value_to_text,
)

KnownSkill = Callable[[str], bool]

__all__ = [
    "MEMBER_COLUMNS",
    "REQUEST_COLUMNS",
    "TABLE_FILE_NAMES",
    "ImportResult",
    "RowError",
    "import_file",
    "parse_export",
    "parse_members",
    "parse_requests",
]

EXPORT_FORMAT = "kpa-matcher-export"
EXPORT_VERSION = 1


# =======================================================================================
# Errors and results


@dataclass
class ImportResult:
    """What an import produced: a dataset to save only when :attr:`ok`."""

    dataset: Dataset
    errors: list[RowError]
    rows_read: int

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self) -> str:
        """The whole French report: a summary line then one line per error."""
        if self.ok:
            return f"Import possible : {self.rows_read} ligne(s) lue(s), aucune erreur."
        lines = {(e.file, e.line) for e in self.errors if e.line is not None}
        where = f" sur {len(lines)} ligne(s)" if lines else ""
        summary = f"Import refusé : {len(self.errors)} erreur(s){where}. Rien n'a été enregistré."
        return "\n".join([summary, *(str(error) for error in self.errors)])


class _Bad(ValueError):
    """A cell value is wrong; the message is the French reason."""


def _short(text: str, limit: int = 60) -> str:
    """A value as quoted in a message: one line, at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _q(text: str) -> str:
    return f"« {_short(text)} »"


# =======================================================================================
# Normalisation


def normalize_key(text: str) -> str:
    """Header/vocabulary key: no accents, no case, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.casefold() if c.isalnum() and c.isascii())


def _person_key(legal_name: str) -> str:
    """Legal names compared without case, accents, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", legal_name)
    return "".join(c for c in decomposed.casefold() if c.isalnum())


_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean_text(text: str, *, multiline: bool, max_len: int) -> str:
    """NFC text without control, bidi-override or (unless allowed) line-break characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if bad := _CONTROL.search(text.replace("\n", "").replace("\t", " ")):
        raise _Bad(f"caractère de contrôle interdit (U+{ord(bad.group()):04X})")
    if bad := _BIDI.search(text):
        raise _Bad(f"caractère d'inversion du sens d'écriture interdit (U+{ord(bad.group()):04X})")
    if not multiline and ("\n" in text or "\t" in text):
        raise _Bad("retour à la ligne ou tabulation interdit dans cette colonne")
    if len(text) > max_len:
        raise _Bad(f"texte trop long ({len(text)} caractères ; au plus {max_len})")
    return text


# =======================================================================================
# Cell parsers (raise _Bad with a French reason) and their inverse formatters


_DATE_FR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)(?::(\d{2}))?")
_RANGE = re.compile(r"(.+?)\s*[-–]\s*(.+)")
_TRUE = {"oui", "yes", "1", "vrai", "true", "o", "y"}
_FALSE = {"non", "no", "0", "faux", "false", "n"}


def parse_date(text: str) -> date:
    """``JJ/MM/AAAA`` or ``AAAA-MM-JJ``; a day that does not exist is refused."""
    text = text.strip()
    if match := _DATE_FR.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _DATE_ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise _Bad(f"{_short(text)} n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ)")
    try:
        return date(year, month, day)
    except ValueError:
        raise _Bad(f"{_short(text)} n'est pas une date") from None


def parse_time(text: str) -> time:
    """``HH:MM``, ``9h``, ``9h30`` (``HH:MM:SS`` too, for exports)."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise _Bad(f"{_short(text)} n'est pas une heure (attendu HH:MM, 9h ou 9h30)")
    hour, minute, second = (int(part or 0) for part in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise _Bad(f"{_short(text)} n'est pas une heure (de 00:00 à 23:59)")
    return time(hour, minute, second)


def parse_interval(text: str) -> tuple[time, time]:
    """``09:00-15:00``: the end must come after the start, the same day."""
    match = _RANGE.fullmatch(text.strip())
    if not match:
        raise _Bad(f"{_short(text)} n'est pas une plage horaire (attendu HH:MM-HH:MM)")
    start, end = parse_time(match.group(1)), parse_time(match.group(2))
    if end <= start:
        raise _Bad(
            f"plage {_short(text)} : la fin doit être après le début "
            "(une plage ne passe pas minuit)"
        )
    return start, end


def _parse_number(text: str) -> float:
    try:
        value = float(text.strip().replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except ValueError:
        raise _Bad(f"{_short(text)} n'est pas un nombre") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _Bad(f"{_short(text)} n'est pas un nombre")
    return value


def parse_float(text: str, low: float = 0.0, high: float = 1e9) -> float:
    value = _parse_number(text)
    if not low <= value <= high:
        raise _Bad(f"{_short(text)} doit être compris entre {_num(low)} et {_num(high)}")
    return value


def parse_int(text: str, low: int = -(10**12), high: int = 10**12) -> int:
    stripped = text.strip()
    if not re.fullmatch(r"[+-]?\d{1,18}", stripped):
        raise _Bad(f"{_short(text)} n'est pas un nombre entier")
    value = int(stripped)
    if not low <= value <= high:
        raise _Bad(f"{_short(text)} doit être un entier de {low} à {high}")
    return value


def parse_bool(text: str) -> bool:
    key = normalize_key(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise _Bad(f"{_short(text)} : répondre oui ou non")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


#: Normalised id/label → id, per vocabulary (the vocabulary is kept so its id stays unique).
_VOCABULARY_INDEX: dict[int, tuple[Mapping[str, str], dict[str, str]]] = {}


def _vocabulary_index(vocabulary: Mapping[str, str]) -> dict[str, str]:
    cached = _VOCABULARY_INDEX.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    index = {normalize_key(label): ident for ident, label in vocabulary.items()}
    index.update({normalize_key(ident): ident for ident in vocabulary})
    _VOCABULARY_INDEX[id(vocabulary)] = (vocabulary, index)
    return index


def parse_vocab(text: str, vocabulary: Mapping[str, str], what: str) -> str:
    """An id of ``vocabulary`` given by its id or its French label."""
    ident = _vocabulary_index(vocabulary).get(normalize_key(text))
    if ident is not None:
        return ident
    choices = ", ".join(vocabulary)
    raise _Bad(f"{_q(text)} n'est pas {what} connu (valeurs possibles : {choices})")


def split_list(text: str) -> list[str]:
    """``a|b|c`` → items, blanks dropped."""
    return [item.strip() for item in text.split("|") if item.strip()]


def _each(text: str, parse_item: Callable[[str], object]) -> list:
    """Parse every ``|`` item, reporting all bad items of the cell at once."""
    values, reasons = [], []
    for item in split_list(text):
        try:
            values.append(parse_item(item))
        except _Bad as bad:
            reasons.append(str(bad))
    if reasons:
        raise _Bad(" ; ".join(reasons))
    return values


def _no_duplicates(values: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise _Bad(f"{what} {_q(value)} en double")
        seen.add(value)


def skill_parser(known_skill: KnownSkill) -> Callable[[str], str]:
    """A taxonomy id (tried as written, then lower-case) or a clear refusal."""

    def parse(text: str) -> str:
        ident = text.strip()
        for candidate in (ident, ident.lower()):
            if candidate and known_skill(candidate):
                return candidate
        raise _Bad(f"compétence inconnue {_q(text)}")

    return parse


def _level(text: str, skill: str) -> int:
    if not re.fullmatch(r"\d{1,9}", text.strip()):
        raise _Bad(f"niveau {_q(text)} de {_q(skill)} : un entier de 0 à 4 est attendu")
    level = int(text)
    if not voc.MIN_LEVEL <= level <= voc.MAX_LEVEL:
        raise _Bad(f"niveau {level} de {_q(skill)} hors de 0 à 4")
    return level


_WEEKDAY_KEYS: dict[str, str] = {}
for _ident, _french in voc.WEEKDAYS_FR.items():
    _WEEKDAY_KEYS.update({_ident: _ident, normalize_key(_french): _ident, _french[:3]: _ident})
for _ident, _english in zip(
    voc.WEEKDAYS,
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    strict=True,
):
    _WEEKDAY_KEYS[_english] = _ident


def parse_weekday(text: str) -> str:
    ident = _WEEKDAY_KEYS.get(normalize_key(text))
    if ident is None:
        raise _Bad(f"{_q(text)} n'est pas un jour (lun, mar, mer, jeu, ven, sam, dim)")
    return ident


def _split_head(text: str, what: str, example: str) -> tuple[str, str]:
    """``head rest`` split on the first blank (``sam 08:00-12:00``)."""
    parts = text.strip().split(None, 1)
    if len(parts) != 2:
        raise _Bad(f"{what} {_q(text)} incomplet (exemple : {example})")
    return parts[0], parts[1]


def parse_availability_item(text: str) -> tuple[str, time, time]:
    day, window = _split_head(text, "créneau", "sam 08:00-18:00")
    return (parse_weekday(day), *parse_interval(window))


def parse_absence_item(text: str) -> tuple[date, time | None, time | None]:
    parts = text.strip().split(None, 1)
    day = parse_date(parts[0])
    if len(parts) == 1:
        return day, None, None
    return (day, *parse_interval(parts[1]))


def parse_session_item(text: str) -> tuple[date, time, time]:
    day, window = _split_head(text, "séance", "12/12/2026 09:00-15:00")
    return (parse_date(day), *parse_interval(window))


def parse_language(text: str) -> str:
    code = text.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise _Bad(f"{_q(text)} n'est pas un code de langue (2 ou 3 lettres : fr, ar, en…)")
    return code


def parse_team_size(text: str) -> tuple[int, int]:
    """``3-4``, ``3 à 4`` or ``3``: 1 to 50 people, min not above max."""
    match = re.fullmatch(r"(\d+)\s*(?:(?:-|–|à|a)\s*(\d+))?", text.strip())
    if not match:
        hint = ""
        if _DATE_ISO.fullmatch(text.strip()):
            hint = " ; le tableur l'a pris pour une date : mettez la colonne au format Texte"
        raise _Bad(f"{_short(text)} n'est pas une taille d'équipe (attendu 3-4 ou 3){hint}")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    if low > high:
        raise _Bad(f"équipe {_short(text)} : le minimum ({low}) dépasse le maximum ({high})")
    if low < 1 or high > 50:
        raise _Bad(f"équipe {_short(text)} : de 1 à 50 personnes")
    return low, high


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
            raise _Bad(f"{_q(text)} : crochet « ] » sans « [ »")
        hazards = _each(rest[opening + 1 : -1].replace(",", "|"), _vocab(voc.HAZARDS, "un danger"))
        rest = rest[:opening].rstrip()
    if rest.endswith("?"):
        optional, rest = True, rest[:-1].rstrip()
    name, colon, spec = rest.partition(":")
    skill = skill_parser(known_skill)(name)
    if not colon:
        return SkillNeed(skill, optional=optional, hazards=tuple(hazards))
    level_text, times, count_text = spec.replace("×", "x").lower().partition("x")
    level = _level(level_text.strip(), skill)
    count = 1
    if times:
        count_text = count_text.strip()
        if not re.fullmatch(r"\d+", count_text) or not 1 <= int(count_text) <= 50:
            raise _Bad(f"nombre {_q(count_text)} pour {_q(skill)} : un entier de 1 à 50")
        count = int(count_text)
    return SkillNeed(skill, level, count, optional, tuple(hazards))


def format_date_fr(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def format_time(moment: time | None) -> str:
    return value_to_text(moment)


def format_interval(start: time, end: time) -> str:
    return f"{format_time(start)}-{format_time(end)}"


def format_number(value: float | int | None) -> str:
    return value_to_text(value)


def format_decimal_fr(value: float | int | None) -> str:
    """A number as French spreadsheets show it (``12,5``); read back by the parsers."""
    return format_number(value).replace(".", ",")


def format_need(need: RequiredSkill) -> str:
    text = f"{need.skill_id}:{need.min_level}"
    if need.count != 1:
        text += f"x{need.count}"
    if need.optional:
        text += "?"
    if need.hazards:
        text += "[" + ",".join(need.hazards) + "]"
    return text


def format_weekday_fr(weekday: str) -> str:
    return voc.WEEKDAYS_FR.get(weekday, weekday)[:3]


# =======================================================================================
# Human layouts: columns of ``membres`` and ``demandes``


@dataclass(frozen=True)
class Column:
    """A human column: ``key`` is the English alias, ``label`` the French header."""

    key: str
    label: str
    required: bool = False
    private: bool = False
    multiline: bool = False
    max_len: int = 2000
    #: The detail table whose rows this compact column summarises, if any.
    detail: str | None = None


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("id", "identifiant", max_len=64),
    Column("collective", "collectif", required=True),
    Column("display_name", "nom affiché", required=True, max_len=100),
    Column("legal_name", "nom", required=True, private=True, max_len=200),
    Column("birth_date", "date de naissance", required=True, private=True),
    Column("contact", "contact", private=True, max_len=500),
    Column("status", "statut"),
    Column("contract_start", "début contrat"),
    Column("contract_end", "fin contrat"),
    Column("home_zone", "quartier", max_len=200),
    Column("mobility", "mobilité"),
    Column("max_travel_minutes", "trajet max (min)"),
    Column("languages", "langues"),
    Column("desired_hours_min", "heures min"),
    Column("desired_hours_max", "heures max"),
    Column("accommodations", "aménagements"),
    Column("visibility", "visibilité"),
    Column("joined_on", "date d'entrée"),
    Column("left_on", "date de sortie"),
    Column("parental_authorisation_date", "autorisation parentale", private=True),
    Column("parental_authorisation_ref", "réf. autorisation", private=True, max_len=200),
    Column("honorability_date", "attestation d'honorabilité", private=True),
    Column("skills", "compétences", detail="member_skills"),
    Column("wishes", "souhaits", detail="learning_wishes"),
    Column("passions", "passions", multiline=True, detail="passions"),
    Column("availability", "disponibilités", detail="availabilities"),
    Column("unavailability", "absences", detail="unavailabilities"),
)

REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("id", "identifiant", max_len=64),
    Column("collective", "collectif", required=True),
    Column("client", "client", required=True, max_len=200),
    Column("title", "titre", required=True, max_len=200),
    Column("description", "description", multiline=True, max_len=10_000),
    Column("zone", "quartier", max_len=200),
    Column("sessions", "séances", required=True, detail="request_sessions"),
    Column("required_skills", "compétences requises", required=True, detail="required_skills"),
    Column("team_size", "équipe"),
    Column("learning_slots", "places apprenant"),
    Column("hazards", "dangers"),
    Column("licence_required", "agrément requis"),
    Column("private_home", "domicile privé"),
    Column("estimated_person_hours", "heures-personne"),
    Column("status", "statut"),
    Column("created_on", "créée le"),
)

MAX_PASSION_LEN = 200


def _header_map(
    sheet: Sheet, columns: Sequence[Column], file_name: str, skip: frozenset[str]
) -> tuple[dict[str, Column], list[RowError]]:
    """Match file headers to columns (accent/case/space-insensitive); report the rest."""
    by_key: dict[str, Column] = {}
    for column in columns:
        by_key[normalize_key(column.label)] = column
        by_key[normalize_key(column.key)] = column
    found: dict[str, Column] = {}
    seen: dict[str, str] = {}
    errors: list[RowError] = []
    for header in sheet.header:
        if header.startswith("#"):
            continue
        column = by_key.get(normalize_key(header))
        if column is None:
            accepted = ", ".join(c.label for c in columns)
            errors.append(
                _file_error(
                    file_name,
                    header,
                    f"colonne inconnue {_q(header)} (colonnes acceptées : {accepted} ; "
                    "pour garder une colonne de notes, commencez son nom par #)",
                )
            )
        elif column.key in seen:
            errors.append(
                _file_error(
                    file_name,
                    header,
                    f"colonne {_q(column.label)} en double ({_q(seen[column.key])} "
                    f"et {_q(header)})",
                )
            )
        else:
            seen[column.key] = header
            found[header] = column
    for column in columns:
        if column.required and column.key not in seen and column.detail not in skip:
            errors.append(
                _file_error(
                    file_name, column.label, f"colonne obligatoire « {column.label} » absente"
                )
            )
    return found, errors


def _file_error(file_name: str, value: str, reason: str) -> RowError:
    return RowError(file_name, None, None, value, reason)


class _Row:
    """One data row being read: typed getters that record errors instead of raising."""

    def __init__(
        self,
        file_name: str,
        line: int,
        cells: dict[str, str],
        labels: Mapping[str, str],
        errors: list[RowError],
    ) -> None:
        self.file_name, self.line, self.cells = file_name, line, cells
        self.labels, self.errors = labels, errors
        self.failed = False

    def error(self, key: str, reason: str, value: str | None = None) -> None:
        self.failed = True
        label = self.labels.get(key, key)
        shown = self.cells.get(key, "") if value is None else value
        self.errors.append(RowError(self.file_name, self.line, label, shown, reason))

    def raw(self, key: str) -> str:
        return self.cells.get(key, "")

    def get(self, key: str, parse: Callable[[str], object], default: object = None) -> object:
        """Parsed value of a cell; ``default`` when empty; ``None`` (and an error) when bad."""
        text = self.cells.get(key, "")
        if not text:
            return default
        try:
            return parse(text)
        except _Bad as bad:
            self.error(key, str(bad))
            return None

    def required(self, key: str, parse: Callable[[str], object] = str) -> object:
        if not self.cells.get(key, "") and key in self.cells:
            self.error(key, "valeur obligatoire manquante")
            return None
        return self.get(key, parse)


def _rows(
    sheet: Sheet,
    columns: Sequence[Column],
    found: Mapping[str, Column],
    file_name: str,
    errors: list[RowError],
) -> Iterable[_Row]:
    """Yield a :class:`_Row` per data row, after the generic text checks and read issues."""
    labels = {c.key: c.label for c in columns}
    by_line: dict[int, list] = {}
    for issue in sheet.issues:
        by_line.setdefault(issue.line, []).append(issue)
    for line, raw_cells in sheet.rows:
        cells: dict[str, str] = {}
        row = _Row(file_name, line, cells, labels, errors)
        poisoned = set()
        for issue in by_line.get(line, []):
            column = found.get(issue.column)
            label = column.label if column else issue.column
            errors.append(RowError(file_name, line, label, issue.value, _issue_reason(issue)))
            row.failed = True
            poisoned.add(issue.column)
        for header, column in found.items():
            if header in poisoned:
                continue
            try:
                cells[column.key] = _clean_text(
                    raw_cells.get(header, ""), multiline=column.multiline, max_len=column.max_len
                )
            except _Bad as bad:
                row.error(column.key, str(bad), raw_cells.get(header, ""))
        yield row


def _issue_reason(issue: object) -> str:
    reason = str(getattr(issue, "reason", ""))
    value = str(getattr(issue, "value", ""))
    if reason == "formule refusée":
        return (
            f"formule refusée ({_short(value)}) : remplacez-la par sa valeur, "
            "ou commencez la cellule par une apostrophe '"
        )
    return f"{reason} ({_short(value)})"


# --- Shared row helpers -----------------------------------------------------------------


class _Collectives:
    """Resolve a ``collectif`` cell: an id, else an exact (then case-insensitive) name."""

    def __init__(self, existing: Dataset) -> None:
        self.ids = {c.id for c in existing.collectives}
        self.names: dict[str, list[str]] = {}
        for collective in existing.collectives:
            self.names.setdefault(collective.name.strip(), []).append(collective.id)
            folded = collective.name.strip().casefold()
            if folded != collective.name.strip():
                self.names.setdefault(folded, []).append(collective.id)

    def __call__(self, text: str) -> str:
        text = text.strip()
        if text in self.ids:
            return text
        matches = self.names.get(text) or self.names.get(text.casefold()) or []
        unique = sorted(set(matches))
        if len(unique) == 1:
            return unique[0]
        if len(unique) > 1:
            raise _Bad(f"nom de collectif {_q(text)} ambigu : utilisez l'identifiant")
        raise _Bad(f"collectif inconnu {_q(text)}")


def _parse_id(text: str) -> str:
    if not _ID_RE.fullmatch(text):
        raise _Bad(
            f"identifiant {_q(text)} invalide (lettres sans accent, chiffres, - _ . ; "
            "64 caractères au plus)"
        )
    return text


class _Ids:
    """Ids of one kind: explicit ones checked for reuse, blanks generated as ``prefix-N``."""

    def __init__(self, prefix: str, existing: Iterable[str], explicit: Iterable[str]) -> None:
        self.prefix = prefix
        self.existing = set(existing)
        self.first_line: dict[str, int] = {}
        numbers = [
            int(m.group(1))
            for ident in [*self.existing, *explicit]
            if (m := re.fullmatch(rf"{re.escape(prefix)}(\d+)", ident))
        ]
        self.next_number = max(numbers, default=0) + 1

    def take(self, row: _Row, what: str) -> str | None:
        ident = row.get("id", _parse_id)
        if not row.raw("id"):
            ident = f"{self.prefix}{self.next_number}"
            self.next_number += 1
        elif ident is None:
            return None
        assert isinstance(ident, str)
        if ident in self.existing:
            row.error("id", f"identifiant {_q(ident)} déjà utilisé par {what}")
            return None
        if ident in self.first_line:
            row.error(
                "id", f"identifiant {_q(ident)} déjà utilisé à la ligne {self.first_line[ident]}"
            )
            return None
        self.first_line[ident] = row.line
        return ident


def _explicit_ids(sheet: Sheet, columns: Sequence[Column]) -> list[str]:
    """Valid ids typed in the file, so generated ids never collide with a later line."""
    keys = {normalize_key(c.label) for c in columns if c.key == "id"} | {"id"}
    headers = [h for h in sheet.header if normalize_key(h) in keys]
    values = (cells.get(header, "").strip() for _, cells in sheet.rows for header in headers)
    return [value for value in values if _ID_RE.fullmatch(value)]


def _result(dataset: Dataset, errors: list[RowError], rows_read: int) -> ImportResult:
    """All or nothing: a result with errors never carries data."""
    return ImportResult(dataset if not errors else Dataset(), errors, rows_read)


# --- Members ------------------------------------------------------------------------------


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
    found, errors = _header_map(sheet, MEMBER_COLUMNS, file_name, detail_tables)
    dataset = Dataset()
    context = _MemberContext(existing, known_skill, today, detail_tables)
    ids = _Ids("m-", (m.id for m in existing.members), _explicit_ids(sheet, MEMBER_COLUMNS))
    for row in _rows(sheet, MEMBER_COLUMNS, found, file_name, errors):
        member_id = ids.take(row, "un membre déjà enregistré")
        _parse_member_row(row, member_id, context, dataset)
    return _result(dataset, errors, len(sheet.rows))


@dataclass
class _MemberContext:
    existing: Dataset
    known_skill: KnownSkill
    today: date
    detail_tables: frozenset[str]
    collectives: _Collectives = field(init=False)
    people: dict[tuple[str, str, date], str] = field(init=False)

    def __post_init__(self) -> None:
        self.collectives = _Collectives(self.existing)
        where = {m.id: m.collective_id for m in self.existing.members}
        self.people = {
            (where.get(p.member_id, ""), _person_key(p.legal_name), p.birth_date): (
                f"qu'un membre déjà enregistré ({p.member_id})"
            )
            for p in self.existing.member_private
        }


def _parse_member_row(row: _Row, member_id: str | None, ctx: _MemberContext, out: Dataset) -> None:
    collective_id = row.required("collective", ctx.collectives)
    display_name = row.required("display_name")
    legal_name = row.required("legal_name")
    birth_date = row.required("birth_date", parse_date)
    if isinstance(birth_date, date):
        birth_date = _check_birth_date(row, birth_date, ctx.today)
    if isinstance(collective_id, str) and isinstance(legal_name, str) and birth_date:
        _check_duplicate_person(row, (collective_id, _person_key(legal_name), birth_date), ctx)
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


def _check_birth_date(row: _Row, birth_date: date, today: date) -> date | None:
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
            f"né·e le {format_date_fr(birth_date)}, a {age} ans le {format_date_fr(today)} : "
            f"il faut avoir au moins {voc.MIN_MEMBER_AGE} ans",
        )
        return None
    return birth_date


def _check_duplicate_person(row: _Row, key: tuple[str, str, date], ctx: _MemberContext) -> None:
    if key in ctx.people:
        row.error(
            "legal_name",
            f"doublon : même nom et même date de naissance dans le collectif {key[0]} "
            f"{ctx.people[key]}",
        )
    else:
        ctx.people[key] = f"que la ligne {row.line}"


def _member_fields(row: _Row, birth_date: date | None, today: date) -> dict[str, object]:
    defaults = Member("", "", "")
    minor = birth_date is not None and is_minor_on(birth_date, today)
    values: dict[str, object] = {
        "status": row.get("status", _vocab(voc.MEMBER_STATUSES, "un statut"), defaults.status),
        "contract_start": row.get("contract_start", parse_date),
        "contract_end": row.get("contract_end", parse_date),
        "home_zone": row.raw("home_zone"),
        "mobility": row.get("mobility", _vocab(voc.MOBILITIES, "une mobilité"), defaults.mobility),
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
            _vocab(voc.VISIBILITIES, "une visibilité"),
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
    ("desired_hours_min", "desired_hours_max", "heures max est inférieur à heures min"),
)


def _vocab(vocabulary: Mapping[str, str], what: str) -> Callable[[str], str]:
    return lambda text: parse_vocab(text, vocabulary, what)


def _languages(text: str) -> list[str]:
    codes = _each(text, parse_language)
    _no_duplicates(codes, "langue")
    return codes


def _accommodations(text: str) -> list[str]:
    values = _each(text, _vocab(voc.ACCOMMODATIONS, "un aménagement"))
    _no_duplicates(values, "aménagement")
    return values


def _private_fields(row: _Row) -> dict[str, object]:
    return {
        "contact": row.raw("contact"),
        "parental_authorisation_date": row.get("parental_authorisation_date", parse_date),
        "parental_authorisation_ref": row.raw("parental_authorisation_ref"),
        "honorability_date": row.get("honorability_date", parse_date),
    }


def _member_children(row: _Row, ctx: _MemberContext) -> dict[str, list]:
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
            raise _Bad(f"niveau manquant pour {_q(name)} (écrire {ident}:2 ; niveau de 0 à 4)")
        return MemberSkill("", ident, _level(level, ident))

    values = _each(text, item)
    _no_duplicates([v.skill_id for v in values], "compétence")
    return values


def _wishes(text: str, skill: Callable[[str], str]) -> list[LearningWish]:
    def item(part: str) -> LearningWish:
        name, colon, priority = part.partition(":")
        ident = skill(name)
        if not colon:
            return LearningWish("", ident)
        if not re.fullmatch(r"[1-5]", priority.strip()):
            raise _Bad(f"priorité {_q(priority)} de {_q(ident)} : un entier de 1 à 5")
        return LearningWish("", ident, int(priority))

    values = _each(text, item)
    _no_duplicates([v.skill_id for v in values], "souhait")
    return values


def _passions(text: str) -> list[Passion]:
    def item(part: str) -> Passion:
        if len(part) > MAX_PASSION_LEN:
            raise _Bad(f"passion trop longue ({len(part)} caractères ; au plus {MAX_PASSION_LEN})")
        return Passion("", part)

    return _each(text, item)


def _availabilities(text: str) -> list[Availability]:
    return [Availability("", *parts) for parts in _each(text, parse_availability_item)]


def _unavailabilities(text: str) -> list[Unavailability]:
    return [Unavailability("", *parts) for parts in _each(text, parse_absence_item)]


# --- Requests -----------------------------------------------------------------------------


def parse_requests(
    sheet: Sheet,
    *,
    existing: Dataset,
    known_skill: KnownSkill,
    today: date,
    file_name: str,
    detail_tables: frozenset[str] = frozenset(),
) -> ImportResult:
    """Build new service requests with their sessions and required skills."""
    del today  # part of the common parser signature; no date rule applies to requests yet
    found, errors = _header_map(sheet, REQUEST_COLUMNS, file_name, detail_tables)
    dataset = Dataset()
    collectives = _Collectives(existing)
    ids = _Ids("r-", (r.id for r in existing.requests), _explicit_ids(sheet, REQUEST_COLUMNS))
    for row in _rows(sheet, REQUEST_COLUMNS, found, file_name, errors):
        request_id = ids.take(row, "une demande déjà enregistrée")
        built = _request_row(row, collectives, known_skill, detail_tables)
        if built is None or row.failed or request_id is None:
            continue
        request, sessions, needs = built
        dataset.requests.append(dataclasses.replace(request, id=request_id))
        dataset.request_sessions.extend(
            dataclasses.replace(s, request_id=request_id) for s in sessions
        )
        dataset.required_skills.extend(dataclasses.replace(n, request_id=request_id) for n in needs)
    return _result(dataset, errors, len(sheet.rows))


def _request_row(
    row: _Row, collectives: _Collectives, known_skill: KnownSkill, detail: frozenset[str]
) -> tuple[ServiceRequest, list[RequestSession], list[RequiredSkill]] | None:
    values: dict[str, object] = {
        "collective_id": row.required("collective", collectives),
        "client": row.required("client"),
        "title": row.required("title"),
        "description": row.raw("description"),
        "zone": row.raw("zone"),
        "estimated_person_hours": row.get(
            "estimated_person_hours", lambda t: parse_float(t, 0, 100_000)
        ),
        "learning_slots": row.get("learning_slots", lambda t: parse_int(t, 0, 10), 0),
        "hazards": row.get("hazards", _hazards, []),
        "licence_required": row.get("licence_required", _vocab(voc.LICENCES, "un agrément")),
        "private_home": row.get("private_home", parse_bool, False),
        "status": row.get("status", _vocab(voc.REQUEST_STATUSES, "un statut de demande"), "open"),
        "created_on": row.get("created_on", parse_date),
    }
    sessions: list[RequestSession] = []
    if "request_sessions" not in detail:
        sessions = row.required("sessions", _sessions) or []  # type: ignore[assignment]
    needs: list[RequiredSkill] = []
    if "required_skills" not in detail:
        parse_needs = functools.partial(_needs, known_skill=known_skill)
        needs = row.required("required_skills", parse_needs) or []  # type: ignore[assignment]
    largest = max((n.count for n in needs if not n.optional), default=1)
    team = row.get("team_size", parse_team_size, (1, largest))
    for need in needs:
        if isinstance(team, tuple) and need.count > team[1]:
            row.error(
                "required_skills",
                f"{need.count} personnes demandées en {_q(need.skill_id)} "
                f"pour une équipe de {team[1]} au plus",
            )
    if row.failed or not isinstance(team, tuple):
        return None
    values["team_size_min"], values["team_size_max"] = team
    return ServiceRequest(id="", **values), sessions, needs  # type: ignore[arg-type]


def _sessions(text: str) -> list[RequestSession]:
    sessions = [RequestSession("", *parts) for parts in _each(text, parse_session_item)]
    if not sessions:
        raise _Bad("valeur obligatoire manquante")
    _no_duplicates(
        [f"{format_date_fr(s.date)} {format_interval(s.start, s.end)}" for s in sessions], "séance"
    )
    return sessions


def _needs(text: str, known_skill: KnownSkill) -> list[RequiredSkill]:
    parsed = _each(text, lambda part: parse_need(part, known_skill))
    if not parsed:
        raise _Bad("aucune compétence requise")
    _no_duplicates([n.skill_id for n in parsed], "compétence")
    return [
        RequiredSkill("", n.skill_id, n.min_level, n.count, n.optional, list(n.hazards))
        for n in parsed
    ]


def _hazards(text: str) -> list[str]:
    values = _each(text, _vocab(voc.HAZARDS, "un danger"))
    _no_duplicates(values, "danger")
    return values


# =======================================================================================
# Generic tables: one codec per type hint


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
SECRET_FIELDS: dict[str, frozenset[str]] = {"users": frozenset({"password_hash"})}

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
}

#: Integer ranges on generic fields.
RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("member_skills", "level"): (voc.MIN_LEVEL, voc.MAX_LEVEL),
    ("required_skills", "min_level"): (voc.MIN_LEVEL, voc.MAX_LEVEL),
    ("required_skills", "count"): (1, 50),
    ("learning_wishes", "priority"): (1, 100),
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
                raise _Bad("valeur obligatoire manquante")
            if self.required and (self.name == "id" or self.name.endswith("_id")):
                raise _Bad("valeur obligatoire manquante")
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
        return _parse_number(text)
    if base is datetime:
        try:
            return datetime.fromisoformat(text.strip())
        except ValueError:
            raise _Bad(f"{_short(text)} n'est pas une date-heure ISO") from None
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
        raise _Bad(f"{_short(text)} n'est pas une heure") from None


def _parse_json(text: str, base: object) -> object:
    origin, args = typing.get_origin(base), typing.get_args(base)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError, or an integer too long to convert
        raise _Bad(f"{_short(text)} n'est pas du JSON valide") from None
    if origin is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Bad(f"{_short(text)} : une liste JSON de textes est attendue")
        return value
    if not isinstance(value, dict):
        raise _Bad(f"{_short(text)} : un objet JSON est attendu")
    kind = args[1] if len(args) == 2 else object
    if kind in (int, float):
        numeric = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()
        )
        if not numeric or (kind is int and not all(isinstance(v, int) for v in value.values())):
            raise _Bad(f"{_short(text)} : un objet JSON de nombres est attendu")
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


def _parse_generic(
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
            RowError(file_name, line, i.column, i.value, _issue_reason(i))
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
            errors.append(_file_error(file_name, header, f"colonne inconnue {_q(header)}"))
        elif name in columns.values():
            errors.append(_file_error(file_name, header, f"colonne {_q(header)} en double"))
        else:
            columns[header] = name
    for codec in codecs.values():
        if codec.required and codec.name not in columns.values():
            errors.append(
                _file_error(file_name, codec.name, f"colonne obligatoire « {codec.name} » absente")
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
            clean = _clean_text(text, multiline=codecs[name].base is str, max_len=100_000)
            value = codecs[name].parse(clean if codecs[name].base is str else clean.strip())
            values[name] = _vocabulary_value(table, name, value)
        except _Bad as bad:
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
        raise _Bad(f"{value} doit être un entier de {bounds[0]} à {bounds[1]}")
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
                errors.append(
                    RowError(
                        file_name,
                        line,
                        key[-1],
                        shown,
                        f"{' + '.join(key)} {_q(shown)} déjà utilisé par {self.taken[key][value]}",
                    )
                )
            else:
                self.taken[key][value] = f"la ligne {line}"
        return errors


# =======================================================================================
# Export re-import


def parse_export(
    path: Path,
    *,
    existing: Dataset,
    known_skill: KnownSkill,
    today: date,
    max_bytes: int = MAX_FILE_BYTES,
    max_rows: int = MAX_DATA_ROWS,
) -> ImportResult:
    """Read what :func:`matcher.export.write_export` wrote (folder, XLSX or JSON) back."""
    path = Path(path)
    try:
        sheets = _export_sheets(path, max_bytes, max_rows)
    except TableFileError as exc:
        return ImportResult(Dataset(), [_table_file_error(exc)], 0)
    errors: list[RowError] = []
    tables: dict[str, tuple[str, Sheet]] = {}
    for label, sheet in sheets:
        table = TABLES_BY_FILE_NAME.get(sheet.name)
        if table is None:
            known = ", ".join(TABLE_FILE_NAMES.values())
            errors.append(_file_error(label, sheet.name, f"table inconnue (tables : {known})"))
        elif table in tables:
            errors.append(_file_error(label, sheet.name, "table présente deux fois"))
        else:
            tables[table] = (label, sheet)
    dataset, located, more = _parse_tables(tables, existing, known_skill, today)
    errors.extend(more)
    written_ids = {table: _written_ids(sheet) for table, (_, sheet) in tables.items()}
    errors.extend(_reference_errors(dataset, existing, known_skill, located, written_ids))
    rows_read = sum(len(sheet.rows) for _, sheet in tables.values())
    return _result(dataset, errors, rows_read)


def _table_file_error(exc: TableFileError) -> RowError:
    return exc.error


def _export_sheets(path: Path, max_bytes: int, max_rows: int) -> list[tuple[str, Sheet]]:
    """(label for messages, sheet) for every table of a folder, workbook or JSON export."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise TableFileError(path.name, "aucun fichier .csv dans ce dossier")
        result = []
        for file in files:
            sheet = read_table_file(file, max_bytes=max_bytes, max_rows=max_rows)[0]
            sheet.name = file.stem
            result.append((file.name, sheet))
        return result
    if path.suffix.lower() == ".json":
        meta, sheets = read_json_tables(path, max_bytes=max_bytes, max_rows=max_rows)
        if meta.get("format") != EXPORT_FORMAT or meta.get("version") != EXPORT_VERSION:
            raise TableFileError(
                path.name, f"ce n'est pas un export KPA Matcher (format {EXPORT_FORMAT} v1)"
            )
        return [(f"{path.name}, table « {s.name} »", s) for s in sheets]
    sheets = read_table_file(path, max_bytes=max_bytes, max_rows=max_rows)
    return [(f"{path.name}, feuille « {s.name} »", s) for s in sheets]


def _parse_tables(
    tables: Mapping[str, tuple[str, Sheet]],
    existing: Dataset,
    known_skill: KnownSkill,
    today: date,
) -> tuple[Dataset, dict[str, tuple[str, list[tuple[int, object]]]], list[RowError]]:
    """Parse in dependency order so members can refer to the collectives just read.

    Also returns, per generic table, its label and (line, row) pairs for later checks.
    """
    dataset, errors = Dataset(), []
    located: dict[str, tuple[str, list[tuple[int, object]]]] = {}
    details = frozenset(t for t in DETAIL_TABLES if t in tables)
    generic = [t for t in TABLE_TYPES if t in tables and t not in HUMAN_TABLES]
    for table in ("networks", "collectives"):
        if table in generic:
            label, sheet = tables[table]
            rows, more = _parse_generic(sheet, table, label, existing)
            setattr(dataset, table, [row for _, row in rows])
            located[table] = (label, rows)
            errors.extend(more)
    context = _merged(existing, dataset)
    for table, parser in (("members", parse_members), ("requests", parse_requests)):
        if table in tables:
            label, sheet = tables[table]
            if table == "members" and (message := _missing_private(sheet)):
                errors.append(_file_error(label, "", message))
                continue
            result = parser(
                sheet,
                existing=context,
                known_skill=known_skill,
                today=today,
                file_name=label,
                detail_tables=details,
            )
            errors.extend(result.errors)
            for name, rows in result.dataset.tables():
                if rows and name not in details:
                    setattr(dataset, name, rows)
    for table in generic:
        if table in ("networks", "collectives"):
            continue
        label, sheet = tables[table]
        rows, more = _parse_generic(sheet, table, label, existing)
        setattr(dataset, table, [row for _, row in rows])
        located[table] = (label, rows)
        errors.extend(more)
        if table == "member_private":
            errors.extend(_private_rules(rows, label, today))  # type: ignore[arg-type]
    return dataset, located, errors


def _written_ids(sheet: Sheet) -> set[str]:
    """The ``id`` / ``identifiant`` cells of a sheet, as written, valid or not."""
    headers = [h for h in sheet.header if normalize_key(h) in {"id", "identifiant"}]
    return {cells.get(h, "") for _, cells in sheet.rows for h in headers} - {""}


def _missing_private(sheet: Sheet) -> str:
    headers = {normalize_key(h) for h in sheet.header}
    if not headers & {"nom", "legalname"} and not headers & {"datedenaissance", "birthdate"}:
        return (
            "cet export ne contient pas les données privées (nom, date de naissance) : "
            "il ne peut pas être réimporté, car l'âge des membres ne pourrait pas être "
            "vérifié ; refaites l'export avec --include-private"
        )
    return ""


def _private_rules(
    rows: Sequence[tuple[int, MemberPrivate]], label: str, today: date
) -> list[RowError]:
    """The age rules of ``membres`` also bind the ``membres_prive`` table that overrides it."""
    errors: list[RowError] = []
    for line, private in rows:
        row = _Row(label, line, {"birth_date": private.birth_date.isoformat()}, {}, errors)
        _check_birth_date(row, private.birth_date, today)
    return errors


def _merged(existing: Dataset, extra: Dataset) -> Dataset:
    """A Dataset view holding the rows of both (used only for look-ups)."""
    return Dataset(**{name: [*rows, *getattr(extra, name)] for name, rows in existing.tables()})


def _reference_errors(
    dataset: Dataset,
    existing: Dataset,
    known_skill: KnownSkill,
    located: Mapping[str, tuple[str, list[tuple[int, object]]]],
    written_ids: Mapping[str, set[str]],
) -> list[RowError]:
    """Every reference must point at a row of this export or of the existing data.

    Ids written on faulty lines count as present: their own error is enough, without a
    cascade of "introuvable" on every line that refers to them.
    """
    ids: dict[str, set[str]] = {name: set(found) for name, found in written_ids.items()}
    for name, rows in _merged(existing, dataset).tables():
        if rows and hasattr(rows[0], "id"):
            ids.setdefault(name, set()).update(row.id for row in rows)
    errors = []
    for (table, name), target in REFERENCES.items():
        label, rows = located.get(table, ("", []))
        for line, row in rows:
            value = getattr(row, name)
            if value is None:
                continue
            values = value if isinstance(value, list) else [value]
            for item in values:
                known = known_skill(item) if target == "skill" else item in ids.get(target, set())
                if not known:
                    what = "compétence" if target == "skill" else TABLE_FILE_NAMES[target]
                    errors.append(
                        RowError(label, line, name, item, f"{_q(item)} introuvable ({what})")
                    )
    return errors


# =======================================================================================
# One call for the service layer


ImportKind = Literal["members", "requests", "all"]


def import_file(
    path: Path,
    kind: ImportKind,
    *,
    existing: Dataset,
    known_skill: KnownSkill,
    today: date,
) -> ImportResult:
    """Read and check a file of the given kind; save ``result.dataset`` only if ``result.ok``."""
    path = Path(path)
    if kind == "all":
        return parse_export(path, existing=existing, known_skill=known_skill, today=today)
    try:
        sheet = read_table_file(path, first_sheet_only=True)[0]
    except TableFileError as exc:
        return ImportResult(Dataset(), [_table_file_error(exc)], 0)
    parser = parse_members if kind == "members" else parse_requests
    return parser(
        sheet, existing=existing, known_skill=known_skill, today=today, file_name=path.name
    )
