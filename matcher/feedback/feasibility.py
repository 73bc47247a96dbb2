"""Re-judging a team with the engine at decision time: the hard constraints never move.

Between the weekly batch and a coordinator's decision the world changes (someone booked
elsewhere, a new unavailability, a swap); accepting or editing a team therefore rebuilds
the request's instance from the stored data (:func:`matcher.instances.request_instance`)
and asks :func:`matcher.engine.rescore`, the same judge the solver obeys. A team that
breaks a rule is refused with the engine's French messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from matcher.domain import Dataset
from matcher.engine import TeamError, parse_instance, rescore
from matcher.engine.codes import CODES
from matcher.feedback.errors import FeedbackError
from matcher.instances import request_instance

LEARNER = "apprenant"


def team_spec(members: Iterable[tuple[str, str]]) -> list[Any]:
    """The ``rescore`` team: apprenant·es keep their role, the engine places the others."""
    return [{"id": mid, "role": LEARNER} if role == LEARNER else mid for mid, role in members]


def judge_team(
    dataset: Dataset, request_id: str, members: Iterable[tuple[str, str]], today: date
) -> dict[str, Any]:
    """``rescore`` of ``(member_id, role)`` pairs on the request as stored today."""
    instance = parse_instance(request_instance(dataset, request_id, today=today))
    try:
        return rescore(instance, team_spec(members))
    except TeamError as exc:
        raise FeedbackError(
            f"Équipe impossible pour la demande {request_id} : {exc} (membre absent·e du "
            "collectif ou pas présent·e aux dates des séances)."
        ) from exc


def require_feasible(judged: dict[str, Any], refusal: str) -> None:
    """Raise the French refusal naming every broken hard constraint, if any."""
    if judged["feasible"]:
        return
    lines = [
        f"- {CODES.get(b['code'], b['code'])} ({b['code']}) : {b['message_fr']}"
        for b in judged["broken"]
    ]
    raise FeedbackError(
        f"{refusal} : l'équipe ne respecte pas les règles suivantes.\n" + "\n".join(lines)
    )
