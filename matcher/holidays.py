"""French public holidays: minors never work on them (Code du travail, L3164-6).

Shared by the demo generator, which writes a lawful history, and by
:mod:`matcher.instances`, which tells the engine which dates are holidays.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta


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
