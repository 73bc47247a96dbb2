"""The weekly batch: a week prepared for every collective, written once, safe to kill.

* :mod:`~matcher.batch.slices` — the network split per collective (one pass per table);
* :mod:`~matcher.batch.teams` — team proposals for the week's requests, rank 1 jointly
  feasible (hardest request first, each rank-1 team booked before the next);
* :mod:`~matcher.batch.skillgaps`, :mod:`~matcher.batch.fairness` — the reports;
* :mod:`~matcher.batch.plan` — all of one collective's week, computed without I/O;
* :mod:`~matcher.batch.records` — the plan as proposal rows;
* :mod:`~matcher.batch.digest`, :mod:`~matcher.batch.mail` — the coordinators' page and
  queue, the members' messages, SMTP or ``.eml``;
* :mod:`~matcher.batch.lock` — one batch at a time (advisory lock or file lock);
* :mod:`~matcher.batch.service` — :func:`run_batch`, the use case (see docs/batch.md).
"""
