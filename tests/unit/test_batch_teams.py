"""Joint rank-1 feasibility of a week's team proposals, and the hardest-first order."""

from __future__ import annotations

from datetime import date, time

from factories import (
    make_dataset,
    make_member,
    make_private,
    make_request,
    make_required_skill,
    make_session,
    make_skill,
)

from matcher.batch.plan import plan_collective, week_requests
from matcher.batch.slices import split_by_collective
from matcher.batch.teams import hardest_first, staff_requests
from matcher.demo import generate_demo
from matcher.domain import Availability
from matcher.engine import parse_instance, rescore
from matcher.graph.gaps import week_monday
from matcher.instances import InstanceBuilder

WEEK = "2026-W50"  # Saturday 12/12/2026 falls in it


def _worker(member_id: str, **skills: int) -> dict:
    """An adult with a contract, free on Saturdays, holding ``skills``."""
    return {
        "member": make_member(
            id=member_id,
            display_name=member_id.upper(),
            status="cesa",
            contract_start=date(2026, 1, 1),
        ),
        "private": make_private(member_id=member_id, birth_date=date(1995, 3, 1)),
        "skills": [
            make_skill(member_id=member_id, skill_id=s, level=lv) for s, lv in skills.items()
        ],
        "availability": Availability(member_id, "sat", time(8), time(18)),
    }


def _dataset(workers: list[dict], requests: list[tuple[str, str, time, time]]):
    return make_dataset(
        members=[w["member"] for w in workers],
        member_private=[w["private"] for w in workers],
        member_skills=[s for w in workers for s in w["skills"]],
        availabilities=[w["availability"] for w in workers],
        requests=[make_request(id=rid, title=f"Demande {rid}") for rid, *_ in requests],
        request_sessions=[
            make_session(request_id=rid, date=date(2026, 12, 12), start=start, end=end)
            for rid, _, start, end in requests
        ],
        required_skills=[
            make_required_skill(request_id=rid, skill_id=skill, min_level=3)
            for rid, skill, *_ in requests
        ],
    )


def _staff(dataset):
    builder = InstanceBuilder(dataset, today=week_monday(WEEK))
    return staff_requests(builder, week_requests(dataset, WEEK))


def test_two_requests_at_the_same_time_never_share_their_rank_one_member():
    dataset = _dataset(
        [_worker("a", cuisine=3), _worker("b", cuisine=3)],
        [("r-1", "cuisine", time(9), time(15)), ("r-2", "cuisine", time(10), time(14))],
    )
    staffing = _staff(dataset)
    firsts = [{m["id"] for m in s.teams[0]["members"]} for s in staffing]
    assert all(staffing[i].teams for i in range(2))
    assert firsts[0].isdisjoint(firsts[1])


def test_the_request_left_without_people_carries_a_diagnosis():
    dataset = _dataset(
        [_worker("a", cuisine=3)],
        [("r-1", "cuisine", time(9), time(15)), ("r-2", "cuisine", time(10), time(14))],
    )
    first, second = _staff(dataset)
    assert first.teams and not second.teams
    codes = {b["code"] for b in second.diagnosis["blocking"]}
    assert codes  # the engine says why; the member is booked by the first request
    assert second.result["feasible"] is False


def test_the_scarce_request_chooses_first_so_both_are_staffed():
    # only C holds pâtisserie; A and C hold cuisine: C must go to the pâtisserie request
    dataset = _dataset(
        [_worker("a", cuisine=3), _worker("c", cuisine=4, patisserie=3)],
        [
            ("r-cuisine", "cuisine", time(9), time(15)),
            ("r-patisserie", "patisserie", time(9), time(15)),
        ],
    )
    order = [r.id for r in hardest_first(dataset, dataset.requests)]
    assert order == ["r-patisserie", "r-cuisine"]
    staffing = {s.request.id: s for s in _staff(dataset)}
    assert [m["id"] for m in staffing["r-patisserie"].teams[0]["members"]] == ["c"]
    assert [m["id"] for m in staffing["r-cuisine"].teams[0]["members"]] == ["a"]


def test_on_the_demo_network_every_rank_one_team_holds_with_all_the_others():
    dataset = generate_demo(members=60, requests=40, seed=1, today=date(2026, 11, 28))
    week = "2026-W49"
    checked = 0
    for collective_id, part in split_by_collective(dataset).items():
        plan = plan_collective(part, collective_id, week)
        builder = InstanceBuilder(part, today=week_monday(week))
        for staffing in plan.staffed:
            others: dict[str, list] = {}
            for other in plan.staffed:
                if other is staffing:
                    continue
                for m in other.teams[0]["members"]:
                    others.setdefault(m["id"], []).extend(
                        (s.date, s.start, s.end) for s in other.sessions
                    )
            instance = parse_instance(builder.request(staffing.request.id, extra_booked=others))
            team = [
                {k: m[k] for k in ("id", "role", "covers", "learns", "teacher")}
                for m in staffing.teams[0]["members"]
            ]
            assert rescore(instance, team)["broken"] == []
            checked += 1
            for team in staffing.teams[1:]:  # ranks 2…N: feasible on their own
                alone = parse_instance(builder.request(staffing.request.id))
                assert rescore(alone, [m["id"] for m in team["members"]])["feasible"]
    assert checked >= 3
