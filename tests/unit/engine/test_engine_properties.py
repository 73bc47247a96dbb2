"""Property tests on random small instances and random teams.

Two naive oracles, written differently from the engine (minute sets, datetimes, brute
force), judge each random case: one for a member's blockers, one for a team's
feasibility. The engine must agree with them, keep every score in [0, 1], be
deterministic, and never let a minor on a hazardous line.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.domain import age_on
from matcher.engine.constraints import coverage_assignment, member_blockers, team_violations
from matcher.engine.instance import Instance, parse_instance
from matcher.engine.scoring import rescore
from matcher.vocabulary import WEEKDAYS

SKILLS = ("cuisine", "couture", "menuiserie")
FIRST_DAY = date(2026, 12, 6)  # a Sunday: the window spans three ISO weeks
DAYS = [FIRST_DAY + timedelta(days=i) for i in range(16)]
HOLIDAY = date(2026, 12, 8)
BIRTHS = ["1990-01-01", "2010-06-01", "2009-12-10", "2008-12-12", "2011-02-01"]

PROFILE = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def spans(draw, step: int = 30) -> tuple[str, str]:
    start = draw(st.integers(0, 1440 // step - 1)) * step
    end = draw(st.integers(start // step + 1, 1440 // step)) * step
    return hhmm(start), hhmm(end)


@st.composite
def dated(draw) -> dict:
    start, end = draw(spans())
    return {"date": draw(st.sampled_from(DAYS)).isoformat(), "start": start, "end": end}


@st.composite
def windows(draw) -> list[dict]:
    if draw(st.booleans()):
        return [{"day": d, "start": "00:00", "end": "24:00"} for d in WEEKDAYS]
    out = []
    for _ in range(draw(st.integers(0, 6))):
        start, end = draw(spans(step=60))
        out.append({"day": draw(st.sampled_from(WEEKDAYS)), "start": start, "end": end})
    return out


@st.composite
def members(draw, member_id: str) -> dict:
    unavailable = []
    for _ in range(draw(st.integers(0, 1))):
        entry = {"date": draw(st.sampled_from(DAYS)).isoformat()}
        if draw(st.booleans()):
            entry["start"], entry["end"] = draw(spans())
        unavailable.append(entry)
    return {
        "id": member_id,
        "birth_date": draw(st.sampled_from(BIRTHS)),
        "contract_valid": draw(st.booleans()) or draw(st.booleans()),
        "parental_authorisation": draw(st.booleans()) or draw(st.booleans()),
        "skills": draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4), max_size=3)),
        "wishes": draw(st.lists(st.sampled_from(SKILLS), max_size=2, unique=True)),
        "availability": draw(windows()),
        "unavailable": unavailable,
        "booked": draw(st.lists(dated(), max_size=4)),
        "max_hours_week": draw(st.sampled_from([5, 20, 35])),
        "paid_hours_recent": draw(st.sampled_from([0, 4, 12.5, 40])),
        "zone": draw(st.sampled_from(["alma", "epeule", None])),
        "passions": draw(
            st.lists(st.sampled_from(["cuisine du monde", "fête", "vélo"]), max_size=2)
        ),
        "accommodations": draw(st.sampled_from([[], ["no_heavy_lifting"]])),
    }


@st.composite
def requests(draw) -> dict:
    dates = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
    sessions = []
    for d in dates:
        start, end = draw(spans())
        sessions.append({"date": d.isoformat(), "start": start, "end": end})
    lines = [
        {
            "skill": draw(st.sampled_from(SKILLS)),
            "min_level": draw(st.integers(0, 4)),
            "count": draw(st.integers(1, 2)),
            "optional": draw(st.booleans()),
            "hazards": draw(st.sampled_from([[], ["machine"], ["heavy_loads"]])),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    low = draw(st.integers(1, 3))
    return {
        "id": "r",
        "zone": "epeule",
        "passions": draw(st.sampled_from([[], ["fête de quartier"]])),
        "sessions": sessions,
        "skills": lines,
        "team_size": [low, low + draw(st.integers(0, 2))],
        "learning_slots": draw(st.integers(0, 2)),
        "hazards": draw(st.sampled_from([[], [], ["heat"], ["heavy_loads"]])),
        "licence_required": draw(st.sampled_from([None, None, "garde_moins_3_ans"])),
        "private_home": draw(st.booleans()),
    }


@st.composite
def cases(draw) -> tuple[dict, list]:
    count = draw(st.integers(1, 5))
    data = {
        "members": [draw(members(f"m{i}")) for i in range(count)],
        "request": draw(requests()),
        "public_holidays": [HOLIDAY.isoformat()],
        "carrier_licences": draw(st.sampled_from([[], ["garde_moins_3_ans"]])),
        "collaborations": [["m0", "m1", draw(st.integers(0, 6))]],
        "travel_minutes": {"alma": {"epeule": 20}},
        "policy": {"fairness": draw(st.sampled_from(["equal_hours", "desired_hours"]))},
    }
    chosen = draw(st.lists(st.integers(0, count - 1), unique=True, max_size=count))
    team = [
        {"id": f"m{i}", "role": draw(st.sampled_from(["membre", "apprenant", None]))}
        for i in chosen
    ]
    return data, team


# =======================================================================================
# Oracles


def minutes(start: str, end: str) -> set[int]:
    def m(text: str) -> int:
        return int(text[:2]) * 60 + int(text[3:])

    return set(range(m(start), m(end)))


def work_minutes(s: dict) -> int:
    length = len(minutes(s["start"], s["end"]))
    return length - 30 if length > 270 else length


def moment(day: str, text: str) -> datetime:
    return datetime.fromisoformat(day) + timedelta(minutes=int(text[:2]) * 60 + int(text[3:]))


def oracle_member_codes(m: dict, req: dict) -> set[str]:
    """The blocker codes of one member, recomputed naively."""
    codes: set[str] = set()
    birth = date.fromisoformat(m["birth_date"])
    sessions = req["sessions"]
    booked = m["booked"]

    def minor(s: dict) -> bool:
        return age_on(birth, date.fromisoformat(s["date"])) < 18

    def week(d: str) -> tuple[int, int]:
        return tuple(date.fromisoformat(d).isocalendar())[:2]

    for s in sessions:
        d = date.fromisoformat(s["date"])
        need = minutes(s["start"], s["end"])
        if age_on(birth, d) < 16:
            codes.add("age")
        free: set[int] = set()
        for w in m["availability"]:
            if w["day"] == WEEKDAYS[d.weekday()]:
                free |= minutes(w["start"], w["end"])
        if not need <= free:
            codes.add("availability")
        for u in m["unavailable"]:
            if u["date"] == s["date"] and (
                "start" not in u or need & minutes(u["start"], u["end"])
            ):
                codes.add("availability")
        if any(b["date"] == s["date"] and need & minutes(b["start"], b["end"]) for b in booked):
            codes.add("booked_overlap")
        if minor(s):
            if not m["parental_authorisation"]:
                codes.add("minor_authorisation")
            if min(need) < 360 or max(need) + 1 > 1320:
                codes.add("minor_night")
            if d.weekday() == 6 or d == HOLIDAY:
                codes.add("minor_sunday_holiday")
            day_total = sum(
                len(minutes(b["start"], b["end"])) for b in booked if b["date"] == s["date"]
            )
            day_total += sum(work_minutes(x) for x in sessions if x["date"] == s["date"])
            if day_total > 480:
                codes.add("minor_day_8h")
            start, end = moment(s["date"], s["start"]), moment(s["date"], s["end"])
            for other in [*booked, *(x for x in sessions if x is not s)]:
                delta = (date.fromisoformat(other["date"]) - d).days
                o_start, o_end = (
                    moment(other["date"], other["start"]),
                    moment(other["date"], other["end"]),
                )
                if (delta == -1 and start - o_end < timedelta(hours=12)) or (
                    delta == 1 and o_start - end < timedelta(hours=12)
                ):
                    codes.add("minor_daily_rest")
            if req["hazards"]:
                codes.add("minor_hazard")
        same_week = [x for x in sessions if week(x["date"]) == week(s["date"])]
        total = sum(
            len(minutes(b["start"], b["end"])) for b in booked if week(b["date"]) == week(s["date"])
        )
        total += sum(work_minutes(x) for x in same_week)
        if total > m["max_hours_week"] * 60:
            codes.add("weekly_cap")
        if minor(s):
            if total > 35 * 60:
                codes.add("minor_week_35h")
            monday = d - timedelta(days=d.weekday())
            busy = {x["date"] for x in [*booked, *sessions]}
            days = [(monday + timedelta(days=i)).isoformat() for i in range(7)]
            if not any(days[i] not in busy and days[i + 1] not in busy for i in range(6)):
                codes.add("minor_weekly_rest")
    if not m["contract_valid"]:
        codes.add("contract")
    if "heavy_loads" in req["hazards"] and "no_heavy_lifting" in m["accommodations"]:
        codes.add("accommodation")
    return codes


def oracle_feasible(data: dict, team: list[dict]) -> bool:
    """Brute-force reading of hard constraints 1–9 for a team."""
    req = data["request"]
    people = {m["id"]: m for m in data["members"]}
    ids = [t["id"] for t in team]
    learners = [t["id"] for t in team if t["role"] == "apprenant"]
    workers = [i for i in ids if i not in learners]
    dates = [date.fromisoformat(s["date"]) for s in req["sessions"]]

    def minor_any(i: str) -> bool:
        return any(age_on(date.fromisoformat(people[i]["birth_date"]), d) < 18 for d in dates)

    def allowed(i: str, skill: str) -> bool:
        """A hazard on any line of the skill bars the whole skill (fail closed)."""
        for ln in req["skills"]:
            if ln["skill"] != skill:
                continue
            heavy = (
                "heavy_loads" in ln["hazards"] and "no_heavy_lifting" in people[i]["accommodations"]
            )
            if (minor_any(i) and ln["hazards"]) or heavy:
                return False
        return True

    if req["licence_required"] and req["licence_required"] not in data["carrier_licences"]:
        return False
    if not req["team_size"][0] <= len(ids) <= req["team_size"][1]:
        return False
    if len(learners) > req["learning_slots"]:
        return False
    if any(oracle_member_codes(people[i], req) for i in ids):
        return False
    for ln in req["skills"]:
        able = [
            i
            for i in workers
            if people[i]["skills"].get(ln["skill"], -1) >= ln["min_level"]
            and allowed(i, ln["skill"])
        ]
        if not ln["optional"] and len(able) < ln["count"]:
            return False
    for d in dates:
        ages = [age_on(date.fromisoformat(people[i]["birth_date"]), d) for i in ids]
        if any(a < 18 for a in ages) and all(a < 18 for a in ages):
            return False
    if req["private_home"] and any(minor_any(i) for i in ids) and len(ids) < 2:
        return False
    request_skills = {ln["skill"] for ln in req["skills"]}
    for learner in learners:
        ok = any(
            skill in request_skills
            and allowed(learner, skill)
            and any(people[t]["skills"].get(skill, -1) >= 3 and allowed(t, skill) for t in workers)
            for skill in people[learner]["wishes"]
        )
        if not ok:
            return False
    return True


# =======================================================================================
# Properties


@PROFILE
@given(cases())
def test_member_blockers_agree_with_a_naive_oracle(case):
    data, _ = case
    inst = parse_instance(data)
    for raw in data["members"]:
        engine = {b.code for b in member_blockers(inst, inst.member(raw["id"]))}
        assert engine == oracle_member_codes(raw, data["request"]), raw["id"]


@PROFILE
@given(cases())
def test_feasibility_agrees_with_a_brute_force_oracle(case):
    data, team = case
    inst = parse_instance(data)
    out = rescore(inst, team)
    assert out["feasible"] is (team_violations(inst, team) == [])
    assert out["feasible"] is oracle_feasible(data, team)
    if not out["feasible"]:
        assert all(b["message_fr"] for b in out["broken"])


@PROFILE
@given(cases())
def test_scores_stay_in_the_unit_interval(case):
    data, team = case
    score = rescore(parse_instance(data), team)["score"]
    assert set(score) == {
        "total",
        "coverage",
        "learning",
        "fairness",
        "cohesion",
        "passion",
        "proximity",
    }
    assert all(0.0 <= v <= 1.0 for v in score.values()), score


@PROFILE
@given(cases())
def test_rescore_is_deterministic(case):
    data, team = case
    first = parse_instance(data)
    assert rescore(first, team) == rescore(first, team) == rescore(parse_instance(data), team)


def _minor_any(inst: Instance, member_id: str) -> bool:
    birth = inst.member(member_id).birth_date
    return any(age_on(birth, s.date) < 18 for s in inst.request.sessions)


@PROFILE
@given(cases())
def test_never_a_minor_on_a_hazardous_line(case):
    data, team = case
    inst = parse_instance(data)
    lines = inst.request.skills
    coverage = coverage_assignment(inst, [m.id for m in inst.members])
    for j, ids in enumerate(coverage.lines):
        if lines[j].hazards:
            assert not any(_minor_any(inst, i) for i in ids)
    out = rescore(inst, team)
    hazardous = {ln.skill for ln in lines if ln.hazards}
    for placed in out["members"]:
        if _minor_any(inst, placed["id"]):
            assert not hazardous & set(placed["covers"])
            assert not hazardous & set(placed["learns"])
    if out["feasible"] and inst.request.hazards:
        assert not any(_minor_any(inst, m["id"]) for m in out["members"])


@PROFILE
@given(cases())
def test_every_role_is_known_and_there_is_one_referent(case):
    data, team = case
    out = rescore(parse_instance(data), team)
    roles = [m["role"] for m in out["members"]]
    assert set(roles) <= {"referent", "membre", "apprenant"}
    workers = [t for t in team if t["role"] != "apprenant"]
    assert roles.count("referent") == (1 if workers else 0)


@PROFILE
@given(cases())
def test_screening_the_whole_roster_agrees_with_member_blockers(case):
    """The vectorised screen (pool.codes) gives each member exactly the reference codes."""
    from matcher.engine.pool import prepare

    data, _ = case
    inst = parse_instance(data)
    pool = prepare(inst)
    for i, member in enumerate(inst.members):
        screened = {code for code, rows in pool.codes.items() if rows[i]}
        assert screened == {b.code for b in member_blockers(inst, member)}, member.id
        assert bool(pool.eligible[i]) is (not member_blockers(inst, member))
