"""Text → skills: intents, negation, request levels, the long tail, the estimator and the CLI."""

from __future__ import annotations

import json
from functools import cache

import pytest
from click.testing import CliRunner
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from matcher.cli_skills import read_texts, skills
from matcher.domain import Skill
from matcher.evaluation.extraction import score_by_kind, score_extractions
from matcher.models.extract import Extraction, SkillExtractor
from matcher.models.typos import FUZZY_CACHE_SIZE, LRUCache
from matcher.taxonomy import load_taxonomy

YOGA = Skill(id="esco:yoga-0000", label_fr="yoga", kind="savoir")
PARIS = Skill(id="esco:paris-0000", label_fr="paris", kind="savoir")


@cache
def extractor() -> SkillExtractor:
    """Curated taxonomy plus two long-tail skills: fast to fit, real vocabulary."""
    return SkillExtractor().fit([*load_taxonomy().curated(), YOGA, PARIS])


def found(text: str, kind: str = "member") -> dict[str, Extraction]:
    return {e.skill: e for e in extractor().extract([text], kind=kind)[0]}


def intents(text: str) -> dict[str, str]:
    return {skill: e.intent for skill, e in found(text).items()}


# -- what members write ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("je fais des tresses à toutes mes cousines", "tresses"),
        ("j'ai appris la soudure avec mon père", "soudure"),
        ("je couds des trousses pour mes copines", "couture"),
        ("je bricole tout le week-end", "bricolage"),
        ("jfais des tresses", "tresses"),
        ("g appris le crochet avec ma grand-mère", "crochet"),
        ("jsais coudre", "couture"),
        ("JE FAIS DE LA PÂTISSERIE", "patisserie"),
        ("je fais de la patisserie", "patisserie"),
        ("je fais de la patiserie", "patisserie"),
        ("je repeins les chambres chez les voisins", "peinture-batiment"),
    ],
)
def test_know_how_is_found_in_everyday_french(text, skill):
    assert intents(text).get(skill) == "knows"


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("j'aimerais trop apprendre à faire des vidéos", "video"),
        ("je voudrais apprendre les locks", "locks"),
        ("jvoudrais essayer la soudure", "soudure"),
        ("ça m'intéresse d'apprendre le crochet", "crochet"),
    ],
)
def test_wishes_to_learn_are_wants(text, skill):
    assert intents(text).get(skill) == "wants"


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("j'adore la danse", "danse"),
        ("jkiffe la pâtisserie", "patisserie"),
        ("fan de manga depuis toujours", "bande-dessinee"),
        ("je suis passionnée de couture", "couture"),
    ],
)
def test_passions_without_practice_are_loves(text, skill):
    assert intents(text).get(skill) == "loves"


def test_spans_are_exact_substrings_of_the_text():
    text = "Jfais des TRESSES et j’aimerais apprendre la Pâtisserie orientale"
    results = extractor().extract([text])[0]
    assert results
    for extraction in results:
        assert extraction.span in text
        assert 0.0 <= extraction.score <= 1.0


# -- negation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "je ne sais pas coudre",
        "je sais pas coudre",
        "jsais pas coudre",
        "j'ai jamais cousu de ma vie",
        "la couture j'y connais rien",
        "la couture, j'y connais rien",
        "je déteste coudre",
        "je sais plus coudre",
        "je suis nulle en couture",
        "je ne sais ni coudre ni tricoter",
        "la couture, non",
        "jsais po coudre",
    ],
)
def test_negated_know_how_is_not_returned(text):
    assert "couture" not in found(text)


def test_pas_encore_turns_a_skill_into_a_wish():
    assert intents("je sais pas encore coudre") == {"couture": "wants"}


def test_a_wish_after_a_negation_is_about_the_negated_skill():
    assert intents("j'ai jamais fait de soudure mais j'aimerais essayer") == {"soudure": "wants"}


def test_mais_splits_what_is_not_known_from_what_is_loved():
    assert intents("je sais pas cuisiner mais j'adore manger") == {}
    assert intents("je sais pas coudre mais j'adore la danse") == {"danse": "loves"}


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("porter des trucs lourds ça me dérange pas", "manutention-charges-lourdes"),
        ("je me débrouille pas mal en couture", "couture"),
        ("je fais pas que de la couture", "couture"),
        ("je couds plus vite que ma mère", "couture"),
    ],
)
def test_idioms_are_not_negations(text, skill):
    assert skill in found(text)


