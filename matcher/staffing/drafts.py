"""A client's request as typed by a coordinator: French text → skills to confirm → a draft.

The extractor (:class:`~matcher.models.extract.SkillExtractor`, request mode) only
*proposes* skills and minimum levels; the coordinator confirms or corrects them, and adds
what no text says reliably (dates, team size, learning places, hazards). The confirmed
:class:`RequestDraft` is checked here, in French, before anything is stored, so the page,
the API and the tests share one set of rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from functools import cache
from itertools import pairwise

from matcher.models.extract import SkillExtractor
from matcher.taxonomy import load_taxonomy
from matcher.vocabulary import HAZARDS, LICENCES

__all__ = [
    "MAX_SESSIONS",
    "ProposedSkill",
    "RequestDraft",
    "SessionSlot",
    "SkillNeed",
    "draft_problems",
    "propose_skills",
]

#: A request typed by hand has at most this many sessions (a week-long job is a batch import).
MAX_SESSIONS = 5


@dataclass(frozen=True)
class ProposedSkill:
    """A skill the text seems to need, to be confirmed: ``span`` is the evidence."""

    skill_id: str
    label_fr: str
    label_en: str
    min_level: int
    span: str


@dataclass(frozen=True)
class SkillNeed:
    skill_id: str
    min_level: int = 1
    count: int = 1
    optional: bool = False


@dataclass(frozen=True)
class SessionSlot:
    date: date
    start: time
    end: time


@dataclass(frozen=True)
class RequestDraft:
    """Everything a request needs before the engine can staff it."""

    title: str
    client: str
    description: str
    sessions: tuple[SessionSlot, ...]
    skills: tuple[SkillNeed, ...]
    team_size_min: int = 1
    team_size_max: int = 1
    learning_slots: int = 0
    hazards: tuple[str, ...] = ()
    private_home: bool = False
    licence_required: str | None = None
    zone: str = ""
    #: Admins choose the collective; a coordinator's requests always go to their own.
    collective_id: str = ""


@cache
def _extractor() -> SkillExtractor:
    """Curated skills only: a request line must name a skill members can declare, and the
    curated index fits in a fraction of a second (the ESCO long tail takes seconds)."""
    return SkillExtractor(use_long_tail=False).fit()


def propose_skills(text: str) -> list[ProposedSkill]:
    """The curated skills a client's French text needs, with the minimum level it implies.

    >>> [(s.skill_id, s.min_level) for s in propose_skills("il faut cuisiner et servir")]
    [('cuisine', 2), ('service-en-salle', 1)]
    """
    if not text.strip():
        return []
    taxonomy = load_taxonomy()
    found = _extractor().extract([text], kind="request")[0]
    return [
        ProposedSkill(
            e.skill,
            taxonomy.label_fr(e.skill),
            taxonomy.get(e.skill).label_en or taxonomy.label_fr(e.skill),
            1 if e.min_level is None else e.min_level,
            e.span,
        )
        for e in found
        if e.skill in taxonomy
    ]


def _session_problems(sessions: tuple[SessionSlot, ...], today: date) -> list[str]:
    problems = []
    if not sessions:
        problems.append("Il faut au moins une séance (date, début, fin).")
    if len(sessions) > MAX_SESSIONS:
        problems.append(f"Au plus {MAX_SESSIONS} séances par demande.")
    for k, s in enumerate(sessions, 1):
        if s.end <= s.start:
            problems.append(f"Séance {k} : la fin doit être après le début (même journée).")
        if s.date < today:
            problems.append(f"Séance {k} : la date {s.date:%d/%m/%Y} est passée.")
    ordered = sorted(sessions, key=lambda s: (s.date, s.start))
    for a, b in pairwise(ordered):
        if a.date == b.date and b.start < a.end:
            problems.append(f"Deux séances se chevauchent le {a.date:%d/%m/%Y}.")
    return problems


def draft_problems(draft: RequestDraft, *, today: date) -> list[str]:
    """Every reason, in French, why ``draft`` cannot be stored as is (empty when it can)."""
    problems = []
    if not draft.title.strip():
        problems.append("Le titre est obligatoire.")
    if not draft.client.strip():
        problems.append("Le client ou la cliente est obligatoire.")
    problems += _session_problems(draft.sessions, today)
    if not 1 <= draft.team_size_min <= draft.team_size_max:
        problems.append("Taille d'équipe : il faut 1 ≤ minimum ≤ maximum.")
    if not 0 <= draft.learning_slots < max(draft.team_size_max, 1):
        problems.append(
            "Places d'apprentissage : au moins une place doit rester à un·e membre qui sait faire."
        )
    taxonomy = load_taxonomy()
    seen: set[str] = set()
    for need in draft.skills:
        if need.skill_id not in taxonomy:
            problems.append(f"Compétence inconnue : « {need.skill_id} ».")
        if need.skill_id in seen:
            problems.append(f"La compétence « {need.skill_id} » est demandée deux fois.")
        seen.add(need.skill_id)
        if not 0 <= need.min_level <= 4 or not 1 <= need.count <= draft.team_size_max:
            problems.append(
                f"« {need.skill_id} » : niveau de 0 à 4 et nombre de personnes de 1 à "
                f"{draft.team_size_max}."
            )
    problems += [f"Danger inconnu : « {h} »." for h in draft.hazards if h not in HAZARDS]
    if draft.licence_required and draft.licence_required not in LICENCES:
        problems.append(f"Agrément inconnu : « {draft.licence_required} ».")
    return problems
