"""Reading and writing tables safely: encodings, delimiters, formulas, zip bombs, limits."""

from __future__ import annotations

import io
import re
import time as clock
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.tabular import (
    MAX_BLANK_LINES,
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    TableFileError,
    escape_cell,
    is_formula,
    read_json_tables,
    read_table_file,
    unescape_cell,
    write_csv,
    write_xlsx,
)

CSV_TEXT = "nom;ville\nInès;Roubaix\nZoé;Lille\n"


def _write(tmp_path, data: bytes, name: str = "membres.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rows(sheet):
    return [(line, dict(cells)) for line, cells in sheet.rows]


# --- Encodings and delimiters -----------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        CSV_TEXT.encode("utf-8"),
        CSV_TEXT.encode("utf-8-sig"),
        CSV_TEXT.encode("cp1252"),
        CSV_TEXT.replace(";", ",").encode("utf-8"),
        CSV_TEXT.replace(";", ",").replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "comma", "comma-crlf-cp1252"],
)
def test_csv_in_every_accepted_encoding_and_delimiter_reads_the_same(tmp_path, data):
    [sheet] = read_table_file(_write(tmp_path, data))
    assert sheet.header == ["nom", "ville"]
    assert _rows(sheet) == [
        (2, {"nom": "Inès", "ville": "Roubaix"}),
        (3, {"nom": "Zoé", "ville": "Lille"}),
    ]
    assert sheet.issues == []


def test_delimiter_found_by_sniffing_when_the_header_has_both(tmp_path):
    text = 'a;"b,c"\n1;2\n3;4\n'
    [sheet] = read_table_file(_write(tmp_path, text.encode()))
    assert sheet.header == ["a", "b,c"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (CSV_TEXT.encode("utf-16"), "UTF-16"),
        (b"nom;ville\nIn\x00s;Roubaix\n", "octets nuls"),
        (b"nom;ville\n\x81\x8d\x8f;x\n", "encodage illisible"),
        (b"nom;ville\n" + b"\x07\x08\x1b\x01;x\n" * 5, "caractères de contrôle"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        (b"", "fichier vide"),
    ],
    ids=["utf16", "nul", "undecodable", "mostly-control", "xls", "empty"],
)
def test_unreadable_csv_is_refused_with_a_french_reason(tmp_path, data, fragment):
    with pytest.raises(TableFileError) as caught:
        read_table_file(_write(tmp_path, data))
    assert fragment in str(caught.value)
    assert str(caught.value).startswith("membres.csv")


@pytest.mark.parametrize("byte", [b"\x07", b"\x1b", b"\x0c", b"\x7f"])
def test_a_stray_control_character_is_left_in_its_cell_for_ingest_to_refuse(tmp_path, byte):
    """Not a binary file: the cell keeps it, and ingest names the line and column."""
    data = b"nom;ville\nIn" + byte + b"s;Roubaix\nZo\xc3\xa9;Lille\n"
    [sheet] = read_table_file(_write(tmp_path, data))
    assert sheet.rows[0] == (2, {"nom": "In" + byte.decode() + "s", "ville": "Roubaix"})
    assert sheet.issues == []


def test_a_control_character_in_a_column_name_is_a_file_error(tmp_path):
    with pytest.raises(TableFileError, match="U\\+0007"):
        read_table_file(_write(tmp_path, b"n\x07om;ville\nA;B\n"))


def test_unclosed_quote_is_a_file_error_with_its_line(tmp_path):
    with pytest.raises(TableFileError) as caught:
        read_table_file(_write(tmp_path, b'nom;ville\nok;ok\n"Ines;Roubaix\n'))
    assert caught.value.line == 3


# --- Line numbers --------------------------------------------------------------------------


def test_line_numbers_are_those_a_spreadsheet_shows(tmp_path):
    text = 'nom;note\nA;"deux\nlignes"\n;\n\nB;x\n'
    [sheet] = read_table_file(_write(tmp_path, text.encode()))
    assert [line for line, _ in sheet.rows] == [2, 5]
    assert sheet.rows[0][1]["note"] == "deux\nlignes"


