"""The capacitation simulator: does a staffing policy grow skills and share paid hours?

A synthetic cooperative from the demo generator lives through ``weeks`` weeks: requests
arrive from the demo's templates, members join and leave, coordinators pair learners with
mentors, and each week a policy staffs the requests. Learning is fixed (an apprenant
beside a teacher gains a level with probability 0.2 per mission, a pair meeting with 0.1)
and chance is common to all policies, so the comparison isolates the policy. Modules:

* :mod:`~matcher.simulate.draws` — named, policy-independent random draws;
* :mod:`~matcher.simulate.cooperative` — the starting cooperative and who comes and goes;
* :mod:`~matcher.simulate.arrivals` — the weekly requests;
* :mod:`~matcher.simulate.pairing` — the mentor pairs and their meetings (shared);
* :mod:`~matcher.simulate.policies` — ours, experts, random;
* :mod:`~matcher.simulate.world` — one policy's dataset, missions and level gains;
* :mod:`~matcher.simulate.run` — the weekly loop and the independent feasibility check;
* :mod:`~matcher.simulate.metrics`, :mod:`~matcher.simulate.report` — the table.

Pure: no database, no web. See docs/simulator.md.
"""

from matcher.simulate.policies import POLICIES
from matcher.simulate.report import as_json, table, targets
from matcher.simulate.run import Run, Setting, prepare, run_policy, simulate

__all__ = [
    "POLICIES",
    "Run",
    "Setting",
    "as_json",
    "prepare",
    "run_policy",
    "simulate",
    "table",
    "targets",
]
