"""Precompute relatedness evidence between curated skills from ESCO and ROME 4.0.

Usage::

    python scripts/build_skill_relations.py [--shared ../shared] [--out matcher/data] [--check]

The skills graph (``matcher/graph/skills.py``) must never open ``../shared`` at run time,
so the evidence that reference data gives about which curated skills go together is
computed here, once, and shipped as a small table inside the package.

Inputs, read by explicit path only:

* ``matcher/data/skills.csv`` — the curated skills with their ``esco_uri`` and
  ``rome_code`` (built by ``scripts/build_taxonomy.py``);
* ``<shared>/data/esco/skill_broader_relations.csv.gz``,
  ``<shared>/data/esco/skill_skill_relations.csv.gz`` and
  ``<shared>/data/esco/occupation_skill_relations_train.csv.gz`` — ESCO v1.1.1;
* ``<shared>/data/rome4/metier_competences.csv.gz`` — ROME 4.0 (v4.60).

Four sources, one weight in [0, 1] per pair of curated skills and per source:

``esco_hierarchy``
    ESCO broader relations: one skill's concept is the direct broader concept of the
    other's (0.7); both concepts share a broader *skill* (0.5); both share a direct
    skill *group* such as ``S6.5.6`` (0.25).
``esco_related``
    ESCO skill–skill relations between the two concepts (essential 0.6, optional 0.5),
    or between one concept and a direct narrower concept of the other (0.25).
``esco_occupation``
    co-membership in ESCO occupations (train links only). Each curated skill gets the
    set of occupations that need its concept or one of its direct narrower concepts;
    the weight is a cosine shrunk towards 0 for small supports,
    ``|A ∩ B| / (sqrt(|A| |B|) + 3)``, kept when ``|A ∩ B| ≥ 2`` and the weight ≥ 0.2.
``rome_metier``
    co-membership of ROME compétences in métiers. A curated skill with a ``rome_code``
    stands for that métier; two such skills are related by the cosine of their
    métiers' sets of ``savoir_faire`` and ``savoir`` items (``metier_competences``),
    kept when at least 3 items are shared and the cosine ≥ 0.1. Skills without a
    ``rome_code`` get no ROME evidence (label matching against ROME items was tried and
    found too noisy: « vidéo » matches « surveillance vidéo »).

Weak evidence alone (a shared ESCO group, a relation through a narrower concept) is
weighted 0.25, below the 0.3 that :func:`matcher.graph.skills.effective_level` requires by
default: it only counts once combined with other evidence in the graph.

Every weight is capped at 0.9: external evidence never says that two distinct curated
skills are the same skill (relatedness 1.0 is kept for a skill with itself).

Outputs (in ``--out``, by default ``matcher/data``):

* ``skill_relations.csv`` — ``skill_a,skill_b,source,weight`` with ``skill_a < skill_b``,
  weights with 4 decimals, sorted by (skill_a, skill_b, source);
* ``skill_relations.PROVENANCE.md`` — sources (with checksums), method, counts, licences.

The build is deterministic (sorted rows, ``\\n`` line endings, fixed rounding), so an
unchanged input gives identical bytes. ``--check`` builds in memory and exits with status 1
when the shipped files differ (what the unit test and CI rely on).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import itertools
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scripts.buildfiles import write_or_check  # noqa: E402  (needs the repo on sys.path first)

DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "matcher" / "data"
CURATED = REPO / "matcher" / "data" / "skills.csv"
ESCO_BROADER = Path("data") / "esco" / "skill_broader_relations.csv.gz"
ESCO_RELATED = Path("data") / "esco" / "skill_skill_relations.csv.gz"
ESCO_OCCUPATIONS = Path("data") / "esco" / "occupation_skill_relations_train.csv.gz"
ROME_ITEMS = Path("data") / "rome4" / "metier_competences.csv.gz"

RELATIONS_FILE = "skill_relations.csv"
PROVENANCE_FILE = "skill_relations.PROVENANCE.md"
COLUMNS = ("skill_a", "skill_b", "source", "weight")
SOURCES = ("esco_hierarchy", "esco_related", "esco_occupation", "rome_metier")

#: No single source may claim two distinct skills are identical.
MAX_WEIGHT = 0.9
#: esco_hierarchy weights.
DIRECT_BROADER, SHARED_BROADER_SKILL, SHARED_GROUP = 0.7, 0.5, 0.25
#: esco_related weights.
RELATED_ESSENTIAL, RELATED_OPTIONAL, RELATED_VIA_NARROWER = 0.6, 0.5, 0.25
#: esco_occupation: minimum shared occupations, shrinkage, minimum weight.
OCC_MIN_SUPPORT, OCC_SHRINK, OCC_MIN_WEIGHT = 2, 3.0, 0.25
#: rome_metier: item rubriques used, minimum shared items, minimum cosine.
ROME_RUBRIQUES = frozenset({"savoir_faire", "savoir"})
ROME_MIN_SUPPORT, ROME_MIN_WEIGHT = 3, 0.1

SKILL_TYPE = "KnowledgeSkillCompetence"

Pair = tuple[str, str]


class BuildError(Exception):
    """An input is missing or malformed."""


@dataclass(frozen=True)
class Curated:
    id: str
    esco_uri: str
    rome_code: str


# --------------------------------------------------------------------------- reading


def read_rows(path: Path, columns: Sequence[str]) -> Iterator[dict[str, str]]:
    """Rows of a UTF-8 CSV (gzip when the name ends in ``.gz``) that has ``columns``."""
    if not path.is_file():
        raise BuildError(f"fichier introuvable : {path}")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, restval="")
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise BuildError(f"{path} : colonnes manquantes {sorted(missing)}")
        for row in reader:
            yield {c: (row[c] or "").strip() for c in columns}


def read_curated(path: Path) -> list[Curated]:
    rows = read_rows(path, ("id", "esco_uri", "rome_code"))
    return sorted((Curated(r["id"], r["esco_uri"], r["rome_code"]) for r in rows), key=_id)


def _id(skill: Curated) -> str:
    return skill.id


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- evidence


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def keep_max(evidence: dict[Pair, float], a: str, b: str, weight: float) -> None:
    """Record ``weight`` for the pair (a, b) unless a stronger one is already there."""
    if a == b:
        return
    key = pair(a, b)
    evidence[key] = max(evidence.get(key, 0.0), min(weight, MAX_WEIGHT))


def by_uri(curated: Iterable[Curated]) -> dict[str, list[str]]:
    """Curated ids per ESCO URI (several curated skills may share a concept)."""
    out: dict[str, list[str]] = defaultdict(list)
    for skill in curated:
        if skill.esco_uri:
            out[skill.esco_uri].append(skill.id)
    return dict(out)


def broader_maps(rows: Iterable[dict[str, str]]) -> tuple[dict[str, set], dict[str, set]]:
    """(broader concepts of each skill concept, narrower skill concepts of each concept)."""
    up: dict[str, set[str]] = defaultdict(set)
    down: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["conceptType"] != SKILL_TYPE:
            continue
        up[row["conceptUri"]].add(row["broaderUri"])
        down[row["broaderUri"]].add(row["conceptUri"])
    return dict(up), dict(down)


def esco_hierarchy(curated: Sequence[Curated], rows: Iterable[dict[str, str]]) -> dict[Pair, float]:
    """Direct broader links and shared parents (a skill or a skill group) in ESCO."""
    parents: dict[str, dict[str, str]] = defaultdict(dict)  # uri -> {parent: type}
    for row in rows:
        if row["conceptType"] == SKILL_TYPE:
            parents[row["conceptUri"]][row["broaderUri"]] = row["broaderType"]
    ids = by_uri(curated)
    evidence: dict[Pair, float] = {}
    children_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for uri in sorted(ids):
        for parent, kind in sorted(parents.get(uri, {}).items()):
            for skill_id in ids[uri]:
                children_of[parent].append((skill_id, kind))
                for parent_id in ids.get(parent, []):
                    keep_max(evidence, skill_id, parent_id, DIRECT_BROADER)
    for members in children_of.values():
        for (a, kind), (b, _) in itertools.combinations(members, 2):
            weight = SHARED_BROADER_SKILL if kind == SKILL_TYPE else SHARED_GROUP
            keep_max(evidence, a, b, weight)
    return evidence


def esco_related(
    curated: Sequence[Curated], rows: Iterable[dict[str, str]], narrower: Mapping[str, set]
) -> dict[Pair, float]:
    """ESCO skill–skill relations, directly or through one direct narrower concept."""
    ids = by_uri(curated)
    # Every concept that stands for a curated skill: (curated id, direct?).
    stands_for: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for uri in sorted(ids):
        for skill_id in ids[uri]:
            stands_for[uri].append((skill_id, True))
            for child in sorted(narrower.get(uri, ())):
                stands_for[child].append((skill_id, False))
    evidence: dict[Pair, float] = {}
    for row in rows:
        left = stands_for.get(row["originalSkillUri"], [])
        right = stands_for.get(row["relatedSkillUri"], [])
        direct_weight = (
            RELATED_ESSENTIAL if row["relationType"] == "essential" else RELATED_OPTIONAL
        )
        for (a, a_direct), (b, b_direct) in itertools.product(left, right):
            weight = direct_weight if a_direct and b_direct else RELATED_VIA_NARROWER
            keep_max(evidence, a, b, weight)
    return evidence


def esco_occupation(
    curated: Sequence[Curated], rows: Iterable[dict[str, str]], narrower: Mapping[str, set]
) -> dict[Pair, float]:
    """Shrunk cosine of the occupation sets of two curated skills (concept + narrower)."""
    occupations_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        occupations_of[row["skillUri"]].add(row["occupationUri"])
    sets: dict[str, set[str]] = {}
    for skill in curated:
        if not skill.esco_uri:
            continue
        concepts = {skill.esco_uri} | set(narrower.get(skill.esco_uri, ()))
        found = set().union(*(occupations_of.get(c, set()) for c in concepts))
        if found:
            sets[skill.id] = found
    evidence: dict[Pair, float] = {}
    for a, b in itertools.combinations(sorted(sets), 2):
        shared = len(sets[a] & sets[b])
        if shared < OCC_MIN_SUPPORT:
            continue
        weight = shared / (math.sqrt(len(sets[a]) * len(sets[b])) + OCC_SHRINK)
        if weight >= OCC_MIN_WEIGHT:
            keep_max(evidence, a, b, weight)
    return evidence


def rome_metier(curated: Sequence[Curated], rows: Iterable[dict[str, str]]) -> dict[Pair, float]:
    """Cosine of the item sets of the ROME métiers two curated skills stand for."""
    items_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["rubrique"] in ROME_RUBRIQUES:
            items_of[row["code_rome"]].add(row["code_ogr"])
    coded = [(s.id, s.rome_code) for s in curated if s.rome_code in items_of]
    evidence: dict[Pair, float] = {}
    for (a, code_a), (b, code_b) in itertools.combinations(coded, 2):
        items_a, items_b = items_of[code_a], items_of[code_b]
        shared = len(items_a & items_b)
        if shared < ROME_MIN_SUPPORT:
            continue
        weight = shared / math.sqrt(len(items_a) * len(items_b))
        if weight >= ROME_MIN_WEIGHT:
            keep_max(evidence, a, b, weight)
    return evidence


# --------------------------------------------------------------------------- output


def relation_rows(evidence: Mapping[str, Mapping[Pair, float]]) -> list[tuple[str, ...]]:
    """Sorted ``(skill_a, skill_b, source, weight)`` rows, weights with 4 decimals."""
    rows = [
        (a, b, source, f"{weight:.4f}")
        for source, pairs in evidence.items()
        for (a, b), weight in pairs.items()
    ]
    return sorted(rows)


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


PROVENANCE = """\
# Provenance of `matcher/data/skill_relations.csv`

