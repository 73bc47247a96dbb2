"""Errors of the feedback loop: each carries the French sentence a coordinator reads."""

from __future__ import annotations


class FeedbackError(ValueError):
    """A decision that cannot be made as asked (unknown id, wrong status, broken rule).

    The message is French and names ids only, so the CLI and the web layer can show it
    as it is and logs stay free of personal data.
    """


class ConflictError(FeedbackError):
    """Someone else changed the row between reading and writing (two coordinators at once)."""
