"""The outcome of an import: a dataset to save only when there is no error, and its report."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.domain import Dataset
from matcher.tabular import RowError


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
            read = plural(self.rows_read, "ligne lue", "lignes lues")
            return f"Import possible : {read}, aucune erreur."
        lines = {(e.file, e.line) for e in self.errors if e.line is not None}
        where = f" sur {plural(len(lines), 'ligne')}" if lines else ""
        summary = (
            f"Import refusé : {plural(len(self.errors), 'erreur')}{where}. Rien n'a été enregistré."
        )
        return "\n".join([summary, *(str(error) for error in self.errors)])


def plural(count: int, singular: str, several: str | None = None) -> str:
    """``1 erreur``, ``0 erreur``, ``2 erreurs``: French plural from 2 on."""
    return f"{count} {singular if count < 2 else several or singular + 's'}"


def file_error(file_name: str, value: str, reason: str) -> RowError:
    return RowError(file_name, None, None, value, reason)


def all_or_nothing(dataset: Dataset, errors: list[RowError], rows_read: int) -> ImportResult:
    """All or nothing: a result with errors never carries data."""
    return ImportResult(dataset if not errors else Dataset(), errors, rows_read)