def test_short_rows_are_padded_and_extra_cells_reported(tmp_path):
    [sheet] = read_table_file(_write(tmp_path, b"a;b\n1\n1;2;3\n1;2;; ;x;y\n1;2;;;\n"))
    assert sheet.rows[0] == (2, {"a": "1", "b": ""})
    # One issue per row, naming the first filled cell on the right; empty ones are ignored.
    assert [(i.line, i.column, i.value) for i in sheet.issues] == [
        (3, "n° 3", "3"),
        (4, "n° 5", "x"),
    ]
    assert [line for line, _ in sheet.rows] == [2, 3, 4, 5]


def test_a_row_filled_far_to_the_right_of_an_xlsx_header_is_reported(tmp_path):
    def build(workbook):
        workbook.active.append(["a", "b"])
        workbook.active.cell(row=2, column=1, value="1")
        workbook.active.cell(row=2, column=40, value="loin")

    [sheet] = read_table_file(_workbook(tmp_path, build))
    assert [(i.line, i.column, i.value) for i in sheet.issues] == [(2, "n° 40", "loin")]


# --- Formulas and escaping -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "formula"),
    [
        ("=1+1", True),
        ('=HYPERLINK("http://x")', True),
        ("+cmd|' /C calc'!A0", True),
        ("-2+3;", True),
        ("@SUM(A1)", True),
        ("+33 6 12 34 56 78", False),
        ("-3", False),
        ("@home", False),
        ("'=1+1", False),
        ("Inès", False),
        ("", False),
    ],
)
def test_formula_detection_spares_phone_numbers(cell, formula):
    assert is_formula(cell) is formula


def test_formula_cells_become_row_issues_and_escaped_cells_are_unescaped(tmp_path):
    text = "nom;contact\n=1+1;+33 6 12 34 56 78\n'=ok;'+33\n"
    [sheet] = read_table_file(_write(tmp_path, text.encode()))
    assert [(i.line, i.column, i.reason) for i in sheet.issues] == [(2, "nom", "formule refusée")]
    assert sheet.rows[0][1] == {"nom": "", "contact": "+33 6 12 34 56 78"}
    assert sheet.rows[1][1] == {"nom": "=ok", "contact": "+33"}


@given(st.text(alphabet="'=+-@\tab ", max_size=8))
def test_escape_is_undone_by_unescape(text):
    assert unescape_cell(escape_cell(text)) == text
    assert not is_formula(escape_cell(text)) or escape_cell(text) == text


# --- Limits ------------------------------------------------------------------------------


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "membres.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(TableFileError, match="fichier trop gros"):
        read_table_file(path)


def test_too_many_rows_is_a_file_error(tmp_path):
    path = _write(tmp_path, b"a\n" + b"x\n" * 6)
    assert len(read_table_file(path, max_rows=6)[0].rows) == 6
    path = _write(tmp_path, b"a\n" + b"x\n" * 7)
    with pytest.raises(TableFileError, match="plus de 6 lignes"):
        read_table_file(path, max_rows=6)


def test_default_row_limit_is_twenty_thousand(tmp_path):
    path = _write(tmp_path, b"a\n" + b"x\n" * 20_001)
    with pytest.raises(TableFileError, match="plus de 20 000 lignes de données"):
        read_table_file(path)


#: "Quickly" for a small hostile file: generous for CI, far below what naive reading took
#: (79 s for the far row, 11-23 s for the blank lines, 9-14 s for the wide line).
QUICK = 2.0
MIB = 1024 * 1024


def _timed_read(path, **options):
    started = clock.perf_counter()
    try:
        return read_table_file(path, **options), clock.perf_counter() - started
    except TableFileError as refusal:
        return refusal, clock.perf_counter() - started


def test_line_limit_counts_blank_lines_but_not_the_trailing_ones(tmp_path):
    last = 1 + MAX_DATA_ROWS + MAX_BLANK_LINES
    assert last == 30_001
    at_limit = _write(tmp_path, b"a\nx\n" + b"\n" * (last - 3) + b"y\n" + b";\n" * 50_000)
    [sheet] = read_table_file(at_limit)
    assert [line for line, _ in sheet.rows] == [2, last]
    beyond = _write(tmp_path, b"a\nx\n" + b"\n" * (last - 2) + b"y\n", "loin.csv")
    with pytest.raises(TableFileError, match="plus de 30 001 lignes en comptant les lignes vides"):
        read_table_file(beyond)


def test_ten_mib_of_trailing_blank_lines_is_read_quickly(tmp_path):
    path = _write(tmp_path, b"a;b\n1;2\n" + b"\r\n" * (5 * MIB - 10))
    [sheet], seconds = _timed_read(path)
    assert sheet.rows == [(2, {"a": "1", "b": "2"})]
    assert seconds < QUICK


