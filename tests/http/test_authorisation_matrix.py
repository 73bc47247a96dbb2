"""Every route × every kind of visitor → the expected status, generated from ``app.url_map``.

A new route fails :func:`test_every_route_is_classified` until it is given its row in
:data:`EXPECTED`, so no page can ship without deciding who may open it. Each row says
what anonymous visitors, a member (about themself and about another member),
a coordinator (about their collective and another one) and an admin get.
"""

from __future__ import annotations

import pytest
from http_helpers import (
    ADMIN,
    COORDINATOR,
    MEMBER,
    OTHER_COORDINATOR,
    csrf_token,
    logged_in,
)

from matcher import accounts

pytestmark = pytest.mark.db

ACTORS = (
    "anonymous",
    "member_self",
    "member_other",
    "coordinator_same",
    "coordinator_other",
    "admin",
)
LOGINS = {
    "member_self": MEMBER,
    "member_other": MEMBER,
    "coordinator_same": COORDINATOR,
    "coordinator_other": OTHER_COORDINATOR,
    "admin": ADMIN,
}
SELF = "m-00001"  # membre-1, KPA Alma
#: KPA Alma members without a login: each actor gets its own target, so one actor's
#: successful erasure does not change what the next one sees.
TARGETS = {
    "anonymous": "m-00003",
    "member_other": "m-00004",
    "coordinator_same": "m-00005",
    "coordinator_other": "m-00006",
    "admin": "m-00007",
}
LOGIN = "login"  # a redirect to the login page


def by_role(anonymous, member, coordinator, admin) -> dict[str, object]:
    return {
        "anonymous": anonymous,
        "member_self": member,
        "member_other": member,
        "coordinator_same": coordinator,
        "coordinator_other": coordinator,
        "admin": admin,
    }


def same_for_all(status: object) -> dict[str, object]:
    return by_role(status, status, status, status)


#: Staff pages about one member: 404 (not 403) outside the coordinator's collective, so
#: ids of other collectives' members cannot be probed.
STAFF_ON_MEMBER = {
    "anonymous": LOGIN,
    "member_self": 403,
    "member_other": 403,
    "coordinator_same": 200,
    "coordinator_other": 404,
    "admin": 200,
}
ERASE = {**STAFF_ON_MEMBER, "coordinator_same": 302, "admin": 302}

