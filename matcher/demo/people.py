"""Collectives and their members: private facts, skills, wishes, passions, availability."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Container
from datetime import date, timedelta

from matcher.demo.calendar import _TIMES, HISTORY_DAYS, _at, _years_after
from matcher.demo.state import _Person, _Plan
from matcher.demo.texts import (
    ADULT_ONLY_SKILLS,
    FIRST_NAMES,
    GENERIC_PASSIONS,
    LAST_NAMES,
    PROFILES,
    ROUBAIX_ZONES,
    SKILL_LABELS_FR,
    SOFT_SKILLS,
    TOURCOING_ZONES,
    UNAVAILABILITY_REASONS,
    WISH_PASSIONS,
)
from matcher.domain import (
    Availability,
    Collective,
    LearningWish,
    Member,
    MemberPrivate,
    MemberSkill,
    Passion,
    Unavailability,
    is_minor_on,
)
from matcher.vocabulary import ACCOMMODATIONS, ADULT_AGE, LEAD_LEVEL, MIN_MEMBER_AGE, WEEKDAYS

#: Target size of one collective; large demos get more collectives, never bigger ones.
MEMBERS_PER_COLLECTIVE = 20
_ZONE_LABELS = {**ROUBAIX_ZONES, **TOURCOING_ZONES}

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


@functools.cache
def _profile_weights(focus: tuple[str, ...]) -> tuple[int, ...]:
    """Profile weights in a collective: its focus activities are three times as common."""
    return tuple(p.weight * (3 if name in focus else 1) for name, p in PROFILES.items())


class _PeopleMixin:
    """Collectives and members; mixed into :class:`~matcher.demo.builder._Builder`."""

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