def test_blank_lines_between_rows_are_refused_quickly_past_the_line_limit(tmp_path):
    path = _write(tmp_path, b"a;b\n1;2\n" + b";\n" * (5 * MIB - 10) + b"3;4\n")
    refusal, seconds = _timed_read(path)
    assert isinstance(refusal, TableFileError) and refusal.line is None
    assert "lignes vides" in refusal.reason
    assert seconds < QUICK


@pytest.mark.parametrize("last_line", [b"", b"\n5;6\n"], ids=["last", "middle"])
def test_a_line_of_ten_million_separators_is_read_quickly(tmp_path, last_line):
    path = _write(tmp_path, b"a;b\n1;2" + b";" * (10 * MIB - 100) + last_line)
    [sheet], seconds = _timed_read(path)
    assert sheet.rows[0] == (2, {"a": "1", "b": "2"})
    assert sheet.issues == []
    assert seconds < QUICK


def test_a_line_of_a_million_filled_cells_gives_one_issue_quickly(tmp_path):
    path = _write(tmp_path, b"a;b\n1;2" + b"; x" * MIB + b"\n5;6\n")
    [sheet], seconds = _timed_read(path)
    assert [(i.line, i.column, i.value) for i in sheet.issues] == [(2, "n° 3", "x")]
    assert len(sheet.rows) == 2
    assert seconds < QUICK


@pytest.mark.parametrize("row", [30_002, 1_048_576])
def test_small_workbook_with_a_far_row_is_refused_quickly(tmp_path, row):
    def build(workbook):
        workbook.active.append(["a", "b"])
        workbook.active.append(["1", "2"])
        workbook.active.cell(row=row, column=1, value="loin")

    path = _workbook(tmp_path, build)
    assert path.stat().st_size < 10_000
    refusal, seconds = _timed_read(path)
    assert isinstance(refusal, TableFileError), refusal
    assert "plus de 30 001 lignes en comptant les lignes vides" in refusal.reason
    assert seconds < QUICK


def test_workbook_row_on_the_last_allowed_line_is_read(tmp_path):
    def build(workbook):
        workbook.active.append(["a"])
        workbook.active.cell(row=30_001, column=1, value="loin")

    [sheet], seconds = _timed_read(_workbook(tmp_path, build))
    assert sheet.rows == [(30_001, {"a": "loin"})]
    assert seconds < QUICK


def test_workbook_declaring_a_huge_dimension_is_read_by_its_real_rows(tmp_path):
    """A writer may declare A1:E1048576 for three rows: the rows are what counts."""
    path = _workbook(tmp_path, lambda wb: wb.active.append(["a"]) or wb.active.append(["1"]))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace(b'ref="A1:A2"', b'ref="A1:E1048576"')
    assert parts["xl/worksheets/sheet1.xml"] != sheet_xml
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    [sheet], seconds = _timed_read(path)
    assert sheet.rows == [(2, {"a": "1"})]
    assert seconds < QUICK


# --- XLSX --------------------------------------------------------------------------------


def _workbook(tmp_path, build, name="membres.xlsx"):
    workbook = openpyxl.Workbook()
    build(workbook)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_xlsx_first_sheet_values_become_canonical_text(tmp_path):
    def build(workbook):
        sheet = workbook.active
        sheet.title = "membres"
        sheet.append(["nom", "naissance", "niveau", "heures", "rdv", "actif"])
        sheet.append(["Inès", date(2009, 5, 14), 3.0, 12.5, datetime(2026, 1, 2, 9, 30), True])
        sheet.append([])
        sheet.append(["Zoé", datetime(2008, 1, 1), 2, None, None, False])
        workbook.create_sheet("autre").append(["x"])

    [sheet] = read_table_file(_workbook(tmp_path, build), first_sheet_only=True)
    assert sheet.name == "membres"
    assert _rows(sheet) == [
        (2, {"nom": "Inès", "naissance": "2009-05-14", "niveau": "3", "heures": "12.5",
             "rdv": "2026-01-02T09:30:00", "actif": "oui"}),
        (4, {"nom": "Zoé", "naissance": "2008-01-01", "niveau": "2", "heures": "", "rdv": "",
             "actif": "non"}),
    ]  # fmt: skip


