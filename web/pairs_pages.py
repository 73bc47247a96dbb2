"""« Binômes et échanges » : the batch's pair and exchange proposals, minors' pairs to
approve and level changes to validate — each decision through :mod:`matcher.feedback.service`.

The feedback services act on any id they are given; scoping is done here first: the id
must be in the viewer's slice of the network (:func:`matcher.reports.scoped_dataset`),
otherwise 404, whatever exists elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matcher import reports
from matcher.feedback import listing, service
from matcher.feedback.errors import FeedbackError
from matcher.feedback.vocabulary import REASON_NEEDING_TEXT
from web.forms import DeclineForm
from web.identity import database, staff_required, viewer

bp = Blueprint("pairs", __name__)

#: Proposal kinds decided on this page (teams are decided with their request).
KINDS = ("pair", "group_session", "exchange")
KIND_LABELS = {
    "pair": _l("Binôme"),
    "group_session": _l("Atelier collectif"),
    "exchange": _l("Échange"),
}


@bp.get("/binomes")
@staff_required
def queue() -> str:
    dataset = reports.scoped_dataset(database(), viewer())
    return render_template(
        "ops/pairs.html",
        proposals=reports.pending_proposals(dataset, KINDS),
        pairs=reports.pairs_awaiting_approval(dataset),
        changes=listing.level_change_rows(dataset, status="pending"),
        kind_labels=KIND_LABELS,
        decline=DeclineForm(),
    )


def _in_scope_or_404(table: str, row_id: str) -> None:
    """The row must be in the viewer's slice (and a proposal of this page's kinds)."""
    dataset = reports.scoped_dataset(database(), viewer())
    if not reports.has_row(dataset, table, row_id):
        abort(404)
    if table == "proposals" and not any(
        p.id == row_id and p.kind in KINDS for p in dataset.proposals
    ):
        abort(404)


def _decide(table: str, row_id: str, act: Callable[[], object], done: str) -> Response:
    """Check the scope, then act; a refusal is shown in French (the token is checked by
    ``CSRFProtect`` before the view runs)."""
    _in_scope_or_404(table, row_id)
    try:
        act()
    except FeedbackError as exc:
        flash(str(exc), "error")
    else:
        flash(done, "info")
    return redirect(url_for("pairs.queue"))


@bp.post("/binomes/propositions/<proposal_id>/accepter")
@staff_required
def accept(proposal_id: str) -> Response:
    return _decide(
        "proposals",
        proposal_id,
        lambda: service.accept_proposal(database(), proposal_id, actor=viewer().user_id),
        _("Proposition acceptée."),
    )


@bp.post("/binomes/propositions/<proposal_id>/refuser")
@staff_required
def decline(proposal_id: str) -> Response:
    _in_scope_or_404("proposals", proposal_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        abort(400)
    if form.reason.data == REASON_NEEDING_TEXT and not form.text.data.strip():
        flash(_("Précisez la raison quand vous choisissez « autre »."), "error")
        return redirect(url_for("pairs.queue"))
    return _decide(
        "proposals",
        proposal_id,
        lambda: service.decline_proposal(
            database(), proposal_id, form.reason.data, form.text.data, actor=viewer().user_id
        ),
        _("Proposition refusée."),
    )


@bp.post("/binomes/<pair_id>/approuver")
@staff_required
def approve(pair_id: str) -> Response:
    return _decide(
        "pairs",
        pair_id,
        lambda: service.approve_pair(database(), pair_id, actor=viewer().user_id),
        _("Binôme approuvé : il peut commencer."),
    )


@bp.post("/niveaux/<change_id>/valider")
@staff_required
def validate(change_id: str) -> Response:
    return _decide(
        "level_changes",
        change_id,
        lambda: service.validate_level(database(), change_id, actor=viewer().user_id),
        _("Nouveau niveau validé."),
    )


@bp.post("/niveaux/<change_id>/refuser")
@staff_required
def reject(change_id: str) -> Response:
    return _decide(
        "level_changes",
        change_id,
        lambda: service.reject_level(database(), change_id, actor=viewer().user_id),
        _("Changement de niveau refusé."),
    )
