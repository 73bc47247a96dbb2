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


def test_each_clause_keeps_its_intent():
    got = intents("j'ai appris la couture et j'aimerais apprendre la broderie")
    assert got == {"couture": "knows", "broderie": "wants"}


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
