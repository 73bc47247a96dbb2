"""The shared vocabulary: ASCII ids used by storage, JSON, CSV and the UI.

Every enumerated value in KPA Matcher is one of the ids below; French labels sit beside
them so the UI and the import reports can speak to people. See docs/vocabulary.md.
"""

from __future__ import annotations

from types import MappingProxyType

LEVELS: MappingProxyType[int, str] = MappingProxyType(
    {
        0: "Je découvre",
        1: "Je fais avec quelqu'un",
        2: "Je fais seul·e des tâches simples",
        3: "Je fais seul·e et je m'adapte",
        4: "Je peux transmettre",
    }
)
MIN_LEVEL, MAX_LEVEL = 0, 4
#: Level from which a member can lead a mission (référent·e).
LEAD_LEVEL = 3

MISSION_ROLES = MappingProxyType(
    {"referent": "Référent·e", "membre": "Membre", "apprenant": "Apprenant·e"}
)

#: Hazards a task can carry; all are forbidden to members aged under 18.
HAZARDS = MappingProxyType(
    {
        "machine": "Machine dangereuse",
        "height": "Travail en hauteur",
        "tractor": "Tracteur",
        "lifting_equipment": "Engin de levage",
        "heat": "Fortes températures",
        "chemicals": "Produits chimiques",
        "heavy_loads": "Charges lourdes",
    }
)

MEMBER_STATUSES = MappingProxyType(
    {
        "visitor": "Visiteur·euse",
        "volunteer": "Bénévole",
        "cape": "CAPE",
        "cesa": "CESA",
        "associe": "Associé·e",
        "cjs_contract": "Contrat CJS",
        "staff": "Salarié·e permanent·e",
    }
)

EVIDENCE = MappingProxyType(
    {
        "self": "Déclaré par la personne",
        "peer": "Vu par un·e pair",
        "coordinator": "Validé par l'animateur·rice",
        "badge": "Open Badge",
        "client_feedback": "Retour client",
    }
)

PROPOSAL_KINDS = MappingProxyType(
    {
        "team": "Équipe",
        "pair": "Binôme",
        "group_session": "Atelier collectif",
        "exchange": "Échange",
    }
)
PROPOSAL_STATUSES = MappingProxyType(
    {
        "pending": "En attente",
        "accepted": "Acceptée",
        "declined": "Refusée",
        "superseded": "Remplacée",
    }
)

SKILL_KINDS = MappingProxyType(
    {"savoir_faire": "Savoir-faire", "savoir_etre": "Savoir-être", "savoir": "Savoir"}
)

COLLECTIVE_KINDS = MappingProxyType({"kpa": "KPA", "cjs": "Coopérative jeunesse de services (été)"})

FAIRNESS_POLICIES = MappingProxyType(
    {
        "equal_hours": "Heures égales",
        "equal_income": "Revenus égaux",
        "proportional_to_presence": "Au temps de présence",
        "needs_weighted": "Selon les besoins",
    }
)

VISIBILITIES = MappingProxyType({"public": "Visible", "private": "Privé"})

MOBILITIES = MappingProxyType(
    {
        "walk": "À pied",
        "bike": "Vélo",
        "public_transport": "Transports en commun",
        "car": "Voiture",
    }
)

REQUEST_STATUSES = MappingProxyType(
    {
        "draft": "Brouillon",
        "open": "Ouverte",
        "staffed": "Équipe trouvée",
        "done": "Réalisée",
        "cancelled": "Annulée",
    }
)

MISSION_STATUSES = MappingProxyType(
    {"planned": "Prévue", "done": "Réalisée", "cancelled": "Annulée"}
)

HOURS_KINDS = MappingProxyType(
    {
        "mission": "Mission",
        "meeting": "Réunion",
        "training": "Formation",
        "workshop": "Atelier",
    }
)

PAIR_STATUSES = MappingProxyType(
    {
        "awaiting_approval": "En attente d'approbation",
        "active": "En cours",
        "closed": "Terminé",
    }
)

LEVEL_CHANGE_STATUSES = MappingProxyType(
    {"pending": "À valider", "validated": "Validé", "rejected": "Refusé"}
)

#: Where a piece of level evidence comes from.
EVIDENCE_SOURCES = MappingProxyType(
    {"mission": "Mission aux côtés d'un·e enseignant·e", "pair": "Séances de binôme"}
)

USER_ROLES = MappingProxyType(
    {"admin": "Administrateur·rice", "coordinator": "Animateur·rice", "member": "Membre"}
)

#: Licences a carrier may hold (services à la personne needing an agrément).
LICENCES = MappingProxyType(
    {
        "garde_moins_3_ans": "Garde d'enfants de moins de 3 ans (agrément)",
        "aide_personnes_agees": "Aide aux personnes âgées (autorisation)",
    }
)

#: Neutral accommodation flags (never a diagnosis).
ACCOMMODATIONS = MappingProxyType(
    {
        "no_heavy_lifting": "Pas de port de charges",
        "no_standing_long": "Pas de station debout prolongée",
        "quiet_place": "Lieu calme",
        "short_sessions": "Sessions courtes",
        "written_instructions": "Consignes écrites",
    }
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS_FR = MappingProxyType(
    {
        "mon": "lundi",
        "tue": "mardi",
        "wed": "mercredi",
        "thu": "jeudi",
        "fri": "vendredi",
        "sat": "samedi",
        "sun": "dimanche",
    }
)

#: Every enumerated vocabulary by name, for validation and for docs/vocabulary.md.
VOCABULARIES: MappingProxyType[str, MappingProxyType] = MappingProxyType(
    {
        "mission_role": MISSION_ROLES,
        "hazard": HAZARDS,
        "member_status": MEMBER_STATUSES,
        "evidence": EVIDENCE,
        "proposal_kind": PROPOSAL_KINDS,
        "proposal_status": PROPOSAL_STATUSES,
        "skill_kind": SKILL_KINDS,
        "collective_kind": COLLECTIVE_KINDS,
        "fairness_policy": FAIRNESS_POLICIES,
        "visibility": VISIBILITIES,
        "mobility": MOBILITIES,
        "request_status": REQUEST_STATUSES,
        "mission_status": MISSION_STATUSES,
        "hours_kind": HOURS_KINDS,
        "pair_status": PAIR_STATUSES,
        "level_change_status": LEVEL_CHANGE_STATUSES,
        "evidence_source": EVIDENCE_SOURCES,
        "user_role": USER_ROLES,
        "licence": LICENCES,
        "accommodation": ACCOMMODATIONS,
    }
)

ADULT_AGE = 18
MIN_MEMBER_AGE = 16