Generated by `scripts/build_skill_relations.py` — do not edit by hand; run
`python scripts/build_skill_relations.py` again (see `docs/skills-graph.md`).

## File

`skill_relations.csv` — {n_rows} rows, `skill_a,skill_b,source,weight`: evidence that two
curated KPA skills (ids of `skills.csv`) are related, one row per pair and source, with
`skill_a < skill_b`, `weight` in [0, 1] (4 decimals, capped at {cap}), sorted.
{n_pairs} distinct pairs over {n_skills} curated skills.

Rows per source and method:

* `esco_hierarchy` — {n_esco_hierarchy} rows. ESCO broader relations: direct broader
  link {direct}, shared broader skill {shared_skill}, shared skill group {shared_group}.
* `esco_related` — {n_esco_related} rows. ESCO skill–skill relations: essential
  {essential}, optional {optional}, through a direct narrower concept {via}.
* `esco_occupation` — {n_esco_occupation} rows. Co-membership in ESCO occupations (the
  concept and its direct narrower concepts): `shared / (sqrt(n_a n_b) + {shrink})`, with
  shared ≥ {occ_support} and weight ≥ {occ_min}.
* `rome_metier` — {n_rome_metier} rows. For curated skills with a ROME métier
  (`rome_code`): cosine of the métiers' `savoir_faire` + `savoir` item sets, with shared
  items ≥ {rome_support} and cosine ≥ {rome_min}.

