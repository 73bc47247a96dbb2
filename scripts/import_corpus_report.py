"""Run the whole adversarial import corpus and print what really happened, in one table.

Usage, from the repository root::

    .venv/bin/python scripts/import_corpus_report.py [--random 200] [--seed 2026] [--skip-slow]

Every file goes through ``services.import_path`` on a temporary SQLite database holding the
demo cooperative (seed 1, 2026-11-28), exactly as in
``tests/integration/test_import_corpus.py``, whose helpers this script reuses:

* the committed corpus (``tests/data/import_corpus``): good files (imported, then imported
  a second time, which must be refused) and bad files, each on a fresh copy of the database;
* hostile files built on the fly (oversized, too many rows or columns, zip bombs, billion
  laughs, XXE), and, unless ``--skip-slow``, valid files that are costly to read (a 5 Kio
  workbook with a cell on row 1,048,576, 10 Mio of blank lines, a 10 Mio line);
* ``--random`` files mixing good rows and rows corrupted in one random way (seeded).

Every figure is computed from the runs: database snapshots before and after each import
(``repository.read_dataset``) and the lines named in the report. Nothing is assumed.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher import services  # noqa: E402


def _corpus_helpers() -> Any:
    path = ROOT / "tests" / "integration" / "test_import_corpus.py"
    spec = importlib.util.spec_from_file_location("import_corpus_helpers", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


T = _corpus_helpers()


@dataclass
class Run:
    """One import, judged."""

    category: str
    name: str
    expect_ok: bool
    ok: bool = False
    changed: bool = False
    rows_read: int = 0
    bad_expected: set[int] = field(default_factory=set)
    bad_named: set[int] = field(default_factory=set)
    stray: int = 0
    missing: int = 0
    rows_expected: int = 0
    rows_written: int = 0
    seconds: float = 0.0
    too_slow: bool = False
    message: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return max(0, self.rows_expected - self.rows_written) if self.ok and self.expect_ok else 0

    @property
    def partial(self) -> bool:
        return (not self.ok and self.changed) or (self.ok and 0 < self.lost < self.rows_expected)

    @property
    def wrongly_accepted(self) -> bool:
        return not self.expect_ok and (self.ok or self.changed)

    @property
    def wrongly_rejected(self) -> bool:
        return self.expect_ok and not self.ok

    @property
    def faulty(self) -> bool:
        return bool(
            self.too_slow
            or self.lost
            or self.partial
            or self.wrongly_accepted
            or self.wrongly_rejected
            or self.stray
            or self.missing
            or self.bad_expected - self.bad_named
        )


class Databases:
    """A demo database made once, copied for every run that needs a fresh one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "demo.sqlite3"
        database = services.open_db(f"sqlite:///{self.template}")
        T.load_demo(database)
        database.dispose()
        self.count = 0

    def fresh(self) -> Any:
        self.count += 1
        target = self.folder / f"run-{self.count}.sqlite3"
        shutil.copyfile(self.template, target)
        return services.open_db(f"sqlite:///{target}")


def _main_table(kind: str) -> str:
    return "members" if kind == "members" else "requests"


def _import(database: Any, kind: str, path: Path, run: Run) -> Any:
    before = T.snapshot(database)
    start = time.perf_counter()
    report = T.import_file(database, kind, path)
    run.seconds = time.perf_counter() - start
    after = T.snapshot(database)
    run.ok, run.rows_read, run.changed = report.ok, report.rows_read, after != before
    run.rows_written = len(T.added_rows(before, after)[_main_table(kind)])
    if T.nonzero(T.added_rows(after, before)):
        run.notes.append("lignes existantes modifiées ou supprimées")
    return report


