"""The engine's input: a JSON *instance* turned into frozen, validated dataclasses.

The engine opens no database. Services build an :class:`Instance` from storage, and the
CLI reads the same thing from a file, so a proposal can always be replayed from the JSON
that produced it. Parsing is strict where a mistake could hurt someone and lenient where
it cannot:

* a missing boolean is ``false`` (fail closed: no contract, no parental authorisation);
* unknown keys are ignored, so services may send more than the engine reads;
* skill ids are opaque strings (an id unknown to the taxonomy is valid);
* every error names its JSON path, in French, and *all* errors are reported at once::

      members[3].birth_date : « 2009-02-31 » n'est pas une date

Times are minutes since midnight (``"09:30"`` → ``570``); intervals are half-open
``[start, end)`` within one day, so ``end <= start`` is an error and ``"24:00"`` is
accepted as an end. See docs/instance-format.md for every field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from matcher.engine.codes import CRITERIA, DEFAULT_WEIGHTS
from matcher.engine.jsonreader import (
    EMPTY,
    LEVEL,
    Bad,
    Reader,
    boolean,
    date_value,
    integer,
    number,
    optional_text,
    text,
)
from matcher.engine.wording import clock, quote
from matcher.vocabulary import WEEKDAYS

__all__ = [
    "FAIRNESS_POLICIES",
    "MENTOR_OBJECTIVES",
    "Instance",
    "InstanceError",
    "Member",
    "Policy",
    "Request",
    "SkillLine",
    "Slot",
    "Unavailable",
    "Window",
    "Wish",
    "load_instance",
    "parse_instance",
]

#: Fairness policies the engine implements (see scoring.fairness_values).
FAIRNESS_POLICIES = ("equal_hours", "desired_hours")
#: What the whole-collective mentor assignment maximises (see matcher.engine.mentor_assignment).
MENTOR_OBJECTIVES = ("value", "served")
DEFAULT_MAX_HOURS_WEEK = 35.0
DEFAULT_MAX_TRAVEL_MINUTES = 30
DEFAULT_MENTOR_CAPACITY = 1
DEFAULT_TOP = 3


# =======================================================================================
# The dataclasses


@dataclass(frozen=True)
class Window:
    """A weekly availability window: ``day`` in ``mon``…``sun``, [start, end) in minutes."""

    day: str
    start: int
    end: int


@dataclass(frozen=True)
class Slot:
    """A dated interval [start, end) in minutes: a session or a booked time."""

    date: date
    start: int
    end: int

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {clock(self.start)}–{clock(self.end)}"


@dataclass(frozen=True)
class Unavailable:
    """A dated exception; without times (``None``) it blocks the whole date."""

    date: date
    start: int | None = None
    end: int | None = None

    @property
    def whole_day(self) -> bool:
        return self.start is None


@dataclass(frozen=True)
class Member:
    """A member as the engine sees them: pseudonymous id, birth date, skills, calendar."""

    id: str
    birth_date: date
    skills: Mapping[str, int]
    availability: tuple[Window, ...]
    name: str = ""
    contract_valid: bool = False
    parental_authorisation: bool = False
    honorability_valid: bool = False
    wishes: tuple[str, ...] = ()
    wish_priority: Mapping[str, int] = field(default_factory=lambda: EMPTY)
    unavailable: tuple[Unavailable, ...] = ()
    booked: tuple[Slot, ...] = ()
    max_hours_week: float = DEFAULT_MAX_HOURS_WEEK
    desired_hours_week: float | None = None
    paid_hours_recent: float = 0.0
    zone: str | None = None
    max_travel_minutes: float = DEFAULT_MAX_TRAVEL_MINUTES
    passions: tuple[str, ...] = ()
    accommodations: tuple[str, ...] = ()
    mentees_active: int = 0
    mentor_capacity: int = DEFAULT_MENTOR_CAPACITY

    @property
    def label(self) -> str:
        """How messages name the member: ``name`` when given, else the id."""
        return self.name or self.id

    def level(self, skill: str) -> int | None:
        """Declared level on ``skill``, ``None`` when not declared (never counts as 0)."""
        return self.skills.get(skill)


@dataclass(frozen=True)
class SkillLine:
    """One required (or optional) skill of a request: ``count`` distinct members ≥ min_level."""

    skill: str
    min_level: int = 1
    count: int = 1
    optional: bool = False
    hazards: tuple[str, ...] = ()


@dataclass(frozen=True)
class Request:
    """A service request: its sessions (the same team works them all) and its needs."""

    id: str
    sessions: tuple[Slot, ...]
    team_size: tuple[int, int]
    skills: tuple[SkillLine, ...] = ()
    zone: str | None = None
    passions: tuple[str, ...] = ()
    learning_slots: int = 0
    hazards: tuple[str, ...] = ()
    licence_required: str | None = None
    private_home: bool = False

    @property
    def skill_ids(self) -> tuple[str, ...]:
        """Distinct skills of the lines, in line order."""
        return tuple(dict.fromkeys(line.skill for line in self.skills))


@dataclass(frozen=True)
class Policy:
    """Per-collective choices: criterion weights, fairness policy, honorability rule."""

    weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    fairness: str = "equal_hours"
    honorability_required: bool = False
    #: mentor assignment: maximise total ``value``, or the number of members ``served``
    mentor_objective: str = "value"


@dataclass(frozen=True)
class Wish:
    """A mentors instance's question: who could teach ``skill`` to ``member``?"""

    member: str
    skill: str


