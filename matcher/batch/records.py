"""A collective's plan as the rows the batch stores: proposals and their members.

Kinds and roles (``docs/batch.md`` is the contract the feedback loop reads):

* ``team`` — one proposal per team, ``rank`` 1…N for its request; members keep the engine's
  role (``referent``, ``membre``, ``apprenant``), ``skill_id`` the first skill they cover
  (or learn), ``detail`` the engine's ``covers``, ``learns``, ``teacher`` and ``reasons``;
* ``pair`` — one mentoring pair of the whole-collective assignment: roles ``mentor`` and
  ``apprenant``, both with the skill; the learner's ``detail.teacher`` is the mentor;
* ``exchange`` — one 2- or 3-cycle: every member has role ``echange``, ``skill_id`` the skill
  they learn, ``detail.teacher`` who teaches it to them and ``detail.teaches`` what they give.

Ids are random: a re-run replaces pending proposals, while accepted ones of the same week
stay, so no id derived from the week and a counter could be reused safely.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from matcher.batch.plan import CollectivePlan
from matcher.domain import Proposal, ProposalMember

__all__ = ["ProposalRows", "add_team_rows", "proposal_rows"]


@dataclass
class ProposalRows:
    proposals: list[Proposal] = field(default_factory=list)
    members: list[ProposalMember] = field(default_factory=list)
    #: stored id of each proposal by (kind, request id or position, rank), for the digest
    ids: dict[tuple[str, str | int, int], str] = field(default_factory=dict)


def _new_id() -> str:
    return f"p-{uuid.uuid4().hex[:20]}"


def _breakdown(score: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in score.items() if k != "total"}


def _add(
    rows: ProposalRows,
    *,
    kind: str,
    collective_id: str,
    week: str,
    key: str | int,
    rank: int,
    score: dict[str, float],
    reasons: list[str],
    batch_run_id: str | None,
    created_at: datetime | None,
) -> str:
    proposal = Proposal(
        id=_new_id(),
        kind=kind,
        collective_id=collective_id,
        request_id=key if kind == "team" else None,
        batch_run_id=batch_run_id,
        week=week,
        rank=rank,
        score=float(score.get("total", 0.0)),
        score_breakdown=_breakdown(score),
        reasons=reasons,
        created_at=created_at,
    )
    rows.proposals.append(proposal)
    rows.ids[kind, key, rank] = proposal.id
    return proposal.id


def add_team_rows(
    rows: ProposalRows,
    *,
    collective_id: str,
    week: str,
    request_id: str,
    teams: list[dict[str, Any]],
    names: dict[str, str],
    batch_run_id: str | None,
    created_at: datetime | None,
) -> None:
    """One pending ``team`` proposal per engine team of ``request_id``, with its members.

    The weekly batch and the web's « Nouvelle demande » (:mod:`matcher.staffing`, no batch
    run) both store teams through here, so the feedback loop reads them alike.
    """
    for team in teams:
        pid = _add(
            rows,
            kind="team",
            collective_id=collective_id,
            week=week,
            key=request_id,
            rank=team["rank"],
            score=team["score"],
            reasons=_team_reasons(team, names),
            batch_run_id=batch_run_id,
            created_at=created_at,
        )
        for m in team["members"]:
            skills = [*m["covers"], *m["learns"]]
            rows.members.append(
                ProposalMember(
                    pid,
                    m["id"],
                    m["role"],
                    skills[0] if skills else None,
                    {k: m[k] for k in ("covers", "learns", "teacher", "reasons")},
                )
            )


def proposal_rows(plan: CollectivePlan, batch_run_id: str, created_at: datetime) -> ProposalRows:
    """Every pending proposal of ``plan``, linked to the run that made it."""
    rows = ProposalRows()
    common = {
        "collective_id": plan.collective.id,
        "week": plan.week,
        "batch_run_id": batch_run_id,
        "created_at": created_at,
    }
    for staffing in plan.staffing:
        add_team_rows(
            rows, request_id=staffing.request.id, teams=staffing.teams, names=plan.names, **common
        )
    for k, pair in enumerate(plan.mentors["pairs"]):
        pid = _add(
            rows,
            kind="pair",
            key=k,
            rank=1,
            score=pair["score"],
            reasons=list(pair["reasons"]),
            **common,
        )
        rows.members += _pair_members(pid, pair)
    for k, cycle in enumerate(plan.exchanges["cycles"]):
        pid = _add(
            rows,
            kind="exchange",
            key=k,
            rank=1,
            score={"total": cycle["score"]},
            reasons=list(cycle["reasons"]),
            **common,
        )
        rows.members += _exchange_members(pid, cycle)
    return rows


def _team_reasons(team: dict[str, Any], names: dict[str, str]) -> list[str]:
    """The proposal's reasons: each member's, prefixed with their display name."""
    return [
        f"{names.get(m['id'], m['id'])} : {reason}"
        for m in team["members"]
        for reason in m["reasons"]
    ]


def _pair_members(pid: str, pair: dict[str, Any]) -> list[ProposalMember]:
    skill = pair["skill"]
    return [
        ProposalMember(
            pid,
            pair["mentor"],
            "mentor",
            skill,
            {"covers": [], "learns": [], "teacher": None, "teaches": [skill], "reasons": []},
        ),
        ProposalMember(
            pid,
            pair["learner"],
            "apprenant",
            skill,
            {"covers": [], "learns": [skill], "teacher": pair["mentor"], "reasons": []},
        ),
    ]


def _exchange_members(pid: str, cycle: dict[str, Any]) -> list[ProposalMember]:
    taught = {e["learner"]: e for e in cycle["edges"]}
    gives = {e["teacher"]: e["skill"] for e in cycle["edges"]}
    return [
        ProposalMember(
            pid,
            member,
            "echange",
            taught[member]["skill"],
            {
                "covers": [],
                "learns": [taught[member]["skill"]],
                "teacher": taught[member]["teacher"],
                "teaches": [gives[member]],
                "reasons": [],
            },
        )
        for member in cycle["members"]
    ]
