"""`matcher solve ...`: one JSON object on stdout, exit 0; a malformed file exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main

BUFFET = Path(__file__).parents[1] / "data" / "instances" / "buffet.json"


@pytest.mark.parametrize("kind", ["team", "mentors", "exchanges"])
def test_each_solver_prints_exactly_one_json_object(kind):
    result = CliRunner().invoke(main, ["solve", kind, str(BUFFET)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert isinstance(answer, dict) and answer["kind"] in {kind, "exchanges", "mentors"}


def test_the_buffet_gets_a_team_with_a_referent_and_reasons():
    answer = json.loads(CliRunner().invoke(main, ["solve", "team", str(BUFFET)]).stdout)
    assert answer["feasible"] is True
    best = answer["teams"][0]
    roles = [member["role"] for member in best["members"]]
    assert roles.count("referent") == 1
    assert all(member["reasons"] for member in best["members"])
    assert best["break_minutes"] == 30  # a 6-hour session includes the break


def test_mentors_for_the_wish_require_approval_for_a_minor():
    answer = json.loads(CliRunner().invoke(main, ["solve", "mentors", str(BUFFET)]).stdout)
    assert answer["mentors"][0]["id"] == "m02"
    assert answer["mentors"][0]["requires_approval"] is True
    assert answer["mentors"][0]["place"] == "kpa_or_public"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "Instance invalide"),
        ('{"members": [{"id": "m1", "birth_date": "2009-02-31", "skills": {}, '
         '"availability": []}]}', "n'est pas une date"),
        ('{"members": []}', "request"),
    ],
)
def test_a_malformed_instance_exits_2_with_a_french_message_and_no_stdout(
    tmp_path, content, fragment
):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["solve", "team", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert fragment in result.stderr


def test_a_missing_file_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["solve", "team", str(tmp_path / "absent.json")])
    assert result.exit_code == 2 and result.stdout == ""
