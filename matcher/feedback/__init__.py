"""The feedback loop: coordinators' decisions flow back into levels, badges and ranking.

* :mod:`~matcher.feedback.decisions`, :mod:`~matcher.feedback.editing` — accept, decline
  and edit proposals (a team is re-judged by the engine: hard constraints never move);
* :mod:`~matcher.feedback.closing` — close a mission with real hours and outcomes;
* :mod:`~matcher.feedback.evidence`, :mod:`~matcher.feedback.levels` — level evidence,
  the queue of level changes, pair approvals and meetings;
* :mod:`~matcher.feedback.listing`, :mod:`~matcher.feedback.badges` — views, the
  capacitation trajectory and Open Badges 3.0 credentials;
* :mod:`~matcher.feedback.ranking` — criteria weights learned from decisions;
* :mod:`~matcher.feedback.service` — the use cases (one transaction each) the CLI and the
  web layer call; :mod:`~matcher.feedback.store` applies a decision's
  :class:`~matcher.feedback.changes.Changes`.

Pure modules take a :class:`~matcher.domain.Dataset` and return a
:class:`~matcher.feedback.changes.Decision`; only ``service`` and ``store`` touch storage.
The rules and the vocabulary are documented in docs/feedback.md.
"""

from matcher.feedback.errors import ConflictError, FeedbackError
from matcher.feedback.ranking import learned_weights

__all__ = ["ConflictError", "FeedbackError", "learned_weights"]
