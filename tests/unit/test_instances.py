"""matcher.instances: stored facts become the engine's JSON instance, fail closed."""

from __future__ import annotations

from datetime import date, time

import pytest
from factories import (
    TODAY,
    make_dataset,
    make_member,
    make_private,
    make_request,
    make_required_skill,
    make_session,
    make_skill,
)

from matcher.demo import generate_demo
from matcher.domain import Availability, Dataset, HoursEntry, LearningWish, PeerLearningPair
from matcher.engine import parse_instance
from matcher.engine.solve_team import solve_team
from matcher.instances import (
    INSTANCE_TABLES,
    InstanceBuilder,
    collective_instance,
    request_instance,
)


def small_dataset(**tables):
    """Two adults and a minor in one collective, a Saturday buffet on 12 December."""
    members = [
        make_member(status="cape", contract_start=date(2026, 9, 1), contract_end=date(2027, 8, 31)),
        make_member(id="m-2", display_name="Yanis M.", status="volunteer"),
        make_member(id="m-3", display_name="Sam D.", status="visitor"),
    ]
    base = {
        "members": members,
        "member_private": [
            make_private(birth_date=date(1990, 1, 1)),
            make_private(
                member_id="m-2",
                legal_name="Yanis Martin",
                birth_date=date(2009, 6, 1),
                parental_authorisation_date=date(2026, 9, 1),
            ),
            make_private(member_id="m-3", legal_name="Sam Dupont", birth_date=date(1995, 1, 1)),
        ],
        "member_skills": [make_skill(level=3), make_skill(member_id="m-2", level=1)],
        "availabilities": [
            Availability(m, "sat", time(8), time(18)) for m in ("m-1", "m-2", "m-3")
        ],
        "requests": [make_request(team_size_min=1, team_size_max=2, learning_slots=1)],
        "request_sessions": [make_session()],
        "required_skills": [make_required_skill(min_level=2)],
    }
    return make_dataset(**{**base, **tables})


def member(instance: dict, member_id: str) -> dict:
    return next(m for m in instance["members"] if m["id"] == member_id)


def test_request_instance_parses_and_carries_the_request():
    instance = request_instance(small_dataset(), "r-1", today=TODAY)
    parsed = parse_instance(instance)
    assert parsed.request.id == "r-1"
    assert parsed.request.team_size == (1, 2)
    assert [line.skill for line in parsed.request.skills] == ["cuisine"]
    assert instance["request"]["sessions"] == [
        {"date": "2026-12-12", "start": "09:00", "end": "15:00"}
    ]
    assert "2026-12-25" in instance["public_holidays"]


def test_contracts_volunteers_and_visitors():
    instance = request_instance(small_dataset(), "r-1", today=TODAY)
    assert member(instance, "m-1")["contract_valid"] is True
    assert member(instance, "m-2")["contract_valid"] is True  # volunteer engagement
    assert member(instance, "m-3")["contract_valid"] is False  # a visitor never works
    assert member(instance, "m-2")["parental_authorisation"] is True
    assert member(instance, "m-1")["parental_authorisation"] is False


def test_a_contract_that_ends_before_the_session_is_not_valid():
    dataset = small_dataset()
    dataset.members[0].contract_end = date(2026, 12, 1)
    assert member(request_instance(dataset, "r-1", today=TODAY), "m-1")["contract_valid"] is False


def test_members_without_a_birth_date_are_left_out():
    dataset = small_dataset()
    dataset.member_private = [p for p in dataset.member_private if p.member_id != "m-2"]
    ids = {m["id"] for m in request_instance(dataset, "r-1", today=TODAY)["members"]}
    assert ids == {"m-1", "m-3"}


def test_members_who_left_before_the_session_are_left_out():
    dataset = small_dataset()
    dataset.members[1].left_on = date(2026, 12, 1)
    ids = {m["id"] for m in request_instance(dataset, "r-1", today=TODAY)["members"]}
    assert "m-2" not in ids


def test_booked_hours_around_the_sessions_and_recent_paid_hours():
    hours = [
        HoursEntry("m-1", date(2026, 12, 11), time(18), time(21)),  # day before: rest rules
        HoursEntry("m-1", date(2026, 11, 2), time(9), time(13)),  # recent, paid, not booked
        HoursEntry("m-1", date(2026, 11, 3), time(9), time(11), "meeting", paid=False),
        HoursEntry("m-1", date(2026, 8, 1), time(9), time(17)),  # too old to count
    ]
    instance = request_instance(small_dataset(hours=hours), "r-1", today=TODAY)
    m1 = member(instance, "m-1")
    assert m1["booked"] == [{"date": "2026-12-11", "start": "18:00", "end": "21:00"}]
    assert m1["paid_hours_recent"] == 4.0


def test_extra_booked_blocks_a_member_for_joint_feasibility():
    dataset = small_dataset()
    alone = solve_team(parse_instance(request_instance(dataset, "r-1", today=TODAY)))
    assert alone["feasible"]
    busy = {"m-1": [(date(2026, 12, 12), time(8), time(16))]}
    blocked = solve_team(
        parse_instance(request_instance(dataset, "r-1", today=TODAY, extra_booked=busy))
    )
    assert not blocked["feasible"]
    assert {b["code"] for b in blocked["diagnosis"]["blocking"]} >= {"skill_coverage"}


def test_weights_override_the_collective_policy():
    weights = {"coverage": 1.0, "learning": 0.0}
    instance = request_instance(small_dataset(), "r-1", today=TODAY, weights=weights)
    assert instance["policy"]["weights"] == weights
    assert parse_instance(instance).policy.weights["learning"] == 0.0


def test_unknown_request_is_a_key_error():
    with pytest.raises(KeyError):
        request_instance(small_dataset(), "r-404", today=TODAY)


def test_collective_instance_for_a_wish_and_mentee_counts():
    dataset = small_dataset(
        learning_wishes=[LearningWish("m-2", "cuisine")],
        pairs=[PeerLearningPair("pa-1", "m-1", "m-3", "couture", "active")],
    )
    instance = collective_instance(dataset, "kpa-roubaix", today=TODAY, wish=("m-2", "cuisine"))
    parsed = parse_instance(instance)
    assert parsed.wish.member == "m-2"
    assert parsed.reference_date == TODAY
    assert member(instance, "m-1")["mentees_active"] == 1
    related = instance["related_skills"]
    assert related and all("cuisine" in r[:2] and 0 < r[2] <= 1 for r in related)


def test_every_demo_request_and_collective_gives_a_valid_instance():
    dataset = generate_demo()
    builder = InstanceBuilder(dataset, today=date(2026, 11, 28))
    staffed = 0
    for request in dataset.requests:
        if request.status != "open":
            continue
        result = solve_team(parse_instance(builder.request(request.id)))
        staffed += result["feasible"]
    for collective in dataset.collectives:
        assert parse_instance(builder.collective(collective.id)).request is None
    assert staffed >= 8  # the demo asks collectives mostly for what they offer


def test_instance_tables_are_all_an_instance_needs():
    dataset = generate_demo(members=30, requests=6)
    only = Dataset(**{t: rows for t, rows in dataset.tables() if t in INSTANCE_TABLES})
    today = date(2026, 11, 28)
    full, partial = InstanceBuilder(dataset, today=today), InstanceBuilder(only, today=today)
    for request in dataset.requests[-6:]:
        assert full.request(request.id) == partial.request(request.id)
    for collective in dataset.collectives:
        assert full.collective(collective.id) == partial.collective(collective.id)
