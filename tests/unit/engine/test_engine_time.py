"""The time rules, on exact hand-computed cases (each boundary on both sides)."""

from __future__ import annotations

from datetime import date

import pytest
from engine_factories import SATURDAY, SIXTEEN, instance, member, request, session

from matcher.engine import timerules as tr
from matcher.engine.eligibility import member_blockers
from matcher.engine.instance import Slot, Unavailable, Window

DAY = date(2026, 12, 12)  # a Saturday of ISO week 50


def slot(start: str, end: str, day: date = DAY) -> Slot:
    def minutes(text: str) -> int:
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)

    return Slot(day, minutes(start), minutes(end))


def codes(inst, member_id="m01"):
    return [b.code for b in member_blockers(inst, inst.member(member_id))]


# -- working hours and breaks ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "pause", "work"),
    [
        ("09:00", "13:30", 0, 270),  # 4 h 30 exactly: no break
        ("09:00", "13:31", 30, 241),  # 4 h 31: break
        ("09:00", "15:00", 30, 330),  # the example: 6 h → 5 h 30
        ("09:00", "10:00", 0, 60),
    ],
)
def test_break_only_beyond_four_hours_thirty(start, end, pause, work):
    assert tr.break_minutes(slot(start, end)) == pause
    assert tr.working_minutes(slot(start, end)) == work


def test_iso_week_of_a_late_december_date_can_be_the_next_year():
    assert tr.iso_week(date(2026, 12, 12)) == (2026, 50)
    assert tr.iso_week(date(2027, 1, 3)) == (2026, 53)
    assert tr.iso_week(date(2027, 1, 4)) == (2027, 1)
    assert tr.week_days((2026, 50))[0] == date(2026, 12, 7)
    assert tr.week_days((2026, 50))[-1] == date(2026, 12, 13)


def test_booked_minutes_per_day_and_week_count_end_minus_start():
    booked = [
        slot("14:00", "16:00"),
        slot("08:00", "13:00", date(2026, 12, 7)),
        slot("08:00", "09:00", date(2026, 12, 14)),
    ]
    assert tr.minutes_on(booked, DAY) == 120
    # booked time is counted as it is, without a break deduction
    assert tr.minutes_in_week(booked, (2026, 50)) == 120 + 300
    assert tr.minutes_in_week(booked, (2026, 50), working=True) == 120 + 270


# -- overlap and availability ------------------------------------------------------------


def test_touching_intervals_do_not_overlap():
    assert not tr.overlaps(540, 600, 600, 660)
    assert tr.overlaps(540, 601, 600, 660)
    assert tr.overlapping([slot("14:00", "16:00")], slot("09:00", "14:00")) == []
    assert tr.overlapping([slot("14:00", "16:00")], slot("09:00", "14:01")) != []


def test_union_of_windows_covers_a_session():
    windows = [Window("sat", 480, 720), Window("sat", 720, 1080)]
    assert tr.covered_by_windows(windows, slot("09:00", "15:00"))
    assert not tr.covered_by_windows(windows[:1], slot("09:00", "15:00"))
    assert not tr.covered_by_windows([Window("sun", 0, 1440)], slot("09:00", "10:00"))
    gap = [Window("sat", 480, 700), Window("sat", 720, 1080)]
    assert not tr.covered_by_windows(gap, slot("09:00", "15:00"))
    overlapping = [Window("sat", 600, 1080), Window("sat", 480, 660)]
    assert tr.covered_by_windows(overlapping, slot("08:00", "18:00"))


def test_an_unavailability_without_times_blocks_the_whole_date():
    whole = Unavailable(DAY)
    assert tr.unavailable_blocking([whole], slot("00:00", "00:30")) == [whole]
    assert tr.unavailable_blocking([whole], slot("23:00", "24:00")) == [whole]
    assert tr.unavailable_blocking([Unavailable(date(2026, 12, 13))], slot("09:00", "10:00")) == []


def test_a_timed_unavailability_blocks_only_what_it_overlaps():
    morning = Unavailable(DAY, 480, 600)
    assert tr.unavailable_blocking([morning], slot("10:00", "12:00")) == []
    assert tr.unavailable_blocking([morning], slot("09:59", "12:00")) == [morning]


