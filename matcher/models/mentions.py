"""Candidate skills found in a text, and how overlapping or weak candidates are pruned.

Part of :mod:`matcher.models.extract` (internal). A :class:`Mention` is a phrase of the
index (:mod:`matcher.models.lexicon`) found in a clause. Several can cover the same
words, or say the same thing at two granularities; the functions here decide which
survive, before and after intents are known:

* :func:`find_mentions`: phrases matched in order, with a small gap (curated) or none
  (long tail); overlaps resolved by :func:`resolve_overlaps`;
* :func:`choose_rivals`: two unrelated skills on the same words, told apart by the
  domains of the rest of the text;
* :func:`filter_weak`: common words and catch-all skills give way to better evidence;
* :func:`drop_covered_parents`: a parent named by one word gives way to a child that
  details it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from matcher.models import french
from matcher.models.french import STOPWORDS, Token
from matcher.models.lexicon import Index, Phrase, compatible, is_ancestor

if TYPE_CHECKING:
    from matcher.models.clauses import Clause

__all__ = [
    "GENERIC_SKILLS",
    "Mention",
    "choose_rivals",
    "consumed",
    "drop_covered_parents",
    "filter_weak",
    "find_mentions",
    "rank",
]

WEAK_FACTOR = 0.8
GAP_FACTOR = 0.95
FUZZY_FACTOR = 0.85

#: Catch-all skills: dropped when a more precise skill is found in the same sentence
#: ("je répare les mobs" is two-wheeler mechanics, not also object repair).
GENERIC_SKILLS = frozenset({"reparation-objets", "sens-du-service"})

#: A content word of a clause: (token index, key, corrected, word as matched).
Content = tuple[int, str, bool, str]


@dataclass
class Mention:
    """A candidate skill in a clause, before intent and deduplication."""

    skill: str
    positions: tuple[int, ...]  # matched token indices, in order
    weight: float
    phrase: Phrase
    long_tail: bool = False
    clause: int = 0
    intent: str = ""
    confidence: str = "default"
    negated: bool = False
    not_yet: bool = False
    rivals: list[Mention] = field(default_factory=list)  # other skills on the same words

    @property
    def first(self) -> int:
        return self.positions[0]

    @property
    def last(self) -> int:
        return self.positions[-1]


#: When one skill gets several intents in a text, the strongest is kept.
_INTENT_STRENGTH = {"knows": 3, "needs": 3, "wants": 2, "loves": 1}


def rank(mention: Mention) -> tuple[float, int, float]:
    """Which of two mentions of one skill is kept: a cued one, then the strongest intent
    ("j'aime bien écrire, je tiens un blog" claims writing), then the heavier."""
    return (
        1.0 if mention.confidence == "cue" else 0.0,
        _INTENT_STRENGTH.get(mention.intent, 0),
        mention.weight,
    )


def consumed(tokens: Sequence[Token], position: int) -> bool:
    """Whether a word names no skill here: watched ("regarder des vidéos"), used ("me
    servir d'une machine") or a wish ("ça me tente" is not a tent)."""
    word = tokens[position].text
    previous = tokens[position - 1].text if position > 0 else ""
    if word in french.WISH_AFTER_ME:
        return previous in {"me", "m"}
    if word in {"video", "videos", "tuto", "tutos"}:
        before = [t.text for t in tokens[max(0, position - 4) : position]]
        return any(w.startswith("regard") for w in before)
    if word in {"servir", "sers", "sert"}:
        return previous in {"me", "se", "te", "nous", "vous"}
    return False


def find_mentions(
    content: Sequence[Content],
    index: Index,
    max_gap: int,
    number: int,
    parents: dict[str, str],
    long_tail_score: float | None = None,
    barriers: frozenset[int] = frozenset(),
) -> list[Mention]:
    """Phrases of ``index`` found in the ``content`` words of clause ``number``.

    ``long_tail_score`` set means the long tail: words are compared as written (no
    meaning check) and weights are scaled down. A gapped phrase may not skip a token of
    ``barriers`` ("je couds sans machine" is not "machine à coudre").
    """
    long_tail = long_tail_score is not None
    found: list[Mention] = []
    for i, (_, key, _, word) in enumerate(content):
        for phrase in index.get(key, ()):
            if phrase.words and not long_tail and not compatible(word, phrase.words, key):
                continue
            hit = _match_at(content, i, phrase, max_gap)
            if hit is None:
                continue
            matched, gaps, fuzzy = hit
            if gaps and any(content[matched[0]][0] < b < content[matched[-1]][0] for b in barriers):
                continue
            weight = phrase.weight * GAP_FACTOR**gaps * FUZZY_FACTOR**fuzzy
            if long_tail_score is not None:
                weight *= long_tail_score
            if phrase.weak:
                weight *= WEAK_FACTOR
            positions = tuple(content[j][0] for j in matched)
            found.append(Mention(phrase.skill, positions, weight, phrase, long_tail, number))
    return resolve_overlaps(found, parents)


def _match_at(
    content: Sequence[Content], i: int, phrase: Phrase, max_gap: int
) -> tuple[list[int], int, int] | None:
    """(matched content indices, gaps, corrected words) when ``phrase`` matches from content[i].

    Words of a compound must be found as written (singular aside) and without a gap.
    """
    exact = phrase.exact or ("",) * len(phrase.keys)

    def fits(index: int, k: int) -> bool:
        if content[index][1] != phrase.keys[k]:
            return False
        return not exact[k] or french.singular(content[index][3]) == exact[k]

    if not fits(i, 0):
        return None
    matched, gaps, fuzzy = [i], 0, int(content[i][2])
    for k in range(1, len(phrase.keys)):
        steps = 1 if exact[k] and exact[k - 1] else max_gap + 1
        for step in range(1, steps + 1):
            candidate = matched[-1] + step
            if candidate < len(content) and fits(candidate, k):
                gaps += step - 1
                matched.append(candidate)
                fuzzy += int(content[candidate][2])
                break
        else:
            return None
    return matched, gaps, fuzzy


def resolve_overlaps(found: list[Mention], parents: dict[str, str]) -> list[Mention]:
    """Keep the longest match; on the same words prefer the child, and remember rivals.

    "machine à coudre" is couture à la machine, not also couture; "Excel" is tableur, not
    also its parent bureautique; two unrelated skills on the same words are kept as rivals
    for :func:`choose_rivals`. A word skipped inside a gapped match is not covered by it.
    """
    ordered = sorted(found, key=lambda m: (-len(m.positions), -m.weight, m.skill))
    kept: list[Mention] = []
    for mention in ordered:
        covered = set(mention.positions)
        same = [k for k in kept if k.positions == mention.positions]
        if any(covered < set(k.positions) for k in kept):
            continue
        if any(
            k.skill == mention.skill or is_ancestor(mention.skill, k.skill, parents) for k in same
        ):
            continue
        child_of = [k for k in same if is_ancestor(k.skill, mention.skill, parents)]
        if child_of:
            for parent in child_of:
                kept.remove(parent)
                mention.rivals += parent.rivals
        elif same:
            same[0].rivals.append(mention)
            continue
        kept.append(mention)
    return sorted(kept, key=lambda m: m.first)


def choose_rivals(clauses: Sequence[Clause], domains: dict[str, str]) -> None:
    """Two skills on the same words: keep the one whose domain the text talks about."""
    mentions = [m for clause in clauses for m in clause.mentions]
    votes = Counter(domains.get(m.skill) for m in mentions if not m.rivals)
    for clause in clauses:
        for mention in clause.mentions:
            if not mention.rivals:
                continue
            options = [mention, *mention.rivals]
            best = max(options, key=lambda m: (votes[domains.get(m.skill)], m.weight))
            if best is not mention:
                mention.skill, mention.weight, mention.phrase = (
                    best.skill,
                    best.weight,
                    best.phrase,
                )
            mention.rivals = []


def filter_weak(
    tokens: Sequence[Token], mentions: list[Mention], clauses: Sequence[Clause], kind: str
) -> list[Mention]:
    """Drop common-word and catch-all skills when better evidence exists.

    A weak mention needs no strong mention in its clause, unless it is coordinated with
    it ("je fais de la photo et du montage": two objects of one verb), and, for members,
    an intent cue of its own clause (or, when nothing strong is found at all, of a
    neighbour); a catch-all skill ("réparer") gives way to any other skill of its sentence.
    """
    strong = [m for m in mentions if not m.phrase.weak and m.skill not in GENERIC_SKILLS]
    backed = [m for m in mentions if not m.phrase.weak or m.skill in GENERIC_SKILLS]
    kept = []
    for mention in mentions:
        if mention.phrase.weak:
            rivals = [m for m in backed if m.clause == mention.clause]
            coordinated = bool(rivals) and all(_coordinated(tokens, mention, m) for m in rivals)
            if rivals and not (coordinated and mention.confidence == "cue"):
                continue
            needed = {"cue"} if strong else {"cue", "inherited"}
            if kind == "member" and mention.confidence not in needed:
                continue
            if kind == "request" and strong and not coordinated:
                continue
        if mention.skill in GENERIC_SKILLS:
            sentence = clauses[mention.clause].sentence
            if any(clauses[m.clause].sentence == sentence and m is not mention for m in mentions):
                continue
        kept.append(mention)
    return kept


def drop_covered_parents(
    tokens: Sequence[Token],
    mentions: list[Mention],
    clauses: Sequence[Clause],
    parents: dict[str, str],
) -> list[Mention]:
    """A parent skill named by one word gives way to a descendant that details it.

    "Je cuisine, surtout couscous et tajine" is cuisine du monde, not also cuisine: the
    child is in the same clause, or in a clause with no intent cue of its own. "Je
    maquille, et je fais aussi le henné" states two facts and keeps both; so does a
    parent named by a phrase.
    """

    def details(child: Mention, parent: Mention) -> bool:
        if not is_ancestor(parent.skill, child.skill, parents):
            return False
        if _coordinated(tokens, parent, child):
            return False  # "accueillir et orienter": two tasks
        return child.clause == parent.clause or not clauses[child.clause].cues

    return [
        m
        for m in mentions
        if len(m.positions) > 1 or not any(details(other, m) for other in mentions)
    ]


def _coordinated(tokens: Sequence[Token], a: Mention, b: Mention) -> bool:
    """Whether two mentions are joined by "et", "ou" or a comma only."""
    first, second = (a, b) if a.first < b.first else (b, a)
    between = {t.text for t in tokens[first.last + 1 : second.first]}
    joined = between & {"et", "ou", ","}
    return bool(joined) and all(w in joined or w in STOPWORDS for w in between)
