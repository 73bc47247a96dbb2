"""The comparison table (French, for people) and the JSON object (for programs).

The acceptance targets of the simulator compare **ours** with **experts** on the same
seed: ours staffs at least 98 % as many requests, at least twice as many members gain a
level, the Gini of paid hours is at most half, and no hard constraint is ever broken.
:func:`targets` measures each one; the table prints them when both policies ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matcher.simulate.metrics import Summary
from matcher.simulate.run import Run

__all__ = ["LABELS", "Target", "as_json", "table", "targets"]

#: Column titles of the policies.
LABELS = {"ours": "KPA Matcher", "experts": "Expert·es", "random": "Au hasard"}


@dataclass(frozen=True)
class Target:
    """One acceptance target: the measured ratio (or count) and whether it is met."""

    key: str
    label_fr: str
    measured: float
    goal: float
    met: bool


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf") if a else 1.0


def targets(runs: Mapping[str, Run]) -> list[Target]:
    """The four targets of ours against experts (empty unless both ran)."""
    if "ours" not in runs or "experts" not in runs:
        return []
    ours, experts = runs["ours"].summary, runs["experts"].summary
    staffed = _ratio(ours.staffed, experts.staffed)
    learners = _ratio(ours.members_gained, experts.members_gained)
    gini = _ratio(ours.gini_paid_hours, experts.gini_paid_hours)
    broken = sum(run.summary.violations for run in runs.values())
    return [
        Target("staffed", "demandes pourvues, ≥ 98 % d'expert·es", staffed, 0.98, staffed >= 0.98),
        Target(
            "members_gained",
            "membres ayant gagné un niveau, ≥ 2 × expert·es",
            learners,
            2.0,
            learners >= 2.0,
        ),
        Target("gini", "Gini des heures payées, ≤ ½ × expert·es", gini, 0.5, gini <= 0.5),
        Target("violations", "contraintes dures violées, 0", broken, 0, broken == 0),
    ]


def _number(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({_number(100 * part / whole if whole else 0.0)} %)"


def _rows(s: Summary) -> list[str]:
    return [
        _share(s.staffed, s.requests),
        f"{s.levels_gained} ({s.levels_from_missions})",
        f"{s.apprentices}/{s.learning_slots}",
        _share(s.members_gained, s.members),
        _share(s.minors_gained, s.minors),
        _number(s.gini_paid_hours, 3),
        _number(s.gini_hours_per_week_present, 3),
        _share(s.zero_paid_hours, s.payable),
        str(s.violations),
    ]


_ROW_LABELS = (
    "Demandes pourvues",
    "Niveaux gagnés (dont en mission)",
    "Places d'apprentissage pourvues",
    "Membres ayant gagné ≥ 1 niveau",
    "Mineur·es ayant gagné ≥ 1 niveau",
    "Gini des heures payées",
    "Gini des heures par semaine de présence",
    "Membres payables sans heure payée",
    "Contraintes dures violées",
)


def table(runs: Mapping[str, Run], *, weeks: int, members: int, seed: int) -> str:
    """The comparison table, then the targets when ours and experts both ran."""
    columns = {name: _rows(run.summary) for name, run in runs.items()}
    width = max(len(label) for label in _ROW_LABELS) + 2
    widths = {
        name: max(len(LABELS[name]), *(len(cell) for cell in cells)) + 2
        for name, cells in columns.items()
    }
    lines = [
        f"Simulation : {weeks} semaines, {members} membres au départ, graine {seed}.",
        "",
        "Indicateur".ljust(width) + "".join(LABELS[n].rjust(widths[n]) for n in columns),
    ]
    for i, label in enumerate(_ROW_LABELS):
        lines.append(
            label.ljust(width) + "".join(c[i].rjust(widths[n]) for n, c in columns.items())
        )
    found = targets(runs)
    if found:
        lines += ["", "Objectifs (KPA Matcher face aux expert·es) :"]
        for t in found:
            value = str(int(t.measured)) if t.key == "violations" else f"{_number(t.measured, 2)} ×"
            lines.append(f"  {t.label_fr} : {value} — {'atteint' if t.met else 'non atteint'}")
    return "\n".join(lines)


def as_json(runs: Mapping[str, Run], *, weeks: int, members: int, seed: int) -> dict[str, Any]:
    """One JSON-ready object: parameters, each policy's row and weekly curves, targets."""
    return {
        "weeks": weeks,
        "members": members,
        "seed": seed,
        "policies": {
            name: {**run.summary.as_dict(), "weekly": run.weekly} for name, run in runs.items()
        },
        "targets": [
            {"key": t.key, "measured": round(t.measured, 4), "goal": t.goal, "met": t.met}
            for t in targets(runs)
        ],
    }
