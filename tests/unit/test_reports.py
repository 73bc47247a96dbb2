"""The operations pages' computations on tiny networks whose answers are worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from factories import (
    make_dataset,
    make_member,
    make_request,
    make_session,
)

from matcher import reports
from matcher.domain import (
    BatchRun,
    HoursEntry,
    LevelChange,
    Mission,
    MissionMember,
    PeerLearningPair,
    Proposal,
)

W47, W48 = "2026-W47", "2026-W48"  # Mondays 16 and 23 November 2026


def _hours(member: str, day: date, start: int, end: int, paid: bool = True, mission=None):
    return HoursEntry(member, day, time(start), time(end), paid=paid, mission_id=mission)


def _network():
    """Two members of one collective; Inès paid 6 h in W47 and 3 h in W48, Yanis 3 h in W48."""
    return make_dataset(
        members=[
            make_member(id="m-1", display_name="Inès B."),
            make_member(id="m-2", display_name="Yanis K."),
        ],
        hours=[
            _hours("m-1", date(2026, 11, 18), 9, 15),
            _hours("m-1", date(2026, 11, 25), 9, 12),
            _hours("m-2", date(2026, 11, 26), 14, 17),
            _hours("m-2", date(2026, 11, 27), 14, 16, paid=False),
        ],
    )


def test_report_weeks_end_with_todays_week():
    assert reports.report_weeks(date(2026, 11, 28), 3) == ["2026-W46", W47, W48]


def test_hours_distribution_lists_everyone_present_most_paid_first():
    rows = reports.hours_distribution(_network(), [W47, W48])
    assert [(r.name, r.paid, r.unpaid) for r in rows] == [
        ("Inès B.", 9.0, 0.0),
        ("Yanis K.", 3.0, 2.0),
    ]


def test_hours_outside_the_window_do_not_count():
    rows = reports.hours_distribution(_network(), [W48])
    assert {r.member_id: r.paid for r in rows} == {"m-1": 3.0, "m-2": 3.0}


def test_gini_per_week_uses_that_weeks_paid_hours():
    # W47: [6, 0] -> gini 0.5 ; W48: [3, 3] -> 0 (the unpaid 2 h never count)
    assert reports.gini_by_week(_network(), [W47, W48]) == [(W47, 0.5, 2, 6.0), (W48, 0.0, 2, 6.0)]


def test_a_member_who_left_is_not_a_zero_in_later_weeks():
    network = _network()
    network.members[1].left_on = date(2026, 11, 20)
    network.hours = [h for h in network.hours if h.member_id == "m-1"]
    assert reports.gini_by_week(network, [W48]) == [(W48, 0.0, 1, 3.0)]


def test_skills_gained_are_validated_changes_in_the_window_only():
    changes = [
        LevelChange(
            "lc-1", "m-1", "cuisine", 1, 2, "validated", 3, decided_at=datetime(2026, 11, 24, 10)
        ),
        LevelChange(
            "lc-2", "m-2", "couture", 0, 1, "pending", 3, created_at=datetime(2026, 11, 24)
        ),
        LevelChange("lc-3", "m-2", "video", 2, 3, "validated", 3, decided_at=datetime(2026, 10, 1)),
    ]
    network = _network()
    network.level_changes = changes
    gains = reports.skills_gained(network, [W47, W48])
    assert [(g.name, g.skill_id, g.from_level, g.to_level) for g in gains] == [
        ("Inès B.", "cuisine", 1, 2)
    ]


def _mission_network():
    return make_dataset(
        members=[make_member(id="m-1", display_name="Inès B."), make_member(id="m-2")],
        requests=[
            make_request(id="r-1"),
            make_request(id="r-2", title="Vidéo"),
            make_request(id="r-3", status="cancelled"),
        ],
        request_sessions=[
            make_session(request_id="r-1", date=date(2026, 11, 27), start=time(9), end=time(12)),
            make_session(request_id="r-1", date=date(2026, 12, 2), start=time(9), end=time(11)),
            make_session(request_id="r-2", date=date(2026, 11, 24)),
            make_session(request_id="r-3", date=date(2026, 11, 24)),
        ],
        missions=[Mission("mi-1", "r-1", status="planned")],
        mission_members=[
            MissionMember("mi-1", "m-2", "membre"),
            MissionMember("mi-1", "m-1", "referent"),
        ],
        hours=[
            _hours("m-1", date(2026, 11, 27), 9, 12, mission="mi-1"),
            _hours("m-1", date(2026, 12, 2), 9, 11, mission="mi-1"),
        ],
    )


def test_requests_staffed_count_by_week_of_first_session_without_cancelled_ones():
    staffed = reports.requests_staffed(_mission_network(), [W47, W48])
    assert [(s.week, s.requests, s.staffed) for s in staffed] == [(W47, 0, 0), (W48, 2, 1)]


def test_the_week_plan_shows_only_that_weeks_sessions_referent_first():
    network = _mission_network()
    [plan] = reports.week_plan(network, W48)
    assert plan.sessions == [(date(2026, 11, 27), time(9), time(12))]
    assert [(p.member_id, p.role, p.planned_hours) for p in plan.team] == [
        ("m-1", "referent", 5.0),
        ("m-2", "membre", 0.0),
    ]
    [next_week] = reports.week_plan(network, "2026-W49")
    assert next_week.sessions == [(date(2026, 12, 2), time(9), time(11))]
    assert reports.week_plan(network, W47) == []


def test_missions_to_close_are_the_planned_ones():
    network = _mission_network()
    assert [m.mission_id for m in reports.missions_to_close(network)] == ["mi-1"]
    network.missions[0].status = "done"
    assert reports.missions_to_close(network) == []
    assert reports.mission_plan(network, "mi-1").status == "done"
    assert reports.mission_plan(network, "mi-404") is None


def test_pending_proposals_come_from_the_latest_week_and_wanted_kinds():
    network = make_dataset(
        proposals=[
            Proposal("p-old", "pair", "kpa-roubaix", week=W47, batch_run_id="b-47"),
            Proposal("p-new", "pair", "kpa-roubaix", week=W48, batch_run_id="b-48"),
            Proposal("p-team", "team", "kpa-roubaix", week=W48, batch_run_id="b-48"),
            Proposal("p-done", "exchange", "kpa-roubaix", week=W48, status="accepted"),
            Proposal("p-asked", "pair", "kpa-roubaix", week=W47),  # a member's own request
        ]
    )
    pending = reports.pending_proposals(network, ["pair", "exchange"])
    assert [r["id"] for r in pending] == ["p-asked", "p-new"]
    assert reports.pending_proposals(network, ["group_session"]) == []


def test_pairs_awaiting_approval_name_both_members():
    network = _network()
    network.pairs = [
        PeerLearningPair("pa-1", "m-2", "m-1", "couture", status="awaiting_approval"),
        PeerLearningPair("pa-2", "m-1", "m-2", "cuisine", status="active"),
    ]
    [line] = reports.pairs_awaiting_approval(network)
    assert (line.pair_id, line.mentor, line.learner) == ("pa-1", "Yanis K.", "Inès B.")


def _run(week: str, at: datetime, **counts) -> BatchRun:
    return BatchRun(f"run-{week}-{at:%H}", week, "kpa-roubaix", counts=counts, started_at=at)


def test_week_diff_compares_the_latest_runs_of_this_week_and_last():
    network = make_dataset(
        batch_runs=[
            _run(W47, datetime(2026, 11, 15, 20), requests=2, staffed=2),
            _run(W48, datetime(2026, 11, 22, 20), requests=9, staffed=1),
            _run(W48, datetime(2026, 11, 22, 21), requests=5, staffed=4),
        ]
    )
    lines = {line.key: line for line in reports.week_diff(network, "kpa-roubaix", W48)}
    assert (lines["requests"].now, lines["requests"].change) == (5, 3)
    assert (lines["staffed"].now, lines["staffed"].change) == (4, 2)
    assert lines["pairs"].change is None  # last week's run did not count pairs
    first = reports.week_diff(network, "kpa-roubaix", W47)
    assert all(line.change is None for line in first)
    assert reports.week_diff(network, "kpa-roubaix", "2026-W49") is None
    assert [r.id for r in reports.batch_history(network, limit=2)] == [
        "run-2026-W48-21",
        "run-2026-W48-20",
    ]


def test_foreign_rows_name_members_and_requests_of_another_collective():
    imported = make_dataset(
        members=[make_member(id="m-9"), make_member(id="m-8", collective_id="kpa-autre")],
        requests=[make_request(id="r-7", collective_id="kpa-autre")],
    )
    assert reports.foreign_rows(imported, "kpa-roubaix") == ["m-8", "r-7"]
    assert reports.foreign_rows(imported, "kpa-autre") == ["m-9"]


@pytest.mark.parametrize(
    ("table", "row_id", "found"),
    [("missions", "mi-1", True), ("missions", "x", False), ("pairs", "mi-1", False)],
)
def test_has_row_looks_in_the_given_table_only(table, row_id, found):
    assert reports.has_row(_mission_network(), table, row_id) is found
