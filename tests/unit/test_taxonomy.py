"""The packaged taxonomy: size, ids, hierarchy, safety ages, ESCO long tail, provenance.

The last tests rebuild it from ``../shared/data`` with ``scripts/build_taxonomy.py`` and
check the shipped files are identical (skipped, with the reason, when that folder is absent).
"""

from __future__ import annotations

import csv
import gzip
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from matcher import vocabulary
from matcher.taxonomy import load_taxonomy

REPO = Path(__file__).parents[2]
SCRIPT = REPO / "scripts" / "build_taxonomy.py"
SHARED = REPO.parent / "shared"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ESCO_ID = re.compile(r"^esco:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: "gérer le personnel musical": any real ESCO skill with a French label will do.
REAL_ESCO_ID = "esco:0005c151-5b5a-4a66-8aac-60e734beb1ab"

#: Ids other code and the demo data rely on.
# fmt: off
REQUIRED_IDS = (
    "cuisine", "cuisine-du-monde", "hygiene-alimentaire", "patisserie", "service-en-salle",
    "accueil", "traiteur-buffet", "couture", "couture-machine", "retouches", "tricot", "crochet",
    "broderie", "coiffure", "tresses", "maquillage", "menuiserie", "poncage", "bricolage",
    "peinture-batiment", "soudure", "mecanique-velo", "mecanique-auto", "jardinage",
    "entretien-espaces-verts", "taille-haie-thermique", "nettoyage", "lavage-vehicules",
    "manutention", "demenagement", "garde-enfants", "garde-enfants-moins-3-ans",
    "animation-enfants", "graphisme", "dessin", "photographie", "video", "montage-video",
    "musique", "son", "dj", "assistance-numerique", "bureautique", "classement-archivage",
    "impression-3d", "decoupe-vinyle", "animation-atelier", "pedagogie", "soutien-scolaire",
    "anglais", "arabe", "traduction", "vente", "tenue-de-caisse", "relation-client", "devis",
    "comptabilite-simple", "communication", "reseaux-sociaux", "distribution-flyers", "logistique",
    "inventaire", "mise-en-rayon", "organisation", "travail-en-equipe", "ponctualite", "patience",
    "rigueur", "confidentialite", "conception", "elagage",
)
# fmt: on


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def test_size_and_domains(taxonomy):
    assert 200 <= len(taxonomy.curated()) <= 400
    assert len(taxonomy.domains()) >= 20
    used = {skill.domain for skill in taxonomy.curated()}
    assert used == set(taxonomy.domains()), "every domain has skills, every skill a domain"


def test_required_ids_are_present(taxonomy):
    missing = [skill_id for skill_id in REQUIRED_IDS if skill_id not in taxonomy]
    assert missing == []


def test_demo_skill_ids_are_in_the_taxonomy(taxonomy):
    from matcher.demo.texts import SKILL_LABELS_FR

    assert [skill_id for skill_id in SKILL_LABELS_FR if skill_id not in taxonomy] == []


def test_ids_are_unique_ascii_slugs(taxonomy):
    ids = [skill.id for skill in taxonomy.curated()]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not SLUG.match(i)] == []
    assert all(SLUG.match(domain_id) for domain_id in taxonomy.domains())


def test_kinds_and_hazards_come_from_the_vocabulary(taxonomy):
    for skill in taxonomy.curated():
        assert skill.kind in vocabulary.SKILL_KINDS, skill.id
        assert set(skill.hazards) <= set(vocabulary.HAZARDS), skill.id


def test_french_labels_are_real_french(taxonomy):
    assert taxonomy.label_fr("hygiene-alimentaire") == "Hygiène alimentaire"
    assert taxonomy.label_fr("patisserie") == "Pâtisserie"
    assert taxonomy.get("couture").synonyms_fr[:2] == ["coudre", "je couds"]
    for skill in taxonomy.curated():
        assert skill.label_fr.strip() and skill.label_en.strip(), skill.id
        assert skill.label_fr.casefold() not in {s.casefold() for s in skill.synonyms_fr}


def test_parents_resolve_within_the_domain_and_are_acyclic(taxonomy):
    for skill in taxonomy.curated():
        seen = [skill.id]
        current = skill.parent
        while current is not None:
            assert current not in seen, f"cycle {[*seen, current]}"
            parent = taxonomy.get(current)
            assert parent.domain == skill.domain, skill.id
            seen.append(current)
            current = parent.parent
        assert len(seen) <= 2, f"more than two levels: {seen}"


def test_children_are_the_inverse_of_parent(taxonomy):
    assert {s.id for s in taxonomy.children("coiffure")} >= {"tresses", "coloration"}
    assert "couture-machine" in {s.id for s in taxonomy.children("couture")}
    assert taxonomy.children("tresses") == []
    for skill in taxonomy.curated():
        if skill.parent:
            assert skill in taxonomy.children(skill.parent)


