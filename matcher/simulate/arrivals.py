"""Requests arriving each week, from the demo's request templates.

A client asks what a collective offers, on the days it works: each collective receives
requests of the templates (:data:`matcher.demo.texts.TEMPLATES`: realistic skills, team
sizes, learning slots, sessions and weekdays) that its members could staff on
one of the template's weekdays (:func:`offered_templates`), and that need no licence the
carrier lacks; the day is drawn among those. As in the demo's history, a collective of
20 members gets about two requests a week (four chances, each
``min(0.9, 0.5 × size / 20)``).

Arrivals depend on the seed and the week only, never on a policy: every policy faces the
same requests.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from matcher.demo.texts import TEMPLATES, ZONE_DE, RequestTemplate
from matcher.domain import Dataset, RequestSession, RequiredSkill, ServiceRequest
from matcher.simulate.cooperative import Cooperative, present_on
from matcher.simulate.draws import stream
from matcher.vocabulary import WEEKDAYS

__all__ = ["Arrival", "arrivals", "offered_templates"]

#: Members per collective for which the demo expects about two requests a week.
_REFERENCE_SIZE = 20


@dataclass
class Arrival:
    """One request with its sessions and required skills, ready to add to a dataset."""

    request: ServiceRequest
    sessions: list[RequestSession] = field(default_factory=list)
    skills: list[RequiredSkill] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.request.id

    @property
    def slots(self) -> list[tuple[date, time, time]]:
        """The sessions as booked slots (date, start, end)."""
        return [(s.date, s.start, s.end) for s in self.sessions]


def offered_templates(dataset: Dataset) -> dict[str, dict[RequestTemplate, list[int]]]:
    """Per collective, the templates it offers and the weekdays it offers them on.

    A template is offered on a weekday when the members who may work (any status but
    visitor, newcomers included) free at its hours — by their weekly windows, dated
    calendars and ledgers aside — are enough for its team and hold every required line at
    the level.
    """
    windows = _weekly_windows(dataset)
    skills: dict[str, dict[str, int]] = defaultdict(dict)
    for row in dataset.member_skills:
        skills[row.member_id][row.skill_id] = row.level
    workers: dict[str, list[str]] = defaultdict(list)
    for member in sorted(dataset.members, key=lambda m: m.id):
        if member.status != "visitor":
            workers[member.collective_id].append(member.id)
    offered: dict[str, dict[RequestTemplate, list[int]]] = {}
    for collective in dataset.collectives:
        offered[collective.id] = {}
        for template in TEMPLATES:
            if not template.weight or (
                template.licence and template.licence not in collective.licences
            ):
                continue
            days = [
                day
                for day in template.weekdays
                if day + template.sessions[-1][0] <= 6
                and _staffable(template, day, workers[collective.id], windows, skills)
            ]
            if days:
                offered[collective.id][template] = days
    return offered


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _weekly_windows(dataset: Dataset) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """(member, weekday) → merged windows in minutes."""
    raw: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for a in dataset.availabilities:
        end = 24 * 60 if a.end == time(0) else a.end.hour * 60 + a.end.minute
        raw[a.member_id, WEEKDAYS.index(a.weekday)].append(
            (a.start.hour * 60 + a.start.minute, end)
        )
    merged = {}
    for key, spans in raw.items():
        out: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
        merged[key] = out
    return merged


def _staffable(
    template: RequestTemplate,
    day: int,
    members: list[str],
    windows: dict[tuple[str, int], list[tuple[int, int]]],
    skills: dict[str, dict[str, int]],
) -> bool:
    def free(member: str) -> bool:
        return all(
            any(
                a <= _minutes(start) and _minutes(end) <= b
                for a, b in windows.get((member, day + offset), ())
            )
            for offset, start, end in template.sessions
        )

    available = [m for m in members if free(m)]
    return len(available) >= template.team[0] and all(
        sum(skills[m].get(need.skill_id, -1) >= need.min_level for m in available) >= need.count
        for need in template.skills
        if not need.optional
    )


def arrivals(coop: Cooperative, seed: int) -> list[list[Arrival]]:
    """The requests of each week (index = week), the same for every policy."""
    dataset = coop.dataset
    offered = offered_templates(dataset)
    zones: dict[str, list[str]] = defaultdict(list)
    for member in sorted(dataset.members, key=lambda m: m.id):
        zones[member.collective_id].append(member.home_zone)
    out: list[list[Arrival]] = []
    for week in range(coop.weeks):
        monday = coop.monday(week)
        weekly: list[Arrival] = []
        for collective in dataset.collectives:
            rng = stream(seed, "arrivals", collective.id, week)
            offers = offered[collective.id]
            templates = list(offers)
            present = sum(
                m.collective_id == collective.id and present_on(m, monday) for m in dataset.members
            )
            chance = min(0.9, 0.5 * present / _REFERENCE_SIZE)
            wanted = sum(rng.random() < chance for _ in range(4))
            for _ in range(wanted if templates else 0):
                template = rng.choices(templates, [t.weight for t in templates])[0]
                zone = rng.choice(zones[collective.id])
                number = f"sim-{week + 1:02d}-{len(weekly) + 1:02d}-{collective.id}"
                weekly.append(
                    _arrival(
                        number,
                        collective.id,
                        template,
                        monday,
                        rng.choice(offers[template]),
                        zone,
                        rng,
                    )
                )
        out.append(weekly)
    return out


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _arrival(
    request_id: str,
    collective_id: str,
    template: RequestTemplate,
    monday: date,
    weekday: int,
    zone: str,
    rng: random.Random,
) -> Arrival:
    first = monday + timedelta(days=weekday)
    sessions = [
        RequestSession(request_id, first + timedelta(days=offset), _hhmm(start), _hhmm(end))
        for offset, start, end in template.sessions
    ]
    hours = sum(
        (s.end.hour * 60 + s.end.minute - s.start.hour * 60 - s.start.minute) for s in sessions
    )
    request = ServiceRequest(
        request_id,
        collective_id,
        rng.choice(template.clients).format(de=ZONE_DE.get(zone, "du quartier")),
        template.title,
        template.description,
        zone=zone,
        estimated_person_hours=round(hours / 60 * template.team[1], 1),
        team_size_min=template.team[0],
        team_size_max=template.team[1],
        learning_slots=template.learning_slots,
        hazards=list(template.hazards),
        licence_required=template.licence,
        private_home=template.private_home,
        status="open",
        created_on=monday - timedelta(days=3),
    )
    skills = [
        RequiredSkill(request_id, n.skill_id, n.min_level, n.count, n.optional, list(n.hazards))
        for n in template.skills
    ]
    return Arrival(request, sessions, skills)