## What the project authored, and what it modified

The method, thresholds and weights are the KPA Matcher project's. The file ships **derived
data**: no ESCO or ROME label, URI, code or text is copied, only numeric weights computed
from ESCO and ROME relations, keyed by the project's curated skill ids. ESCO and ROME data
were therefore **modified** (aggregated into pairwise weights).

## Sources (exact)

* `matcher/data/skills.csv` (sha256 `{sha_curated}`) — curated skills, their `esco_uri`
  and `rome_code` (see `matcher/data/PROVENANCE.md`).
* `shared/data/esco/skill_broader_relations.csv.gz` (sha256 `{sha_broader}`),
  `shared/data/esco/skill_skill_relations.csv.gz` (sha256 `{sha_related}`) and
  `shared/data/esco/occupation_skill_relations_train.csv.gz` (sha256 `{sha_occupations}`):
  official ESCO **v1.1.1** language-neutral relations zip, repository
  `tabiya-tech/tabiya-esco-datasets-and-tools`, path
  `datasets/esco/v1.1.1/relations/ESCO dataset - v1.1.1 - classification -  - csv.zip`
  (md5 `7b580b5cbf9efde2f8a904cff14c71c0`), commit
  `1a8a32efb786c7f72052c893b144beb911fa7db1` (2024-03-19). The occupation–skill file is
  the *train* split (10 % of links and all links of 150 occupations are held out for
  evaluation and were not used).
