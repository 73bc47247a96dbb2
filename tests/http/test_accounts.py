"""Accounts (matcher.accounts) and their command line: policy, logins, codes, tokens, TOTP."""

from __future__ import annotations

import pyotp
import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from matcher import accounts
from matcher.accounts import AccountError
from matcher.cli import main
from matcher.storage.tables import UserRow

pytestmark = pytest.mark.db

PHRASE = "la fanfare joue sous la pluie"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("court", "too_short"),
        ("onze-caract", "too_short"),
        ("x" * 257, "too_long"),
        ("QWERTY123456", "common"),  # in the shipped list, whatever the case
        ("kpa-demo-2026", "common"),
        ("lucie-la-grande-2026", "common"),  # contains the login
        ("douze lettre", None),  # 12 characters, no composition rule
        (PHRASE, None),
    ],
)
def test_password_policy(password, problem):
    assert accounts.password_problem(password, login="lucie") == problem


def test_the_common_password_list_is_shipped_and_long_enough_to_matter():
    assert len(accounts.common_passwords()) > 200
    assert all(len(p) >= accounts.MIN_PASSWORD_LENGTH for p in accounts.common_passwords())


def test_create_checks_the_role_links(demo):
    with pytest.raises(AccountError, match="collectif"):
        accounts.create_user(demo, login="anim", role="coordinator", password=PHRASE)
    with pytest.raises(AccountError, match="membre"):
        accounts.create_user(demo, login="ines", role="member", password=PHRASE, member_id="nope")
    with pytest.raises(AccountError, match="déjà utilisé"):
        accounts.create_user(demo, login="ADMIN", role="admin", password=PHRASE)
    with pytest.raises(AccountError, match="au moins 12"):
        accounts.create_user(demo, login="boss", role="admin", password="court")
    member = accounts.create_user(
        demo, login="ines", role="member", password=PHRASE, member_id="m-00003"
    )
    assert (member.collective_id, member.member_id) == ("kpa-alma", "m-00003")
    assert accounts.authenticate(demo, "Ines ", PHRASE).user.id == member.id


def test_inactive_users_cannot_log_in(demo):
    with demo.transaction() as session:
        session.execute(update(UserRow).where(UserRow.login == "admin").values(active=False))
    assert accounts.authenticate(demo, "admin", "kpa-demo-2026") is None


def test_api_tokens_are_stored_hashed_and_replaced_by_the_next(demo):
    first = accounts.issue_api_token(demo, "admin")
    assert accounts.user_for_token(demo, first).login == "admin"
    second = accounts.issue_api_token(demo, "admin")
    assert accounts.user_for_token(demo, first) is None
    assert accounts.user_for_token(demo, second).login == "admin"
    assert accounts.user_for_token(demo, "kpa_nonsense") is None
    with demo.transaction() as session:
        stored = session.scalar(select(UserRow.api_token_hash).where(UserRow.login == "admin"))
    assert second not in stored and stored.startswith("sha256:")


def test_totp_codes_of_the_secret_are_accepted_and_others_not():
    secret = accounts.new_totp_secret()
    assert accounts.verify_totp(secret, pyotp.TOTP(secret).now())
    assert not accounts.verify_totp(secret, "abcdef")
    assert accounts.totp_uri(secret, "coordo").startswith("otpauth://totp/KPA%20Matcher:coordo")


def test_cli_creates_the_first_admin_from_stdin(demo):
    result = CliRunner().invoke(
        main,
        ["users", "create", "--login", "premiere", "--role", "admin", "--password-stdin"],
        input=PHRASE + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Compte créé : premiere (admin)." in result.output
    assert accounts.authenticate(demo, "premiere", PHRASE) is not None


def test_cli_refuses_a_weak_password_in_french(demo):
    result = CliRunner().invoke(
        main,
        ["users", "create", "--login", "boss", "--role", "admin", "--password-stdin"],
        input="motdepasse123\n",
    )
    assert result.exit_code == 1
    assert "trop courant" in result.output


def test_cli_prints_a_one_time_code_that_logs_in_once(demo):
    result = CliRunner().invoke(main, ["users", "reset-code", "membre-2"])
    assert result.exit_code == 0, result.output
    code = result.output.split("Code à usage unique : ")[1].split()[0]
    assert len(code) == 19 and code.count("-") == 3
    first = accounts.authenticate(demo, "membre-2", code)
    assert first is not None and first.must_change_password
    assert accounts.authenticate(demo, "membre-2", code) is None