# A table of negations as members write them (written for these tests, not taken from the
# labelled set). ``expected``: None = the skill is not returned at all; an intent = the
# skill is returned with that intent; "present" = returned, whatever the intent.
NEGATIONS = [
    # "je sais pas X", "jsais pas X", "jsp", "chépa"
    ("franchement je sais pas cuisiner du tout", "cuisine", None),
    ("jsais pas tresser", "tresses", None),
    ("je sais pas du tout dessiner", "dessin", None),
    ("jsp dessiner moi", "dessin", None),
    ("chépa coudre", "couture", None),
    ("je sais pas trop coudre", "couture", None),
    # "je n'ai jamais fait de X", "g jamais fait d'X"
    ("je n'ai jamais fait de soudure", "soudure", None),
    ("g jamais fait d'impression 3d", "impression-3d", None),
    ("jamais fait de baby-sitting", "garde-enfants", None),
    ("je fais jamais de pâtisserie", "patisserie", None),
    ("tresser j'ai jamais su", "tresses", None),
    ("g 0 expérience en cuisine", "cuisine", None),
    # "X c'est pas mon truc", "pas pour moi", "bof", "très peu pour moi"
    ("le jardinage c'est pas mon truc", "jardinage", None),
    ("la pâtisserie c pas mon truc", "patisserie", None),
    ("le chant c'est vraiment pas pour moi", "chant", None),
    ("la cuisine bof", "cuisine", None),
    ("le ménage, très peu pour moi", "nettoyage", None),
    ("moi et la cuisine ça fait deux", "cuisine", None),
    # "pas du tout", "nul en", "zéro", "une quiche", "j'ai du mal"
    ("pas du tout bricoleuse", "bricolage", None),
    ("nul en maths", "mathematiques", None),
    ("je suis nulle en dessin", "dessin", None),
    ("chui nul en anglais", "anglais", None),
    ("zéro en dessin", "dessin", None),
    ("je suis une catastrophe en cuisine", "cuisine", None),
    ("je suis pas douée en couture", "couture", None),
    ("en maths je suis une quiche", "mathematiques", None),
    ("je suis naze en anglais", "anglais", None),
    ("j'ai du mal en anglais", "anglais", None),
    # "X j'y connais rien", "aucune idée", "walou", "que dalle"
    ("la mécanique auto j'y connais rien", "mecanique-auto", None),
    ("je connais rien à la mécanique vélo", "mecanique-velo", None),
    ("je connais rien au montage vidéo", "montage-video", None),
    ("aucune idée en couture", "couture", None),
    ("aucune notion de comptabilité", "comptabilite-simple", None),
    ("j'ai aucune expérience en vente", "vente", None),
    ("je m'y connais pas en jardinage", "jardinage", None),
    ("la couture j'y connais walou", "couture", None),
    ("la couture j'y connais que dalle", "couture", None),
    # "je touche pas à X", "j'ai jamais touché un X"
    ("je touche pas à la cuisine", "cuisine", None),
    ("g jamais touché à une machine à coudre de ma vie", "couture-machine", None),
    ("j'ai jamais touché un fer à souder", "soudure-electronique", None),
    # "X non", "X ? jamais", "moi X jamais"
    ("le crochet ? non", "crochet", None),
    ("la danse ? jamais", "danse", None),
    ("le tricot non jamais", "tricot", None),
    ("moi la cuisine jamais", "cuisine", None),
    ("moi le maquillage jamais de la vie", "maquillage", None),
    # "pas trop X"
    ("moi pas trop la danse", "danse", None),
    ("je suis pas trop cuisine", "cuisine", None),
    # "ça m'intéresse pas", "je déteste", "je hais", "ça me saoule"
    ("la photo ça m'intéresse pas", "photographie", None),
    ("le foot ça m'intéresse pas du tout", "animation-sportive", None),
    ("je déteste faire le ménage", "nettoyage", None),
    ("je déteste la couture", "couture", None),
    ("je hais la cuisine", "cuisine", None),
    ("la couture ça me saoule", "couture", None),
    # negated passion
    ("j'aime pas trop la cuisine", "cuisine", None),
    ("j'aime pas le foot", "animation-sportive", None),
    ("jkiffe pas trop le dessin", "dessin", None),
    ("je suis pas fan de danse", "danse", None),
    # languages
    ("je parle pas un mot d'anglais", "anglais", None),
    ("je parle pas du tout arabe", "arabe", None),
    # scope over coordinations
    ("je sais pas coudre ni tricoter", "couture", None),
    ("je sais pas coudre ni tricoter", "tricot", None),
    ("je cuisine pas et je couds pas", "cuisine", None),
    ("je cuisine pas et je couds pas", "couture", None),
    ("je ne sais ni dessiner ni chanter", "dessin", None),
    ("je ne sais ni dessiner ni chanter", "chant", None),
    ("je fais pas de coiffure ni de maquillage", "coiffure", None),
    ("je fais pas de coiffure ni de maquillage", "maquillage", None),
    ("je fais pas la cuisine, ni le ménage", "nettoyage", None),
    # someone else does it, or did it once and it is gone
    ("mon frère fait de la mécanique auto, moi non", "mecanique-auto", None),
    ("ma sœur fait des tresses, pas moi", "tresses", None),
    ("je sais pas cuisiner, c'est ma mère qui fait à manger", "cuisine", None),
    ("le ménage c'est ma sœur qui le fait", "nettoyage", None),
    ("au collège j'ai fait de l'allemand mais j'ai tout oublié", "allemand", None),
    ("j'ai fait un peu de guitare mais j'ai arrêté, je sais plus jouer", "guitare", None),
    # a negation, then a claim of something else
    ("je couds pas mais je tricote", "couture", None),
    ("je couds pas mais je tricote", "tricot", "knows"),
    ("je sais pas jouer de la guitare mais j'adore la musique", "guitare", None),
    ("je sais pas jouer de la guitare mais j'adore la musique", "musique", "loves"),
    ("je fais pas de couture juste de la broderie", "couture", None),
    ("je fais pas de couture juste de la broderie", "broderie", "knows"),
    ("je fais pas de couture mais de la broderie", "broderie", "knows"),
    ("je sais pas coudre mais tricoter oui", "tricot", "knows"),
    ("je couds sans machine", "couture-machine", None),
    ("je couds sans machine", "couture", "knows"),
    # negation that does NOT apply
    ("je suis pas mal en couture", "couture", "knows"),
    ("je me débrouille pas trop mal à la guitare", "guitare", "knows"),
    ("je suis pas nulle en dessin", "dessin", "knows"),
    ("je suis pas mauvaise en couture", "couture", "knows"),
    ("ça me dérange pas de faire la plonge", "plonge", "present"),
    ("pas de souci pour faire le ménage", "nettoyage", "present"),
    ("je fais pas que de la coiffure, aussi du maquillage", "coiffure", "knows"),
    ("je fais pas que de la coiffure, aussi du maquillage", "maquillage", "knows"),
    ("je fais pas que des tresses", "tresses", "knows"),
    ("je fais rien d'autre que dessiner", "dessin", "knows"),
    ("je sais pas si je suis douée mais je fais des tresses", "tresses", "knows"),
    ("non mais la couture je gère", "couture", "knows"),
    ("j'arrête pas de dessiner", "dessin", "knows"),
    ("je rate jamais mes crêpes", "crepes-gaufres", "knows"),
    ("j'ai jamais raté un gâteau", "patisserie", "knows"),
    ("j'oublie jamais mes cours de danse", "danse", "knows"),
    ("je suis pas une pro de la couture mais je me débrouille", "couture", "knows"),
    ("mon anglais est pas parfait mais je me débrouille", "anglais", "knows"),
    ("c'est ma mère qui m'a appris la couture", "couture", "knows"),
    ("je suis partie de zéro en couture", "couture", "knows"),
    ("je fais du zéro déchet à la maison", "cuisine-anti-gaspi", "knows"),
    # a wish wins
    ("pas encore mais j'aimerais apprendre la soudure", "soudure", "wants"),
    ("je sais pas encore coudre mais je veux apprendre", "couture", "wants"),
    ("j'ai jamais fait de crochet mais ça me tente", "crochet", "wants"),
    ("je connais rien en mécanique auto mais je veux apprendre", "mecanique-auto", "wants"),
    ("je dirais pas non à des cours de guitare", "guitare", "wants"),
    # a claim of practice wins; a passion wins
    ("je kiffe pas trop la couture mais je sais coudre", "couture", "knows"),
    ("j'ai pas de diplôme mais je coiffe toutes mes copines", "coiffure", "knows"),
    ("j'ai pas trop d'expérience en vente mais j'adore ça", "vente", "loves"),
]


