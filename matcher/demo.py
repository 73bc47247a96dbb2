"""Demo cooperative generator: a realistic, reproducible KPA-Cité network.

The demo lets people try KPA Matcher without real personal data, and gives tests and
benchmarks a dataset whose shape matches the field (DOMAIN.md §1.6, §8, §9): small
collectives of about 20 members, a third of them aged 16–17, twelve weeks of done
missions, and a handful of open requests for the current and next ISO weeks.

The history obeys the rules the matcher must enforce (minors: no hazards, no Sundays or
public holidays, no night work, 8 h/day, 35 h/week, breaks, rest; nobody double-booked),
so it can serve as ground truth. Everything derives from ``seed`` and ``today``: the
same arguments give an equal :class:`~matcher.domain.Dataset`.

>>> from datetime import date
>>> ds = generate_demo(members=20, requests=3, seed=7, today=date(2026, 11, 28))
>>> len(ds.members), sum(r.status == "open" for r in ds.requests)
(20, 3)
"""

from __future__ import annotations

import bisect
import functools
import gc
import itertools
import random
import unicodedata
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from matcher import __version__
from matcher.demo_texts import (
    ADULT_ONLY_SKILLS,
    CLIENT_COMMENTS,
    FIRST_NAMES,
    GENERIC_PASSIONS,
    LAST_NAMES,
    PAIR_COMMENTS,
    PROFILES,
    ROUBAIX_ZONES,
    SKILL_LABELS_FR,
    SOFT_SKILLS,
    TEMPLATES,
    TEMPLATES_BY_KEY,
    TOURCOING_ZONES,
    UNAVAILABILITY_REASONS,
    WISH_PASSIONS,
    ZONE_DE,
    RequestTemplate,
    SkillNeed,
)
from matcher.domain import (
    AuditEntry,
    Availability,
    BatchRun,
    Collective,
    Dataset,
    Feedback,
    HoursEntry,
    LearningWish,
    Member,
    MemberPrivate,
    MemberSkill,
    Mission,
    MissionMember,
    Network,
    Passion,
    PeerLearningPair,
    Proposal,
    ProposalMember,
    RequestSession,
    RequiredSkill,
    ServiceRequest,
    Unavailability,
    User,
    is_minor_on,
)
from matcher.passwords import hash_password
from matcher.vocabulary import ACCOMMODATIONS, ADULT_AGE, LEAD_LEVEL, MIN_MEMBER_AGE, WEEKDAYS

__all__ = ["DEMO_PASSWORD", "french_public_holidays", "generate_demo"]

DEMO_PASSWORD = "kpa-demo-2026"

#: Target size of one collective; large demos get more collectives, never bigger ones.
MEMBERS_PER_COLLECTIVE = 20
#: Length of the generated history (12 weeks before ``today``).
HISTORY_DAYS = 84
#: A collective does the same kind of request at most this often in the history.
MAX_REPEATS = 5

# Legal limits for workers aged 16-17 (Code du travail, DOMAIN.md §2.1), in minutes.
MINOR_DAY_MAX = 8 * 60
MINOR_WEEK_MAX = 35 * 60
MINOR_BLOCK_MAX = 4 * 60 + 30
MINOR_BREAK = 30
MINOR_DAILY_REST = 12 * 60
NIGHT_END, NIGHT_START = 6 * 60, 22 * 60
ADULT_DAY_MAX = 10 * 60

