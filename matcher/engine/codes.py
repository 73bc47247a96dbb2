"""The names the engine speaks in: constraint codes, score criteria, default weights.

A blocking reason travels from the engine to the diagnosis, the UI and the docs as one of
these ASCII codes; the French label beside each one is what a coordinator reads when the
full message is too long (a column header, a filter). docs/instance-format.md lists them.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["CODES", "CRITERIA", "DEFAULT_WEIGHTS", "MEMBER_CODES"]

#: Every hard-constraint code, in the order of the issue's list, with a short French label.
CODES: MappingProxyType[str, str] = MappingProxyType(
    {
        "licence": "Agrément ou autorisation manquant",
        "team_size": "Taille d'équipe",
        "skill_coverage": "Compétence non couverte",
        "age": "Moins de 16 ans",
        "contract": "Pas de contrat valide",
        "availability": "Pas disponible",
        "booked_overlap": "Déjà pris·e sur ce créneau",
        "weekly_cap": "Plafond d'heures de la semaine",
        "minor_authorisation": "Mineur·e sans autorisation parentale",
        "minor_night": "Mineur·e : travail avant 6 h ou après 22 h",
        "minor_sunday_holiday": "Mineur·e : dimanche ou jour férié",
        "minor_day_8h": "Mineur·e : plus de 8 h dans la journée",
        "minor_week_35h": "Mineur·e : plus de 35 h dans la semaine",
        "minor_daily_rest": "Mineur·e : moins de 12 h de repos",
        "minor_weekly_rest": "Mineur·e : pas deux jours de repos consécutifs",
        "minor_hazard": "Mineur·e : tâche dangereuse",
        "adult_present": "Mineur·e sans adulte dans l'équipe",
        "private_home_pair": "Mineur·e seul·e au domicile d'un client",
        "learner_teacher": "Apprenant·e sans compétence à apprendre ou sans transmetteur·rice",
        "accommodation": "Aménagement non respecté",
    }
)

#: Codes that a member alone can trigger, whatever the rest of the team.
MEMBER_CODES = frozenset(
    {
        "age",
        "contract",
        "availability",
        "booked_overlap",
        "weekly_cap",
        "minor_authorisation",
        "minor_night",
        "minor_sunday_holiday",
        "minor_day_8h",
        "minor_week_35h",
        "minor_daily_rest",
        "minor_weekly_rest",
        "minor_hazard",
        "accommodation",
    }
)

#: The criteria of a team's score, in the order they are shown.
CRITERIA = ("coverage", "learning", "fairness", "cohesion", "passion", "proximity")

#: Weights used when an instance's policy gives none (the issue's example policy).
DEFAULT_WEIGHTS: MappingProxyType[str, float] = MappingProxyType(
    {
        "coverage": 1.0,
        "learning": 1.0,
        "fairness": 1.0,
        "cohesion": 0.5,
        "passion": 0.3,
        "proximity": 0.5,
    }
)
