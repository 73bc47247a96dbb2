"""The minimum level a request asks for (0–4, ``docs/vocabulary.md``), from its words.

Part of :mod:`matcher.models.extract` (internal). 4: the skill is taught (a workshop's
subject, "m'apprendre à"); 3: confirmed or leading ("confirmé", "référent", running the
workshop itself); 2 by default; 1: helpers ("des jeunes", "des bras", "juste", tasks any
willing helper can do); 0: beginners welcome ("débutants", "pas besoin d'expérience").

>>> from matcher.models.french import analyse
>>> from matcher.models.clauses import split_clauses
>>> tokens = analyse("on cherche un cuisinier confirmé")
>>> min_level(tokens, "cuisine", split_clauses(tokens)[0], "cuisine")
3
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.models import french
from matcher.models.clauses import Clause
from matcher.models.french import Token

__all__ = ["DEFAULT_LEVEL", "WORKSHOP_SKILL", "min_level"]

#: Skills any willing helper can do: requested at level 1 unless the text says more.
ENTRY_LEVEL_DOMAINS = frozenset({"service", "nettoyage", "manutention", "logistique"})
ENTRY_LEVEL_SKILLS = frozenset(
    {
        "desherbage",
        "ramassage-feuilles",
        "tonte-pelouse",
        "arrosage",
        "plantation",
        "affichage",
        "distribution-flyers",
        "street-marketing",
        "collecte-dons",
        "preparation-supports",
    }
)
WORKSHOP_SKILL = "animation-atelier"
DEFAULT_LEVEL = 2


def min_level(tokens: Sequence[Token], skill: str, clause: Clause, domain: str) -> int:
    """Level a request asks for: 4 teach, 3 confirmed, 2 by default, 1 helpers, 0 beginners.

    Running the workshop is 3; the skill taught in it is 4. "Confirmé" counts in the
    skill's own clause only ("une coiffeuse confirmée, et une maquilleuse"), a negated one
    not at all ("on cherche pas un pro").
    """
    text = [t.text for t in tokens]
    own = text[clause.start : clause.end]
    if skill == WORKSHOP_SKILL:
        return 3
    if any(word in french.TEACH_CUES for word in text):
        return 4
    for index, word in enumerate(own):
        if word in french.CONFIRMED_CUES and not {"pas", "sans", "besoin"} & set(
            own[max(0, index - 3) : index]
        ):
            return 3
    if any(word in french.BEGINNER_CUES for word in text) or _no_experience_needed(text):
        return 0
    if any(word in french.HELPER_CUES for word in text):
        return 1
    if domain in ENTRY_LEVEL_DOMAINS or skill in ENTRY_LEVEL_SKILLS:
        return 1
    return DEFAULT_LEVEL


def _no_experience_needed(text: Sequence[str]) -> bool:
    """Whether the text says no experience is needed ("pas besoin d'expérience")."""
    for index, word in enumerate(text):
        if word == "experience" and {"sans", "besoin", "aucune"} & set(
            text[max(0, index - 3) : index]
        ):
            return True
    return False