_T = TypeVar("_T")
_TIMES = tuple(time(m // 60, m % 60) for m in range(24 * 60))
_ZONE_LABELS = {**ROUBAIX_ZONES, **TOURCOING_ZONES}
_SPECIAL_OPEN = ("cabanes", "tonte-haie", "garde-bebe")

# Level weights for levels 0..4: few 4s, soft skills rarely at 0.
_LEVELS = (0, 1, 2, 3, 4)
_WISHABLE = tuple(s for s in SKILL_LABELS_FR if s not in SOFT_SKILLS)
#: Earlier skills of a profile are its core: picked more often.
_POSITION_WEIGHTS = tuple(1 / (1 + 0.5 * i) for i in range(10))
_PRIMARY_LEVELS = (3, 20, 37, 31, 9)
_SECONDARY_LEVELS = (15, 35, 30, 15, 5)
_SOFT_LEVELS = (0, 20, 45, 28, 7)

_ADULT_AGES = tuple(range(18, 31))
_ADULT_AGE_WEIGHTS = (10, 10, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2)
_LANGUAGES = ("ar", "ber", "en", "tr", "pt", "es", "wo", "pl")
_LANGUAGE_WEIGHTS = (40, 12, 20, 10, 8, 4, 3, 3)

# Weekly windows (minutes): minors are at school on weekdays and never work late.
_MINOR_DAY_WEIGHTS = (2, 2, 6, 2, 3, 6, 0)
_ADULT_DAY_WEIGHTS = (4, 4, 5, 4, 4, 5, 1)
_MINOR_WINDOWS = {
    2: ((810, 1110),),
    4: ((990, 1200),),
    5: ((540, 1080), (780, 1080), (540, 780)),
}
_MINOR_EVENING = ((1020, 1170),)
# Repeated entries weigh more: most adults are free the whole working day.
_ADULT_WEEKDAY_WINDOWS = (
    *((540, 1020),) * 3,
    *((480, 1080),) * 3,
    *((480, 1200),) * 2,
    (780, 1140),
    (480, 720),
    (840, 1260),
)
_ADULT_SATURDAY_WINDOWS = (*((480, 1080),) * 3, (540, 780), (780, 1140))
_ADULT_SUNDAY_WINDOWS = ((600, 1020),)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


#: Template sessions as (day offset, start minute, end minute), parsed once.
_TEMPLATE_SESSIONS = {
    t.key: tuple((off, _minutes(start), _minutes(end)) for off, start, end in t.sessions)
    for t in TEMPLATES
}


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, _TIMES[minutes])


def _years_after(day: date, years: int) -> date:
    """Same calendar day ``years`` later (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous algorithm), for Easter Monday, Ascension, Whit Monday."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


@functools.cache
def french_public_holidays(year: int) -> frozenset[date]:
    """The eleven French public holidays of ``year``: minors never work on them."""
    easter = _easter_sunday(year)
    fixed = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
    moving = [easter + timedelta(days=offset) for offset in (1, 39, 50)]
    return frozenset([date(year, month, day) for month, day in fixed] + moving)


@functools.cache
def _profile_weights(focus: tuple[str, ...]) -> tuple[int, ...]:
    """Profile weights in a collective: its focus activities are three times as common."""
    return tuple(p.weight * (3 if name in focus else 1) for name, p in PROFILES.items())


@functools.cache
def _demo_password_hash() -> str:
    """Hash the demo password once per process: argon2 is deliberately slow."""
    return hash_password(DEMO_PASSWORD)


@dataclass
class _Plan:
    """A collective to generate, with what the generator needs beside the stored row."""

    collective: Collective
    zones: tuple[str, ...]
    size: int
    #: User who approves pairs and accepts proposals (its coordinator, else the admin).
    staff_user: str
    coordinator_login: str | None = None
    season: tuple[date, date] | None = None
    #: Profiles over-represented here: a KPA grows around a few activities.
    focus: tuple[str, ...] = ()

    def active_on(self, day: date) -> bool:
        """A summer CJS only works during its season; a KPA works all year."""
        return self.season is None or self.season[0] <= day <= self.season[1]


@dataclass(eq=False)
class _Person:
    """A member plus the working state of the simulation (skills, windows, hours ledger)."""

    member: Member
    birth: date
    levels: dict[str, int]
    wishes: list[str]
    windows: dict[int, tuple[int, int]]
    off: dict[date, tuple[int, int]]
    can_work: bool
    work_from: date
    work_to: date
    honorability: bool
    days: dict[date, list[tuple[int, int]]] = field(default_factory=dict)
    week_minutes: dict[tuple[int, int], int] = field(default_factory=dict)
    total_minutes: int = 0

    @property
    def id(self) -> str:
        return self.member.id


class _Rng(random.Random):
    """``random.Random`` with cheaper integer, choice and weighted draws.

    A 100 000-member demo draws millions of numbers; these skip the generality of the
    standard methods but stay uniform and fully determined by the seed.
    """

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self._cumulative: dict[tuple, list[float]] = {}

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence[_T]) -> _T:
        return seq[int(self.random() * len(seq))]

    def weighted(self, items: Sequence[_T], weights: Sequence[float]) -> _T:
        """One item drawn with the given (non-negative) weights; tuples are cached."""
        cumulative = self._cumulative.get(weights) if isinstance(weights, tuple) else None
        if cumulative is None:
            cumulative = list(itertools.accumulate(weights))
            if isinstance(weights, tuple):
                self._cumulative[weights] = cumulative
        return items[bisect.bisect(cumulative, self.random() * cumulative[-1])]


class _Cycler:
    """Deals texts from shuffled decks per theme, so passions repeat as late as possible."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._decks: dict[str, list[str]] = {}

    def deal(self, key: str, texts: tuple[str, ...]) -> str:
        deck = self._decks.get(key)
        if not deck:
            deck = list(texts)
            self._rng.shuffle(deck)
            self._decks[key] = deck
        return deck.pop()


# --- hours ledger: the legal checks every booking goes through -----------------------


def _fits(person: _Person, day: date, start: int, end: int, weekly_cap: int) -> bool:
    """True when ``person`` may work [start, end) on ``day`` given what is booked."""
    booked = person.days.get(day, ())
    if any(start < b and a < end for a, b in booked):
        return False
    length = end - start
    day_total = length + sum(b - a for a, b in booked)
    week_total = length + person.week_minutes.get(day.isocalendar()[:2], 0)
    if week_total > weekly_cap:
        return False
    if not is_minor_on(person.birth, day):
        return day_total <= ADULT_DAY_MAX
    return _minor_fits(person, day, start, end, day_total, week_total)


def _minor_fits(
    person: _Person, day: date, start: int, end: int, day_total: int, week_total: int
) -> bool:
    """Rules for 16-17 year olds: days, hours, breaks, rests (DOMAIN.md §2.1)."""
    if day.weekday() == 6 or day in french_public_holidays(day.year):
        return False
    if start < NIGHT_END or end > NIGHT_START or end - start > MINOR_BLOCK_MAX:
        return False
    if day_total > MINOR_DAY_MAX or week_total > MINOR_WEEK_MAX:
        return False
    booked = person.days.get(day, ())
    if any(start < b + MINOR_BREAK and a < end + MINOR_BREAK for a, b in booked):
        return False
    first = min([start, *(a for a, _ in booked)])
    last = max([end, *(b for _, b in booked)])
    before = person.days.get(day - timedelta(days=1))
    if before and 24 * 60 - max(b for _, b in before) + first < MINOR_DAILY_REST:
        return False
    after = person.days.get(day + timedelta(days=1))
    if after and 24 * 60 - last + min(a for a, _ in after) < MINOR_DAILY_REST:
        return False
    return _keeps_two_rest_days(person, day)


def _keeps_two_rest_days(person: _Person, day: date) -> bool:
    """Two consecutive days off must remain in the ISO week once ``day`` is worked."""
    monday = day - timedelta(days=day.weekday())
    worked = []
    for i in range(7):
        current = monday + timedelta(days=i)
        worked.append(current == day or bool(person.days.get(current)))
    return any(not worked[i] and not worked[i + 1] for i in range(6))


def _book(person: _Person, day: date, start: int, end: int) -> None:
    person.days.setdefault(day, []).append((start, end))
    week = day.isocalendar()[:2]
    person.week_minutes[week] = person.week_minutes.get(week, 0) + end - start
    person.total_minutes += end - start


def _unbook(person: _Person, day: date, start: int, end: int) -> None:
    booked = person.days[day]
    booked.remove((start, end))
    if not booked:
        del person.days[day]
    week = day.isocalendar()[:2]
    person.week_minutes[week] -= end - start
    person.total_minutes -= end - start


def _try_book(person: _Person, sessions: list[tuple[date, int, int]], weekly_cap: int) -> bool:
    """Book every session or none: a member joins a mission for all its sessions."""
    done: list[tuple[date, int, int]] = []
    for session in sessions:
        if not _fits(person, *session, weekly_cap):
            for undo in done:
                _unbook(person, *undo)
            return False
        _book(person, *session)
        done.append(session)
    return True


def _can_lead(person: _Person, required: list[SkillNeed]) -> bool:
    """Level ≥ 3 (and the required level) in a required know-how, not a savoir-être."""
    return any(
        person.levels.get(n.skill_id, 0) >= max(LEAD_LEVEL, n.min_level)
        for n in required
        if n.skill_id not in SOFT_SKILLS
    )


def _counts_met(required: list[SkillNeed], people: list[_Person]) -> bool:
    """Enough people at the required level for every required skill."""
    return all(
        sum(p.levels.get(n.skill_id, 0) >= n.min_level for p in people) >= n.count for n in required
    )


def _available(person: _Person, sessions: list[tuple[date, int, int]]) -> bool:
    """Inside a weekly window and outside any dated unavailability, for every session."""
    for day, start, end in sessions:
        window = person.windows.get(day.weekday())
        if window is None or not (window[0] <= start and end <= window[1]):
            return False
        off = person.off.get(day)
        if off is not None and start < off[1] and off[0] < end:
            return False
    return True


# --- the generator ------------------------------------------------------------------


def generate_demo(
    members: int = 60, requests: int = 15, seed: int = 1, today: date | None = None
) -> Dataset:
    """Build a demo network of ``members`` members and ``requests`` open requests.

    Pure and deterministic: the same arguments give an equal dataset (password hashes
    are salted, but computed once per process). ``today`` anchors every date; pass it
    explicitly in tests. Large sizes (100 000 members) add collectives of about 20.
    """
    # Millions of small rows and no reference cycles: the cyclic collector would only
    # rescan the growing heap over and over (about a third of the run time at 100 000).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Builder(seed, today or date.today()).build(members, requests)
    finally:
        if collecting:
            gc.enable()


class _Builder:
    """Holds the random generator, id counters and the dataset being filled."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = _Rng(seed)
        self.seed = seed
        self.today = today
        self.window_start = today - timedelta(days=HISTORY_DAYS)
        self.ds = Dataset()
        self.cycler = _Cycler(self.rng)
        self.counters: dict[str, int] = {}
        self.history_templates = [t for t in TEMPLATES if t.licence is None and t.weight]
        self._placement_cache: dict[tuple, list[list[tuple[date, int, int]]]] = {}
        self.mondays = self._history_mondays()

    def next_id(self, kind: str, width: int) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{kind}-{self.counters[kind]:0{width}d}"

    def _history_mondays(self) -> list[date]:
        """Weeks whose batch run (Sunday evening before) falls inside the history window."""
        monday = self.window_start + timedelta(days=1)
        monday += timedelta(days=(7 - monday.weekday()) % 7)
        current = self.today - timedelta(days=self.today.weekday())
        weeks = []
        while monday <= current:
            weeks.append(monday)
            monday += timedelta(days=7)
        return weeks

    def build(self, members: int, requests: int) -> Dataset:
        self.ds.networks.append(Network("net-1", "Réseau KPA-Cité Métropole lilloise"))
        plans = self._plan_collectives(members)
        self.ds.collectives.extend(plan.collective for plan in plans)
        first_people: list[list[_Person]] = []
        for plan in plans:
            people = self._make_people(plan)
            self._simulate_history(plan, people)
            self._make_pairs(plan, people)
            if len(first_people) < 3:
                first_people.append(people)
        self._make_open_requests(plans, requests)
        self._make_users(plans, first_people)
        self.ds.audit_log.sort(key=lambda entry: entry.at)
        return self.ds

    # --- collectives ----------------------------------------------------------------

    def _plan_collectives(self, members: int) -> list[_Plan]:
        """Three named KPA, then numbered ones of ~20 members each (one summer CJS)."""
        count = max(3, round(members / MEMBERS_PER_COLLECTIVE))
        sizes = [members // count + (i < members % count) for i in range(count)]
        roubaix, tourcoing = tuple(ROUBAIX_ZONES), tuple(TOURCOING_ZONES)
        net = "net-1"
        plans = [
            _Plan(
                Collective("kpa-alma", net, "KPA Alma", territory="Roubaix – Alma-Gare"),
                ("alma", "epeule", "trois-ponts", "cul-de-four", "pile"),
                sizes[0],
                "u-coordo-alma",
                "coordo-alma",
                focus=("cuisine", "couture", "beaute"),
            ),
            _Plan(
                Collective(
                    "kpa-epeule",
                    net,
                    "KPA Épeule",
                    territory="Roubaix – Épeule",
                    fairness_policy="proportional_to_presence",
                    honorability_required=True,
                ),
                ("epeule", "alma", "moulin", "hommelet", "fosse-aux-chenes"),
                sizes[1],
                "u-coordo-epeule",
                "coordo-epeule",
                focus=("bois", "jardin", "enfance"),
            ),
            _Plan(
                Collective(
                    "kpa-tourcoing-bourgogne",
                    net,
                    "KPA Tourcoing – La Bourgogne",
                    territory="Tourcoing – La Bourgogne",
                    fairness_policy="needs_weighted",
                ),
                tourcoing,
                sizes[2],
                "u-coordo-tourcoing",
                "coordo-tourcoing",
                focus=("numerique", "commerce", "logistique"),
            ),
        ]
        policies = ("equal_hours", "equal_income", "proportional_to_presence", "needs_weighted")
        for i in range(3, count):
            city, zones = ("Roubaix", roubaix) if i % 2 else ("Tourcoing", tourcoing)
            offset = i % len(zones)
            zones = (zones[offset:] + zones[:offset])[:4]
            collective = Collective(
                f"kpa-{city.lower()}-{i + 1:02d}",
                net,
                f"KPA {city} {i + 1:02d}",
                territory=f"{city} – {_ZONE_LABELS[zones[0]]}",
                fairness_policy=policies[i % len(policies)],
                licences=["garde_moins_3_ans"] if i == 3 else [],
            )
            focus = tuple(self.rng.sample(tuple(PROFILES), 3))
            plan = _Plan(collective, zones, sizes[i], "u-admin", focus=focus)
            if i == 4:
                self._make_summer_cjs(plan, city)
            plans.append(plan)
        return plans

    def _make_summer_cjs(self, plan: _Plan, city: str) -> None:
        """Turn ``plan`` into the latest summer's CJS (July–August)."""
        year = self.today.year if self.today >= date(self.today.year, 7, 1) else self.today.year - 1
        number = plan.collective.id.rsplit("-", 1)[1]
        plan.collective.id = f"cjs-{city.lower()}-{number}"
        plan.collective.name = f"CJS {city} {number} (été {year})"
        plan.collective.kind = "cjs"
        plan.collective.season = f"été {year}"
        plan.season = (date(year, 7, 1), date(year, 8, 31))

    # --- members --------------------------------------------------------------------

    def _make_people(self, plan: _Plan) -> list[_Person]:
        first = self.counters.get("m", 0) + 1
        ids = [f"m-{n:05d}" for n in range(first, first + plan.size)]
        self.counters["m"] = first + plan.size - 1
        minors = [i < round(plan.size / 3) for i in range(plan.size)]
        self.rng.shuffle(minors)
        people = [
            self._make_person(plan, member_id, ids, minor)
            for member_id, minor in zip(ids, minors, strict=True)
        ]
        for person in people:
            self._emit_windows(person)
        return people

    def _make_person(
        self, plan: _Plan, member_id: str, colleagues: list[str], minor: bool
    ) -> _Person:
        rng, today = self.rng, self.today
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        birth = self._birth_date(plan, minor)
        minor_now = is_minor_on(birth, today)
        joined = self._joined_on(plan, birth)
        status, start, end = self._status(plan, minor_now, joined)
        member = Member(
            member_id,
            plan.collective.id,
            f"{first} {last[0]}.",
            status=status,
            contract_start=start,
            contract_end=end,
            home_zone=rng.choice(plan.zones),
            mobility=self._mobility(minor_now),
            max_travel_minutes=rng.choice((15, 20, 25, 30, 30, 35, 40, 45)),
            visibility="private" if minor_now else "public",
            joined_on=joined,
        )
        self._desired_hours(member, minor_now)
        if rng.random() < 0.07:
            member.accommodations = [rng.choice(tuple(ACCOMMODATIONS))]
        private = self._private(plan, member, f"{first} {last}", birth)
        banned = ADULT_ONLY_SKILLS if minor_now else ()
        levels, profile = self._skills(plan, member, colleagues, banned)
        member.languages = self._languages(levels)
        wishes = self._wishes(member.id, levels, profile, banned)
        self._passions(member.id, profile, wishes)
        self.ds.members.append(member)
        self.ds.member_private.append(private)
        return _Person(
            member,
            birth,
            levels,
            wishes,
            self._windows(minor_now),
            self._unavailabilities(member.id),
            can_work=status != "visitor",
            work_from=start if status == "cjs_contract" and start else joined,
            work_to=end or date.max,
            honorability=private.honorability_date is not None,
        )

    def _birth_date(self, plan: _Plan, minor: bool) -> date:
        """16-17 for the third drawn as minors; adults mostly 18-30 (CJS: 16-18 in July)."""
        rng = self.rng
        reference = plan.season[0] if plan.season else self.today
        if plan.season:
            age = rng.choice((16, 17)) if minor else rng.choice((17, 18))
        elif minor:
            age = rng.choice((16, 17))
        elif rng.random() < 0.9:
            age = rng.weighted(_ADULT_AGES, _ADULT_AGE_WEIGHTS)
        else:
            age = rng.randint(31, 52)
        return _years_after(reference, -age) - timedelta(days=rng.randint(1, 364))

    def _joined_on(self, plan: _Plan, birth: date) -> date:
        rng = self.rng
        if plan.season:
            joined = plan.season[0] - timedelta(days=rng.randint(7, 30))
        elif rng.random() < 0.15:
            joined = self.today - timedelta(days=rng.randint(7, 90))
        else:
            joined = self.today - timedelta(days=rng.randint(91, 1000))
        yesterday = self.today - timedelta(days=1)
        return min(yesterday, max(joined, _years_after(birth, MIN_MEMBER_AGE)))

    def _status(
        self, plan: _Plan, minor_now: bool, joined: date
    ) -> tuple[str, date | None, date | None]:
        """Status and contract dates: CJS contract, or CAPE/CESA/associé·e for adults."""
        rng, today = self.rng, self.today
        if plan.season:
            return "cjs_contract", max(plan.season[0], joined), plan.season[1]
        if minor_now:
            return ("volunteer" if rng.random() < 0.75 else "visitor"), None, None
        draw = rng.random()
        seniority = (today - joined).days
        if draw < 0.30 and seniority <= 330:
            start = min(today, joined + timedelta(days=rng.randint(0, 14)))
            return "cape", start, start + timedelta(days=365)
        if draw < 0.50:
            return "cesa", min(today, joined + timedelta(days=rng.randint(30, 180))), None
        if draw < 0.65 and seniority >= 180:
            return "associe", min(today, joined + timedelta(days=rng.randint(180, 540))), None
        return ("volunteer" if draw < 0.90 else "visitor"), None, None

    def _mobility(self, minor_now: bool) -> str:
        if minor_now:
            return self.rng.weighted(("walk", "bike", "public_transport"), (4, 2, 4))
        return self.rng.weighted(("walk", "bike", "public_transport", "car"), (3, 2, 4, 2))

    def _desired_hours(self, member: Member, minor_now: bool) -> None:
        rng = self.rng
        if minor_now:
            member.desired_hours_min = float(rng.choice((0, 0, 2)))
            member.desired_hours_max = float(rng.choice((6, 8, 10, 12, 15)))
        else:
            member.desired_hours_min = float(rng.choice((0, 0, 5, 10, 15)))
            upper = rng.choice((10, 15, 20, 25, 30, 35))
            member.desired_hours_max = float(max(upper, member.desired_hours_min + 5))

    def _private(self, plan: _Plan, member: Member, legal_name: str, birth: date) -> MemberPrivate:
        """Legal identity and paperwork: parental authorisation, honorability check."""
        rng, joined = self.rng, member.joined_on or self.today
        private = MemberPrivate(member.id, legal_name, birth, contact=self._contact(legal_name))
        if is_minor_on(birth, joined):
            signed = joined - timedelta(days=rng.randint(1, 20))
            private.parental_authorisation_date = signed
            private.parental_authorisation_ref = f"AP-{signed.year}-{member.id[2:]}"
        share = 0.6 if plan.collective.honorability_required else 0.2
        if not is_minor_on(birth, self.today) and rng.random() < share:
            checked = self.today - timedelta(days=rng.randint(30, 700))
            private.honorability_date = max(checked, _years_after(birth, ADULT_AGE))
        return private

    def _contact(self, legal_name: str) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            digits = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
            return f"0{rng.choice('67')} {digits}"
        ascii_name = unicodedata.normalize("NFKD", legal_name).encode("ascii", "ignore")
        local = ".".join(ascii_name.decode().lower().replace("-", " ").split())
        return f"{local}{rng.randint(1, 99)}@example.org"

    def _languages(self, levels: dict[str, int]) -> list[str]:
        rng = self.rng
        languages = ["fr"]
        extra = 2 if rng.random() < 0.08 else int(rng.random() < 0.35)
        for _ in range(extra):
            language = rng.weighted(_LANGUAGES, _LANGUAGE_WEIGHTS)
            if language not in languages:
                languages.append(language)
        for skill, language in (("arabe", "ar"), ("anglais", "en")):
            if skill in levels and language not in languages:
                languages.append(language)
        return languages

    # --- skills, wishes, passions -----------------------------------------------------

    def _pick(self, items: tuple[str, ...], k: int, exclude: Container[str]) -> list[str]:
        """Up to ``k`` items, favouring the first ones (core skills of a profile)."""
        pool = [item for item in items if item not in exclude]
        picked = []
        while pool and len(picked) < k:
            weights = _POSITION_WEIGHTS[: len(pool)]
            picked.append(pool.pop(self.rng.weighted(range(len(pool)), weights)))
        return picked

    def _skills(
        self, plan: _Plan, member: Member, colleagues: list[str], banned: tuple[str, ...]
    ) -> tuple[dict[str, int], str]:
        """2-7 correlated skills: a main profile, maybe a second one, some savoir-être."""
        rng = self.rng
        names = tuple(PROFILES)
        profile = rng.weighted(names, _profile_weights(plan.focus))
        levels: dict[str, int] = {}
        for skill in self._pick(PROFILES[profile].skills, rng.randint(2, 5), banned):
            levels[skill] = rng.weighted(_LEVELS, _PRIMARY_LEVELS)
        if rng.random() < 0.45:
            other = rng.choice([n for n in names if n != profile])
            exclude = (*levels, *banned)
            for skill in self._pick(PROFILES[other].skills, rng.randint(1, 2), exclude):
                levels[skill] = rng.weighted(_LEVELS, _SECONDARY_LEVELS)
        soft = rng.weighted((0, 1, 2), (3, 5, 2))
        for skill in rng.sample(SOFT_SKILLS, soft):
            if len(levels) < 7:
                levels[skill] = rng.weighted(_LEVELS, _SOFT_LEVELS)
        peers = [c for c in colleagues if c != member.id]
        for skill, level in levels.items():
            self.ds.member_skills.append(self._member_skill(plan, member, skill, level, peers))
        return levels, profile

    def _member_skill(
        self, plan: _Plan, member: Member, skill: str, level: int, peers: list[str]
    ) -> MemberSkill:
        """Mostly self-declared; some seen by a peer or validated by the coordinator."""
        rng, today = self.rng, self.today
        row = MemberSkill(member.id, skill, level)
        if level:
            row.last_practised = today - timedelta(days=rng.randint(1, 240))
        weights = (5, 3, 2) if level >= LEAD_LEVEL else (8, 2, 1) if level else (1, 0, 0)
        row.evidence = rng.weighted(("self", "peer", "coordinator"), weights)
        earliest = max(member.joined_on or today, today - timedelta(days=400))
        span = (today - earliest).days  # validated since joining, before today
        if span < 1 or (row.evidence == "peer" and not peers):
            row.evidence = "self"
        if row.evidence == "self":
            return row
        row.validated_at = _at(
            earliest + timedelta(days=rng.randrange(span)), rng.randint(600, 1080)
        )
        if row.evidence == "peer":
            row.validated_by = rng.choice(peers)
            row.evidence_ref = "vu en mission par un·e pair"
        else:
            row.validated_by = plan.staff_user
            row.evidence_ref = "mise en situation à l'atelier"
        return row

    def _wishes(
        self, member_id: str, levels: dict[str, int], profile: str, banned: tuple[str, ...]
    ) -> list[str]:
        """1-3 skills the member does not hold at level 2 or more."""
        rng = self.rng
        wanted = rng.weighted((1, 2, 3), (4, 4, 2))
        held = (*(skill for skill, level in levels.items() if level >= 2), *banned)
        candidates = self._pick(PROFILES[profile].skills, 2, held)
        other = rng.choice(tuple(PROFILES))
        candidates += self._pick(PROFILES[other].skills, 2, held)
        if not candidates:  # holds its profiles at level 2+: wishes something else
            candidates = [s for s in _WISHABLE if s not in held][:1]
        wishes: list[str] = []
        for skill in candidates:
            if skill not in wishes and len(wishes) < wanted:
                wishes.append(skill)
        for priority, skill in enumerate(wishes, start=1):
            self.ds.learning_wishes.append(LearningWish(member_id, skill, priority))
        return wishes

    def _passions(self, member_id: str, profile: str, wishes: list[str]) -> None:
        """1-3 passions in the member's words, matching their profile and wishes."""
        rng = self.rng
        texts = [self.cycler.deal(profile, PROFILES[profile].passions)]
        wanted = rng.weighted((1, 2, 3), (3, 5, 3))
        wish_texts = [w for w in wishes if w in WISH_PASSIONS]
        if wanted >= 2 and wish_texts and rng.random() < 0.7:
            skill = rng.choice(wish_texts)
            texts.append(self.cycler.deal(f"wish:{skill}", WISH_PASSIONS[skill]))
        while len(texts) < wanted:
            texts.append(self.cycler.deal("generic", GENERIC_PASSIONS))
        for text in dict.fromkeys(texts):
            self.ds.passions.append(Passion(member_id, text))

    # --- availability -----------------------------------------------------------------

    def _windows(self, minor_now: bool) -> dict[int, tuple[int, int]]:
        """One weekly window per chosen day; minors: evenings, Wednesday, Saturday."""
        rng = self.rng
        weights = list(_MINOR_DAY_WEIGHTS if minor_now else _ADULT_DAY_WEIGHTS)
        days: list[int] = []
        for _ in range(rng.randint(2, 4) if minor_now else rng.randint(3, 6)):
            day = rng.weighted(range(7), weights)
            weights[day] = 0
            days.append(day)
            if not any(weights):
                break
        windows = {}
        for day in sorted(days):
            if minor_now:
                options = _MINOR_WINDOWS.get(day, _MINOR_EVENING)
            else:
                options = {5: _ADULT_SATURDAY_WINDOWS, 6: _ADULT_SUNDAY_WINDOWS}.get(
                    day, _ADULT_WEEKDAY_WINDOWS
                )
            windows[day] = rng.choice(options)
        return windows

    def _emit_windows(self, person: _Person) -> None:
        for day, (start, end) in person.windows.items():
            self.ds.availabilities.append(
                Availability(person.id, WEEKDAYS[day], _TIMES[start], _TIMES[end])
            )

    def _unavailabilities(self, member_id: str) -> dict[date, tuple[int, int]]:
        """A few dated exceptions (exam, family party...) around the history and next weeks."""
        rng = self.rng
        off: dict[date, tuple[int, int]] = {}
        if rng.random() >= 0.15:
            return off
        for _ in range(rng.randint(1, 2)):
            day = self.today + timedelta(days=rng.randint(-HISTORY_DAYS + 1, 20))
            if day in off:
                continue
            reason = rng.choice(UNAVAILABILITY_REASONS)
            if rng.random() < 0.6:
                off[day] = (0, 24 * 60)
                self.ds.unavailabilities.append(Unavailability(member_id, day, reason=reason))
            else:
                start, end = rng.choice(((480, 720), (840, 1080)))
                off[day] = (start, end)
                self.ds.unavailabilities.append(
                    Unavailability(member_id, day, _TIMES[start], _TIMES[end], reason)
                )
        return off

    # --- history ----------------------------------------------------------------------

    def _simulate_history(self, plan: _Plan, people: list[_Person]) -> None:
        """Twelve weeks of weekly runs, meetings, a training and staffed, done requests."""
        rng = self.rng
        cap = int(plan.collective.default_weekly_hour_cap * 60)
        workers = [p for p in people if p.can_work]
        meeting_day = rng.choice((1, 3))
        training_week = rng.randrange(len(self.mondays)) if self.mondays else -1
        chance = min(0.9, 0.5 * plan.size / MEMBERS_PER_COLLECTIVE)
        leads = self._feasible_templates(workers)
        offer = dict.fromkeys(leads, 0)
        for index, monday in enumerate(self.mondays):
            if not any(plan.active_on(monday + timedelta(days=d)) for d in range(7)):
                continue
            run = self._batch_run(plan, monday)
            if index % 2 == 0:
                self._gathering(plan, people, monday + timedelta(days=meeting_day), "meeting", cap)
            if index == training_week:
                self._gathering(plan, people, monday + timedelta(days=5), "training", cap)
            wanted = sum(rng.random() < chance for _ in range(4))
            outcomes = [
                self._past_request(plan, workers, monday, run, cap, offer, leads)
                for _ in range(wanted)
            ]
            staffed, unstaffed = outcomes.count("done"), outcomes.count("cancelled")
            run.counts = {
                "requests": staffed + unstaffed,
                "proposals": staffed,
                "accepted": staffed,
                "unstaffed": unstaffed,
            }

    def _batch_run(self, plan: _Plan, monday: date) -> BatchRun:
        """The weekly proposal run, on the Sunday evening before the planned week."""
        week = _iso_week(monday)
        run = BatchRun(
            f"run-{week}-{plan.collective.id}",
            week,
            plan.collective.id,
            parameters={
                "fairness_policy": plan.collective.fairness_policy,
                "weekly_hour_cap": plan.collective.default_weekly_hour_cap,
                "seed": self.seed,
            },
            code_version=__version__,
            started_at=_at(monday - timedelta(days=1), 20 * 60 + self.rng.randint(0, 59)),
            duration_seconds=round(self.rng.uniform(0.3, 4.0), 2),
        )
        self.ds.batch_runs.append(run)
        return run

    def _gathering(
        self, plan: _Plan, people: list[_Person], day: date, kind: str, cap: int
    ) -> None:
        """Unpaid CA meeting or training: counted in the ledger like any other hour."""
        if not (self.window_start <= day < self.today) or not plan.active_on(day):
            return
        if day in french_public_holidays(day.year):
            return
        start, end, share = (1080, 1170, 0.35) if kind == "meeting" else (570, 720, 0.3)
        for person in people:
            joined = person.member.joined_on or self.today
            if joined <= day and self.rng.random() < share and _fits(person, day, start, end, cap):
                _book(person, day, start, end)
                self.ds.hours.append(
                    HoursEntry(person.id, day, _TIMES[start], _TIMES[end], kind, paid=False)
                )

    def _placements(
        self, template: RequestTemplate, monday: date, first: date, last: date
    ) -> list[list[tuple[date, int, int]]]:
        """Possible sessions of ``template`` in the week of ``monday`` within [first, last].

        Shuffled: a client and the collective agree on whichever day suits both.
        """
        key = (template.key, monday, first, last)
        if key not in self._placement_cache:
            placements = []
            for weekday in template.weekdays:
                day0 = monday + timedelta(days=weekday)
                sessions = [
                    (day0 + timedelta(days=off), start, end)
                    for off, start, end in _TEMPLATE_SESSIONS[template.key]
                ]
                if first <= sessions[0][0] and sessions[-1][0] <= last:
                    placements.append(sessions)
            self._placement_cache[key] = placements
        placements = list(self._placement_cache[key])
        self.rng.shuffle(placements)
        return placements

    def _past_request(
        self,
        plan: _Plan,
        workers: list[_Person],
        monday: date,
        run: BatchRun,
        cap: int,
        offer: dict[str, int],
        leads: dict[str, list[_Person]],
    ) -> str | None:
        """Try a few request kinds until one can be staffed; record it as done.

        ``offer`` counts past requests per kind the collective can do; kinds already
        done weigh less, so the history is varied. ``leads`` lists who could lead each
        kind: without one free, staffing is not even tried. A request nobody could take
        is kept as cancelled, as the weekly run would have reported it.
        """
        rng = self.rng
        last = self.today - timedelta(days=1)
        templates = [TEMPLATES_BY_KEY[key] for key, done in offer.items() if done < MAX_REPEATS]
        weights = [t.weight / (1 + 2 * offer[t.key]) for t in templates]
        first_try = None
        for _ in range(5 if templates else 0):
            template = rng.weighted(templates, weights)
            for sessions in self._placements(template, monday, monday, last):
                if not all(plan.active_on(day) for day, _, _ in sessions):
                    continue
                first_try = first_try or (template, sessions)
                if not any(_available(p, sessions) for p in leads[template.key]):
                    continue
                team = self._staff(template, sessions, workers, cap)
                if team:
                    self._record_mission(plan, template, sessions, team, run)
                    offer[template.key] += 1
                    return "done"
        if first_try is None:
            return None
        self._request_row(plan, *first_try, "cancelled", self._created_before(run))
        return "cancelled"

    def _feasible_templates(self, workers: list[_Person]) -> dict[str, list[_Person]]:
        """Request kinds the collective can staff, each with who could lead it.

        Clients ask what a collective offers: a kind counts when, on one of its usual
        weekdays, the members free at those hours include a référent·e and cover the
        required skills (the hours ledger is ignored here).
        """
        reference = date(2000, 1, 3)  # a Monday far from any dated unavailability
        feasible = {}
        for template in self.history_templates:
            required = [need for need in template.skills if not need.optional]
            adults_only = bool(template.hazards) or any(n.hazards for n in template.skills)
            able = [p for p in workers if not (adults_only and is_minor_on(p.birth, self.today))]
            leaders = [p for p in able if _can_lead(p, required)]
            if not leaders or not _counts_met(required, able):
                continue
            for placement in self._placements(template, reference, reference, date.max):
                if not any(_available(p, placement) for p in leaders):
                    continue
                free = [p for p in able if _available(p, placement)]
                if len(free) >= template.team[0] and _counts_met(required, free):
                    feasible[template.key] = leaders
                    break
        return feasible

    def _staff(
        self,
        template: RequestTemplate,
        sessions: list[tuple[date, int, int]],
        workers: list[_Person],
        cap: int,
    ) -> list[tuple[_Person, str, str | None]] | None:
        """Greedy team: a référent·e (level ≥ 3), required skills, then learners.

        Candidates are ordered by hours worked so far (fairness) with some noise; every
        booking goes through the legal checks. Returns None, booking nothing, on failure.
        """
        rng = self.rng
        hazardous = bool(template.hazards) or any(need.hazards for need in template.skills)
        pool = [
            p
            for p in workers
            if p.work_from <= sessions[0][0]
            and sessions[-1][0] <= p.work_to
            and _available(p, sessions)
            and not (hazardous and any(is_minor_on(p.birth, day) for day, _, _ in sessions))
        ]
        pool.sort(key=lambda p: p.total_minutes + rng.random() * 240)
        team: list[tuple[_Person, str, str | None]] = []

        def take(person: _Person, role: str, skill: str | None) -> bool:
            if any(member is person for member, _, _ in team):
                return False
            if not _try_book(person, sessions, cap):
                return False
            team.append((person, role, skill))
            return True

        if self._fill_team(template, pool, team, take):
            return team
        for person, _, _ in team:
            for session in sessions:
                _unbook(person, *session)
        return None

    def _fill_team(
        self,
        template: RequestTemplate,
        pool: list[_Person],
        team: list[tuple[_Person, str, str | None]],
        take: Callable[[_Person, str, str | None], bool],
    ) -> bool:
        """Fill ``team`` through ``take``; False when the request cannot be staffed."""
        required = [need for need in template.skills if not need.optional]
        leads = [
            (need.skill_id, max(LEAD_LEVEL, need.min_level))
            for need in required
            if need.skill_id not in SOFT_SKILLS
        ]
        for person in pool:
            lead = next((s for s, lvl in leads if person.levels.get(s, 0) >= lvl), None)
            if lead and take(person, "referent", lead):
                break
        if not team:
            return False
        for need in required:
            have = sum(p.levels.get(need.skill_id, 0) >= need.min_level for p, _, _ in team)
            for person in pool:
                if have >= need.count:
                    break
                if person.levels.get(need.skill_id, 0) >= need.min_level:
                    have += take(person, "membre", need.skill_id)
            if have < need.count or len(team) > template.team[1]:
                return False
        size = self.rng.randint(*template.team)
        for skilled_only in (True, False):
            for person in pool:
                if len(team) >= size:
                    break
                skill = next(
                    (n.skill_id for n in template.skills if person.levels.get(n.skill_id)), None
                )
                if skill or not skilled_only:
                    take(person, "membre", skill)
        if len(team) < template.team[0]:
            return False
        wanted_skills = [need.skill_id for need in template.skills]
        learners = 0
        for person in pool:
            if learners >= template.learning_slots:
                break
            skill = next((s for s in person.wishes if s in wanted_skills), None)
            if skill and person.levels.get(skill, 0) < 2:
                learners += take(person, "apprenant", skill)
        return True

    def _record_mission(
        self,
        plan: _Plan,
        template: RequestTemplate,
        sessions: list[tuple[date, int, int]],
        team: list[tuple[_Person, str, str | None]],
        run: BatchRun,
    ) -> None:
        """Request, accepted proposal, mission, paid hours and maybe client feedback."""
        rng = self.rng
        assert run.started_at is not None
        request = self._request_row(plan, template, sessions, "done", self._created_before(run))
        decided_at = run.started_at + timedelta(minutes=rng.randint(10, 180))
        proposal = self._proposal(plan, request, sessions, team, run, decided_at)
        mission = Mission(self.next_id("mi", 4), request.id, proposal.id, "done", decided_at)
        self.ds.missions.append(mission)
        for person, role, skill in team:
            self.ds.proposal_members.append(ProposalMember(proposal.id, person.id, role, skill))
            self.ds.mission_members.append(MissionMember(mission.id, person.id, role, skill))
            for day, start, end in sessions:
                self.ds.hours.append(
                    HoursEntry(person.id, day, _TIMES[start], _TIMES[end], mission_id=mission.id)
                )
        if plan.coordinator_login:
            self.ds.audit_log.append(
                AuditEntry(decided_at, plan.staff_user, "proposal.accept", proposal.id)
            )
        if rng.random() < 0.7:
            self._client_feedback(request, mission, sessions[-1])

    def _created_before(self, run: BatchRun) -> date:
        """A request reaches the collective a few days before the run that plans it."""
        assert run.started_at is not None
        created = run.started_at.date() - timedelta(days=self.rng.randint(1, 10))
        return max(self.window_start, created)

    def _request_row(
        self,
        plan: _Plan,
        template: RequestTemplate,
        sessions: list[tuple[date, int, int]],
        status: str,
        created: date,
    ) -> ServiceRequest:
        """Store a request of ``template`` with its sessions and required skills."""
        request_hours = sum(end - start for _, start, end in sessions) / 60
        zone = self.rng.choice(plan.zones)
        request = ServiceRequest(
            self.next_id("r", 4),
            plan.collective.id,
            self.rng.choice(template.clients).format(de=ZONE_DE[zone]),
            template.title,
            template.description,
            zone=zone,
            estimated_person_hours=round(request_hours * template.team[1], 1),
            team_size_min=template.team[0],
            team_size_max=template.team[1],
            learning_slots=template.learning_slots,
            hazards=list(template.hazards),
            licence_required=template.licence,
            private_home=template.private_home,
            status=status,
            created_on=created,
        )
        self.ds.requests.append(request)
        for day, start, end in sessions:
            self.ds.request_sessions.append(
                RequestSession(request.id, day, _TIMES[start], _TIMES[end])
            )
        for need in template.skills:
            self.ds.required_skills.append(
                RequiredSkill(
                    request.id,
                    need.skill_id,
                    need.min_level,
                    need.count,
                    need.optional,
                    list(need.hazards),
                )
            )
        return request

    def _proposal(
        self,
        plan: _Plan,
        request: ServiceRequest,
        sessions: list[tuple[date, int, int]],
        team: list[tuple[_Person, str, str | None]],
        run: BatchRun,
        decided_at: datetime,
    ) -> Proposal:
        """The accepted rank-1 team proposal, with a score breakdown and French reasons."""
        rng = self.rng
        workers = [(p, s) for p, role, s in team if role != "apprenant"]
        learners = [(p, s) for p, role, s in team if role == "apprenant"]
        session_minutes = sum(end - start for _, start, end in sessions)
        before = [(p.total_minutes - session_minutes) / 60 for p, _, _ in team]
        mean_before = sum(before) / len(before)
        breakdown = {
            "skills": round(
                sum(p.levels.get(s or "", 0) for p, s in workers) / 4 / len(workers), 2
            ),
            "fairness": round(max(0.0, 1 - mean_before / 60), 2),
            "learning": round(len(learners) / request.learning_slots, 2)
            if request.learning_slots
            else 0.0,
            "proximity": round(
                sum(1.0 if p.member.home_zone == request.zone else 0.6 for p, _, _ in team)
                / len(team),
                2,
            ),
            "passion": round(rng.uniform(0.1, 0.7), 2),
        }
        weights = {
            "skills": 0.35,
            "fairness": 0.25,
            "learning": 0.15,
            "proximity": 0.15,
            "passion": 0.1,
        }
        score = round(sum(breakdown[k] * w for k, w in weights.items()), 3)
        proposal = Proposal(
            self.next_id("p", 5),
            "team",
            plan.collective.id,
            request.id,
            run.id,
            run.week,
            rank=1,
            score=score,
            score_breakdown=breakdown,
            reasons=self._reasons(team, request, mean_before),
            status="accepted",
            decided_by=plan.staff_user,
            decided_at=decided_at,
            decision_reason="Validée en comité planning",
            created_at=run.started_at,
        )
        self.ds.proposals.append(proposal)
        return proposal

    def _reasons(
        self, team: list[tuple[_Person, str, str | None]], request: ServiceRequest, hours: float
    ) -> list[str]:
        """Why this team, in the words a coordinator reads."""
        reasons = []
        for person, role, skill in team:
            label = SKILL_LABELS_FR.get(skill or "", "")
            name = person.member.display_name
            if role == "referent":
                level = person.levels[skill or ""]
                reasons.append(f"{name} est référent·e : {label} niveau {level}")
            elif role == "apprenant":
                reasons.append(f"{name} veut apprendre « {label} » (place d'apprentissage)")
            elif len(reasons) < 3:
                reasons.append(f"{name} : {label} niveau {person.levels.get(skill or '', 0)}")
        reasons.append(f"Équité : l'équipe avait en moyenne {hours:.0f} h sur la période")
        local = sum(p.member.home_zone == request.zone for p, _, _ in team)
        reasons.append(f"{local}/{len(team)} habitent le quartier ({_ZONE_LABELS[request.zone]})")
        return reasons

    def _client_feedback(
        self, request: ServiceRequest, mission: Mission, last: tuple[date, int, int]
    ) -> None:
        rng = self.rng
        rating = rng.weighted((1, 2, 3, 4, 5), (1, 3, 12, 40, 44))
        day, _, end = last
        # A few days later in office hours, or the same evening if that would be the future.
        at = _at(day + timedelta(days=rng.randint(1, 3)), rng.randint(9 * 60, 18 * 60))
        if at.date() >= self.today:
            at = _at(day, min(end + 30, 23 * 60))
        self.ds.feedback.append(
            Feedback(
                self.next_id("fb", 4),
                request.client,
                rating,
                rng.choice(CLIENT_COMMENTS[rating]),
                mission_id=mission.id,
                created_at=at,
            )
        )

    # --- peer learning ----------------------------------------------------------------

    def _make_pairs(self, plan: _Plan, people: list[_Person]) -> None:
        """Mentor (level ≥ 3) and learner who wishes the skill; minors need an approval."""
        rng = self.rng
        target = max(1, len(people) // 6)
        learners = list(people)
        rng.shuffle(learners)
        made = 0
        for learner in learners:
            if made >= target:
                break
            for skill in learner.wishes:
                mentor = self._mentor_for(plan, learner, skill, people)
                if mentor and self._pair(plan, mentor, learner, skill):
                    made += 1
                    break

    def _mentor_for(
        self, plan: _Plan, learner: _Person, skill: str, people: list[_Person]
    ) -> _Person | None:
        learner_minor = is_minor_on(learner.birth, self.today)
        mentors = [
            p
            for p in people
            if p is not learner
            and p.levels.get(skill, 0) >= LEAD_LEVEL
            and not (
                plan.collective.honorability_required
                and learner_minor
                and not is_minor_on(p.birth, self.today)
                and not p.honorability
            )
        ]
        if not mentors:
            return None
        best = max(p.levels[skill] for p in mentors)
        return self.rng.choice([p for p in mentors if p.levels[skill] == best])

    def _pair(self, plan: _Plan, mentor: _Person, learner: _Person, skill: str) -> bool:
        rng, today = self.rng, self.today
        started = today - timedelta(days=rng.randint(7, 75))
        joined = max(mentor.member.joined_on or today, learner.member.joined_on or today)
        started = max(started, joined + timedelta(days=1))
        if started >= today:
            return False
        pair = PeerLearningPair(self.next_id("pair", 4), mentor.id, learner.id, skill)
        pair.started_on = started
        elapsed_weeks = (today - started).days // 7
        if (today - started).days >= 28 and rng.random() < 0.3:
            pair.status = "closed"
            pair.ended_on = started + timedelta(days=rng.randint(21, (today - started).days - 1))
            pair.sessions_held = rng.randint(3, 8)
        else:
            pair.sessions_held = rng.randint(0, min(6, elapsed_weeks))
        if is_minor_on(mentor.birth, started) or is_minor_on(learner.birth, started):
            approved = started - timedelta(days=rng.randint(1, 5))
            pair.approved_by = plan.staff_user
            pair.approved_at = _at(approved, 17 * 60 + 30)
            if plan.coordinator_login:
                self.ds.audit_log.append(
                    AuditEntry(pair.approved_at, plan.staff_user, "pair.approve", pair.id)
                )
        self.ds.pairs.append(pair)
        self._pair_feedback(pair, skill)
        return True

    def _pair_feedback(self, pair: PeerLearningPair, skill: str) -> None:
        """The learner's word on the exchange, as RERS close one (DOMAIN.md §1.6)."""
        rng = self.rng
        closing = pair.status == "closed" and rng.random() < 0.8
        if not closing and not (pair.sessions_held >= 3 and rng.random() < 0.3):
            return
        day = pair.ended_on if closing and pair.ended_on else self.today - timedelta(days=1)
        comment = rng.choice(PAIR_COMMENTS).format(skill=SKILL_LABELS_FR[skill])
        self.ds.feedback.append(
            Feedback(
                self.next_id("fb", 4),
                pair.learner_id,
                rng.weighted((3, 4, 5), (2, 5, 5)),
                comment,
                pair_id=pair.id,
                member_id=pair.mentor_id,
                created_at=_at(day, 19 * 60),
            )
        )

    # --- open requests and users ------------------------------------------------------

    def _make_open_requests(self, plans: list[_Plan], count: int) -> None:
        """Open requests for this and next ISO week, spread over the working collectives."""
        rng, today = self.rng, self.today
        monday = today - timedelta(days=today.weekday())
        horizon = monday + timedelta(days=13)
        active = [p for p in plans if any(p.active_on(today + timedelta(d)) for d in range(14))]
        ordinary = [
            t for t in TEMPLATES if t.weight and not (t.hazards or t.private_home or t.licence)
        ]
        weights = [t.weight for t in ordinary]
        for k in range(count if active else 0):
            plan = active[k % len(active)]
            if k < len(_SPECIAL_OPEN):
                template = TEMPLATES_BY_KEY[_SPECIAL_OPEN[k]]
            else:
                template = rng.weighted(ordinary, weights)
            this_week = self._placements(template, monday, today, horizon)
            next_week = self._placements(template, monday + timedelta(days=7), today, horizon)
            sessions = (this_week if this_week and rng.random() < 0.5 else next_week)[0]
            created = max(monday, today - timedelta(days=rng.randint(0, 6)))
            self._request_row(plan, template, sessions, "open", created)

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