def committed_runs(databases: Databases) -> list[Run]:
    runs = []
    for name in T.GOOD_FILES:
        spec = T.EXPECTED["good"][name]
        label = "membres" if spec["kind"] == "members" else "demandes"
        database = databases.fresh()
        first = Run(f"bons ({label})", name, expect_ok=True)
        first.rows_expected = spec["counts"].get(_main_table(spec["kind"]), 0)
        report = _import(database, spec["kind"], T.CORPUS / name, first)
        if not report.ok:
            first.notes.append(T.report_text(report)[:300])
        again = Run("ré-import des bons", name, expect_ok=False)
        report = _import(database, spec["kind"], T.CORPUS / name, again)
        if report.ok:
            again.notes.append(f"ré-import accepté : {again.rows_written} ligne(s) en double")
        database.dispose()
        runs += [first, again]
    for name in T.BAD_FILES:
        spec = T.EXPECTED["bad"][name]
        label = "membres" if spec["kind"] == "members" else "demandes"
        run = Run(f"mauvais ({label})", name, expect_ok=False)
        database = databases.fresh()
        report = _import(database, spec["kind"], T.CORPUS / name, run)
        database.dispose()
        expected = T.expected_errors(spec)
        missing, stray = T.check_errors(report.errors, expected)
        run.bad_expected = {e.line for e in expected if e.line is not None}
        run.bad_named = run.bad_expected & {error.line for error in report.errors}
        run.missing, run.stray = len(missing), len(stray)
        run.notes += [f"non signalée : {m}" for m in missing]
        run.notes += [f"signalée à tort : {s}" for s in stray]
        runs.append(run)
    return runs


def hostile_runs(databases: Databases, folder: Path, *, slow: bool) -> list[Run]:
    hostile = list(T.HOSTILE) + (list(T.SLOW_HOSTILE) if slow else [])
    runs = []
    database = databases.fresh()
    for item in hostile:
        category = "hostiles (à refuser)" if item.refused else "lourds mais valides"
        run = Run(category, item.name, expect_ok=not item.refused)
        work = folder / item.name
        work.mkdir()
        path = item.build(work)
        report = _import(database, "members", path, run)
        if item.refused:
            file_level = [e for e in report.errors if e.line is None and e.column is None]
            run.missing = int(not any(item.fragment in e.reason for e in file_level))
            run.stray = len(report.errors) - len(file_level)
        run.too_slow = run.seconds >= T.QUICK_SECONDS
        if run.too_slow:
            run.notes.append(f"{run.seconds:.1f} s pour un fichier de {_size(path)}")
        run.message = "\n".join(str(error) for error in report.errors)
        shutil.rmtree(work)
        runs.append(run)
    database.dispose()
    return runs


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.0f} Kio" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} Mio"


def random_runs(databases: Databases, folder: Path, count: int, seed: int) -> list[Run]:
    chooser = T.Chooser(random.Random(seed))
    database = databases.fresh()
    runs = []
    for _ in range(count):
        before = T.snapshot(database)
        mixed = T.make_mixed_members(chooser, T.MixContext.from_dataset(before, folder))
        outcome = T.judge_mixed(database, mixed, before)
        category = "aléatoires avec fautes" if mixed.bad_lines else "aléatoires sans faute"
        run = Run(category, mixed.path.name, expect_ok=not mixed.bad_lines)
        run.ok, run.changed, run.rows_read = outcome.written, outcome.changed, outcome.rows_read
        run.seconds = outcome.seconds
        run.bad_expected = set(mixed.bad_lines)
        run.bad_named = run.bad_expected & {line for line in outcome.named_lines if line}
        run.stray = len({line for line in outcome.named_lines} - run.bad_expected)
        run.rows_expected = 0 if mixed.bad_lines else len(mixed.rows)
        run.rows_written = outcome.new_members
        run.faults = mixed.faults  # type: ignore[attr-defined]
        if outcome.problems:
            run.notes += [*outcome.problems[:1], outcome.problems[-1][:400]]
        runs.append(run)
        mixed.path.unlink()
    database.dispose()
    return runs


