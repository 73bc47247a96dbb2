"""Importing members and requests: every fault names its row and column, and saves nothing."""

from __future__ import annotations

import csv
import re
import tempfile
from datetime import date, time
from pathlib import Path

import openpyxl
import pytest
from factories import (
    TODAY,
    known_skill,
    make_collective,
    make_dataset,
    make_member,
    make_private,
    make_request,
    make_session,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.domain import (
    Availability,
    Dataset,
    LearningWish,
    Member,
    MemberPrivate,
    MemberSkill,
    Passion,
    RequestSession,
    RequiredSkill,
    ServiceRequest,
    Unavailability,
)
from matcher.ingest import (
    ImportResult,
    RowError,
    import_file,
    parse_members,
    parse_requests,
    parse_time,
)
from matcher.tabular import parse_csv_text

GOOD_MEMBER = {
    "collectif": "kpa-roubaix",
    "nom affiché": "Inès B.",
    "nom": "Inès Benali",
    "date de naissance": "14/05/2009",
    "contact": "+33 6 12 34 56 78",
    "statut": "cape",
    "début contrat": "01/09/2026",
    "fin contrat": "31/08/2027",
    "quartier": "Épeule",
    "mobilité": "bike",
    "trajet max (min)": "45",
    "langues": "fr|ar",
    "heures min": "4",
    "heures max": "12,5",
    "aménagements": "quiet_place",
    "date d'entrée": "15/09/2026",
    "autorisation parentale": "10/09/2026",
    "réf. autorisation": "AP-2026-07",
    "compétences": "cuisine:3|couture:2",
    "souhaits": "patisserie|video:2",
    "passions": "rap|football",
    "disponibilités": "sam 08:00-18:00|mer 14h-18h",
    "absences": "19/12/2026|24/12/2026 14:00-18:00",
}

GOOD_REQUEST = {
    "collectif": "KPA Roubaix Centre",
    "client": "Centre social Alma",
    "titre": "Buffet d'inauguration",
    "description": "50 personnes",
    "quartier": "Alma",
    "séances": "12/12/2026 09:00-15:00|13/12/2026 09:00-12:00",
    "compétences requises": "cuisine:3x2|service-en-salle:1?|menuiserie:2[machine,height]",
    "équipe": "3-4",
    "places apprenant": "1",
    "dangers": "machine",
    "agrément requis": "garde_moins_3_ans",
    "domicile privé": "oui",
    "heures-personne": "30",
    "statut": "open",
    "créée le": "2026-11-28",
}


def existing() -> Dataset:
    """A collective with one member, Sam Dupont (m-5)."""
    return make_dataset(
        members=[make_member(id="m-5", display_name="Sam")],
        member_private=[
            make_private(member_id="m-5", legal_name="Sam Dupont", birth_date=date(2000, 1, 2))
        ],
        requests=[make_request(id="r-3")],
    )


def write_csv_rows(path: Path, rows: list[dict[str, str]], delimiter=";", encoding="utf-8"):
    header = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, header, delimiter=delimiter, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_members(tmp_path, rows, *, base=existing, **csv_options) -> ImportResult:
    path = write_csv_rows(tmp_path / "membres.csv", rows, **csv_options)
    return import_file(path, "members", existing=base(), known_skill=known_skill, today=TODAY)


def import_requests(tmp_path, rows, *, base=existing) -> ImportResult:
    path = write_csv_rows(tmp_path / "demandes.csv", rows)
    return import_file(path, "requests", existing=base(), known_skill=known_skill, today=TODAY)


def located(result: ImportResult) -> list[tuple[int | None, str | None]]:
    return [(error.line, error.column) for error in result.errors]


# --- Good files ---------------------------------------------------------------------------

EXPECTED_MEMBER = Member(
    id="m-6",
    collective_id="kpa-roubaix",
    display_name="Inès B.",
    status="cape",
    contract_start=date(2026, 9, 1),
    contract_end=date(2027, 8, 31),
    home_zone="Épeule",
    mobility="bike",
    max_travel_minutes=45,
    languages=["fr", "ar"],
    desired_hours_min=4.0,
    desired_hours_max=12.5,
    accommodations=["quiet_place"],
    visibility="private",
    joined_on=date(2026, 9, 15),
)


def assert_good_member_import(result: ImportResult) -> None:
    assert result.ok, result.report()
    assert result.rows_read == 1
    data = result.dataset
    assert data.members == [EXPECTED_MEMBER]
    assert data.member_private == [
        MemberPrivate(
            "m-6",
            "Inès Benali",
            date(2009, 5, 14),
            "+33 6 12 34 56 78",
            parental_authorisation_date=date(2026, 9, 10),
            parental_authorisation_ref="AP-2026-07",
        )
    ]
    assert data.member_skills == [
        MemberSkill("m-6", "cuisine", 3),
        MemberSkill("m-6", "couture", 2),
    ]
    assert data.learning_wishes == [
        LearningWish("m-6", "patisserie"),
        LearningWish("m-6", "video", 2),
    ]
    assert data.passions == [Passion("m-6", "rap"), Passion("m-6", "football")]
    assert data.availabilities == [
        Availability("m-6", "sat", time(8), time(18)),
        Availability("m-6", "wed", time(14), time(18)),
    ]
    assert data.unavailabilities == [
        Unavailability("m-6", date(2026, 12, 19)),
        Unavailability("m-6", date(2026, 12, 24), time(14), time(18)),
    ]
    assert data.requests == [] and data.collectives == []


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8"), (",", "utf-8"), (";", "utf-8-sig"), (";", "cp1252"), (",", "cp1252")],
)
def test_good_members_csv_parses_in_every_encoding_and_delimiter(tmp_path, delimiter, encoding):
    result = import_members(tmp_path, [GOOD_MEMBER], delimiter=delimiter, encoding=encoding)
    assert_good_member_import(result)


