"""« Nouvelle demande »: from a client's French text to an accepted team, without Flask.

* :mod:`~matcher.staffing.drafts` — text → skills to confirm → a checked draft;
* :mod:`~matcher.staffing.requests` — storing a draft, listing a collective's requests;
* :mod:`~matcher.staffing.teams` — teams proposed and stored like the batch's, their pay,
  a swapped member judged by the engine, accept and decline through the feedback loop.

Every function takes the viewer (:class:`matcher.people.Viewer`) and scopes its queries.
"""

from matcher.staffing.drafts import (
    ProposedSkill,
    RequestDraft,
    SessionSlot,
    SkillNeed,
    draft_problems,
    propose_skills,
)
from matcher.staffing.requests import (
    RequestSummary,
    StaffingError,
    collectives,
    create_request,
    list_requests,
)
from matcher.staffing.teams import (
    DEFAULT_HOURLY_RATE,
    Finding,
    ProposalView,
    RequestDetail,
    SwapPreview,
    decide,
    proposal_request,
    propose_teams,
    request_detail,
    swap_member,
)

__all__ = [
    "DEFAULT_HOURLY_RATE",
    "Finding",
    "ProposalView",
    "ProposedSkill",
    "RequestDetail",
    "RequestDraft",
    "RequestSummary",
    "SessionSlot",
    "SkillNeed",
    "StaffingError",
    "SwapPreview",
    "collectives",
    "create_request",
    "decide",
    "draft_problems",
    "list_requests",
    "proposal_request",
    "propose_skills",
    "propose_teams",
    "request_detail",
    "swap_member",
]
