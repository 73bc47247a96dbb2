"""Test factories: domain objects with sensible defaults, overridden per test.

``make_member(display_name="Inès")`` reads better in a test than a giant fixture, and each
test says only what matters to it. Dates are fixed so tests never depend on the clock.
"""

from __future__ import annotations

from datetime import date, datetime, time

from matcher.domain import (
    AuditEntry,
    Availability,
    BatchRun,
    Collective,
    Dataset,
    Feedback,
    HoursEntry,
    LearningWish,
    LevelChange,
    LevelEvidence,
    Member,
    MemberPrivate,
    MemberSkill,
    Mission,
    MissionMember,
    Network,
    Passion,
    PeerLearningPair,
    Proposal,
    ProposalMember,
    RankingModel,
    RequestSession,
    RequiredSkill,
    ServiceRequest,
    Unavailability,
    User,
)

#: The "today" of every test: 28 November 2026.
TODAY = date(2026, 11, 28)
#: Skill ids the fake taxonomy knows.
SKILLS = frozenset(
    {"cuisine", "couture", "patisserie", "video", "service-en-salle", "menuiserie", "jardinage"}
)


def known_skill(skill_id: str) -> bool:
    """The fake taxonomy: a plain set look-up."""
    return skill_id in SKILLS


def make_network(**overrides) -> Network:
    return Network(**{"id": "kpa-cite", "name": "KPA-Cité", **overrides})


def make_collective(**overrides) -> Collective:
    values = {"id": "kpa-roubaix", "network_id": "kpa-cite", "name": "KPA Roubaix Centre"}
    return Collective(**{**values, **overrides})


def make_member(**overrides) -> Member:
    values = {"id": "m-1", "collective_id": "kpa-roubaix", "display_name": "Inès B."}
    return Member(**{**values, **overrides})


def make_private(**overrides) -> MemberPrivate:
    values = {"member_id": "m-1", "legal_name": "Inès Benali", "birth_date": date(2008, 5, 14)}
    return MemberPrivate(**{**values, **overrides})


def make_skill(**overrides) -> MemberSkill:
    return MemberSkill(**{"member_id": "m-1", "skill_id": "cuisine", "level": 2, **overrides})


def make_request(**overrides) -> ServiceRequest:
    values = {
        "id": "r-1",
        "collective_id": "kpa-roubaix",
        "client": "Centre social Alma",
        "title": "Buffet d'inauguration",
    }
    return ServiceRequest(**{**values, **overrides})


def make_session(**overrides) -> RequestSession:
    values = {
        "request_id": "r-1",
        "date": date(2026, 12, 12),
        "start": time(9),
        "end": time(15),
    }
    return RequestSession(**{**values, **overrides})


def make_required_skill(**overrides) -> RequiredSkill:
    return RequiredSkill(**{"request_id": "r-1", "skill_id": "cuisine", **overrides})


def make_dataset(**tables) -> Dataset:
    """A network with one collective, plus whatever tables are given."""
    base = {"networks": [make_network()], "collectives": [make_collective()]}
    return Dataset(**{**base, **tables})


