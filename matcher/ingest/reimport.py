"""An export read back (``all`` import): a CSV folder, an XLSX workbook or a JSON file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from matcher.domain import TABLE_TYPES, Dataset, MemberPrivate
from matcher.ingest.cells import normalize_key, quoted
from matcher.ingest.members import check_birth_date, parse_members
from matcher.ingest.requests import parse_requests
from matcher.ingest.result import ImportResult, all_or_nothing, file_error
from matcher.ingest.rows import Row
from matcher.ingest.skills import KnownSkill
from matcher.ingest.tables import (
    DETAIL_TABLES,
    HUMAN_TABLES,
    REFERENCES,
    TABLE_FILE_NAMES,
    TABLES_BY_FILE_NAME,
    parse_generic,
)
from matcher.tabular import (
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    RowError,
    Sheet,
    TableFileError,
    read_json_tables,
    read_table_file,
)

EXPORT_FORMAT = "kpa-matcher-export"
EXPORT_VERSION = 1


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
        return ImportResult(Dataset(), [table_file_error(exc)], 0)
    errors: list[RowError] = []
    tables: dict[str, tuple[str, Sheet]] = {}
    for label, sheet in sheets:
        table = TABLES_BY_FILE_NAME.get(sheet.name)
        if table is None:
            known = ", ".join(TABLE_FILE_NAMES.values())
            errors.append(file_error(label, sheet.name, f"table inconnue (tables : {known})"))
        elif table in tables:
            errors.append(file_error(label, sheet.name, "table présente deux fois"))
        else:
            tables[table] = (label, sheet)
    dataset, located, more = _parse_tables(tables, existing, known_skill, today)
    errors.extend(more)
    written_ids = {table: _written_ids(sheet) for table, (_, sheet) in tables.items()}
    errors.extend(_reference_errors(dataset, existing, known_skill, located, written_ids))
    rows_read = sum(len(sheet.rows) for _, sheet in tables.values())
    return all_or_nothing(dataset, errors, rows_read)


def table_file_error(exc: TableFileError) -> RowError:
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
            rows, more = parse_generic(sheet, table, label, existing)
            setattr(dataset, table, [row for _, row in rows])
            located[table] = (label, rows)
            errors.extend(more)
    context = _merged(existing, dataset)
    for table, parser in (("members", parse_members), ("requests", parse_requests)):
        if table in tables:
            label, sheet = tables[table]
            if table == "members" and (message := _missing_private(sheet)):
                errors.append(file_error(label, "", message))
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
        rows, more = parse_generic(sheet, table, label, existing)
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
        row = Row(label, line, {"birth_date": private.birth_date.isoformat()}, {}, errors)
        check_birth_date(row, private.birth_date, today)
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
                        RowError(label, line, name, item, f"{quoted(item)} introuvable ({what})")
                    )
    return errors
