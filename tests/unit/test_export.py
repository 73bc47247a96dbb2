"""Exports: stable bytes, no secrets, formula-safe cells, and a faithful round trip."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from factories import TODAY, known_skill, make_full_dataset

from matcher.domain import Dataset
from matcher.export import export_tables, sorted_dataset, write_export
from matcher.ingest import TABLE_FILE_NAMES, parse_export
from matcher.tabular import read_table_file

FORMATS = {"csv": "export", "xlsx": "export.xlsx", "json": "export.json"}


def export(tmp_path: Path, fmt: str, include_private: bool = True, name: str = "") -> Path:
    path = tmp_path / (name or FORMATS[fmt])
    write_export(make_full_dataset(), path, fmt, include_private)  # type: ignore[arg-type]
    return path


def reimport(path: Path, existing: Dataset | None = None):
    return parse_export(path, existing=existing or Dataset(), known_skill=known_skill, today=TODAY)


def all_bytes(path: Path) -> bytes:
    """Every byte a reader could see: files of a folder, or the inflated parts of a zip."""
    if path.is_dir():
        return b"".join(p.read_bytes() for p in sorted(path.iterdir()))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return path.read_bytes()


# --- Round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_then_import_gives_back_the_same_dataset(tmp_path, fmt):
    result = reimport(export(tmp_path, fmt))
    assert result.ok, result.report()
    expected = sorted_dataset(make_full_dataset())
    expected.users = [dataclasses.replace(u, password_hash="") for u in expected.users]
    assert sorted_dataset(result.dataset) == expected
    assert result.rows_read > 30


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exporting_twice_gives_identical_bytes(tmp_path, fmt):
    first = all_bytes(export(tmp_path, fmt, name=f"a-{FORMATS[fmt]}"))
    second = all_bytes(export(tmp_path, fmt, name=f"b-{FORMATS[fmt]}"))
    assert first == second
    if fmt != "csv":
        path_a = tmp_path / f"a-{FORMATS[fmt]}"
        path_b = tmp_path / f"b-{FORMATS[fmt]}"
        assert path_a.read_bytes() == path_b.read_bytes()


def test_csv_export_writes_one_file_per_table_with_french_names(tmp_path):
    folder = export(tmp_path, "csv")
    assert sorted(p.stem for p in folder.iterdir()) == sorted(TABLE_FILE_NAMES.values())
    header = (folder / "membres.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("identifiant;collectif;nom affiché;nom;date de naissance;")


def test_rows_are_sorted_naturally_by_id(tmp_path):
    lines = (export(tmp_path, "csv") / "membres.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";")[0] for line in lines[1:]] == ["m-1", "m-2", "m-10"]


def test_json_export_has_the_documented_envelope(tmp_path):
    document = json.loads(export(tmp_path, "json").read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("kpa-matcher-export", 1)
    assert list(document["tables"]) == list(TABLE_FILE_NAMES.values())
    assert document["tables"]["collectifs"][1]["licences"] == ["garde_moins_3_ans"]
    assert document["tables"]["propositions"][0]["score_breakdown"] == {
        "skills": 0.5,
        "fairness": 0.375,
    }


# --- Secrets and private data -------------------------------------------------------------


@pytest.mark.parametrize("include_private", [True, False])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_password_hashes_never_leave(tmp_path, fmt, include_private):
    data = all_bytes(export(tmp_path, fmt, include_private))
    assert b"argon2" not in data and b"password_hash" not in data


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_without_include_private_no_private_fact_is_written(tmp_path, fmt):
    data = all_bytes(export(tmp_path, fmt, include_private=False))
    for secret in ("Benali", "14/05/2008", "2008-05-14", "AP-7", "date de naissance"):
        assert secret.encode() not in data
    tables = export_tables(make_full_dataset(), include_private=False)
    assert "membres_prive" not in [t.name for t in tables]


def test_private_export_cannot_be_reimported_without_private_data(tmp_path):
    result = reimport(export(tmp_path, "json", include_private=False))
    assert not result.ok and result.dataset == Dataset()
    assert any("--include-private" in error.reason for error in result.errors)


def test_reexport_without_private_removes_the_stale_private_file(tmp_path):
    folder = export(tmp_path, "csv", include_private=True)
    (folder / "notes.txt").write_text("à garder", encoding="utf-8")
    assert (folder / "membres_prive.csv").exists()
    written = write_export(make_full_dataset(), folder, "csv", include_private=False)
    assert not (folder / "membres_prive.csv").exists()
    assert (folder / "notes.txt").exists()
    assert folder / "membres_prive.csv" not in written


# --- Formula escaping -------------------------------------------------------------------


def test_csv_cells_that_look_like_formulas_are_escaped_and_restored(tmp_path):
    folder = export(tmp_path, "csv")
    text = (folder / "membres.csv").read_text(encoding="utf-8-sig")
    assert ";'=Yanis;" in text and ";'+Sam (x);" in text
    assert "'-Mme Dupont" in (folder / "demandes.csv").read_text(encoding="utf-8-sig")
    members = {m.id: m for m in reimport(folder).dataset.members}
    assert (members["m-2"].display_name, members["m-10"].display_name) == ("=Yanis", "+Sam (x)")


def test_xlsx_export_has_no_formula_cell(tmp_path):
    workbook = openpyxl.load_workbook(export(tmp_path, "xlsx"))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert cells and all(c.data_type == "s" or c.value is None for c in cells)
    assert "'=Yanis" in [c.value for c in cells]
    assert [ws.title for ws in workbook.worksheets] == list(TABLE_FILE_NAMES.values())


# --- Re-import checks ---------------------------------------------------------------------


def _edit_csv(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8-sig")


def test_a_reference_to_an_unknown_row_is_a_row_error(tmp_path):
    folder = export(tmp_path, "csv")
    _edit_csv(folder, "missions", "mi-1;r-1;", "mi-1;r-404;")
    result = reimport(folder)
    assert [(e.file, e.line, e.column, e.value) for e in result.errors] == [
        ("missions.csv", 2, "request_id", "r-404")
    ]
    assert result.dataset == Dataset()


def test_bad_generic_values_are_row_errors_with_field_names(tmp_path):
    folder = export(tmp_path, "csv")
    _edit_csv(folder, "heures", "2026-12-12;09:00;15:00", "2026-12-12;15:00;09:00")
    _edit_csv(folder, "competences_membres", "m-1;cuisine;3;", "m-1;cuisine;9;")
    _edit_csv(folder, "utilisateurs", "u-2;ines;member", "u-2;ines;pirate")
    result = reimport(folder)
    assert sorted((e.file, e.line, e.column) for e in result.errors) == [
        ("competences_membres.csv", 3, "level"),
        ("heures.csv", 2, "end"),
        ("utilisateurs.csv", 3, "role"),
    ]


def test_detail_tables_override_the_compact_columns(tmp_path):
    folder = export(tmp_path, "csv")
    _edit_csv(folder, "membres", "couture:0|cuisine:3", "n'importe quoi")
    result = reimport(folder)
    assert result.ok, result.report()
    assert len(result.dataset.member_skills) == 3
    evidence = {(s.member_id, s.skill_id): s.evidence for s in result.dataset.member_skills}
    assert evidence[("m-1", "cuisine")] == "coordinator"


def test_unknown_table_and_existing_ids_are_reported(tmp_path):
    folder = export(tmp_path, "csv")
    (folder / "divers.csv").write_text("a\n1\n", encoding="utf-8")
    result = reimport(folder, existing=make_full_dataset())
    reasons = [str(e) for e in result.errors]
    assert any(r.startswith("divers.csv : table inconnue") for r in reasons)
    assert any(
        "membres.csv, ligne 2, « identifiant »" in r and "déjà utilisé" in r for r in reasons
    )
    assert any(r.startswith("reseaux.csv, ligne 2, « id »") for r in reasons)


def test_reimport_checks_ages_in_the_private_table_too(tmp_path):
    folder = export(tmp_path, "csv")
    _edit_csv(folder, "membres_prive", "2008-05-14", "2015-05-14")
    result = reimport(folder)
    assert [(e.file, e.column) for e in result.errors] == [("membres_prive.csv", "birth_date")]
    assert "il faut avoir au moins 16 ans" in result.errors[0].reason


def test_json_that_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "autre.json"
    path.write_text('{"format": "autre", "tables": {}}', encoding="utf-8")
    result = reimport(path)
    assert [e.reason for e in result.errors] == [
        "ce n'est pas un export KPA Matcher (format kpa-matcher-export v1)"
    ]


def test_exported_member_file_is_itself_a_valid_members_import(tmp_path):
    folder = export(tmp_path, "csv")
    [sheet] = read_table_file(folder / "membres.csv")
    assert sheet.issues == []
    assert len(sheet.rows) == 3


def test_absurd_generic_values_are_row_errors_not_crashes(tmp_path):
    folder = export(tmp_path, "csv")
    _edit_csv(folder, "propositions", ";2026-W48;1;", ";2026-W48;" + "9" * 5000 + ";")
    _edit_csv(folder, "calculs", '"{""seed"":7,', '"{""seed"":1' + "0" * 5000 + ",")
    result = reimport(folder)
    assert sorted((e.file, e.column) for e in result.errors) == [
        ("calculs.csv", "parameters"),
        ("propositions.csv", "rank"),
    ]


def test_a_faulty_member_does_not_cascade_into_reference_errors(tmp_path):
    folder = export(tmp_path, "csv")
    _edit_csv(
        folder,
        "membres",
        "m-1;kpa-roubaix;Inès B.;Inès Benali;14/05/2008",
        "m-1;kpa-roubaix;Inès B.;Inès Benali;31/02/2008",
    )
    result = reimport(folder)
    assert [str(e) for e in result.errors] == [
        "membres.csv, ligne 2, « date de naissance » : 31/02/2008 n'est pas une date"
    ]


def test_wish_priority_has_the_same_range_in_an_export_as_in_a_members_file(tmp_path):
    """1 to 5, as in the ``souhaits`` column (docs §2): an export cannot smuggle in 6."""
    folder = export(tmp_path, "csv")
    _edit_csv(folder, "souhaits", "m-2;video;2", "m-2;video;6")
    result = reimport(folder)
    assert [(e.file, e.line, e.column, e.reason) for e in result.errors] == [
        ("souhaits.csv", 3, "priority", "6 doit être un entier de 1 à 5")
    ]
    _edit_csv(folder, "souhaits", "m-2;video;6", "m-2;video;5")
    assert reimport(folder).ok


def test_an_export_may_hold_requests_alike_but_for_their_id(tmp_path):
    """In an ``all`` import the ids are the key: two requests may share client, title and
    sessions (the duplicate rule of docs §3 is for ``demandes`` files)."""
    data = make_full_dataset()
    twin = dataclasses.replace(data.requests[0], id="r-3")
    data.requests.append(twin)
    data.request_sessions += [
        dataclasses.replace(s, request_id="r-3")
        for s in data.request_sessions
        if s.request_id == "r-1"
    ]
    path = tmp_path / "export.json"
    write_export(data, path, "json", True)
    result = reimport(path)
    assert result.ok, result.report()
    assert len(result.dataset.requests) == 3
