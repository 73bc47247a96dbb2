"""Reading one row of a human file: typed getters that record errors, collectives, ids."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from matcher.domain import Dataset
from matcher.ingest.cells import ID_RE, BadCell, clean_text, normalize_key, parse_id, quoted, short
from matcher.ingest.columns import Column
from matcher.tabular import RowError, Sheet


class Row:
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
        except BadCell as bad:
            self.error(key, str(bad))
            return None

    def required(self, key: str, parse: Callable[[str], object] = str) -> object:
        if not self.cells.get(key, "") and key in self.cells:
            self.error(key, "valeur obligatoire manquante")
            return None
        return self.get(key, parse)


def data_rows(
    sheet: Sheet,
    columns: Sequence[Column],
    found: Mapping[str, Column],
    file_name: str,
    errors: list[RowError],
) -> Iterable[Row]:
    """Yield a :class:`Row` per data row, after the generic text checks and read issues."""
    labels = {c.key: c.label for c in columns}
    by_line: dict[int, list] = {}
    for issue in sheet.issues:
        by_line.setdefault(issue.line, []).append(issue)
    for line, raw_cells in sheet.rows:
        cells: dict[str, str] = {}
        row = Row(file_name, line, cells, labels, errors)
        poisoned = set()
        for issue in by_line.get(line, []):
            column = found.get(issue.column)
            label = column.label if column else issue.column
            errors.append(RowError(file_name, line, label, issue.value, issue_reason(issue)))
            row.failed = True
            poisoned.add(issue.column)
        for header, column in found.items():
            if header in poisoned:
                continue
            try:
                cells[column.key] = clean_text(
                    raw_cells.get(header, ""), multiline=column.multiline, max_len=column.max_len
                )
            except BadCell as bad:
                row.error(column.key, str(bad), raw_cells.get(header, ""))
        yield row


def issue_reason(issue: object) -> str:
    reason = str(getattr(issue, "reason", ""))
    value = str(getattr(issue, "value", ""))
    if reason == "formule refusée":
        return (
            f"formule refusée ({short(value)}) : remplacez-la par sa valeur, "
            "ou commencez la cellule par une apostrophe '"
        )
    return f"{reason} ({short(value)})"


class Collectives:
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
            raise BadCell(f"nom de collectif {quoted(text)} ambigu : utilisez l'identifiant")
        raise BadCell(f"collectif inconnu {quoted(text)}")


class Ids:
    """Ids of one kind: explicit ones checked for reuse, blanks generated as ``prefix-N``."""

    def __init__(self, prefix: str, existing: Iterable[str], explicit: Iterable[str]) -> None:
        self.prefix = prefix
        self.existing = set(existing)
        self.first_line: dict[str, int] = {}
        numbers = [
            int(m.group(1))
            for ident in [*self.existing, *explicit]
            if (m := re.fullmatch(rf"{re.escape(prefix)}([0-9]{{1,18}})", ident))
        ]
        self.next_number = max(numbers, default=0) + 1

    def take(self, row: Row, what: str) -> str | None:
        ident = row.get("id", parse_id)
        if not row.raw("id"):
            ident = f"{self.prefix}{self.next_number}"
            self.next_number += 1
        elif ident is None:
            return None
        assert isinstance(ident, str)
        if ident in self.existing:
            row.error("id", f"identifiant {quoted(ident)} déjà utilisé par {what}")
            return None
        if ident in self.first_line:
            row.error(
                "id",
                f"identifiant {quoted(ident)} déjà utilisé à la ligne {self.first_line[ident]}",
            )
            return None
        self.first_line[ident] = row.line
        return ident


def explicit_ids(sheet: Sheet, columns: Sequence[Column]) -> list[str]:
    """Valid ids typed in the file, so generated ids never collide with a later line."""
    keys = {normalize_key(c.label) for c in columns if c.key == "id"} | {"id"}
    headers = [h for h in sheet.header if normalize_key(h) in keys]
    values = (cells.get(header, "").strip() for _, cells in sheet.rows for header in headers)
    return [value for value in values if ID_RE.fullmatch(value)]
