"""The digest of a collective's week: the coordinators' page and queue, and members' messages.

Coordinators approve proposals in their weekly meeting; they get one HTML page to read
(teams with their reasons, unstaffable requests with their diagnosis, mentoring pairs,
exchanges, skill gaps, fairness, the change since last week) and one CSV, the **approval
queue**, one line per proposal with an empty ``décision`` column to fill in. Each member
concerned by a proposal gets one short French message; members with nothing proposed get
none (a weekly "rien pour vous" teaches people to ignore the messages).

Messages say "proposition": nothing is decided until a coordinator accepts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any

from matcher.batch.plan import CollectivePlan
from matcher.batch.teams import Staffing
from matcher.engine.wording import day, join
from matcher.graph.gaps import week_monday
from matcher.taxonomy import load_taxonomy
from matcher.vocabulary import MISSION_ROLES, PROPOSAL_KINDS, WEEKDAYS, WEEKDAYS_FR

__all__ = ["QUEUE_HEADER", "MemberMessage", "member_messages", "queue_rows", "render_html"]

QUEUE_HEADER = (
    "proposition",
    "type",
    "demande",
    "intitulé",
    "dates",
    "rang",
    "score",
    "membres",
    "raisons",
    "décision",
)
_ROLE_LABELS = {**MISSION_ROLES, "mentor": "Mentor", "echange": "Échange"}
_SCORE_LABELS = {
    "coverage": "compétences",
    "learning": "apprentissage",
    "fairness": "équité",
    "cohesion": "cohésion",
    "passion": "passion",
    "proximity": "proximité",
}


@dataclass(frozen=True)
class MemberMessage:
    member_id: str
    name: str
    address: str | None
    subject: str
    body: str


@cache
def skill_label(skill_id: str) -> str:
    """The skill's French label, or its id when the taxonomy does not know it."""
    try:
        return load_taxonomy().label_fr(skill_id)
    except KeyError:
        return skill_id


def week_title(week: str) -> str:
    """``2026-W49`` → ``semaine 49 (du 30/11/2026 au 06/12/2026)``."""
    monday = week_monday(week)
    sunday = monday.fromordinal(monday.toordinal() + 6)
    return f"semaine {int(week.split('-W')[1])} (du {day(monday)} au {day(sunday)})"


def _dates(staffing: Staffing) -> str:
    return ", ".join(
        f"{WEEKDAYS_FR[WEEKDAYS[s.date.weekday()]]} {day(s.date)} "
        f"{s.start.strftime('%H:%M')}–{s.end.strftime('%H:%M')}"
        for s in staffing.sessions
    )


def _team_members(team: dict[str, Any], names: dict[str, str]) -> str:
    return ", ".join(
        f"{names.get(m['id'], m['id'])} ({_ROLE_LABELS.get(m['role'], m['role'])})"
        for m in team["members"]
    )


def _diagnosis_lines(diagnosis: dict[str, Any] | None) -> list[str]:
    if not diagnosis:
        return ["Aucune équipe possible."]
    lines = [b["message_fr"] for b in diagnosis.get("blocking", [])]
    lines += [f"Piste : {w['message_fr']}" for w in diagnosis.get("ways_out", [])]
    return lines


# --- the approval queue --------------------------------------------------------------------


def queue_rows(plan: CollectivePlan, proposal_ids: dict[tuple, str]) -> list[list[str]]:
    """One CSV row per proposal (``proposal_ids`` maps (kind, key, rank) to the stored id)."""
    rows: list[list[str]] = []
    names = plan.names
    for staffing in plan.staffing:
        request = staffing.request
        if not staffing.teams:
            reasons = " | ".join(_diagnosis_lines(staffing.diagnosis))
            rows.append(
                [
                    "",
                    "sans équipe",
                    request.id,
                    request.title,
                    _dates(staffing),
                    "",
                    "",
                    "",
                    reasons,
                    "",
                ]
            )
        for team in staffing.teams:
            rows.append(
                [
                    proposal_ids.get(("team", request.id, team["rank"]), ""),
                    PROPOSAL_KINDS["team"],
                    request.id,
                    request.title,
                    _dates(staffing),
                    str(team["rank"]),
                    f"{team['score']['total']:.2f}",
                    _team_members(team, names),
                    " | ".join(
                        f"{names.get(m['id'], m['id'])} : {r}"
                        for m in team["members"]
                        for r in m["reasons"]
                    ),
                    "",
                ]
            )
    for k, pair in enumerate(plan.mentors["pairs"]):
        rows.append(
            [
                proposal_ids.get(("pair", k, 1), ""),
                PROPOSAL_KINDS["pair"],
                "",
                f"{skill_label(pair['skill'])} : {names.get(pair['mentor'], pair['mentor'])} → "
                f"{names.get(pair['learner'], pair['learner'])}",
                "",
                "1",
                f"{pair['score']['total']:.2f}",
                f"{names.get(pair['mentor'], pair['mentor'])} (Mentor), "
                f"{names.get(pair['learner'], pair['learner'])} (Apprenant·e)",
                " | ".join(pair["reasons"]),
                "",
            ]
        )
    for k, cycle in enumerate(plan.exchanges["cycles"]):
        rows.append(
            [
                proposal_ids.get(("exchange", k, 1), ""),
                PROPOSAL_KINDS["exchange"],
                "",
                _cycle_text(cycle, names),
                "",
                "1",
                f"{cycle['score']:.2f}",
                ", ".join(names.get(m, m) for m in cycle["members"]),
                " | ".join(cycle["reasons"]),
                "",
            ]
        )
    return rows