def test_availability_blockers_on_a_member():
    saturday = [{"day": "sat", "start": "08:00", "end": "12:00"}]
    inst = instance([member("m01", availability=saturday)], request(sessions=[session()]))
    assert codes(inst) == []
    inst = instance(
        [member("m01", availability=saturday, unavailable=[{"date": SATURDAY}])], request()
    )
    assert codes(inst) == ["availability"]
    inst = instance(
        [member("m01", availability=saturday)], request(sessions=[session(end="12:01")])
    )
    assert codes(inst) == ["availability"]


def test_booked_touching_the_session_is_no_overlap():
    touching = [{"date": SATURDAY, "start": "12:00", "end": "14:00"}]
    assert codes(instance([member("m01", booked=touching)], request())) == []
    crossing = [{"date": SATURDAY, "start": "11:59", "end": "14:00"}]
    assert codes(instance([member("m01", booked=crossing)], request())) == ["booked_overlap"]


def test_weekly_cap_counts_booked_plus_session_working_hours():
    booked = [{"date": "2026-12-07", "start": "08:00", "end": "22:00"}]  # 14 h
    six_hours = request(sessions=[session(start="09:00", end="15:00")])  # 5 h 30 of work
    assert codes(instance([member("m01", booked=booked, max_hours_week=19.5)], six_hours)) == []
    assert codes(instance([member("m01", booked=booked, max_hours_week=19)], six_hours)) == [
        "weekly_cap"
    ]


# -- minors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("06:00", "10:00", True),
        ("18:00", "22:00", True),
        ("05:59", "10:00", False),
        ("18:00", "22:01", False),
        ("20:00", "24:00", False),
    ],
)
def test_minors_work_within_six_and_twenty_two_bounds_included(start, end, ok):
    assert tr.within_minor_hours(slot(start, end)) is ok
    weekday = "2026-12-10"  # a Thursday
    inst = instance([member("m01", SIXTEEN)], request(sessions=[session(weekday, start, end)]))
    assert ("minor_night" not in codes(inst)) is ok


def test_an_adult_may_work_at_night():
    inst = instance([member("m01")], request(sessions=[session("2026-12-10", "20:00", "24:00")]))
    assert codes(inst) == []


def test_sunday_and_public_holiday_are_off_for_minors():
    assert tr.day_off_reason(date(2026, 12, 13), frozenset()) == "sunday"
    assert tr.day_off_reason(date(2026, 12, 25), {date(2026, 12, 25)}) == "holiday"
    assert tr.day_off_reason(date(2026, 12, 25), frozenset()) is None
    sunday = request(sessions=[session("2026-12-13")])
    inst = instance([member("m01", SIXTEEN, name="Inès"), member("m02")], sunday)
    blockers = member_blockers(inst, inst.member("m01"))
    assert [b.code for b in blockers] == ["minor_sunday_holiday"]
    assert blockers[0].message_fr == (
        "Inès a 16 ans le 13/12/2026 : pas de travail le dimanche pour un·e mineur·e"
    )
    assert codes(inst, "m02") == []
    christmas = request(sessions=[session("2026-12-25")])
    inst = instance([member("m01", SIXTEEN)], christmas, public_holidays=["2026-12-25"])
    assert codes(inst) == ["minor_sunday_holiday"]


def test_eight_hours_a_day_for_a_minor_counts_booked_and_session_time():
    # 8 h 30 − 30 min break = 8 h of work: allowed
    long_day = request(sessions=[session("2026-12-10", "08:00", "16:30")])
    assert codes(instance([member("m01", SIXTEEN)], long_day)) == []
    booked = [{"date": "2026-12-10", "start": "17:00", "end": "17:01"}]
    assert codes(instance([member("m01", SIXTEEN, booked=booked)], long_day)) == ["minor_day_8h"]


def test_thirty_five_hours_a_week_for_a_minor():
    days = ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10"]
    booked = [{"date": d, "start": "08:00", "end": "16:00"} for d in days]  # 32 h
    three = request(sessions=[session("2026-12-11", "08:00", "11:00")])
    four = request(sessions=[session("2026-12-11", "08:00", "11:01")])
    young = member("m01", SIXTEEN, booked=booked)
    assert "minor_week_35h" not in codes(instance([young], three))
    assert "minor_week_35h" in codes(instance([young], four))


