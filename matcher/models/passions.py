"""Members' passions, as written, turned into the skills they love.

The skills graph links a member to the skills of their passions (``loves`` edges); the
words are the member's own, so the extractor reads them. A passion that claims practice
("je fais des gâteaux pour tout le monde") still only says *loves* here: declared levels
come from the member's skills, never from free text.
"""

from __future__ import annotations

from collections import defaultdict

from matcher.domain import Dataset
from matcher.models.extract import SkillExtractor

__all__ = ["loved_skills"]

#: Intents that show an interest in a skill (a wish to learn is a wish, not a passion).
PASSION_INTENTS = frozenset({"loves", "knows"})


def loved_skills(dataset: Dataset, extractor: SkillExtractor) -> dict[str, list[str]]:
    """Member id → skill ids found in their passions, in order, without repeats.

    >>> from matcher.domain import Passion
    >>> from matcher.models.extract import SkillExtractor
    >>> data = Dataset(passions=[Passion("m1", "j'adore la couture")])
    >>> loved_skills(data, SkillExtractor(use_long_tail=False).fit())
    {'m1': ['couture']}
    """
    passions = dataset.passions
    found = extractor.extract([passion.text for passion in passions], kind="member")
    loved: dict[str, list[str]] = defaultdict(list)
    for passion, extractions in zip(passions, found, strict=True):
        for extraction in extractions:
            if extraction.intent not in PASSION_INTENTS:
                continue
            if extraction.skill not in loved[passion.member_id]:
                loved[passion.member_id].append(extraction.skill)
    return dict(loved)