@pytest.mark.parametrize(("text", "skill", "expected"), NEGATIONS)
def test_negation_as_members_write_it(text, skill, expected):
    got = intents(text)
    if expected is None:
        assert skill not in got
    elif expected == "present":
        assert skill in got
    else:
        assert got.get(skill) == expected


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("je sais cuisiner", "cuisine"),
        ("je fais de l'impression 3d", "impression-3d"),
        ("je fais du baby-sitting", "garde-enfants"),
        ("le jardinage c'est mon truc", "jardinage"),
        ("je suis fort en maths", "mathematiques"),
        ("je connais la mécanique vélo", "mecanique-velo"),
        ("je connais le montage vidéo", "montage-video"),
        ("des notions de comptabilité", "comptabilite-simple"),
        ("j'ai touché un fer à souder", "soudure-electronique"),
        ("le crochet ? oui", "crochet"),
        ("la photo ça m'intéresse", "photographie"),
        ("je parle arabe", "arabe"),
        ("je fais de l'allemand", "allemand"),
        ("je fais des crêpes", "crepes-gaufres"),
    ],
)
def test_negation_table_skills_are_found_when_affirmed(text, skill):
    """The negation table is not passed by accident: the same skills are found otherwise."""
    assert skill in found(text)


@pytest.mark.parametrize(
    ("text", "ruled_out", "needed"),
    [
        ("on n'a pas besoin de photographe, juste quelqu'un pour servir", "photographie", None),
        ("on cherche pas un cuisinier, juste quelqu'un pour la plonge", "cuisine", "plonge"),
        ("pas besoin de savoir coudre, des bras pour trier les vêtements", "couture", None),
        ("inutile de savoir cuisiner, on cherche des bras", "cuisine", None),
        ("une soirée sans DJ, juste quelqu'un pour servir", "dj", "service-en-salle"),
        ("on a déjà un DJ, on cherche quelqu'un pour servir", "dj", "service-en-salle"),
    ],
)
def test_what_a_request_negates_is_not_needed(text, ruled_out, needed):
    got = found(text, kind="request")
    if ruled_out:
        assert ruled_out not in got
    if needed:
        assert got[needed].intent == "needs"


