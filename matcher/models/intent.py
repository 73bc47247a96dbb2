"""The intent of each mention: knows, wants, loves (members) or needs (requests).

Part of :mod:`matcher.models.extract` (internal). A skill takes the intent of the
nearest cue before it in its clause (:mod:`matcher.models.clauses`), else after it, else
of a neighbouring clause; without any cue a bare noun ("le foot et la musique") is
``loves``. A negated skill (:mod:`matcher.models.negation`) is dropped, unless the text
turns it into a wish ("pas encore", "… mais j'aimerais essayer") or a passion that points
back at it ("… mais j'adore ça"). Hobbies the taxonomy only knows as a service (playing
football, FIFA) stay ``loves`` even with "je fais". In a request every skill left is
``needs``, except who asks ("Le Secours populaire cherche…").
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.models import french
from matcher.models.clauses import Clause
from matcher.models.french import Token
from matcher.models.mentions import Mention
from matcher.models.negation import lost_later, negate, negated_comment

__all__ = ["INTENTS", "assign_intents", "drop_requester"]

#: Intents of a member's text, then of a request's.
INTENTS = ("knows", "wants", "loves", "needs")


def assign_intents(tokens: Sequence[Token], clauses: Sequence[Clause], kind: str) -> list[Mention]:
    """Give every mention an intent; drop negated ones unless "pas encore" or a later wish."""
    out: list[Mention] = []
    for number, clause in enumerate(clauses):
        for mention in clause.mentions:
            negate(mention, clause)
            for negation in negated_comment(tokens, clauses, number):
                mention.negated = True
                mention.not_yet = mention.not_yet or negation.not_yet
            if kind == "member" and lost_later(tokens, clauses, number):
                mention.negated = True
            if kind == "request":
                if not mention.negated:
                    mention.intent, mention.confidence = "needs", "cue"
                    out.append(mention)
                continue
            if mention.negated:
                later = _later_cue(tokens, clauses, number)
                if mention.not_yet or later == "wants":
                    mention.intent, mention.confidence = "wants", "cue"
                    out.append(mention)
                elif later == "loves":  # "j'ai pas d'expérience en vente mais j'adore ça"
                    mention.intent, mention.confidence = "loves", "cue"
                    out.append(mention)
                continue
            mention.intent, mention.confidence = _intent_of(tokens, mention, clauses, number)
            if mention.intent == "loves" and _later_cue(tokens, clauses, number) == "wants":
                mention.intent = "wants"
            hobby = mention.phrase.passion_only and not _leads(tokens, clause)
            if hobby and mention.intent == "knows":
                mention.intent = "loves"
            out.append(mention)
    return out


def _leads(tokens: Sequence[Token], clause: Clause) -> bool:
    """Whether a clause leads or teaches its hobby ("j'entraîne les U9", "je donne des cours")."""
    words = [t.text for t in tokens[clause.start : clause.end]]
    return bool(french.LEAD_WORDS.intersection(words)) or any(
        a == "donne" and "cours" in words[i + 1 : i + 4] for i, a in enumerate(words)
    )


def _later_cue(tokens: Sequence[Token], clauses: Sequence[Clause], number: int) -> str | None:
    """Intent of the next clause of the sentence that names no skill and is not negated.

    "Jkiffe la mécanique mais j'y connais rien, je veux apprendre" and "j'ai jamais fait
    de soudure mais j'aimerais essayer" are wishes about the skill named before; a passion
    counts only when it points back at it ("mais j'adore ça"), since "je sais pas
    cuisiner mais j'adore manger" loves eating, not cooking.
    """
    sentence = clauses[number].sentence
    for clause in clauses[number + 1 :]:
        if clause.sentence != sentence or clause.mentions:
            return None
        if clause.cues and not clause.negations:
            intent = clause.cues[0][1]
            if intent == "loves":
                words = {t.text for t in tokens[clause.start : clause.end]}
                return "loves" if words & {"ca", "cela"} else None
            return intent if intent in {"knows", "wants"} else None
    return None


def _intent_of(
    tokens: Sequence[Token], mention: Mention, clauses: Sequence[Clause], number: int
) -> tuple[str, str]:
    """Nearest cue before the mention in its clause, else after it, else a neighbour's.

    A neighbour that is negated lends its cue only to a clause that contrasts with it
    ("je sais pas coudre mais tricoter oui"), and not to a common word ("je parle pas
    anglais, juste français" claims no written French).
    """
    clause = clauses[number]
    before = [(i, intent) for i, intent in clause.cues if i <= mention.first]
    if before:
        return before[-1][1], "cue"
    after = [(i, intent) for i, intent in clause.cues if i > mention.last]
    if after:
        return after[0][1], "cue"
    contrast = not mention.phrase.weak and _contrasts(tokens, clause)
    for other in reversed(clauses[:number]):
        if other.sentence != clause.sentence or not other.cues:
            continue
        if not other.negations or contrast:
            # "je fais pas de couture mais de la broderie": the verb, without its "pas"
            return other.cues[-1][1], "inherited"
    for other in clauses[number + 1 :]:
        if other.cues and not other.negations:
            return other.cues[0][1], "inherited"
    return "loves", "default"


def _contrasts(tokens: Sequence[Token], clause: Clause) -> bool:
    """Whether a clause opens with "mais", "juste", "plutôt"… and negates nothing itself."""
    opener = tokens[clause.start].text if clause.start < clause.end else ""
    return opener in french.CONTRAST_WORDS and not clause.negations


def drop_requester(tokens: Sequence[Token], clauses: Sequence[Clause]) -> None:
    """Who asks is not what is needed: "Le Secours populaire cherche…", "Un traiteur…"."""
    for clause in clauses:
        verbs = [
            i for i in range(clause.start, clause.end) if tokens[i].text in french.REQUEST_VERBS
        ]
        if verbs:
            clause.mentions = [m for m in clause.mentions if m.first > verbs[0]]
