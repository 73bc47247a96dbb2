"""Reading and writing spreadsheet-like files safely (CSV, XLSX, JSON export).

Coordinators hand us whatever their tableur produced, so this module is defensive: it
checks sizes before reading, recognises files by their bytes, never evaluates a formula,
refuses zip bombs before openpyxl sees them and turns every cell into plain text. What a
cell *means* is :mod:`matcher.ingest`'s job; here a table is only text in rows.

Whole-file problems raise :class:`TableFileError` (French message). Cell problems that do
not prevent reading the rest (a formula) are collected in :attr:`Sheet.issues` so the
import report can name every faulty row at once.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DATA_ROWS = 20_000
MAX_COLUMNS = 100
#: Blank lines tolerated on top of the data rows: the last line read is
#: ``1 + MAX_DATA_ROWS + MAX_BLANK_LINES`` (see :func:`max_line_number`).
MAX_BLANK_LINES = 10_000
#: Zip-bomb guards for XLSX: total and per-entry inflated size, ratio and entry count.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 1_000
#: Below this inflated size an entry's ratio is not suspicious (tiny XML parts compress well).
_RATIO_FLOOR_BYTES = 1024 * 1024

_FORMULA_TRIGGERS = "=+-@\t"
_FORMULA_LIKE_TAIL = re.compile(r"[()!;=\"]")
_ESCAPED = re.compile(r"'+[=+\-@\t]")
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t]")
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A CSV is binary when its control characters are at least this many and this share (%).
_BINARY_MIN_CONTROLS = 10
_BINARY_PERCENT = 5

#: One CSV cell may not exceed this (ingest applies the finer per-column limits).
_CSV_FIELD_LIMIT = 1024 * 1024


@dataclass
class RowError:
    """One import problem, located as precisely as possible; ``str()`` is the report line."""

    file: str
    line: int | None
    column: str | None
    value: str
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column:
            where.append(f"« {self.column} »")
        return f"{', '.join(where)} : {self.reason}"


class TableFileError(ValueError):
    """The whole file is unusable; ``str()`` is a French sentence for the coordinator."""

    def __init__(self, where: str, reason: str, line: int | None = None) -> None:
        super().__init__(where, reason, line)
        self.where, self.reason, self.line = where, reason, line

    def __str__(self) -> str:
        return str(self.error)

    @property
    def error(self) -> RowError:
        """The refusal as a report line (no column: the whole file is concerned)."""
        return RowError(self.where, self.line, None, "", self.reason)


@dataclass(frozen=True)
class CellIssue:
    """A cell refused while reading (e.g. a formula); the rest of the file is still read."""

    line: int
    column: str
    value: str
    reason: str


@dataclass
class Sheet:
    """A table as text: ``rows`` are (spreadsheet line number, {header: cell})."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    issues: list[CellIssue] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Cells


