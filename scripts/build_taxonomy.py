"""Build the packaged skill taxonomy (``matcher/data``) from the curated list and ESCO/ROME.

Usage::

    python scripts/build_taxonomy.py [--shared ../shared] [--out matcher/data] [--check]
                                     [--sources scripts/taxonomy]

Inputs, read by explicit path only:

* ``scripts/taxonomy/curated.csv`` and ``scripts/taxonomy/domains.csv`` — authored by the
  project (one row per skill KPA members sell, practise or teach; one row per domain);
* ``<shared>/data/esco/skills.csv.gz`` — ESCO v1.1.1 skills with French labels;
* ``<shared>/data/rome4/metiers.csv`` — ROME 4.0 (v4.60) métiers.

Everything is validated first (unique ASCII ids, parents that exist within the same domain
and form no cycle, kinds, domains and hazards from :mod:`matcher.vocabulary`, minimum ages,
every ESCO URI and ROME code real). Any problem is reported, all at once, and the script
exits with status 1 without writing anything.

Outputs (in ``--out``, by default ``matcher/data``):

* ``skills.csv`` — the curated taxonomy, synonyms enriched with the French ESCO labels of the
  linked concept, sorted by id;
* ``domains.csv`` — the domains, sorted by id;
* ``esco_skills_fr.csv.gz`` — the ESCO long tail: every ESCO skill with a French label, as
  ``esco:<uuid>`` ids;
* ``PROVENANCE.md`` — sources, modifications and licence notices.

The build is deterministic: sorted rows, ``\\n`` line endings, gzip with ``mtime=0`` and no
file name, so running it twice gives identical bytes. ``--check`` builds in memory and
exits with status 1 if the shipped files differ (what the unit test and CI rely on).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from matcher.vocabulary import (  # noqa: E402
    ADULT_AGE,
    HAZARDS,
    MIN_MEMBER_AGE,
    SKILL_KINDS,
)
from scripts.buildfiles import write_or_check  # noqa: E402  (needs the repo on sys.path first)

DEFAULT_SOURCES = REPO / "scripts" / "taxonomy"
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "matcher" / "data"
ESCO_SKILLS = Path("data") / "esco" / "skills.csv.gz"
ROME_METIERS = Path("data") / "rome4" / "metiers.csv"

SKILL_COLUMNS = (
    "id",
    "label_fr",
    "label_en",
    "synonyms_fr",
    "kind",
    "domain",
    "parent",
    "esco_uri",
    "rome_code",
    "hazards",
    "min_age",
)
DOMAIN_COLUMNS = ("id", "label_fr", "label_en")
ESCO_COLUMNS = ("id", "label_fr", "label_en", "synonyms_fr", "kind", "esco_uri")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ROME_CODE = re.compile(r"^[A-N][0-9]{4}$")
ESCO_PREFIX = "http://data.europa.eu/esco/skill/"
SEP = "|"


class BuildError(Exception):
    """The inputs are inconsistent; ``problems`` lists every one found."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(f"{len(problems)} problème(s) dans la taxonomie")
        self.problems = list(problems)


@dataclass(frozen=True)
class EscoSkill:
    uri: str
    label_fr: str
    label_en: str
    alt_fr: tuple[str, ...]
    kind: str

    @property
    def uuid(self) -> str:
        return self.uri.rsplit("/", 1)[1]


# --------------------------------------------------------------------------- reading


def read_csv(path: Path, columns: Sequence[str], *, exact: bool = True) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV whose header is ``columns`` (or contains them, if not ``exact``)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, restval="")
        header = tuple(reader.fieldnames or ())
        if header != tuple(columns) if exact else not set(columns) <= set(header):
            raise BuildError([f"{path} : colonnes {header}, attendu {tuple(columns)}"])
        rows = list(reader)
    ragged = [n for n, row in enumerate(rows, start=2) if None in row]
    if ragged:
        raise BuildError([f"{path} ligne {n} : trop de colonnes" for n in ragged])
    return rows


