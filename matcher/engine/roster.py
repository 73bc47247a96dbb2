"""The collective as arrays, built once and reused by every request of the week.

A request's candidate pool (:mod:`matcher.engine.pool`) asks the same questions of every
member: how old on that date, available then, booked then, how far, how skilled. Asking
them member by member in Python costs tens of microseconds each, i.e. seconds for a
network of 100,000 members. Everything that does not depend on the request is laid out
here once, as flat numpy arrays and inverted indexes (skill → members), so that a
request's questions become a few vectorised comparisons.

A :class:`Roster` depends on the instance's members and collaborations only.
Instances that share those objects share one roster: a service keeps one instance per
collective and week and derives each request's instance from it with
``dataclasses.replace(base, request=...)`` — which is exactly what the benchmark's latency
measures (docs/engine.md). The last few rosters are kept (:data:`KEEP`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

import numpy as np

from matcher.engine.eligibility import avoids_heavy_loads
from matcher.engine.instance import Instance, Member
from matcher.engine.overlap import weekly_union
from matcher.models.french import content_stems
from matcher.vocabulary import WEEKDAYS

__all__ = ["KEEP", "Dated", "Roster", "columns", "roster", "week_of", "weekday_of"]

#: rosters kept alive (one per collective a service is answering for this week)
KEEP = 8

_EMPTY_ROWS = np.zeros(0, dtype=np.int64)


def columns(arrays: list[np.ndarray], n: int, dtype: Any) -> np.ndarray:
    """Stack per-row arrays as the columns of an ``(n, len(arrays))`` array, even when empty."""
    return np.stack(arrays, axis=1) if arrays else np.zeros((n, 0), dtype=dtype)


def weekday_of(ordinal: int | np.ndarray) -> int | np.ndarray:
    """0 = Monday … 6 = Sunday, from ``date.toordinal()`` (day 1 was a Monday)."""
    return (ordinal - 1) % 7


def week_of(ordinal: int | np.ndarray) -> int | np.ndarray:
    """A number per ISO week (Monday to Sunday): equal for two dates of the same week."""
    return (ordinal - 1) // 7


@dataclass(frozen=True, eq=False)
class Dated:
    """Dated intervals of every member, sorted by date: ``row``, ``day`` (ordinal), times.

    ``whole`` marks an unavailable entry without times (it blocks the whole date).
    """

    row: np.ndarray
    day: np.ndarray
    start: np.ndarray
    end: np.ndarray
    whole: np.ndarray

    @staticmethod
    def of(entries: list[tuple[int, int, int, int, bool]]) -> Dated:
        entries.sort(key=lambda e: e[1])
        cols = list(zip(*entries, strict=True)) if entries else [(), (), (), (), ()]
        return Dated(
            row=np.array(cols[0], dtype=np.int64),
            day=np.array(cols[1], dtype=np.int64),
            start=np.array(cols[2], dtype=np.int64),
            end=np.array(cols[3], dtype=np.int64),
            whole=np.array(cols[4], dtype=bool),
        )

    def between(self, first: int, last: int) -> Dated:
        """The entries dated within [first, last] (ordinals), by binary search."""
        lo, hi = np.searchsorted(self.day, [first, last + 1])
        return Dated(
            self.row[lo:hi], self.day[lo:hi], self.start[lo:hi], self.end[lo:hi], self.whole[lo:hi]
        )


@dataclass(frozen=True, eq=False)
class Roster:
    """Request-independent member facts of one collective; row ``i`` is ``members[i]``."""

    members: tuple[Member, ...]
    ids: tuple[str, ...]
    index: Mapping[str, int]
    birth_year: np.ndarray
    #: month × 100 + day of birth, to compare with a date's for the age
    birth_md: np.ndarray
    contract: np.ndarray
    parental: np.ndarray
    avoids_heavy: np.ndarray
    max_travel: np.ndarray
    #: index into ``zones``, −1 without a zone
    zone: np.ndarray
    zones: tuple[str, ...]
    paid: np.ndarray
    #: desired weekly hours, NaN when not given
    desired: np.ndarray
    max_hours_week: np.ndarray
    most_paid: float
    mean_paid: float
    #: skill → (rows, declared levels) of the members declaring it
    skills: Mapping[str, tuple[np.ndarray, np.ndarray]]
    #: skill → rows of the members wishing it
    wishes: Mapping[str, np.ndarray]
    #: passion stem → rows of the members whose passions contain it
    passion_stems: Mapping[str, np.ndarray]
    #: weekday (0 = Monday) → merged availability intervals (rows, starts, ends)
    availability: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]
    unavailable: Dated
    booked: Dated
    #: row → {row: missions together} (positive counts only)
    neighbours: Mapping[int, Mapping[int, float]]

    def levels_of(self, skill: str) -> np.ndarray:
        """Declared level on ``skill`` for every row, −1 when not declared."""
        out = np.full(len(self.ids), -1, dtype=np.int8)
        rows, levels = self.skills.get(skill, (_EMPTY_ROWS, _EMPTY_ROWS))
        out[rows] = levels
        return out

    def wishing(self, skill: str) -> np.ndarray:
        """Boolean mask of the rows wishing ``skill``."""
        out = np.zeros(len(self.ids), dtype=bool)
        out[self.wishes.get(skill, _EMPTY_ROWS)] = True
        return out

    def age_on(self, day: date) -> np.ndarray:
        """Age in whole years of every row on ``day`` (as :func:`matcher.domain.age_on`)."""
        before = (day.month * 100 + day.day) < self.birth_md
        return day.year - self.birth_year - before.astype(np.int64)


def _dated(members: tuple[Member, ...]) -> tuple[Dated, Dated]:
    booked: list[tuple[int, int, int, int, bool]] = []
    unavailable: list[tuple[int, int, int, int, bool]] = []
    for i, m in enumerate(members):
        for b in m.booked:
            booked.append((i, b.date.toordinal(), b.start, b.end, False))
        for u in m.unavailable:
            whole = u.start is None
            unavailable.append(
                (i, u.date.toordinal(), 0 if whole else u.start, 0 if whole else u.end, whole)  # type: ignore[arg-type]
            )
    return Dated.of(booked), Dated.of(unavailable)


def _availability(members: tuple[Member, ...]):
    per_day: list[tuple[list[int], list[int], list[int]]] = [([], [], []) for _ in WEEKDAYS]
    for i, m in enumerate(members):
        for day, spans in weekly_union(m.availability).items():
            rows, starts, ends = per_day[WEEKDAYS.index(day)]
            for start, end in spans:
                rows.append(i)
                starts.append(start)
                ends.append(end)
    return tuple(
        (np.array(r, dtype=np.int64), np.array(s, dtype=np.int64), np.array(e, dtype=np.int64))
        for r, s, e in per_day
    )


def _inverted(pairs: dict[str, list[int]]) -> Mapping[str, np.ndarray]:
    return MappingProxyType({k: np.array(v, dtype=np.int64) for k, v in pairs.items()})


def _build(instance: Instance) -> Roster:
    members = instance.members
    n = len(members)
    index = {m.id: i for i, m in enumerate(members)}
    skills: dict[str, tuple[list[int], list[int]]] = {}
    wishes: dict[str, list[int]] = {}
    stems: dict[str, list[int]] = {}
    zones: dict[str, int] = {}
    for i, m in enumerate(members):
        for skill, level in m.skills.items():
            rows, levels = skills.setdefault(skill, ([], []))
            rows.append(i)
            levels.append(level)
        for skill in dict.fromkeys(m.wishes):
            wishes.setdefault(skill, []).append(i)
        for stem in {s for p in m.passions for s in content_stems(p)}:
            stems.setdefault(stem, []).append(i)
        if m.zone is not None:
            zones.setdefault(m.zone, len(zones))
    neighbours: dict[int, dict[int, float]] = {}
    for pair, together in instance.collaborations.items():
        if together <= 0 or len(pair) != 2:
            continue
        a, b = tuple(pair)
        if a in index and b in index:
            neighbours.setdefault(index[a], {})[index[b]] = together
            neighbours.setdefault(index[b], {})[index[a]] = together
    paid = np.array([m.paid_hours_recent for m in members], dtype=float)
    most_paid = float(paid.max()) if n else 0.0
    booked, unavailable = _dated(members)
    return Roster(
        members=members,
        ids=tuple(m.id for m in members),
        index=MappingProxyType(index),
        birth_year=np.array([m.birth_date.year for m in members], dtype=np.int64),
        birth_md=np.array(
            [m.birth_date.month * 100 + m.birth_date.day for m in members], dtype=np.int64
        ),
        contract=np.array([m.contract_valid for m in members], dtype=bool),
        parental=np.array([m.parental_authorisation for m in members], dtype=bool),
        avoids_heavy=np.array([avoids_heavy_loads(m) for m in members], dtype=bool),
        max_hours_week=np.array([m.max_hours_week for m in members], dtype=float),
        max_travel=np.array([m.max_travel_minutes for m in members], dtype=float),
        zone=np.array([-1 if m.zone is None else zones[m.zone] for m in members], dtype=np.int64),
        zones=tuple(zones),
        paid=paid,
        desired=np.array(
            [np.nan if m.desired_hours_week is None else m.desired_hours_week for m in members],
            dtype=float,
        ),
        most_paid=most_paid,
        mean_paid=sum(m.paid_hours_recent for m in members) / n if n else 0.0,
        skills=MappingProxyType(
            {
                k: (np.array(r, dtype=np.int64), np.array(v, dtype=np.int8))
                for k, (r, v) in skills.items()
            }
        ),
        wishes=_inverted(wishes),
        passion_stems=_inverted(stems),
        availability=_availability(members),
        unavailable=unavailable,
        booked=booked,
        neighbours=MappingProxyType(neighbours),
    )


_lock = threading.Lock()
_kept: OrderedDict[tuple[int, int], tuple[Instance, Roster]] = OrderedDict()


def roster(instance: Instance) -> Roster:
    """The roster of the instance's collective (built on first use, then shared).

    Two instances share a roster when they hold the very same ``members``,
    and ``collaborations`` objects (``dataclasses.replace`` keeps them).
    """
    key = (id(instance.members), id(instance.collaborations))
    with _lock:
        kept = _kept.get(key)
        if kept is not None:
            owner, found = kept
            same = (
                owner.members is instance.members
                and owner.collaborations is instance.collaborations
            )
            if same:
                _kept.move_to_end(key)
                return found
    built = _build(instance)
    with _lock:
        _kept[key] = (instance, built)
        _kept.move_to_end(key)
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return built
