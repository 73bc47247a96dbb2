"""The generator: :func:`generate_demo` and the builder that fills a dataset."""

from __future__ import annotations

import gc
from datetime import date, timedelta

from matcher.demo.accounts import _AccountsMixin
from matcher.demo.calendar import HISTORY_DAYS
from matcher.demo.history import _HistoryMixin
from matcher.demo.people import _PeopleMixin
from matcher.demo.requests import _OpenRequestsMixin
from matcher.demo.rng import _Cycler, _Rng
from matcher.demo.state import _Person
from matcher.demo.texts import TEMPLATES
from matcher.domain import Dataset, Network


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


class _Builder(_PeopleMixin, _HistoryMixin, _OpenRequestsMixin, _AccountsMixin):
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
