"""Open requests for the current and next ISO weeks."""

from __future__ import annotations

from datetime import timedelta

from matcher.demo.state import _Plan
from matcher.demo.texts import TEMPLATES, TEMPLATES_BY_KEY

_SPECIAL_OPEN = ("cabanes", "tonte-haie", "garde-bebe")


class _OpenRequestsMixin:
    """Open requests; mixed into :class:`~matcher.demo.builder._Builder`."""

    # --- open requests ----------------------------------------------------------------

    def _make_open_requests(self, plans: list[_Plan], count: int) -> None:
        """Open requests for this and next ISO week, spread over the working collectives.

        Apart from the few special cases that show a diagnosis (hazards, a licence), a
        collective is asked for what it offers, so most open requests can be staffed.
        """
        rng, today = self.rng, self.today
        monday = today - timedelta(days=today.weekday())
        horizon = monday + timedelta(days=13)
        active = [p for p in plans if any(p.active_on(today + timedelta(d)) for d in range(14))]
        ordinary = [
            t for t in TEMPLATES if t.weight and not (t.hazards or t.private_home or t.licence)
        ]
        for k in range(count if active else 0):
            plan = active[k % len(active)]
            offered = [t for t in ordinary if t.key in plan.offer] or ordinary
            if k < len(_SPECIAL_OPEN):
                template = TEMPLATES_BY_KEY[_SPECIAL_OPEN[k]]
            else:
                template = rng.weighted(offered, [t.weight for t in offered])
            this_week = self._placements(template, monday, today, horizon)
            next_week = self._placements(template, monday + timedelta(days=7), today, horizon)
            sessions = (this_week if this_week and rng.random() < 0.5 else next_week)[0]
            created = max(monday, today - timedelta(days=rng.randint(0, 6)))
            self._request_row(plan, template, sessions, "open", created)