EXPECTED: dict[tuple[str, str], dict[str, object]] = {
    ("static", "GET"): same_for_all(200),
    ("home.healthz", "GET"): same_for_all(200),
    ("home.index", "GET"): by_role(LOGIN, 302, 302, 302),
    ("home.language", "POST"): same_for_all(302),
    ("auth.login", "GET"): by_role(200, 302, 302, 302),
    ("auth.login", "POST"): by_role(200, 302, 302, 302),
    ("auth.second_factor", "GET"): same_for_all(LOGIN),
    ("auth.second_factor", "POST"): same_for_all(LOGIN),
    ("auth.totp_setup", "GET"): by_role(LOGIN, 200, 200, 200),
    ("auth.totp_setup", "POST"): by_role(LOGIN, 200, 200, 200),
    ("auth.password", "GET"): by_role(LOGIN, 200, 200, 200),
    ("auth.password", "POST"): by_role(LOGIN, 200, 200, 200),
    ("auth.logout", "POST"): same_for_all(LOGIN),
    ("coordinator.dashboard", "GET"): by_role(LOGIN, 403, 200, 200),
    ("coordinator.members", "GET"): by_role(LOGIN, 403, 200, 200),
    ("coordinator.member", "GET"): STAFF_ON_MEMBER,
    ("coordinator.hours_chart", "GET"): STAFF_ON_MEMBER,
    ("coordinator.skills_picture", "GET"): STAFF_ON_MEMBER,
    ("coordinator.export", "GET"): STAFF_ON_MEMBER,
    ("coordinator.erase", "POST"): ERASE,
    ("member.profile", "GET"): by_role(LOGIN, 200, 403, 403),
    ("member.hours_chart", "GET"): by_role(LOGIN, 200, 403, 403),
    ("member.mentors", "GET"): by_role(LOGIN, 200, 403, 403),
    # Member pages (web/member.py): members only; a POST carrying only the token is an
    # incomplete form, sent back to the edit page (302) or refused (400); unknown ids 404.
    ("member.edit", "GET"): by_role(LOGIN, 200, 403, 403),
    ("member.add_skill", "POST"): by_role(LOGIN, 302, 403, 403),
    ("member.add_wish", "POST"): by_role(LOGIN, 302, 403, 403),
    ("member.add_passion", "POST"): by_role(LOGIN, 302, 403, 403),
    ("member.confirm_suggestion", "POST"): by_role(LOGIN, 302, 403, 403),
    ("member.add_availability", "POST"): by_role(LOGIN, 302, 403, 403),
    ("member.add_absence", "POST"): by_role(LOGIN, 302, 403, 403),
    ("member.remove", "POST"): by_role(LOGIN, 404, 403, 403),
    ("member.ask_pair", "POST"): by_role(LOGIN, 400, 403, 403),
    ("member.opportunities", "GET"): by_role(LOGIN, 200, 403, 403),
    ("member.interested", "POST"): by_role(LOGIN, 404, 403, 403),
    ("member.missions", "GET"): by_role(LOGIN, 200, 403, 403),
    ("member.answer", "POST"): by_role(LOGIN, 400, 403, 403),
    ("member.progress", "GET"): by_role(LOGIN, 200, 403, 403),
    ("member.badge", "GET"): by_role(LOGIN, 404, 403, 403),
    # Member management (web/coordinator.py): incomplete forms re-render (200), except the
    # login forms (302 back to the profile; 400 for a login that is not the member's).
    ("coordinator.new_member", "GET"): by_role(LOGIN, 403, 200, 200),
    ("coordinator.new_member", "POST"): by_role(LOGIN, 403, 200, 200),
    ("coordinator.edit_member", "GET"): STAFF_ON_MEMBER,
    ("coordinator.edit_member", "POST"): STAFF_ON_MEMBER,
    ("coordinator.private", "GET"): STAFF_ON_MEMBER,
    ("coordinator.private", "POST"): STAFF_ON_MEMBER,
    ("coordinator.create_login", "POST"): {
        **STAFF_ON_MEMBER,
        "coordinator_same": 302,
        "admin": 302,
    },
    ("coordinator.reset_login", "POST"): {**STAFF_ON_MEMBER, "coordinator_same": 400, "admin": 400},
    ("coordinator.signals", "GET"): by_role(LOGIN, 403, 200, 200),
    ("coordinator.confirm_erase", "GET"): STAFF_ON_MEMBER,
    ("api-docs.openapi_json", "GET"): same_for_all(200),
    ("api.Skills", "GET"): by_role(401, 200, 200, 200),
    ("api.Members", "GET"): by_role(401, 403, 200, 200),
    ("api.MemberProfile", "GET"): {
        "anonymous": 401,
        "member_self": 200,
        "member_other": 404,
        "coordinator_same": 200,
        "coordinator_other": 404,
        "admin": 200,
    },
    # Operations pages (web/missions.py, pairs_pages.py, week.py, transfers.py,
    # reports_pages.py): ids outside the viewer's slice are 404; POSTs carrying only the
    # token are incomplete forms (400), except the import step, which redirects.
    ("missions.plan", "GET"): by_role(LOGIN, 403, 200, 200),
    ("missions.close", "GET"): by_role(LOGIN, 403, 404, 404),
    ("missions.close", "POST"): by_role(LOGIN, 403, 404, 404),
    ("pairs.queue", "GET"): by_role(LOGIN, 403, 200, 200),
    ("pairs.accept", "POST"): by_role(LOGIN, 403, 404, 404),
    ("pairs.decline", "POST"): by_role(LOGIN, 403, 404, 404),
    ("pairs.approve", "POST"): by_role(LOGIN, 403, 404, 404),
    ("pairs.validate", "POST"): by_role(LOGIN, 403, 404, 404),
    ("pairs.reject", "POST"): by_role(LOGIN, 403, 404, 404),
    ("week.week", "GET"): by_role(LOGIN, 403, 200, 200),
    ("week.run", "POST"): by_role(LOGIN, 403, 400, 400),
    ("week.digest_file", "GET"): by_role(LOGIN, 403, 404, 404),
    ("transfers.index", "GET"): by_role(LOGIN, 403, 200, 200),
    ("transfers.preview", "POST"): by_role(LOGIN, 403, 400, 400),
    ("transfers.commit", "POST"): by_role(LOGIN, 403, 302, 302),
    ("transfers.export", "POST"): by_role(LOGIN, 403, 400, 400),
    ("reports.index", "GET"): by_role(LOGIN, 403, 200, 200),
    ("reports.chart", "GET"): by_role(LOGIN, 403, 200, 200),
    ("reports.table_csv", "GET"): by_role(LOGIN, 403, 200, 200),
    # Requests (web/requests_pages.py, web/api_requests.py): staff only; unknown ids 404; the
    # new-request form re-renders with its errors; API bodies that are not JSON are 422.
    ("requests.index", "GET"): by_role(LOGIN, 403, 200, 200),
    ("requests.new", "GET"): by_role(LOGIN, 403, 200, 200),
    ("requests.new", "POST"): by_role(LOGIN, 403, 200, 200),
    ("requests.detail", "GET"): by_role(LOGIN, 403, 404, 404),
    ("requests.search", "POST"): by_role(LOGIN, 403, 404, 404),
    ("requests.swap", "POST"): by_role(LOGIN, 403, 404, 404),
    ("requests.accept", "POST"): by_role(LOGIN, 403, 404, 404),
    ("requests.decline", "POST"): by_role(LOGIN, 403, 404, 404),
    ("api_requests.Requests", "GET"): by_role(401, 403, 200, 200),
    ("api_requests.Requests", "POST"): by_role(401, 403, 422, 422),
    ("api_requests.RequestProposals", "GET"): by_role(401, 403, 404, 404),
    ("api_requests.ProposalDecision", "POST"): by_role(401, 403, 422, 422),
}