def _cycle_text(cycle: dict[str, Any], names: dict[str, str]) -> str:
    return " ; ".join(
        f"{names.get(e['teacher'], e['teacher'])} transmet {skill_label(e['skill'])} "
        f"à {names.get(e['learner'], e['learner'])}"
        for e in cycle["edges"]
    )


# --- the coordinators' page ----------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}.warn{color:#a40000}.muted{color:#666;font-size:.9em}
""".strip()


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _list(items: list[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _teams_section(plan: CollectivePlan) -> str:
    if not plan.staffing:
        return "<p>Aucune demande ouverte cette semaine.</p>"
    parts = []
    names = plan.names
    for staffing in plan.staffing:
        request = staffing.request
        parts.append(
            f"<h3>{escape(request.title)} <span class='muted'>({escape(request.id)}, "
            f"{escape(request.client)})</span></h3><p>{escape(_dates(staffing))}</p>"
        )
        if not staffing.teams:
            parts.append("<p class='warn'>Aucune équipe possible :</p>")
            parts.append(_list(_diagnosis_lines(staffing.diagnosis), "warn"))
            continue
        for team in staffing.teams:
            score = team["score"]
            detail = ", ".join(
                f"{_SCORE_LABELS.get(k, k)} {v:.2f}" for k, v in score.items() if k != "total"
            )
            parts.append(
                f"<p><strong>Proposition {team['rank']}</strong> — score "
                f"{score['total']:.2f} <span class='muted'>({escape(detail)})</span></p>"
            )
            rows = [
                [
                    names.get(m["id"], m["id"]),
                    _ROLE_LABELS.get(m["role"], m["role"]),
                    " ; ".join(m["reasons"]),
                ]
                for m in team["members"]
            ]
            parts.append(_table(["Membre", "Rôle", "Raisons"], rows))
    return "".join(parts)


def _mentors_section(plan: CollectivePlan) -> str:
    names = plan.names
    rows = [
        [
            skill_label(p["skill"]),
            names.get(p["mentor"], p["mentor"]),
            names.get(p["learner"], p["learner"]),
            "oui" if p["requires_approval"] else "non",
            " ; ".join(p["reasons"]),
        ]
        for p in plan.mentors["pairs"]
    ]
    out = (
        _table(["Compétence", "Mentor", "Apprenant·e", "Accord requis", "Raisons"], rows)
        if rows
        else "<p>Aucun binôme proposé.</p>"
    )
    unserved = [
        f"{names.get(u['member'], u['member'])} — {skill_label(u['skill'])} : {u['reason']}"
        for u in plan.mentors["unserved"]
    ]
    if unserved:
        out += "<p>Souhaits sans mentor cette semaine :</p>" + _list(unserved)
    return out


def _exchanges_section(plan: CollectivePlan) -> str:
    cycles = plan.exchanges["cycles"]
    if not cycles:
        return "<p>Aucun échange réciproque possible.</p>"
    return _list([_cycle_text(c, plan.names) for c in cycles])


def _gaps_section(plan: CollectivePlan) -> str:
    if not plan.gaps:
        return "<p>Aucune compétence manquante sur les 8 dernières semaines.</p>"
    names = plan.names
    rows = []
    for gap in plan.gaps:
        if gap.workshop_possible:
            workshop = (
                f"{join([names.get(t, t) for t in gap.teacher_ids])} → "
                f"{join([names.get(m, m) for m in gap.learner_ids])}"
            )
        else:
            workshop = "personne pour transmettre : chercher dans le réseau"
            if not gap.teacher_ids and not gap.learner_ids:
                workshop = "ni transmetteur·rice ni apprenant·e : chercher dans le réseau"
            elif gap.teacher_ids:
                workshop = "personne n'a demandé à l'apprendre"
        rows.append(
            [
                skill_label(gap.skill_id),
                str(gap.requested_this_week),
                str(gap.holders),
                str(gap.shortfall_this_week),
                str(len(gap.weeks_short)),
                workshop,
            ]
        )
    header = [
        "Compétence",
        "Places demandées (semaine)",
        "Membres qui l'ont",
        "Manque",
        "Semaines en manque (8)",
        "Atelier entre pairs possible",
    ]
    return _table(header, rows)


def _fairness_section(plan: CollectivePlan) -> str:
    f = plan.fairness
    names = plan.names
    hours = sorted(f.paid_hours.items(), key=lambda kv: (kv[1], names.get(kv[0], kv[0])))
    rows = [[names.get(m, m), f"{h:.1f}".replace(".", ",")] for m, h in hours]
    idle = [names.get(m, m) for m in f.without_opportunity]
    return (
        f"<p>Indice de Gini des heures payées (8 semaines) : <strong>{f.gini:.2f}</strong> "
        "(0 = heures également partagées).</p>"
        f"<p>Mineur·es : {f.minors} membres sur {f.members} "
        f"({f.minors_share_of_members:.0%}), {f.minor_opportunities} opportunités sur "
        f"{f.opportunities} ({f.minors_share_of_opportunities:.0%}).</p>"
        + (
            f"<p class='warn'>Sans opportunité depuis 4 semaines ou plus : {escape(join(idle))}</p>"
            if idle
            else "<p>Tout le monde a eu une opportunité depuis 4 semaines.</p>"
        )
        + _table(["Membre", "Heures payées (8 semaines)"], rows)
    )


def diff_lines(
    counts: dict[str, int], previous: dict[str, int] | None, last_week: str
) -> list[str]:
    """The change of each count since last week's run, in French."""
    labels = {
        "requests": "demandes",
        "staffed": "demandes avec équipe",
        "unstaffed": "demandes sans équipe",
        "pairs": "binômes proposés",
        "exchanges": "échanges proposés",
        "skill_gaps": "compétences en manque",
        "without_opportunity": "membres sans opportunité depuis 4 semaines",
    }
    if previous is None:
        return [f"Pas de lot enregistré pour la semaine {last_week} : rien à comparer."]
    lines = []
    for key, label in labels.items():
        now, before = counts.get(key, 0), previous.get(key)
        change = "" if before is None else f" ({now - before:+d})"
        lines.append(f"{label} : {now}{change}")
    if "gini_permille" in previous:
        lines.append(
            f"Gini des heures payées : {counts['gini_permille'] / 1000:.2f} "
            f"(semaine {last_week} : {previous['gini_permille'] / 1000:.2f})"
        )
    return lines


