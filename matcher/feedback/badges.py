"""Open Badges 3.0 achievements for validated levels (one credential per level reached).

Each validated level change becomes an ``OpenBadgeCredential`` (W3C Verifiable Credentials
2.0 + the Open Badges 3.0 context): the issuer is the collective, the subject the member
(pseudonymous id and display name), the ``achievement`` a *Competency* "<skill> — niveau N"
aligned to the skill's ESCO URI from the packaged taxonomy when it has one, and the
evidence the missions and pair meetings behind it (ids and dates, nothing else).

Credentials are unsigned JSON unless a signing key is configured (see
:mod:`matcher.feedback.signing`). Ids are derived from the level change, so exporting twice
gives the same credential.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from matcher.domain import Dataset, LevelChange
from matcher.feedback.errors import FeedbackError
from matcher.feedback.vocabulary import EVIDENCE_SOURCES
from matcher.taxonomy import Taxonomy
from matcher.vocabulary import LEVELS

__all__ = ["CONTEXT", "member_credentials"]

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
#: Stored datetimes are local to the cooperatives (France).
LOCAL_TIME = ZoneInfo("Europe/Paris")
URN = "urn:kpa-matcher"


def _timestamp(at: datetime) -> str:
    aware = at if at.tzinfo else at.replace(tzinfo=LOCAL_TIME)
    return aware.isoformat(timespec="seconds")


def _alignment(taxonomy: Taxonomy, skill_id: str) -> list[dict[str, Any]]:
    if skill_id not in taxonomy or not taxonomy.get(skill_id).esco_uri:
        return []
    skill = taxonomy.get(skill_id)
    return [
        {
            "type": ["Alignment"],
            "targetName": skill.label_en or skill.label_fr,
            "targetUrl": skill.esco_uri,
            "targetCode": skill.esco_uri,
            "targetFramework": "ESCO",
            "targetType": "ceasn:Competency",
        }
    ]


def _credential(
    dataset: Dataset, change: LevelChange, taxonomy: Taxonomy, member_name: str
) -> dict[str, Any]:
    member = next(m for m in dataset.members if m.id == change.member_id)
    collective = next(c for c in dataset.collectives if c.id == member.collective_id)
    label = taxonomy.label_fr(change.skill_id) if change.skill_id in taxonomy else change.skill_id
    level = change.to_level
    name = f"{label} — niveau {level} : {LEVELS[level]}"
    evidence = [
        {
            "type": ["Evidence"],
            "id": f"{URN}:{e.source}:{e.source_id}",
            "name": EVIDENCE_SOURCES.get(e.source, e.source),
            "description": f"{EVIDENCE_SOURCES.get(e.source, e.source)} ({e.earned_on:%d/%m/%Y})",
        }
        for e in dataset.level_evidence
        if e.member_id == change.member_id and e.skill_id == change.skill_id
    ]
    decided = change.decided_at or change.created_at or datetime.now()
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{URN}:level_change:{change.id}')}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": f"{URN}:collective:{collective.id}",
            "type": ["Profile"],
            "name": collective.name,
        },
        "validFrom": _timestamp(decided),
        "name": name,
        "credentialSubject": {
            "id": f"{URN}:member:{member.id}",
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": member_name,
                }
            ],
            "achievement": {
                "id": f"{URN}:achievement:{change.skill_id}:{level}",
                "type": ["Achievement"],
                "achievementType": "Competency",
                "name": name,
                "description": (
                    f"Niveau {level} (« {LEVELS[level]} ») en {label}, sur l'échelle de 0 à 4 "
                    "des coopératives KPA-Cité."
                ),
                "criteria": {
                    "narrative": (
                        f"Niveau validé par l'animateur·rice de {collective.name} après des "
                        "preuves de progression : missions faites aux côtés d'un·e "
                        "transmetteur·rice, rencontres d'un binôme d'apprentissage."
                    )
                },
                "inLanguage": "fr",
                "alignment": _alignment(taxonomy, change.skill_id),
            },
        },
        "evidence": evidence,
    }


def member_credentials(
    dataset: Dataset, member_id: str, taxonomy: Taxonomy
) -> list[tuple[str, dict[str, Any]]]:
    """``(file name, credential)`` for each validated level of the member, oldest first."""
    member = next((m for m in dataset.members if m.id == member_id), None)
    if member is None:
        raise FeedbackError(f"Le membre {member_id} n'existe pas.")
    changes = sorted(
        (c for c in dataset.level_changes if c.member_id == member_id and c.status == "validated"),
        key=lambda c: (c.decided_at or c.created_at or datetime.min, c.id),
    )
    return [
        (
            f"badge-{c.skill_id}-niveau-{c.to_level}.json",
            _credential(dataset, c, taxonomy, member.display_name),
        )
        for c in changes
    ]
