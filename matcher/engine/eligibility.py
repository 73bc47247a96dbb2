"""Member-level eligibility: can this member be on this request's team at all?

Hard constraints 3 and 4 of the issue (and the member side of 5 and 9) depend on one
member and the request only, never on team-mates, so they are computed once per member
and instance (see :mod:`matcher.engine.pool`). Because the same team works every session
of a request, a member is judged over *all* sessions together: two sessions in one week
add up against the weekly cap, and a Friday-evening session counts against the 12 h rest
before a Saturday-morning one.

Each reason is a :class:`Blocker` with a code from :data:`matcher.engine.codes.CODES` and
a French message a coordinator can read aloud::

    Inès a 16 ans le 13/12/2026 : pas de travail le dimanche pour un·e mineur·e
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from matcher.domain import age_on, is_minor_on
from matcher.engine import timerules as tr
from matcher.engine.instance import Instance, Member, Request, Slot
from matcher.engine.wording import clock, day, duration, join, long_day, week_label
from matcher.vocabulary import HAZARDS, MIN_MEMBER_AGE

__all__ = [
    "HEAVY_LOADS",
    "NO_HEAVY_LIFTING",
    "Blocker",
    "avoids_heavy_loads",
    "is_minor_for",
    "member_blockers",
    "minor_sessions",
    "request_of",
]

NO_HEAVY_LIFTING = "no_heavy_lifting"
HEAVY_LOADS = "heavy_loads"


@dataclass(frozen=True)
class Blocker:
    """Why one member cannot join the request's team; ``session`` indexes request.sessions."""

    code: str
    member: str
    message_fr: str
    session: int | None = None
    date: date | None = None


def request_of(instance: Instance) -> Request:
    """The instance's request; team functions need one (mentors/exchanges instances have none)."""
    if instance.request is None:
        raise ValueError("cette instance n'a pas de demande (« request ») : pas d'équipe à former")
    return instance.request


def minor_sessions(member: Member, request: Request) -> list[int]:
    """Indices of the sessions on whose date the member is under 18."""
    return [i for i, s in enumerate(request.sessions) if is_minor_on(member.birth_date, s.date)]


def is_minor_for(member: Member, request: Request) -> bool:
    """Under 18 on at least one session date: the minors' protections apply to the request."""
    return bool(minor_sessions(member, request))


def avoids_heavy_loads(member: Member) -> bool:
    return NO_HEAVY_LIFTING in member.accommodations


def hazard_names(hazards: tuple[str, ...]) -> str:
    """French names of hazards (unknown ids shown as given)."""
    return join([HAZARDS.get(h, h).lower() for h in hazards])


def member_blockers(instance: Instance, member: Member) -> list[Blocker]:
    """Every reason ``member`` cannot work this request, over all its sessions.

    An empty list means eligible. The list is deterministic: rules in the issue's order,
    sessions in request order.
    """
    request = request_of(instance)
    sessions = request.sessions
    out: list[Blocker] = []

    def add(code: str, message: str, session: int | None = None) -> None:
        when = sessions[session].date if session is not None else None
        out.append(Blocker(code, member.id, f"{member.label} {message}", session, when))

    minors = set(minor_sessions(member, request))

    def minor_says(i: int, rule: str) -> str:
        when = sessions[i].date
        return f"a {age_on(member.birth_date, when)} ans le {day(when)} : {rule}"

    _age_and_papers(member, sessions, minors, add, minor_says)
    for i, session in enumerate(sessions):
        _calendar(member, session, i, add)
        if i in minors:
            _minor_session(instance, session, i, add, minor_says)
    _weeks(member, sessions, minors, add, minor_says)
    _days(member, sessions, minors, add, minor_says)
    _rests(member, sessions, minors, add, minor_says)
    if request.hazards and minors:
        first = min(minors)
        add(
            "minor_hazard",
            minor_says(
                first,
                f"la demande comporte un danger ({hazard_names(request.hazards)}) "
                "interdit aux mineur·es",
            ),
            first,
        )
    if HEAVY_LOADS in request.hazards and avoids_heavy_loads(member):
        add(
            "accommodation",
            "ne porte pas de charges lourdes (aménagement) : la demande en comporte",
        )
    return out


Add = Callable[..., None]
Says = Callable[[int, str], str]


def _age_and_papers(
    member: Member, sessions: tuple[Slot, ...], minors: set[int], add: Add, says: Says
) -> None:
    for i, session in enumerate(sessions):
        age = age_on(member.birth_date, session.date)
        if age < MIN_MEMBER_AGE:
            add("age", f"a {age} ans le {day(session.date)} : il faut avoir 16 ans", i)
    if not member.contract_valid:
        add("contract", "n'a pas de contrat valide")
    if minors and not member.parental_authorisation:
        first = min(minors)
        add("minor_authorisation", says(first, "il manque l'autorisation parentale écrite"), first)


