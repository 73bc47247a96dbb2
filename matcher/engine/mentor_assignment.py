"""Mentors for every open wish of the collective at once, as an exact integer programme.

Suggesting mentors wish by wish would hand the same scarce mentor to whoever asks first.
Here every open wish (each skill listed in a member's ``wishes``) is considered together:

* variables: one binary ``x`` per qualifying (mentor, learner, skill) pair
  (:func:`matcher.engine.mentor_pairs.check_pair`: level, free place, safeguarding, 1 h in
  common);
* each wish gets at most one mentor;
* each mentor takes at most ``mentor_capacity − mentees_active`` new pairs (a mentor
  teaching two skills to the same person uses two places: each is a commitment of time);
* objective ``value`` (default): maximise Σ pair score × ``1 / wish_priority``;
  objective ``served`` (``policy.mentor_objective``): first maximise the number of members
  with at least one wish served, then, among those optima, the total value (two solves,
  the second constrained to the first's optimum).

HiGHS proves the optimum (``mip_rel_gap`` 0); tests compare it with brute force.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matcher.engine.binary_programme import Row, maximise_binary
from matcher.engine.instance import Instance, Member
from matcher.engine.mentor_diagnosis import first_reason
from matcher.engine.mentor_pairs import (
    PairCheck,
    candidates_for,
    pair_reasons,
    rounded,
    wish_weight,
)
from matcher.engine.safeguarding import approval_reason
from matcher.engine.wording import join

__all__ = ["Option", "assign_mentors", "assignment_options", "open_wishes"]


@dataclass(frozen=True)
class Option:
    """A qualifying pair for one open wish, with its value in the objective."""

    wish: int
    check: PairCheck
    value: float


def open_wishes(instance: Instance) -> list[tuple[Member, str]]:
    """Every (member, skill) of the members' ``wishes``, in member then wish order."""
    return [(m, s) for m in instance.members for s in dict.fromkeys(m.wishes)]


def assignment_options(
    instance: Instance,
) -> tuple[list[tuple[Member, str]], list[list[PairCheck]], list[Option]]:
    """The open wishes, the candidates judged per wish (mentors with room), the options."""
    wishes = open_wishes(instance)
    judged = [candidates_for(instance, m, s, with_room_only=True) for m, s in wishes]
    options = [
        Option(w, c, c.total * wish_weight(wishes[w][0], wishes[w][1]))
        for w, checks in enumerate(judged)
        for c in sorted(checks, key=lambda c: c.mentor.id)
        if c.ok
    ]
    return wishes, judged, options


def _packing_rows(n_wishes: int, options: list[Option]) -> list[Row]:
    per_wish: list[dict[int, float]] = [{} for _ in range(n_wishes)]
    per_mentor: dict[str, tuple[Member, dict[int, float]]] = {}
    for k, option in enumerate(options):
        per_wish[option.wish][k] = 1.0
        mentor = option.check.mentor
        per_mentor.setdefault(mentor.id, (mentor, {}))[1][k] = 1.0
    rows: list[Row] = [(r, 0.0, 1.0) for r in per_wish if r]
    for m, r in per_mentor.values():
        rows.append((r, 0.0, float(max(0, m.mentor_capacity - m.mentees_active))))
    return rows


def solve_assignment(
    instance: Instance, wishes: list[tuple[Member, str]], options: list[Option]
) -> tuple[list[int], bool]:
    """Indices of the chosen options (module docstring: the two objectives), and if proven."""
    rows = _packing_rows(len(wishes), options)
    values = [o.value for o in options]
    if instance.policy.mentor_objective != "served":
        chosen = maximise_binary(values, rows)
        return [k for k, x in enumerate(chosen.x) if x], chosen.optimal
    learners = sorted({o.check.learner.id for o in options})
    y = {m: len(options) + i for i, m in enumerate(learners)}
    links: list[Row] = []
    for m in learners:
        row = {k: -1.0 for k, o in enumerate(options) if o.check.learner.id == m}
        row[y[m]] = 1.0
        links.append((row, -float(len(options)), 0.0))
    first = maximise_binary([0.0] * len(options) + [1.0] * len(learners), rows + links)
    served = sum(first.x[len(options) :])
    floor: Row = ({j: 1.0 for j in y.values()}, float(served), float(len(learners)))
    second = maximise_binary(values + [0.0] * len(learners), [*rows, *links, floor])
    return [k for k in range(len(options)) if second.x[k]], first.optimal and second.optimal


def _pair(instance: Instance, check: PairCheck) -> dict[str, Any]:
    reasons = pair_reasons(instance, check)
    notice = approval_reason(check.guard)
    if notice:
        reasons.append(notice)
    return {
        "mentor": check.mentor.id,
        "learner": check.learner.id,
        "skill": check.skill,
        "level": check.teaching.level,
        "via_skill": check.teaching.via_skill,
        "score": rounded(check.score),
        "requires_approval": check.guard.requires_approval,
        "place": check.guard.place,
        "reasons": reasons,
    }


def _unserved_reason(
    instance: Instance, member: Member, skill: str, judged: list[PairCheck]
) -> tuple[str, str]:
    possible = [c.mentor.label for c in judged if c.ok]
    if not possible:  # judge everyone, full mentors included, to say why
        return first_reason(instance, member, skill, candidates_for(instance, member, skill))
    places = "leurs places vont" if len(possible) > 1 else "ses places vont"
    verb = "pourraient" if len(possible) > 1 else "pourrait"
    return (
        "mentor_taken",
        f"{join(possible)} {verb} transmettre {skill}, mais {places} à d'autres souhaits",
    )


def assign_mentors(instance: Instance) -> dict[str, Any]:
    """``{"kind": "mentor_assignment", "pairs", "unserved", "objective"}`` for every open wish."""
    wishes, judged, options = assignment_options(instance)
    chosen, optimal = solve_assignment(instance, wishes, options)
    by_wish = {options[k].wish: options[k] for k in chosen}
    pairs, unserved = [], []
    for w, (member, skill) in enumerate(wishes):
        if w in by_wish:
            pairs.append(_pair(instance, by_wish[w].check))
            continue
        code, message = _unserved_reason(instance, member, skill, judged[w])
        unserved.append({"member": member.id, "skill": skill, "code": code, "reason": message})
    total = sum(options[k].value for k in chosen)
    return {
        "kind": "mentor_assignment",
        "pairs": pairs,
        "unserved": unserved,
        "objective": {
            "kind": instance.policy.mentor_objective,
            "value": round(total, 4),
            "served_members": len({options[k].check.learner.id for k in chosen}),
            "served_wishes": len(chosen),
            "open_wishes": len(wishes),
            "optimal": optimal,
        },
    }