def test_xlsx_formulas_are_never_evaluated_but_reported(tmp_path):
    def build(workbook):
        sheet = workbook.active
        sheet.append(["nom", "niveau"])
        sheet.append(["Inès", "=1+2"])
        sheet.append(["'=texte", 1])

    [sheet] = read_table_file(_workbook(tmp_path, build))
    assert [(i.line, i.column, i.reason) for i in sheet.issues] == [
        (2, "niveau", "formule refusée")
    ]
    assert sheet.rows[1][1]["nom"] == "=texte"


def test_xlsx_all_sheets_are_read_by_name(tmp_path):
    def build(workbook):
        workbook.active.title = "reseaux"
        workbook.active.append(["id", "name"])
        workbook.active.append(["kpa-cite", "KPA-Cité"])
        workbook.create_sheet("collectifs").append(["id"])

    sheets = read_table_file(_workbook(tmp_path, build, "export.xlsx"))
    assert [s.name for s in sheets] == ["reseaux", "collectifs"]


def test_hidden_first_sheet_is_refused(tmp_path):
    def build(workbook):
        workbook.active.sheet_state = "hidden"
        workbook.create_sheet("visible").append(["a"])

    with pytest.raises(TableFileError, match="masquée"):
        read_table_file(_workbook(tmp_path, build), first_sheet_only=True)


def test_xlsx_renamed_as_csv_is_still_read_as_a_workbook(tmp_path):
    path = _workbook(tmp_path, lambda wb: wb.active.append(["nom"]))
    renamed = path.rename(tmp_path / "membres.csv")
    assert read_table_file(renamed)[0].header == ["nom"]


def test_csv_renamed_as_xlsx_is_read_as_a_csv(tmp_path):
    [sheet] = read_table_file(_write(tmp_path, CSV_TEXT.encode("cp1252"), "membres.xlsx"))
    assert _rows(sheet)[0] == (2, {"nom": "Inès", "ville": "Roubaix"})


def test_garbage_named_xlsx_is_refused_as_neither_workbook_nor_csv(tmp_path):
    with pytest.raises(TableFileError) as caught:
        read_table_file(_write(tmp_path, b"\x00\x01garbage" * 10, "membres.xlsx"))
    assert "ni un classeur Excel valide, ni un CSV lisible" in caught.value.reason


def _zip(tmp_path, entries, name="bombe.xlsx"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return path


def test_zip_bomb_is_refused_quickly_before_openpyxl(tmp_path):
    huge = b"<row/>" * (30 * 1024 * 1024 // 6)  # 30 MiB that deflates to ~30 KiB
    path = _zip(
        tmp_path,
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": huge,
        },
    )
    assert path.stat().st_size < 1024 * 1024
    started = clock.perf_counter()
    with pytest.raises(TableFileError, match="anormalement gros"):
        read_table_file(path)
    assert clock.perf_counter() - started < 1.0


def test_zip_whose_directory_declares_a_huge_entry_is_refused(tmp_path):
    path = _zip(
        tmp_path,
        {"[Content_Types].xml": b"", "xl/workbook.xml": b"", "xl/worksheets/sheet1.xml": b"x"},
    )
    data = bytearray(path.read_bytes())
    header = data.rfind(b"PK\x01\x02")  # central directory record of the last entry
    data[header + 24 : header + 28] = (150 * 1024 * 1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(TableFileError, match="anormalement gros"):
        read_table_file(path)


def _broken_workbook(tmp_path, part, content):
    """A valid small workbook with one part replaced (or removed when ``content`` is None)."""
    path = _workbook(tmp_path, lambda wb: wb.active.append(["nom"]))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    if content is None:
        del parts[part]
    else:
        parts[part] = content
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


_ENTITY = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><sst>&e;</sst>'


@pytest.mark.parametrize(
    ("part", "content", "reason"),
    [
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row", "contenu XML invalide"),
        ("xl/sharedStrings.xml", _ENTITY, "contenu XML dangereux (entités ou DTD interdites)"),
        ("xl/workbook.xml", b"<workbook>", "contenu XML invalide"),
        ("xl/_rels/workbook.xml.rels", None, "classeur illisible : "),
    ],
    ids=["sheet", "entities", "workbook", "missing-rels"],
)
def test_unreadable_workbooks_are_refused_with_a_french_reason(tmp_path, part, content, reason):
    path = _broken_workbook(tmp_path, part, content)
    if part == "xl/sharedStrings.xml":  # declared, so that openpyxl reads it
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        with zipfile.ZipFile(path, "w") as target:
            for name, data in parts.items():
                target.writestr(name, data)
    with pytest.raises(TableFileError) as caught:
        read_table_file(path)
    assert reason in caught.value.reason
    assert not re.search(r"[A-Z][a-z]+(Error|Exception|File|Forbidden)", caught.value.reason)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"PK\x03\x04 not really a zip", "archive zip invalide"),
        (None, "pas un classeur Excel"),
    ],
)
def test_invalid_workbooks_are_refused(tmp_path, data, fragment):
    if data is None:
        path = _zip(tmp_path, {"hello.txt": b"hi"}, "membres.xlsx")
    else:
        path = _write(tmp_path, data, "membres.xlsx")
    with pytest.raises(TableFileError, match=fragment):
        read_table_file(path)