def _calendar(member: Member, session: Slot, i: int, add: Add) -> None:
    when = f"le {long_day(session.date)} de {clock(session.start)} à {clock(session.end)}"
    if not tr.covered_by_windows(member.availability, session):
        add("availability", f"n'est pas disponible {when}", i)
    for u in tr.unavailable_blocking(member.unavailable, session):
        what = "toute la journée" if u.whole_day else f"de {clock(u.start)} à {clock(u.end)}"  # type: ignore[arg-type]
        add("availability", f"est indisponible le {day(u.date)} ({what})", i)
    for b in tr.overlapping(member.booked, session):
        add(
            "booked_overlap",
            f"est déjà pris·e le {day(b.date)} de {clock(b.start)} à {clock(b.end)} "
            f"(séance de {clock(session.start)} à {clock(session.end)})",
            i,
        )


def _minor_session(instance: Instance, session: Slot, i: int, add: Add, says: Says) -> None:
    if not tr.within_minor_hours(session):
        add(
            "minor_night",
            says(
                i,
                f"séance de {clock(session.start)} à {clock(session.end)} : pas de travail "
                "avant 06:00 ni après 22:00 pour un·e mineur·e",
            ),
            i,
        )
    reason = tr.day_off_reason(session.date, instance.public_holidays)
    if reason is not None:
        what = "le dimanche" if reason == "sunday" else "un jour férié"
        add("minor_sunday_holiday", says(i, f"pas de travail {what} pour un·e mineur·e"), i)


def _weeks(
    member: Member, sessions: tuple[Slot, ...], minors: set[int], add: Add, says: Says
) -> None:
    everything = (*member.booked, *sessions)
    for week, indices in tr.sessions_by_week(sessions).items():
        booked = tr.minutes_in_week(member.booked, week)
        work = sum(tr.working_minutes(sessions[i]) for i in indices)
        label = week_label(week)
        if booked + work > member.max_hours_week * 60 + 1e-9:
            add(
                "weekly_cap",
                f"dépasserait son plafond de {duration(member.max_hours_week * 60)} la semaine "
                f"{label} ({duration(booked)} déjà prévues + {duration(work)} de séances)",
                indices[0],
            )
        minor_here = [i for i in indices if i in minors]
        if not minor_here:
            continue
        first = minor_here[0]
        if booked + work > tr.MINOR_WEEK_CAP_MINUTES:
            add(
                "minor_week_35h",
                says(
                    first,
                    f"{duration(booked + work)} de travail la semaine {label}, au-delà de 35 h "
                    "pour un·e mineur·e",
                ),
                first,
            )
        if not tr.free_day_pairs(tr.busy_days(everything), week):
            add(
                "minor_weekly_rest",
                says(
                    first,
                    f"la semaine {label} ne garderait pas deux jours de repos consécutifs",
                ),
                first,
            )


def _days(
    member: Member, sessions: tuple[Slot, ...], minors: set[int], add: Add, says: Says
) -> None:
    seen: set[date] = set()
    for i in sorted(minors):
        when = sessions[i].date
        if when in seen:
            continue
        seen.add(when)
        total = tr.minutes_on(member.booked, when) + tr.minutes_on(sessions, when, working=True)
        if total > tr.MINOR_DAY_CAP_MINUTES:
            add(
                "minor_day_8h",
                says(
                    i, f"{duration(total)} de travail ce jour-là, au-delà de 8 h pour un·e mineur·e"
                ),
                i,
            )


def _rests(
    member: Member, sessions: tuple[Slot, ...], minors: set[int], add: Add, says: Says
) -> None:
    reported: set[frozenset[int]] = set()
    for i in sorted(minors):
        session = sessions[i]
        shorts = tr.short_rests(session, member.booked)
        for j, other in enumerate(sessions):
            if j != i and frozenset((i, j)) not in reported:
                found = tr.short_rests(session, [other])
                if found:
                    reported.add(frozenset((i, j)))
                    shorts.extend(found)
        for other, gap in shorts:
            first, second = sorted((session, other), key=lambda s: (s.date, s.start))
            add(
                "minor_daily_rest",
                says(
                    i,
                    f"seulement {duration(max(gap, 0))} de repos entre le {day(first.date)} "
                    f"{clock(first.end)} et le {day(second.date)} {clock(second.start)}, "
                    "il en faut 12 pour un·e mineur·e",
                ),
                i,
            )
