"""Clauses of a text and the intent cues in each: where "what I do" turns into "what I want".

Part of :mod:`matcher.models.extract` (internal). A text is cut where intent may change:
punctuation, "mais", "car", "par contre"…, and "et"/"ou" when a new subject or a cue
follows ("j'ai appris la couture et j'aimerais apprendre la broderie"). Each clause then
lists its cues: wish words (``wants``), passion words (``loves``), practice words and any
verb conjugated with "je" (``knows``).

>>> from matcher.models.french import analyse
>>> tokens = analyse("je couds mais j'aimerais apprendre la broderie")
>>> [(c.start, c.end, [i for _, i in c.cues]) for c in split_clauses(tokens)]
[(0, 2, ['knows']), (2, 8, ['wants', 'wants'])]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from matcher.models import french
from matcher.models.french import PUNCT, WORD, Token

if TYPE_CHECKING:
    from matcher.models.mentions import Mention

__all__ = ["SENTENCE_END", "Clause", "after_je", "cues", "split_clauses"]

SENTENCE_END = frozenset(".!?\n")


@dataclass
class Clause:
    """Token range of a clause, its intent cues, negations and mentions."""

    start: int
    end: int  # exclusive
    sentence: int
    cues: list[tuple[int, str]] = field(default_factory=list)
    negations: list[tuple[int, bool]] = field(default_factory=list)  # (index, "pas encore")
    mentions: list[Mention] = field(default_factory=list)


def split_clauses(tokens: Sequence[Token]) -> list[Clause]:
    """Cut the text where intent may change, and find each clause's cues."""
    clauses: list[Clause] = []
    start, sentence = 0, 0

    def close(end: int) -> None:
        if end > start:
            clauses.append(Clause(start, end, sentence))

    for index, token in enumerate(tokens):
        if token.kind == PUNCT:
            close(index)
            start = index + 1
            if token.text in SENTENCE_END:
                sentence += 1
        elif _starts_clause(tokens, index):
            close(index)
            start = index
    close(len(tokens))
    for clause in clauses:
        clause.cues = cues(tokens, clause)
    return clauses


def _starts_clause(tokens: Sequence[Token], index: int) -> bool:
    word = tokens[index].text
    if word in french.CLAUSE_WORDS:
        return True
    if word == "parce" or (word == "contre" and index and tokens[index - 1].text == "par"):
        return True
    if word in {"et", "ou", "puis"}:
        following = [t.text for t in tokens[index + 1 : index + 3] if t.kind == WORD]
        return any(w in french.SUBJECT_WORDS or french.is_cue_word(w) for w in following)
    return False


def after_je(tokens: Sequence[Token], index: int, start: int) -> bool:
    """Whether the word at ``index`` is a verb conjugated with "je" ("je lui raconte")."""
    position = index - 1
    while position >= start and tokens[position].text in french.CLITICS:
        position -= 1
    return position >= start and tokens[position].text == "je"


def _teaching(tokens: Sequence[Token], index: int, start: int) -> bool:
    """Teaching, not a wish: "j'aide mon frère à apprendre à lire", "je lui apprends"."""
    before = [t.text for t in tokens[max(start, index - 5) : index]]
    return bool(before) and (
        before[-1] in {"lui", "leur"} or any(w.startswith("aid") for w in before)
    )


def _tempted(tokens: Sequence[Token], index: int, start: int) -> bool:
    """ "La soudure me tente", "ça me dirait", "ça me dit bien d'essayer"."""
    word = tokens[index].text
    before = [t.text for t in tokens[max(start, index - 2) : index]]
    if not before or before[-1] not in {"me", "m"}:
        return False
    return word in french.WISH_AFTER_ME or (word == "dit" and before[0] in {"ca", "cela"})


def cues(tokens: Sequence[Token], clause: Clause) -> list[tuple[int, str]]:
    """(token index, intent) of every intent cue of a clause."""
    found = []
    for index in range(clause.start, clause.end):
        word = tokens[index].text
        is_after_je = after_je(tokens, index, clause.start)
        following = tokens[index + 1].text if index + 1 < clause.end else ""
        previous = tokens[index - 1].text if index > clause.start else ""
        if word.startswith("appren") and _teaching(tokens, index, clause.start):
            found.append((index, "knows"))
        elif word == "moi" and following == "qui":
            found.append((index, "knows"))  # "c'est moi qui calme les embrouilles"
        elif word in french.WISH_WORDS or (word == "compte" and is_after_je):
            found.append((index, "wants"))
        elif _tempted(tokens, index, clause.start) or (word == "non" and previous == "pas"):
            found.append((index, "wants"))  # "ça me tente", "je dirais pas non à"
        elif word in french.LOVE_WORDS:
            found.append((index, "loves"))
        elif word in french.KNOW_WORDS:
            found.append((index, "knows"))
        elif is_after_je and word not in french.NEUTRAL_AFTER_JE and word.isalpha():
            found.append((index, "knows"))  # a verb conjugated with "je": "je couds"
    return found