* `shared/data/rome4/metier_competences.csv.gz` (sha256 `{sha_rome}`): the official
  "ROME 4.0 — toutes les données, CSV" export, **version v4.60**
  (`unix_*_v460_utf8.csv`), from repository `PSID-miage/guide-carriere`, folder `data/`,
  commit `44601dc41ffe217ffb668e5bc552975b83ec722e`.

## Licences and attribution

**ESCO.** This service uses the ESCO classification of the European Commission.
ESCO is published free of charge by the European Commission; reuse is authorised under
Commission Decision 2011/833/EU on the reuse of Commission documents (Commission content is
licensed under CC BY 4.0 since Decision C(2019)1655). The ESCO data used here was
modified (aggregated into pairwise weights, see above). Verify the current wording on
esco.ec.europa.eu before a public release.

**ROME.** Source : France Travail, ROME v4.60. ROME open data is published under the
Licence Ouverte / Open Licence v2.0 (Etalab), which allows free reuse, including
commercial, with attribution and date. The ROME data used here was modified (aggregated
into pairwise weights).

**Method and curated ids.** Authored by the KPA Matcher project and distributed with it
under the project's licence (AGPL-3.0-or-later).
"""


def provenance(rows: Sequence[tuple[str, ...]], n_skills: int, shas: Mapping[str, str]) -> bytes:
    per_source = Counter(row[2] for row in rows)
    text = PROVENANCE.format(
        n_rows=len(rows),
        n_pairs=len({row[:2] for row in rows}),
        n_skills=n_skills,
        cap=MAX_WEIGHT,
        direct=DIRECT_BROADER,
        shared_skill=SHARED_BROADER_SKILL,
        shared_group=SHARED_GROUP,
        essential=RELATED_ESSENTIAL,
        optional=RELATED_OPTIONAL,
        via=RELATED_VIA_NARROWER,
        shrink=OCC_SHRINK,
        occ_support=OCC_MIN_SUPPORT,
        occ_min=OCC_MIN_WEIGHT,
        rome_support=ROME_MIN_SUPPORT,
        rome_min=ROME_MIN_WEIGHT,
        **{f"n_{source}": per_source.get(source, 0) for source in SOURCES},
        **{f"sha_{name}": sha for name, sha in shas.items()},
    )
    return text.encode("utf-8")


# --------------------------------------------------------------------------- build


def build(shared: Path, curated_path: Path = CURATED) -> dict[str, bytes]:
    """The generated files, by name; raises :class:`BuildError` on a missing input."""
    paths = {
        "curated": curated_path,
        "broader": shared / ESCO_BROADER,
        "related": shared / ESCO_RELATED,
        "occupations": shared / ESCO_OCCUPATIONS,
        "rome": shared / ROME_ITEMS,
    }
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise BuildError(f"fichier(s) introuvable(s) : {', '.join(missing)}")
    curated = read_curated(curated_path)
    broader_cols = ("conceptType", "conceptUri", "broaderType", "broaderUri")
    broader_rows = list(read_rows(paths["broader"], broader_cols))
    _, narrower = broader_maps(broader_rows)
    related_cols = ("originalSkillUri", "relationType", "relatedSkillUri")
    evidence = {
        "esco_hierarchy": esco_hierarchy(curated, broader_rows),
        "esco_related": esco_related(curated, read_rows(paths["related"], related_cols), narrower),
        "esco_occupation": esco_occupation(
            curated, read_rows(paths["occupations"], ("occupationUri", "skillUri")), narrower
        ),
        "rome_metier": rome_metier(
            curated, read_rows(paths["rome"], ("code_rome", "code_ogr", "rubrique"))
        ),
    }
    rows = relation_rows(evidence)
    shas = {name: sha256(path) for name, path in paths.items()}
    return {
        RELATIONS_FILE: csv_bytes(rows),
        PROVENANCE_FILE: provenance(rows, len(curated), shas),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder holding data/esco and data/rome4 (default: %(default)s)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the files in --out differ from a fresh build",
    )
    args = parser.parse_args(argv)
    try:
        files = build(args.shared)
    except BuildError as error:
        print(f"build_skill_relations: {error}", file=sys.stderr)
        return 1

    return write_or_check('build_skill_relations', files, args.out, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
