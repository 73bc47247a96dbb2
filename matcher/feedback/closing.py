"""Closing a mission: real hours, per-member outcomes, client feedback, level evidence.

The interface (``matcher missions close``, docs/feedback.md §4): for each member, the hours
really worked (default: as planned) and an outcome from
:data:`~matcher.feedback.vocabulary.MEMBER_OUTCOMES` (default ``completed``, or ``absent``
for 0 h); optionally the client's rating (1–5) and comment.

The hours ledger is the source of truth for legal caps and fairness, so it is rewritten
to the real hours: the member's lines of the mission are filled in session order from
their start, the last one cut short, empty ones dropped; extra time lengthens the last
session (within its day). An absent member keeps no line at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, time

from matcher.domain import AuditEntry, Dataset, Feedback, HoursEntry
from matcher.feedback import lookup
from matcher.feedback.changes import Decision
from matcher.feedback.errors import FeedbackError
from matcher.feedback.evidence import mission_evidence, queue_level_changes
from matcher.feedback.vocabulary import MEMBER_OUTCOMES

__all__ = ["ClientFeedback", "MemberReport", "close_mission", "fit_entries"]

DAY_END = 24 * 60 - 1  # a ledger line ends at 23:59 at the latest


@dataclass(frozen=True)
class MemberReport:
    """What a member really did; None means "as planned" (hours) or "deduced" (outcome)."""

    hours: float | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class ClientFeedback:
    rating: int
    comment: str = ""


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def fit_entries(entries: list[HoursEntry], minutes: int) -> list[HoursEntry]:
    """``entries`` (one member, one mission) rewritten to total exactly ``minutes``.

    >>> from datetime import date
    >>> day = date(2026, 12, 12)
    >>> rows = [HoursEntry("m", day, time(9), time(12)), HoursEntry("m", day, time(14), time(17))]
    >>> [(e.start.hour, e.end.hour) for e in fit_entries(rows, 4 * 60)]
    [(9, 12), (14, 15)]
    """
    ordered = sorted(entries, key=lambda e: (e.date, e.start))
    left, fitted = minutes, []
    for entry in ordered:
        length = min(left, _minutes(entry.end) - _minutes(entry.start))
        if length > 0:
            fitted.append(replace(entry, end=_time(_minutes(entry.start) + length)))
        left -= length
    if left > 0:
        if not fitted:
            raise FeedbackError("Aucune séance prévue pour y inscrire ces heures.")
        last = fitted[-1]
        end = _minutes(last.end) + left
        if end > DAY_END:
            raise FeedbackError(
                f"{last.member_id} : {minutes / 60:g} h ne tiennent pas dans les séances "
                f"(la dernière, le {last.date:%d/%m/%Y}, finirait après minuit)."
            )
        fitted[-1] = replace(last, end=_time(end))
    return fitted


def _outcome(member_id: str, report: MemberReport, hours: float) -> str:
    outcome = report.outcome or ("absent" if hours == 0 else "completed")
    if outcome not in MEMBER_OUTCOMES:
        raise FeedbackError(
            f"{member_id} : résultat inconnu « {outcome} » ({', '.join(MEMBER_OUTCOMES)})."
        )
    if (outcome == "absent") != (hours == 0):
        raise FeedbackError(
            f"{member_id} : {hours:g} h travaillée(s) ne va pas avec le résultat "
            f"« {MEMBER_OUTCOMES[outcome]} »."
        )
    return outcome


def close_mission(
    dataset: Dataset,
    mission_id: str,
    reports: Mapping[str, MemberReport],
    client: ClientFeedback | None = None,
    *,
    actor: str,
    now: datetime,
) -> Decision:
    """Close a planned mission with what really happened (see the module docstring)."""
    mission = lookup.mission(dataset, mission_id)
    if mission.status != "planned":
        raise FeedbackError(f"La mission {mission_id} est déjà close ({mission.status}).")
    team = lookup.mission_members(dataset, mission_id)
    strangers = sorted(set(reports) - {mm.member_id for mm in team})
    if strangers:
        raise FeedbackError(
            f"{', '.join(strangers)} ne fait pas partie de la mission {mission_id}."
        )
    if client is not None and not 1 <= client.rating <= 5:
        raise FeedbackError(f"La note du client doit aller de 1 à 5 (reçu : {client.rating}).")
    decision = Decision()
    changes = decision.changes
    outcomes: dict[str, str] = {}
    for mm in team:
        report = reports.get(mm.member_id, MemberReport())
        planned = [
            h for h in dataset.hours if h.mission_id == mission_id and h.member_id == mm.member_id
        ]
        planned_minutes = sum(_minutes(h.end) - _minutes(h.start) for h in planned)
        hours = planned_minutes / 60 if report.hours is None else report.hours
        if hours < 0:
            raise FeedbackError(f"{mm.member_id} : un nombre d'heures ne peut pas être négatif.")
        outcomes[mm.member_id] = _outcome(mm.member_id, report, hours)
        fitted = fit_entries(planned, round(hours * 60))
        changes.delete("hours", {"mission_id": mission_id, "member_id": mm.member_id})
        changes.insert("hours", *fitted)
        changes.update(
            "mission_members",
            {"mission_id": mission_id, "member_id": mm.member_id},
            {"outcome": outcomes[mm.member_id], "hours_worked": round(hours, 2)},
        )
    changes.update("missions", {"id": mission_id}, {"status": "done"}, expect={"status": "planned"})
    others = [
        m for m in dataset.missions if m.request_id == mission.request_id and m.id != mission_id
    ]
    if all(m.status != "planned" for m in others):
        changes.update("requests", {"id": mission.request_id}, {"status": "done"})
    if client is not None:
        request = lookup.request(dataset, mission.request_id)
        changes.insert(
            "feedback",
            Feedback(
                lookup.stable_id("fb", mission_id),
                request.client,
                client.rating,
                client.comment.strip(),
                mission_id=mission_id,
                created_at=now,
            ),
        )
    evidence = mission_evidence(dataset, mission_id, outcomes, now.date())
    queued = queue_level_changes(dataset, evidence, now)
    changes.insert("level_evidence", *evidence)
    changes.insert("level_changes", *queued)
    decision.note("evidence", *(e.id for e in evidence))
    decision.note("level_changes", *(c.id for c in queued))
    changes.insert(
        "audit_log",
        AuditEntry(now, actor, "mission.close", mission_id, f"evidence={len(evidence)}"),
    )
    return decision
