"""Gap analysis: requested skills vs declared levels, per collective and ISO week."""

from __future__ import annotations

import copy
from datetime import date

from factories import (
    make_collective,
    make_dataset,
    make_member,
    make_request,
    make_required_skill,
    make_session,
    make_skill,
)

from matcher.domain import LearningWish
from matcher.graph.gaps import GAP_COLUMNS, gap_analysis, iso_week, week_monday

W50 = date(2026, 12, 12)  # a Saturday of ISO week 2026-W50 (7–13 December)


def cooperative():
    """Roubaix: m-1 cuisine 3, m-2 cuisine 4, m-3 cuisine 1 (wishes it), m-4 left, m-6 not
    yet joined; Lille: m-5 cuisine 4.

    Counted requests: r-1 (W50, cuisine ≥ 2 × 2, optional service), r-2 (W50, cuisine ≥ 3 × 1),
    r-5 (no session, created in W48, couture × 1), r-6 (Lille, W50, cuisine × 1).
    Left out: r-3 draft, r-4 cancelled.
    """
    return make_dataset(
        collectives=[make_collective(), make_collective(id="kpa-lille", name="KPA Lille")],
        members=[
            make_member(id="m-1"),
            make_member(id="m-2"),
            make_member(id="m-3"),
            make_member(id="m-4", left_on=date(2026, 11, 1)),
            make_member(id="m-5", collective_id="kpa-lille"),
            make_member(id="m-6", joined_on=date(2027, 1, 4)),
        ],
        member_skills=[
            make_skill(member_id="m-1", level=3),
            make_skill(member_id="m-2", level=4),
            make_skill(member_id="m-3", level=1),
            make_skill(member_id="m-4", level=4),
            make_skill(member_id="m-5", level=4),
            make_skill(member_id="m-6", level=4),
        ],
        learning_wishes=[LearningWish("m-3", "cuisine"), LearningWish("m-4", "cuisine")],
        requests=[
            make_request(id="r-1"),
            make_request(id="r-2"),
            make_request(id="r-3", status="draft"),
            make_request(id="r-4", status="cancelled"),
            make_request(id="r-5", created_on=date(2026, 11, 24)),
            make_request(id="r-6", collective_id="kpa-lille"),
        ],
        request_sessions=[
            make_session(request_id="r-1", date=W50),
            make_session(request_id="r-1", date=date(2026, 12, 19)),  # first session counts
            make_session(request_id="r-2", date=date(2026, 12, 7)),
            make_session(request_id="r-3", date=W50),
            make_session(request_id="r-4", date=W50),
            make_session(request_id="r-6", date=W50),
        ],
        required_skills=[
            make_required_skill(request_id="r-1", min_level=2, count=2),
            make_required_skill(request_id="r-1", skill_id="service-en-salle", optional=True),
            make_required_skill(request_id="r-2", min_level=3, count=1),
            make_required_skill(request_id="r-3", count=5),
            make_required_skill(request_id="r-4", count=5),
            make_required_skill(request_id="r-5", skill_id="couture"),
            make_required_skill(request_id="r-6"),
        ],
    )


def records(frame, *columns):
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]


def test_iso_weeks():
    assert iso_week(W50) == "2026-W50"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"  # 2026 has 53 ISO weeks
    assert week_monday("2026-W50") == date(2026, 12, 7)
    assert week_monday("2027-W01") == date(2027, 1, 4)


def test_gap_when_fewer_holders_than_places_asked():
    frame = gap_analysis(cooperative())
    assert list(frame.columns) == list(GAP_COLUMNS)
    # Roubaix W50 cuisine: 2 + 1 places, lowest level 2, holders m-1 and m-2 (m-3 is level 1,
    # m-4 has left, m-6 has not joined) -> gap, short of 1.
    assert records(frame, "collective_id", "week", "skill_id", "requests", "requested") == [
        ("kpa-lille", "2026-W50", "cuisine", 1, 1),
        ("kpa-roubaix", "2026-W48", "couture", 1, 1),
        ("kpa-roubaix", "2026-W50", "cuisine", 2, 3),
    ]
    assert records(frame, "min_level", "holders", "shortfall", "gap") == [
        (1, 1, 0, False),
        (1, 0, 1, True),
        (2, 2, 1, True),
    ]
    assert records(frame, "teachers", "learners", "teacher_ids", "learner_ids") == [
        (1, 0, ("m-5",), ()),
        (0, 0, (), ()),
        (1, 1, ("m-2",), ("m-3",)),
    ]


def test_window_ends_at_the_given_week():
    dataset = cooperative()
    only_w50 = gap_analysis(dataset, weeks_back=1)
    assert set(only_w50["week"]) == {"2026-W50"}
    only_w48 = gap_analysis(dataset, week="2026-W48", weeks_back=1)
    assert records(only_w48, "collective_id", "skill_id") == [("kpa-roubaix", "couture")]
    assert gap_analysis(dataset, week="2026-W40").empty
    three_weeks = gap_analysis(dataset, week="2026-W50", weeks_back=3)
    assert set(three_weeks["week"]) == {"2026-W48", "2026-W50"}


def test_filter_by_collective():
    frame = gap_analysis(cooperative(), collective_id="kpa-lille")
    assert records(frame, "collective_id", "week", "skill_id", "gap") == [
        ("kpa-lille", "2026-W50", "cuisine", False)
    ]


def test_empty_dataset_gives_empty_frame_with_columns():
    frame = gap_analysis(make_dataset())
    assert frame.empty
    assert list(frame.columns) == list(GAP_COLUMNS)


def test_the_dataset_is_not_modified():
    dataset = cooperative()
    before = copy.deepcopy(dataset)
    gap_analysis(dataset, week="2026-W50", collective_id="kpa-roubaix")
    assert dataset == before
