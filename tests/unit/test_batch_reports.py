"""The batch's pure reports: fairness, the per-collective split, the digest and messages."""

from __future__ import annotations

from datetime import date, time

import pytest
from factories import make_collective, make_dataset, make_member, make_private

from matcher.batch.digest import QUEUE_HEADER, member_messages, queue_rows, render_html
from matcher.batch.fairness import fairness_report, gini
from matcher.batch.plan import plan_collective
from matcher.batch.records import proposal_rows
from matcher.batch.slices import split_by_collective
from matcher.demo import generate_demo
from matcher.domain import (
    HoursEntry,
    Mission,
    MissionMember,
    Proposal,
    ProposalMember,
    RequestSession,
    ServiceRequest,
)

WEEK = "2026-W49"  # Monday 30/11/2026; the 8-week window starts on Monday 05/10/2026


def test_gini_of_equal_shares_is_zero_and_of_one_taker_is_one_minus_one_over_n():
    assert gini([3, 3, 3, 3]) == 0.0
    assert gini([0, 0, 0, 8]) == pytest.approx(0.75)
    assert gini([]) == 0.0 and gini([0, 0]) == 0.0
    assert gini([1, 3]) == pytest.approx(0.25)  # |1-3|·2 / (2·4·2)


def _fairness_dataset():
    old = date(2026, 1, 1)
    return make_dataset(
        members=[
            make_member(id="m-1", joined_on=old),
            make_member(id="m-2", joined_on=old),
            make_member(id="m-3", joined_on=date(2026, 11, 20)),  # too new to be "left out"
            make_member(id="m-4", joined_on=old, left_on=date(2026, 11, 1)),  # gone
        ],
        member_private=[
            make_private(member_id="m-1", birth_date=date(2009, 6, 1)),  # 17 on 30/11
            make_private(member_id="m-2", birth_date=date(1999, 6, 1)),
            make_private(member_id="m-3", birth_date=date(2000, 6, 1)),
        ],
        hours=[
            HoursEntry("m-1", date(2026, 10, 5), time(9), time(13)),  # first day of window
            HoursEntry("m-1", date(2026, 10, 4), time(9), time(13)),  # the day before
            HoursEntry("m-1", date(2026, 11, 30), time(9), time(13)),  # the batch week
            HoursEntry("m-2", date(2026, 11, 10), time(14), time(16), paid=False),
        ],
        requests=[ServiceRequest("r-1", "kpa-roubaix", "c", "t")],
        request_sessions=[RequestSession("r-1", date(2026, 10, 5), time(9), time(13))],
        missions=[Mission("mi-1", "r-1")],
        mission_members=[MissionMember("mi-1", "m-1", "membre")],
        proposals=[Proposal("p-1", "team", "kpa-roubaix", "r-1", week="2026-W47", rank=1)],
        proposal_members=[ProposalMember("p-1", "m-2", "membre")],
    )


def test_fairness_counts_paid_hours_of_the_eight_weeks_before_the_batch_week_only():
    report = fairness_report(_fairness_dataset(), WEEK, birth_dates={})
    assert report.paid_hours == {"m-1": 4.0, "m-2": 0.0, "m-3": 0.0}
    assert report.gini == pytest.approx(round(gini([4, 0, 0]), 4))


def test_left_out_members_are_the_settled_ones_without_a_recent_proposal_or_mission():
    dataset = _fairness_dataset()
    births = {p.member_id: p.birth_date for p in dataset.member_private}
    report = fairness_report(dataset, WEEK, births)
    # m-1's mission was in W41 (8 weeks ago), m-2 had a rank-1 proposal in W47
    assert report.without_opportunity == ("m-1",)
    after = fairness_report(dataset, WEEK, births, new_rank_one=["m-1"])
    assert after.without_opportunity == ()
    assert (after.opportunities, after.minor_opportunities) == (3, 2)
    assert (after.members, after.minors) == (3, 1)


@pytest.fixture(scope="module")
def demo_plans():
    dataset = generate_demo(members=60, requests=40, seed=1, today=date(2026, 11, 28))
    parts = split_by_collective(dataset)
    return dataset, parts, {cid: plan_collective(part, cid, WEEK) for cid, part in parts.items()}