CATEGORIES = (
    "bons (membres)",
    "bons (demandes)",
    "ré-import des bons",
    "mauvais (membres)",
    "mauvais (demandes)",
    "hostiles (à refuser)",
    "lourds mais valides",
    "aléatoires sans faute",
    "aléatoires avec fautes",
)
COLUMNS = (
    ("Catégorie", 24),
    ("fich.", 5),
    ("lignes lues", 11),
    ("fausses att.", 12),
    ("fausses sign.", 13),
    ("bonnes sign.", 12),
    ("err. manq.", 10),
    ("perdues", 7),
    ("partiels", 8),
    ("acc. à tort", 11),
    ("ref. à tort", 11),
    ("lents", 5),
    ("t max (s)", 9),
)
LEGEND = """\
fich. : fichiers ; lignes lues : lignes de données lues (rapport) ; fausses att. : lignes
fausses attendues ; fausses sign. : lignes fausses attendues que le rapport nomme ; bonnes
sign. : erreurs sur des lignes bonnes (ou de fichier inattendues) ; err. manq. : erreurs
attendues (ligne, colonne, raison) absentes du rapport ; perdues : lignes d'un import accepté
qui ne sont pas en base ; partiels : imports refusés qui ont pourtant modifié la base ; acc. à
tort / ref. à tort : fichiers acceptés alors qu'ils devaient être refusés, et inversement ;
lents : imports de plus de {seconds:.0f} s ; t max : import le plus long de la catégorie."""


def table(runs: list[Run]) -> str:
    groups: dict[str, list[Run]] = defaultdict(list)
    for run in sorted(runs, key=lambda r: CATEGORIES.index(r.category)):
        groups[run.category].append(run)
    lines = [
        " ".join(
            title.ljust(width) if i == 0 else title.rjust(width)
            for i, (title, width) in enumerate(COLUMNS)
        )
    ]
    lines.append(" ".join("-" * width for _, width in COLUMNS))
    total: list[Run] = []
    for category, members in [*groups.items(), ("TOTAL", runs)]:
        if category == "TOTAL":
            lines.append(" ".join("-" * width for _, width in COLUMNS))
        total = members
        cells = [
            category,
            len(total),
            sum(r.rows_read for r in total),
            sum(len(r.bad_expected) for r in total),
            sum(len(r.bad_named) for r in total),
            sum(r.stray for r in total),
            sum(r.missing for r in total),
            sum(r.lost for r in total),
            sum(r.partial for r in total),
            sum(r.wrongly_accepted for r in total),
            sum(r.wrongly_rejected for r in total),
            sum(r.too_slow for r in total),
            f"{max(r.seconds for r in total):.2f}",
        ]
        lines.append(
            " ".join(
                str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
                for i, (cell, (_, width)) in enumerate(zip(cells, COLUMNS, strict=True))
            )
        )
    return "\n".join(lines)


def fault_table(runs: list[Run]) -> str:
    """Per fault kind of the random files: corrupted lines, and how many the report named."""
    made: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for run in runs:
        for line, fault in getattr(run, "faults", {}).items():
            made[fault] += 1
            named[fault] += line in run.bad_named
    rows = [f"  {fault:<26} {made[fault]:>4} lignes, {named[fault]:>4} nommées" for fault in made]
    return "\n".join(sorted(rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--random", type=int, default=200, help="fichiers aléatoires (200)")
    parser.add_argument("--seed", type=int, default=2026, help="graine des fichiers aléatoires")
    parser.add_argument(
        "--skip-slow", action="store_true", help="sans les petits fichiers lents (~3 min)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kpa-corpus-") as tmp:
        folder = Path(tmp)
        databases = Databases(folder)
        runs = committed_runs(databases)
        runs += hostile_runs(databases, folder, slow=not args.skip_slow)
        runs += random_runs(databases, folder, args.random, args.seed)
    print(f"Corpus d'import adverse — {len(runs)} imports, aujourd'hui = {T.TODAY:%d/%m/%Y}")
    print()
    print(table(runs))
    print()
    print(LEGEND.format(seconds=T.QUICK_SECONDS))
    print()
    print(f"Fautes des fichiers aléatoires (graine {args.seed}) :")
    print(fault_table(runs))
    print()
    print("Refus des fichiers hostiles (message du rapport) :")
    for run in runs:
        if run.category == "hostiles (à refuser)":
            print(f"  {run.name:<24} {run.seconds:5.2f} s  {run.message}")
    faulty = [run for run in runs if run.faulty or run.notes]
    print()
    print(f"Écarts ({len(faulty)} fichier(s)) :" if faulty else "Écarts : aucun.")
    for run in faulty:
        print(f"- [{run.category}] {run.name}")
        for note in run.notes:
            print("    " + note.replace("\n", "\n    "))
    print()
    print(f"Durée totale : {time.perf_counter() - started:.0f} s")
    return 1 if any(run.faulty for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