def test_good_members_xlsx_parses_with_real_date_cells(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(GOOD_MEMBER))
    values = dict(GOOD_MEMBER, **{"date de naissance": date(2009, 5, 14), "trajet max (min)": 45.0})
    sheet.append(list(values.values()))
    workbook.create_sheet("notes").append(["ignorée"])
    path = tmp_path / "membres.xlsx"
    workbook.save(path)
    result = import_file(path, "members", existing=existing(), known_skill=known_skill, today=TODAY)
    assert_good_member_import(result)


def test_headers_match_without_case_accents_spaces_and_by_english_alias(tmp_path):
    row = {
        "COLLECTIF": "kpa-roubaix",
        "Nom_Affiche": "Zoé",
        "legal_name": "Zoé Martin",
        "Date de Naissance": "2004-02-29",
        "trajet max": "20",
        "# remarques": "n'importe quoi = ignoré",
    }
    row["trajet max (min)"] = row.pop("trajet max")
    result = import_members(tmp_path, [row])
    assert result.ok, result.report()
    assert result.dataset.members[0].max_travel_minutes == 20


def test_defaults_and_visibility_follow_age_on_import_date(tmp_path):
    minor = {
        "collectif": "kpa-roubaix",
        "nom affiché": "A",
        "nom": "A A",
        "date de naissance": "29/11/2008",
    }
    adult = dict(minor, **{"nom": "B B", "date de naissance": "28/11/2008"})
    chosen = dict(minor, **{"nom": "C C", "visibilité": "Visible"})
    result = import_members(tmp_path, [minor, adult, chosen])
    assert result.ok, result.report()
    assert [m.visibility for m in result.dataset.members] == ["private", "public", "public"]
    first = result.dataset.members[0]
    assert (first.status, first.mobility, first.max_travel_minutes, first.languages) == (
        "volunteer",
        "walk",
        30,
        ["fr"],
    )


def test_generated_ids_follow_the_highest_existing_and_explicit_number(tmp_path):
    rows = [
        dict(GOOD_MEMBER, nom="A"),
        dict(GOOD_MEMBER, nom="B", identifiant="m-20"),
        dict(GOOD_MEMBER, nom="C"),
    ]
    result = import_members(tmp_path, rows)
    assert [m.id for m in result.dataset.members] == ["m-21", "m-20", "m-22"]
    again = import_members(tmp_path, rows)
    assert again.dataset == result.dataset