@dataclass(frozen=True, eq=False)
class Instance:
    """Everything the engine needs for one question, and nothing from a database.

    ``eq=False`` keeps identity hashing so per-instance precomputations can be cached.
    """

    members: tuple[Member, ...]
    policy: Policy = field(default_factory=Policy)
    request: Request | None = None
    wish: Wish | None = None
    collaborations: Mapping[frozenset[str], float] = field(default_factory=lambda: EMPTY)
    related_skills: Mapping[frozenset[str], float] = field(default_factory=lambda: EMPTY)
    travel_minutes: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: EMPTY)
    public_holidays: frozenset[date] = frozenset()
    carrier_licences: frozenset[str] = frozenset()
    top: int = DEFAULT_TOP
    seed: int = 0
    #: JSON ``date``: reference date of a mentors/exchanges question (ages are computed on
    #: it); None means the day the question is asked
    reference_date: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {m.id: m for m in self.members})

    def member(self, member_id: str) -> Member:
        """The member with that id (``KeyError`` when unknown)."""
        return self._by_id[member_id]  # type: ignore[attr-defined]

    def has_member(self, member_id: str) -> bool:
        return member_id in self._by_id  # type: ignore[attr-defined]

    def together(self, a: str, b: str) -> float:
        """Number of past missions ``a`` and ``b`` did together (0 when never)."""
        return self.collaborations.get(frozenset((a, b)), 0.0)

    def relatedness(self, a: str, b: str) -> float:
        """Symmetric relatedness of two skills in [0, 1]; a skill is fully related to itself."""
        return 1.0 if a == b else self.related_skills.get(frozenset((a, b)), 0.0)

    def travel(self, origin: str | None, destination: str | None) -> float | None:
        """Travel minutes between zones, in either direction; 0 within a zone; None if unknown."""
        if origin is None or destination is None:
            return None
        for a, b in ((origin, destination), (destination, origin)):
            if b in self.travel_minutes.get(a, EMPTY):
                return self.travel_minutes[a][b]
        return 0.0 if origin == destination else None


# =======================================================================================
# Errors


