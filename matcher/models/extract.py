"""Free French text → skills, with the intent behind each one (know, want, love, need).

Members describe themselves in their own words and clients describe what they want done;
coordinators need both as skill ids of :mod:`matcher.taxonomy`. :class:`SkillExtractor`
is a scikit-learn-shaped estimator: :meth:`~SkillExtractor.fit` indexes the labels and
synonyms of the taxonomy, :meth:`~SkillExtractor.extract` reads texts.

How a text is read, and where each step lives:

* :mod:`~matcher.models.french` normalises it (accents, elisions, SMS spellings, stems),
  so "jsais coudre", "je couds" and "couture" meet on the same stem;
* :mod:`~matcher.models.clauses` cuts it into clauses on punctuation, "mais", "car"…, and
  on "et" when a new subject follows, because intent changes there ("je sais pas
  cuisiner mais j'adore manger"), and finds each clause's intent cues;
* :mod:`~matcher.models.lexicon` holds the phrase index built at fit time, and
  :mod:`~matcher.models.mentions` finds its phrases in each clause (in order, a one-word
  gap allowed) and prunes overlapping, weak and catch-all candidates; a word unknown to
  the taxonomy but a typo away from one of its words is corrected first
  (:mod:`~matcher.models.typos`);
* only when no curated skill matches a clause is the ESCO long tail searched, and then
  conservatively (whole label, word for word, no common word), because a wrong long-tail
  skill is a false positive nobody will review;
* :mod:`~matcher.models.negation` finds what is negated ("je ne sais pas coudre", "nul en
  maths", "la couture c'est pas mon truc") and what only looks negated ("pas mal", "pas
  que"); :mod:`~matcher.models.intent` gives each skill the intent of the nearest cue,
  drops negated skills unless "pas encore" or a following wish makes them ``wants``;
* :mod:`~matcher.models.levels` gives request skills their minimum level;
* each skill appears once per text, with its best evidence.

>>> extractor = SkillExtractor(use_long_tail=False).fit()
>>> [(e.skill, e.intent, e.span) for e in extractor.extract(["je couds depuis 2 ans"])[0]]
[('couture', 'knows', 'couds')]
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from matcher.domain import Skill
from matcher.models import french
from matcher.models.clauses import Clause, split_clauses
from matcher.models.french import STOPWORDS, WORD, Token
from matcher.models.intent import INTENTS, assign_intents, drop_requester
from matcher.models.levels import min_level
from matcher.models.lexicon import (
    Index,
    build_index,
    extra_synonyms,
    head_words,
    specific_single,
)
from matcher.models.mentions import (
    Mention,
    choose_rivals,
    consumed,
    drop_covered_parents,
    filter_weak,
    find_mentions,
    rank,
)
from matcher.models.negation import mark_negations
from matcher.models.typos import (
    FUZZY_CACHE_SIZE,
    FUZZY_MIN_LENGTH,
    LRUCache,
    best_correction,
    char_ngram_index,
)
from matcher.taxonomy import ESCO_ID_PREFIX, load_taxonomy

__all__ = ["INTENTS", "KINDS", "Extraction", "SkillExtractor"]

log = logging.getLogger(__name__)

#: Kinds of text: a member describing themselves, a client describing a request.
KINDS = ("member", "request")

_CUE_CONFIDENCE = {"cue": 1.0, "inherited": 0.95, "default": 0.85}
_MAX_GAP = 1
_LONG_TAIL_MAX_WORDS = 4


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

    Attributes
    ----------
    index_, long_tail_index_ : dict
        First key → phrases, for the curated taxonomy and the ESCO long tail.
    labels_, parents_, domains_ : dict
        Label of every skill; parent and domain of curated skills.
    fuzzy_words_, fuzzy_vectorizer_, fuzzy_matrix_ :
        The words typos are corrected to, and their character n-gram TF-IDF.
    fuzzy_cache_ : LRUCache
        Corrections already computed, at most ``FUZZY_CACHE_SIZE`` words.

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
        extra = extra_synonyms({s.id for s in curated})
        passion_only = frozenset(
            (skill_id, word)
            for skill_id, informal in french.INFORMAL_SYNONYMS.items()
            if skill_id in french.PASSION_ONLY
            for word in informal
        )
        index = build_index(curated, extra, passion_only=passion_only)
        for skill_id, heads in head_words(curated, index, self.parents_).items():
            extra[skill_id] = (*extra.get(skill_id, ()), *heads)
        self.index_ = build_index(curated, extra, passion_only=passion_only)
        self.stem_vocabulary_ = frozenset(
            key for phrases in self.index_.values() for p in phrases for key in p.keys
        )
        self.long_tail_index_ = self._long_tail_index(tail)
        self._fit_fuzzy(curated, extra)
        self.fit_seconds_ = time.perf_counter() - began
        log.info("Extracteur indexé : %d compétences en %.2f s", len(skills), self.fit_seconds_)
        return self

    def _long_tail_index(self, tail: Sequence[Skill]) -> Index:
        """ESCO phrases specific enough to trust when found whole, word for word, in a clause.

        Keys are singular words, not stems ("japon" must not find "japonais"); phrases made
        only of curated words, and single words that are common or short, are left out.
        """
        index = build_index(tail, {}, key=french.singular, max_words=_LONG_TAIL_MAX_WORDS)
        kept: Index = {}
        for first, phrases in index.items():
            for phrase in phrases:
                stems = [french.skill_stem(word) for word in phrase.keys]
                if all(stem in self.stem_vocabulary_ for stem in stems):
                    continue
                if len(stems) == 1 and not specific_single(phrase.keys[0], stems[0]):
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
        self.fuzzy_words_, self.fuzzy_vectorizer_, self.fuzzy_matrix_ = char_ngram_index(vocabulary)
        self.fuzzy_cache_ = LRUCache(FUZZY_CACHE_SIZE)

    # -- extract -----------------------------------------------------------------------

    def extract(self, texts: Iterable[str], kind: str = "member") -> list[list[Extraction]]:
        """Skills of each text, in order of appearance; ``kind`` is member or request."""
        check_is_fitted(self, "index_")
        if kind not in KINDS:
            raise ValueError(f"Type de texte inconnu : {kind!r} (attendu : member ou request)")
        texts = list(texts)
        analysed = [french.analyse(text, self._is_known) for text in texts]
        corrections = self._correct_typos(analysed)
        return [
            self._extract_one(text, tokens, kind, corrections)
            for text, tokens in zip(texts, analysed, strict=True)
        ]

    def _is_known(self, word: str) -> bool:
        return (
            word in self.surface_vocabulary_
            or french.is_cue_word(word)
            or french.skill_stem(word) in self.stem_vocabulary_
        )

    def _correct_typos(self, analysed: list[list[Token]]) -> dict[str, str | None]:
        """Correction (or None) of every unknown word of the batch.

        New words are corrected in one sparse product. The result holds the whole batch
        even when it has more unknown words than ``fuzzy_cache_`` keeps.
        """
        candidates = {t.text for tokens in analysed for t in tokens if self._may_be_typo(t)}
        corrections: dict[str, str | None] = {}
        unknown = []
        for word in sorted(candidates):
            if word in self.fuzzy_cache_:
                corrections[word] = self.fuzzy_cache_.get(word)
            else:
                unknown.append(word)
        if unknown:
            similarity = (
                self.fuzzy_vectorizer_.transform(unknown) @ self.fuzzy_matrix_.T
            ).toarray()
            for row, word in enumerate(unknown):
                correction = best_correction(
                    word, similarity[row], self.fuzzy_words_, self.fuzzy_threshold
                )
                corrections[word] = self.fuzzy_cache_[word] = correction
        return corrections

    def _may_be_typo(self, token: Token) -> bool:
        word = token.text
        return (
            token.kind == WORD
            and len(word) >= FUZZY_MIN_LENGTH
            and word.isalpha()
            and word not in STOPWORDS
            and word not in french.COMMON_WORDS
            and not self._is_known(word)
        )

    def _word_of(self, word: str, corrections: Mapping[str, str | None]) -> tuple[str, str, bool]:
        """(word, skill stem, corrected): a likely typo is replaced by the taxonomy word."""
        stem = french.skill_stem(word)
        if stem in self.stem_vocabulary_:
            return word, stem, False
        correction = corrections.get(word)
        if correction is None:
            return word, stem, False
        return correction, french.skill_stem(correction), True

    def _extract_one(
        self, text: str, tokens: list[Token], kind: str, corrections: Mapping[str, str | None]
    ) -> list[Extraction]:
        clauses = split_clauses(tokens)
        mark_negations(tokens, clauses, kind)
        for number, clause in enumerate(clauses):
            clause.mentions = self._match(tokens, clause, number, corrections)
        if self.use_long_tail and self.long_tail_index_:
            for number, clause in enumerate(clauses):
                if not clause.mentions:
                    clause.mentions = self._match_long_tail(tokens, clause, number)
        choose_rivals(clauses, self.domains_)
        if kind == "request":
            drop_requester(tokens, clauses)
        mentions = assign_intents(tokens, clauses, kind)
        mentions = filter_weak(tokens, mentions, clauses, kind)
        mentions = drop_covered_parents(tokens, mentions, clauses, self.parents_)
        return self._finalise(text, tokens, mentions, clauses, kind)

    def _match(
        self,
        tokens: list[Token],
        clause: Clause,
        number: int,
        corrections: Mapping[str, str | None],
    ) -> list[Mention]:
        """Curated phrases found in a clause (stems, small gaps, typos corrected)."""
        barriers = frozenset(n.index for n in clause.negations)
        content = []
        for position in range(clause.start, clause.end):
            token = tokens[position]
            if (
                token.kind == WORD
                and token.text not in STOPWORDS
                and not consumed(tokens, position)
            ):
                word, stem, fuzzy = self._word_of(token.text, corrections)
                content.append((position, stem, fuzzy, word))
        return find_mentions(
            content, self.index_, _MAX_GAP, number, self.parents_, barriers=barriers
        )

    def _match_long_tail(self, tokens: list[Token], clause: Clause, number: int) -> list[Mention]:
        """Long-tail phrases found whole and in order, word for word, in a clause."""
        content = [
            (position, french.singular(tokens[position].text), False, tokens[position].text)
            for position in range(clause.start, clause.end)
            if tokens[position].kind == WORD and tokens[position].text not in STOPWORDS
        ]
        return find_mentions(
            content, self.long_tail_index_, 0, number, self.parents_, self.long_tail_score
        )

    def _finalise(
        self,
        text: str,
        tokens: list[Token],
        mentions: list[Mention],
        clauses: list[Clause],
        kind: str,
    ) -> list[Extraction]:
        """One result per skill (best mention), scored, in order of first evidence."""
        best: dict[str, Mention] = {}
        for mention in mentions:
            current = best.get(mention.skill)
            if current is None or rank(mention) > rank(current):
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
                level = min_level(tokens, mention.skill, clauses[mention.clause], domain)
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
