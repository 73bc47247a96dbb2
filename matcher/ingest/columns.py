"""The columns of the human files ``membres`` and ``demandes``, and the header mapping."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matcher.ingest.cells import normalize_key, quoted
from matcher.ingest.result import file_error
from matcher.tabular import RowError, Sheet


@dataclass(frozen=True)
class Column:
    """A human column: ``key`` is the English alias, ``label`` the French header."""

    key: str
    label: str
    required: bool = False
    private: bool = False
    multiline: bool = False
    max_len: int = 2000
    #: The detail table whose rows this compact column summarises, if any.
    detail: str | None = None


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("id", "identifiant", max_len=64),
    Column("collective", "collectif", required=True),
    Column("display_name", "nom affiché", required=True, max_len=100),
    Column("legal_name", "nom", required=True, private=True, max_len=200),
    Column("birth_date", "date de naissance", required=True, private=True),
    Column("contact", "contact", private=True, max_len=500),
    Column("status", "statut"),
    Column("contract_start", "début contrat"),
    Column("contract_end", "fin contrat"),
    Column("home_zone", "quartier", max_len=200),
    Column("mobility", "mobilité"),
    Column("max_travel_minutes", "trajet max (min)"),
    Column("languages", "langues"),
    Column("desired_hours_min", "heures min"),
    Column("desired_hours_max", "heures max"),
    Column("accommodations", "aménagements"),
    Column("visibility", "visibilité"),
    Column("joined_on", "date d'entrée"),
    Column("left_on", "date de sortie"),
    Column("parental_authorisation_date", "autorisation parentale", private=True),
    Column("parental_authorisation_ref", "réf. autorisation", private=True, max_len=200),
    Column("honorability_date", "attestation d'honorabilité", private=True),
    Column("skills", "compétences", detail="member_skills"),
    Column("wishes", "souhaits", detail="learning_wishes"),
    Column("passions", "passions", multiline=True, detail="passions"),
    Column("availability", "disponibilités", detail="availabilities"),
    Column("unavailability", "absences", detail="unavailabilities"),
)

REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("id", "identifiant", max_len=64),
    Column("collective", "collectif", required=True),
    Column("client", "client", required=True, max_len=200),
    Column("title", "titre", required=True, max_len=200),
    Column("description", "description", multiline=True, max_len=10_000),
    Column("zone", "quartier", max_len=200),
    Column("sessions", "séances", required=True, detail="request_sessions"),
    Column("required_skills", "compétences requises", required=True, detail="required_skills"),
    Column("team_size", "équipe"),
    Column("learning_slots", "places apprenant"),
    Column("hazards", "dangers"),
    Column("licence_required", "agrément requis"),
    Column("private_home", "domicile privé"),
    Column("estimated_person_hours", "heures-personne"),
    Column("status", "statut"),
    Column("created_on", "créée le"),
)

MAX_PASSION_LEN = 200


#: Priority of a learning wish (``souhaits``), the same in a members file and an export.
MIN_WISH_PRIORITY, MAX_WISH_PRIORITY = 1, 5


#: Largest ``heures-personne`` of a request.
MAX_PERSON_HOURS = 100_000


def header_map(
    sheet: Sheet, columns: Sequence[Column], file_name: str, skip: frozenset[str]
) -> tuple[dict[str, Column], list[RowError]]:
    """Match file headers to columns (accent/case/space-insensitive); report the rest."""
    by_key: dict[str, Column] = {}
    for column in columns:
        by_key[normalize_key(column.label)] = column
        by_key[normalize_key(column.key)] = column
    found: dict[str, Column] = {}
    seen: dict[str, str] = {}
    errors: list[RowError] = []
    for header in sheet.header:
        if header.startswith("#"):
            continue
        column = by_key.get(normalize_key(header))
        if column is None:
            accepted = ", ".join(c.label for c in columns)
            errors.append(
                file_error(
                    file_name,
                    header,
                    f"colonne inconnue {quoted(header)} (colonnes acceptées : {accepted} ; "
                    "pour garder une colonne de notes, commencez son nom par #)",
                )
            )
        elif column.key in seen:
            errors.append(
                file_error(
                    file_name,
                    header,
                    f"colonne {quoted(column.label)} en double ({quoted(seen[column.key])} "
                    f"et {quoted(header)})",
                )
            )
        else:
            seen[column.key] = header
            found[header] = column
    for column in columns:
        if column.required and column.key not in seen and column.detail not in skip:
            errors.append(
                file_error(
                    file_name, column.label, f"colonne obligatoire « {column.label} » absente"
                )
            )
    return found, errors