def render_html(plan: CollectivePlan, diff: list[str]) -> str:
    """The coordinators' page for the week (one self-contained HTML file)."""
    title = f"{plan.collective.name} — {week_title(plan.week)}"
    sections = [
        ("Équipes proposées", _teams_section(plan)),
        ("Binômes de mentorat", _mentors_section(plan)),
        ("Échanges de savoirs", _exchanges_section(plan)),
        ("Compétences en manque", _gaps_section(plan)),
        ("Équité", _fairness_section(plan)),
        ("Depuis la semaine dernière", _list(diff)),
    ]
    body = "".join(f"<h2>{escape(name)}</h2>{html}" for name, html in sections)
    return (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class='muted'>Propositions à valider en réunion : "
        "rien n'est décidé tant qu'un·e animateur·rice ne l'a pas accepté.</p>"
        f"{body}</body></html>\n"
    )


# --- members' messages ---------------------------------------------------------------------


def member_messages(plan: CollectivePlan, contacts: dict[str, str]) -> list[MemberMessage]:
    """One short message per member concerned by a proposal, in member-id order."""
    items: dict[str, list[str]] = {}
    names = plan.names
    for staffing in plan.staffed:
        first = staffing.sessions[0].date if staffing.sessions else None
        when = f" {WEEKDAYS_FR[WEEKDAYS[first.weekday()]]} {day(first)[:5]}" if first else ""
        for m in staffing.teams[0]["members"]:
            place = {
                "referent": "une place de référent·e",
                "apprenant": "une place d'apprenant·e",
            }.get(m["role"], "une place")
            items.setdefault(m["id"], []).append(f"{place}{when} : « {staffing.request.title} »")
    for p in plan.mentors["pairs"]:
        skill = skill_label(p["skill"])
        items.setdefault(p["learner"], []).append(
            f"un·e mentor pour {skill} : {names.get(p['mentor'], p['mentor'])}"
        )
        items.setdefault(p["mentor"], []).append(
            f"{names.get(p['learner'], p['learner'])} aimerait apprendre {skill} avec vous"
        )
    for cycle in plan.exchanges["cycles"]:
        taught = {e["learner"]: e for e in cycle["edges"]}
        for e in cycle["edges"]:
            back = taught[e["teacher"]]
            items.setdefault(e["teacher"], []).append(
                f"un échange de savoirs : vous transmettez {skill_label(e['skill'])} à "
                f"{names.get(e['learner'], e['learner'])}, "
                f"{names.get(back['teacher'], back['teacher'])} vous transmet "
                f"{skill_label(back['skill'])}"
            )
    messages = []
    subject = f"{plan.collective.name} : vos propositions de la {week_title(plan.week)}"
    for member_id in sorted(items):
        name = names.get(member_id, member_id)
        body = (
            f"Bonjour {name},\n\nCette semaine, on vous propose : "
            f"{' ; '.join(items[member_id])}.\n\n"
            "Ce sont des propositions : l'équipe d'animation les confirme en réunion.\n"
        )
        contact = contacts.get(member_id, "")
        address = contact if "@" in contact else None
        messages.append(MemberMessage(member_id, name, address, subject, body))
    return messages