def _routes(app) -> list[tuple[str, str, object]]:
    return [
        (rule.endpoint, method, rule)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def test_every_route_is_classified(app):
    assert {(endpoint, method) for endpoint, method, _ in _routes(app)} == set(EXPECTED)


def _url(rule, actor: str) -> str:
    values: dict[str, str] = {}
    if "member_id" in rule.arguments:
        values["member_id"] = SELF if actor == "member_self" else TARGETS[actor]
    if "filename" in rule.arguments:
        values["filename"] = "style.css"
    for argument in rule.arguments - set(values):  # ids nobody owns; a real report name
        values[argument] = "gini" if argument == "name" else "inconnu"
    return rule.build(values, append_unknown=False)[1]


def _outcome(response) -> object:
    if response.status_code == 302 and response.headers["Location"].startswith("/login"):
        return LOGIN
    return response.status_code


def test_authorisation_matrix_has_no_unexpected_result(app):
    clients = {"anonymous": app.test_client()}
    database = app.extensions["kpa_db"]
    token_of = {user: accounts.issue_api_token(database, user) for user in set(LOGINS.values())}
    tokens = {actor: token_of[user] for actor, user in LOGINS.items()}
    for actor, user in LOGINS.items():
        clients[actor] = logged_in(app, user)
    unexpected = []
    for endpoint, method, rule in _routes(app):
        for actor in ACTORS:
            client = clients[actor]
            url = _url(rule, actor)
            headers = {}
            if rule.rule.startswith("/api/v1/") and actor in tokens:
                headers["Authorization"] = f"Bearer {tokens[actor]}"
            data = {"csrf_token": csrf_token(client)} if method == "POST" else None
            with client.open(url, method=method, data=data, headers=headers) as response:
                got, wanted = _outcome(response), EXPECTED[(endpoint, method)][actor]
            if got != wanted:
                unexpected.append(f"{method} {url} as {actor}: {got}, expected {wanted}")
            if endpoint == "auth.logout" and actor != "anonymous":
                clients[actor] = logged_in(app, LOGINS[actor])
    assert unexpected == []
