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

from matcher.demo.accounts import DEMO_PASSWORD
from matcher.demo.builder import generate_demo
from matcher.holidays import french_public_holidays

__all__ = ["DEMO_PASSWORD", "french_public_holidays", "generate_demo"]
