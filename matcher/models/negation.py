"""Negation as members and clients write it: what it covers, and what only looks like one.

Part of :mod:`matcher.models.extract` (internal). A skill named under negation is not a
skill the member claims ("je sais pas coudre", "nul en maths", "la couture c'est pas mon
truc", "j'y connais walou") and not one a client needs ("pas besoin de DJ"). Three
questions, each answered by a small function:

1. **Is this word a negation?** (:func:`find_negations`) "pas", "jamais", "rien", "ni",
   "aucun", "nul", "zéro", dislike ("je déteste", "ça me saoule", "j'ai horreur"),
   struggle ("j'ai du mal", "je galère"), slang ("walou", "que dalle", "une quiche"),
   spoken "je sais plus coudre". Not when the words around make it an idiom:

   * it is praise or a double negation: "pas mal", "pas trop mal", "pas nulle",
     "pas mauvaise", "je rate jamais", "j'arrête pas de dessiner";
   * it only lowers a level: "pas une pro de la couture", "pas expert";
   * it restricts rather than denies: "pas que", "pas juste", "pas seulement";
   * it is about something else: "ça me dérange pas", "pas de souci", "pas de problème",
     "nulle part", "zéro déchet", "de zéro", "aucune expérience requise";
   * "pas non" ("je dirais pas non") is a yes: see :mod:`matcher.models.clauses`.

2. **What does it cover?** (:func:`negate`) What follows it in its clause, up to a word
   that turns to something else ("pas de maquillage *juste* les ongles"); "sans" covers
   only the few words after it. A skill named before the negation is covered too when
   it is the topic, i.e. no cue stands before it ("la couture j'y connais rien",
   "tresser j'ai jamais su").

3. **Does a neighbouring clause negate it?** (:func:`negated_comment`, :func:`lost_later`)
   A bare topic and a comment that only says no: "la couture, j'y connais rien", "le
   crochet ? non"; someone else's skill and "moi non" / "pas moi" ("mon frère fait de
   la mécanique, moi non"); a skill since lost ("avant je savais coudre mais j'ai
   oublié", "… j'ai arrêté, je sais plus jouer").

4. **Whose is it?** (:func:`mark_negations`) In a member's text, "c'est ma mère qui
   fait à manger" is someone else's practice; in a request, "on a déjà un DJ" is not a
   need. Both are treated as negations of what follows.

Whether a negated skill becomes a wish ("pas encore", "mais j'aimerais essayer") is
decided in :mod:`matcher.models.intent`.

>>> from matcher.models.clauses import split_clauses
>>> from matcher.models.french import analyse
>>> def negated(text):
...     tokens = analyse(text)
...     return [tokens[n.index].text for c in split_clauses(tokens)
...             for n in find_negations(tokens, c)]
>>> negated("je sais pas coudre"), negated("je me débrouille pas mal en couture")
(['pas'], [])
>>> negated("je suis pas nulle en dessin"), negated("j'y connais walou")
([], ['walou'])
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import NamedTuple

from matcher.models import french
from matcher.models.clauses import Clause, after_je
from matcher.models.french import Token
from matcher.models.mentions import Mention

__all__ = [
    "Negation",
    "find_negations",
    "lost_later",
    "mark_negations",
    "negate",
    "negated_comment",
]

#: How many words after "sans" it covers ("sans machine à coudre").
_SANS_SCOPE = 3
#: Negation particles: only these can be turned into idioms by the words after them.
_PARTICLES = frozenset({"pas", "jamais", "rien", "plus", "aucun", "aucune", "ni", "guere"})


class Negation(NamedTuple):
    """A negation of a clause: where it is, and what it covers."""

    index: int  # token index of the negation word
    not_yet: bool  # "pas encore": a wish, not a refusal
    end: int  # exclusive end of what it covers after it
    backward: bool = True  # may also cover a topic named before it


def mark_negations(tokens: Sequence[Token], clauses: Sequence[Clause], kind: str) -> None:
    """Fill ``negations`` of every clause.

    In a member's text, "c'est ma mère qui fait à manger" says the cooking is someone
    else's: the cleft counts as a negation of the member's practice (but "c'est ma mère
    qui m'a appris" does not). In a request, what the client already has is not needed.
    """
    for clause in clauses:
        clause.negations = find_negations(tokens, clause)
        if kind == "member":
            clause.negations += _someone_else(tokens, clause)
        else:
            clause.negations += _already_have(tokens, clause)
        clause.negations.sort()


def _already_have(tokens: Sequence[Token], clause: Clause) -> list[Negation]:
    """ "On a déjà un DJ", "nous avons déjà l'affiche": what a client has is not needed."""
    text = [t.text for t in tokens]
    for index in range(clause.start + 1, clause.end):
        if text[index] == "deja" and text[index - 1] in {"a", "avons", "ont"}:
            return [Negation(index, False, _scope_end(text, index, clause), backward=False)]
    return []


def _someone_else(tokens: Sequence[Token], clause: Clause) -> list[Negation]:
    """ "C'est ma sœur qui [fait]": a cleft on someone close, not on the member."""
    text = [t.text for t in tokens[: clause.end]]
    for index in range(clause.start + 3, clause.end):
        if text[index] != "qui":
            continue
        before = text[max(clause.start, index - 5) : index]
        following = text[index + 1] if index + 1 < clause.end else ""
        cleft = any(a == "ce" and b in {"est", "sont", "etait"} for a, b in pairwise(before))
        if cleft and set(before) & french.POSSESSIVES and following not in {"me", "m", "nous"}:
            return [Negation(index, False, clause.end)]
    return []


def find_negations(tokens: Sequence[Token], clause: Clause) -> list[Negation]:
    """The real negations of a clause, idioms skipped, each with its scope."""
    text = [t.text for t in tokens]
    found: list[Negation] = []
    cancelled: set[int] = set()  # "nulle" in "pas nulle": cancelled by the "pas" before it
    for index in range(clause.start, clause.end):
        if index in cancelled or not _is_negation(tokens, text, index, clause):
            continue
        after = _next_words(text, index, clause.end)
        if _cancelled(text, index, clause, [word for _, word in after]):
            cancelled.update(p for p, w in after[:1] if w in french.NEGATIVE_EVALUATIONS)
            continue
        following = after[0][1] if after else ""
        if text[index] == "sans":
            end = min(clause.end, index + 1 + _SANS_SCOPE)
            found.append(Negation(index, False, end, backward=False))
        else:
            found.append(Negation(index, following == "encore", _scope_end(text, index, clause)))
    return found


def _next_words(text: Sequence[str], index: int, end: int, count: int = 3) -> list[tuple[int, str]]:
    """(position, word) of the next ``count`` words after ``index``, leading "trop",
    "très", "de"… skipped ("pas trop mal", "pas de souci")."""
    out: list[tuple[int, str]] = []
    for position in range(index + 1, end):
        if text[position] in french.NEGATION_INTENSIFIERS and not out:
            continue
        out.append((position, text[position]))
        if len(out) == count:
            break
    return out


def _is_negation(tokens: Sequence[Token], text: Sequence[str], index: int, clause: Clause) -> bool:
    """Whether the word at ``index`` may negate (before idioms are ruled out)."""
    word = text[index]
    previous = text[index - 1] if index > clause.start else ""
    following = text[index + 1] if index + 1 < clause.end else ""
    if word in french.NEGATION_WORDS or word == "sans":
        return True
    if word == "plus":
        before = set(text[max(clause.start, index - 3) : index])
        return "ne" in before or _no_longer(tokens, index, clause)
    if word in {"non", "nan"}:
        return following in {"plus", "merci", ""}
    if word in french.DISLIKE_AFTER_ME:
        return previous in {"me", "m"}  # "ça me saoule", not "je gonfle les pneus"
    if word == "peine":
        return previous == "a"  # "à peine"
    if word == "mal":
        return previous == "du"  # "j'ai du mal en anglais"
    if word == "dalle":
        return previous == "que"  # "j'y connais que dalle"
    if word in {"deux", "2"}:
        return previous in {"fait", "font"} and not following  # "moi et la cuisine ça fait deux"
    if word in french.LOSS_WORDS:  # "j'ai tout oublié", not "j'oublie jamais"
        return following not in {"pas", "jamais", "rien"}
    if word == "peu":
        return previous == "tres" and following == "pour"  # "très peu pour moi"
    if word in french.SLANG_FOOLS:  # "je suis une quiche en maths", not "je fais une quiche"
        return previous in {"un", "une"} and index >= 2 and text[index - 2] in french.BE_FORMS
    return False


def _cancelled(text: Sequence[str], index: int, clause: Clause, after: Sequence[str]) -> bool:
    """Whether the negation at ``index`` is an idiom or cancels out (see the module doc)."""
    word = text[index]
    previous = text[index - 1] if index > clause.start else ""
    first = after[0] if after else ""
    if word == "sans":
        return first in french.SANS_IDIOMS
    if previous in french.NEGATION_IDIOMS_BEFORE or previous in french.INVERSE_VERBS:
        return True  # "ça me dérange pas", "je rate jamais", "j'arrête pas de"
    if first in french.INVERSE_VERBS:
        return True  # "j'ai jamais raté une tarte"
    if word in {"nul", "nulle"} and first == "part":
        return True
    if word in {"zero", "0"}:
        return first in french.ZERO_IDIOMS or previous == "de"  # "zéro déchet", "de zéro"
    if word not in _PARTICLES:
        return False
    if previous in {"sais", "savais"} and "si" in text[index + 1 : index + 3]:
        return True  # "je sais pas si je suis douée": a doubt, not a refusal
    if first in french.NEGATION_IDIOMS_AFTER or first in french.NEGATIVE_EVALUATIONS:
        return True  # "pas mal", "pas que", "pas de souci", "pas nulle", "pas mauvaise"
    if first in french.LEVEL_WORDS or (
        first in {"un", "une", "le", "la"} and len(after) > 1 and after[1] in french.LEVEL_WORDS
    ):
        return True  # "pas une pro de la couture": a level, not a refusal
    return _requirement(after)


def _requirement(after: Sequence[str]) -> bool:
    """ "Aucune expérience requise", "pas d'expérience nécessaire": a level 0, not a refusal."""
    words = [w for w in after if w not in {"de", "d", "en"}]
    return (
        len(words) >= 2
        and words[0] in french.REQUIREMENT_NOUNS
        and words[1] in french.REQUIREMENT_ADJECTIVES
    )


def _scope_end(text: Sequence[str], index: int, clause: Clause) -> int:
    """A negation covers the rest of its clause, up to a word that turns to something else
    ("pas de maquillage juste les ongles") or the "que" of "rien d'autre que", "pas
    d'autre passion que" (what follows is affirmed)."""
    other = False
    for position in range(index + 2, clause.end):
        word = text[position]
        if word in french.NEGATION_SCOPE_ENDS or (word == "que" and other):
            return position
        other = other or word in {"autre", "autres"}
    return clause.end


def _no_longer(tokens: Sequence[Token], index: int, clause: Clause) -> bool:
    """Spoken "je sais plus coudre", "j'en fais plus": "plus" right after a verb of "je"."""
    following = tokens[index + 1].text if index + 1 < clause.end else ""
    object_or_infinitive = (
        not following
        or following in french.NO_LONGER_NEXT
        or following.endswith(("er", "ir", "re", "oir"))
    )
    return (
        index - 1 >= clause.start
        and after_je(tokens, index - 1, clause.start)
        and object_or_infinitive
    )


def negate(mention: Mention, clause: Clause) -> None:
    """Mark ``mention`` negated when a negation of its clause covers it.

    A negation covers what follows it within its scope, and a topic named before it when
    no cue stands before the topic ("la couture j'y connais rien").
    """
    cues_before = any(index < mention.first for index, _ in clause.cues)
    for negation in clause.negations:
        if negation.index < mention.first:
            covered = mention.first < negation.end
        else:
            covered = negation.backward and not cues_before
        if covered:
            mention.negated = True
            mention.not_yet = mention.not_yet or negation.not_yet


def lost_later(tokens: Sequence[Token], clauses: Sequence[Clause], number: int) -> bool:
    """Whether a later clause of the sentence, naming no skill, says the skill is lost.

    "Avant je savais coudre mais j'ai oublié", "j'ai fait de la guitare mais j'ai
    arrêté, je sais plus jouer": practice in the past, none now.
    """
    sentence = clauses[number].sentence
    for clause in clauses[number + 1 :]:
        if clause.sentence != sentence or clause.mentions:
            return False
        for negation in clause.negations:
            word = tokens[negation.index].text
            if word in french.LOSS_WORDS or word == "plus":
                return True
    return False


def negated_comment(
    tokens: Sequence[Token], clauses: Sequence[Clause], number: int
) -> list[Negation]:
    """Negations of the next clause when it is a comment that only says no.

    "La couture, j'y connais rien" and "le crochet ? non": a bare topic (no cue, no
    negation of its own) and a comment without a skill. "Mon frère fait de la mécanique,
    moi non": whatever the first clause says, "moi non" / "pas moi" denies it for the
    member.
    """
    if number + 1 >= len(clauses):
        return []
    clause, comment = clauses[number], clauses[number + 1]
    if comment.mentions or not comment.negations:
        return []
    words = [t.text for t in tokens[comment.start : comment.end]]
    bare = all(w in french.BARE_DENIAL for w in words)
    if bare and {"moi", "perso", "personnellement"} & set(words):
        return comment.negations
    if clause.cues or clause.negations:
        return []
    if comment.sentence == clause.sentence:
        return comment.negations
    asked = clause.end < len(tokens) and tokens[clause.end].text == "?"
    return comment.negations if bare and asked else []
