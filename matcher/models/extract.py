"""Free French text → skills, with the intent behind each one (know, want, love, need).

Members describe themselves in their own words and clients describe what they want done;
coordinators need both as skill ids of :mod:`matcher.taxonomy`. :class:`SkillExtractor`
is a scikit-learn-shaped estimator: :meth:`~SkillExtractor.fit` indexes the labels and
synonyms of the taxonomy, :meth:`~SkillExtractor.extract` reads texts.

How a text is read, and why:

* it is normalised by :mod:`matcher.models.french` (accents, elisions, SMS spellings,
  stems), so "jsais coudre", "je couds" and "couture" meet on the same stem;
* it is cut into clauses on punctuation, "mais", "car"…, and on "et" when a new subject
  follows, because intent changes there ("je sais pas cuisiner mais j'adore manger");
* each clause is searched for taxonomy phrases (in order, a one-word gap allowed); a word
  unknown to the taxonomy but a typo away from one of its words is corrected with a
  character n-gram TF-IDF index, checked by edit distance;
* a single word proves a skill only when its inflection fits (Snowball puts "repas" and
  "repasser" on one stem); a common word ("vélo", "garage") only when nothing stronger is
  found and an intent cue backs it; two skills on the same words are told apart by the
  domains of the other skills of the text;
* only when no curated skill matches a clause is the ESCO long tail searched, and then
  conservatively (whole label, word for word, no common word), because a wrong long-tail
  skill is a false positive nobody will review;
* each skill takes the intent of the nearest cue in its clause ("j'aimerais apprendre",
  "j'adore", "je fais"…), else of a neighbouring clause, and is dropped when negated
  ("je ne sais pas coudre"), unless "pas encore" or a following wish makes it ``wants``;
* overlapping matches keep the longest and most specific skill, and each skill appears
  once per text.

>>> extractor = SkillExtractor(use_long_tail=False).fit()
>>> [(e.skill, e.intent, e.span) for e in extractor.extract(["je couds depuis 2 ans"])[0]]
[('couture', 'knows', 'couds')]
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from matcher.domain import Skill
from matcher.models import french
from matcher.models.french import PUNCT, STOPWORDS, WORD, Token
from matcher.taxonomy import ESCO_ID_PREFIX, load_taxonomy

__all__ = ["INTENTS", "KINDS", "Extraction", "SkillExtractor"]

log = logging.getLogger(__name__)

#: Intents of a member's text, then of a request's.
INTENTS = ("knows", "wants", "loves", "needs")
KINDS = ("member", "request")

_LABEL_WEIGHT = 1.0
_SYNONYM_WEIGHT = 0.92
_DERIVED_WEIGHT = 0.85  # label parts, label head words, "faire X" → "X"
_AMBIGUOUS_FACTOR = 0.9
_LABEL_WORD_BONUS = 0.03
_WEAK_FACTOR = 0.8
_GAP_FACTOR = 0.95
_FUZZY_FACTOR = 0.85
_CUE_CONFIDENCE = {"cue": 1.0, "inherited": 0.95, "default": 0.85}
_MAX_GAP = 1
_LONG_TAIL_MAX_WORDS = 4
_MIN_HEAD_LENGTH = 5
_SENTENCE_END = frozenset(".!?\n")
_LABEL_PARTS = re.compile(r"\s+et\s+|\s*[/(),]\s*")
_DIGIT = re.compile(r"\d")
_COMPOUND = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_FUZZY_MIN_LENGTH = 6

#: Words the long tail never takes alone (singular, as its keys are).
_LONG_TAIL_STOP = frozenset(
    french.singular(word)
    for word in french.LONG_TAIL_BLOCKED
    | french.WEAK_TERMS
    | french.BANNED_TERMS
    | french.COMMON_WORDS
)
_WEAK_STEMS = frozenset(french.skill_stem(word) for word in french.WEAK_TERMS)

#: Catch-all skills: dropped when a more precise skill is found in the same sentence
#: ("je répare les mobs" is two-wheeler mechanics, not also object repair).
_GENERIC_SKILLS = frozenset({"reparation-objets", "sens-du-service"})

#: Skills any willing helper can do: requested at level 1 unless the text says more.
_ENTRY_LEVEL_DOMAINS = frozenset({"service", "nettoyage", "manutention", "logistique"})
_ENTRY_LEVEL_SKILLS = frozenset(
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
_WORKSHOP_SKILL = "animation-atelier"
_DEFAULT_LEVEL = 2


@dataclass(frozen=True)
class Extraction:
    """One skill found in one text.

    ``span`` is an exact substring of the text (what evidences the skill); ``min_level``
    is set in request mode only (0–4: 1–2 helpers, 3 confirmed, 4 teaches or leads).
    """

    skill: str
    label: str
    intent: str
    score: float
    span: str
    min_level: int | None = None


class _Phrase(NamedTuple):
    """A label or synonym as the index stores it."""

    keys: tuple[str, ...]  # stems (curated) or singular words (long tail)
    skill: str
    weight: float
    weak: bool  # one common word: evidence only with a cue and nothing stronger
    words: frozenset[str]  # the folded words a one-word phrase was written with
    passion_only: bool = False
    exact: tuple[str, ...] = ()  # per key, the singular word a compound requires ("" = any)


_Index = dict[str, list[_Phrase]]


@dataclass
class _Mention:
    """A candidate skill in a clause, before intent and deduplication."""

    skill: str
    positions: tuple[int, ...]  # matched token indices, in order
    weight: float
    phrase: _Phrase
    long_tail: bool = False
    clause: int = 0
    intent: str = ""
    confidence: str = "default"
    negated: bool = False
    not_yet: bool = False
    rivals: list[_Mention] = field(default_factory=list)  # other skills on the same words

    @property
    def first(self) -> int:
        return self.positions[0]

    @property
    def last(self) -> int:
        return self.positions[-1]


@dataclass
class _Clause:
    """Token range of a clause, its intent cues and negations."""

    start: int
    end: int  # exclusive
    sentence: int
    cues: list[tuple[int, str]] = field(default_factory=list)
    negations: list[tuple[int, bool]] = field(default_factory=list)  # (index, "pas encore")
    mentions: list[_Mention] = field(default_factory=list)


# -- the index -------------------------------------------------------------------------


def _surfaces(skill: Skill, extra: Sequence[str]) -> list[tuple[str, float, str]]:
    """(text, weight, origin) for the label, synonyms, ``extra`` words and label parts.

    Origin is "" for written surfaces, "part" for a part of a coordinated label
    ("Crêpes et gaufres" → "gaufres") and "light" for a synonym without its light verb
    ("faire la vaisselle" → "vaisselle").
    """
    out = [(skill.label_fr, _LABEL_WEIGHT, "")]
    out += [(synonym, _SYNONYM_WEIGHT, "") for synonym in skill.synonyms_fr]
    out += [(word, _SYNONYM_WEIGHT, "") for word in extra]
    parts = [p for p in _LABEL_PARTS.split(skill.label_fr) if p.strip() and not _DIGIT.search(p)]
    if len(parts) > 1:
        out += [(part, _DERIVED_WEIGHT, "part") for part in parts]
    for synonym in skill.synonyms_fr:
        content = french.content_words(synonym)
        if len(content) > 1 and content[0] in french.LIGHT_VERBS:
            out.append((" ".join(content[1:]), _DERIVED_WEIGHT, "light"))
    return out


def _tier(surface: str, content: list[str], origin: str) -> str:
    """Evidence tier of a phrase of ``content`` words: banned, weak or strong."""
    if " ".join(content) in french.BANNED_PHRASES:
        return "banned"
    if len(content) != 1:
        return "strong"
    word = content[0]
    if word in french.BANNED_TERMS:
        return "banned"
    reduced = len([t for t in french.tokenize(surface) if t.kind == WORD]) > 1
    if word in french.WEAK_TERMS or french.skill_stem(word) in _WEAK_STEMS:
        return "weak"
    if origin == "light" or reduced or (origin and word in french.GENERIC_HEADS):
        return "weak"
    return "strong"


def _build_index(
    skills: Iterable[Skill],
    extra: dict[str, tuple[str, ...]],
    key: Callable[[str], str] = french.skill_stem,
    max_words: int | None = None,
    passion_only: frozenset[tuple[str, str]] = frozenset(),
) -> _Index:
    """First key → phrases, over labels, synonyms and ``extra`` words of ``skills``.

    A phrase shared by several skills is down-weighted (ambiguous); a single word that is
    also in the skill's label gets a small bonus, so "piano" is piano before it is a heavy
    load to carry.
    """
    best: dict[tuple[tuple[str, ...], str], _Phrase] = {}
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
                weight += _LABEL_WORD_BONUS
            compound = _compound_words(surface)
            phrase = _Phrase(
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
    index: _Index = {}
    for (keys, _), phrase in sorted(best.items()):
        if owners[keys] > 1:
            phrase = phrase._replace(weight=phrase.weight * _AMBIGUOUS_FACTOR)
        index.setdefault(keys[0], []).append(phrase)
    return index


def _compound_words(surface: str) -> set[str]:
    """Folded words of hyphenated compounds: "vide-grenier" is not "vider un grenier"."""
    folded = french.fold(surface)[0]
    return {part for compound in _COMPOUND.findall(folded) for part in compound.split("-")}


def _head_words(
    skills: Sequence[Skill], index: _Index, parents: dict[str, str]
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
            len(head) < _MIN_HEAD_LENGTH
            or head in french.GENERIC_HEADS
            or head in french.BANNED_TERMS
        ):
            continue
        if head in french.WEAK_TERMS or french.skill_stem(head) in single_keys:
            continue
        heads.setdefault(head, []).append(skill.id)
    out: dict[str, tuple[str, ...]] = {}
    for head, ids in heads.items():
        roots = [i for i in ids if all(o == i or _is_ancestor(i, o, parents) for o in ids)]
        if roots:
            out[roots[0]] = (*out.get(roots[0], ()), head)
    return out


def _compatible(word: str, phrase_words: Iterable[str], key: str) -> bool:
    """Whether a one-word match shares meaning, not just a Snowball stem.

    Hand-mapped verbs ("couds" → couture) always fit; otherwise both words must be the key
    plus an ending of :data:`french.ENDINGS`, and short keys must match the word exactly.
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


