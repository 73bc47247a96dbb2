"""The feedback loop's own vocabulary: ASCII ids with French labels (docs/feedback.md).

Kept beside the code that uses them rather than in :mod:`matcher.vocabulary`, so the
feedback loop owns its words; docs/feedback.md lists every id and label, and a test
holds the two together.
"""

from __future__ import annotations

from types import MappingProxyType

#: Why a coordinator declines a proposal (``matcher proposals decline --reason``).
DECLINE_REASONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "skills_mismatch": "Compétences pas adaptées à la demande",
        "team_balance": "Équipe mal équilibrée (toujours les mêmes, ou pas assez d'expérience)",
        "fairness": "Répartition des heures pas juste",
        "learning_not_suitable": "Place d'apprentissage pas adaptée cette fois",
        "too_far": "Trop loin pour l'équipe",
        "member_unavailable": "Un·e membre n'est finalement pas disponible",
        "client_request": "Demande du client ou de la cliente",
        "request_cancelled": "La demande est annulée",
        "other": "Autre raison (préciser avec --text)",
    }
)

#: Declines that say something about the *ranking* (the balance of the criteria). The
#: others are facts of the world (an absence, a cancelled request): they must not teach
#: the model that a good team was a bad one.
RANKING_REASONS = frozenset(
    {"skills_mismatch", "team_balance", "fairness", "learning_not_suitable", "too_far", "other"}
)

#: The one reason that needs a free text: « autre » alone tells nobody anything.
REASON_NEEDING_TEXT = "other"

#: How each member's part of a closed mission went (``matcher missions close --outcome``).
MEMBER_OUTCOMES: MappingProxyType[str, str] = MappingProxyType(
    {
        "completed": "Mission réalisée",
        "partial": "Présence partielle",
        "absent": "Absent·e",
    }
)

#: The state of a queued level change.
LEVEL_CHANGE_STATUSES: MappingProxyType[str, str] = MappingProxyType(
    {"pending": "À valider", "validated": "Validé", "rejected": "Refusé"}
)

#: Where a piece of level evidence comes from.
EVIDENCE_SOURCES: MappingProxyType[str, str] = MappingProxyType(
    {
        "mission": "Mission faite aux côtés de son ou sa transmetteur·rice",
        "pair": "Rencontres d'un binôme d'apprentissage",
    }
)

#: Every vocabulary of the feedback loop by name, for docs/feedback.md and its test.
FEEDBACK_VOCABULARIES: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "decline_reason": DECLINE_REASONS,
        "member_outcome": MEMBER_OUTCOMES,
        "level_change_status": LEVEL_CHANGE_STATUSES,
        "evidence_source": EVIDENCE_SOURCES,
    }
)
