"""(Re)write the binary and specially encoded files of the import corpus, byte for byte.

Usage, from the repository root::

    .venv/bin/python tests/data/import_corpus/make_corpus.py

What it writes (everything else in ``good/`` and ``bad/`` is plain UTF-8 text, edited by
hand; ``expected.json`` is edited by hand too):

* ``good/``: CSV in UTF-8 with BOM and ``,`` with the English column names, CSV in
  Windows-1252 (accents, ``–``, ``œ``, ``« »``), CSV with CRLF line ends and header
  spellings (capitals, ``_``, curly apostrophe, ``# notes`` column), XLSX workbooks
  (date cells, number cells, a blank row, a help sheet), a workbook renamed ``.csv``;
* ``bad/``: XLSX with real formula cells, a workbook whose first sheet is hidden, UTF-16
  (with and without BOM), NUL bytes, a BEL control byte, undecodable bytes, random bytes,
  an ``.xls`` (OLE2) file renamed ``.xlsx``, a zip that is not a workbook;
* the three ``bad/`` files that point at the demo cooperative (a person already
  registered, a member id and a request id already used): ``membres_doublons.csv``,
  ``membres_identifiant_utilise.csv``, ``demandes_identifiant_collectif.csv``. They are
  filled from ``matcher.demo.generate_demo`` with the arguments the tests use
  (``seed=1, today=2026-11-28``, default sizes), so **re-run this script whenever the demo
  generator changes** (the corpus test says so when the demo no longer matches).

The output is deterministic: random bytes come from fixed seeds, and workbooks are
rewritten with fixed zip entry dates and fixed document dates, so running the script
again changes nothing (``git status`` stays clean). Files too big to commit (oversized,
too many rows, zip bomb, billion laughs) are built at test time by
``tests/integration/test_import_corpus.py``.
"""

from __future__ import annotations

import io
import random
import sys
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository root, for ``matcher.demo``
GOOD, BAD = HERE / "good", HERE / "bad"

from matcher.tabular import stable_zip  # noqa: E402  (needs the repository on sys.path)

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = datetime(2026, 11, 1)

Row = Sequence[object]


# ---------------------------------------------------------------------------------------
# Writers


def _text(path: Path, text: str, encoding: str, *, newline: str = "\n") -> None:
    """Write ``text`` (written with ``\\n``) in ``encoding`` with the given line end."""
    path.write_bytes(text.replace("\n", newline).encode(encoding))


def corpus_zip(data: bytes) -> bytes:
    """The same archive with fixed entry and document dates (byte-for-byte reproducible)."""
    return stable_zip(data, document_date=b"2026-11-01T00:00:00Z", mode=0o644)


def workbook_bytes(
    sheets: Sequence[tuple[str, dict[int, Row]]], *, hidden: Sequence[str] = ()
) -> bytes:
    """An XLSX with one sheet per (title, {row number: cells}); missing rows stay blank.

    Strings starting with ``=`` become real formula cells (openpyxl's rule), which is
    what a tableur saves for a formula.
    """
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "KPA-Cité Roubaix"
    workbook.properties.created = _FIXED_DOC_TIME
    workbook.properties.modified = _FIXED_DOC_TIME
    for title, rows in sheets:
        worksheet = workbook.create_sheet(title)
        for number, cells in rows.items():
            for column, value in enumerate(cells, start=1):
                if value is not None:
                    worksheet.cell(row=number, column=column, value=value)
        if title in hidden:
            worksheet.sheet_state = "hidden"
    raw = io.BytesIO()
    workbook.save(raw)
    return corpus_zip(raw.getvalue())