def test_good_requests_file_parses_to_requests_sessions_and_needs(tmp_path):
    other = GOOD_REQUEST | {"identifiant": "r-10", "équipe": "", "titre": "Buffet de clôture"}
    result = import_requests(tmp_path, [GOOD_REQUEST, other])
    assert result.ok, result.report()
    assert result.dataset.requests[0] == ServiceRequest(
        id="r-11",
        collective_id="kpa-roubaix",
        client="Centre social Alma",
        title="Buffet d'inauguration",
        description="50 personnes",
        zone="Alma",
        estimated_person_hours=30.0,
        team_size_min=3,
        team_size_max=4,
        learning_slots=1,
        hazards=["machine"],
        licence_required="garde_moins_3_ans",
        private_home=True,
        status="open",
        created_on=date(2026, 11, 28),
    )
    assert result.dataset.request_sessions[:2] == [
        RequestSession("r-11", date(2026, 12, 12), time(9), time(15)),
        RequestSession("r-11", date(2026, 12, 13), time(9), time(12)),
    ]
    assert result.dataset.required_skills[:3] == [
        RequiredSkill("r-11", "cuisine", 3, 2),
        RequiredSkill("r-11", "service-en-salle", 1, 1, optional=True),
        RequiredSkill("r-11", "menuiserie", 2, 1, hazards=["machine", "height"]),
    ]
    second = result.dataset.requests[1]
    assert (second.id, second.team_size_min, second.team_size_max) == ("r-10", 1, 2)


# --- Faults: one bad cell → one error on that row and column, and no data ----------------

MEMBER_FAULTS = [
    ({"date de naissance": "31/02/2009"}, "date de naissance", "31/02/2009 n'est pas une date"),
    ({"date de naissance": "2009-13-01"}, "date de naissance", "n'est pas une date"),
    ({"date de naissance": "14.05.2009"}, "date de naissance", "JJ/MM/AAAA"),
    ({"date de naissance": ""}, "date de naissance", "valeur obligatoire manquante"),
    (
        {"date de naissance": "12/03/2012"},
        "date de naissance",
        "a 14 ans le 28/11/2026 : il faut avoir au moins 16 ans",
    ),
    ({"date de naissance": "29/11/2010"}, "date de naissance", "a 15 ans"),
    ({"date de naissance": "01/01/2027"}, "date de naissance", "dans le futur"),
    ({"collectif": "kpa-nulle-part"}, "collectif", "collectif inconnu « kpa-nulle-part »"),
    ({"collectif": ""}, "collectif", "valeur obligatoire manquante"),
    ({"nom affiché": ""}, "nom affiché", "valeur obligatoire manquante"),
    ({"nom": "   "}, "nom", "valeur obligatoire manquante"),
    ({"compétences": "cusine:2"}, "compétences", "compétence inconnue « cusine »"),
    ({"compétences": "cuisine:7"}, "compétences", "niveau 7 de « cuisine » hors de 0 à 4"),
    ({"compétences": "cuisine:2.5"}, "compétences", "un entier de 0 à 4 est attendu"),
    ({"compétences": "cuisine:-1"}, "compétences", "un entier de 0 à 4 est attendu"),
    ({"compétences": "cuisine"}, "compétences", "niveau manquant"),
    ({"compétences": "cuisine:1|cuisine:2"}, "compétences", "en double"),
    ({"souhaits": "astrophysique"}, "souhaits", "compétence inconnue"),
    ({"souhaits": "video:9"}, "souhaits", "priorité « 9 » de « video » : un entier de 1 à 5"),
    ({"souhaits": "video:0"}, "souhaits", "un entier de 1 à 5"),
    ({"disponibilités": "sam 9:-12:00"}, "disponibilités", "9: n'est pas une heure"),
    ({"disponibilités": "sam 9h30:15-12h"}, "disponibilités", "9h30:15 n'est pas une heure"),
    ({"nom": "Inès\x07Benali"}, "nom", "caractère de contrôle interdit (U+0007)"),
    ({"quartier": "Alma\x1b[31m"}, "quartier", "caractère de contrôle interdit (U+001B)"),
    ({"date de naissance": "01/06/2025"}, "date de naissance", "a 1 an le 28/11/2026"),
    ({"statut": "stagiaire"}, "statut", "n'est pas un statut connu ("),
    ({"visibilité": "secret"}, "visibilité", "n'est pas une visibilité connue"),
    ({"mobilité": "jetpack"}, "mobilité", "n'est pas une mobilité connue"),
    ({"aménagements": "fauteuil"}, "aménagements", "n'est pas un aménagement"),
    ({"langues": "français"}, "langues", "code de langue"),
    ({"disponibilités": "sab 08:00-12:00"}, "disponibilités", "n'est pas un jour"),
    ({"disponibilités": "sam 18:00-08:00"}, "disponibilités", "la fin doit être après le début"),
    ({"disponibilités": "sam 10:00-10:00"}, "disponibilités", "la fin doit être après le début"),
    ({"disponibilités": "sam 25:00-26:00"}, "disponibilités", "n'est pas une heure"),
    ({"disponibilités": "samedi"}, "disponibilités", "créneau « samedi » incomplet ("),
    ({"absences": "24/12/2026 14:00-13:00"}, "absences", "la fin doit être après le début"),
    ({"absences": "30/02/2026"}, "absences", "n'est pas une date"),
    ({"trajet max (min)": "loin"}, "trajet max (min)", "n'est pas un nombre entier"),
    ({"trajet max (min)": "999"}, "trajet max (min)", "de 0 à 240"),
    ({"heures max": "2"}, "heures max", "« heures max » est inférieur à « heures min »"),
    ({"heures min": "beaucoup"}, "heures min", "n'est pas un nombre"),
    ({"heures min": "1_0"}, "heures min", "1_0 n'est pas un nombre"),
    ({"heures min": "４"}, "heures min", "n'est pas un nombre"),
    ({"trajet max (min)": "４5"}, "trajet max (min)", "n'est pas un nombre entier"),
    ({"fin contrat": "01/01/2026"}, "fin contrat", "avant son début"),
    ({"date de sortie": "01/01/2020"}, "date de sortie", "avant la date d'entrée"),
    ({"autorisation parentale": "hier"}, "autorisation parentale", "n'est pas une date"),
    ({"identifiant": "m 1"}, "identifiant", "invalide"),
    ({"identifiant": "m-5"}, "identifiant", "déjà utilisé"),
    ({"nom affiché": '=HYPERLINK("http://x")'}, "nom affiché", "formule refusée"),
    ({"contact": "+cmd|' /C calc'!A0"}, "contact", "formule refusée"),
    ({"nom affiché": "Inès\u202eB"}, "nom affiché", "inversion du sens"),
    ({"nom affiché": "Inès\nB"}, "nom affiché", "retour à la ligne"),
    ({"nom affiché": "x" * 101}, "nom affiché", "trop long"),
    ({"nom": "Sam  DUPONT", "date de naissance": "02/01/2000"}, "nom", "doublon"),
]


