"""Why no team exists, and what could change that.

A coordinator facing "no team" needs the cause, not a shrug. Causes are computed from
the same facts the solvers use, never guessed:

* the carrier lacks the licence → ``licence``;
* a required line has fewer eligible, allowed, qualified members than ``count`` →
  ``skill_coverage``, then *why* each qualified member is out, grouped by blocker code
  (``booked_overlap``, ``weekly_cap``, ``minor_daily_rest``… straight from
  :func:`~matcher.engine.eligibility.member_blockers`; ``minor_hazard`` /
  ``accommodation`` for a member barred from that line);
* fewer eligible members than the minimum size → ``team_size`` and the same grouping;
* a session where every eligible member is a minor → ``adult_present``;
* otherwise the lines cannot be covered within the maximum size → ``team_size``, with
  the smallest size that would work (proven by the exact solver).

Ways out name people and dates: who holds the skill but is only booked or unavailable
(free that slot), who wishes the skill and could learn it beside an eligible teacher (a
future coverer), and which other date — the same weekday one or two weeks before or
after — would have a team (checked by solving the shifted request).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import numpy as np

from matcher.engine.codes import CODES
from matcher.engine.constraints import _licence
from matcher.engine.evaluate import evaluator
from matcher.engine.exact import ExactSolver
from matcher.engine.instance import Instance
from matcher.engine.pool import Pool, prepare
from matcher.engine.wording import day, join

__all__ = ["CALENDAR_CODES", "SHIFTS_DAYS", "diagnose"]

#: Blockers a coordinator can lift by moving a booking or asking again.
CALENDAR_CODES = frozenset({"availability", "booked_overlap", "weekly_cap"})
#: Other dates tried for the whole request: same weekday, one or two weeks apart.
SHIFTS_DAYS = (7, -7, 14, -14)
#: At most this many members are re-examined on another date (diagnosis stays fast).
SHIFT_POOL_LIMIT = 3000
#: A blocking entry names at most this many members and quotes this many messages.
MAX_MEMBERS, MAX_MESSAGES = 20, 5
_ORDER = {code: i for i, code in enumerate(CODES)}


def _label(pool: Pool, row: int) -> str:
    return pool.instance.members[row].label


def _entry(code: str, skill: str | None, members: list[str], message: str) -> dict[str, Any]:
    return {"code": code, "skill": skill, "members": members, "message_fr": message}


def _causes(pool: Pool, rows: np.ndarray, line: int | None) -> list[dict[str, Any]]:
    """Why each of ``rows`` is out, grouped by blocker code (codes in the issue's order)."""
    skill = pool.request.skills[line].skill if line is not None else None
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for r in rows:
        r = int(r)
        found = [(b.code, b.message_fr) for b in pool.blockers[r]]
        if line is not None and not pool.allowed[r, line]:
            label = _label(pool, r)
            if pool.minor[r]:
                found.append(("minor_hazard", f"{label} est mineur·e : tâche dangereuse"))
            else:
                found.append(("accommodation", f"{label} ne porte pas de charges lourdes"))
        for code, message in found:
            ids, messages = groups.setdefault(code, ([], []))
            if pool.ids[r] not in ids:
                ids.append(pool.ids[r])
            messages.append(message)
    out = []
    for code, (ids, messages) in sorted(groups.items(), key=lambda g: _ORDER[g[0]]):
        text = " ; ".join(messages[:MAX_MESSAGES])
        if len(messages) > MAX_MESSAGES:
            text += f" ; … et {len(messages) - MAX_MESSAGES} autre(s)"
        out.append(_entry(code, skill, ids[:MAX_MEMBERS], text))
    return out


def _line_gaps(pool: Pool) -> list[int]:
    able = (pool.eligible[:, None] & pool.can_cover).sum(axis=0)
    return [
        j
        for j, line in enumerate(pool.request.skills)
        if not line.optional and able[j] < line.count
    ]


def _blocking(pool: Pool) -> list[dict[str, Any]]:
    req = pool.request
    out = [_entry(v.code, None, [], v.message_fr) for v in _licence(pool)]
    for j in _line_gaps(pool):
        line = req.skills[j]
        able = np.flatnonzero(pool.eligible & pool.can_cover[:, j])
        qualified = pool.levels[:, j] >= line.min_level
        out.append(
            _entry(
                "skill_coverage",
                line.skill,
                [pool.ids[r] for r in able],
                f"{line.skill} (niveau {line.min_level} minimum) : il faut {line.count} "
                f"membre(s), {len(able)} peut(peuvent) venir sur {int(qualified.sum())} "
                "qui ont ce niveau",
            )
        )
        out += _causes(pool, np.flatnonzero(qualified & ~(pool.eligible & pool.can_cover[:, j])), j)
    low = req.team_size[0]
    eligible = np.flatnonzero(pool.eligible)
    if len(eligible) < low:
        out.append(
            _entry(
                "team_size",
                None,
                [pool.ids[r] for r in eligible],
                f"il faut au moins {low} membre(s) ; seul·es {len(eligible)} peuvent venir",
            )
        )
        out += _causes(pool, np.flatnonzero(~pool.eligible), None)
    for s, session in enumerate(req.sessions):
        if len(eligible) and pool.minor_at[eligible, s].all():
            out.append(
                _entry(
                    "adult_present",
                    None,
                    [pool.ids[r] for r in eligible],
                    f"le {day(session.date)}, seul·es des mineur·es peuvent venir : "
                    "il faut au moins un·e adulte dans l'équipe",
                )
            )
            adults = np.flatnonzero(~pool.minor_at[:, s] & ~pool.eligible)
            out += _causes(pool, adults, None)
            break
    return out


def _size_needed(instance: Instance) -> int | None:
    """Smallest team size that would work with no maximum (None when none would)."""
    req = instance.request
    assert req is not None
    wide = dataclasses.replace(req, team_size=(req.team_size[0], len(instance.members)))
    relaxed = dataclasses.replace(instance, request=wide)
    found = ExactSolver(evaluator(relaxed)).any_team()
    return None if found is None else found.size


def _ways_out(instance: Instance, pool: Pool, blocking: list[dict[str, Any]]):
    req = pool.request
    out: list[dict[str, Any]] = []
    for j in _line_gaps(pool):
        line = req.skills[j]
        holders = np.flatnonzero((pool.levels[:, j] >= line.min_level) & pool.allowed[:, j])
        for r in holders:
            codes = {b.code for b in pool.blockers[int(r)]}
            if codes and codes <= CALENDAR_CODES:
                first = pool.blockers[int(r)][0]
                out.append(
                    {
                        "code": first.code,
                        "kind": "free_holder",
                        "skill": line.skill,
                        "members": [pool.ids[r]],
                        "message_fr": f"{first.message_fr} ; a {line.skill} au niveau "
                        f"{int(pool.levels[r, j])} : libérer ce créneau permettrait de "
                        "couvrir la ligne",
                    }
                )
        out += _training(pool, j)
    out += _other_dates(instance, blocking)
    return out


def _training(pool: Pool, j: int) -> list[dict[str, Any]]:
    """Eligible members wishing the line's skill, beside an eligible teacher of it."""
    ev = evaluator(pool.instance)
    skill = pool.request.skills[j].skill
    s = ev.skills.index(skill)
    teachers = [int(r) for r in np.flatnonzero(pool.eligible & (ev.teach_level[:, s] > 0))]
    if not teachers:
        return []
    teacher = max(teachers, key=lambda r: (int(ev.teach_level[r, s]), -r))
    out = []
    for r in np.flatnonzero(pool.eligible):
        r = int(r)
        if r != teacher and s in ev.learnable[r]:
            out.append(
                {
                    "code": "learner_teacher",
                    "kind": "training",
                    "skill": skill,
                    "members": [pool.ids[r], pool.ids[teacher]],
                    "message_fr": f"{_label(pool, r)} souhaite apprendre {skill} : "
                    f"formé·e auprès de {_label(pool, teacher)} (niveau "
                    f"{int(ev.teach_level[teacher, s])}), il ou elle pourrait couvrir "
                    "cette ligne une prochaine fois",
                }
            )
    return out[:3]


def _other_dates(instance: Instance, blocking: list[dict[str, Any]]) -> list[dict[str, Any]]:
    req = instance.request
    assert req is not None
    codes = [b["code"] for b in blocking if b["code"] != "licence"]
    if not codes or len(blocking) != len(codes):
        return []
    members = instance.members[:SHIFT_POOL_LIMIT]
    out = []
    for delta in SHIFTS_DAYS:
        sessions = tuple(
            dataclasses.replace(s, date=s.date + timedelta(days=delta)) for s in req.sessions
        )
        shifted = dataclasses.replace(
            instance, members=members, request=dataclasses.replace(req, sessions=sessions)
        )
        found = ExactSolver(evaluator(shifted)).any_team()
        if found is None:
            continue
        pool = prepare(shifted)
        names = [_label(pool, r) for r in sorted(found.rows)]
        dates = join([day(s.date) for s in sessions])
        out.append(
            {
                "code": codes[0],
                "kind": "other_date",
                "dates": [s.date.isoformat() for s in sessions],
                "members": [pool.ids[r] for r in sorted(found.rows)],
                "message_fr": f"le {dates} (même jour de la semaine), une équipe serait "
                f"possible : {join(names)}",
            }
        )
    return out


def diagnose(instance: Instance) -> dict[str, Any]:
    """``{"blocking": […], "ways_out": […]}`` for a request that has no team."""
    pool = prepare(instance)
    blocking = _blocking(pool)
    if not blocking:
        high = pool.request.team_size[1]
        needed = _size_needed(instance)
        what = (
            f"il faudrait {needed} membres pour couvrir toutes les compétences"
            if needed is not None
            else "aucune combinaison de membres disponibles ne couvre toutes les compétences"
        )
        eligible = [pool.ids[r] for r in np.flatnonzero(pool.eligible)]
        blocking.append(
            _entry("team_size", None, eligible, f"l'équipe compte au plus {high} membres : {what}")
        )
    return {"blocking": blocking, "ways_out": _ways_out(instance, pool, blocking)}