def test_a_negated_level_is_not_a_negated_skill():
    got = found(
        "on cherche pas un pro de la photo, juste un jeune avec un bon téléphone", "request"
    )
    assert "photographie" in got
    assert got["photographie"].min_level == 1


def test_no_experience_required_is_a_level_not_a_negation():
    got = found("on cherche un jeune pour la plonge, aucune expérience requise", "request")
    assert got["plonge"].min_level == 0


def test_the_member_cleft_does_not_apply_to_requests():
    assert "mathematiques" in found("c'est ma fille qui a besoin d'aide en maths", "request")


def test_each_clause_keeps_its_intent():
    got = intents("j'ai appris la couture et j'aimerais apprendre la broderie")
    assert got == {"couture": "knows", "broderie": "wants"}


@pytest.mark.parametrize(
    ("text", "skill", "intent"),
    [
        ("je fais du foot", "animation-sportive", "loves"),
        ("je joue au basket avec mes potes", "animation-sportive", "loves"),
        ("j'entraîne les U9 au foot", "animation-sportive", "knows"),
        ("je coache les petits au basket", "animation-sportive", "knows"),
        ("je donne des cours de boxe aux petits", "animation-sportive", "knows"),
    ],
)
def test_playing_a_sport_is_a_passion_leading_it_is_practice(text, skill, intent):
    assert intents(text).get(skill) == intent


def test_the_strongest_intent_of_a_skill_is_kept():
    """ "J'aime bien écrire" (loves) and "je tiens un blog" (knows) are one skill: knows."""
    assert intents("j'aime bien écrire, je tiens un blog").get("redaction") == "knows"


def test_a_common_word_coordinated_with_a_precise_one_is_kept():
    assert {"photographie", "montage-video"} <= set(found("je fais de la photo et du montage"))


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("je tricotais avec ma grand-mère", "tricot"),
        ("je dansais dans une troupe", "danse"),
        ("je gardais mes cousins le soir", "garde-enfants"),
        ("je suis dessinatrice", "dessin"),
        ("j'ai vendu des bonbons au collège", "vente"),
        ("je fais des sushis et des nems", "cuisine-du-monde"),
    ],
)
def test_verb_tenses_genders_and_dishes_are_read(text, skill):
    assert intents(text).get(skill) == "knows"


def test_administrative_procedures_are_not_canvassing():
    assert "prospection" not in found("je fais les démarches de ma mère sur internet")


# -- deduplication ---------------------------------------------------------------------