@pytest.mark.parametrize(("cells", "column", "reason"), MEMBER_FAULTS)
def test_each_member_fault_is_located_and_nothing_is_kept(tmp_path, cells, column, reason):
    good = dict(GOOD_MEMBER, nom="Zoé Martin")
    result = import_members(tmp_path, [good, dict(GOOD_MEMBER, **cells), good | {"nom": "Ali"}])
    assert located(result) == [(3, column)], result.report()
    assert reason in result.errors[0].reason
    assert result.dataset == Dataset()
    assert not result.ok and result.rows_read == 3


REQUEST_FAULTS = [
    ({"séances": "32/12/2026 09:00-12:00"}, "séances", "n'est pas une date"),
    ({"séances": "12/12/2026 15:00-09:00"}, "séances", "la fin doit être après le début"),
    ({"séances": "12/12/2026"}, "séances", "séance « 12/12/2026 » incomplète"),
    ({"séances": "12/12/2026 09:00-10:00|12/12/2026 09:00-10:00"}, "séances", "en double"),
    ({"séances": ""}, "séances", "valeur obligatoire manquante"),
    ({"compétences requises": ""}, "compétences requises", "valeur obligatoire manquante"),
    ({"compétences requises": "|"}, "compétences requises", "aucune compétence requise"),
    ({"compétences requises": "plomberie:2"}, "compétences requises", "compétence inconnue"),
    ({"compétences requises": "cuisine:5"}, "compétences requises", "hors de 0 à 4"),
    ({"compétences requises": "cuisine:deux"}, "compétences requises", "un entier de 0 à 4"),
    ({"compétences requises": "cuisine:2x0"}, "compétences requises", "un entier de 1 à 50"),
    ({"compétences requises": "cuisine:2x9"}, "compétences requises", "pour une équipe de 4"),
    ({"compétences requises": "cuisine:2[laser]"}, "compétences requises", "n'est pas un danger"),
    ({"dangers": "laser"}, "dangers", "n'est pas un danger"),
    ({"équipe": "4-3"}, "équipe", "le minimum (4) dépasse le maximum (3)"),
    ({"équipe": "beaucoup"}, "équipe", "taille d'équipe"),
    ({"équipe": "0"}, "équipe", "de 1 à 50"),
    ({"collectif": "KPA Atlantis"}, "collectif", "collectif inconnu"),
    ({"agrément requis": "permis_poids_lourd"}, "agrément requis", "n'est pas un agrément"),
    ({"identifiant": "r-3"}, "identifiant", "déjà utilisé"),
    ({"domicile privé": "peut-être"}, "domicile privé", "répondre oui ou non"),
    ({"places apprenant": "-1"}, "places apprenant", "de 0 à 10"),
    ({"heures-personne": "-5"}, "heures-personne", "compris entre"),
    ({"statut": "en cours"}, "statut", "statut de demande"),
    ({"créée le": "demain"}, "créée le", "n'est pas une date"),
    ({"client": ""}, "client", "valeur obligatoire manquante"),
    ({"titre": "@SUM(A1)"}, "titre", "formule refusée"),
]