def make_full_dataset() -> Dataset:
    """Every table filled with at least one row using every field type (round trips)."""
    at = datetime(2026, 11, 20, 18, 30)
    return make_dataset(
        collectives=[
            make_collective(licences=["garde_moins_3_ans"], honorability_required=True),
            make_collective(id="kpa-lille", name="KPA Lille", default_weekly_hour_cap=30.5),
        ],
        members=[
            make_member(
                status="cape",
                contract_start=date(2026, 9, 1),
                contract_end=date(2027, 8, 31),
                home_zone="Épeule",
                mobility="bike",
                languages=["fr", "ar"],
                desired_hours_min=4.0,
                desired_hours_max=12.5,
                accommodations=["quiet_place"],
                visibility="private",
                joined_on=date(2026, 9, 15),
            ),
            make_member(id="m-2", display_name="=Yanis", collective_id="kpa-lille"),
            make_member(id="m-10", display_name="+Sam (x)", left_on=date(2026, 10, 1)),
        ],
        member_private=[
            make_private(
                contact="+33 6 12 34 56 78",
                parental_authorisation_date=date(2026, 9, 10),
                parental_authorisation_ref="AP-7",
            ),
            make_private(member_id="m-2", legal_name="Yanis Martin", birth_date=date(2004, 2, 29)),
            make_private(
                member_id="m-10",
                legal_name="Sam Dupont",
                birth_date=date(2000, 1, 1),
                honorability_date=date(2026, 9, 2),
            ),
        ],
        member_skills=[
            make_skill(level=3, evidence="coordinator", validated_by="u-1", validated_at=at),
            make_skill(skill_id="couture", level=0, last_practised=date(2026, 6, 1)),
            make_skill(member_id="m-2", skill_id="service-en-salle", level=4),
        ],
        learning_wishes=[
            LearningWish("m-1", "patisserie"),
            LearningWish("m-2", "video", priority=2),
        ],
        passions=[Passion("m-1", "rap | slam"), Passion("m-1", "@football")],
        availabilities=[
            Availability("m-1", "sat", time(8), time(18)),
            Availability("m-2", "wed", time(14, 30), time(18)),
        ],
        unavailabilities=[
            Unavailability("m-1", date(2026, 12, 19)),
            Unavailability("m-1", date(2026, 12, 24), time(14), time(18), "rendez-vous"),
        ],
        requests=[
            make_request(
                description="50 personnes ;\nsalé et sucré",
                zone="Alma",
                estimated_person_hours=30.0,
                team_size_min=3,
                team_size_max=4,
                learning_slots=1,
                created_on=date(2026, 11, 1),
            ),
            make_request(
                id="r-2",
                client="-Mme Dupont",
                title="Ourlets",
                hazards=["machine"],
                licence_required="garde_moins_3_ans",
                private_home=True,
                status="draft",
            ),
        ],
        request_sessions=[
            make_session(),
            make_session(date=date(2026, 12, 13), end=time(12)),
            make_session(request_id="r-2", start=time(14), end=time(17)),
        ],
        required_skills=[
            make_required_skill(min_level=3, count=2),
            make_required_skill(skill_id="service-en-salle", optional=True),
            make_required_skill(request_id="r-2", skill_id="couture", hazards=["machine"]),
        ],
        batch_runs=[
            BatchRun(
                "b-1",
                "2026-W48",
                "kpa-roubaix",
                parameters={"seed": 7, "weights": {"fair": 0.5}},
                code_version="0.1.0",
                counts={"proposals": 2},
                started_at=at,
                duration_seconds=1.25,
            )
        ],
        proposals=[
            Proposal(
                "p-1",
                "team",
                "kpa-roubaix",
                request_id="r-1",
                batch_run_id="b-1",
                week="2026-W48",
                score=0.875,
                score_breakdown={"skills": 0.5, "fairness": 0.375},
                reasons=["Inès a le niveau 3 en cuisine", "=équité"],
                created_at=at,
            )
        ],
        proposal_members=[
            ProposalMember(
                "p-1",
                "m-1",
                "referent",
                "cuisine",
                detail={"covers": ["cuisine"], "learns": [], "teacher": None, "reasons": ["=x"]},
            )
        ],
        missions=[Mission("mi-1", "r-1", "p-1", created_at=at)],
        mission_members=[
            MissionMember("mi-1", "m-1", "referent", "cuisine", outcome="done", hours_worked=5.5)
        ],
        hours=[
            HoursEntry("m-1", date(2026, 12, 12), time(9), time(15), mission_id="mi-1"),
            HoursEntry("m-2", date(2026, 12, 1), time(18), time(19, 30), "meeting", paid=False),
        ],
        pairs=[
            PeerLearningPair(
                "pa-1", "m-2", "m-1", "service-en-salle", "awaiting_approval", started_on=TODAY
            )
        ],
        feedback=[Feedback("f-1", "client", 5, "Très bien", mission_id="mi-1", created_at=at)],
        audit_log=[AuditEntry(at, "u-1", "import", "membres.csv", "3 membres")],
        users=[
            User("u-1", "coord", "coordinator", "argon2$secret", collective_id="kpa-roubaix"),
            User("u-2", "ines", "member", member_id="m-1", active=False),
        ],
        level_evidence=[
            LevelEvidence("e-1", "m-1", "patisserie", "mission", "mi-1", date(2026, 12, 12))
        ],
        level_changes=[
            LevelChange("lc-1", "m-1", "patisserie", 1, 2, evidence_count=2, created_at=at),
            LevelChange(
                "lc-2", "m-2", "video", 0, 1, "validated", 1, at, decided_by="u-1", decided_at=at
            ),
        ],
        ranking_models=[
            RankingModel("kpa-roubaix", {"coverage": 1.0, "learning": 0.75}, 12, fitted_at=at)
        ],
    )