def _random_bytes(seed: int, size: int) -> bytes:
    data = random.Random(seed).randbytes(size)
    assert not data.startswith((b"PK", b"\xd0\xcf", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
    return data


# ---------------------------------------------------------------------------------------
# Good files

MEMBERS_BOM_ALIASES = """\
id,collective,display_name,legal_name,birth_date,contact,status,home_zone,mobility,\
max_travel_minutes,languages,desired_hours_min,desired_hours_max,visibility,joined_on,skills,\
wishes,passions,availability,unavailability
,kpa-epeule,Lina,Lina Haddad,2008-11-28,+33 7 81 22 33 44,volunteer,epeule,bike,30,fr|ar,0,\
"7,5",,2026-10-05,couture:3|retouches:2,,"couture, broderie",sat 09:00-12:00|wed 14:00-17:00,\
2026-12-24
,KPA Alma,Théo,Théo Lefebvre,1998-06-15,theo.lefebvre@example.org,Bénévole,alma,\
Transports en commun,40,fr|en,2,15,public,2025-03-01,jardinage:2|menuiserie:1,graphisme:2,\
jardin partagé|vélo,monday 18:00-20:00|saturday 10:00-16:00,
,kpa-tourcoing-bourgogne,Sofiane,Sofiane Bouzid,2010-01-31,,cape,bourgogne,walk,,fr,,,,\
2026-11-02,bureautique:1,video,,tue 17:00-19:00,
"""

REQUESTS_BOM_ALIASES = """\
id,collective,client,title,description,zone,sessions,required_skills,team_size,learning_slots,\
hazards,licence_required,private_home,estimated_person_hours,status,created_on
,kpa-epeule,Mairie de quartier de l'Épeule,Buffet pour 50 personnes,\
"Salé, sucré, boissons chaudes",epeule,2026-12-05 10:00-14:00,cuisine:2x2|patisserie:2,2-3,0,\
heat,,no,16,open,2026-11-20
,KPA Alma,M. Lemaire,Retouches : 10 ourlets,,alma,2026-12-10 14h-16h30,\
retouches:2|couture-main:1?,1,0,,,yes,"2,5",open,
r-501,kpa-tourcoing-bourgogne,Crèche Les P'tits Loups,"Garde d'enfants, goûter",,bourgogne,\
2026-12-14 16:00-18:30|2026-12-15 16:00-18:30,garde-enfants:3|animation-enfants:2?,1-2,0,,\
garde_moins_3_ans,no,5,open,2026-11-27
"""

MEMBERS_CP1252 = """\
collectif;nom affiché;nom;date de naissance;contact;quartier;langues;compétences;souhaits;\
passions;disponibilités
kpa-alma;Élodie;Élodie Lefèvre;12/09/2005;+33 6 98 76 54 32;Alma;fr;patisserie:2|cuisine:1;\
couture;pâtisserie orientale|crêpes;sam 9h30–12h
KPA Épeule;Noé;Noé Vandenbroucke;5/3/2009;;Épeule;fr|nl;menuiserie:2;jardinage:1;\
bricolage à vélo;mer 14h-18h
KPA Tourcoing – La Bourgogne;Chloé;Chloé Dubois-Mériaux;30/11/2007;chloe.dm@example.org;\
Bourgogne;fr|en;service-en-salle:2|hygiene-alimentaire:1;;théâtre;ven 18h-21h|sam 10h-14h
kpa-alma;Zoé;Zoé Cœurdevey;01/12/2004;;Alma;fr;couture:3;;"tricot; crochet";jeu 17h-19h
"""

REQUESTS_CP1252 = """\
collectif;client;titre;description;quartier;séances;compétences requises;équipe;domicile privé
kpa-alma;Épicerie solidaire « Le Panier »;Pâtisseries pour la fête de Noël;\
Bûches, crêpes et café;Alma;20/12/2026 14h–18h;patisserie:2x2|crepes-gaufres:1;2-3;non
KPA Épeule;Mme Lefèvre;Retouches : 10 ourlets;Ourlets de pantalons et rideaux;Épeule;\
16/12/2026 14h-17h;retouches:2;1;oui
"""

MEMBERS_HEADER_VARIANTS = """\
COLLECTIF;Nom_Affiche;NOM;Date-De-Naissance;Date d’entrée;# remarques;COMPETENCES;\
Trajet  max (min)
kpa-alma;Hamza;Hamza Belkacem;07/07/2007;01/10/2026;a déjà fait la plonge au resto;\
plonge:2|cuisine:1;20

;;;;;;;
kpa-epeule;Jade;Jade Vermeersch;18/02/2005;2026-09-01;;couture:1;
"""

MEMBERS_XLSX_HEADER = [
    "Collectif",
    "Nom affiché",
    "NOM",
    "Date de naissance",
    "Contact",
    "Trajet max (min)",
    "Heures max",
    "Compétences",
    "Disponibilités",
    "# remarques",
]
MEMBERS_XLSX: dict[int, Row] = {
    1: MEMBERS_XLSX_HEADER,
    2: [
        "kpa-alma",
        "Rayan",
        "Rayan Boukhris",
        date(2009, 2, 10),
        "+33 6 45 67 89 01",
        30,
        10.5,
        "cuisine:2|patisserie:1",
        "sam 9h30-13h",
        "vient avec sa sœur",
    ],
    # row 3 left blank on purpose
    4: [
        "KPA Épeule",
        "Yasmine",
        "Yasmine Ait Ahmed",
        date(2006, 4, 1),
        "yasmine.aa@example.org",
        25.0,  # a float cell holding an integer: read as 25
        20,
        "couture:4|retouches:3",
        "mer 14:00-18:00|sam 10:00-17:00",
        None,
    ],
    5: [
        "kpa-tourcoing-bourgogne",
        "Noah",
        "Noah Vandewalle",
        datetime(2008, 11, 28),
        None,
        15,
        12,
        "video:2",
        "mer 13h30-17h",
        None,
    ],
}

REQUESTS_XLSX: dict[int, Row] = {
    1: [
        "Identifiant",
        "Collectif",
        "Client",
        "Titre",
        "Description",
        "Quartier",
        "Séances",
        "Compétences requises",
        "Équipe",
        "Places apprenant",
        "Heures-personne",
        "Domicile privé",
        "Créée le",
    ],
    2: [
        None,
        "kpa-alma",
        "Centre social Alma",
        "Buffet pour 50 personnes",
        "Salé, sucré ; service inclus\nSans porc",
        "Alma",
        "12/12/2026 09:00-15:00|13/12/2026 9h30-12h",
        "cuisine:3x2|service-en-salle:1?",
        "3-4",
        1,
        30,
        "non",
        date(2026, 11, 28),
    ],
    3: [
        "r-600",
        "kpa-epeule",
        "Mme Dupont",
        "Retouches : 10 ourlets",
        None,
        "Épeule",
        "16/12/2026 14h-17h",
        "couture:2[machine]",
        1,
        0,
        7.5,
        "oui",
        None,
    ],
}

MEMBERS_WITH_HELP: dict[int, Row] = {
    1: ["collectif", "nom affiché", "nom", "date de naissance", "compétences"],
    2: ["kpa-alma", "Awa", "Awa Diop-Lemaire", date(2007, 5, 19), "tresses:3|coiffure:2"],
    3: ["kpa-epeule", "Lucas", "Lucas Deconinck-Sow", date(2003, 8, 8), "mecanique-velo:2"],
}
HELP_SHEET: dict[int, Row] = {
    1: ["Mode d'emploi", None, "Voir docs/import-format.md"],
    2: ["Une ligne par nouveau membre ; dates au format JJ/MM/AAAA."],
}

RENAMED_WORKBOOK: dict[int, Row] = {
    1: ["collectif", "nom affiché", "nom", "date de naissance", "quartier", "compétences"],
    2: ["kpa-alma", "Fatou", "Fatou Ndiaye-Leroy", date(2005, 10, 12), "Alma", "vente:2"],
}


# ---------------------------------------------------------------------------------------
# Bad files

FORMULA_XLSX: dict[int, Row] = {
    1: ["collectif", "nom affiché", "nom", "date de naissance", "trajet max (min)"],
    2: ["kpa-alma", "Hugo", "Hugo Wallart-Sow", date(2006, 1, 1), 20],
    3: ["kpa-alma", '=CONCATENATE("Ya","nis")', "Yanis Benali-Kaci", date(2007, 2, 2), 30],
    # row 4 left blank: line numbers must still follow the sheet
    5: ["kpa-epeule", "Léa", "Léa Dubois-Camara", date(2005, 3, 3), 25],
    6: ["kpa-epeule", "Emma", "Emma Petit-Sow", "=DATE(2008,5,14)", 30],
    7: ["kpa-tourcoing-bourgogne", "Tom", "Tom Nowak-Bah", date(2004, 4, 4), "=20+25"],
    8: ["kpa-tourcoing-bourgogne", "Ana", "Ana Desmet-Keita", date(2009, 9, 9), 15],
}

HIDDEN_FIRST: dict[int, Row] = {
    1: ["collectif", "nom affiché", "nom", "date de naissance"],
    2: ["kpa-alma", "Ancien", "Ancien Membre-Test", date(1990, 1, 1)],
    3: ["kpa-alma", "Ancienne", "Ancienne Membre-Test", date(1991, 2, 2)],
}
VISIBLE_SECOND: dict[int, Row] = {
    1: ["collectif", "nom affiché", "nom", "date de naissance"],
    2: ["kpa-epeule", "Mamadou", "Mamadou Sow-Lambert", date(2006, 6, 6)],
}

SMALL_MEMBERS = """\
collectif;nom affiché;nom;date de naissance;quartier
kpa-alma;Kenza;Kenza Amrani-Sow;12/04/2007;Alma
kpa-epeule;Hugo;Hugo Desmet-Keita;03/10/2005;Épeule
kpa-tourcoing-bourgogne;Chloé;Chloé Dufour-Bah;21/06/2008;Bourgogne
"""


def _with_bytes_in_line_3(raw: bytes) -> bytes:
    """SMALL_MEMBERS in UTF-8 with ``raw`` inside the legal name on line 3."""
    return SMALL_MEMBERS.encode("utf-8").replace(b"Hugo Desmet", b"Hugo" + raw + b"Desmet")


# --- Files that refer to the demo cooperative -------------------------------------------

DEMO_TODAY = date(2026, 11, 28)

DUPLICATES = """\
collectif;nom affiché;nom;date de naissance;quartier
kpa-alma;Inès;Inès Benali-Traoré;14/05/2009;Alma
kpa-alma;Inès B.;INES BENALI TRAORE;14/05/2009;Alma
kpa-alma;Inès;Inès Benali-Traoré;15/05/2009;Alma
kpa-epeule;Inès;Inès Benali-Traoré;14/05/2009;Épeule
{collective};{first};{name_shouted};{birth_fr};{zone}
{collective};{first} {initial}.;{name_plain};{birth_iso};{zone}
kpa-epeule;Inès T.;inès  benali-traoré;2009-05-14;Épeule
"""

USED_MEMBER_IDS = """\
identifiant;collectif;nom affiché;nom;date de naissance
m-500;kpa-alma;Rania;Rania Boukhari-Keita;02/02/2006
{member_id};kpa-alma;Lou;Lou Vandenberghe-Sow;03/03/2007
m-500;kpa-epeule;Tiago;Tiago Pereira-Amrani;04/04/2005
;kpa-epeule;Beatriz;Beatriz Rodrigues-Bah;05/05/2004
m 12;kpa-tourcoing-bourgogne;Lamine;Lamine Cissé-Dupont;06/06/2008
m-é1;kpa-tourcoing-bourgogne;Imane;Imane Kaci-Lefebvre;07/07/2009
m-501;kpa-alma;Hamza;Hamza Ziani-Wallart;08/08/2003
"""

USED_REQUEST_IDS = """\
identifiant;collectif;client;titre;séances;compétences requises
{request_id};kpa-alma;Centre social Alma;Buffet pour 50 personnes;12/12/2026 09:00-15:00;\
cuisine:3x2
r-900;kpa-alma;Mme Dupont;Retouches : 10 ourlets;16/12/2026 14h-17h;retouches:2
r-900;kpa-epeule;M. Lemaire;Montage d'une armoire;17/12/2026 14h-17h;bricolage:2
;KPA Lille Sud;Mairie de Lille;Fresque;18/12/2026 9h-17h;fresque-murale:2
;KPA Épeule;Ressourcerie de l'Épeule;Tri des dons;19/12/2026 9h-12h;tri-dechets:1
"""


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def demo_files() -> dict[str, str]:
    """The demo-dependent files, as text (UTF-8, ``;``)."""
    from matcher.demo import generate_demo

    demo = generate_demo(seed=1, today=DEMO_TODAY)
    where = {m.id: m for m in demo.members}
    person = next(p for p in demo.member_private if where[p.member_id].collective_id == "kpa-alma")
    member = where[person.member_id]
    first, _, last = person.legal_name.partition(" ")
    duplicates = DUPLICATES.format(
        collective=member.collective_id,
        first=first,
        initial=(last or first)[0],
        # upper case, no accents, hyphens for spaces: "ASSIA DA SILVA" -> "ASSIA-DA-SILVA"
        name_shouted=_without_accents(person.legal_name).upper().replace(" ", "-"),
        # lower case, accents kept, doubled space
        name_plain=person.legal_name.lower().replace(" ", "  ", 1),
        birth_fr=person.birth_date.strftime("%d/%m/%Y"),
        birth_iso=person.birth_date.isoformat(),
        zone=member.home_zone or "Alma",
    )
    return {
        "membres_doublons.csv": duplicates,
        "membres_identifiant_utilise.csv": USED_MEMBER_IDS.format(member_id=demo.members[0].id),
        "demandes_identifiant_collectif.csv": USED_REQUEST_IDS.format(
            request_id=demo.requests[0].id
        ),
    }


def corpus_files() -> dict[str, bytes]:
    """Every generated file: path relative to the corpus folder -> exact bytes."""
    files: dict[str, bytes] = {}

    def put(path: Path, data: bytes) -> None:
        files[path.relative_to(HERE).as_posix()] = data

    # good
    put(GOOD / "membres_virgule_bom_alias.csv", MEMBERS_BOM_ALIASES.encode("utf-8-sig"))
    put(GOOD / "demandes_virgule_bom_alias.csv", REQUESTS_BOM_ALIASES.encode("utf-8-sig"))
    put(GOOD / "membres_cp1252.csv", MEMBERS_CP1252.encode("cp1252"))
    put(GOOD / "demandes_cp1252.csv", REQUESTS_CP1252.encode("cp1252"))
    put(
        GOOD / "membres_entetes_variantes.csv",
        MEMBERS_HEADER_VARIANTS.replace("\n", "\r\n").encode("utf-8"),
    )
    put(GOOD / "membres.xlsx", workbook_bytes([("Membres", MEMBERS_XLSX)]))
    put(GOOD / "demandes.xlsx", workbook_bytes([("Demandes", REQUESTS_XLSX)]))
    put(
        GOOD / "membres_avec_feuille_aide.xlsx",
        workbook_bytes([("Membres", MEMBERS_WITH_HELP), ("Aide", HELP_SHEET)]),
    )
    put(GOOD / "membres_classeur_renomme.csv", workbook_bytes([("Feuil1", RENAMED_WORKBOOK)]))
    # bad
    put(BAD / "membres_formule.xlsx", workbook_bytes([("Membres", FORMULA_XLSX)]))
    put(
        BAD / "membres_feuille_masquee.xlsx",
        workbook_bytes(
            [("Ancienne liste", HIDDEN_FIRST), ("Membres", VISIBLE_SECOND)],
            hidden=["Ancienne liste"],
        ),
    )
    put(BAD / "membres_utf16.csv", SMALL_MEMBERS.replace("\n", "\r\n").encode("utf-16"))
    put(BAD / "membres_utf16_sans_bom.csv", SMALL_MEMBERS.encode("utf-16-le"))
    put(BAD / "membres_octets_nuls.csv", _with_bytes_in_line_3(b"\x00"))
    put(BAD / "membres_caractere_bel.csv", _with_bytes_in_line_3(b"\x07"))
    put(BAD / "membres_encodage_illisible.csv", _with_bytes_in_line_3(b"\x81\x8d"))
    put(BAD / "membres_binaire.csv", _random_bytes(20261128, 2048))
    put(
        BAD / "membres_xls_renomme.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _random_bytes(1997, 4088),
    )
    put(BAD / "membres_octets_aleatoires.xlsx", _random_bytes(2007, 4096))
    readme = io.BytesIO()
    with zipfile.ZipFile(readme, "w", zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("lisez-moi.txt", date_time=_FIXED_ZIP_TIME)
        archive.writestr(entry, "Liste des membres : voir le classeur joint.\n")
    put(BAD / "membres_zip_sans_classeur.xlsx", readme.getvalue())
    for name, text in demo_files().items():
        put(BAD / name, text.encode("utf-8"))
    return files


def build() -> list[str]:
    """Write every generated file; returns their relative paths."""
    files = corpus_files()
    for name, data in files.items():
        path = HERE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return list(files)


if __name__ == "__main__":
    for written in build():
        print(written)