@pytest.mark.parametrize(("cells", "column", "reason"), REQUEST_FAULTS)
def test_each_request_fault_is_located_and_nothing_is_kept(tmp_path, cells, column, reason):
    other = GOOD_REQUEST | {"titre": "Buffet de clôture"} | cells
    result = import_requests(tmp_path, [GOOD_REQUEST, other])
    assert located(result) == [(3, column)], result.report()
    assert reason in result.errors[0].reason
    assert result.dataset == Dataset()


# --- Whole-file faults and reporting ------------------------------------------------------


def test_missing_required_column_is_a_file_error_naming_it(tmp_path):
    row = {k: v for k, v in GOOD_MEMBER.items() if k != "date de naissance"}
    result = import_members(tmp_path, [row])
    assert [(e.line, e.column, e.reason) for e in result.errors] == [
        (None, None, "colonne obligatoire « date de naissance » absente")
    ]
    assert (
        str(result.errors[0]) == "membres.csv : colonne obligatoire « date de naissance » absente"
    )


def test_unknown_and_duplicate_columns_are_file_errors(tmp_path):
    path = tmp_path / "membres.csv"
    path.write_text(
        "collectif;nom affiché;nom;date de naissance;Date_de_naissance;remarques\n"
        "kpa-roubaix;A;A A;01/01/2000;01/01/2000;x\n",
        encoding="utf-8",
    )
    result = import_file(path, "members", existing=existing(), known_skill=known_skill, today=TODAY)
    reasons = [e.reason for e in result.errors]
    assert any("en double" in r for r in reasons)
    assert any(r.startswith("colonne inconnue « remarques »") and "#" in r for r in reasons)


def test_row_error_reads_like_the_documented_report_line():
    error = RowError(
        "membres.csv", 12, "date de naissance", "31/02/2009", "31/02/2009 n'est pas une date"
    )
    assert (
        str(error) == "membres.csv, ligne 12, « date de naissance » : 31/02/2009 n'est pas une date"
    )


def test_all_errors_of_all_rows_are_reported_not_just_the_first(tmp_path):
    rows = [
        dict(GOOD_MEMBER, **{"date de naissance": "31/02/2009", "compétences": "cuisine:9"}),
        dict(GOOD_MEMBER, nom="B"),
        dict(GOOD_MEMBER, nom="C", statut="roi", collectif="?"),
    ]
    result = import_members(tmp_path, rows)
    assert located(result) == [
        (2, "date de naissance"),
        (2, "compétences"),
        (4, "collectif"),
        (4, "statut"),
    ]
    report = result.report()
    assert report.startswith("Import refusé : 4 erreurs sur 2 lignes. Rien n'a été enregistré.")
    assert "membres.csv, ligne 2, « date de naissance » : 31/02/2009 n'est pas une date" in report


def test_duplicate_within_the_file_names_both_lines(tmp_path):
    rows = [GOOD_MEMBER, dict(GOOD_MEMBER, nom="Zoé"), dict(GOOD_MEMBER, nom=" inès  BENALÍ ")]
    result = import_members(tmp_path, rows)
    assert located(result) == [(4, "nom")]
    assert "ligne 2" in str(result.errors[0]) and "ligne 4" in str(result.errors[0])


def test_same_person_in_another_collective_is_not_a_duplicate(tmp_path):
    def two_collectives():
        data = existing()
        data.collectives.append(make_collective(id="kpa-lille", name="KPA Lille"))
        return data

    rows = [GOOD_MEMBER, dict(GOOD_MEMBER, collectif="KPA Lille")]
    assert import_members(tmp_path, rows, base=two_collectives).ok