def _levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance, stopping early once it exceeds ``limit`` (words are short)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class SkillExtractor(BaseEstimator):
    """Find taxonomy skills, their intent and their evidence in free French texts.

    Parameters
    ----------
    min_score : float
        Skills scored below are not returned.
    fuzzy_threshold : float
        Cosine similarity (character n-grams) a misspelt word needs to be corrected.
    use_long_tail : bool
        Search the ESCO long tail for clauses where no curated skill matches.
    long_tail_score : float
        Score of a long-tail skill (kept low: it is less certain than a curated one).

    Examples
    --------
    >>> extractor = SkillExtractor(use_long_tail=False).fit()
    >>> [e.intent for e in extractor.extract(["j'aimerais trop apprendre à faire des vidéos"])[0]]
    ['wants']
    """

    def __init__(
        self,
        min_score: float = 0.5,
        fuzzy_threshold: float = 0.6,
        use_long_tail: bool = True,
        long_tail_score: float = 0.55,
    ) -> None:
        self.min_score = min_score
        self.fuzzy_threshold = fuzzy_threshold
        self.use_long_tail = use_long_tail
        self.long_tail_score = long_tail_score

    # -- fit ---------------------------------------------------------------------------

    def fit(self, skills: Sequence[Skill] | None = None, y: object = None) -> SkillExtractor:
        """Index labels and synonyms; ``skills`` defaults to the packaged taxonomy.

        Skills whose id starts with ``esco:`` form the long tail. ``y`` is ignored (the
        scikit-learn signature).
        """
        began = time.perf_counter()
        if skills is None:
            taxonomy = load_taxonomy()
            skills = taxonomy.curated()
            if self.use_long_tail:
                skills = skills + taxonomy.esco_skills()
        curated = [s for s in skills if not s.id.startswith(ESCO_ID_PREFIX)]
        tail = [s for s in skills if s.id.startswith(ESCO_ID_PREFIX)] if self.use_long_tail else []
        self.labels_ = {s.id: s.label_fr for s in skills}
        self.parents_ = {s.id: s.parent for s in curated if s.parent}
        self.domains_ = {s.id: s.domain for s in curated}
        extra = _extra_synonyms({s.id for s in curated})
        passion_only = frozenset(
            (skill_id, word)
            for skill_id, informal in french.INFORMAL_SYNONYMS.items()
            if skill_id in french.PASSION_ONLY
            for word in informal
        )
        index = _build_index(curated, extra, passion_only=passion_only)
        for skill_id, heads in _head_words(curated, index, self.parents_).items():
            extra[skill_id] = (*extra.get(skill_id, ()), *heads)
        self.index_ = _build_index(curated, extra, passion_only=passion_only)
        self.stem_vocabulary_ = frozenset(
            key for phrases in self.index_.values() for p in phrases for key in p.keys
        )
        self.long_tail_index_ = self._long_tail_index(tail)
        self._fit_fuzzy(curated, extra)
        self.fit_seconds_ = time.perf_counter() - began
        log.info("Extracteur indexé : %d compétences en %.2f s", len(skills), self.fit_seconds_)
        return self

    def _long_tail_index(self, tail: Sequence[Skill]) -> _Index:
        """ESCO phrases specific enough to trust when found whole, word for word, in a clause.

        Keys are singular words, not stems ("japon" must not find "japonais"); phrases made
        only of curated words, and single words that are common or short, are left out.
        """
        index = _build_index(tail, {}, key=french.singular, max_words=_LONG_TAIL_MAX_WORDS)
        kept: _Index = {}
        for first, phrases in index.items():
            for phrase in phrases:
                stems = [french.skill_stem(word) for word in phrase.keys]
                if all(stem in self.stem_vocabulary_ for stem in stems):
                    continue
                if len(stems) == 1 and not _specific_single(phrase.keys[0], stems[0]):
                    continue
                kept.setdefault(first, []).append(phrase._replace(weak=False))
        return kept

    def _fit_fuzzy(self, curated: Sequence[Skill], extra: dict[str, tuple[str, ...]]) -> None:
        """Character n-gram TF-IDF over the taxonomy's words, to correct typos."""
        vocabulary: set[str] = set()
        for skill in curated:
            for surface in [skill.label_fr, *skill.synonyms_fr, *extra.get(skill.id, ())]:
                vocabulary.update(french.content_words(surface))
        self.surface_vocabulary_ = frozenset(vocabulary)
        self.fuzzy_words_ = sorted(w for w in vocabulary if len(w) >= _FUZZY_MIN_LENGTH)
        self.fuzzy_vectorizer_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3))
        self.fuzzy_matrix_ = self.fuzzy_vectorizer_.fit_transform(self.fuzzy_words_)
        self.fuzzy_cache_: dict[str, str | None] = {}

    # -- extract -----------------------------------------------------------------------

    def extract(self, texts: Iterable[str], kind: str = "member") -> list[list[Extraction]]:
        """Skills of each text, in order of appearance; ``kind`` is member or request."""
        check_is_fitted(self, "index_")
        if kind not in KINDS:
            raise ValueError(f"Type de texte inconnu : {kind!r} (attendu : member ou request)")
        texts = list(texts)
        analysed = [french.analyse(text, self._is_known) for text in texts]
        self._correct_typos(analysed)
        return [
            self._extract_one(text, tokens, kind)
            for text, tokens in zip(texts, analysed, strict=True)
        ]

    def _is_known(self, word: str) -> bool:
        return (
            word in self.surface_vocabulary_
            or _is_cue_word(word)
            or french.skill_stem(word) in self.stem_vocabulary_
        )

    def _correct_typos(self, analysed: list[list[Token]]) -> None:
        """Fill ``fuzzy_cache_`` for every unknown word of the batch, in one sparse product."""
        unknown = sorted(
            {
                t.text
                for tokens in analysed
                for t in tokens
                if t.text not in self.fuzzy_cache_ and self._may_be_typo(t)
            }
        )
        if not unknown:
            return
        similarity = (self.fuzzy_vectorizer_.transform(unknown) @ self.fuzzy_matrix_.T).toarray()
        for row, word in enumerate(unknown):
            self.fuzzy_cache_[word] = self._best_correction(word, similarity[row])

    def _may_be_typo(self, token: Token) -> bool:
        word = token.text
        return (
            token.kind == WORD
            and len(word) >= _FUZZY_MIN_LENGTH
            and word.isalpha()
            and word not in STOPWORDS
            and word not in french.COMMON_WORDS
            and not self._is_known(word)
        )

    def _best_correction(self, word: str, similarity: np.ndarray) -> str | None:
        limit = 1 if len(word) < 8 else 2
        for column in np.argsort(-similarity)[:5]:
            if similarity[column] < self.fuzzy_threshold:
                break
            candidate = self.fuzzy_words_[column]
            if candidate[0] == word[0] and _levenshtein(word, candidate, limit) <= limit:
                return candidate
        return None

    def _word_of(self, word: str) -> tuple[str, str, bool]:
        """(word, skill stem, corrected): a likely typo is replaced by the taxonomy word."""
        stem = french.skill_stem(word)
        if stem in self.stem_vocabulary_:
            return word, stem, False
        correction = self.fuzzy_cache_.get(word)
        if correction is None:
            return word, stem, False
        return correction, french.skill_stem(correction), True

    def _extract_one(self, text: str, tokens: list[Token], kind: str) -> list[Extraction]:
        clauses = _clauses(tokens)
        for number, clause in enumerate(clauses):
            clause.mentions = self._match(tokens, clause, number)
        if self.use_long_tail and self.long_tail_index_:
            for number, clause in enumerate(clauses):
                if not clause.mentions:
                    clause.mentions = self._match_long_tail(tokens, clause, number)
        self._choose_rivals(clauses)
        if kind == "request":
            _drop_requester(tokens, clauses)
        mentions = _assign_intents(tokens, clauses, kind)
        mentions = _filter_weak(mentions, clauses, kind)
        mentions = self._drop_covered_parents(tokens, mentions, clauses)
        return self._finalise(text, tokens, mentions, clauses, kind)

    def _drop_covered_parents(
        self, tokens: list[Token], mentions: list[_Mention], clauses: list[_Clause]
    ) -> list[_Mention]:
        """A parent skill named by one word gives way to a descendant that details it.

        "Je cuisine, surtout couscous et tajine" is cuisine du monde, not also cuisine: the
        child is in the same clause, or in a clause with no intent cue of its own. "Je
        maquille, et je fais aussi le henné" states two facts and keeps both; so does a
        parent named by a phrase.
        """

        def details(child: _Mention, parent: _Mention) -> bool:
            if not _is_ancestor(parent.skill, child.skill, self.parents_):
                return False
            if _coordinated(tokens, parent, child):
                return False  # "accueillir et orienter": two tasks
            return child.clause == parent.clause or not clauses[child.clause].cues

        return [
            m
            for m in mentions
            if len(m.positions) > 1 or not any(details(other, m) for other in mentions)
        ]

    def _match(self, tokens: list[Token], clause: _Clause, number: int) -> list[_Mention]:
        """Curated phrases found in a clause (stems, small gaps, typos corrected)."""
        content = []
        for position in range(clause.start, clause.end):
            token = tokens[position]
            if (
                token.kind == WORD
                and token.text not in STOPWORDS
                and not _consumed(tokens, position)
            ):
                word, stem, fuzzy = self._word_of(token.text)
                content.append((position, stem, fuzzy, word))
        return self._find(content, self.index_, _MAX_GAP, False, number)

    def _match_long_tail(self, tokens: list[Token], clause: _Clause, number: int) -> list[_Mention]:
        """Long-tail phrases found whole and in order, word for word, in a clause."""
        content = [
            (position, french.singular(tokens[position].text), False, tokens[position].text)
            for position in range(clause.start, clause.end)
            if tokens[position].kind == WORD and tokens[position].text not in STOPWORDS
        ]
        return self._find(content, self.long_tail_index_, 0, True, number)

    def _find(
        self,
        content: list[tuple[int, str, bool, str]],
        index: _Index,
        max_gap: int,
        long_tail: bool,
        number: int,
    ) -> list[_Mention]:
        found: list[_Mention] = []
        for i, (_, key, _, word) in enumerate(content):
            for phrase in index.get(key, ()):
                if phrase.words and not long_tail and not _compatible(word, phrase.words, key):
                    continue
                hit = _match_at(content, i, phrase, max_gap)
                if hit is None:
                    continue
                matched, gaps, fuzzy = hit
                weight = phrase.weight * _GAP_FACTOR**gaps * _FUZZY_FACTOR**fuzzy
                if long_tail:
                    weight *= self.long_tail_score
                if phrase.weak:
                    weight *= _WEAK_FACTOR
                positions = tuple(content[j][0] for j in matched)
                found.append(_Mention(phrase.skill, positions, weight, phrase, long_tail, number))
        return _resolve_overlaps(found, self.parents_)

    def _choose_rivals(self, clauses: list[_Clause]) -> None:
        """Two skills on the same words: keep the one whose domain the text talks about."""
        mentions = [m for clause in clauses for m in clause.mentions]
        votes = Counter(self.domains_.get(m.skill) for m in mentions if not m.rivals)
        for clause in clauses:
            for mention in clause.mentions:
                if not mention.rivals:
                    continue
                options = [mention, *mention.rivals]
                best = max(options, key=lambda m: (votes[self.domains_.get(m.skill)], m.weight))
                if best is not mention:
                    mention.skill, mention.weight, mention.phrase = (
                        best.skill,
                        best.weight,
                        best.phrase,
                    )
                mention.rivals = []

    def _finalise(
        self,
        text: str,
        tokens: list[Token],
        mentions: list[_Mention],
        clauses: list[_Clause],
        kind: str,
    ) -> list[Extraction]:
        """One result per skill (best mention), scored, in order of first evidence."""
        best: dict[str, _Mention] = {}
        for mention in mentions:
            current = best.get(mention.skill)
            if current is None or _rank(mention) > _rank(current):
                best[mention.skill] = mention
        results = []
        for mention in sorted(best.values(), key=lambda m: m.first):
            score = min(1.0, mention.weight * _CUE_CONFIDENCE[mention.confidence])
            if score < self.min_score:
                continue
            span = text[tokens[mention.first].start : tokens[mention.last].end]
            level = None
            if kind == "request":
                domain = self.domains_.get(mention.skill, "")
                level = _min_level(tokens, mention, clauses[mention.clause], domain)
            results.append(
                Extraction(
                    skill=mention.skill,
                    label=self.labels_.get(mention.skill, mention.skill),
                    intent=mention.intent,
                    score=round(score, 3),
                    span=span,
                    min_level=level,
                )
            )
        return results