def clean(text: str) -> str:
    """Trim and collapse runs of whitespace (ESCO labels carry double spaces)."""
    return " ".join(text.split())


def split_list(value: str) -> list[str]:
    return [clean(item) for item in value.split(SEP) if clean(item)]


def dedupe_key(text: str) -> str:
    """Case-, apostrophe- and space-insensitive key, to merge ``l'`` and ``l’`` variants."""
    return clean(text).casefold().replace("’", "'")


def merge_synonyms(label: str, *groups: Iterable[str]) -> list[str]:
    """Synonyms in first-seen order, without the label and without duplicates."""
    seen = {dedupe_key(label)}
    merged: list[str] = []
    for group in groups:
        for item in group:
            key = dedupe_key(item)
            if key and key not in seen:
                seen.add(key)
                merged.append(clean(item))
    return merged


def read_esco(path: Path) -> dict[str, EscoSkill]:
    """ESCO skills by URI (all of them; ``label_fr`` may be empty)."""
    columns = ("conceptUri", "skillType", "preferredLabel_fr", "altLabels_fr", "preferredLabel_en")
    skills: dict[str, EscoSkill] = {}
    for row in read_csv(path, columns, exact=False):
        uri = row["conceptUri"].strip()
        skills[uri] = EscoSkill(
            uri=uri,
            label_fr=clean(row["preferredLabel_fr"]),
            label_en=clean(row["preferredLabel_en"]),
            alt_fr=tuple(split_list(row["altLabels_fr"])),
            kind="savoir" if row["skillType"].strip() == "knowledge" else "savoir_faire",
        )
    return skills


def read_rome_codes(path: Path) -> set[str]:
    rows = read_csv(path, ("code_rome", "libelle_rome"), exact=False)
    return {row["code_rome"].strip() for row in rows}


# --------------------------------------------------------------------------- validation


def validate_domains(rows: list[dict[str, str]]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):
        domain_id = row["id"]
        if not SLUG.match(domain_id):
            problems.append(f"domains.csv ligne {n} : id {domain_id!r} n'est pas un slug ASCII")
        if domain_id in seen:
            problems.append(f"domains.csv ligne {n} : id {domain_id!r} en double")
        seen.add(domain_id)
        if not row["label_fr"].strip() or not row["label_en"].strip():
            problems.append(f"domains.csv ligne {n} : libellé manquant pour {domain_id!r}")
    return problems


def validate_skills(
    rows: list[dict[str, str]],
    domain_ids: set[str],
    esco: dict[str, EscoSkill],
    rome_codes: set[str],
) -> list[str]:
    """Every problem of the curated list, with its line number, in file order."""
    problems: list[str] = []
    by_id: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows, start=2):
        where = f"curated.csv ligne {n} ({row['id'] or '?'})"
        skill_id = row["id"]
        if not SLUG.match(skill_id):
            problems.append(f"{where} : id non conforme (slug ASCII minuscule attendu)")
        if skill_id in by_id:
            problems.append(f"{where} : id en double")
        by_id.setdefault(skill_id, row)
        if not row["label_fr"].strip() or not row["label_en"].strip():
            problems.append(f"{where} : label_fr et label_en sont obligatoires")
        if row["kind"] not in SKILL_KINDS:
            problems.append(f"{where} : kind {row['kind']!r} inconnu ({', '.join(SKILL_KINDS)})")
        if row["domain"] not in domain_ids:
            problems.append(f"{where} : domaine {row['domain']!r} absent de domains.csv")
        synonyms = row["synonyms_fr"].split(SEP) if row["synonyms_fr"] else []
        keys = [dedupe_key(s) for s in synonyms]
        if any(not key for key in keys):
            problems.append(f"{where} : synonyme vide")
        if len(set(keys)) != len(keys) or dedupe_key(row["label_fr"]) in keys:
            problems.append(f"{where} : synonyme en double ou identique au libellé")
        hazards = row["hazards"].split(SEP) if row["hazards"] else []
        unknown = [h for h in hazards if h not in HAZARDS]
        if unknown or len(set(hazards)) != len(hazards):
            problems.append(f"{where} : dangers invalides {hazards} ({', '.join(HAZARDS)})")
        try:
            min_age = int(row["min_age"])
        except ValueError:
            problems.append(f"{where} : min_age {row['min_age']!r} n'est pas un entier")
        else:
            if not MIN_MEMBER_AGE <= min_age <= ADULT_AGE:
                problems.append(f"{where} : min_age hors de [{MIN_MEMBER_AGE}, {ADULT_AGE}]")
            if hazards and min_age < ADULT_AGE:
                problems.append(f"{where} : compétence dangereuse, min_age doit être {ADULT_AGE}")
        uri = row["esco_uri"]
        if uri:
            if uri not in esco:
                problems.append(f"{where} : esco_uri {uri} absente des compétences ESCO")
            elif not esco[uri].label_fr:
                problems.append(f"{where} : esco_uri {uri} sans libellé français")
        code = row["rome_code"]
        if code and (not ROME_CODE.match(code) or code not in rome_codes):
            problems.append(f"{where} : code ROME {code!r} absent de metiers.csv")
    problems.extend(validate_hierarchy(by_id))
    used = {row["domain"] for row in rows}
    for domain_id in sorted(domain_ids - used):
        problems.append(f"domains.csv : domaine {domain_id!r} sans compétence")
    return problems