def test_id_reused_within_the_file_names_the_first_line(tmp_path):
    rows = [dict(GOOD_MEMBER, identifiant="m-9"), dict(GOOD_MEMBER, nom="Zoé", identifiant="m-9")]
    result = import_members(tmp_path, rows)
    assert located(result) == [(3, "identifiant")]
    assert "ligne 2" in result.errors[0].reason


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"\x00\x01\x02binaire", "binaire"), ("x" * 100, "colonne obligatoire")],
)
def test_unreadable_file_gives_a_file_error_result(tmp_path, content, fragment):
    path = tmp_path / "membres.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = import_file(path, "members", existing=existing(), known_skill=known_skill, today=TODAY)
    assert not result.ok and result.dataset == Dataset()
    assert any(fragment in str(error) for error in result.errors)
    assert all(error.line is None for error in result.errors)


def test_parse_members_is_pure_and_reads_a_sheet(tmp_path):
    text = "collectif;nom affiché;nom;date de naissance\nkpa-roubaix;A;A A;01/01/2000\n"
    sheet = parse_csv_text(text, "membres.csv")
    data = existing()
    before = repr(data)
    result = parse_members(
        sheet, existing=data, known_skill=known_skill, today=TODAY, file_name="membres.csv"
    )
    assert result.ok and repr(data) == before
    request_sheet = parse_csv_text("collectif;client\nkpa-roubaix;X\n", "demandes.csv")
    requests = parse_requests(
        request_sheet, existing=data, known_skill=known_skill, today=TODAY, file_name="d.csv"
    )
    assert {e.reason for e in requests.errors} == {
        "colonne obligatoire « titre » absente",
        "colonne obligatoire « séances » absente",
        "colonne obligatoire « compétences requises » absente",
    }


# --- Property: corrupted lines, and only they, are named -----------------------------------

CORRUPTIONS = {
    "bad date": {"date de naissance": "31/02/2009"},
    "unknown skill": {"compétences": "astrologie:2"},
    "level 7": {"compétences": "cuisine:7"},
    "empty display name": {"nom affiché": ""},
    "empty legal name": {"nom": ""},
    "bad weekday": {"disponibilités": "jour 08:00-09:00"},
    "too young": {"date de naissance": "01/06/2012"},
    "formula": {"quartier": "=1+1"},
    "reversed interval": {"absences": "24/12/2026 18:00-14:00"},
}

good_rows = st.fixed_dictionaries(
    {
        "date de naissance": st.dates(date(1960, 1, 1), date(2010, 11, 28)).map(
            lambda d: d.strftime("%d/%m/%Y") if d.day % 2 else d.isoformat()
        ),
        "compétences": st.lists(
            st.tuples(st.sampled_from(sorted(["cuisine", "couture", "video"])), st.integers(0, 4)),
            unique_by=lambda t: t[0],
            max_size=3,
        ).map(lambda items: "|".join(f"{s}:{lvl}" for s, lvl in items)),
        "disponibilités": st.sampled_from(["", "sam 08:00-18:00", "lun 9h-12h|mer 14:00-18:00"]),
        "nom affiché": st.sampled_from(["Inès", "Zoé", "Ali", "+33 Team"]),
    }
)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(good_rows, min_size=1, max_size=12),
    corruptions=st.dictionaries(
        st.integers(0, 11), st.sampled_from(sorted(CORRUPTIONS)), max_size=6
    ),
)
def test_property_every_corrupted_line_and_no_good_line_is_named(rows, corruptions):
    table = []
    for index, row in enumerate(rows):
        cells = {"collectif": "kpa-roubaix", "nom": f"Personne {index}", **row}
        if index in corruptions:
            cells.update(CORRUPTIONS[corruptions[index]])
        table.append(cells)
    corrupted_lines = {index + 2 for index in corruptions if index < len(rows)}
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv_rows(Path(folder) / "membres.csv", table)
        result = import_file(
            path, "members", existing=existing(), known_skill=known_skill, today=TODAY
        )
    assert {error.line for error in result.errors} == corrupted_lines
    assert result.rows_read == len(rows)
    if corrupted_lines:
        assert not result.ok and result.dataset == Dataset()
    else:
        assert result.ok and len(result.dataset.members) == len(rows)
        assert len(result.dataset.member_private) == len(rows)


# --- Requests: default team, duplicates ------------------------------------------------------


