"""JSON API under ``/api/v1``: the same scoped queries as the pages, for API clients.

Authentication is a bearer token only (``matcher users token LOGIN``), never the session
cookie, so the API needs no CSRF token and a browser page cannot call it on someone's
behalf. The OpenAPI document is ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from flask import abort, g, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from werkzeug.datastructures import WWWAuthenticate

from matcher import accounts, people
from matcher.people import AGE_BANDS
from matcher.taxonomy import load_taxonomy
from matcher.vocabulary import WEEKDAYS
from web.identity import database, today

bp = Blueprint(
    "api", __name__, url_prefix="/api/v1", description="Membres et compétences (jeton Bearer)."
)


@bp.before_request
def authenticate() -> None:
    """Bearer token → ``g.api_viewer``, else 401 (shared by every API blueprint)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = accounts.user_for_token(database(), token.strip()) if scheme == "Bearer" else None
    if user is None:
        abort(401, www_authenticate=WWWAuthenticate("Bearer", {"realm": "kpa-matcher"}))
    g.api_viewer = people.Viewer(
        user.id, user.role, collective_id=user.collective_id, member_id=user.member_id
    )


class SkillSchema(Schema):
    id = fields.String()
    label_fr = fields.String()
    label_en = fields.String()
    domain = fields.String()


class SkillLineSchema(Schema):
    skill_id = fields.String()
    label_fr = fields.String()
    label_en = fields.String()
    level = fields.Integer(allow_none=True)


class MemberSummarySchema(Schema):
    id = fields.String()
    display_name = fields.String()
    collective_id = fields.String()
    home_zone = fields.String()
    status = fields.String()
    age_band = fields.String()
    skills = fields.List(fields.Nested(SkillLineSchema))


class MemberQuerySchema(Schema):
    skill = fields.String(load_default="")
    min_level = fields.Integer(load_default=0, validate=validate.Range(0, 4))
    zone = fields.String(load_default="")
    age_band = fields.String(load_default="", validate=validate.OneOf(["", *AGE_BANDS]))
    weekday = fields.String(load_default="", validate=validate.OneOf(["", *WEEKDAYS]))


class MemberProfileSchema(Schema):
    id = fields.String(attribute="member.id")
    display_name = fields.String(attribute="member.display_name")
    collective_id = fields.String(attribute="member.collective_id")
    home_zone = fields.String(attribute="member.home_zone")
    status = fields.String(attribute="member.status")
    age_band = fields.String(allow_none=True)
    skills = fields.List(fields.Nested(SkillLineSchema))
    wishes = fields.List(fields.Nested(SkillLineSchema))
    passions = fields.List(fields.String())


def _viewer() -> people.Viewer:
    return g.api_viewer


@bp.route("/skills")
class Skills(MethodView):
    @bp.response(200, SkillSchema(many=True))
    def get(self):  # type: ignore[no-untyped-def]
        """The taxonomy's curated skills."""
        return load_taxonomy().curated()


@bp.route("/members")
class Members(MethodView):
    @bp.arguments(MemberQuerySchema, location="query")
    @bp.response(200, MemberSummarySchema(many=True))
    def get(self, args: dict):  # type: ignore[no-untyped-def]
        """Members in the caller's scope (admins: all; coordinators: their collective)."""
        filters = people.MemberFilters(
            skill_id=args["skill"],
            min_level=args["min_level"],
            zone=args["zone"],
            age_band=args["age_band"],
            weekday=args["weekday"],
        )
        return people.search_members(database(), _viewer(), filters, today=today())


@bp.route("/members/<member_id>")
class MemberProfile(MethodView):
    @bp.response(200, MemberProfileSchema)
    def get(self, member_id: str):  # type: ignore[no-untyped-def]
        """One member's profile (staff in scope, or the member themself)."""
        profile = people.member_profile(database(), _viewer(), member_id, today=today())
        if profile is None:
            abort(404)
        return profile