def validate_hierarchy(by_id: dict[str, dict[str, str]]) -> list[str]:
    """Parents exist, stay in the child's domain, form no cycle and nest two levels at most."""
    problems: list[str] = []
    for skill_id, row in by_id.items():
        parent = row["parent"]
        if not parent:
            continue
        if parent not in by_id:
            problems.append(f"{skill_id} : parent {parent!r} inconnu")
            continue
        if by_id[parent]["domain"] != row["domain"]:
            problems.append(f"{skill_id} : parent {parent!r} dans un autre domaine")
        chain = [skill_id]
        current = parent
        while current and current in by_id:
            if current in chain:
                if current == skill_id:  # descendants of a cycle are not reported again
                    cycle = " → ".join([*chain, current])
                    problems.append(f"{skill_id} : cycle de parents {cycle}")
                break
            chain.append(current)
            current = by_id[current]["parent"]
        else:
            if len(chain) > 2:
                problems.append(f"{skill_id} : hiérarchie de plus de 2 niveaux ({chain})")
    return problems


# --------------------------------------------------------------------------- writing


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Reproducible gzip: no file name, mtime 0, fixed level."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return buffer.getvalue()


def skills_rows(rows: list[dict[str, str]], esco: dict[str, EscoSkill]) -> list[list[str]]:
    out: list[list[str]] = []
    for row in sorted(rows, key=lambda r: r["id"]):
        linked = esco.get(row["esco_uri"]) if row["esco_uri"] else None
        esco_labels = [linked.label_fr, *linked.alt_fr] if linked else []
        synonyms = merge_synonyms(row["label_fr"], split_list(row["synonyms_fr"]), esco_labels)
        values = {**row, "synonyms_fr": SEP.join(synonyms)}
        out.append([clean(values[c]) for c in SKILL_COLUMNS])
    return out


def esco_rows(esco: dict[str, EscoSkill]) -> list[list[str]]:
    rows = [
        [
            f"esco:{skill.uuid}",
            skill.label_fr,
            skill.label_en,
            SEP.join(merge_synonyms(skill.label_fr, skill.alt_fr)),
            skill.kind,
            skill.uri,
        ]
        for skill in esco.values()
        if skill.label_fr and skill.uri.startswith(ESCO_PREFIX)
    ]
    return sorted(rows, key=lambda r: r[0])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