class InstanceError(ValueError):
    """A malformed instance. ``errors`` holds every ``(json_path, french_reason)``."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(f"{path} : {reason}" for path, reason in self.errors))


# =======================================================================================
# Parsing each part


def _window(r: Reader, raw: Any, path: str) -> Window | None:
    obj = r.object(raw, path)
    if obj is None:
        return None
    day = r.field(obj, "day", path, text)
    if day is not None and day.lower() not in WEEKDAYS:
        r.fail(f"{path}.day", f"{quote(day)} n'est pas un jour ({', '.join(WEEKDAYS)})")
        day = None
    span = r.interval(obj, path)
    if day is None or span is None:
        return None
    return Window(day.lower(), *span)


def _slot(r: Reader, raw: Any, path: str) -> Slot | None:
    obj = r.object(raw, path)
    if obj is None:
        return None
    when = r.field(obj, "date", path, date_value)
    span = r.interval(obj, path)
    return None if when is None or span is None else Slot(when, *span)


def _unavailable(r: Reader, raw: Any, path: str) -> Unavailable | None:
    obj = r.object(raw, path)
    if obj is None:
        return None
    when = r.field(obj, "date", path, date_value)
    has_times = obj.get("start") is not None or obj.get("end") is not None
    span = r.interval(obj, path) if has_times else None
    if when is None or (has_times and span is None):
        return None
    return Unavailable(when, *span) if span else Unavailable(when)


def _member(r: Reader, raw: Any, path: str) -> Member | None:
    obj = r.object(raw, path)
    if obj is None:
        return None
    return Member(
        id=r.field(obj, "id", path, text),
        name=r.field(obj, "name", path, text, ""),
        birth_date=r.field(obj, "birth_date", path, date_value),
        skills=r.mapping(obj, "skills", path, LEVEL),
        availability=r.items(
            obj, "availability", path, lambda x, p: _window(r, x, p), required=True
        ),
        contract_valid=r.field(obj, "contract_valid", path, boolean, False),
        parental_authorisation=r.field(obj, "parental_authorisation", path, boolean, False),
        honorability_valid=r.field(obj, "honorability_valid", path, boolean, False),
        wishes=r.texts(obj, "wishes", path),
        wish_priority=r.mapping(obj, "wish_priority", path, integer(1), EMPTY),
        unavailable=r.items(obj, "unavailable", path, lambda x, p: _unavailable(r, x, p)),
        booked=r.items(obj, "booked", path, lambda x, p: _slot(r, x, p)),
        max_hours_week=r.field(obj, "max_hours_week", path, number(0, 168), DEFAULT_MAX_HOURS_WEEK),
        desired_hours_week=r.field(obj, "desired_hours_week", path, number(0, 168), None),
        paid_hours_recent=r.field(obj, "paid_hours_recent", path, number(), 0.0),
        zone=r.field(obj, "zone", path, optional_text, None),
        max_travel_minutes=r.field(
            obj, "max_travel_minutes", path, number(), DEFAULT_MAX_TRAVEL_MINUTES
        ),
        passions=r.texts(obj, "passions", path),
        accommodations=r.texts(obj, "accommodations", path),
        mentees_active=r.field(obj, "mentees_active", path, integer(0), 0),
        mentor_capacity=r.field(obj, "mentor_capacity", path, integer(0), DEFAULT_MENTOR_CAPACITY),
    )


def _line(r: Reader, raw: Any, path: str) -> SkillLine | None:
    obj = r.object(raw, path)
    if obj is None:
        return None
    return SkillLine(
        skill=r.field(obj, "skill", path, text),
        min_level=r.field(obj, "min_level", path, LEVEL, 1),
        count=r.field(obj, "count", path, integer(1), 1),
        optional=r.field(obj, "optional", path, boolean, False),
        hazards=r.texts(obj, "hazards", path),
    )


def _team_size(value: Any) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise Bad("doit être une paire [min, max]")
    low, high = (integer(1)(v) for v in value)
    if high < low:
        raise Bad(f"le maximum {high} est plus petit que le minimum {low}")
    return low, high


def _request(r: Reader, raw: Any, path: str) -> Request | None:
    obj = r.object(raw, path)
    if obj is None:
        return None
    sessions = r.items(obj, "sessions", path, lambda x, p: _slot(r, x, p), required=True)
    if not sessions and isinstance(obj.get("sessions"), list) and not obj["sessions"]:
        r.fail(f"{path}.sessions", "il faut au moins une séance")
    for i, a in enumerate(sessions):
        for j in range(i):
            b = sessions[j]
            if a.date == b.date and a.start < b.end and b.start < a.end:
                r.fail(f"{path}.sessions[{i}]", f"chevauche la séance {j} ({b})")
    return Request(
        id=r.field(obj, "id", path, text),
        sessions=sessions,
        team_size=r.field(obj, "team_size", path, _team_size),
        skills=r.items(obj, "skills", path, lambda x, p: _line(r, x, p)),
        zone=r.field(obj, "zone", path, optional_text, None),
        passions=r.texts(obj, "passions", path),
        learning_slots=r.field(obj, "learning_slots", path, integer(0), 0),
        hazards=r.texts(obj, "hazards", path),
        licence_required=r.field(obj, "licence_required", path, optional_text, None),
        private_home=r.field(obj, "private_home", path, boolean, False),
    )


def _policy(r: Reader, raw: Any) -> Policy:
    if raw is None:
        return Policy()
    obj = r.object(raw, "policy")
    if obj is None:
        return Policy()
    weights: Mapping[str, float] = DEFAULT_WEIGHTS
    if obj.get("weights") is not None:
        given = r.mapping(obj, "weights", "policy", number())
        for name in given:
            if name not in CRITERIA:
                r.fail(f"policy.weights.{name}", f"critère inconnu ({', '.join(CRITERIA)})")
        weights = MappingProxyType({c: given.get(c, 0.0) for c in CRITERIA})
        if isinstance(obj["weights"], dict) and not any(weights.values()):
            r.fail("policy.weights", "au moins un poids doit être positif")
    fairness = r.field(obj, "fairness", "policy", text, "equal_hours")
    if fairness not in FAIRNESS_POLICIES:
        r.fail("policy.fairness", f"{quote(fairness)} : attendu {' ou '.join(FAIRNESS_POLICIES)}")
    objective = r.field(obj, "mentor_objective", "policy", text, "value")
    if objective not in MENTOR_OBJECTIVES:
        expected = " ou ".join(MENTOR_OBJECTIVES)
        r.fail("policy.mentor_objective", f"{quote(objective)} : attendu {expected}")
    return Policy(
        weights=weights,
        fairness=fairness,
        honorability_required=r.field(obj, "honorability_required", "policy", boolean, False),
        mentor_objective=objective,
    )


def _triples(r: Reader, raw: Any, key: str, high: float) -> Mapping[frozenset[str], float]:
    """``[[a, b, x], …]`` → ``{frozenset({a, b}): x}`` (a pair given twice keeps the larger x)."""
    out: dict[frozenset[str], float] = {}
    if raw is None:
        return EMPTY
    if not isinstance(raw, list):
        r.fail(key, "doit être une liste de triplets [a, b, valeur]")
        return EMPTY
    for i, item in enumerate(raw):
        path = f"{key}[{i}]"
        if not isinstance(item, list) or len(item) != 3:
            r.fail(path, "doit être un triplet [a, b, valeur]")
            continue
        a = r.value(text, item[0], f"{path}[0]", None)
        b = r.value(text, item[1], f"{path}[1]", None)
        x = r.value(number(0, high), item[2], f"{path}[2]", None)
        if a is not None and a == b:
            r.fail(path, f"{quote(a)} est relié à lui-même")
        elif a is not None and b is not None and x is not None:
            pair = frozenset((a, b))
            out[pair] = max(x, out.get(pair, 0.0))
    return MappingProxyType(out)


def _travel(r: Reader, raw: Any) -> Mapping[str, Mapping[str, float]]:
    if raw is None:
        return EMPTY
    outer = r.object(raw, "travel_minutes")
    if outer is None:
        return EMPTY
    return MappingProxyType(
        {origin: r.mapping(outer, origin, "travel_minutes", number(), EMPTY) for origin in outer}
    )


def _wish(r: Reader, raw: Any) -> Wish | None:
    if raw is None:
        return None
    obj = r.object(raw, "wish")
    if obj is None:
        return None
    member = r.field(obj, "member", "wish", text)
    skill = r.field(obj, "skill", "wish", text)
    return None if member is None or skill is None else Wish(member, skill)


def parse_instance(data: Any) -> Instance:
    """Validate a decoded JSON instance and build it; raise :class:`InstanceError` if wrong.

    >>> inst = parse_instance({"members": [{"id": "m01", "birth_date": "2009-05-14",
    ...     "skills": {"cuisine": 3}, "availability": []}]})
    >>> inst.member("m01").contract_valid   # a missing boolean means false
    False
    """
    r = Reader()
    obj = r.object(data, "")
    if obj is None:
        raise InstanceError(r.errors)
    seen: set[str] = set()

    def member_at(raw: Any, path: str) -> Member | None:
        member = _member(r, raw, path)
        if member is not None and member.id is not None:
            if member.id in seen:
                r.fail(f"{path}.id", f"{quote(member.id)} est déjà l'identifiant d'un membre")
            seen.add(member.id)
        return member

    members = r.items(obj, "members", "", member_at, required=True)
    request = _request(r, obj["request"], "request") if obj.get("request") is not None else None
    wish = _wish(r, obj.get("wish"))
    if wish is not None and wish.member not in seen:
        r.fail("wish.member", f"{quote(wish.member)} n'est pas un membre de l'instance")
    holidays = r.items(obj, "public_holidays", "", lambda x, p: r.value(date_value, x, p, None))
    instance = Instance(
        members=members,
        policy=_policy(r, obj.get("policy")),
        request=request,
        wish=wish,
        collaborations=_triples(r, obj.get("collaborations"), "collaborations", math.inf),
        related_skills=_triples(r, obj.get("related_skills"), "related_skills", 1.0),
        travel_minutes=_travel(r, obj.get("travel_minutes")),
        public_holidays=frozenset(holidays),
        carrier_licences=frozenset(r.texts(obj, "carrier_licences", "")),
        top=r.field(obj, "top", "", integer(1), DEFAULT_TOP),
        seed=r.field(obj, "seed", "", integer(0), 0),
        reference_date=r.field(obj, "date", "", date_value, None),
    )
    if r.errors:
        raise InstanceError(r.errors)
    return instance


def load_instance(path: str | Path) -> Instance:
    """Read and parse a JSON instance file; any problem is an :class:`InstanceError`."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InstanceError([(where, f"fichier illisible ({exc.strerror or exc})")]) from exc
    except UnicodeDecodeError as exc:
        raise InstanceError([(where, "le fichier n'est pas en UTF-8")]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = f"JSON invalide ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})"
        raise InstanceError([(where, reason)]) from exc
    return parse_instance(data)