@pytest.mark.parametrize(
    ("needs", "team"),
    [
        ("cuisine:3x2|service-en-salle:1x3?", (1, 3)),
        ("cuisine:3x2|service-en-salle:1?", (1, 2)),
        ("cuisine:2|couture:1?", (1, 1)),
        ("jardinage:1x3", (1, 3)),
    ],
)
def test_default_team_goes_from_one_to_the_largest_count_optional_needs_included(
    tmp_path, needs, team
):
    row = GOOD_REQUEST | {"équipe": "", "compétences requises": needs}
    result = import_requests(tmp_path, [row])
    assert result.ok, result.report()
    [request] = result.dataset.requests
    assert (request.team_size_min, request.team_size_max) == team


def test_an_explicit_team_must_still_hold_every_need_optional_ones_included(tmp_path):
    row = GOOD_REQUEST | {"équipe": "2", "compétences requises": "cuisine:3x2|couture:1x3?"}
    result = import_requests(tmp_path, [row])
    assert [(e.line, e.column, e.reason) for e in result.errors] == [
        (
            2,
            "compétences requises",
            "3 personnes demandées en « couture » pour une équipe de 2 au plus",
        )
    ]


def stored_buffet() -> Dataset:
    """existing() plus r-7: the buffet of GOOD_REQUEST, with the same two sessions."""
    data = existing()
    data.requests.append(make_request(id="r-7"))
    data.request_sessions += [
        make_session(request_id="r-7", date=date(2026, 12, 13), start=time(9), end=time(12)),
        make_session(request_id="r-7", date=date(2026, 12, 12), start=time(9), end=time(15)),
    ]
    return data


DUPLICATE = "(même client, même titre, mêmes séances)"


def test_a_request_already_stored_is_a_duplicate_even_written_differently(tmp_path):
    same = GOOD_REQUEST | {
        "client": "CENTRE SOCIAL ALMA",
        "titre": "buffet d’inauguration",  # curly apostrophe, lower case
        "séances": "2026-12-13 9h-12h|12/12/2026 09:00-15:00",  # other order and spelling
        "collectif": "kpa-roubaix",
    }
    result = import_requests(tmp_path, [same], base=stored_buffet)
    assert [(e.line, e.column, e.reason) for e in result.errors] == [
        (2, "titre", f"doublon de la demande r-7 {DUPLICATE}")
    ]
    assert result.dataset == Dataset()


def test_a_request_repeated_in_the_file_names_the_first_line_and_its_id(tmp_path):
    rows = [GOOD_REQUEST, GOOD_REQUEST | {"identifiant": "r-20"}, GOOD_REQUEST]
    result = import_requests(tmp_path, rows)
    assert [(e.line, e.column, e.reason) for e in result.errors] == [
        (3, "titre", f"doublon de la demande r-21 de la ligne 2 {DUPLICATE}"),
        (4, "titre", f"doublon de la demande r-21 de la ligne 2 {DUPLICATE}"),
    ]
    expected = (
        f"demandes.csv, ligne 3, « titre » : doublon de la demande r-21 de la ligne 2 {DUPLICATE}"
    )
    assert str(result.errors[0]) == expected


@pytest.mark.parametrize(
    "change",
    [
        {"séances": "12/12/2026 09:00-15:00"},  # a subset of the sessions
        {"séances": "12/12/2026 09:00-15:00|13/12/2026 09:00-12:30"},
        {"titre": "Buffet de clôture"},
        {"client": "Centre social Épeule"},
        {"collectif": "kpa-lille"},
    ],
    ids=["fewer-sessions", "other-hours", "title", "client", "collective"],
)
def test_a_request_differing_in_one_part_of_the_key_is_not_a_duplicate(tmp_path, change):
    def base():
        data = stored_buffet()
        data.collectives.append(make_collective(id="kpa-lille", name="KPA Lille"))
        return data

    result = import_requests(tmp_path, [GOOD_REQUEST | change], base=base)
    assert result.ok, result.report()


def test_a_request_with_a_bad_id_still_counts_for_duplicates(tmp_path):
    rows = [GOOD_REQUEST | {"identifiant": "r 1"}, GOOD_REQUEST]
    result = import_requests(tmp_path, rows)
    assert [(e.line, e.column) for e in result.errors] == [(2, "identifiant"), (3, "titre")]
    assert result.errors[1].reason == f"doublon de la ligne 2 {DUPLICATE}"