PROVENANCE = """\
# Provenance of `matcher/data`

Generated by `scripts/build_taxonomy.py` — do not edit by hand; edit
`scripts/taxonomy/curated.csv` or `scripts/taxonomy/domains.csv` and run
`python scripts/build_taxonomy.py` again (see `docs/taxonomy.md`).

## Files

* `skills.csv` — {n_skills} rows: the curated KPA taxonomy, the skills members sell,
  practise and teach, in {n_domains} domains. Columns `id, label_fr, label_en, synonyms_fr,
  kind, domain, parent, esco_uri, rome_code, hazards, min_age`. {n_esco_linked} skills
  ({pct_esco}) link an ESCO skill URI, {n_rome} ({pct_rome}) a ROME 4.0 métier code.
* `domains.csv` — {n_domains} rows: domain ids and labels (`id, label_fr, label_en`).
* `esco_skills_fr.csv.gz` — {n_long_tail} rows: the ESCO long tail, every ESCO skill that
  has a French label, with id `esco:<uuid>` (the last segment of its URI). Columns `id,
  label_fr, label_en, synonyms_fr, kind, esco_uri`; `kind` is `savoir` for ESCO
  `knowledge`, else `savoir_faire`.
* `PROVENANCE.md` — this file.

## What the project authored, and what it modified

* The curated list (ids, French and English labels, informal French synonyms, kinds,
  domains, the two-level hierarchy, hazards, minimum ages, and the choice of ESCO URI and
  ROME code for each skill) was written by the KPA Matcher project
  (`scripts/taxonomy/curated.csv`, `scripts/taxonomy/domains.csv`).
* The `synonyms_fr` of `skills.csv` are the curated synonyms **merged** with the French
  preferred and alternative labels of the linked ESCO concept (deduplicated,
  case-insensitively).
* ESCO data was **modified**: trimmed to the skills with a French label and to the columns
  above, labels merged from several French sources (see below), whitespace normalised,
  synonyms deduplicated, rows re-keyed as `esco:<uuid>`. No ESCO occupation–skill relation
  is shipped here.
* ROME data is only referenced (the `rome_code` of a curated skill, checked against the
  official list); no ROME label or text is shipped.

## Sources (exact)

### ESCO — European Skills, Competences, Qualifications and Occupations

Input: `shared/data/esco/skills.csv.gz` (sha256 `{sha_esco}`),
re-packaged (joined, trimmed) from:

* **A** — official ESCO **v1.1.1** English classification CSV zip: repository
  `tabiya-tech/tabiya-esco-datasets-and-tools`, path
  `datasets/esco/v1.1.1/classification/ESCO dataset - v1.1.1 - classification - en - csv.zip`
  (md5 `bb2f89a9efae25d2216748c86d1cb413`, identical to the official EC download), commit
  `1a8a32efb786c7f72052c893b144beb911fa7db1` (2024-03-19).
* **B** — official ESCO **v1.1.1** language-neutral relations zip: same repository, path
  `datasets/esco/v1.1.1/relations/ESCO dataset - v1.1.1 - classification -  - csv.zip`
  (md5 `7b580b5cbf9efde2f8a904cff14c71c0`), same commit.
* **C** — French labels (preferred + alternative) from the live ESCO API (~v1.2.1),
  fetched by a third party: repository `lryjules/Mockly`, path `data/esco/skills_fr.csv`
  (labels from `ec.europa.eu/esco/api/resource/skill?language=fr`, licence stated
  CC BY 4.0), commit `ff7cd8388d4bf6226111a75a479307978dcd2e9d`.
* **D** — official ESCO **v1.0.x** French CSV export: repository `emanuellandell/public`,
  path `skills_fr.csv`, commit `d2764d58d0a3a5ec5a0f5145fc6c2a72c6923d8e` (2020-10-19).

Backbone: the ESCO v1.1.1 concept URIs (A/B). French preferred label from C when present,
else from D; French alternative labels are the union of C's and D's alternative labels
plus D's preferred label when it differs.

### ROME 4.0 — Répertoire Opérationnel des Métiers et des Emplois, France Travail

Input: `shared/data/rome4/metiers.csv` (sha256 `{sha_rome}`): the official "ROME 4.0 —
toutes les données, CSV" export, **version v4.60** (`unix_*_v460_utf8.csv`), from
repository `PSID-miage/guide-carriere`, folder `data/`, commit
`44601dc41ffe217ffb668e5bc552975b83ec722e`.

## Licences and attribution

**ESCO.** This service uses the ESCO classification of the European Commission.
ESCO is published free of charge by the European Commission; reuse is authorised under
Commission Decision 2011/833/EU on the reuse of Commission documents (Commission content is
licensed under CC BY 4.0 since Decision C(2019)1655). The ESCO data in this folder was
modified (trimmed and merged, see above). Verify the current wording on
esco.ec.europa.eu before a public release.

**ROME.** Source : France Travail, ROME v4.60. ROME open data is published under the
Licence Ouverte / Open Licence v2.0 (Etalab), which allows free reuse, including
commercial, with attribution and date.

**Curated list.** Authored by the KPA Matcher project and distributed with it under the
project's licence (AGPL-3.0-or-later).
"""


