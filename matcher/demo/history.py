"""Twelve weeks of history: requests, missions, proposals, hours, pairs, feedback, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from matcher import __version__
from matcher.demo.calendar import _TIMES, _at, _iso_week
from matcher.demo.ledger import _available, _book, _can_lead, _counts_met, _fits, _try_book, _unbook
from matcher.demo.people import _ZONE_LABELS, MEMBERS_PER_COLLECTIVE
from matcher.demo.state import _Person, _Plan
from matcher.demo.texts import (
    CLIENT_COMMENTS,
    PAIR_COMMENTS,
    SKILL_LABELS_FR,
    SOFT_SKILLS,
    TEMPLATES,
    TEMPLATES_BY_KEY,
    ZONE_DE,
    RequestTemplate,
)
from matcher.domain import (
    AuditEntry,
    BatchRun,
    Feedback,
    HoursEntry,
    Mission,
    MissionMember,
    PeerLearningPair,
    Proposal,
    ProposalMember,
    RequestSession,
    RequiredSkill,
    ServiceRequest,
    is_minor_on,
)
from matcher.holidays import french_public_holidays
from matcher.vocabulary import LEAD_LEVEL

#: A collective does the same kind of request at most this often in the history.
MAX_REPEATS = 5


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


#: Template sessions as (day offset, start minute, end minute), parsed once.
_TEMPLATE_SESSIONS = {
    t.key: tuple((off, _minutes(start), _minutes(end)) for off, start, end in t.sessions)
    for t in TEMPLATES
}


class _HistoryMixin:
    """History and peer learning; mixed into :class:`~matcher.demo.builder._Builder`."""

    # --- history ----------------------------------------------------------------------

    def _simulate_history(self, plan: _Plan, people: list[_Person]) -> None:
        """Twelve weeks of weekly runs, meetings, a training and staffed, done requests."""
        rng = self.rng
        cap = int(plan.collective.default_weekly_hour_cap * 60)
        workers = [p for p in people if p.can_work]
        meeting_day = rng.choice((1, 3))
        training_week = rng.randrange(len(self.mondays)) if self.mondays else -1
        chance = min(0.9, 0.5 * plan.size / MEMBERS_PER_COLLECTIVE)
        leads = self._feasible_templates(workers)
        plan.offer = tuple(leads)
        offer = dict.fromkeys(leads, 0)
        for index, monday in enumerate(self.mondays):
            if not any(plan.active_on(monday + timedelta(days=d)) for d in range(7)):
                continue
            run = self._batch_run(plan, monday)
            if index % 2 == 0:
                self._gathering(plan, people, monday + timedelta(days=meeting_day), "meeting", cap)
            if index == training_week:
                self._gathering(plan, people, monday + timedelta(days=5), "training", cap)
            wanted = sum(rng.random() < chance for _ in range(4))
            outcomes = [
                self._past_request(plan, workers, monday, run, cap, offer, leads)
                for _ in range(wanted)
            ]
            staffed, unstaffed = outcomes.count("done"), outcomes.count("cancelled")
            run.counts = {
                "requests": staffed + unstaffed,
                "proposals": staffed,
                "accepted": staffed,
                "unstaffed": unstaffed,
            }

    def _batch_run(self, plan: _Plan, monday: date) -> BatchRun:
        """The weekly proposal run, on the Sunday evening before the planned week."""
        week = _iso_week(monday)
        run = BatchRun(
            f"run-{week}-{plan.collective.id}",
            week,
            plan.collective.id,
            parameters={
                "fairness_policy": plan.collective.fairness_policy,
                "weekly_hour_cap": plan.collective.default_weekly_hour_cap,
                "seed": self.seed,
            },
            code_version=__version__,
            started_at=_at(monday - timedelta(days=1), 20 * 60 + self.rng.randint(0, 59)),
            duration_seconds=round(self.rng.uniform(0.3, 4.0), 2),
        )
        self.ds.batch_runs.append(run)
        return run

    def _gathering(
        self, plan: _Plan, people: list[_Person], day: date, kind: str, cap: int
    ) -> None:
        """Unpaid CA meeting or training: counted in the ledger like any other hour."""
        if not (self.window_start <= day < self.today) or not plan.active_on(day):
            return
        if day in french_public_holidays(day.year):
            return
        start, end, share = (1080, 1170, 0.35) if kind == "meeting" else (570, 720, 0.3)
        for person in people:
            joined = person.member.joined_on or self.today
            if joined <= day and self.rng.random() < share and _fits(person, day, start, end, cap):
                _book(person, day, start, end)
                self.ds.hours.append(
                    HoursEntry(person.id, day, _TIMES[start], _TIMES[end], kind, paid=False)
                )

    def _placements(
        self, template: RequestTemplate, monday: date, first: date, last: date
    ) -> list[list[tuple[date, int, int]]]:
        """Possible sessions of ``template`` in the week of ``monday`` within [first, last].

        Shuffled: a client and the collective agree on whichever day suits both.
        """
        key = (template.key, monday, first, last)
        if key not in self._placement_cache:
            placements = []
            for weekday in template.weekdays:
                day0 = monday + timedelta(days=weekday)
                sessions = [
                    (day0 + timedelta(days=off), start, end)
                    for off, start, end in _TEMPLATE_SESSIONS[template.key]
                ]
                if first <= sessions[0][0] and sessions[-1][0] <= last:
                    placements.append(sessions)
            self._placement_cache[key] = placements
        placements = list(self._placement_cache[key])
        self.rng.shuffle(placements)
        return placements

    def _past_request(
        self,
        plan: _Plan,
        workers: list[_Person],
        monday: date,
        run: BatchRun,
        cap: int,
        offer: dict[str, int],
        leads: dict[str, list[_Person]],
    ) -> str | None:
        """Try a few request kinds until one can be staffed; record it as done.

        ``offer`` counts past requests per kind the collective can do; kinds already
        done weigh less, so the history is varied. ``leads`` lists who could lead each
        kind: without one free, staffing is not even tried. A request nobody could take
        is kept as cancelled, as the weekly run would have reported it.
        """
        rng = self.rng
        last = self.today - timedelta(days=1)
        templates = [TEMPLATES_BY_KEY[key] for key, done in offer.items() if done < MAX_REPEATS]
        weights = [t.weight / (1 + 2 * offer[t.key]) for t in templates]
        first_try = None
        for _ in range(5 if templates else 0):
            template = rng.weighted(templates, weights)
            for sessions in self._placements(template, monday, monday, last):
                if not all(plan.active_on(day) for day, _, _ in sessions):
                    continue
                first_try = first_try or (template, sessions)
                if not any(_available(p, sessions) for p in leads[template.key]):
                    continue
                team = self._staff(template, sessions, workers, cap)
                if team:
                    self._record_mission(plan, template, sessions, team, run)
                    offer[template.key] += 1
                    return "done"
        if first_try is None:
            return None
        self._request_row(plan, *first_try, "cancelled", self._created_before(run))
        return "cancelled"

    def _feasible_templates(self, workers: list[_Person]) -> dict[str, list[_Person]]:
        """Request kinds the collective can staff, each with who could lead it.

        Clients ask what a collective offers: a kind counts when, on one of its usual
        weekdays, the members free at those hours include a référent·e and cover the
        required skills (the hours ledger is ignored here).
        """
        reference = date(2000, 1, 3)  # a Monday far from any dated unavailability
        feasible = {}
        for template in self.history_templates:
            required = [need for need in template.skills if not need.optional]
            adults_only = bool(template.hazards) or any(n.hazards for n in template.skills)
            able = [p for p in workers if not (adults_only and is_minor_on(p.birth, self.today))]
            leaders = [p for p in able if _can_lead(p, required)]
            if not leaders or not _counts_met(required, able):
                continue
            for placement in self._placements(template, reference, reference, date.max):
                if not any(_available(p, placement) for p in leaders):
                    continue
                free = [p for p in able if _available(p, placement)]
                if len(free) >= template.team[0] and _counts_met(required, free):
                    feasible[template.key] = leaders
                    break
        return feasible

    def _staff(
        self,
        template: RequestTemplate,
        sessions: list[tuple[date, int, int]],
        workers: list[_Person],
        cap: int,
    ) -> list[tuple[_Person, str, str | None]] | None:
        """Greedy team: a référent·e (level ≥ 3), required skills, then learners.

        Candidates are ordered by hours worked so far (fairness) with some noise; every
        booking goes through the legal checks. Returns None, booking nothing, on failure.
        """
        rng = self.rng
        hazardous = bool(template.hazards) or any(need.hazards for need in template.skills)
        pool = [
            p
            for p in workers
            if p.work_from <= sessions[0][0]
            and sessions[-1][0] <= p.work_to
            and _available(p, sessions)
            and not (hazardous and any(is_minor_on(p.birth, day) for day, _, _ in sessions))
        ]
        pool.sort(key=lambda p: p.total_minutes + rng.random() * 240)
        team: list[tuple[_Person, str, str | None]] = []

        def take(person: _Person, role: str, skill: str | None) -> bool:
            if any(member is person for member, _, _ in team):
                return False
            if not _try_book(person, sessions, cap):
                return False
            team.append((person, role, skill))
            return True

        if self._fill_team(template, pool, team, take):
            return team
        for person, _, _ in team:
            for session in sessions:
                _unbook(person, *session)
        return None

    def _fill_team(
        self,
        template: RequestTemplate,
        pool: list[_Person],
        team: list[tuple[_Person, str, str | None]],
        take: Callable[[_Person, str, str | None], bool],
    ) -> bool:
        """Fill ``team`` through ``take``; False when the request cannot be staffed."""
        required = [need for need in template.skills if not need.optional]
        leads = [
            (need.skill_id, max(LEAD_LEVEL, need.min_level))
            for need in required
            if need.skill_id not in SOFT_SKILLS
        ]
        for person in pool:
            lead = next((s for s, lvl in leads if person.levels.get(s, 0) >= lvl), None)
            if lead and take(person, "referent", lead):
                break
        if not team:
            return False
        for need in required:
            have = sum(p.levels.get(need.skill_id, 0) >= need.min_level for p, _, _ in team)
            for person in pool:
                if have >= need.count:
                    break
                if person.levels.get(need.skill_id, 0) >= need.min_level:
                    have += take(person, "membre", need.skill_id)
            if have < need.count or len(team) > template.team[1]:
                return False
        size = self.rng.randint(*template.team)
        for skilled_only in (True, False):
            for person in pool:
                if len(team) >= size:
                    break
                skill = next(
                    (n.skill_id for n in template.skills if person.levels.get(n.skill_id)), None
                )
                if skill or not skilled_only:
                    take(person, "membre", skill)
        if len(team) < template.team[0]:
            return False
        wanted_skills = [need.skill_id for need in template.skills]
        learners = 0
        for person in pool:
            if learners >= template.learning_slots:
                break
            skill = next((s for s in person.wishes if s in wanted_skills), None)
            if skill and person.levels.get(skill, 0) < 2:
                learners += take(person, "apprenant", skill)
        return True

    def _record_mission(
        self,
        plan: _Plan,
        template: RequestTemplate,
        sessions: list[tuple[date, int, int]],
        team: list[tuple[_Person, str, str | None]],
        run: BatchRun,
    ) -> None:
        """Request, accepted proposal, mission, paid hours and maybe client feedback."""
        rng = self.rng
        assert run.started_at is not None
        request = self._request_row(plan, template, sessions, "done", self._created_before(run))
        decided_at = run.started_at + timedelta(minutes=rng.randint(10, 180))
        proposal = self._proposal(plan, request, sessions, team, run, decided_at)
        mission = Mission(self.next_id("mi", 4), request.id, proposal.id, "done", decided_at)
        self.ds.missions.append(mission)
        for person, role, skill in team:
            self.ds.proposal_members.append(ProposalMember(proposal.id, person.id, role, skill))
            self.ds.mission_members.append(MissionMember(mission.id, person.id, role, skill))
            for day, start, end in sessions:
                self.ds.hours.append(
                    HoursEntry(person.id, day, _TIMES[start], _TIMES[end], mission_id=mission.id)
                )
        if plan.coordinator_login:
            self.ds.audit_log.append(
                AuditEntry(decided_at, plan.staff_user, "proposal.accept", proposal.id)
            )
        if rng.random() < 0.7:
            self._client_feedback(request, mission, sessions[-1])

    def _created_before(self, run: BatchRun) -> date:
        """A request reaches the collective a few days before the run that plans it."""
        assert run.started_at is not None
        created = run.started_at.date() - timedelta(days=self.rng.randint(1, 10))
        return max(self.window_start, created)

    def _request_row(
        self,
        plan: _Plan,
        template: RequestTemplate,
        sessions: list[tuple[date, int, int]],
        status: str,
        created: date,
    ) -> ServiceRequest:
        """Store a request of ``template`` with its sessions and required skills."""
        request_hours = sum(end - start for _, start, end in sessions) / 60
        zone = self.rng.choice(plan.zones)
        request = ServiceRequest(
            self.next_id("r", 4),
            plan.collective.id,
            self.rng.choice(template.clients).format(de=ZONE_DE[zone]),
            template.title,
            template.description,
            zone=zone,
            estimated_person_hours=round(request_hours * template.team[1], 1),
            team_size_min=template.team[0],
            team_size_max=template.team[1],
            learning_slots=template.learning_slots,
            hazards=list(template.hazards),
            licence_required=template.licence,
            private_home=template.private_home,
            status=status,
            created_on=created,
        )
        self.ds.requests.append(request)
        for day, start, end in sessions:
            self.ds.request_sessions.append(
                RequestSession(request.id, day, _TIMES[start], _TIMES[end])
            )
        for need in template.skills:
            self.ds.required_skills.append(
                RequiredSkill(
                    request.id,
                    need.skill_id,
                    need.min_level,
                    need.count,
                    need.optional,
                    list(need.hazards),
                )
            )
        return request

    def _proposal(
        self,
        plan: _Plan,
        request: ServiceRequest,
        sessions: list[tuple[date, int, int]],
        team: list[tuple[_Person, str, str | None]],
        run: BatchRun,
        decided_at: datetime,
    ) -> Proposal:
        """The accepted rank-1 team proposal, with a score breakdown and French reasons."""
        rng = self.rng
        workers = [(p, s) for p, role, s in team if role != "apprenant"]
        learners = [(p, s) for p, role, s in team if role == "apprenant"]
        session_minutes = sum(end - start for _, start, end in sessions)
        before = [(p.total_minutes - session_minutes) / 60 for p, _, _ in team]
        mean_before = sum(before) / len(before)
        breakdown = {
            "skills": round(
                sum(p.levels.get(s or "", 0) for p, s in workers) / 4 / len(workers), 2
            ),
            "fairness": round(max(0.0, 1 - mean_before / 60), 2),
            "learning": round(len(learners) / request.learning_slots, 2)
            if request.learning_slots
            else 0.0,
            "proximity": round(
                sum(1.0 if p.member.home_zone == request.zone else 0.6 for p, _, _ in team)
                / len(team),
                2,
            ),
            "passion": round(rng.uniform(0.1, 0.7), 2),
        }
        weights = {
            "skills": 0.35,
            "fairness": 0.25,
            "learning": 0.15,
            "proximity": 0.15,
            "passion": 0.1,
        }
        score = round(sum(breakdown[k] * w for k, w in weights.items()), 3)
        proposal = Proposal(
            self.next_id("p", 5),
            "team",
            plan.collective.id,
            request.id,
            run.id,
            run.week,
            rank=1,
            score=score,
            score_breakdown=breakdown,
            reasons=self._reasons(team, request, mean_before),
            status="accepted",
            decided_by=plan.staff_user,
            decided_at=decided_at,
            decision_reason="Validée en comité planning",
            created_at=run.started_at,
        )
        self.ds.proposals.append(proposal)
        return proposal

    def _reasons(
        self, team: list[tuple[_Person, str, str | None]], request: ServiceRequest, hours: float
    ) -> list[str]:
        """Why this team, in the words a coordinator reads."""
        reasons = []
        for person, role, skill in team:
            label = SKILL_LABELS_FR.get(skill or "", "")
            name = person.member.display_name
            if role == "referent":
                level = person.levels[skill or ""]
                reasons.append(f"{name} est référent·e : {label} niveau {level}")
            elif role == "apprenant":
                reasons.append(f"{name} veut apprendre « {label} » (place d'apprentissage)")
            elif len(reasons) < 3:
                reasons.append(f"{name} : {label} niveau {person.levels.get(skill or '', 0)}")
        reasons.append(f"Équité : l'équipe avait en moyenne {hours:.0f} h sur la période")
        local = sum(p.member.home_zone == request.zone for p, _, _ in team)
        reasons.append(f"{local}/{len(team)} habitent le quartier ({_ZONE_LABELS[request.zone]})")
        return reasons

    def _client_feedback(
        self, request: ServiceRequest, mission: Mission, last: tuple[date, int, int]
    ) -> None:
        rng = self.rng
        rating = rng.weighted((1, 2, 3, 4, 5), (1, 3, 12, 40, 44))
        day, _, end = last
        # A few days later in office hours, or the same evening if that would be the future.
        at = _at(day + timedelta(days=rng.randint(1, 3)), rng.randint(9 * 60, 18 * 60))
        if at.date() >= self.today:
            at = _at(day, min(end + 30, 23 * 60))
        self.ds.feedback.append(
            Feedback(
                self.next_id("fb", 4),
                request.client,
                rating,
                rng.choice(CLIENT_COMMENTS[rating]),
                mission_id=mission.id,
                created_at=at,
            )
        )

    # --- peer learning ----------------------------------------------------------------

    def _make_pairs(self, plan: _Plan, people: list[_Person]) -> None:
        """Mentor (level ≥ 3) and learner who wishes the skill; minors need an approval."""
        rng = self.rng
        target = max(1, len(people) // 6)
        learners = list(people)
        rng.shuffle(learners)
        made = 0
        for learner in learners:
            if made >= target:
                break
            for skill in learner.wishes:
                mentor = self._mentor_for(plan, learner, skill, people)
                if mentor and self._pair(plan, mentor, learner, skill):
                    made += 1
                    break

    def _mentor_for(
        self, plan: _Plan, learner: _Person, skill: str, people: list[_Person]
    ) -> _Person | None:
        learner_minor = is_minor_on(learner.birth, self.today)
        mentors = [
            p
            for p in people
            if p is not learner
            and p.levels.get(skill, 0) >= LEAD_LEVEL
            and not (
                plan.collective.honorability_required
                and learner_minor
                and not is_minor_on(p.birth, self.today)
                and not p.honorability
            )
        ]
        if not mentors:
            return None
        best = max(p.levels[skill] for p in mentors)
        return self.rng.choice([p for p in mentors if p.levels[skill] == best])

    def _pair(self, plan: _Plan, mentor: _Person, learner: _Person, skill: str) -> bool:
        rng, today = self.rng, self.today
        started = today - timedelta(days=rng.randint(7, 75))
        joined = max(mentor.member.joined_on or today, learner.member.joined_on or today)
        started = max(started, joined + timedelta(days=1))
        if started >= today:
            return False
        pair = PeerLearningPair(self.next_id("pair", 4), mentor.id, learner.id, skill)
        pair.started_on = started
        elapsed_weeks = (today - started).days // 7
        if (today - started).days >= 28 and rng.random() < 0.3:
            pair.status = "closed"
            pair.ended_on = started + timedelta(days=rng.randint(21, (today - started).days - 1))
            pair.sessions_held = rng.randint(3, 8)
        else:
            pair.sessions_held = rng.randint(0, min(6, elapsed_weeks))
        if is_minor_on(mentor.birth, started) or is_minor_on(learner.birth, started):
            approved = started - timedelta(days=rng.randint(1, 5))
            pair.approved_by = plan.staff_user
            pair.approved_at = _at(approved, 17 * 60 + 30)
            if plan.coordinator_login:
                self.ds.audit_log.append(
                    AuditEntry(pair.approved_at, plan.staff_user, "pair.approve", pair.id)
                )
        self.ds.pairs.append(pair)
        self._pair_feedback(pair, skill)
        return True

    def _pair_feedback(self, pair: PeerLearningPair, skill: str) -> None:
        """The learner's word on the exchange, as RERS close one (DOMAIN.md §1.6)."""
        rng = self.rng
        closing = pair.status == "closed" and rng.random() < 0.8
        if not closing and not (pair.sessions_held >= 3 and rng.random() < 0.3):
            return
        day = pair.ended_on if closing and pair.ended_on else self.today - timedelta(days=1)
        comment = rng.choice(PAIR_COMMENTS).format(skill=SKILL_LABELS_FR[skill])
        self.ds.feedback.append(
            Feedback(
                self.next_id("fb", 4),
                pair.learner_id,
                rng.weighted((3, 4, 5), (2, 5, 5)),
                comment,
                pair_id=pair.id,
                member_id=pair.mentor_id,
                created_at=_at(day, 19 * 60),
            )
        )
