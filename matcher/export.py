"""Dataset → files a coordinator can open, and :func:`matcher.ingest.parse_export` can reread.

Every table is written from the same description (:func:`export_tables`): the human
``membres`` / ``demandes`` layouts of docs/import-format.md, and one generic table per
other Dataset field whose header is the dataclass field names. Rows are sorted so the
same Dataset always gives byte-identical files. Secrets never leave: ``password_hash``
is not a column, and private member facts need ``include_private``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal

from matcher.domain import TABLE_TYPES, Dataset, Member, MemberPrivate, ServiceRequest
from matcher.ingest import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    HUMAN_TABLES,
    MEMBER_COLUMNS,
    REQUEST_COLUMNS,
    SECRET_FIELDS,
    TABLE_FILE_NAMES,
    format_date_fr,
    format_decimal_fr,
    format_interval,
    format_need,
    format_number,
    format_weekday_fr,
)
from matcher.tabular import value_to_text, write_csv, write_json, write_xlsx

ExportFormat = Literal["csv", "xlsx", "json"]


@dataclass
class ExportTable:
    """One table as written: its file/sheet name, its columns and its typed cells."""

    name: str
    columns: list[str]
    rows: list[list[object]]

    def text_rows(self) -> list[list[str]]:
        return [[value_to_text(cell) for cell in row] for row in self.rows]

    def json_rows(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, map(_json_value, row), strict=True)) for row in self.rows]


def write_export(
    dataset: Dataset, path: Path, fmt: ExportFormat, include_private: bool
) -> list[Path]:
    """Write ``dataset`` as a CSV folder, an XLSX workbook or a JSON file; return the files."""
    path = Path(path)
    tables = export_tables(dataset, include_private=include_private)
    if fmt == "csv":
        return _write_csv_folder(path, tables)
    if fmt == "xlsx":
        sheets = [(t.name, t.columns, t.text_rows()) for t in tables]
        return [write_xlsx(path, sheets)]
    if fmt == "json":
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "tables": {t.name: t.json_rows() for t in tables},
        }
        return [write_json(path, document)]
    raise ValueError(f"unknown export format {fmt!r}")


def _write_csv_folder(folder: Path, tables: Sequence[ExportTable]) -> list[Path]:
    """One file per table; stale table files of an earlier export are removed (privacy)."""
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} existe et n'est pas un dossier")
    folder.mkdir(parents=True, exist_ok=True)
    written = [write_csv(folder / f"{t.name}.csv", t.columns, t.text_rows()) for t in tables]
    for name in TABLE_FILE_NAMES.values():
        stale = folder / f"{name}.csv"
        if stale not in written and stale.exists():
            stale.unlink()
    return written


def export_tables(dataset: Dataset, *, include_private: bool) -> list[ExportTable]:
    """Every table in Dataset order, rows sorted; private parts only when asked."""
    tables = []
    for table, rows in dataset.tables():
        if table == "member_private" and not include_private:
            continue
        name = TABLE_FILE_NAMES[table]
        if table == "members":
            tables.append(_members_table(dataset, include_private))
        elif table == "requests":
            tables.append(_requests_table(dataset))
        elif table not in HUMAN_TABLES:
            tables.append(_generic_table(name, table, rows))
    return tables


# --- Sorting ------------------------------------------------------------------------------


def _natural(text: str) -> tuple:
    """``m-2`` before ``m-10``: digits compare as numbers, the raw text breaks ties."""
    parts = re.split(r"(\d+)", text)
    return (tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), text)


def row_sort_key(row: object) -> tuple:
    """Sort key of any domain row: its field values as text, in field order."""
    names = [f.name for f in dataclasses.fields(row)]  # type: ignore[arg-type]
    return tuple(_natural(value_to_text(getattr(row, name))) for name in names)


def sorted_rows(rows: Iterable[object]) -> list:
    return sorted(rows, key=row_sort_key)


def sorted_dataset(dataset: Dataset) -> Dataset:
    """The same data with every table in export order (for comparisons)."""
    return Dataset(**{name: sorted_rows(rows) for name, rows in dataset.tables()})


# --- Generic tables ---------------------------------------------------------------------


def _generic_table(name: str, table: str, rows: Sequence[object]) -> ExportTable:
    secret = SECRET_FIELDS.get(table, frozenset())
    fields = [f.name for f in dataclasses.fields(TABLE_TYPES[table]) if f.name not in secret]
    return ExportTable(
        name, fields, [[getattr(row, f) for f in fields] for row in sorted_rows(rows)]
    )


def _json_value(value: object) -> object:
    """JSON-native value: dates and times as ISO text, the rest as is."""
    if isinstance(value, (date, datetime, time)):
        return value_to_text(value)
    return value


# --- Human tables -----------------------------------------------------------------------


def _grouped(rows: Iterable[object], key: str) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for row in sorted_rows(rows):
        groups[getattr(row, key)].append(row)
    return groups


def _joined(items: Iterable[str]) -> str:
    return "|".join(items)


def _members_table(dataset: Dataset, include_private: bool) -> ExportTable:
    columns = [c for c in MEMBER_COLUMNS if include_private or not c.private]
    private = {p.member_id: p for p in dataset.member_private}
    skills = _grouped(dataset.member_skills, "member_id")
    wishes = _grouped(dataset.learning_wishes, "member_id")
    passions = _grouped(dataset.passions, "member_id")
    slots = _grouped(dataset.availabilities, "member_id")
    absences = _grouped(dataset.unavailabilities, "member_id")

    def cells(member: Member) -> dict[str, str]:
        facts = private.get(member.id)
        return {
            **_member_cells(member),
            **(_private_cells(facts) if facts else {}),
            "skills": _joined(f"{s.skill_id}:{s.level}" for s in skills[member.id]),
            "wishes": _joined(
                w.skill_id if w.priority == 1 else f"{w.skill_id}:{w.priority}"
                for w in wishes[member.id]
            ),
            "passions": _joined(p.text for p in passions[member.id]),
            "availability": _joined(
                f"{format_weekday_fr(a.weekday)} {format_interval(a.start, a.end)}"
                for a in slots[member.id]
            ),
            "unavailability": _joined(
                format_date_fr(u.date)
                + (f" {format_interval(u.start, u.end)}" if u.start and u.end else "")
                for u in absences[member.id]
            ),
        }

    return _human_table("members", columns, sorted_rows(dataset.members), cells)


def _member_cells(member: Member) -> dict[str, str]:
    return {
        "id": member.id,
        "collective": member.collective_id,
        "display_name": member.display_name,
        "status": member.status,
        "contract_start": format_date_fr(member.contract_start),
        "contract_end": format_date_fr(member.contract_end),
        "home_zone": member.home_zone,
        "mobility": member.mobility,
        "max_travel_minutes": format_number(member.max_travel_minutes),
        "languages": _joined(member.languages),
        "desired_hours_min": format_decimal_fr(member.desired_hours_min),
        "desired_hours_max": format_decimal_fr(member.desired_hours_max),
        "accommodations": _joined(member.accommodations),
        "visibility": member.visibility,
        "joined_on": format_date_fr(member.joined_on),
        "left_on": format_date_fr(member.left_on),
    }


def _private_cells(private: MemberPrivate) -> dict[str, str]:
    return {
        "legal_name": private.legal_name,
        "birth_date": format_date_fr(private.birth_date),
        "contact": private.contact,
        "parental_authorisation_date": format_date_fr(private.parental_authorisation_date),
        "parental_authorisation_ref": private.parental_authorisation_ref,
        "honorability_date": format_date_fr(private.honorability_date),
    }


def _requests_table(dataset: Dataset) -> ExportTable:
    sessions = _grouped(dataset.request_sessions, "request_id")
    needs = _grouped(dataset.required_skills, "request_id")

    def cells(request: ServiceRequest) -> dict[str, str]:
        low, high = request.team_size_min, request.team_size_max
        return {
            "id": request.id,
            "collective": request.collective_id,
            "client": request.client,
            "title": request.title,
            "description": request.description,
            "zone": request.zone,
            "sessions": _joined(
                f"{format_date_fr(s.date)} {format_interval(s.start, s.end)}"
                for s in sessions[request.id]
            ),
            "required_skills": _joined(format_need(n) for n in needs[request.id]),
            "team_size": str(low) if low == high else f"{low}-{high}",
            "learning_slots": str(request.learning_slots),
            "hazards": _joined(request.hazards),
            "licence_required": request.licence_required or "",
            "private_home": "oui" if request.private_home else "non",
            "estimated_person_hours": format_decimal_fr(request.estimated_person_hours),
            "status": request.status,
            "created_on": format_date_fr(request.created_on),
        }

    return _human_table("requests", list(REQUEST_COLUMNS), sorted_rows(dataset.requests), cells)


def _human_table(
    table: str, columns: Sequence, rows: Sequence, cells: Callable[[object], dict[str, str]]
) -> ExportTable:
    """Lay out a human table: French headers, one text cell per column."""
    body = []
    for row in rows:
        values = cells(row)
        body.append([values.get(column.key, "") for column in columns])
    return ExportTable(TABLE_FILE_NAMES[table], [c.label for c in columns], body)