def provenance(
    n_skills: int,
    n_domains: int,
    n_esco_linked: int,
    n_rome: int,
    n_long_tail: int,
    sha_esco: str,
    sha_rome: str,
) -> bytes:
    text = PROVENANCE.format(
        n_skills=n_skills,
        n_domains=n_domains,
        n_esco_linked=n_esco_linked,
        n_rome=n_rome,
        pct_esco=f"{100 * n_esco_linked / n_skills:.0f} %",
        pct_rome=f"{100 * n_rome / n_skills:.0f} %",
        n_long_tail=n_long_tail,
        sha_esco=sha_esco,
        sha_rome=sha_rome,
    )
    return text.encode("utf-8")


# --------------------------------------------------------------------------- build


def build(shared: Path, sources: Path = DEFAULT_SOURCES) -> dict[str, bytes]:
    """The generated files, by name; raises :class:`BuildError` on any inconsistency."""
    curated, domains_path = sources / "curated.csv", sources / "domains.csv"
    esco_path, rome_path = shared / ESCO_SKILLS, shared / ROME_METIERS
    inputs = (curated, domains_path, esco_path, rome_path)
    missing = [p for p in inputs if not p.is_file()]
    if missing:
        raise BuildError([f"fichier introuvable : {p}" for p in missing])
    domains = read_csv(domains_path, DOMAIN_COLUMNS)
    skills = read_csv(curated, SKILL_COLUMNS)
    esco = read_esco(esco_path)
    rome_codes = read_rome_codes(rome_path)
    domain_ids = {row["id"] for row in domains}
    problems = validate_domains(domains) + validate_skills(skills, domain_ids, esco, rome_codes)
    if problems:
        raise BuildError(problems)

    long_tail = esco_rows(esco)
    domain_rows = sorted(([row[c] for c in DOMAIN_COLUMNS] for row in domains), key=lambda r: r[0])
    return {
        "skills.csv": csv_bytes(SKILL_COLUMNS, skills_rows(skills, esco)),
        "domains.csv": csv_bytes(DOMAIN_COLUMNS, domain_rows),
        "esco_skills_fr.csv.gz": gzip_bytes(csv_bytes(ESCO_COLUMNS, long_tail)),
        "PROVENANCE.md": provenance(
            n_skills=len(skills),
            n_domains=len(domains),
            n_esco_linked=sum(1 for row in skills if row["esco_uri"]),
            n_rome=sum(1 for row in skills if row["rome_code"]),
            n_long_tail=len(long_tail),
            sha_esco=sha256(esco_path),
            sha_rome=sha256(rome_path),
        ),
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
        "--sources",
        type=Path,
        default=DEFAULT_SOURCES,
        help="folder holding curated.csv and domains.csv (default: %(default)s)",
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
        files = build(args.shared, args.sources)
    except BuildError as error:
        print(f"build_taxonomy: {error}", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1

    return write_or_check('build_taxonomy', files, args.out, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
