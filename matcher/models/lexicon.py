"""The phrase index of the extractor: taxonomy labels and synonyms, keyed by stems.

Part of :mod:`matcher.models.extract` (internal). :func:`build_index` turns the labels,
synonyms and hand-written words (:mod:`matcher.models.french`) of a list of skills into an
index from the first key of a phrase to the phrases starting with it. How much a phrase
proves is decided here, once, at fit time:

* a label weighs more than a synonym, a synonym more than a derived phrase (a part of a
  coordinated label, a synonym without its light verb, the head word of a label);
* a phrase shared by several skills is down-weighted (ambiguous);
* single common words are *weak* (evidence only with an intent cue) or *banned*;
* a one-word match must share the word's meaning, not just a Snowball stem
  (:func:`compatible`: "repas" is not "repasser").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from matcher.domain import Skill
from matcher.models import french
from matcher.models.french import WORD

__all__ = [
    "LONG_TAIL_STOP",
    "WEAK_STEMS",
    "Index",
    "Phrase",
    "build_index",
    "compatible",
    "extra_synonyms",
    "head_words",
    "is_ancestor",
    "specific_single",
]

LABEL_WEIGHT = 1.0
SYNONYM_WEIGHT = 0.92
DERIVED_WEIGHT = 0.85  # label parts, label head words, "faire X" → "X"
AMBIGUOUS_FACTOR = 0.9
LABEL_WORD_BONUS = 0.03
MIN_HEAD_LENGTH = 5
_LABEL_PARTS = re.compile(r"\s+et\s+|\s*[/(),]\s*")
_DIGIT = re.compile(r"\d")
_COMPOUND = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")

#: Words the long tail never takes alone (singular, as its keys are).
LONG_TAIL_STOP = frozenset(
    french.singular(word)
    for word in french.LONG_TAIL_BLOCKED
    | french.WEAK_TERMS
    | french.BANNED_TERMS
    | french.COMMON_WORDS
)
WEAK_STEMS = frozenset(french.skill_stem(word) for word in french.WEAK_TERMS)


class Phrase(NamedTuple):
    """A label or synonym as the index stores it."""

    keys: tuple[str, ...]  # stems (curated) or singular words (long tail)
    skill: str
    weight: float
    weak: bool  # one common word: evidence only with a cue and nothing stronger
    words: frozenset[str]  # the folded words a one-word phrase was written with
    passion_only: bool = False
    exact: tuple[str, ...] = ()  # per key, the singular word a compound requires ("" = any)


Index = dict[str, list[Phrase]]


def _surfaces(skill: Skill, extra: Sequence[str]) -> list[tuple[str, float, str]]:
    """(text, weight, origin) for the label, synonyms, ``extra`` words and label parts.

    Origin is "" for written surfaces, "part" for a part of a coordinated label
    ("Crêpes et gaufres" → "gaufres") and "light" for a synonym without its light verb
    ("faire la vaisselle" → "vaisselle").
    """
    out = [(skill.label_fr, LABEL_WEIGHT, "")]
    out += [(synonym, SYNONYM_WEIGHT, "") for synonym in skill.synonyms_fr]
    out += [(word, SYNONYM_WEIGHT, "") for word in extra]
    parts = [p for p in _LABEL_PARTS.split(skill.label_fr) if p.strip() and not _DIGIT.search(p)]
    if len(parts) > 1:
        out += [(part, DERIVED_WEIGHT, "part") for part in parts]
    for synonym in skill.synonyms_fr:
        content = french.content_words(synonym)
        if len(content) > 1 and content[0] in french.LIGHT_VERBS:
            out.append((" ".join(content[1:]), DERIVED_WEIGHT, "light"))
    return out


def _tier(surface: str, content: Sequence[str], origin: str) -> str:
    """Evidence tier of a phrase of ``content`` words: banned, weak or strong."""
    if " ".join(content) in french.BANNED_PHRASES:
        return "banned"
    if len(content) != 1:
        return "strong"
    word = content[0]
    if word in french.BANNED_TERMS:
        return "banned"
    reduced = len([t for t in french.tokenize(surface) if t.kind == WORD]) > 1
    if word in french.WEAK_TERMS or french.skill_stem(word) in WEAK_STEMS:
        return "weak"
    if origin == "light" or reduced or (origin and word in french.GENERIC_HEADS):
        return "weak"
    return "strong"


def build_index(
    skills: Iterable[Skill],
    extra: dict[str, tuple[str, ...]],
    key: Callable[[str], str] = french.skill_stem,
    max_words: int | None = None,
    passion_only: frozenset[tuple[str, str]] = frozenset(),
) -> Index:
    """First key → phrases, over labels, synonyms and ``extra`` words of ``skills``.

    A phrase shared by several skills is down-weighted (ambiguous); a single word that is
    also in the skill's label gets a small bonus, so "piano" is piano before it is a heavy
    load to carry.
    """
    best: dict[tuple[tuple[str, ...], str], Phrase] = {}
    for skill in skills:
        label_keys = {key(word) for word in french.content_words(skill.label_fr)}
        for surface, weight, origin in _surfaces(skill, extra.get(skill.id, ())):
            content = french.content_words(surface)
            if not content or (max_words is not None and len(content) > max_words):
                continue
            tier = _tier(surface, content, origin)
            if tier == "banned":
                continue
            keys = tuple(key(word) for word in content)
            if len(keys) == 1 and keys[0] in label_keys:
                weight += LABEL_WORD_BONUS
            compound = _compound_words(surface)
            phrase = Phrase(
                keys,
                skill.id,
                weight,
                tier == "weak",
                frozenset(content) if len(content) == 1 else frozenset(),
                (skill.id, surface) in passion_only,
                tuple(french.singular(w) if w in compound else "" for w in content)
                if len(content) > 1 and compound
                else (),
            )
            current = best.get((keys, skill.id))
            if current is not None:
                if (current.weak, -current.weight) < (phrase.weak, -phrase.weight):
                    phrase, current = current, phrase
                phrase = phrase._replace(words=phrase.words | current.words)
            best[(keys, skill.id)] = phrase
    owners = Counter(keys for keys, _ in best)
    index: Index = {}
    for (keys, _), phrase in sorted(best.items()):
        if owners[keys] > 1:
            phrase = phrase._replace(weight=phrase.weight * AMBIGUOUS_FACTOR)
        index.setdefault(keys[0], []).append(phrase)
    return index


def _compound_words(surface: str) -> set[str]:
    """Folded words of hyphenated compounds: "vide-grenier" is not "vider un grenier"."""
    folded = french.fold(surface)[0]
    return {part for compound in _COMPOUND.findall(folded) for part in compound.split("-")}


def head_words(
    skills: Sequence[Skill], index: Index, parents: dict[str, str]
) -> dict[str, tuple[str, ...]]:
    """First word of multi-word labels, when specific ("Désherbage manuel" → "désherbage").

    A head shared by several labels goes to the one that is the ancestor of the others
    ("accueil" is Accueil du public, not Accueil événementiel), else to nobody.
    """
    single_keys = {p.keys[0] for phrases in index.values() for p in phrases if len(p.keys) == 1}
    heads: dict[str, list[str]] = {}
    for skill in skills:
        content = french.content_words(skill.label_fr)
        if len(content) < 2:
            continue
        head = content[0]
        if (
            len(head) < MIN_HEAD_LENGTH
            or head in french.GENERIC_HEADS
            or head in french.BANNED_TERMS
        ):
            continue
        if head in french.WEAK_TERMS or french.skill_stem(head) in single_keys:
            continue
        heads.setdefault(head, []).append(skill.id)
    out: dict[str, tuple[str, ...]] = {}
    for head, ids in heads.items():
        roots = [i for i in ids if all(o == i or is_ancestor(i, o, parents) for o in ids)]
        if roots:
            out[roots[0]] = (*out.get(roots[0], ()), head)
    return out


def extra_synonyms(known_ids: set[str]) -> dict[str, tuple[str, ...]]:
    """Hand-written verbs and informal words of :mod:`french`, for the skills being fitted."""
    extra: dict[str, tuple[str, ...]] = {}
    for table in (french.VERB_SKILLS, french.INFORMAL_SYNONYMS):
        for skill_id, surfaces in table.items():
            if skill_id in known_ids:
                extra[skill_id] = (*extra.get(skill_id, ()), *surfaces)
    return extra


def compatible(word: str, phrase_words: Iterable[str], key: str) -> bool:
    """Whether a one-word match shares meaning, not just a Snowball stem.

    Hand-mapped verbs ("couds" → couture) always fit; otherwise both words must be the key
    plus an ending of :data:`french.ENDINGS`, and short keys must match the word exactly.

    >>> compatible("eleves", {"elevateur"}, "elev"), compatible("couds", {"couture"}, "coutur")
    (False, True)
    """
    return any(_compatible_word(word, phrase_word, key) for phrase_word in phrase_words)


def _compatible_word(word: str, phrase_word: str, key: str) -> bool:
    word, phrase_word = french.singular(word), french.singular(phrase_word)
    if word == phrase_word:
        return True
    if french.stem(word) != key or french.stem(phrase_word) != key:
        return True  # mapped by VERB_STEMS or STEM_EXCEPTIONS: curated by hand
    if len(key) < 4:
        return False
    return all(
        w.startswith(key) and (w[len(key) :] or "_") in french.ENDINGS for w in (word, phrase_word)
    )


def specific_single(word: str, stem: str) -> bool:
    """A long-tail single word rare enough to be evidence ("yoga", "coréen", not "paris").

    ``word`` is singular (the long tail's key), so the word lists are compared singular.
    """
    return (
        len(word) >= 4
        and word not in LONG_TAIL_STOP
        and stem not in WEAK_STEMS
        and not french.is_cue_word(word)
    )


def is_ancestor(ancestor: str, skill: str, parents: dict[str, str]) -> bool:
    """Whether ``ancestor`` is on the parent chain of ``skill``."""
    current = parents.get(skill)
    while current is not None:
        if current == ancestor:
            return True
        current = parents.get(current)
    return False