def test_the_split_gives_every_member_and_request_to_exactly_one_collective(demo_plans):
    dataset, parts, _ = demo_plans
    for table in (
        "members",
        "member_skills",
        "hours",
        "requests",
        "request_sessions",
        "proposals",
        "proposal_members",
        "missions",
        "mission_members",
    ):
        assert sum(len(getattr(p, table)) for p in parts.values()) == len(getattr(dataset, table))
    for cid, part in parts.items():
        ids = {m.id for m in part.members}
        assert all(m.collective_id == cid for m in part.members)
        assert all(h.member_id in ids for h in part.hours)


def test_proposal_rows_keep_every_team_pair_and_exchange_with_their_members(demo_plans):
    _, _, plans = demo_plans
    for plan in plans.values():
        rows = proposal_rows(plan, "run-x", None)
        kinds = [p.kind for p in rows.proposals]
        assert kinds.count("team") == sum(len(s.teams) for s in plan.staffing)
        assert kinds.count("pair") == len(plan.mentors["pairs"])
        assert kinds.count("exchange") == len(plan.exchanges["cycles"])
        assert all(p.status == "pending" and p.week == WEEK for p in rows.proposals)
        by_proposal = {
            p.id: [m for m in rows.members if m.proposal_id == p.id] for p in rows.proposals
        }
        for p in rows.proposals:
            roles = sorted(m.role for m in by_proposal[p.id])
            if p.kind == "pair":
                assert roles == ["apprenant", "mentor"]
            elif p.kind == "exchange":
                assert set(roles) == {"echange"} and len(roles) in (2, 3)
            else:
                assert roles and all(m.detail["reasons"] for m in by_proposal[p.id])


def test_the_queue_has_one_line_per_proposal_plus_one_per_unstaffed_request(demo_plans):
    _, _, plans = demo_plans
    plan = plans["kpa-alma"]
    rows = proposal_rows(plan, "run-x", None)
    queue = queue_rows(plan, rows.ids)
    assert all(len(line) == len(QUEUE_HEADER) for line in queue)
    assert len(queue) == len(rows.proposals) + len(plan.unstaffed)
    assert {line[0] for line in queue if line[0]} == {p.id for p in rows.proposals}
    unstaffed = [line for line in queue if line[1] == "sans équipe"]
    assert all(line[8] for line in unstaffed)  # the diagnosis is there


def test_the_page_shows_every_section_and_escapes_names():
    dataset = generate_demo(members=20, requests=6, seed=3, today=date(2026, 11, 28))
    cid = dataset.collectives[0].id
    dataset.collectives[0] = make_collective(id=cid, name="KPA <Alma> & co")
    plan = plan_collective(split_by_collective(dataset)[cid], cid, WEEK)
    page = render_html(plan, ["demandes : 2 (+1)"])
    assert "KPA &lt;Alma&gt; &amp; co" in page and "<Alma>" not in page
    for title in (
        "Équipes proposées",
        "Binômes de mentorat",
        "Échanges de savoirs",
        "Compétences en manque",
        "Équité",
        "Depuis la semaine dernière",
    ):
        assert f"<h2>{title}</h2>" in page


def test_members_get_one_short_message_naming_what_is_proposed(demo_plans):
    _, parts, plans = demo_plans
    plan = plans["kpa-alma"]
    contacts = {p.member_id: p.contact for p in parts["kpa-alma"].member_private}
    messages = member_messages(plan, contacts)
    concerned = {m["id"] for s in plan.staffed for m in s.teams[0]["members"]}
    concerned |= {p[k] for p in plan.mentors["pairs"] for k in ("mentor", "learner")}
    concerned |= {m for c in plan.exchanges["cycles"] for m in c["members"]}
    assert {m.member_id for m in messages} == concerned
    for message in messages:
        assert message.body.startswith(f"Bonjour {message.name},")
        assert "propositions" in message.body
        assert (message.address is None) == ("@" not in contacts[message.member_id])
    learner = plan.mentors["pairs"][0]["learner"]
    text = next(m.body for m in messages if m.member_id == learner)
    assert "mentor pour" in " ".join(text.split())