def escape_cell(text: str) -> str:
    """Prefix ``'`` so a tableur shows ``=x`` as text instead of running it (bijective)."""
    return "'" + text if _NEEDS_ESCAPE.match(text) else text


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell`: drop one ``'`` before ``= + - @`` or tab."""
    return text[1:] if _ESCAPED.match(text) else text


def is_formula(text: str) -> bool:
    """True for ``=…`` and for ``+ - @`` cells that look like a formula, not a phone number."""
    if not text:
        return False
    if text[0] == "=":
        return True
    return text[0] in "+-@" and bool(_FORMULA_LIKE_TAIL.search(text, 1))


def value_to_text(value: object) -> str:
    """Canonical text of a typed cell value (XLSX cell, JSON value).

    Dates become ISO, integral floats become integers, booleans ``oui``/``non``, lists
    and objects compact JSON: the same text the CSV export writes for those values.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


# ---------------------------------------------------------------------------------------
# Reading


def read_table_file(
    path: Path,
    *,
    first_sheet_only: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    max_rows: int = MAX_DATA_ROWS,
) -> list[Sheet]:
    """Read a CSV or XLSX file into sheets of text, recognising the type by its bytes.

    The extension is not trusted either way: a workbook renamed ``.csv`` is read as a
    workbook and a CSV renamed ``.xlsx`` as a CSV.
    """
    path = Path(path)
    _checked_size(path, max_bytes)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, first_sheet_only=first_sheet_only, max_rows=max_rows)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableFileError(
            path.name,
            "format Excel 97-2003 (.xls) non pris en charge ; enregistrez-le en .xlsx ou en CSV",
        )
    try:
        return [_read_csv(path, max_rows=max_rows)]
    except TableFileError as exc:
        if path.suffix.lower() in _WORKBOOK_SUFFIXES and exc.line is None:
            why = exc.reason.split(" : ")[0].split(" ; ")[0]
            raise TableFileError(
                path.name, f"ce n'est ni un classeur Excel valide, ni un CSV lisible : {why}"
            ) from exc
        raise


_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def read_json_tables(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, max_rows: int = MAX_DATA_ROWS
) -> tuple[dict[str, object], list[Sheet]]:
    """Read an export JSON file: (its top-level object without tables, one Sheet per table)."""
    path = Path(path)
    _checked_size(path, max_bytes)
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:  # bad UTF-8, bad JSON, huge integer
        where = f" (ligne {exc.lineno}, colonne {exc.colno})" if hasattr(exc, "lineno") else ""
        raise TableFileError(path.name, f"ce n'est pas un JSON valide{where}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("tables"), dict):
        raise TableFileError(path.name, "objet JSON sans clé « tables »")
    meta = {k: v for k, v in document.items() if k != "tables"}
    sheets = [  # an empty list is an empty table: nothing to read, no header to demand
        _json_sheet(path.name, name, rows, max_rows)
        for name, rows in document["tables"].items()
        if rows != []
    ]
    return meta, sheets


def _checked_size(path: Path, max_bytes: int) -> int:
    """Refuse a missing, non-regular or oversized file before reading a byte of it."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise TableFileError(path.name, "fichier introuvable ou illisible") from exc
    if not path.is_file():
        raise TableFileError(path.name, "ce n'est pas un fichier")
    if stat.st_size > max_bytes:
        raise TableFileError(
            path.name, f"fichier trop gros ({_mib(stat.st_size)} ; au plus {_mib(max_bytes)})"
        )
    if stat.st_size == 0:
        raise TableFileError(path.name, "fichier vide")
    return stat.st_size


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} Mio".replace(".", ",")


def french_number(number: int) -> str:
    """``20000`` → ``20 000`` (thousands separated by a space, as French readers expect)."""
    return f"{number:,}".replace(",", " ")


def _too_many_rows(where: str, max_rows: int) -> TableFileError:
    return TableFileError(
        where, f"plus de {french_number(max_rows)} lignes de données ; découpez le fichier"
    )


def _too_many_lines(where: str, max_rows: int) -> TableFileError:
    return TableFileError(
        where,
        f"plus de {french_number(max_line_number(max_rows))} lignes en comptant les lignes vides "
        f"(au plus {french_number(max_rows)} lignes de données et "
        f"{french_number(MAX_BLANK_LINES)} lignes vides) ; supprimez les lignes vides en trop "
        "ou découpez le fichier",
    )


def max_line_number(max_rows: int = MAX_DATA_ROWS) -> int:
    """Last spreadsheet line that may be read: header, data rows and the blank-line margin."""
    return 1 + max_rows + MAX_BLANK_LINES


# --- CSV ---------------------------------------------------------------------------------


def decode_csv_bytes(data: bytes, file_name: str) -> str:
    """Decode UTF-8 (with or without BOM) or cp1252; refuse UTF-16 and binary content.

    Binary means a NUL byte, or control characters (other than tab and line ends) making
    more than 5 % of the text. A few stray control characters are left in the text: the
    cell that holds one becomes a row error (see :mod:`matcher.ingest`).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableFileError(
            file_name,
            "encodage UTF-16 (« Texte Unicode ») non pris en charge ; enregistrez en « CSV UTF-8 »",
        )
    if b"\x00" in data:
        raise TableFileError(file_name, "contenu binaire (octets nuls) : ce n'est pas un CSV")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(text) - len(_BINARY_CONTROL.sub("", text))
        if controls >= _BINARY_MIN_CONTROLS and controls * 100 > len(text) * _BINARY_PERCENT:
            raise TableFileError(
                file_name, "contenu binaire (caractères de contrôle) : ce n'est pas un CSV"
            )
        return text
    raise TableFileError(
        file_name, "encodage illisible ; enregistrez en « CSV UTF-8 » ou Windows-1252"
    )


def sniff_delimiter(text: str) -> str:
    """``;`` or ``,``: counted in the header line first (names never contain either)."""
    first_line = text[: text.find("\n")] if "\n" in text[:65536] else text[:65536]
    semicolons, commas = first_line.count(";"), first_line.count(",")
    if semicolons and not commas:
        return ";"
    if commas and not semicolons:
        return ","
    try:
        # A small sample: the sniffer is quadratic-ish and the first lines suffice.
        return csv.Sniffer().sniff(text[:4096], delimiters=";,").delimiter
    except csv.Error:
        return ";" if semicolons >= commas else ","


def _read_csv(path: Path, *, max_rows: int) -> Sheet:
    text = decode_csv_bytes(path.read_bytes(), path.name)
    return parse_csv_text(text, path.name, max_rows=max_rows)


def parse_csv_text(text: str, file_name: str, *, max_rows: int = MAX_DATA_ROWS) -> Sheet:
    """Split decoded CSV text into a :class:`Sheet`, flagging formula cells.

    Blank lines and empty cells at the very end of the text are dropped first (a C-speed
    ``rstrip``): a tableur that saves thousands of ``;;;;`` lines after the data, or a last
    line of empty cells, costs nothing. The csv reader is lazy, so a file with too many
    lines is refused as soon as the limit is passed, without reading the rest.
    """
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    delimiter = sniff_delimiter(text)
    text = text.rstrip("\r\n \t" + delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    return _build_sheet(file_name, _csv_records(reader, file_name), max_rows, file_name)


def _csv_records(reader: Iterator[list[str]], file_name: str) -> Iterator[list[str]]:
    """Yield raw records, translating the csv module's English errors into French."""
    line = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = (
                "cellule trop longue" if "field larger" in str(exc) else "guillemets mal placés"
            )
            raise TableFileError(file_name, reason, line + 1) from exc
        line += 1
        yield record


# --- XLSX --------------------------------------------------------------------------------


def check_xlsx_archive(path: Path) -> None:
    """Refuse an invalid zip or a zip bomb before any XML is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableFileError(path.name, "classeur endommagé (archive zip invalide)") from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise TableFileError(path.name, "classeur suspect (trop d'éléments dans l'archive)")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        suspicious_ratio = info.file_size > _RATIO_FLOOR_BYTES and ratio > MAX_COMPRESSION_RATIO
        if info.file_size > MAX_UNZIPPED_BYTES or total > MAX_UNZIPPED_BYTES or suspicious_ratio:
            raise TableFileError(
                path.name,
                f"classeur refusé : son contenu décompressé est anormalement "
                f"gros (« {info.filename[:60]} »)",
            )
    names = {info.filename for info in infos}
    if "content.xml" in names and "mimetype" in names:
        raise TableFileError(
            path.name,
            "format OpenDocument (.ods) non pris en charge ; enregistrez-le en .xlsx ou en CSV",
        )
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise TableFileError(path.name, "ce n'est pas un classeur Excel (.xlsx)")


def _read_xlsx(path: Path, *, first_sheet_only: bool, max_rows: int) -> list[Sheet]:
    import openpyxl  # local import: only XLSX users pay for it

    check_xlsx_archive(path)
    with path.open("rb") as handle:  # a handle, so a workbook renamed .csv still opens
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many types on malformed parts
            raise TableFileError(path.name, unreadable_workbook_reason(exc)) from exc
        return _xlsx_sheets(path, workbook, first_sheet_only=first_sheet_only, max_rows=max_rows)


def unreadable_workbook_reason(exc: BaseException) -> str:
    """A French reason for whatever openpyxl, zipfile or the XML parser raised."""
    from xml.etree.ElementTree import ParseError

    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or current.__context__
    kinds = {f"{type(e).__module__}.{type(e).__name__}" for e in chain}
    if any(kind.startswith("defusedxml.") for kind in kinds):
        return "classeur refusé : contenu XML dangereux (entités ou DTD interdites)"
    if any(isinstance(e, (zipfile.BadZipFile, zlib.error, EOFError)) for e in chain):
        return "classeur illisible : archive endommagée"
    if any(isinstance(e, ParseError) or "XMLSyntaxError" in type(e).__name__ for e in chain):
        return "classeur illisible : contenu XML invalide"
    if any(isinstance(e, KeyError) for e in chain):
        return "classeur illisible : un élément du classeur manque dans l'archive"
    return "classeur illisible : structure non reconnue ; réenregistrez-le depuis le tableur"


def _xlsx_sheets(
    path: Path, workbook: object, *, first_sheet_only: bool, max_rows: int
) -> list[Sheet]:
    try:
        worksheets = list(workbook.worksheets)  # type: ignore[attr-defined]
        if not worksheets:
            raise TableFileError(path.name, "le classeur n'a aucune feuille")
        if first_sheet_only:
            if worksheets[0].sheet_state != "visible":
                raise TableFileError(
                    path.name, f"la première feuille « {worksheets[0].title} » est masquée"
                )
            worksheets = worksheets[:1]
        return [_xlsx_sheet(path.name, ws, max_rows) for ws in worksheets]
    except TableFileError:
        raise
    except Exception as exc:
        raise TableFileError(path.name, unreadable_workbook_reason(exc)) from exc
    finally:
        workbook.close()  # type: ignore[attr-defined]


def _xlsx_sheet(file_name: str, worksheet: object, max_rows: int) -> Sheet:
    title = str(worksheet.title)  # type: ignore[attr-defined]
    return _build_sheet(
        title, _xlsx_records(worksheet), max_rows, f"{file_name}, feuille « {title} »"
    )


def _xlsx_records(worksheet: object) -> Iterator[Sequence[object]]:
    """The rows of a read-only sheet as lists of values; a blank row as ``()``.

    The declared dimension is dropped (a writer may claim a million rows that are not
    there: openpyxl would then invent them all), rows are cut after the widest header
    possible, and the runs of missing rows openpyxl fills in — one shared tuple of empty
    cells — are recognised by identity, so a far row costs one step per line until the
    line limit of :func:`_build_sheet` refuses the sheet.
    """
    from openpyxl.cell.read_only import EMPTY_CELL

    worksheet.reset_dimensions()  # type: ignore[attr-defined]
    blank: object = None
    for row in worksheet.iter_rows(max_col=MAX_COLUMNS + 1):  # type: ignore[attr-defined]
        if row is blank:
            yield ()
        elif all(cell is EMPTY_CELL for cell in row):
            blank = row
            yield ()
        else:
            yield [_xlsx_cell(cell) for cell in row]


class _Refused(str):
    """The text of an XLSX cell refused for what it is, not for its text (see ``reason``)."""

    reason = "formule refusée"


class _ErrorValue(_Refused):
    reason = "valeur d'erreur Excel refusée"


def _xlsx_cell(cell: object) -> object:
    value = getattr(cell, "value", None)
    kind = getattr(cell, "data_type", None)
    if kind == "f" or (isinstance(value, str) and value.startswith("=")):
        return _Refused(value)
    if kind == "e":
        return _ErrorValue(value)
    return value


# --- JSON --------------------------------------------------------------------------------


def _json_sheet(file_name: str, name: object, rows: object, max_rows: int) -> Sheet:
    where = f"{file_name}, table « {str(name)[:40]} »"
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise TableFileError(where, "une table doit être une liste d'objets")
    header: list[str] = []
    for row in rows:
        header.extend(str(key) for key in row if str(key) not in header)
    records: list[list[object]] = [list(header)]
    for row in rows:
        records.append([_json_cell(row.get(column)) for column in header])
    return _build_sheet(str(name), records, max_rows, where, escaped=False)


def _json_cell(value: object) -> object:
    """JSON values become canonical text; JSON has no formulas and no ``'`` escape."""
    return value_to_text(value)


# --- Shared ------------------------------------------------------------------------------


def _build_sheet(
    name: str,
    records: Iterable[Sequence[object]],
    max_rows: int,
    where: str,
    *,
    escaped: bool = True,
) -> Sheet:
    """Turn raw records (header first) into a Sheet, with blank rows skipped and counted.

    Records are read lazily and refused as soon as the line number passes
    :func:`max_line_number` (blank lines included) or the data rows pass ``max_rows``.
    Only the named columns are converted; for the cells to their right, only the first
    filled one is looked for (one issue per row).
    """
    iterator = iter(records)
    header_record = next(iterator, None)
    if header_record is None:
        raise TableFileError(where, "fichier vide (pas de ligne d'en-tête)")
    header = _header(header_record, where)
    sheet = Sheet(name=name, header=header)
    width = len(header)
    last_line = max_line_number(max_rows)
    for line, record in enumerate(iterator, start=2):
        if line > last_line:
            raise _too_many_lines(where, max_rows)
        if _blank_record(record):
            continue
        cells = [_cell_text(value) for value in record[:width]]
        extra = _first_filled(record, width)
        if extra is None and not any(text.strip() for text, _ in cells):
            continue
        if len(sheet.rows) >= max_rows:
            raise _too_many_rows(where, max_rows)
        sheet.rows.append((line, _row_dict(sheet, line, header, cells, escaped=escaped)))
        if extra is not None:
            position, text = extra
            sheet.issues.append(
                CellIssue(line, f"n° {position + 1}", text, "cellule hors des colonnes nommées")
            )
    return sheet


def _blank_record(record: Sequence[object]) -> bool:
    """Quick test for the common blank records: ``()``, or only empty texts / ``None``."""
    if not record:
        return True
    if isinstance(record, list):
        return _all_empty(record)
    return False


def _all_empty(values: list[object]) -> bool:
    """Only ``""`` and ``None`` (C-speed counts; CSV records have no ``None``)."""
    empty = values.count("")
    return empty == len(values) or empty + values.count(None) == len(values)


def _first_filled(record: Sequence[object], start: int) -> tuple[int, str] | None:
    """(position, text) of the first non-blank cell at or after ``start``, if any."""
    if len(record) <= start:
        return None
    tail = record[start:]
    if not isinstance(tail, list):
        tail = list(tail)
    if _all_empty(tail):  # C speed, even for 10⁷ cells
        return None
    for offset, value in enumerate(tail):
        text = _cell_text(value)[0].strip()
        if text:
            return start + offset, text
    return None


_HEADER_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _header(record: Sequence[object], where: str) -> list[str]:
    names = [
        _cell_text(value)[0].strip().lstrip("\ufeff").strip() for value in record[: MAX_COLUMNS + 1]
    ]
    if len(record) > MAX_COLUMNS + 1 and _first_filled(record, MAX_COLUMNS + 1) is not None:
        names.append("?")  # a named column far to the right: too many columns
    while names and not names[-1]:
        names.pop()
    if not names:
        raise TableFileError(where, "la ligne 1 doit contenir les noms de colonnes")
    if len(names) > MAX_COLUMNS:
        raise TableFileError(where, f"trop de colonnes (au plus {MAX_COLUMNS})")
    for position, column in enumerate(names, start=1):
        if not column:
            raise TableFileError(where, f"la colonne n° {position} n'a pas de nom en ligne 1")
        if column.startswith("="):
            raise TableFileError(where, f"formule refusée dans l'en-tête (colonne {position})")
        if bad := _HEADER_CONTROL.search(column.replace("\n", " ").replace("\t", " ")):
            raise TableFileError(
                where,
                f"caractère de contrôle interdit (U+{ord(bad.group()):04X}) dans le nom de "
                f"la colonne n° {position}",
            )
    return names


def _cell_text(value: object) -> tuple[str, str]:
    """(text, reason to refuse it or "") of one raw cell."""
    if isinstance(value, _Refused):
        return str(value), value.reason
    if isinstance(value, str):
        return value, ""
    return value_to_text(value), ""


def _row_dict(
    sheet: Sheet,
    line: int,
    header: list[str],
    cells: list[tuple[str, str]],
    *,
    escaped: bool,
) -> dict[str, str]:
    """The named cells of one row (short rows padded with ``""``), formulas flagged."""
    row: dict[str, str] = {}
    for column, (raw, refused) in zip(header, cells, strict=False):
        text = raw.strip()
        if escaped and (refused or is_formula(text)):
            sheet.issues.append(CellIssue(line, column, text, refused or "formule refusée"))
            text = ""
        elif escaped:
            text = unescape_cell(text)
        row[column] = text
    for column in header[len(cells) :]:
        row[column] = ""
    return row


# ---------------------------------------------------------------------------------------
# Writing


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    """Write UTF-8 with BOM, ``;`` and ``\\n`` so Excel opens it; formula-like cells escaped."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([escape_cell(column) for column in header])
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    _atomic_write(Path(path), ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return Path(path)


#: Fixed timestamps so the same data always gives the same XLSX bytes.
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = datetime(2000, 1, 1)
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def write_xlsx(
    path: Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[str]]]]
) -> Path:
    """Write one worksheet per (name, header, rows); every cell is text, escaped like CSV."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.created = _FIXED_DOC_TIME
    workbook.properties.creator = "KPA Matcher"
    for name, header, rows in sheets:
        worksheet = workbook.create_sheet(title=name)
        worksheet.append([_text_cell(worksheet, column) for column in header])
        for row in rows:
            worksheet.append([_text_cell(worksheet, cell) for cell in row])
    raw = io.BytesIO()
    workbook.save(raw)
    _atomic_write(Path(path), stable_zip(raw.getvalue()))
    return Path(path)


def _text_cell(worksheet: object, text: str) -> object:
    """A cell that is text whatever it looks like (``#N/A`` is not an error value here).

    Characters XML cannot carry (C0 controls) become U+FFFD rather than failing the export.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not text:
        return None
    cell = WriteOnlyCell(worksheet, ILLEGAL_CHARACTERS_RE.sub("\ufffd", escape_cell(text)))
    cell.data_type = "s"
    return cell


def stable_zip(
    data: bytes, *, document_date: bytes = b"2000-01-01T00:00:00Z", mode: int = 0o600
) -> bytes:
    """Rewrite an archive with fixed entry dates and fixed document dates (reproducible bytes)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + document_date + rb"\g<2>", content)
            stable = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = mode << 16
            target.writestr(stable, content)
    return out.getvalue()


def write_json(path: Path, document: object) -> Path:
    """Write stable, human-diffable UTF-8 JSON."""
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    _atomic_write(Path(path), text.encode("utf-8"))
    return Path(path)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write next to the target then rename, so a crash never leaves half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