def test_one_result_per_skill():
    results = extractor().extract(["je fais de la couture, la couture c'est ma vie"])[0]
    assert [e.skill for e in results].count("couture") == 1


def test_the_most_specific_skill_wins_on_the_same_words():
    got = found("ma tante m'a donné sa machine à coudre")
    assert set(got) == {"couture-machine"}
    assert got["couture-machine"].span == "machine à coudre"


def test_a_parent_detailed_by_its_child_gives_way():
    assert set(found("je cuisine pour la famille, surtout couscous et tajine")) == {
        "cuisine-du-monde"
    }


# -- requests --------------------------------------------------------------------------


def test_request_mode_says_needs_with_a_level():
    got = found("on cherche un cuisinier confirmé pour le repas de quartier", kind="request")
    assert got["cuisine"].intent == "needs"
    assert got["cuisine"].min_level == 3


@pytest.mark.parametrize(
    ("text", "skill", "level"),
    [
        ("on cherche des jeunes pour servir un buffet samedi midi", "service-en-salle", 1),
        ("le centre social cherche quelqu'un pour animer un atelier tresses", "tresses", 4),
        ("le jardin cherche des volontaires débutants pour planter", "plantation", 0),
        ("je cherche quelqu'un pour faire des box braids à ma fille", "tresses", 2),
    ],
)
def test_request_levels(text, skill, level):
    assert found(text, kind="request")[skill].min_level == level


def test_what_a_request_rules_out_is_not_needed():
    got = found(
        "On cherche quelqu'un pour servir le repas, pas besoin de savoir cuisiner", "request"
    )
    assert "cuisine" not in got
    assert "service-en-salle" in got


def test_using_a_machine_is_not_serving_tables():
    assert set(found("je voudrais savoir me servir d'une machine à coudre")) == {"couture-machine"}


def test_member_mode_has_no_level():
    assert all(e.min_level is None for e in found("je fais des tresses").values())


# -- the long tail ---------------------------------------------------------------------


def test_long_tail_is_used_when_nothing_curated_fits():
    assert intents("je fais du yoga tous les matins") == {YOGA.id: "knows"}


def test_long_tail_is_not_used_when_a_curated_skill_fits_the_clause():
    assert set(found("je fais du yoga et de la couture")) == {"couture"}


def test_long_tail_ignores_common_words():
    assert found("je vis à Paris depuis 3 ans") == {}


def test_long_tail_can_be_switched_off():
    model = SkillExtractor(use_long_tail=False).fit([*load_taxonomy().curated()[:20], YOGA])
    assert model.extract(["je fais du yoga"]) == [[]]


# -- the estimator contract ------------------------------------------------------------


def test_fit_returns_self_and_learned_attributes_end_in_underscore():
    model = SkillExtractor(use_long_tail=False)
    assert model.fit([Skill(id="couture", label_fr="Couture")]) is model
    learned = [name for name in vars(model) if name not in model.get_params()]
    assert learned and all(name.endswith("_") for name in learned)


def test_init_only_stores_parameters():
    model = SkillExtractor(min_score=0.7, use_long_tail=False)
    assert model.get_params() == {
        "min_score": 0.7,
        "fuzzy_threshold": 0.6,
        "use_long_tail": False,
        "long_tail_score": 0.55,
    }
    assert clone(model).get_params() == model.get_params()


def test_typo_cache_is_bounded():
    model = SkillExtractor(use_long_tail=False).fit(load_taxonomy().curated())
    assert isinstance(model.fuzzy_cache_, LRUCache)
    assert model.fuzzy_cache_.maxsize == FUZZY_CACHE_SIZE
    model.fuzzy_cache_ = LRUCache(3)
    model.extract([f"je fais de la couturr{letter}" for letter in "abcdefghij"])
    assert len(model.fuzzy_cache_) == 3


def test_a_batch_larger_than_the_cache_keeps_every_correction():
    model = SkillExtractor(use_long_tail=False).fit(load_taxonomy().curated())
    model.fuzzy_cache_ = LRUCache(1)
    texts = ["je fais de la patiserie", "je fais de la couturre", "je fais de la patiserie"]
    assert [[e.skill for e in r] for r in model.extract(texts)] == [
        ["patisserie"],
        ["couture"],
        ["patisserie"],
    ]


def test_lru_cache_forgets_the_least_recently_used():
    cache = LRUCache(2)
    cache["a"], cache["b"] = "x", None
    assert cache.get("a") == "x"  # "a" is now the most recent
    cache["c"] = "y"
    assert "b" not in cache and "a" in cache and "c" in cache
    assert cache.get("b", "absent") == "absent"
    with pytest.raises(ValueError):
        LRUCache(0)


