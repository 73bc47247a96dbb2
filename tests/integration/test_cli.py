"""End to end through the `matcher` command line, on a real database."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from matcher.cli import main
from matcher.storage.tables import MemberRow

pytestmark = pytest.mark.db

TODAY = "2026-11-28"


@pytest.fixture
def run(database, database_url):
    """Invoke `matcher ARGS...` against the test database; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(main, list(args), env={"DATABASE_URL": database_url})
        if ok:
            assert result.exit_code == 0, result.output + repr(result.exception)
        return result

    return invoke


def _member_count(database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count()).select_from(MemberRow))


def _same_tree(left: Path, right: Path) -> bool:
    names = sorted(p.name for p in left.iterdir())
    if names != sorted(p.name for p in right.iterdir()):
        return False
    _match, mismatch, errors = filecmp.cmpfiles(left, right, names, shallow=False)
    return not mismatch and not errors


def test_demo_loads_a_cooperative_and_prints_demo_logins(run, database):
    result = run("demo", "--seed", "2", "--today", TODAY)
    assert "Démo chargée" in result.output
    assert "coordo-alma" in result.output
    assert _member_count(database) == 60


def test_demo_refuses_a_non_empty_database_unless_replace(run, database):
    run("demo", "--today", TODAY)
    refused = run("demo", "--today", TODAY, ok=False)
    assert refused.exit_code == 1
    assert "--replace" in refused.output
    run("demo", "--today", TODAY, "--replace", "--members", "30")
    assert _member_count(database) == 30
    assert "non rechargée" in run("demo", "--if-empty").output


def test_same_seed_and_day_give_an_identical_export(run, tmp_path):
    run("demo", "--seed", "7", "--today", TODAY)
    run("export", str(tmp_path / "a"), "--include-private")
    run("demo", "--seed", "7", "--today", TODAY, "--replace")
    run("export", str(tmp_path / "b"), "--include-private")
    assert _same_tree(tmp_path / "a", tmp_path / "b")
    run("demo", "--seed", "8", "--today", TODAY, "--replace")
    run("export", str(tmp_path / "c"), "--include-private")
    assert not _same_tree(tmp_path / "a", tmp_path / "c")


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_then_import_all_into_an_empty_database_gives_the_same_data(
    run, new_database_url, tmp_path, fmt
):
    run("demo", "--seed", "4", "--today", TODAY)
    first = tmp_path / ("first" if fmt == "csv" else f"first.{fmt}")
    run("export", str(first), "--format", fmt, "--include-private")
    run("export", str(tmp_path / "before"), "--include-private")

    env = {"DATABASE_URL": new_database_url()}
    runner = CliRunner()
    imported = runner.invoke(main, ["import", "all", str(first)], env=env)
    assert imported.exit_code == 0, imported.output
    exported = runner.invoke(
        main, ["export", str(tmp_path / "after"), "--include-private"], env=env
    )
    assert exported.exit_code == 0, exported.output
    assert _same_tree(tmp_path / "before", tmp_path / "after")


def test_export_without_private_fields_never_holds_legal_names_or_secrets(run, database, tmp_path):
    from matcher.storage import repository

    run("demo", "--today", TODAY)
    run("export", str(tmp_path / "out.json"), "--format", "json")
    text = (tmp_path / "out.json").read_text(encoding="utf-8")
    with database.transaction() as session:
        private = repository.read_table(session, "member_private")
        users = repository.read_table(session, "users")
    assert private and all(row.legal_name not in text for row in private)
    assert "birth_date" not in text and "date de naissance" not in text
    assert all(user.password_hash for user in users)
    assert "$argon2" not in text and "password_hash" not in text


def test_an_import_with_a_bad_row_names_it_and_changes_nothing(run, database, tmp_path):
    run("demo", "--today", TODAY)
    before = _member_count(database)
    bad = tmp_path / "membres.csv"
    bad.write_text(
        "collectif;nom affiché;nom;date de naissance;compétences\n"
        "kpa-alma;Inès K.;Inès Kaci;14/03/2004;cuisine:3|couture:2\n"
        "kpa-alma;Tom R.;Tom Roussel;31/02/2009;cuisine:2\n",
        encoding="utf-8",
    )
    result = run("import", "members", str(bad), ok=False)
    assert result.exit_code == 1
    assert "ligne 3" in result.output and "date de naissance" in result.output
    assert _member_count(database) == before
    good = tmp_path / "ok.csv"
    good.write_text(bad.read_text(encoding="utf-8").replace("31/02/2009", "28/02/2009"))
    assert "Vérification réussie" in run("import", "members", str(good), "--dry-run").output
    assert _member_count(database) == before
    run("import", "members", str(good))
    assert _member_count(database) == before + 2
