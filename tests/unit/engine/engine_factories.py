"""Builders of small JSON instances for the engine tests: sensible defaults, overrides.

Everything is built as JSON-shaped dicts and goes through ``parse_instance``, so every test
also exercises the instance format. Dates sit in December 2026: Monday 07/12 starts ISO
week 50, Saturday 12/12 and Sunday 13/12 end it, Friday 25/12 is Christmas.
"""

from __future__ import annotations

from typing import Any

from matcher.engine.instance import Instance, parse_instance

ADULT = "1990-01-01"
#: 16 on every date of December 2026.
SIXTEEN = "2010-06-01"
#: 17 in December 2026.
SEVENTEEN = "2009-05-14"
ALL_WEEK = [
    {"day": d, "start": "00:00", "end": "24:00"}
    for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]
SATURDAY = "2026-12-12"
SUNDAY = "2026-12-13"


def member(member_id: str, birth_date: str = ADULT, **overrides: Any) -> dict[str, Any]:
    """A member with a contract, a parental authorisation and every hour of the week free."""
    data: dict[str, Any] = {
        "id": member_id,
        "birth_date": birth_date,
        "contract_valid": True,
        "parental_authorisation": True,
        "skills": {},
        "availability": ALL_WEEK,
    }
    data.update(overrides)
    return data


def session(day: str = SATURDAY, start: str = "09:00", end: str = "12:00") -> dict[str, str]:
    return {"date": day, "start": start, "end": end}


def line(skill: str, min_level: int = 1, **overrides: Any) -> dict[str, Any]:
    return {"skill": skill, "min_level": min_level, **overrides}


def request(**overrides: Any) -> dict[str, Any]:
    """A one-session Saturday-morning request of 1 to 4 members with no skill line."""
    data: dict[str, Any] = {
        "id": "r01",
        "sessions": [session()],
        "skills": [],
        "team_size": [1, 4],
    }
    data.update(overrides)
    return data


def instance(
    members: list[dict[str, Any]], req: dict[str, Any] | None = None, **overrides: Any
) -> Instance:
    data: dict[str, Any] = {"members": members, "request": req or request()}
    data.update(overrides)
    return parse_instance(data)
