"""Spreadsheet rows → domain objects, with one precise French error per faulty cell.

Imports are all-or-nothing: every row of every sheet is checked and *all* errors are
returned; when there is any, :class:`ImportResult` carries an empty :class:`Dataset` so a
caller cannot save half a file by mistake. The package is pure (no database, no printing):
the taxonomy arrives as ``known_skill`` and the current data as ``existing``.

Two layouts are understood (see docs/import-format.md):

* the human files ``membres`` and ``demandes``: French headers, compact cells such as
  ``cuisine:3|couture:2`` or ``sam 08:00-18:00``;
* the generic tables of an export: headers are dataclass field names and each value is
  parsed from the field's type hint, by one codec per type.

One module per idea:

* :mod:`.cells` — parsing and formatting of one cell value (dates, times, numbers, yes/no,
  vocabularies, lists, ids, team sizes) and the text rules every cell obeys;
* :mod:`.skills` — skill ids, levels and the items of ``compétences requises``;
* :mod:`.columns` — the columns of ``membres`` and ``demandes`` and the header mapping;
* :mod:`.rows` — reading one human row (typed getters that record errors), collectives, ids;
* :mod:`.members`, :mod:`.requests` — the two human files;
* :mod:`.tables` — the generic tables of an export, one codec per field type;
* :mod:`.reimport` — an export (folder, workbook or JSON) read back;
* :mod:`.result` — :class:`ImportResult`, its report, all-or-nothing;
* this module — :func:`import_file`, the one call of the service layer, and the public API.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from matcher.domain import Dataset
from matcher.ingest.cells import (
    format_date_fr,
    format_decimal_fr,
    format_interval,
    format_number,
    format_time,
    format_weekday_fr,
    loose_key,
    normalize_key,
    parse_absence_item,
    parse_availability_item,
    parse_bool,
    parse_date,
    parse_float,
    parse_int,
    parse_interval,
    parse_language,
    parse_session_item,
    parse_team_size,
    parse_time,
    parse_vocab,
    parse_weekday,
    split_list,
)
from matcher.ingest.columns import (
    MAX_PASSION_LEN,
    MAX_PERSON_HOURS,
    MAX_WISH_PRIORITY,
    MEMBER_COLUMNS,
    MIN_WISH_PRIORITY,
    REQUEST_COLUMNS,
    Column,
)
from matcher.ingest.members import parse_members
from matcher.ingest.reimport import EXPORT_FORMAT, EXPORT_VERSION, parse_export, table_file_error
from matcher.ingest.requests import RequestKey, parse_requests, request_key
from matcher.ingest.result import ImportResult, plural
from matcher.ingest.skills import KnownSkill, SkillNeed, format_need, parse_need, skill_parser
from matcher.ingest.tables import (
    DETAIL_TABLES,
    HUMAN_TABLES,
    RANGES,
    REFERENCES,
    SECRET_FIELDS,
    TABLE_FILE_NAMES,
    TABLES_BY_FILE_NAME,
    UNIQUE_KEYS,
    VOCABULARY_FIELDS,
    FieldCodec,
    field_codecs,
    parse_typed,
)
from matcher.tabular import RowError, TableFileError, read_table_file

__all__ = [
    "DETAIL_TABLES",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "HUMAN_TABLES",
    "MAX_PASSION_LEN",
    "MAX_PERSON_HOURS",
    "MAX_WISH_PRIORITY",
    "MEMBER_COLUMNS",
    "MIN_WISH_PRIORITY",
    "RANGES",
    "REFERENCES",
    "REQUEST_COLUMNS",
    "SECRET_FIELDS",
    "TABLES_BY_FILE_NAME",
    "TABLE_FILE_NAMES",
    "UNIQUE_KEYS",
    "VOCABULARY_FIELDS",
    "Column",
    "FieldCodec",
    "ImportKind",
    "ImportResult",
    "KnownSkill",
    "RequestKey",
    "RowError",
    "SkillNeed",
    "field_codecs",
    "format_date_fr",
    "format_decimal_fr",
    "format_interval",
    "format_need",
    "format_number",
    "format_time",
    "format_weekday_fr",
    "import_file",
    "loose_key",
    "normalize_key",
    "parse_absence_item",
    "parse_availability_item",
    "parse_bool",
    "parse_date",
    "parse_export",
    "parse_float",
    "parse_int",
    "parse_interval",
    "parse_language",
    "parse_members",
    "parse_need",
    "parse_requests",
    "parse_session_item",
    "parse_team_size",
    "parse_time",
    "parse_typed",
    "parse_vocab",
    "parse_weekday",
    "plural",
    "request_key",
    "skill_parser",
    "split_list",
]


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
        return ImportResult(Dataset(), [table_file_error(exc)], 0)
    parser = parse_members if kind == "members" else parse_requests
    return parser(
        sheet, existing=existing, known_skill=known_skill, today=today, file_name=path.name
    )
