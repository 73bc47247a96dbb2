"""Reading and writing tables safely: encodings, delimiters, formulas, zip bombs, limits."""

from __future__ import annotations

import io
import time as clock
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.tabular import (
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
        (b"nom;ville\n\x07\x08;x\n", "caractères de contrôle"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        (b"", "fichier vide"),
    ],
    ids=["utf16", "nul", "undecodable", "control", "xls", "empty"],
)
def test_unreadable_csv_is_refused_with_a_french_reason(tmp_path, data, fragment):
    with pytest.raises(TableFileError) as caught:
        read_table_file(_write(tmp_path, data))
    assert fragment in str(caught.value)
    assert str(caught.value).startswith("membres.csv")


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
    [sheet] = read_table_file(_write(tmp_path, b"a;b\n1\n1;2;3\n"))
    assert sheet.rows[0] == (2, {"a": "1", "b": ""})
    assert [(i.line, i.column) for i in sheet.issues] == [(3, "n° 3")]


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
    with pytest.raises(TableFileError, match="plus de 20000 lignes"):
        read_table_file(path)


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