def test_the_public_api_survives_the_split_into_modules():
    from matcher.models import extract

    assert set(extract.__all__) == {"INTENTS", "KINDS", "Extraction", "SkillExtractor"}
    assert extract.INTENTS == ("knows", "wants", "loves", "needs")
    assert extract.KINDS == ("member", "request")


def test_extract_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        SkillExtractor().extract(["je couds"])


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="member ou request"):
        extractor().extract(["je couds"], kind="client")


def test_min_score_filters():
    strict = clone(extractor()).set_params(min_score=1.01)
    strict.fit([*load_taxonomy().curated()])
    assert strict.extract(["je fais des tresses"]) == [[]]


def test_empty_and_blank_texts_give_empty_lists():
    assert extractor().extract(["", "   ", "?!"]) == [[], [], []]


# -- evaluation ------------------------------------------------------------------------


def test_scores_follow_the_accept_rule_and_match_each_gold_item_once():
    gold = [
        {
            "kind": "member",
            "skills": [
                {"skill": "couture", "accept": ["couture", "retouches"], "intent": "knows"},
            ],
            "negated": ["tricot"],
        }
    ]
    predicted = [
        [
            {"skill": "retouches", "intent": "loves"},
            {"skill": "couture", "intent": "knows"},
            {"skill": "tricot", "intent": "knows"},
        ]
    ]
    scores = score_extractions(gold, predicted)
    assert scores["recall"] == 1.0
    assert scores["precision"] == pytest.approx(1 / 3)
    assert scores["intent_accuracy"] == 1.0
    assert scores["negated_as_knows"] == 1.0


def test_request_levels_are_scored_by_mean_absolute_error():
    gold = [
        {
            "kind": "request",
            "skills": [
                {"skill": "cuisine", "accept": ["cuisine"], "intent": "needs", "min_level": 3}
            ],
            "negated": [],
        }
    ]
    scores = score_by_kind(gold, [[Extraction("cuisine", "Cuisine", "needs", 0.9, "x", 1)]])
    assert scores["request"]["min_level_mae"] == 2.0
    assert scores["all"]["f1"] == 1.0


# -- the command line ------------------------------------------------------------------


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(skills, ["extract", *args], input=input)
    assert result.exit_code == 0, result.output
    return result


def test_cli_json_is_one_array_with_one_element_per_text_in_order():
    result = run("--json", "je fais des tresses", "", "j'adore la danse")
    payload = json.loads(result.stdout)
    assert len(payload) == 3
    assert [item["skill"] for item in payload[0]] == ["tresses"]
    assert payload[1] == []
    assert payload[2][0] == {
        "skill": "danse",
        "label": "Danse",
        "intent": "loves",
        "score": payload[2][0]["score"],
        "span": "danse",
    }


def test_cli_file_reads_one_text_per_line(tmp_path):
    path = tmp_path / "textes.txt"
    path.write_text("je fais des tresses\n\nje couds\n", encoding="utf-8")
    payload = json.loads(run("--json", "--file", str(path)).stdout)
    assert len(payload) == 3
    assert payload[1] == []
    assert payload[2][0]["skill"] == "couture"


def test_cli_file_from_stdin():
    payload = json.loads(run("--json", "--file", "-", input="je couds\n").stdout)
    assert [[item["skill"] for item in items] for items in payload] == [["couture"]]


def test_cli_request_mode_adds_min_level():
    payload = json.loads(
        run("--json", "--kind", "request", "on cherche un cuisinier confirmé").stdout
    )
    assert payload[0][0]["min_level"] == 3
    assert set(payload[0][0]) == {"skill", "label", "intent", "score", "span", "min_level"}


def test_cli_table_is_readable_french():
    output = run("je fais des tresses").stdout
    assert "Tresses" in output
    assert "sait faire" in output


def test_cli_needs_texts_or_a_file():
    result = CliRunner().invoke(skills, ["extract", "--json"])
    assert result.exit_code != 0
    assert "--file" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a\nb\n", ["a", "b"]),
        ("a\nb", ["a", "b"]),
        ("a\n\nb\n", ["a", "", "b"]),
        ("\n", [""]),
        ("", []),
        ("a\r\nb\r\n", ["a", "b"]),
    ],
)
def test_read_texts_counts_lines_not_newlines(content, expected):
    import io

    assert read_texts(io.StringIO(content)) == expected
