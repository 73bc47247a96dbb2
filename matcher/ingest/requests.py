"""The ``demandes`` file: new service requests, their sessions and required skills."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time

from matcher import vocabulary as voc
from matcher.domain import Dataset, RequestSession, RequiredSkill, ServiceRequest
from matcher.ingest.cells import (
    BadCell,
    each_item,
    format_date_fr,
    format_interval,
    loose_key,
    no_duplicates,
    parse_bool,
    parse_date,
    parse_float,
    parse_int,
    parse_session_item,
    parse_team_size,
    quoted,
    vocab,
)
from matcher.ingest.columns import MAX_PERSON_HOURS, REQUEST_COLUMNS, header_map
from matcher.ingest.result import ImportResult, all_or_nothing
from matcher.ingest.rows import Collectives, Ids, Row, data_rows, explicit_ids
from matcher.ingest.skills import KnownSkill, parse_need
from matcher.tabular import Sheet


def parse_requests(
    sheet: Sheet,
    *,
    existing: Dataset,
    known_skill: KnownSkill,
    today: date,
    file_name: str,
    detail_tables: frozenset[str] = frozenset(),
) -> ImportResult:
    """Build new service requests with their sessions and required skills."""
    del today  # part of the common parser signature; no date rule applies to requests yet
    found, errors = header_map(sheet, REQUEST_COLUMNS, file_name, detail_tables)
    dataset = Dataset()
    context = _RequestContext(existing, known_skill, detail_tables)
    ids = Ids("r-", (r.id for r in existing.requests), explicit_ids(sheet, REQUEST_COLUMNS))
    for row in data_rows(sheet, REQUEST_COLUMNS, found, file_name, errors):
        request_id = ids.take(row, "une demande déjà enregistrée")
        built = _request_row(row, request_id, context)
        if built is None or row.failed or request_id is None:
            continue
        request, sessions, needs = built
        dataset.requests.append(dataclasses.replace(request, id=request_id))
        dataset.request_sessions.extend(
            dataclasses.replace(s, request_id=request_id) for s in sessions
        )
        dataset.required_skills.extend(dataclasses.replace(n, request_id=request_id) for n in needs)
    return all_or_nothing(dataset, errors, len(sheet.rows))


RequestKey = tuple[str, str, str, frozenset[tuple[date, time, time]]]


def request_key(
    collective_id: str, client: str, title: str, sessions: Iterable[RequestSession]
) -> RequestKey:
    """Natural key of a request: collective, client and title (loosely), set of sessions."""
    return (
        collective_id,
        loose_key(client),
        loose_key(title),
        frozenset((s.date, s.start, s.end) for s in sessions),
    )


@dataclass
class _RequestContext:
    existing: Dataset
    known_skill: KnownSkill
    detail_tables: frozenset[str]
    collectives: Collectives = field(init=False)
    #: Natural key → (request id or None, line in the file or None for stored requests).
    seen: dict[RequestKey, tuple[str | None, int | None]] = field(init=False)

    def __post_init__(self) -> None:
        self.collectives = Collectives(self.existing)
        sessions: dict[str, list[RequestSession]] = {}
        for session in self.existing.request_sessions:
            sessions.setdefault(session.request_id, []).append(session)
        self.seen = {}
        for request in self.existing.requests:
            key = request_key(
                request.collective_id, request.client, request.title, sessions.get(request.id, [])
            )
            self.seen.setdefault(key, (request.id, None))

    @property
    def checks_duplicates(self) -> bool:
        """Sessions given in a separate table (``all`` import): ids are the only key."""
        return "request_sessions" not in self.detail_tables


def _check_duplicate_request(
    row: Row, request_id: str | None, key: RequestKey, ctx: _RequestContext
) -> None:
    """Same collective, client, title and sessions as a stored request or an earlier line."""
    if key not in ctx.seen:
        ctx.seen[key] = (request_id, row.line)
        return
    other_id, other_line = ctx.seen[key]
    if other_line is None:
        which = f"de la demande {other_id}"
    elif other_id is None:
        which = f"de la ligne {other_line}"
    else:
        which = f"de la demande {other_id} de la ligne {other_line}"
    row.error("title", f"doublon {which} (même client, même titre, mêmes séances)")


def _request_row(
    row: Row, request_id: str | None, ctx: _RequestContext
) -> tuple[ServiceRequest, list[RequestSession], list[RequiredSkill]] | None:
    values: dict[str, object] = {
        "collective_id": row.required("collective", ctx.collectives),
        "client": row.required("client"),
        "title": row.required("title"),
        "description": row.raw("description"),
        "zone": row.raw("zone"),
        "estimated_person_hours": row.get(
            "estimated_person_hours", lambda t: parse_float(t, 0, MAX_PERSON_HOURS)
        ),
        "learning_slots": row.get("learning_slots", lambda t: parse_int(t, 0, 10), 0),
        "hazards": row.get("hazards", _hazards, []),
        "licence_required": row.get("licence_required", vocab(voc.LICENCES, "un agrément")),
        "private_home": row.get("private_home", parse_bool, False),
        "status": row.get("status", vocab(voc.REQUEST_STATUSES, "un statut de demande"), "open"),
        "created_on": row.get("created_on", parse_date),
    }
    sessions: list[RequestSession] = []
    if "request_sessions" not in ctx.detail_tables:
        sessions = row.required("sessions", _sessions) or []  # type: ignore[assignment]
    collective_id, client, title = values["collective_id"], values["client"], values["title"]
    if (
        ctx.checks_duplicates
        and sessions
        and all(isinstance(v, str) and v for v in (collective_id, client, title))
    ):
        key = request_key(collective_id, client, title, sessions)  # type: ignore[arg-type]
        _check_duplicate_request(row, request_id, key, ctx)
    needs: list[RequiredSkill] = []
    if "required_skills" not in ctx.detail_tables:
        parse_needs = functools.partial(_needs, known_skill=ctx.known_skill)
        needs = row.required("required_skills", parse_needs) or []  # type: ignore[assignment]
    # Default team: from 1 to the largest count of any need, optional ones included, so
    # that the "no need larger than the team" rule below holds for every need.
    largest = max((n.count for n in needs), default=1)
    team = row.get("team_size", parse_team_size, (1, largest))
    for need in needs:
        if isinstance(team, tuple) and need.count > team[1]:
            row.error(
                "required_skills",
                f"{need.count} personnes demandées en {quoted(need.skill_id)} "
                f"pour une équipe de {team[1]} au plus",
            )
    if row.failed or not isinstance(team, tuple):
        return None
    values["team_size_min"], values["team_size_max"] = team
    return ServiceRequest(id="", **values), sessions, needs  # type: ignore[arg-type]


def _sessions(text: str) -> list[RequestSession]:
    sessions = [RequestSession("", *parts) for parts in each_item(text, parse_session_item)]
    if not sessions:
        raise BadCell("valeur obligatoire manquante")
    no_duplicates(
        [f"{format_date_fr(s.date)} {format_interval(s.start, s.end)}" for s in sessions], "séance"
    )
    return sessions


def _needs(text: str, known_skill: KnownSkill) -> list[RequiredSkill]:
    parsed = each_item(text, lambda part: parse_need(part, known_skill))
    if not parsed:
        raise BadCell("aucune compétence requise")
    no_duplicates([n.skill_id for n in parsed], "compétence")
    return [
        RequiredSkill("", n.skill_id, n.min_level, n.count, n.optional, list(n.hazards))
        for n in parsed
    ]


def _hazards(text: str) -> list[str]:
    values = each_item(text, vocab(voc.HAZARDS, "un danger"))
    no_duplicates(values, "danger")
    return values
