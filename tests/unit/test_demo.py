"""The demo cooperative: reproducible, realistic, consistent, and lawful for minors."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytest

from matcher import vocabulary as voc
from matcher.demo import DEMO_PASSWORD, french_public_holidays, generate_demo
from matcher.demo.texts import ADULT_ONLY_SKILLS, SKILL_IDS
from matcher.domain import Dataset, is_minor_on
from matcher.passwords import verify_password

TODAY = date(2026, 11, 28)  # a Saturday, ISO week 2026-W48
WINDOW_START = TODAY - timedelta(days=84)
#: French public holidays of 2026, written out independently of the generator.
HOLIDAYS_2026 = {
    date(2026, 1, 1),
    date(2026, 4, 6),
    date(2026, 5, 1),
    date(2026, 5, 8),
    date(2026, 5, 14),
    date(2026, 5, 25),
    date(2026, 7, 14),
    date(2026, 8, 15),
    date(2026, 11, 1),
    date(2026, 11, 11),
    date(2026, 12, 25),
}
FRENCH_WORDS = {
    "je", "j", "le", "la", "les", "de", "des", "du", "et", "a", "à", "pour", "avec", "mon",
    "ma", "mes", "l", "un", "une", "en", "c", "ça", "pas", "sur", "au", "aux", "me", "d",
}  # fmt: skip


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return generate_demo(today=TODAY)


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _births(ds: Dataset) -> dict[str, date]:
    return {p.member_id: p.birth_date for p in ds.member_private}


def _hazardous_requests(ds: Dataset) -> set[str]:
    hazardous = {r.id for r in ds.requests if r.hazards}
    return hazardous | {s.request_id for s in ds.required_skills if s.hazards}


# --- reproducibility and size --------------------------------------------------------


def test_same_arguments_give_an_equal_dataset(demo):
    assert generate_demo(today=TODAY) == demo


def test_another_seed_gives_another_dataset(demo):
    other = generate_demo(seed=2, today=TODAY)
    assert other != demo
    assert [m.display_name for m in other.members] != [m.display_name for m in demo.members]


def test_default_demo_has_three_collectives_sixty_members_and_fifteen_open_requests(demo):
    assert [n.name for n in demo.networks] == ["Réseau KPA-Cité Métropole lilloise"]
    assert [c.id for c in demo.collectives] == [
        "kpa-alma",
        "kpa-epeule",
        "kpa-tourcoing-bourgogne",
    ]
    assert len(demo.members) == len(demo.member_private) == 60
    assert sum(r.status == "open" for r in demo.requests) == 15
    assert {c.kind for c in demo.collectives} == {"kpa"}
    assert all(c.default_weekly_hour_cap == 35 for c in demo.collectives)
    assert sum(c.honorability_required for c in demo.collectives) == 1
    assert not any(c.licences for c in demo.collectives)


def test_history_is_rich_enough_to_demo(demo):
    done = [r for r in demo.requests if r.status == "done"]
    assert len(done) >= 20
    assert len({r.title for r in done}) >= 6
    assert len(demo.missions) == len(done) == len(demo.proposals)
    assert demo.pairs and demo.feedback and demo.audit_log and demo.batch_runs
    assert {h.kind for h in demo.hours} >= {"mission", "meeting", "training"}


def test_weekly_runs_count_the_requests_they_planned(demo):
    statuses = [r.status for r in demo.requests]
    assert {"done", "open"} <= set(statuses) <= {"done", "cancelled", "open"}
    assert sum(b.counts["accepted"] for b in demo.batch_runs) == statuses.count("done")
    assert sum(b.counts["unstaffed"] for b in demo.batch_runs) == statuses.count("cancelled")
    weeks = {(b.collective_id, b.week) for b in demo.batch_runs}
    assert len(weeks) == len(demo.batch_runs) == 3 * 12


def test_a_larger_demo_adds_collectives_of_about_twenty_and_one_summer_cjs():
    ds = generate_demo(members=200, requests=20, seed=3, today=TODAY)
    assert len(ds.collectives) == 10
    sizes = defaultdict(int)
    for member in ds.members:
        sizes[member.collective_id] += 1
    assert set(sizes.values()) == {20}
    cjs = [c for c in ds.collectives if c.kind == "cjs"]
    assert len(cjs) == 1 and cjs[0].season
    statuses = {m.status for m in ds.members if m.collective_id == cjs[0].id}
    assert statuses == {"cjs_contract"}
    assert "kpa-roubaix-04" in {c.id for c in ds.collectives}
    assert sum("garde_moins_3_ans" in c.licences for c in ds.collectives) == 1


# --- integrity and vocabulary ----------------------------------------------------------


def test_ids_are_unique_and_short_ascii(demo):
    patterns = {
        "members": r"m-\d{5}",
        "requests": r"r-\d{4}",
        "proposals": r"p-\d{5}",
        "missions": r"mi-\d{4}",
        "pairs": r"pair-\d{4}",
        "feedback": r"fb-\d{4}",
        "batch_runs": r"run-\d{4}-W\d{2}-[a-z0-9-]+",
        "collectives": r"[a-z0-9-]+",
    }
    for table, pattern in patterns.items():
        ids = [row.id for row in getattr(demo, table)]
        assert len(ids) == len(set(ids)), table
        assert all(re.fullmatch(pattern, i) for i in ids), table


def test_every_reference_points_to_an_existing_row(demo):
    ids = {name: {row.id for row in getattr(demo, name)} for name in (
        "networks", "collectives", "members", "requests", "proposals", "missions",
        "pairs", "batch_runs", "users",
    )}  # fmt: skip
    members, users = ids["members"], ids["users"]
    assert {c.network_id for c in demo.collectives} <= ids["networks"]
    assert {m.collective_id for m in demo.members} <= ids["collectives"]
    for table in (
        "member_private",
        "member_skills",
        "learning_wishes",
        "passions",
        "availabilities",
        "unavailabilities",
        "proposal_members",
        "mission_members",
        "hours",
    ):
        assert {row.member_id for row in getattr(demo, table)} <= members, table
    assert {s.validated_by for s in demo.member_skills if s.validated_by} <= members | users
    assert {r.collective_id for r in demo.requests} <= ids["collectives"]
    assert {s.request_id for s in demo.request_sessions} <= ids["requests"]
    assert {s.request_id for s in demo.required_skills} <= ids["requests"]
    assert {b.collective_id for b in demo.batch_runs} <= ids["collectives"]
    assert {p.collective_id for p in demo.proposals} <= ids["collectives"]
    assert {p.request_id for p in demo.proposals} <= ids["requests"]
    assert {p.batch_run_id for p in demo.proposals} <= ids["batch_runs"]
    assert {p.decided_by for p in demo.proposals} <= users
    assert {p.proposal_id for p in demo.proposal_members} <= ids["proposals"]
    assert {m.request_id for m in demo.missions} <= ids["requests"]
    assert {m.proposal_id for m in demo.missions} <= ids["proposals"]
    assert {m.mission_id for m in demo.mission_members} <= ids["missions"]
    assert {h.mission_id for h in demo.hours if h.mission_id} <= ids["missions"]
    assert {p.mentor_id for p in demo.pairs} | {p.learner_id for p in demo.pairs} <= members
    assert {p.approved_by for p in demo.pairs if p.approved_by} <= users
    assert {f.mission_id for f in demo.feedback if f.mission_id} <= ids["missions"]
    assert {f.pair_id for f in demo.feedback if f.pair_id} <= ids["pairs"]
    assert {f.member_id for f in demo.feedback if f.member_id} <= members
    assert {a.actor for a in demo.audit_log} <= users
    assert {a.target for a in demo.audit_log} <= ids["proposals"] | ids["pairs"]
    assert {u.member_id for u in demo.users if u.member_id} <= members
    assert {u.collective_id for u in demo.users if u.collective_id} <= ids["collectives"]


def test_members_of_a_proposal_are_those_of_its_mission(demo):
    by_proposal = defaultdict(set)
    for row in demo.proposal_members:
        by_proposal[row.proposal_id].add((row.member_id, row.role, row.skill_id))
    for mission in demo.missions:
        team = {
            (m.member_id, m.role, m.skill_id)
            for m in demo.mission_members
            if m.mission_id == mission.id
        }
        assert team == by_proposal[mission.proposal_id]


def test_skills_come_from_the_allowed_list_with_levels_zero_to_four(demo):
    allowed = set(SKILL_IDS)
    assert len(allowed) == 69
    for table in ("member_skills", "learning_wishes", "required_skills", "pairs"):
        assert {row.skill_id for row in getattr(demo, table)} <= allowed, table
    assert {m.skill_id for m in demo.mission_members if m.skill_id} <= allowed
    assert {s.level for s in demo.member_skills} <= set(range(5))
    assert {s.min_level for s in demo.required_skills} <= set(range(5))
    levels = [s.level for s in demo.member_skills]
    assert levels.count(4) < len(levels) / 6  # few members can teach


def test_demo_skills_are_in_the_packaged_taxonomy_with_the_same_age_limits():
    from matcher.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    assert all(skill in taxonomy for skill in SKILL_IDS)
    adult_only = [s for s in SKILL_IDS if taxonomy.get(s).min_age >= voc.ADULT_AGE]
    assert adult_only == list(ADULT_ONLY_SKILLS)


def test_minors_neither_hold_nor_learn_adult_only_skills(demo):
    births = _births(demo)
    for table in ("member_skills", "learning_wishes"):
        for row in getattr(demo, table):
            if row.skill_id in ADULT_ONLY_SKILLS:
                assert not is_minor_on(births[row.member_id], TODAY), row
    for pair in demo.pairs:
        if pair.skill_id in ADULT_ONLY_SKILLS:
            assert not is_minor_on(births[pair.learner_id], pair.started_on or TODAY)


def test_each_member_has_two_to_seven_skills_once_each(demo):
    per_member = defaultdict(list)
    for skill in demo.member_skills:
        per_member[skill.member_id].append(skill.skill_id)
    assert set(per_member) == {m.id for m in demo.members}
    for skills in per_member.values():
        assert 2 <= len(skills) <= 7
        assert len(skills) == len(set(skills))


def test_validated_skills_say_who_validated_them_and_when(demo):
    validated = [s for s in demo.member_skills if s.evidence != "self"]
    assert validated
    assert all(
        s.validated_by and s.validated_at and s.validated_at.date() < TODAY for s in validated
    )
    assert sum(s.evidence == "self" for s in demo.member_skills) > len(demo.member_skills) / 2


def test_enumerated_values_come_from_the_vocabulary(demo):
    checks = [
        ({c.kind for c in demo.collectives}, voc.COLLECTIVE_KINDS),
        ({c.fairness_policy for c in demo.collectives}, voc.FAIRNESS_POLICIES),
        ({m.status for m in demo.members}, voc.MEMBER_STATUSES),
        ({m.mobility for m in demo.members}, voc.MOBILITIES),
        ({m.visibility for m in demo.members}, voc.VISIBILITIES),
        ({a for m in demo.members for a in m.accommodations}, voc.ACCOMMODATIONS),
        ({s.evidence for s in demo.member_skills}, voc.EVIDENCE),
        ({a.weekday for a in demo.availabilities}, voc.WEEKDAYS),
        ({r.status for r in demo.requests}, voc.REQUEST_STATUSES),
        ({h for r in demo.requests for h in r.hazards}, voc.HAZARDS),
        ({h for s in demo.required_skills for h in s.hazards}, voc.HAZARDS),
        ({r.licence_required for r in demo.requests} - {None}, voc.LICENCES),
        ({p.kind for p in demo.proposals}, voc.PROPOSAL_KINDS),
        ({p.status for p in demo.proposals}, voc.PROPOSAL_STATUSES),
        ({m.role for m in demo.proposal_members}, voc.MISSION_ROLES),
        ({m.role for m in demo.mission_members}, voc.MISSION_ROLES),
        ({m.status for m in demo.missions}, voc.MISSION_STATUSES),
        ({h.kind for h in demo.hours}, voc.HOURS_KINDS),
        ({p.status for p in demo.pairs}, voc.PAIR_STATUSES),
        ({u.role for u in demo.users}, voc.USER_ROLES),
    ]
    for values, vocabulary in checks:
        assert values <= set(vocabulary), values
    assert {f.rating for f in demo.feedback} <= set(range(1, 6))


def test_datetimes_are_naive_local(demo):
    for _, rows in demo.tables():
        for row in rows:
            for f in dataclasses.fields(row):
                value = getattr(row, f.name)
                if isinstance(value, datetime):
                    assert value.tzinfo is None


# --- members ---------------------------------------------------------------------------


def test_about_a_third_are_minors(demo):
    minors = sum(is_minor_on(p.birth_date, TODAY) for p in demo.member_private)
    assert 0.25 <= minors / len(demo.member_private) <= 0.45


def test_members_are_sixteen_or_older_and_joined_in_the_past(demo):
    births = _births(demo)
    for member in demo.members:
        assert member.joined_on and member.joined_on < TODAY
        birth = births[member.id]
        assert birth.replace(year=birth.year + 16) <= member.joined_on
        assert 16 <= (TODAY - birth).days // 365.25 <= 60


def test_minors_are_private_and_have_a_parental_authorisation(demo):
    members = {m.id: m for m in demo.members}
    for private in demo.member_private:
        if is_minor_on(private.birth_date, TODAY):
            assert members[private.member_id].visibility == "private"
            assert private.parental_authorisation_date and private.parental_authorisation_ref
            assert private.honorability_date is None
        else:
            assert members[private.member_id].visibility == "public"
    assert any(p.honorability_date for p in demo.member_private)


def test_display_names_are_pseudonymous_and_legal_names_private(demo):
    legal = {p.member_id: p.legal_name for p in demo.member_private}
    for member in demo.members:
        assert re.fullmatch(r"\S+ \S\.", member.display_name)
        first, last = legal[member.id].split(" ", 1)
        assert member.display_name == f"{first} {last[0]}."
    assert all(
        re.fullmatch(r"0[67]( \d\d){4}|\S+@example\.org", p.contact) for p in demo.member_private
    )


def test_home_zones_are_roubaix_and_tourcoing_quartiers(demo):
    quartiers = {
        "alma", "epeule", "pile", "hommelet", "trois-ponts", "cul-de-four", "sainte-elisabeth",
        "moulin", "fosse-aux-chenes", "nouveau-roubaix", "bourgogne", "virolois", "phalempins",
        "pont-rompu", "belencontre",
    }  # fmt: skip
    assert {m.home_zone for m in demo.members} <= quartiers
    assert {r.zone for r in demo.requests} <= quartiers


def test_member_details_are_plausible(demo):
    for member in demo.members:
        assert 15 <= member.max_travel_minutes <= 45
        assert member.languages[0] == "fr"
        assert 0 <= member.desired_hours_min < member.desired_hours_max <= 35
        if member.status in ("cape", "cesa", "associe", "cjs_contract"):
            assert member.contract_start and member.contract_start <= TODAY
        if member.contract_end:
            assert member.contract_start and member.contract_start < member.contract_end


def test_learning_wishes_are_skills_not_yet_held_at_level_two(demo):
    levels = {(s.member_id, s.skill_id): s.level for s in demo.member_skills}
    per_member = defaultdict(list)
    for wish in demo.learning_wishes:
        assert levels.get((wish.member_id, wish.skill_id), 0) < 2
        per_member[wish.member_id].append(wish.priority)
    assert all(1 <= len(p) <= 3 and p == list(range(1, len(p) + 1)) for p in per_member.values())


def test_passions_are_varied_french_sentences(demo):
    per_member = defaultdict(int)
    for passion in demo.passions:
        per_member[passion.member_id] += 1
        words = set(re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", passion.text.lower()))
        assert words & FRENCH_WORDS, passion.text
    assert set(per_member.values()) <= {1, 2, 3}
    assert len({p.text for p in demo.passions}) >= 80


def test_minors_are_never_available_at_night(demo):
    births = _births(demo)
    for window in demo.availabilities:
        assert window.start < window.end
        if is_minor_on(births[window.member_id], TODAY):
            assert time(6) <= window.start and window.end <= time(22)
            assert window.weekday != "sun"


# --- requests --------------------------------------------------------------------------


def test_open_requests_fall_in_the_current_or_next_iso_week(demo):
    weeks = {TODAY.isocalendar()[:2], (TODAY + timedelta(days=7)).isocalendar()[:2]}
    open_ids = {r.id for r in demo.requests if r.status == "open"}
    sessions = [s for s in demo.request_sessions if s.request_id in open_ids]
    assert {s.request_id for s in sessions} == open_ids
    for session in sessions:
        assert session.date >= TODAY
        assert session.date.isocalendar()[:2] in weeks
    assert all(r.created_on and r.created_on <= TODAY for r in demo.requests)


def test_open_requests_include_hazards_a_private_home_and_an_unstaffable_licence(demo):
    open_requests = [r for r in demo.requests if r.status == "open"]
    assert sum("machine" in r.hazards for r in open_requests) >= 2
    assert any(r.private_home for r in open_requests)
    licensed = [r for r in open_requests if r.licence_required == "garde_moins_3_ans"]
    assert len(licensed) == 1
    holders = {c.id for c in demo.collectives if "garde_moins_3_ans" in c.licences}
    assert licensed[0].collective_id not in holders


def test_history_stays_within_the_twelve_weeks_before_today(demo):
    done = {r.id for r in demo.requests if r.status != "open"}
    assert all(r.created_on and r.created_on >= WINDOW_START for r in demo.requests if r.id in done)
    assert all(
        WINDOW_START <= s.date < TODAY for s in demo.request_sessions if s.request_id in done
    )
    assert all(WINDOW_START <= h.date < TODAY for h in demo.hours)
    stamps = (
        [b.started_at for b in demo.batch_runs]
        + [p.created_at for p in demo.proposals]
        + [p.decided_at for p in demo.proposals]
        + [m.created_at for m in demo.missions]
        + [f.created_at for f in demo.feedback]
        + [a.at for a in demo.audit_log]
        + [p.approved_at for p in demo.pairs if p.approved_at]
    )
    assert all(s and WINDOW_START <= s.date() < TODAY for s in stamps)
    assert all(p.started_on and WINDOW_START <= p.started_on < TODAY for p in demo.pairs)


def test_missions_are_done_accepted_and_led_by_a_referent_of_level_three(demo):
    levels = {(s.member_id, s.skill_id): s.level for s in demo.member_skills}
    required = defaultdict(set)
    for skill in demo.required_skills:
        required[skill.request_id].add(skill.skill_id)
    requests = {r.id: r for r in demo.requests}
    proposals = {p.id: p for p in demo.proposals}
    for mission in demo.missions:
        assert mission.status == "done" and requests[mission.request_id].status == "done"
        proposal = proposals[mission.proposal_id]
        assert (proposal.status, proposal.rank, proposal.kind) == ("accepted", 1, "team")
        assert proposal.reasons and proposal.score_breakdown
        team = [m for m in demo.mission_members if m.mission_id == mission.id]
        referents = [m for m in team if m.role == "referent"]
        assert len(referents) == 1
        assert referents[0].skill_id in required[mission.request_id]
        assert levels[(referents[0].member_id, referents[0].skill_id)] >= voc.LEAD_LEVEL
        workers = [m for m in team if m.role != "apprenant"]
        request = requests[mission.request_id]
        assert request.team_size_min <= len(workers) <= request.team_size_max
        assert len(team) - len(workers) <= request.learning_slots


def test_every_mission_member_has_paid_hours_for_every_session(demo):
    requests = {m.id: m.request_id for m in demo.missions}
    sessions = defaultdict(set)
    for s in demo.request_sessions:
        sessions[s.request_id].add((s.date, s.start, s.end))
    hours = defaultdict(set)
    for h in demo.hours:
        if h.mission_id:
            assert h.kind == "mission" and h.paid
            hours[(h.mission_id, h.member_id)].add((h.date, h.start, h.end))
        else:
            assert h.kind in ("meeting", "training") and not h.paid
    for member in demo.mission_members:
        expected = sessions[requests[member.mission_id]]
        assert hours[(member.mission_id, member.member_id)] == expected


# --- the law for minors, and double booking --------------------------------------------


def test_public_holidays_are_the_french_ones():
    assert french_public_holidays(2026) == HOLIDAYS_2026


def test_minors_are_never_on_hazardous_requests(demo):
    births = _births(demo)
    hazardous = _hazardous_requests(demo)
    assert hazardous
    missions = {m.id: m.request_id for m in demo.missions}
    dates = defaultdict(list)
    for s in demo.request_sessions:
        dates[s.request_id].append(s.date)
    for member in demo.mission_members:
        request_id = missions[member.mission_id]
        if request_id in hazardous:
            birth = births[member.member_id]
            assert not any(is_minor_on(birth, day) for day in dates[request_id])


def test_minors_work_lawful_hours(demo):
    births = _births(demo)
    per_day = defaultdict(int)
    per_week = defaultdict(int)
    for h in demo.hours:
        if not is_minor_on(births[h.member_id], h.date):
            continue
        assert h.date.weekday() != 6, h
        assert h.date not in HOLIDAYS_2026, h
        assert time(6) <= h.start and h.end <= time(22), h
        length = _minutes(h.end) - _minutes(h.start)
        per_day[(h.member_id, h.date)] += length
        per_week[(h.member_id, h.date.isocalendar()[:2])] += length
    assert per_day, "the demo history should include minors at work"
    assert max(per_day.values()) <= 8 * 60
    assert max(per_week.values()) <= 35 * 60


def test_minors_get_their_breaks_and_rests(demo):
    births = _births(demo)
    days = defaultdict(list)
    for h in demo.hours:
        if is_minor_on(births[h.member_id], h.date):
            days[(h.member_id, h.date)].append((_minutes(h.start), _minutes(h.end)))
    for (member_id, day), blocks in days.items():
        blocks.sort()
        assert all(end - start <= 4 * 60 + 30 for start, end in blocks)
        assert all(b[0] - a[1] >= 30 for a, b in itertools.pairwise(blocks))
        following = days.get((member_id, day + timedelta(days=1)))
        if following:
            assert 24 * 60 - blocks[-1][1] + min(following)[0] >= 12 * 60
        monday = day - timedelta(days=day.weekday())
        off = [(member_id, monday + timedelta(days=i)) not in days for i in range(7)]
        assert any(a and b for a, b in itertools.pairwise(off))


def test_nobody_is_double_booked(demo):
    slots = defaultdict(list)
    for h in demo.hours:
        slots[(h.member_id, h.date)].append((_minutes(h.start), _minutes(h.end)))
    for intervals in slots.values():
        intervals.sort()
        for (_, end), (start, _) in itertools.pairwise(intervals):
            assert end <= start


def test_pairs_join_a_mentor_of_level_three_and_a_learner_who_wishes_the_skill(demo):
    levels = {(s.member_id, s.skill_id): s.level for s in demo.member_skills}
    wishes = {(w.member_id, w.skill_id) for w in demo.learning_wishes}
    births = _births(demo)
    for pair in demo.pairs:
        assert pair.mentor_id != pair.learner_id
        assert levels[(pair.mentor_id, pair.skill_id)] >= voc.LEAD_LEVEL
        assert (pair.learner_id, pair.skill_id) in wishes
        assert pair.started_on
        if any(is_minor_on(births[i], pair.started_on) for i in (pair.mentor_id, pair.learner_id)):
            assert pair.approved_by and pair.approved_at
        if pair.status == "closed":
            assert pair.ended_on and pair.started_on < pair.ended_on < TODAY


# --- users -----------------------------------------------------------------------------


def test_demo_logins_share_the_demo_password(demo):
    logins = {u.login: u for u in demo.users}
    assert set(logins) == {
        "admin",
        "coordo-alma",
        "coordo-epeule",
        "coordo-tourcoing",
        "membre-1",
        "membre-2",
        "membre-3",
    }
    assert logins["admin"].role == "admin"
    assert logins["coordo-epeule"].collective_id == "kpa-epeule"
    members = [u for u in demo.users if u.role == "member"]
    assert all(u.member_id for u in members)
    assert len({u.member_id for u in members}) == 3
    assert len({u.password_hash for u in demo.users}) == 1
    assert verify_password(demo.users[0].password_hash, DEMO_PASSWORD)


# --- scale -----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_hundred_thousand_members_stay_in_small_collectives():
    ds = generate_demo(members=100_000, requests=5000, seed=1, today=TODAY)
    assert len(ds.members) == len(ds.member_private) == 100_000
    assert len(ds.collectives) == 5000
    assert sum(r.status == "open" for r in ds.requests) == 5000
    sizes = defaultdict(int)
    for member in ds.members:
        sizes[member.collective_id] += 1
    assert max(sizes.values()) <= 25
    assert len(ds.users) == 7
