"""`matcher simulate`: the French table, one JSON object with --json, one policy on demand."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from matcher.cli import main

SHORT = ["simulate", "--weeks", "3", "--members", "20", "--seed", "4"]


def test_the_table_compares_the_three_policies_in_french():
    result = CliRunner().invoke(main, SHORT)
    assert result.exit_code == 0, result.output
    for words in ("KPA Matcher", "Expert·es", "Au hasard", "Demandes pourvues", "Gini"):
        assert words in result.stdout
    assert "contraintes dures violées, 0 : 0 — atteint" in result.stdout


def test_json_prints_exactly_one_object_with_weekly_curves():
    result = CliRunner().invoke(main, [*SHORT, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["weeks"], data["members"], data["seed"]) == (3, 20, 4)
    assert set(data["policies"]) == {"ours", "experts", "random"}
    for row in data["policies"].values():
        assert row["violations"] == 0 and len(row["weekly"]) == 3
    assert {t["key"] for t in data["targets"]} == {
        "staffed",
        "members_gained",
        "gini",
        "violations",
    }


def test_one_policy_runs_alone_without_targets():
    result = CliRunner().invoke(main, [*SHORT, "--policy", "random", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data["policies"]) == ["random"] and data["targets"] == []


@pytest.mark.parametrize("args", [["--policy", "best"], ["--weeks", "0"]])
def test_bad_options_exit_2(args):
    assert CliRunner().invoke(main, ["simulate", *args]).exit_code == 2


@pytest.mark.slow
def test_default_run_keeps_every_team_lawful_and_staffs_as_much_as_experts():
    """The acceptance run (26 weeks, 60 members, seed 1): the targets the table reports."""
    result = CliRunner().invoke(main, ["simulate", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    met = {t["key"]: t["met"] for t in data["targets"]}
    assert met["violations"] and met["staffed"]