def _extra_synonyms(known_ids: set[str]) -> dict[str, tuple[str, ...]]:
    """Hand-written verbs and informal words of :mod:`french`, for the skills being fitted."""
    extra: dict[str, tuple[str, ...]] = {}
    for table in (french.VERB_SKILLS, french.INFORMAL_SYNONYMS):
        for skill_id, surfaces in table.items():
            if skill_id in known_ids:
                extra[skill_id] = (*extra.get(skill_id, ()), *surfaces)
    return extra


def _specific_single(word: str, stem: str) -> bool:
    """A long-tail single word rare enough to be evidence ("yoga", "coréen", not "paris").

    ``word`` is singular (the long tail's key), so the word lists are compared singular.
    """
    return (
        len(word) >= 4
        and word not in _LONG_TAIL_STOP
        and stem not in _WEAK_STEMS
        and not _is_cue_word(word)
    )


def _consumed(tokens: list[Token], position: int) -> bool:
    """Whether a word names no skill here: watched ("regarder des vidéos") or used
    ("me servir d'une machine")."""
    word = tokens[position].text
    if word in {"video", "videos", "tuto", "tutos"}:
        before = [t.text for t in tokens[max(0, position - 4) : position]]
        return any(w.startswith("regard") for w in before)
    if word in {"servir", "sers", "sert"}:
        return position > 0 and tokens[position - 1].text in {"me", "se", "te", "nous", "vous"}
    return False


