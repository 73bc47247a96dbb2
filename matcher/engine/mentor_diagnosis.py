"""Why nobody can mentor a wish, and what would change that, in plain French.

A coordinator facing "no mentor" needs to know whether the collective lacks the skill
altogether (look outside), or has it in people who are full, never free at the same
time as the learner, or not cleared to meet a minor (each of which a conversation can
fix). Each blocking entry lists the members it really stops; a member stopped by
several rules appears under each of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matcher.engine.instance import Instance, Member
from matcher.engine.mentor_pairs import MENTOR_CODES, MENTOR_LEVEL, PairCheck
from matcher.engine.overlap import total_minutes
from matcher.engine.safeguarding import age_label
from matcher.engine.wording import duration, join

__all__ = ["first_reason", "mentor_diagnosis"]

#: Order of the blocking entries (a subset of :data:`MENTOR_CODES`).
BLOCKING_ORDER = tuple(c for c in MENTOR_CODES if c != "mentor_taken")


def _names(checks: Sequence[PairCheck]) -> str:
    return join([c.mentor.label for c in checks])


def _message(
    instance: Instance, learner: Member, skill: str, code: str, hit: list[PairCheck]
) -> str:
    plural = len(hit) > 1
    if code == "mentor_level":
        others = (
            f"d'autre que {learner.label} " if (learner.level(skill) or 0) >= MENTOR_LEVEL else ""
        )
        return (
            f"Personne {others}n'a le niveau {MENTOR_LEVEL} en {skill}, "
            "ni dans une compétence proche"
        )
    if code == "mentor_capacity":
        verbs = "peuvent" if plural else "peut", "suivent" if plural else "suit"
        return (
            f"{_names(hit)} {verbs[0]} transmettre {skill} mais {verbs[1]} déjà autant "
            "d'apprenant·es que prévu"
        )
    if code == "honorability":
        unchecked = list(dict.fromkeys(i for c in hit for i in c.guard.unchecked_adults))
        young = list(dict.fromkeys(i for c in hit for i in c.guard.minor_ids))
        ages = [
            f"{instance.member(i).label} ({age_label(instance, instance.member(i))})" for i in young
        ]
        return (
            f"{join([instance.member(i).label for i in unchecked])} : pas de contrôle "
            f"d'honorabilité à jour, exigé auprès d'un·e mineur·e ({join(ages)})"
        )
    return (
        f"{_names(hit)} {'ont' if plural else 'a'} moins d'1 h de disponibilités en "
        f"commun avec {learner.label} par semaine"
    )


def _ways_out(instance: Instance, learner: Member, skill: str, by_code: dict) -> list[dict]:
    out: list[dict[str, Any]] = []
    for check in by_code.get("mentor_capacity", []):
        m = check.mentor
        out.append(
            {
                "code": "mentor_capacity",
                "members": [m.id],
                "message_fr": f"si {m.label} acceptait un·e apprenant·e de plus (suit "
                f"{m.mentees_active} apprenant·e(s), pour {m.mentor_capacity} accepté·e(s))",
            }
        )
    for check in by_code.get("honorability", []):
        who = join([instance.member(i).label for i in check.guard.unchecked_adults])
        out.append(
            {
                "code": "honorability",
                "members": [check.mentor.id],
                "message_fr": f"{check.mentor.label} pourra transmettre une fois le contrôle "
                f"d'honorabilité de {who} à jour",
            }
        )
    for check in by_code.get("mentor_availability", []):
        got = total_minutes(check.common)
        have = f"seulement {duration(got)}" if got else "aucun créneau"
        out.append(
            {
                "code": "mentor_availability",
                "members": [check.mentor.id],
                "message_fr": f"{check.mentor.label} et {learner.label} n'ont {have} en commun "
                "par semaine : élargir les disponibilités de l'un·e ou de l'autre",
            }
        )
    if "mentor_level" in by_code:
        near = sorted(
            (m for m in instance.members if m.id != learner.id and (m.level(skill) or 0) > 0),
            key=lambda m: (-(m.level(skill) or 0), m.id),
        )
        for m in near[:3]:
            out.append(
                {
                    "code": "mentor_level",
                    "members": [m.id],
                    "message_fr": f"{m.label} a le niveau {m.level(skill)} en {skill} : "
                    "apprendre ensemble auprès d'un·e intervenant·e extérieur·e",
                }
            )
        out.append(
            {
                "code": "mentor_level",
                "members": [],
                "message_fr": f"chercher un·e mentor en {skill} dans un autre collectif du réseau",
            }
        )
    return out


def mentor_diagnosis(
    instance: Instance, learner: Member, skill: str, checks: Sequence[PairCheck]
) -> dict[str, Any]:
    """``{"blocking": [{"code", "skill", "members", "message_fr"}], "ways_out": [...]}``."""
    by_code: dict[str, list[PairCheck]] = {}
    if not checks:
        by_code["mentor_level"] = []
    for check in checks:
        for code in check.blocking:
            by_code.setdefault(code, []).append(check)
    blocking = [
        {
            "code": code,
            "skill": skill,
            "members": [c.mentor.id for c in by_code[code]],
            "message_fr": _message(instance, learner, skill, code, by_code[code]),
        }
        for code in BLOCKING_ORDER
        if code in by_code
    ]
    return {"blocking": blocking, "ways_out": _ways_out(instance, learner, skill, by_code)}


def first_reason(
    instance: Instance, learner: Member, skill: str, checks: Sequence[PairCheck]
) -> tuple[str, str]:
    """The main ``(code, message_fr)`` of a wish nobody qualifies for (``unserved`` rows)."""
    blocking = mentor_diagnosis(instance, learner, skill, checks)["blocking"]
    return blocking[0]["code"], "; ".join(b["message_fr"] for b in blocking)
