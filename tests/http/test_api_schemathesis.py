"""Schemathesis against the served OpenAPI document: no input makes the API crash.

Every operation of ``/api/v1/openapi.json`` is called with generated inputs (valid and
invalid), as an admin and as a member, on the demo cooperative. The checks: never a 5xx,
and every response conforms to the documented schema, status and content type.
"""

from __future__ import annotations

import pytest
import schemathesis
from http_helpers import ADMIN, MEMBER
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from matcher import accounts

pytestmark = pytest.mark.db

CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.mark.parametrize("login", [ADMIN, MEMBER])
def test_no_generated_call_makes_the_api_fail(app, login):
    token = accounts.issue_api_token(app.extensions["kpa_db"], login)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 3
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case) -> None:
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            case.validate_response(response, checks=CHECKS)

        try:
            call()
        except AssertionError as exc:  # schemathesis reports a failed check this way
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