# --- JSON --------------------------------------------------------------------------------


def test_json_tables_become_text_sheets(tmp_path):
    path = _write(
        tmp_path,
        b'{"format": "x", "tables": {"t": [{"a": 1.0, "b": null, "c": ["x"], "d": true}]}}',
        "export.json",
    )
    meta, [sheet] = read_json_tables(path)
    assert meta == {"format": "x"}
    assert sheet.rows == [(2, {"a": "1", "b": "", "c": '["x"]', "d": "oui"})]


@pytest.mark.parametrize("data", [b"{", b"[]", b'{"tables": {"t": [1]}}', b"[" * 100_000])
def test_malformed_json_is_a_file_error(tmp_path, data):
    with pytest.raises(TableFileError):
        read_json_tables(_write(tmp_path, data, "export.json"))


# --- Writers -----------------------------------------------------------------------------


def test_write_csv_is_excel_friendly_and_escapes_formulas(tmp_path):
    path = write_csv(tmp_path / "t.csv", ["nom", "note"], [["=1+1", "a;b"], ["-x", "ok"]])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert data.decode("utf-8-sig") == "nom;note\n'=1+1;\"a;b\"\n'-x;ok\n"
    [sheet] = read_table_file(path)
    assert [cells for _, cells in sheet.rows] == [
        {"nom": "=1+1", "note": "a;b"},
        {"nom": "-x", "note": "ok"},
    ]
    assert sheet.issues == []


def test_write_xlsx_writes_text_cells_that_no_tableur_runs(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [("feuille", ["nom"], [["=1+1"], ["@x"]])])
    workbook = openpyxl.load_workbook(path)
    cells = [cell for row in workbook["feuille"].iter_rows() for cell in row]
    assert [c.value for c in cells] == ["nom", "'=1+1", "'@x"]
    assert all(c.data_type == "s" for c in cells)
    [sheet] = read_table_file(path)
    assert [cells["nom"] for _, cells in sheet.rows] == ["=1+1", "@x"]


def test_write_xlsx_is_byte_stable(tmp_path):
    sheets = [("a", ["x"], [["1"]])]
    first = write_xlsx(tmp_path / "1.xlsx", sheets).read_bytes()
    clock.sleep(1.1)
    assert write_xlsx(tmp_path / "2.xlsx", sheets).read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_xlsx_error_values_are_refused_like_formulas(tmp_path):
    def build(workbook):
        workbook.active.append(["nom", "niveau"])
        workbook.active.append(["Inès", "#DIV/0!"])

    [sheet] = read_table_file(_workbook(tmp_path, build))
    assert [(i.line, i.column, i.reason) for i in sheet.issues] == [
        (2, "niveau", "valeur d'erreur Excel refusée")
    ]


def test_json_with_an_absurdly_long_integer_is_a_file_error(tmp_path):
    path = _write(tmp_path, b'{"tables": {"t": [{"a": 1' + b"0" * 5000 + b"}]}}", "e.json")
    with pytest.raises(TableFileError, match="JSON valide"):
        read_json_tables(path)


def test_write_xlsx_keeps_error_like_and_control_texts_as_text(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [("a", ["x", "y"], [["#N/A", "a\x01b"]])])
    [sheet] = read_table_file(path)
    assert sheet.rows == [(2, {"x": "#N/A", "y": "a\ufffdb"})]
    assert sheet.issues == []