def _coordinated(tokens: list[Token], a: _Mention, b: _Mention) -> bool:
    """Whether two mentions are joined by "et", "ou" or a comma only."""
    first, second = (a, b) if a.first < b.first else (b, a)
    between = {t.text for t in tokens[first.last + 1 : second.first]}
    joined = between & {"et", "ou", ","}
    return bool(joined) and all(w in joined or w in STOPWORDS for w in between)


def _rank(mention: _Mention) -> tuple[float, float]:
    return (1.0 if mention.confidence == "cue" else 0.0, mention.weight)


def _match_at(
    content: list[tuple[int, str, bool, str]], i: int, phrase: _Phrase, max_gap: int
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


def _is_ancestor(ancestor: str, skill: str, parents: dict[str, str]) -> bool:
    current = parents.get(skill)
    while current is not None:
        if current == ancestor:
            return True
        current = parents.get(current)
    return False


def _resolve_overlaps(found: list[_Mention], parents: dict[str, str]) -> list[_Mention]:
    """Keep the longest match; on the same words prefer the child, and remember rivals.

    "machine à coudre" is couture à la machine, not also couture; "Excel" is tableur, not
    also its parent bureautique; two unrelated skills on the same words are kept as rivals
    for :meth:`SkillExtractor._choose_rivals`. A word skipped inside a gapped match is not
    covered by it.
    """
    ordered = sorted(found, key=lambda m: (-len(m.positions), -m.weight, m.skill))
    kept: list[_Mention] = []
    for mention in ordered:
        covered = set(mention.positions)
        same = [k for k in kept if k.positions == mention.positions]
        if any(covered < set(k.positions) for k in kept):
            continue
        if any(
            k.skill == mention.skill or _is_ancestor(mention.skill, k.skill, parents) for k in same
        ):
            continue
        child_of = [k for k in same if _is_ancestor(k.skill, mention.skill, parents)]
        if child_of:
            for parent in child_of:
                kept.remove(parent)
                mention.rivals += parent.rivals
        elif same:
            same[0].rivals.append(mention)
            continue
        kept.append(mention)
    return sorted(kept, key=lambda m: m.first)


# -- clauses, cues and negation --------------------------------------------------------


def _clauses(tokens: list[Token]) -> list[_Clause]:
    """Cut the text where intent may change: punctuation, "mais", "car", "et je"…"""
    clauses: list[_Clause] = []
    start, sentence = 0, 0

    def close(end: int) -> None:
        if end > start:
            clauses.append(_Clause(start, end, sentence))

    for index, token in enumerate(tokens):
        if token.kind == PUNCT:
            close(index)
            start = index + 1
            if token.text in _SENTENCE_END:
                sentence += 1
        elif _starts_clause(tokens, index):
            close(index)
            start = index
    close(len(tokens))
    for clause in clauses:
        clause.cues = _cues(tokens, clause)
        clause.negations = _negations(tokens, clause)
    return clauses


def _negated_comment(clauses: list[_Clause], number: int) -> list[tuple[int, bool]]:
    """Negations of the comment on a bare topic, as in "la couture, j'y connais rien"."""
    clause = clauses[number]
    if clause.cues or clause.negations or number + 1 >= len(clauses):
        return []
    comment = clauses[number + 1]
    if comment.sentence != clause.sentence or comment.mentions:
        return []
    return comment.negations


def _starts_clause(tokens: list[Token], index: int) -> bool:
    word = tokens[index].text
    if word in french.CLAUSE_WORDS:
        return True
    if word == "parce" or (word == "contre" and index and tokens[index - 1].text == "par"):
        return True
    if word in {"et", "ou", "puis"}:
        following = [t.text for t in tokens[index + 1 : index + 3] if t.kind == WORD]
        return any(w in french.SUBJECT_WORDS or _is_cue_word(w) for w in following)
    return False


def _is_cue_word(word: str) -> bool:
    return word in french.WISH_WORDS or word in french.LOVE_WORDS or word in french.KNOW_WORDS


def _after_je(tokens: list[Token], index: int, start: int) -> bool:
    """Whether the word at ``index`` is a verb conjugated with "je" ("je lui raconte")."""
    position = index - 1
    while position >= start and tokens[position].text in french.CLITICS:
        position -= 1
    return position >= start and tokens[position].text == "je"


def _teaching(tokens: list[Token], index: int, start: int) -> bool:
    """Teaching, not a wish: "j'aide mon frère à apprendre à lire", "je lui apprends"."""
    before = [t.text for t in tokens[max(start, index - 5) : index]]
    return bool(before) and (
        before[-1] in {"lui", "leur"} or any(w.startswith("aid") for w in before)
    )


def _cues(tokens: list[Token], clause: _Clause) -> list[tuple[int, str]]:
    """(token index, intent) of every intent cue of a clause."""
    cues = []
    for index in range(clause.start, clause.end):
        word = tokens[index].text
        after_je = _after_je(tokens, index, clause.start)
        following = tokens[index + 1].text if index + 1 < clause.end else ""
        if word.startswith("appren") and _teaching(tokens, index, clause.start):
            cues.append((index, "knows"))
        elif word == "moi" and following == "qui":
            cues.append((index, "knows"))  # "c'est moi qui calme les embrouilles"
        elif word in french.WISH_WORDS or (word == "compte" and after_je):
            cues.append((index, "wants"))
        elif word in french.LOVE_WORDS:
            cues.append((index, "loves"))
        elif word in french.KNOW_WORDS:
            cues.append((index, "knows"))
        elif after_je and word not in french.NEUTRAL_AFTER_JE and word.isalpha():
            cues.append((index, "knows"))  # a verb conjugated with "je": "je couds"
    return cues


def _negations(tokens: list[Token], clause: _Clause) -> list[tuple[int, bool]]:
    """(token index, is "pas encore") of the real negations of a clause (idioms skipped)."""
    found = []
    for index in range(clause.start, clause.end):
        word = tokens[index].text
        previous = tokens[index - 1].text if index > clause.start else ""
        following = tokens[index + 1].text if index + 1 < clause.end else ""
        before = {t.text for t in tokens[max(clause.start, index - 3) : index]}
        is_negation = (
            word in french.NEGATION_WORDS
            or (word == "plus" and ("ne" in before or _no_longer(tokens, index, clause)))
            or (word == "non" and following in {"plus", "merci", ""})
            or (word == "peine" and previous == "a")
        )
        if not is_negation:
            continue
        if following in french.NEGATION_IDIOMS_AFTER or previous in french.NEGATION_IDIOMS_BEFORE:
            continue
        if word in {"nul", "nulle"} and following == "part":
            continue
        found.append((index, following == "encore"))
    return found


def _no_longer(tokens: list[Token], index: int, clause: _Clause) -> bool:
    """Spoken "je sais plus coudre", "j'en fais plus": "plus" right after a verb of "je"."""
    following = tokens[index + 1].text if index + 1 < clause.end else ""
    object_or_infinitive = (
        not following
        or following in french.NO_LONGER_NEXT
        or following.endswith(("er", "ir", "re", "oir"))
    )
    return (
        index - 1 >= clause.start
        and _after_je(tokens, index - 1, clause.start)
        and object_or_infinitive
    )


def _assign_intents(tokens: list[Token], clauses: list[_Clause], kind: str) -> list[_Mention]:
    """Give every mention an intent; drop negated ones unless "pas encore" or a later wish."""
    out: list[_Mention] = []
    for number, clause in enumerate(clauses):
        for mention in clause.mentions:
            _negate(mention, clause)
            for _, not_yet in _negated_comment(clauses, number):
                mention.negated = True
                mention.not_yet = mention.not_yet or not_yet
            if kind == "request":
                if not mention.negated:
                    mention.intent, mention.confidence = "needs", "cue"
                    out.append(mention)
                continue
            if mention.negated:
                if mention.not_yet or _later_cue(clauses, number) == "wants":
                    mention.intent, mention.confidence = "wants", "cue"
                    out.append(mention)
                continue
            mention.intent, mention.confidence = _intent_of(mention, clauses, number)
            if mention.intent == "loves" and _later_cue(clauses, number) == "wants":
                mention.intent = "wants"
            if mention.phrase.passion_only and mention.intent == "knows":
                mention.intent = "loves"
            out.append(mention)
    return out


def _negate(mention: _Mention, clause: _Clause) -> None:
    """A clause's negation covers what follows it, and a topic before its verb."""
    cues_before = [index for index, _ in clause.cues if index < mention.first]
    for index, not_yet in clause.negations:
        if index < mention.first or not cues_before:
            mention.negated = True
            mention.not_yet = mention.not_yet or not_yet


def _later_cue(clauses: list[_Clause], number: int) -> str | None:
    """Intent of the next clause of the sentence that names no skill and is not negated.

    "Jkiffe la mécanique mais j'y connais rien, je veux apprendre" and "j'ai jamais fait
    de soudure mais j'aimerais essayer" are wishes about the skill named before.
    """
    sentence = clauses[number].sentence
    for clause in clauses[number + 1 :]:
        if clause.sentence != sentence or clause.mentions:
            return None
        if clause.cues and not clause.negations:
            intent = clause.cues[0][1]
            return intent if intent in {"knows", "wants"} else None
    return None


def _intent_of(mention: _Mention, clauses: list[_Clause], number: int) -> tuple[str, str]:
    """Nearest cue before the mention in its clause, else after it, else a neighbour's."""
    clause = clauses[number]
    before = [(i, intent) for i, intent in clause.cues if i <= mention.first]
    if before:
        return before[-1][1], "cue"
    after = [(i, intent) for i, intent in clause.cues if i > mention.last]
    if after:
        return after[0][1], "cue"
    for other in reversed(clauses[:number]):
        if other.sentence == clause.sentence and other.cues and not other.negations:
            return other.cues[-1][1], "inherited"
    for other in clauses[number + 1 :]:
        if other.cues and not other.negations:
            return other.cues[0][1], "inherited"
    return "loves", "default"


def _drop_requester(tokens: list[Token], clauses: list[_Clause]) -> None:
    """Who asks is not what is needed: "Le Secours populaire cherche…", "Un traiteur…"."""
    for clause in clauses:
        verbs = [
            i for i in range(clause.start, clause.end) if tokens[i].text in french.REQUEST_VERBS
        ]
        if verbs:
            clause.mentions = [m for m in clause.mentions if m.first > verbs[0]]


def _filter_weak(mentions: list[_Mention], clauses: list[_Clause], kind: str) -> list[_Mention]:
    """Drop common-word and catch-all skills when better evidence exists.

    A weak mention needs no strong mention in its clause and, for members, an intent cue
    of its own clause (or, when nothing strong is found at all, of a neighbour); a
    catch-all skill ("réparer") gives way to any other skill of its sentence.
    """
    strong = [m for m in mentions if not m.phrase.weak and m.skill not in _GENERIC_SKILLS]
    backed = [m for m in mentions if not m.phrase.weak or m.skill in _GENERIC_SKILLS]
    kept = []
    for mention in mentions:
        if mention.phrase.weak:
            if any(m.clause == mention.clause for m in backed):
                continue
            needed = {"cue"} if strong else {"cue", "inherited"}
            if kind == "member" and mention.confidence not in needed:
                continue
            if kind == "request" and strong:
                continue
        if mention.skill in _GENERIC_SKILLS:
            sentence = clauses[mention.clause].sentence
            if any(clauses[m.clause].sentence == sentence and m is not mention for m in mentions):
                continue
        kept.append(mention)
    return kept


def _min_level(tokens: list[Token], mention: _Mention, clause: _Clause, domain: str) -> int:
    """Level a request asks for: 4 teach, 3 confirmed, 2 by default, 1 helpers, 0 beginners.

    Running the workshop is 3; the skill taught in it is 4. "Confirmé" counts in the
    skill's own clause only ("une coiffeuse confirmée, et une maquilleuse"), a negated one
    not at all ("on cherche pas un pro").
    """
    text = [t.text for t in tokens]
    own = text[clause.start : clause.end]
    if mention.skill == _WORKSHOP_SKILL:
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
    if domain in _ENTRY_LEVEL_DOMAINS or mention.skill in _ENTRY_LEVEL_SKILLS:
        return 1
    return _DEFAULT_LEVEL


def _no_experience_needed(text: list[str]) -> bool:
    """Whether the text says no experience is needed ("pas besoin d'expérience")."""
    for index, word in enumerate(text):
        if word == "experience" and {"sans", "besoin", "aucune"} & set(
            text[max(0, index - 3) : index]
        ):
            return True
    return False