def test_a_minor_who_worked_until_21_the_day_before_an_8_oclock_session():
    eve = [{"date": "2026-12-10", "start": "17:00", "end": "21:00"}]
    morning = request(sessions=[session("2026-12-11", "08:00", "12:00")])
    inst = instance([member("m01", SIXTEEN, name="Sofiane", booked=eve)], morning)
    blockers = member_blockers(inst, inst.member("m01"))
    assert [b.code for b in blockers] == ["minor_daily_rest"]
    assert "seulement 11 h de repos" in blockers[0].message_fr
    # 20:00 leaves exactly 12 h: fine; the same evening does not bother an adult
    eve_20 = [{"date": "2026-12-10", "start": "17:00", "end": "20:00"}]
    assert codes(instance([member("m01", SIXTEEN, booked=eve_20)], morning)) == []
    assert codes(instance([member("m01", booked=eve)], morning)) == []


def test_daily_rest_also_looks_at_the_next_day_and_at_the_request_own_sessions():
    late = request(
        sessions=[session("2026-12-10", "14:00", "21:00"), session("2026-12-11", "08:00", "12:00")]
    )
    assert codes(instance([member("m01", SIXTEEN)], late)) == ["minor_daily_rest"]  # once
    next_morning = [{"date": "2026-12-11", "start": "07:00", "end": "09:00"}]
    evening = request(sessions=[session("2026-12-10", "16:00", "20:00")])
    assert codes(instance([member("m01", SIXTEEN, booked=next_morning)], evening)) == [
        "minor_daily_rest"
    ]


def test_rest_rule_ignores_days_further_away():
    before = Slot(date(2026, 12, 9), 1200, 1320)
    assert tr.short_rests(slot("06:00", "07:00", date(2026, 12, 11)), [before]) == []


def test_two_consecutive_free_days_within_the_iso_week():
    week = (2026, 50)
    mon, tue, wed, thu, fri, sat, sun = tr.week_days(week)
    assert tr.free_day_pairs({mon, tue, wed, thu, fri}, week) == [(sat, sun)]
    assert tr.free_day_pairs({mon, wed, fri, sun}, week) == []
    assert tr.free_day_pairs({tue, wed, thu, fri, sat}, week) == []  # Sun + next Mon: no
    assert tr.free_day_pairs({wed, thu, fri, sat, sun}, week) == [(mon, tue)]
    # the previous week's Sunday is not part of this week
    assert tr.free_day_pairs({tue, wed, thu, fri, sat, sun, date(2026, 12, 6)}, week) == []


def test_weekly_rest_blocker_counts_booked_days_and_sessions():
    days = ["2026-12-07", "2026-12-09", "2026-12-11"]  # Mon, Wed, Fri booked
    booked = [{"date": d, "start": "10:00", "end": "11:00"} for d in days]
    saturday = request()  # Sat session: Sun is alone, no two consecutive free days left
    assert codes(instance([member("m01", SIXTEEN, booked=booked)], saturday)) == [
        "minor_weekly_rest"
    ]
    thursday = request(sessions=[session("2026-12-10")])  # Sat + Sun stay free
    assert codes(instance([member("m01", SIXTEEN, booked=booked)], thursday)) == []
    assert codes(instance([member("m01", booked=booked)], saturday)) == []


def test_minor_rules_follow_the_age_on_each_session_date():
    # 18 on 12/12/2026: an adult on the Sunday after
    turning = "2008-12-12"
    inst = instance([member("m01", turning)], request(sessions=[session("2026-12-13")]))
    assert codes(inst) == []
    inst = instance([member("m01", turning)], request(sessions=[session("2026-12-06")]))
    assert codes(inst) == ["minor_sunday_holiday"]


def test_age_and_papers():
    inst = instance([member("m01", "2011-01-01")], request())
    assert codes(inst) == ["age"]
    inst = instance([member("m01", SIXTEEN, parental_authorisation=False)], request())
    assert codes(inst) == ["minor_authorisation"]
    inst = instance([member("m01", parental_authorisation=False)], request())
    assert codes(inst) == []  # adults need none
    bare = member("m01")
    del bare["contract_valid"]  # a missing boolean is false: fail closed
    assert codes(instance([bare], request())) == ["contract"]
