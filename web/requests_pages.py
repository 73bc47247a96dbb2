"""« Demandes » and « Nouvelle demande »: from a client's French text to an accepted team.

A thin layer over :mod:`matcher.staffing`: the text is analysed into skills to confirm,
the confirmed form becomes a request and its team proposals, and each proposal can be
swapped (the engine's new score, or the rules it would break, shown at once), accepted
or declined with a reason. Plain form POSTs, no JavaScript. Every query is scoped to the
viewer there: a request or proposal of another collective answers 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from matcher import people, staffing
from matcher.engine.wording import clock
from matcher.taxonomy import load_taxonomy
from web.forms import DeclineForm
from web.i18n import LEVELS, skill_label
from web.identity import database, staff_required, today, viewer

bp = Blueprint("requests", __name__)

#: Labels of codes that live in :mod:`matcher` (French), repeated as literals for
#: ``pybabel extract``; ``tests/http/test_requests_pages.py`` holds the keys together.
HAZARD_LABELS = {
    "machine": _l("Machine dangereuse"),
    "height": _l("Travail en hauteur"),
    "tractor": _l("Tracteur"),
    "lifting_equipment": _l("Engin de levage"),
    "heat": _l("Fortes températures"),
    "chemicals": _l("Produits chimiques"),
    "heavy_loads": _l("Charges lourdes"),
}
LICENCE_LABELS = {
    "garde_moins_3_ans": _l("Garde d'enfants de moins de 3 ans (agrément)"),
    "aide_personnes_agees": _l("Aide aux personnes âgées (autorisation)"),
}
CRITERIA = {
    "coverage": _l("Compétences"),
    "learning": _l("Apprentissage"),
    "fairness": _l("Équité des heures"),
    "cohesion": _l("Cohésion"),
    "passion": _l("Passions"),
    "proximity": _l("Proximité"),
}
ROLES = {"referent": _l("Référent·e"), "membre": _l("Membre"), "apprenant": _l("Apprenant·e")}
REQUEST_STATUSES = {
    "open": _l("Ouverte"),
    "staffed": _l("Équipe trouvée"),
    "done": _l("Réalisée"),
    "cancelled": _l("Annulée"),
}
PROPOSAL_STATUSES = {
    "pending": _l("En attente"),
    "accepted": _l("Acceptée"),
    "declined": _l("Refusée"),
    "superseded": _l("Remplacée"),
}
SESSION_ROWS = 3


# --- forms -----------------------------------------------------------------------------


def _options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants them (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


class SkillLineForm(Form):
    keep = BooleanField(_l("Garder"), default=True)
    skill = HiddenField()
    level = SelectField(
        _l("Niveau minimum"), coerce=int, choices=_options((n, str(n)) for n in range(5)), default=1
    )
    count = IntegerField(_l("Personnes"), default=1, validators=[Optional(), NumberRange(1, 10)])
    optional = BooleanField(_l("Souhaitée seulement"))


class SessionForm(Form):
    day = DateField(_l("Date"), validators=[Optional()])
    start = TimeField(_l("Début"), validators=[Optional()])
    end = TimeField(_l("Fin"), validators=[Optional()])


class RequestForm(FlaskForm):
    """One form for both steps: ``analyse`` proposes skills, ``create`` stores the request."""

    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    client = StringField(_l("Client ou cliente"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        _l("La demande, dans les mots du client"), validators=[Length(max=2000)]
    )
    collective = SelectField(_l("Collectif"), validators=[Optional()], validate_choice=False)
    zone = SelectField(_l("Quartier"), validators=[Optional()], validate_choice=False)
    skills = FieldList(FormField(SkillLineForm), max_entries=20)
    extra_skill = SelectField(
        _l("Ajouter une compétence"), validators=[Optional()], validate_choice=False
    )
    sessions = FieldList(FormField(SessionForm), min_entries=SESSION_ROWS, max_entries=5)
    team_size_min = IntegerField(
        _l("Équipe : au moins"), default=2, validators=[Optional(), NumberRange(1, 20)]
    )
    team_size_max = IntegerField(
        _l("Équipe : au plus"), default=3, validators=[Optional(), NumberRange(1, 20)]
    )
    learning_slots = IntegerField(
        _l("Places d'apprentissage"), default=0, validators=[Optional(), NumberRange(0, 10)]
    )
    hazards = SelectMultipleField(
        _l("Dangers (aucun·e mineur·e dans l'équipe)"),
        choices=_options(HAZARD_LABELS.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[Optional()],
    )
    private_home = BooleanField(_l("Au domicile du client ou de la cliente"))
    licence = SelectField(
        _l("Agrément exigé"),
        choices=_options([("", _l("Aucun")), *LICENCE_LABELS.items()]),
        validators=[Optional()],
    )


class SwapForm(FlaskForm):
    old = SelectField(_l("Remplacer"), validators=[DataRequired()], validate_choice=False)
    new = SelectField(_l("par"), validators=[DataRequired()], validate_choice=False)


class DecisionForm(FlaskForm):
    """Accept, or search again: only the CSRF token (``CSRFProtect`` checks it)."""


class RequestFilters(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(
        _l("État"),
        choices=_options(
            [
                ("", _l("Ouvertes et pourvues")),
                ("open", _l("Ouvertes")),
                ("staffed", _l("Pourvues")),
            ]
        ),
        validators=[Optional()],
    )
    weeks = SelectField(
        _l("Semaine"),
        choices=_options(
            [
                ("both", _l("Cette semaine et la suivante")),
                ("this", _l("Cette semaine")),
                ("next", _l("La semaine prochaine")),
            ]
        ),
        validators=[Optional()],
    )


# --- helpers ---------------------------------------------------------------------------


def _now() -> datetime:
    """Now, on the configured day when there is one (tests, demos)."""
    moment = datetime.now().replace(microsecond=0)
    return datetime.combine(today(), moment.time())


def _hourly_rate() -> float:
    return float(current_app.config.get("HOURLY_RATE", staffing.DEFAULT_HOURLY_RATE))


def _skill_choices() -> list[SelectChoice]:
    skills = sorted(load_taxonomy().curated(), key=lambda s: skill_label(s).casefold())
    return _options([("", "—")] + [(s.id, skill_label(s)) for s in skills])


def _prepare(form: RequestForm) -> RequestForm:
    zones = people.zones(database(), viewer())
    form.zone.choices = _options([("", _("Non précisé"))] + [(z, z) for z in zones])
    form.extra_skill.choices = _skill_choices()
    if viewer().role == "admin":
        form.collective.choices = _options(staffing.collectives(database(), viewer()))
    for line in form.skills:
        line.level.choices = _options((n, f"{n} — {LEVELS[n]}") for n in range(5))
    return form


def _analysed(form: RequestForm) -> RequestForm:
    """A fresh form carrying the submitted answers plus the skills the text suggests."""
    data: dict[str, Any] = {
        k: v for k, v in form.data.items() if k != "csrf_token" and v is not None
    }
    kept = [s for s in data["skills"] if s["skill"]]
    known = {s["skill"] for s in kept}
    for p in staffing.propose_skills(form.description.data or ""):
        if p.skill_id not in known:
            kept.append({"keep": True, "skill": p.skill_id, "level": p.min_level, "count": 1})
            known.add(p.skill_id)
    extra = form.extra_skill.data
    if extra and extra not in known:
        kept.append({"keep": True, "skill": extra, "level": 1, "count": 1})
    data["skills"] = kept
    data["extra_skill"] = ""
    return RequestForm(formdata=None, data=data)


def _draft(form: RequestForm) -> staffing.RequestDraft:
    sessions = tuple(
        staffing.SessionSlot(s["day"], s["start"], s["end"])
        for s in form.sessions.data
        if s["day"] and s["start"] and s["end"]
    )
    skills = tuple(
        staffing.SkillNeed(s["skill"], s["level"], s["count"] or 1, bool(s["optional"]))
        for s in form.skills.data
        if s["keep"] and s["skill"]
    )
    return staffing.RequestDraft(
        title=form.title.data or "",
        client=form.client.data or "",
        description=form.description.data or "",
        sessions=sessions,
        skills=skills,
        team_size_min=form.team_size_min.data or 1,
        team_size_max=form.team_size_max.data or 1,
        learning_slots=form.learning_slots.data or 0,
        hazards=tuple(form.hazards.data or ()),
        private_home=bool(form.private_home.data),
        licence_required=form.licence.data or None,
        zone=form.zone.data or "",
        collective_id=form.collective.data or "",
    )


def _skill_of(skill_id: str) -> Any:
    taxonomy = load_taxonomy()
    return taxonomy.get(skill_id) if skill_id in taxonomy else None


# --- pages -----------------------------------------------------------------------------


@bp.get("/demandes")
@staff_required
def index() -> str:
    filters = RequestFilters(formdata=request.args)
    filters.validate()
    found = staffing.list_requests(
        database(),
        viewer(),
        today=today(),
        status=filters.status.data or "",
        weeks=filters.weeks.data or "both",
    )
    return render_template(
        "requests/index.html", filters=filters, requests=found, statuses=REQUEST_STATUSES
    )


@bp.route("/demandes/nouvelle", methods=["GET", "POST"])
@staff_required
def new() -> str | Response:
    form = RequestForm()
    step = "text"
    if request.method == "POST" and form.validate():
        if request.form.get("action") == "create":
            try:
                request_id = staffing.create_request(
                    database(), viewer(), _draft(form), today=today(), now=_now()
                )
            except staffing.StaffingError as exc:
                return _render_new(form, "confirm", problems=str(exc).splitlines())
            staffing.propose_teams(database(), viewer(), request_id, today=today(), now=_now())
            flash(_("Demande enregistrée."), "info")
            return redirect(url_for("requests.detail", request_id=request_id))
        form, step = _analysed(form), "confirm"
    elif request.method == "POST" and form.skills.entries:
        step = "confirm"
    return _render_new(form, step)


def _render_new(form: RequestForm, step: str, problems: list[str] | None = None) -> str:
    return render_template(
        "requests/new.html",
        form=_prepare(form),
        step=step,
        problems=problems or [],
        skill_of=_skill_of,
        is_admin=viewer().role == "admin",
    )


def _detail_or_404(request_id: str) -> staffing.RequestDetail:
    detail = staffing.request_detail(
        database(), viewer(), request_id, today=today(), hourly_rate=_hourly_rate()
    )
    if detail is None:
        abort(404)
    return detail


def _render_detail(detail: staffing.RequestDetail, preview: Any = None, status: int = 200):
    swap_forms = {}
    for proposal in detail.proposals:
        form = SwapForm(prefix=f"swap-{proposal.id}")
        form.old.choices = _options((m.member_id, m.display_name) for m in proposal.members)
        inside = {m.member_id for m in proposal.members}
        form.new.choices = _options((c, name) for c, name in detail.candidates if c not in inside)
        swap_forms[proposal.id] = form
    return (
        render_template(
            "requests/detail.html",
            detail=detail,
            preview=preview,
            swap_forms=swap_forms,
            decline_form=DeclineForm(),
            decision_form=DecisionForm(),
            clock=clock,
            criteria=CRITERIA,
            roles=ROLES,
            statuses=REQUEST_STATUSES,
            proposal_statuses=PROPOSAL_STATUSES,
            hazards=HAZARD_LABELS,
            licences=LICENCE_LABELS,
        ),
        status,
    )


@bp.get("/demandes/<request_id>")
@staff_required
def detail(request_id: str):  # type: ignore[no-untyped-def]
    return _render_detail(_detail_or_404(request_id))


@bp.post("/demandes/<request_id>/equipes")
@staff_required
def search(request_id: str) -> Response:
    """Solve again (new availabilities, a changed team): replaces the pending teams."""
    try:
        found = staffing.propose_teams(database(), viewer(), request_id, today=today(), now=_now())
    except staffing.StaffingError as exc:
        flash(str(exc), "error")
        return redirect(url_for("requests.detail", request_id=request_id))
    if found is None:
        abort(404)
    if found:
        flash(_("%(n)d équipe(s) proposée(s).", n=len(found)), "info")
    return redirect(url_for("requests.detail", request_id=request_id))


def _back(request_id: str | None) -> Response:
    if request_id:
        return redirect(url_for("requests.detail", request_id=request_id))
    return redirect(url_for("requests.index"))


def _proposal_request(proposal_id: str) -> str | None:
    """The request of a proposal the viewer may see (404 otherwise)."""
    found = staffing.proposal_request(database(), viewer(), proposal_id)
    if found is None:
        abort(404)
    return found or None


@bp.post("/propositions/<proposal_id>/remplacer")
@staff_required
def swap(proposal_id: str):  # type: ignore[no-untyped-def]
    request_id = _proposal_request(proposal_id)
    form = SwapForm(prefix=f"swap-{proposal_id}")
    if not form.validate_on_submit():
        flash(_("Choisissez qui remplacer, et par qui."), "error")
        return _back(request_id)
    try:
        preview = staffing.swap_member(
            database(), viewer(), proposal_id, form.old.data, form.new.data, now=_now()
        )
    except staffing.StaffingError as exc:
        flash(str(exc), "error")
        return _back(request_id)
    if preview is None:
        abort(404)
    if preview.feasible:
        flash(
            _(
                "Équipe modifiée : score %(before).2f → %(after).2f.",
                before=preview.before,
                after=preview.score,
            ),
            "info",
        )
        return _back(request_id)
    return _render_detail(_detail_or_404(str(request_id)), preview=preview, status=422)


@bp.post("/propositions/<proposal_id>/accepter")
@staff_required
def accept(proposal_id: str) -> Response:
    request_id = _proposal_request(proposal_id)
    try:
        staffing.decide(database(), viewer(), proposal_id, accept=True, now=_now())
    except staffing.StaffingError as exc:
        flash(str(exc), "error")
        return _back(request_id)
    flash(_("Équipe acceptée : la mission est créée et les heures sont prévues."), "info")
    return _back(request_id)


@bp.post("/propositions/<proposal_id>/refuser")
@staff_required
def decline(proposal_id: str) -> Response:
    request_id = _proposal_request(proposal_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(_("Choisissez la raison du refus."), "error")
        return _back(request_id)
    try:
        staffing.decide(
            database(),
            viewer(),
            proposal_id,
            accept=False,
            reason=form.reason.data,
            text=form.text.data or "",
            now=_now(),
        )
    except staffing.StaffingError as exc:
        flash(str(exc), "error")
        return _back(request_id)
    flash(_("Proposition refusée."), "info")
    return _back(request_id)
