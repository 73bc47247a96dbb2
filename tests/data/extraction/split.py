"""Split the labelled French extraction set into a dev half and a test half.

Usage, from the repository root::

    .venv/bin/python tests/data/extraction/split.py            # (re)write dev.jsonl, test.jsonl
    .venv/bin/python tests/data/extraction/split.py --check    # exit 1 if they are out of date
    .venv/bin/python tests/data/extraction/split.py --table    # counts table of README.md

How the set was written
-----------------------
``all.jsonl`` is the source of truth: 340 French sentences written by hand for this
evaluation, in the words members of youth cooperatives (KPA-Cité, Roubaix/Tourcoing,
many aged 16–17) use to describe themselves and in the words clients (associations,
social centres, shopkeepers, residents, the mairie de quartier) use to describe a
request. Registers are mixed on purpose: standard French, informal and SMS spelling
("jsais", "chui", "g appris", "pk"), missing accents and typos ("couturre",
"cuisinne"), several skills per sentence with mixed intents, negations, and sentences
without any skill. Nobody real is described; only common first names appear. The
sentences and their labels were written without reading the extractor
(``matcher/models/extract*``) so that the set measures it independently. Labels use
only the curated ids of ``matcher/data/skills.csv``.

Label rules (README.md in this folder is the full guide)
--------------------------------------------------------
* One object per sentence: ``id``, ``kind`` (``member`` or ``request``), ``text``,
  ``skills`` (gold mentions) and ``negated`` (ids named under negation).
* A mention is ``{"skill", "accept", "intent", "min_level"}``. ``accept`` lists every id
  that counts as correct: the most specific fitting id first (``skill`` is always
  ``accept[0]``), then its parent chain, then neighbours that also fit ("je fais des
  ourlets" → ``retouches``, ``couture-main``, ``couture``).
* ``intent``: ``knows`` (claims practice), ``wants`` (wish to learn; "pas encore mais je
  veux" is ``wants``), ``loves`` (passion without a claim of practice); in requests
  always ``needs`` with ``min_level`` 0–4 (1–2 helpers, 3 leading/confirmé, 4 teaching
  or running a workshop on the skill). Member mentions have ``min_level`` null.
* ``negated``: ids named under negation with no claim of practice and no wish ("je sais
  pas coudre" → ``couture``). An id is never both negated and in an ``accept`` list of
  the same sentence: a wish or a claim of practice wins over the negation.

The split
---------
Stratified by ``kind``. One ``random.Random(2026)`` shuffles the ids of the member
sentences (sorted first), then those of the request sentences; the first half of each
shuffled list (rounded down) goes to ``dev.jsonl``, the rest to ``test.jsonl``. Both files
keep the order and the exact bytes of the lines of ``all.jsonl``, so the split is
reproducible and ``dev ∪ test == all``. Use ``dev`` to build and tune; ``test`` is only
for measuring.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ALL = HERE / "all.jsonl"
DEV = HERE / "dev.jsonl"
TEST = HERE / "test.jsonl"
SEED = 2026
KINDS = ("member", "request")
INTENTS = ("knows", "wants", "loves", "needs")


def read_lines(path: Path = ALL) -> list[str]:
    """The non-empty lines of a JSONL file, each with its final newline."""
    text = path.read_text(encoding="utf-8")
    return [line + "\n" for line in text.splitlines() if line.strip()]


def split_lines(lines: list[str], seed: int = SEED) -> tuple[list[str], list[str]]:
    """Dev and test lines of ``all.jsonl``: half of each kind, in the order of ``lines``."""
    items = [json.loads(line) for line in lines]
    rng = random.Random(seed)
    dev_ids: set[str] = set()
    for kind in KINDS:
        ids = sorted(item["id"] for item in items if item["kind"] == kind)
        rng.shuffle(ids)
        dev_ids.update(ids[: len(ids) // 2])
    dev = [line for line, item in zip(lines, items, strict=True) if item["id"] in dev_ids]
    test = [line for line, item in zip(lines, items, strict=True) if item["id"] not in dev_ids]
    return dev, test


def counts(lines: list[str]) -> Counter[str]:
    """What README.md reports for one half: sentences, mentions, negations, levels."""
    c: Counter[str] = Counter()
    for item in map(json.loads, lines):
        kind = item["kind"]
        c[f"{kind}:sentences"] += 1
        c[f"{kind}:skills={min(len(item['skills']), 3)}"] += 1
        c[f"{kind}:mentions"] += len(item["skills"])
        if item["negated"]:
            c[f"{kind}:with_negation"] += 1
        c[f"{kind}:negated_ids"] += len(item["negated"])
        for mention in item["skills"]:
            c[f"{kind}:intent={mention['intent']}"] += 1
            if mention["min_level"] is not None:
                c[f"{kind}:min_level={mention['min_level']}"] += 1
    return c


def table(dev: list[str], test: list[str]) -> str:
    """The Markdown counts table of README.md (dev, test and all, per kind)."""
    halves = {"dev": counts(dev), "test": counts(test), "all": counts(dev + test)}
    rows = [("sentences", "sentences")]
    rows += [(f"skills={n}", f"sentences with {n} skill(s)") for n in range(3)]
    rows += [("skills=3", "sentences with 3 or more skills")]
    rows += [("with_negation", "sentences with a negation"), ("negated_ids", "negated ids")]
    rows += [("mentions", "skill mentions")]
    rows += [(f"intent={intent}", f"mentions `{intent}`") for intent in INTENTS]
    rows += [(f"min_level={level}", f"mentions `min_level` {level}") for level in range(5)]
    header = "| | " + " | ".join(f"{k} {h}" for k in KINDS for h in halves) + " |"
    out = [header, "|---" * (1 + len(KINDS) * len(halves)) + "|"]
    for key, label in rows:
        cells = [str(halves[h][f"{k}:{key}"]) for k in KINDS for h in halves]
        if any(cell != "0" for cell in cells):
            out.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if dev/test are stale")
    parser.add_argument("--table", action="store_true", help="print the README counts table")
    args = parser.parse_args(argv)
    dev, test = split_lines(read_lines())
    if args.table:
        print(table(dev, test))
        return 0
    wanted = {DEV: "".join(dev), TEST: "".join(test)}
    if args.check:
        stale = [
            path.name
            for path, text in wanted.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"Out of date: {', '.join(stale)} (run split.py)", file=sys.stderr)
            return 1
        return 0
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
    print(f"dev: {len(dev)} sentences, test: {len(test)} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
