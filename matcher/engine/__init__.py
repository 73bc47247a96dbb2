"""The matching engine: plain data in, proposals with French reasons out.

Layers, each a small module owning one idea:

* :mod:`~matcher.engine.instance` — the JSON instance as frozen dataclasses (parse, load),
  read through :mod:`~matcher.engine.jsonreader` (every error with its JSON path);
* :mod:`~matcher.engine.timerules` — the time rules (breaks, weeks, rest, minors' hours);
* :mod:`~matcher.engine.eligibility` — member-level blockers over all sessions;
* :mod:`~matcher.engine.roster` — the collective as arrays, built once per collective/week;
* :mod:`~matcher.engine.screening` — those blockers for every member at once (vectorised);
* :mod:`~matcher.engine.pool` — those facts precomputed once per instance, as arrays;
* :mod:`~matcher.engine.coverage` — who covers which line, who learns from whom;
* :mod:`~matcher.engine.constraints` — every hard constraint of a team, with its code;
* :mod:`~matcher.engine.roles`, :mod:`~matcher.engine.criteria`,
  :mod:`~matcher.engine.reasons`, :mod:`~matcher.engine.scoring` — roles, the objective,
  the reasons, and ``rescore``;
* :mod:`~matcher.engine.heuristic`, :mod:`~matcher.engine.batch`,
  :mod:`~matcher.engine.exact`, :mod:`~matcher.engine.solve_team` — the team solvers and
  the rule that picks them (docs/engine.md);
* :mod:`~matcher.engine.codes`, :mod:`~matcher.engine.wording`,
  :mod:`~matcher.engine.cache` — shared names, French formatting, per-instance caching.

Nothing here opens a database or imports the web layer. See docs/instance-format.md.
"""

from matcher.engine.constraints import Violation, team_violations
from matcher.engine.coverage import coverage_assignment
from matcher.engine.eligibility import Blocker, member_blockers
from matcher.engine.instance import Instance, InstanceError, load_instance, parse_instance
from matcher.engine.scoring import rescore, score_team
from matcher.engine.team import Team, TeamError, TeamMember

__all__ = [
    "Blocker",
    "Instance",
    "InstanceError",
    "Team",
    "TeamError",
    "TeamMember",
    "Violation",
    "coverage_assignment",
    "load_instance",
    "member_blockers",
    "parse_instance",
    "rescore",
    "score_team",
    "team_violations",
]
