"""The labelled French extraction set (tests/data/extraction) is well-formed.

It checks the shape of every sentence, that every skill, accepted and negated id is a
curated id of the packaged taxonomy, the intent and ``min_level`` rules per kind, the
negation rule (a negated id is never accepted for the same sentence), and that
``dev.jsonl`` and ``test.jsonl`` are exactly the split that ``split.py`` produces.
It does not measure any extractor.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

from matcher.taxonomy import ESCO_ID_PREFIX, load_taxonomy

DATA = Path(__file__).parents[1] / "data" / "extraction"
ID = re.compile(r"^s\d{3}$")
KEYS = {"id", "kind", "text", "skills", "negated"}
MENTION_KEYS = {"skill", "accept", "intent", "min_level"}
MEMBER_INTENTS = {"knows", "wants", "loves"}


def _read(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _split_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_split", DATA / "split.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ALL = _read("all.jsonl")
DEV = _read("dev.jsonl")
TEST = _read("test.jsonl")


def _ids(items: list[dict]) -> list[str]:
    return [item["id"] for item in items]


def test_size_and_unique_ids() -> None:
    assert len(ALL) >= 250
    ids = _ids(ALL)
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    assert all(ID.match(i) for i in ids)
    texts = [item["text"] for item in ALL]
    assert len(set(texts)) == len(texts), [t for t, n in Counter(texts).items() if n > 1]


def test_both_kinds_present() -> None:
    kinds = Counter(item["kind"] for item in ALL)
    assert set(kinds) == {"member", "request"}
    assert kinds["member"] >= 150 and kinds["request"] >= 75


def _problems_of(item: dict, curated: set[str]) -> list[str]:
    """Everything wrong with one sentence (empty when it is well-formed)."""
    if set(item) != KEYS:
        return [f"keys {sorted(item)}"]
    problems = []
    kind = item["kind"]
    if kind not in {"member", "request"}:
        problems.append(f"kind {kind!r}")
    text = item["text"]
    if not isinstance(text, str) or not text.strip() or text != text.strip():
        problems.append("empty or unstripped text")
    if not isinstance(item["skills"], list) or not isinstance(item["negated"], list):
        return [*problems, "skills and negated must be lists"]
    accepted: set[str] = set()
    for mention in item["skills"]:
        if set(mention) != MENTION_KEYS:
            problems.append(f"mention keys {sorted(mention)}")
            continue
        accept = mention["accept"]
        if not isinstance(accept, list) or not accept or len(set(accept)) != len(accept):
            problems.append(f"accept must be a non-empty list without duplicates: {accept}")
            continue
        if mention["skill"] != accept[0]:
            problems.append(f"skill {mention['skill']!r} is not accept[0]")
        accepted.update(accept)
        intent, level = mention["intent"], mention["min_level"]
        if kind == "member" and (intent not in MEMBER_INTENTS or level is not None):
            problems.append(f"member mention {intent!r} with min_level {level!r}")
        if kind == "request" and (
            intent != "needs" or type(level) is not int or not 0 <= level <= 4
        ):
            problems.append(f"request mention {intent!r} with min_level {level!r}")
    firsts = [m.get("skill") for m in item["skills"]]
    if len(set(firsts)) != len(firsts):
        problems.append(f"one mention per skill: {firsts}")
    negated = item["negated"]
    if len(set(negated)) != len(negated):
        problems.append(f"duplicate negated id: {negated}")
    if accepted & set(negated):
        problems.append(f"negated and accepted: {sorted(accepted & set(negated))}")
    taxonomy = load_taxonomy()
    for skill_id in sorted(accepted | set(negated)):
        if skill_id not in taxonomy:
            problems.append(f"{skill_id!r} is not in the taxonomy")
        elif skill_id.startswith(ESCO_ID_PREFIX) or skill_id not in curated:
            problems.append(f"{skill_id!r} is not a curated skill")
    return problems


def test_every_sentence_is_well_formed() -> None:
    """Keys, kinds, intents and levels per kind, accept lists, negation rule, taxonomy ids."""
    curated = {skill.id for skill in load_taxonomy().curated()}
    problems = {item.get("id"): p for item in ALL if (p := _problems_of(item, curated))}
    assert not problems


def test_the_checks_catch_mistakes() -> None:
    curated = {skill.id for skill in load_taxonomy().curated()}
    good = {
        "id": "s999",
        "kind": "request",
        "text": "on cherche un cuisinier confirmé, pas besoin de savoir coudre",
        "skills": [{"skill": "cuisine", "accept": ["cuisine"], "intent": "needs", "min_level": 3}],
        "negated": ["couture"],
    }
    assert _problems_of(good, curated) == []
    mention = good["skills"][0]
    bad = [
        {**good, "kind": "member"},
        {**good, "negated": ["cuisine"]},
        {**good, "negated": ["pas-une-competence"]},
        {**good, "skills": [{**mention, "min_level": 5}]},
        {**good, "skills": [{**mention, "intent": "knows"}]},
        {**good, "skills": [{**mention, "skill": "patisserie"}]},
        {**good, "skills": [mention, mention]},
    ]
    assert all(_problems_of(item, curated) for item in bad)


def test_mix_of_the_set() -> None:
    n = len(ALL)
    multi = sum(len(item["skills"]) >= 2 for item in ALL)
    negations = sum(bool(item["negated"]) for item in ALL)
    empty = sum(not item["skills"] for item in ALL)
    intents = Counter(m["intent"] for item in ALL for m in item["skills"])
    assert multi / n >= 0.30
    assert negations / n >= 0.10
    assert 0.03 <= empty / n <= 0.10
    assert all(intents[intent] >= 20 for intent in ("knows", "wants", "loves", "needs"))
    levels = Counter(
        m["min_level"] for item in ALL for m in item["skills"] if item["kind"] == "request"
    )
    assert set(levels) == {0, 1, 2, 3, 4}


def test_dev_and_test_partition_all() -> None:
    dev_ids, test_ids = set(_ids(DEV)), set(_ids(TEST))
    assert not dev_ids & test_ids
    assert dev_ids | test_ids == set(_ids(ALL))
    by_id = {item["id"]: item for item in ALL}
    assert all(by_id[item["id"]] == item for item in DEV + TEST)
    for kind in ("member", "request"):
        n_dev = sum(item["kind"] == kind for item in DEV)
        n_test = sum(item["kind"] == kind for item in TEST)
        assert n_test - n_dev in (0, 1), (kind, n_dev, n_test)


def test_split_is_reproducible_from_split_py() -> None:
    split = _split_module()
    assert split.SEED == 2026
    lines = split.read_lines(DATA / "all.jsonl")
    dev, test = split.split_lines(lines)
    assert (DATA / "dev.jsonl").read_text(encoding="utf-8") == "".join(dev)
    assert (DATA / "test.jsonl").read_text(encoding="utf-8") == "".join(test)
    assert split.split_lines(lines) == (dev, test)
    assert split.main(["--check"]) == 0


def test_split_follows_the_documented_algorithm() -> None:
    """Re-derived here without split.py: one Random(2026), members then requests."""
    rng = random.Random(2026)
    dev_ids: set[str] = set()
    for kind in ("member", "request"):
        ids = sorted(item["id"] for item in ALL if item["kind"] == kind)
        rng.shuffle(ids)
        dev_ids.update(ids[: len(ids) // 2])
    assert _ids(DEV) == [i for i in _ids(ALL) if i in dev_ids]
    assert _ids(TEST) == [i for i in _ids(ALL) if i not in dev_ids]


def test_readme_counts_are_current() -> None:
    split = _split_module()
    dev, test = split.split_lines(split.read_lines(DATA / "all.jsonl"))
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert split.table(dev, test) in readme, "run split.py --table and update README.md"
