"""« Imports / exports » : upload a CSV/XLSX, preview it (dry run, per-row French errors),
then import it; download an export of the viewer's collective.

The upload is kept server-side between the preview and the import, in a private staging
folder whose random name lives in the signed session (never in a URL). Limits: the app's
``MAX_CONTENT_LENGTH`` (413 above it) and :data:`MAX_UPLOAD_BYTES`, checked again here;
:func:`matcher.services.import_path` applies its own row limits. A coordinator imports rows
of their own collective only, and exports only their collective
(:func:`matcher.reports.export_scoped`); a full export (``all``) import is for admins.
"""

from __future__ import annotations

import io
import secrets
import shutil
import tempfile
import zipfile
from pathlib import Path

from flask import Blueprint, Response, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from werkzeug.utils import secure_filename
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from matcher import reports, services
from web.identity import database, staff_required, today, viewer

bp = Blueprint("transfers", __name__)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
STAGING = Path(tempfile.gettempdir()) / "kpa-matcher-imports"
SESSION_KEY = "staged_import"
KINDS = {
    "members": _l("Membres (nouveaux membres)"),
    "requests": _l("Demandes (nouvelles demandes de clients)"),
    "all": _l("Export complet (administration seulement)"),
}
FORMATS = {
    "csv": ("application/zip", "zip", _l("CSV (un fichier par table, dans un zip)")),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        _l("Classeur Excel (XLSX)"),
    ),
    "json": ("application/json", "json", _l("JSON")),
}


class ImportForm(FlaskForm):
    kind = SelectField(_l("Sorte d'import"))
    upload = FileField(
        _l("Fichier CSV ou XLSX"),
        validators=[
            FileRequired(_l("Choisissez un fichier.")),
            FileSize(MAX_UPLOAD_BYTES, message=_l("Fichier trop gros (2 Mo au plus).")),
        ],
    )


class ExportForm(FlaskForm):
    fmt = SelectField(_l("Format"), choices=[SelectChoice(k, v[2]) for k, v in FORMATS.items()])
    include_private = BooleanField(
        _l("Inclure les champs privés (dates de naissance, contacts, notes)")
    )


def _import_form() -> ImportForm:
    form = ImportForm()
    allowed = KINDS if viewer().role == "admin" else {k: KINDS[k] for k in ("members", "requests")}
    form.kind.choices = [SelectChoice(k, v) for k, v in allowed.items()]
    return form


def _page(form: ImportForm, report: object = None, status: int = 200) -> tuple[str, int]:
    return render_template(
        "ops/transfers.html",
        form=form,
        export_form=ExportForm(),
        report=report,
    ), status


def _discard_staged() -> None:
    staged = session.pop(SESSION_KEY, None)
    if staged:
        shutil.rmtree(STAGING / staged["token"], ignore_errors=True)


def _staged_path() -> tuple[str, Path] | None:
    staged = session.get(SESSION_KEY)
    if not staged:
        return None
    path = STAGING / staged["token"] / staged["name"]
    return (staged["kind"], path) if path.is_file() else None


def _out_of_scope(report: services.ImportReport) -> list[str]:
    if viewer().role == "admin":
        return []
    return reports.foreign_rows(report.result.dataset, viewer().collective_id or "")


@bp.get("/imports-exports")
@staff_required
def index() -> tuple[str, int]:
    return _page(_import_form())


@bp.post("/imports-exports/apercu")
@staff_required
def preview() -> tuple[str, int]:
    form = _import_form()
    if not form.validate_on_submit():
        return _page(form, status=400)
    _discard_staged()
    token = secrets.token_hex(16)
    name = secure_filename(form.upload.data.filename or "") or "import.csv"
    folder = STAGING / token
    folder.mkdir(parents=True, mode=0o700)
    path = folder / name
    form.upload.data.save(path)
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        shutil.rmtree(folder, ignore_errors=True)
        abort(413)
    report = services.import_path(database(), form.kind.data, path, dry_run=True, today=today())
    foreign = _out_of_scope(report) if report.ok else []
    if report.ok and not foreign:
        session[SESSION_KEY] = {"token": token, "name": name, "kind": form.kind.data}
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return _page(form, {"report": report, "foreign": foreign}, 200 if report.ok else 422)


@bp.post("/imports-exports/importer")
@staff_required
def commit() -> Response:
    staged = _staged_path()
    if staged is None:
        flash(_("Aucun fichier vérifié à importer : refaites l'aperçu."), "error")
        return redirect(url_for("transfers.index"))
    kind, path = staged
    report = services.import_path(database(), kind, path, dry_run=True, today=today())
    if report.ok and not _out_of_scope(report):
        report = services.import_path(database(), kind, path, today=today())
    _discard_staged()
    if report.written:
        flash(_("Import terminé : %(n)d lignes enregistrées.", n=report.rows_read), "info")
    else:
        flash(_("Import refusé : les données ont changé depuis l'aperçu. Refaites-le."), "error")
    return redirect(url_for("transfers.index"))


@bp.post("/imports-exports/export")
@staff_required
def export() -> Response:
    form = ExportForm()
    if not form.validate_on_submit():
        abort(400)
    mimetype, extension, _label = FORMATS[form.fmt.data]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / ("export" if form.fmt.data == "csv" else f"export.{extension}")
        written = reports.export_scoped(
            database(),
            viewer(),
            target,
            fmt=form.fmt.data,
            include_private=bool(form.include_private.data),
        )
        if form.fmt.data == "csv":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in written:
                    archive.write(path, path.name)
            data = buffer.getvalue()
        else:
            data = written[0].read_bytes()
    scope = "reseau" if viewer().role == "admin" else viewer().collective_id
    return Response(
        data,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="kpa-{scope}-{today()}.{extension}"'
        },
    )
