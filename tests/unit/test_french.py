"""French normalisation: folding with offsets, elisions, SMS spellings, stems, word lists."""

from __future__ import annotations

import pytest

from matcher.models import french
from matcher.models.french import PUNCT, WORD, analyse, fold, skill_stem, tokenize
from matcher.models.lexicon import compatible


def words_of(text: str) -> list[str]:
    return [t.text for t in analyse(text) if t.kind == WORD]


def test_fold_lowercases_and_removes_accents_keeping_offsets():
    folded, offsets = fold("Pâtisserie À GOGO")
    assert folded == "patisserie a gogo"
    assert offsets == list(range(len("Pâtisserie À GOGO")))


def test_fold_maps_ligatures_back_to_their_character():
    folded, offsets = fold("Œuvre")
    assert folded == "oeuvre"
    assert offsets[:2] == [0, 0]


@pytest.mark.parametrize("apostrophe", ["'", "’", "‘", "`", "ʼ"])
def test_every_apostrophe_splits_the_elision(apostrophe):
    assert words_of(f"j{apostrophe}adore l{apostrophe}atelier") == ["je", "adore", "le", "atelier"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("j'ai appris", ["je", "ai", "appris"]),
        ("qu'il coud", ["que", "il", "coud"]),
        ("d'abord", ["de", "abord"]),
        ("je n'aime pas", ["je", "ne", "aime", "pas"]),
    ],
)
def test_elisions_become_full_words(text, expected):
    assert words_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jsais coudre", ["je", "sais", "coudre"]),
        ("jfais des tresses", ["je", "fais", "des", "tresses"]),
        ("chui fan", ["je", "suis", "fan"]),
        ("g appris la soudure", ["je", "ai", "appris", "la", "soudure"]),
        ("jkiffe la cuisine", ["je", "kiffe", "la", "cuisine"]),
        ("une ptite robe", ["une", "petite", "robe"]),
        ("pk pas", ["pourquoi", "pas"]),
        ("jai un cap", ["je", "ai", "un", "cap"]),
        ("jsais po", ["je", "sais", "pas"]),
        ("j'y connais r1", ["je", "y", "connais", "rien"]),
        ("chépa coudre", ["je", "sais", "pas", "coudre"]),
        ("jsaispas", ["je", "sais", "pas"]),
        ("nan", ["non"]),
    ],
)
def test_sms_spellings_are_expanded(text, expected):
    assert words_of(text) == expected


def test_single_g_is_left_alone_at_the_end():
    assert words_of("le g") == ["le", "g"]


def test_glued_je_splits_only_before_known_words():
    def known(word: str) -> bool:
        return word == "repare"

    assert [t.text for t in analyse("jrepare", known)] == ["je", "repare"]
    assert [t.text for t in analyse("jardin", known)] == ["jardin"]


def test_expanded_tokens_keep_the_span_of_what_was_written():
    text = "Jsais tresser"
    tokens = analyse(text)
    assert [text[t.start : t.end] for t in tokens] == ["Jsais", "Jsais", "tresser"]


@pytest.mark.parametrize(
    "text",
    [
        "J’ai appris la pâtisserie à 15 ans !",
        "Œuvres d'art, ÉNORMES fresques; jsais pas…",
        "e\u0301te\u0301 (accents typed apart)",
        "",
        "   ",
        "emoji 🎨 au milieu",
    ],
)
def test_every_token_span_is_a_substring_of_the_original(text):
    for token in analyse(text):
        assert 0 <= token.start < token.end <= len(text)
        piece = text[token.start : token.end]
        assert fold(piece)[0].strip(), piece


def test_punctuation_is_kept_as_boundaries():
    kinds = [t.kind for t in tokenize("couture, tricot.")]
    assert kinds == [WORD, PUNCT, WORD, PUNCT]


def test_hyphenated_words_match_their_spaced_form():
    assert words_of("taille-haie") == words_of("taille haie")


@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("couds", "couture"),
        ("coudre", "couture"),
        ("bricole", "bricolage"),
        ("peins", "peinture"),
        ("cuisiner", "cuisine"),
        ("repare", "reparation"),
        ("soude", "soudure"),
        ("coiffe", "coiffure"),
    ],
)
def test_verbs_share_the_stem_of_their_skill_noun(verb, noun):
    assert skill_stem(verb) == skill_stem(noun)


def test_plurals_and_accents_share_a_stem():
    assert skill_stem("videos") == skill_stem("video")
    assert skill_stem(fold("gâteaux")[0]) == skill_stem("gateau")


def test_colliding_stems_are_kept_apart():
    assert skill_stem("manger") != skill_stem("manga")
    assert skill_stem("boxe") != skill_stem("box")
    assert skill_stem("demarches") != skill_stem("demarcher")  # procedures, not canvassing


@pytest.mark.parametrize(
    ("word", "infinitive"),
    [
        ("tricotais", "tricoter"),
        ("dansais", "danser"),
        ("gardais", "garder"),
        ("danserai", "danser"),
    ],
)
def test_imperfect_and_future_forms_keep_their_verbs_meaning(word, infinitive):
    """Singular drops the s of "-ais": what is left ("tricot-ai") must still be an ending."""
    stem = skill_stem(infinitive)
    assert skill_stem(word) == stem
    assert compatible(word, {infinitive}, stem)


def test_cue_words_are_the_union_of_the_three_cue_lists():
    assert french.is_cue_word("aimerais") and french.is_cue_word("adore")
    assert french.is_cue_word("fais")
    assert not french.is_cue_word("couture")


def test_negation_word_lists_are_consistent():
    assert french.NEGATIVE_EVALUATIONS <= french.NEGATION_WORDS
    assert not french.LEVEL_WORDS & french.NEGATION_WORDS
    # idioms after a negation must not themselves be skills' words the extractor needs
    assert "encore" not in french.NEGATION_IDIOMS_AFTER  # "pas encore" is a wish
    assert all(word == fold(word)[0] for word in french.NEGATION_WORDS)


def test_content_stems_drop_function_words():
    assert french.content_stems("Coudre à la main") == ("coutur", "main")