# --- Strict cells and French wording -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:00", time(9)),
        ("09:05", time(9, 5)),
        ("9h", time(9)),
        ("9H30", time(9, 30)),
        ("09h30", time(9, 30)),
        (" 23:59 ", time(23, 59)),
        ("09:00:15", time(9, 0, 15)),
    ],
)
def test_times_in_the_documented_forms_are_read(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    ["9:", "9h30:15", "9:5", "9h3", "9", "930", "9 h", "9h 30", "h30", "24:00", "9:60", "9:00:60",
     "9:00:", "9.30", "９:00"],
)  # fmt: skip
def test_times_outside_the_documented_forms_are_refused(text):
    with pytest.raises(ValueError, match="n'est pas une heure"):
        parse_time(text)


def test_report_summary_agrees_in_number(tmp_path):
    assert import_members(tmp_path, [GOOD_MEMBER]).report() == (
        "Import possible : 1 ligne lue, aucune erreur."
    )
    two = [GOOD_MEMBER, dict(GOOD_MEMBER, nom="Zoé")]
    assert (
        import_members(tmp_path, two).report() == "Import possible : 2 lignes lues, aucune erreur."
    )
    one = import_members(tmp_path, [dict(GOOD_MEMBER, statut="roi")]).report()
    assert one.splitlines()[0] == "Import refusé : 1 erreur sur 1 ligne. Rien n'a été enregistré."
    missing = import_members(
        tmp_path, [{"collectif": "kpa-roubaix", "nom affiché": "A", "nom": "A"}]
    )
    assert missing.report().splitlines()[0] == "Import refusé : 1 erreur. Rien n'a été enregistré."


def test_no_english_or_gender_mismatch_in_vocabulary_refusals(tmp_path):
    row = dict(
        GOOD_MEMBER,
        **{"statut": "roi", "mobilité": "jetpack", "visibilité": "secret", "aménagements": "x"},
    )
    reasons = {e.column: e.reason for e in import_members(tmp_path, [row]).errors}
    assert reasons["statut"].startswith("« roi » n'est pas un statut connu (")
    assert reasons["mobilité"].startswith("« jetpack » n'est pas une mobilité connue (")
    assert reasons["visibilité"].startswith("« secret » n'est pas une visibilité connue (")
    assert reasons["aménagements"].startswith("« x » n'est pas un aménagement connu (")


def test_csv_with_a_stray_control_character_names_its_row_and_column(tmp_path):
    path = tmp_path / "membres.csv"
    text = "collectif;nom affiché;nom;date de naissance\n"
    text += "kpa-roubaix;Inès;Inès Benali;14/05/2009\nkpa-roubaix;Zo\x07é;Zoé Martin;01/01/2000\n"
    path.write_bytes(text.encode("utf-8"))
    result = import_file(path, "members", existing=existing(), known_skill=known_skill, today=TODAY)
    assert [str(e) for e in result.errors] == [
        "membres.csv, ligne 3, « nom affiché » : caractère de contrôle interdit (U+0007)"
    ]


# --- The report examples of docs/import-format.md §4 are real reports -----------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"


def _doc_report_examples() -> list[str]:
    section = DOC.read_text(encoding="utf-8").split("## 4.", 1)[1].split("\n## ", 1)[0]
    return [block.strip("\n") for block in re.findall(r"```\n(.*?)```", section, re.S)]


def test_documented_report_examples_are_what_the_import_prints(tmp_path):
    header = "collectif;nom affiché;nom;date de naissance;compétences\n"
    rows = [
        "kpa-roubaix;Inès B.;Inès Benali;14/05/2009;cuisine:3",
        "kpa-roubaix;Zoé;Zoé Martin;31/02/2009;",
        "kpa-roubaix;Yanis;Yanis Kaci;12/03/2012;",
        "kpa-roubaix;Lina;Lina Haddad;01/02/2005;cusine:2|cuisine:7",
        "kpa-roubaix;Inès;INES BENALI;2009-05-14;",
        "kpa-x;=1+1;Noé Sow;03/04/2006;",
    ]
    members = tmp_path / "membres.csv"
    members.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    many = import_file(
        members, "members", existing=existing(), known_skill=known_skill, today=TODAY
    )
    members.write_text("collectif;nom affiché;nom\nkpa-roubaix;A;A A\n", encoding="utf-8")
    one = import_file(members, "members", existing=existing(), known_skill=known_skill, today=TODAY)
    assert _doc_report_examples() == [many.report(), one.report()]
