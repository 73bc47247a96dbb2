"""Demo logins: users and the shared demo password."""

from __future__ import annotations

import functools

from matcher.demo.state import _Person, _Plan
from matcher.domain import User, is_minor_on
from matcher.passwords import hash_password

DEMO_PASSWORD = "kpa-demo-2026"


@functools.cache
def _demo_password_hash() -> str:
    """Hash the demo password once per process: argon2 is deliberately slow."""
    return hash_password(DEMO_PASSWORD)


class _AccountsMixin:
    """Demo users; mixed into :class:`~matcher.demo.builder._Builder`."""

    def _make_users(self, plans: list[_Plan], first_people: list[list[_Person]]) -> None:
        """Demo logins: an admin, three coordinators, three members (one a minor)."""
        password_hash = _demo_password_hash()
        users = [User("u-admin", "admin", "admin", password_hash)]
        for plan in plans[:3]:
            login = plan.coordinator_login or ""
            users.append(
                User(
                    f"u-{login}",
                    login,
                    "coordinator",
                    password_hash,
                    collective_id=plan.collective.id,
                )
            )
        everyone = [p for people in first_people for p in people]
        alma = first_people[0] if first_people else []
        picks = [
            next((p for p in alma if not is_minor_on(p.birth, self.today)), None),
            next((p for p in alma if is_minor_on(p.birth, self.today)), None),
            next(iter(first_people[1]), None) if len(first_people) > 1 else None,
        ]
        chosen: list[_Person] = []
        for pick in picks:
            pick = pick or next((p for p in everyone if p not in chosen), None)
            if pick is not None and pick not in chosen:
                chosen.append(pick)
        for number, person in enumerate(chosen, start=1):
            users.append(
                User(
                    f"u-membre-{number}",
                    f"membre-{number}",
                    "member",
                    password_hash,
                    member_id=person.id,
                    collective_id=person.member.collective_id,
                )
            )
        self.ds.users.extend(users)