def test_hazardous_skills_are_for_adults_only(taxonomy):
    for skill in taxonomy.curated():
        expected = vocabulary.ADULT_AGE if skill.hazards else vocabulary.MIN_MEMBER_AGE
        assert skill.min_age == expected, skill.id
    assert taxonomy.get("taille-haie-thermique").hazards == ["machine"]
    assert set(taxonomy.get("soudure").hazards) == {"heat", "machine"}
    assert set(taxonomy.get("elagage").hazards) == {"height", "machine"}
    assert taxonomy.get("tresses").hazards == []


def test_under_three_childcare_exists_beside_ordinary_childcare(taxonomy):
    under_three = taxonomy.get("garde-enfants-moins-3-ans")
    assert under_three.parent == "garde-enfants"
    assert "agrément" in under_three.label_fr


def test_esco_long_tail(taxonomy):
    long_tail = taxonomy.esco_skills()
    assert len(long_tail) > 10_000
    assert all(ESCO_ID.match(skill.id) for skill in long_tail)
    assert all(skill.label_fr and skill.esco_uri.endswith(skill.id[5:]) for skill in long_tail)
    assert {skill.kind for skill in long_tail} == {"savoir", "savoir_faire"}
    assert REAL_ESCO_ID in taxonomy
    assert taxonomy.label_fr(REAL_ESCO_ID) == "gérer le personnel musical"
    assert taxonomy.children(REAL_ESCO_ID) == []


def test_unknown_ids_are_refused(taxonomy):
    for unknown in ("pas-une-competence", "esco:00000000-0000-0000-0000-000000000000", ""):
        assert unknown not in taxonomy
        with pytest.raises(KeyError, match="Compétence inconnue"):
            taxonomy.get(unknown)
    assert 42 not in taxonomy


def test_curated_esco_links_are_in_the_long_tail(taxonomy):
    long_tail = {skill.esco_uri for skill in taxonomy.esco_skills()}
    linked = [skill for skill in taxonomy.curated() if skill.esco_uri]
    assert [s.id for s in linked if s.esco_uri not in long_tail] == []
    assert len(linked) >= 0.6 * len(taxonomy.curated())


def test_rome_codes_look_like_rome_codes(taxonomy):
    codes = [skill.rome_code for skill in taxonomy.curated() if skill.rome_code]
    assert codes and all(re.match(r"^[A-N]\d{4}$", code) for code in codes)


def test_provenance_carries_both_attributions():
    text = resources.files("matcher").joinpath("data", "PROVENANCE.md").read_text("utf-8")
    assert "This service uses the ESCO classification of the European Commission." in text
    assert "Source : France Travail, ROME v4.60" in text
    assert "Licence Ouverte / Open Licence v2.0 (Etalab)" in text
    assert "2011/833/EU" in text


def test_shipped_skills_csv_has_the_curated_columns():
    data = resources.files("matcher").joinpath("data", "skills.csv").read_bytes()
    assert b"\r" not in data
    header = next(csv.reader([data.decode("utf-8").split("\n", 1)[0]]))
    curated = (REPO / "scripts" / "taxonomy" / "curated.csv").read_text("utf-8")
    assert header == next(csv.reader([curated.split("\n", 1)[0]]))


def _shared_or_skip() -> Path:
    if not (SHARED / "data").is_dir():
        reason = f"{SHARED / 'data'} absent: cannot rebuild the taxonomy from ESCO/ROME"
        print(reason)
        pytest.skip(reason)
    return SHARED


def _build(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "--shared", str(_shared_or_skip()), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_shipped_files_are_up_to_date_with_the_script(tmp_path):
    result = _build("--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    shipped = REPO / "matcher" / "data"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["PROVENANCE.md", "domains.csv", "esco_skills_fr.csv.gz", "skills.csv"]
    stale = [n for n in names if (tmp_path / n).read_bytes() != (shipped / n).read_bytes()]
    assert stale == [], "run: python scripts/build_taxonomy.py"
    gz = (tmp_path / "esco_skills_fr.csv.gz").read_bytes()
    assert gz[4:8] == b"\0\0\0\0", "gzip mtime must be 0 for reproducible bytes"
    assert gzip.decompress(gz).startswith(b"id,label_fr,label_en,synonyms_fr,kind,esco_uri\n")


def test_the_script_refuses_an_inconsistent_curated_list(tmp_path):
    sources = tmp_path / "taxonomy"
    sources.mkdir()
    for name in ("curated.csv", "domains.csv"):
        text = (REPO / "scripts" / "taxonomy" / name).read_text("utf-8")
        (sources / name).write_text(text, "utf-8")
    with (sources / "curated.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["rome_code"] = "Z9999"  # no such ROME métier
    rows[1]["kind"] = "talent"  # not a skill kind
    rows[2]["parent"] = rows[2]["id"]  # its own parent
    with (sources / "curated.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    result = _build("--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Z9999" in result.stderr and "talent" in result.stderr
    assert "cycle" in result.stderr
    assert not (tmp_path / "out").exists()
