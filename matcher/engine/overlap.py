"""Weekly availability in common: how many hours two (or three) members could meet.

Mentoring and peer exchanges happen week after week, so they are judged on the weekly
``availability`` windows only (dated exceptions and bookings are one-off and left to the
coordinator). A member's windows of one weekday may overlap or touch, so they are first
merged into their **union**; two members' unions are then intersected day by day. Times
stay in whole minutes and intervals half-open, as everywhere in the engine (touching is
not overlapping).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from matcher.engine.instance import Window
from matcher.vocabulary import WEEKDAYS

__all__ = ["Weekly", "common", "intersect", "minutes_by_day", "total_minutes", "weekly_union"]

#: weekday → sorted, disjoint, non-touching intervals ``(start, end)`` in minutes
Weekly = Mapping[str, tuple[tuple[int, int], ...]]


def _merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def weekly_union(windows: Iterable[Window]) -> Weekly:
    """Union of the windows of each weekday (days without any window are left out).

    >>> w = [Window("wed", 600, 720), Window("wed", 720, 840), Window("sat", 60, 120)]
    >>> dict(weekly_union(w))
    {'wed': ((600, 840),), 'sat': ((60, 120),)}
    """
    by_day: dict[str, list[tuple[int, int]]] = {}
    for window in windows:
        by_day.setdefault(window.day, []).append((window.start, window.end))
    return MappingProxyType({d: _merge(by_day[d]) for d in WEEKDAYS if d in by_day})


def _intersect_day(
    a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int], ...]:
    """Two-pointer sweep over sorted disjoint intervals."""
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def intersect(a: Weekly, b: Weekly) -> Weekly:
    """The time both weekly unions share, day by day (empty days left out)."""
    out = {}
    for d, spans in a.items():
        if d in b:
            shared = _intersect_day(spans, b[d])
            if shared:
                out[d] = shared
    return MappingProxyType(out)


def common(*weeklies: Weekly) -> Weekly:
    """The time every one of the weekly unions shares (a group session needs all of them)."""
    if not weeklies:
        return MappingProxyType({})
    out = weeklies[0]
    for other in weeklies[1:]:
        out = intersect(out, other)
    return out


def minutes_by_day(weekly: Weekly) -> dict[str, int]:
    """Minutes per weekday, in weekday order."""
    return {d: sum(end - start for start, end in spans) for d, spans in weekly.items()}


def total_minutes(weekly: Weekly) -> int:
    """Minutes in the whole week.

    >>> a = weekly_union([Window("wed", 14 * 60, 18 * 60)])
    >>> b = weekly_union([Window("wed", 16 * 60, 20 * 60), Window("thu", 0, 60)])
    >>> total_minutes(intersect(a, b))   # 16:00–18:00 on Wednesday
    120
    """
    return sum(minutes_by_day(weekly).values())
