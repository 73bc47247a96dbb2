"""JSON API for requests and their team proposals (``/api/v1``), over :mod:`matcher.staffing`.

The same bearer tokens and scopes as :mod:`web.api` (its authentication runs first), and
staff only: a member's token gets 403, a request or proposal of another collective 404.
A decision that cannot go through (already decided, a rule now broken) answers 409 with
the French reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, g
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from matcher import people, staffing
from matcher.feedback.vocabulary import DECLINE_REASONS
from matcher.vocabulary import HAZARDS, LICENCES
from web.api import SkillLineSchema, authenticate
from web.identity import database, today

bp = Blueprint(
    "api_requests",
    __name__,
    url_prefix="/api/v1",
    description="Demandes, équipes proposées et décisions (jeton Bearer, animation).",
)


@bp.before_request
def _staff_only() -> None:
    authenticate()
    if not _viewer().is_staff:
        abort(403)


def _viewer() -> people.Viewer:
    return g.api_viewer


def _now() -> datetime:
    return datetime.combine(today(), datetime.now().time().replace(microsecond=0))


def _rate() -> float:
    return float(current_app.config.get("HOURLY_RATE", staffing.DEFAULT_HOURLY_RATE))


# --- schemas ---------------------------------------------------------------------------


class RequestQuerySchema(Schema):
    status = fields.String(load_default="", validate=validate.OneOf(["", "open", "staffed"]))
    weeks = fields.String(load_default="both", validate=validate.OneOf(["both", "this", "next"]))


class RequestSummarySchema(Schema):
    id = fields.String()
    collective_id = fields.String()
    title = fields.String()
    client = fields.String()
    status = fields.String()
    first_day = fields.Date(allow_none=True)
    sessions = fields.Integer()
    pending_proposals = fields.Integer()


class SessionSchema(Schema):
    date = fields.Date(required=True)
    start = fields.Time(required=True, format="%H:%M")
    end = fields.Time(required=True, format="%H:%M")


class SkillNeedSchema(Schema):
    skill = fields.String(required=True)
    min_level = fields.Integer(load_default=1, validate=validate.Range(0, 4))
    count = fields.Integer(load_default=1, validate=validate.Range(1, 20))
    optional = fields.Boolean(load_default=False)


class RequestCreateSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(1, 200))
    client = fields.String(required=True, validate=validate.Length(1, 200))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    collective_id = fields.String(load_default="", metadata={"description": "admins only"})
    zone = fields.String(load_default="")
    sessions = fields.List(
        fields.Nested(SessionSchema), required=True, validate=validate.Length(1, 5)
    )
    skills = fields.List(
        fields.Nested(SkillNeedSchema),
        load_default=None,
        metadata={"description": "absent: the skills the description needs (extracted)"},
    )
    team_size_min = fields.Integer(load_default=1, validate=validate.Range(1, 20))
    team_size_max = fields.Integer(load_default=1, validate=validate.Range(1, 20))
    learning_slots = fields.Integer(load_default=0, validate=validate.Range(0, 10))
    hazards = fields.List(fields.String(validate=validate.OneOf(list(HAZARDS))), load_default=[])
    private_home = fields.Boolean(load_default=False)
    licence_required = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(list(LICENCES))
    )


class FindingSchema(Schema):
    code = fields.String()
    label_fr = fields.String()
    message_fr = fields.String()


class TeamMemberSchema(Schema):
    member_id = fields.String()
    display_name = fields.String()
    role = fields.String()
    covers = fields.List(fields.Nested(SkillLineSchema))
    learns = fields.List(fields.Nested(SkillLineSchema))
    teacher = fields.String(allow_none=True)
    reasons = fields.List(fields.String())
    hours = fields.Float()
    pay = fields.Float(metadata={"description": "hours × KPA_HOURLY_RATE (gross €)"})


class ProposalSchema(Schema):
    id = fields.String()
    rank = fields.Integer()
    status = fields.String()
    score = fields.Float()
    breakdown = fields.Dict(keys=fields.String(), values=fields.Float())
    members = fields.List(fields.Nested(TeamMemberSchema))
    decision_reason = fields.String()


class RequestProposalsSchema(Schema):
    request_id = fields.String(attribute="request.id")
    status = fields.String(attribute="request.status")
    title = fields.String(attribute="request.title")
    hours_per_member = fields.Float()
    hourly_rate = fields.Float()
    proposals = fields.List(fields.Nested(ProposalSchema))
    blocking = fields.List(fields.Nested(FindingSchema))
    ways_out = fields.List(fields.Nested(FindingSchema))


class DecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["accept", "decline"]))
    reason = fields.String(load_default="", validate=validate.OneOf(["", *DECLINE_REASONS]))
    text = fields.String(load_default="", validate=validate.Length(max=500))

    @validates_schema
    def _reason_for_declines(self, data: dict[str, Any], **_: Any) -> None:
        if data["decision"] == "decline" and not data["reason"]:
            raise ValidationError("Un refus demande une raison.", "reason")


class DecisionResultSchema(Schema):
    proposal_id = fields.String()
    status = fields.String()
    made = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


# --- endpoints -------------------------------------------------------------------------


def _draft(args: dict[str, Any]) -> staffing.RequestDraft:
    if args["skills"] is None:
        skills = tuple(
            staffing.SkillNeed(p.skill_id, p.min_level)
            for p in staffing.propose_skills(args["description"])
        )
    else:
        skills = tuple(
            staffing.SkillNeed(s["skill"], s["min_level"], s["count"], s["optional"])
            for s in args["skills"]
        )
    return staffing.RequestDraft(
        title=args["title"],
        client=args["client"],
        description=args["description"],
        sessions=tuple(
            staffing.SessionSlot(s["date"], s["start"], s["end"]) for s in args["sessions"]
        ),
        skills=skills,
        team_size_min=args["team_size_min"],
        team_size_max=args["team_size_max"],
        learning_slots=args["learning_slots"],
        hazards=tuple(args["hazards"]),
        private_home=args["private_home"],
        licence_required=args["licence_required"],
        zone=args["zone"],
        collective_id=args["collective_id"],
    )


def _detail(request_id: str) -> staffing.RequestDetail:
    detail = staffing.request_detail(
        database(), _viewer(), request_id, today=today(), hourly_rate=_rate()
    )
    if detail is None:
        abort(404)
    return detail


@bp.route("/requests")
class Requests(MethodView):
    @bp.arguments(RequestQuerySchema, location="query")
    @bp.response(200, RequestSummarySchema(many=True))
    def get(self, args: dict):  # type: ignore[no-untyped-def]
        """Open and staffed requests of this week and next, in the caller's scope."""
        return staffing.list_requests(
            database(), _viewer(), today=today(), status=args["status"], weeks=args["weeks"]
        )

    @bp.arguments(RequestCreateSchema)
    @bp.response(201, RequestProposalsSchema)
    def post(self, args: dict):  # type: ignore[no-untyped-def]
        """Create a request (skills extracted from the description when not given) and
        propose teams; with no team, ``blocking`` and ``ways_out`` say why."""
        try:
            request_id = staffing.create_request(
                database(), _viewer(), _draft(args), today=today(), now=_now()
            )
        except staffing.StaffingError as exc:
            abort(422, message=str(exc))
        staffing.propose_teams(database(), _viewer(), request_id, today=today(), now=_now())
        return _detail(request_id)


@bp.route("/requests/<request_id>/proposals")
class RequestProposals(MethodView):
    @bp.response(200, RequestProposalsSchema)
    def get(self, request_id: str):  # type: ignore[no-untyped-def]
        """The request's team proposals with pay, and the diagnosis when none is pending."""
        return _detail(request_id)


@bp.route("/proposals/<proposal_id>/decision")
class ProposalDecision(MethodView):
    @bp.arguments(DecisionSchema)
    @bp.response(200, DecisionResultSchema)
    def post(self, args: dict, proposal_id: str):  # type: ignore[no-untyped-def]
        """Accept (creates the mission) or decline with a reason code."""
        try:
            decision = staffing.decide(
                database(),
                _viewer(),
                proposal_id,
                accept=args["decision"] == "accept",
                reason=args["reason"],
                text=args["text"],
                now=_now(),
            )
        except staffing.StaffingError as exc:
            abort(409, message=str(exc))
        if decision is None:
            abort(404)
        status = "accepted" if args["decision"] == "accept" else "declined"
        return {"proposal_id": proposal_id, "status": status, "made": dict(decision.made)}
