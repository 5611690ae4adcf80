"""The congress and its roll as staff see them: the overview (every role's start page for now),
every delegate in Vietnamese alphabetical order, the import of the roll from a file (the
secretariat) and its export (the secretariat and the credentials committee)."""

from __future__ import annotations

from flask import Blueprint, Response, g, render_template
from flask_babel import gettext

from votesys.audit import queries as audit_queries
from votesys.congress.forms import KIND_NAMES
from votesys.congress.queries import the_congress
from votesys.roles import ROLES, allows, require
from votesys.roster import exporting, queries, services
from votesys.roster.errors import RollRefused, describe
from votesys.roster.forms import ImportForm
from votesys.roster.importing import COLUMNS, MAX_FILE_BYTES, MAX_ROWS, read_roll
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.home import register_home

blueprint = Blueprint("roster", __name__)

for _role in ROLES:
    register_home(_role, "roster.overview")


@blueprint.get("/congress")
@staff_required
def overview():
    require(g.actor_role, "attendance.view")
    session = database.session()
    congress = the_congress(session)
    return render_template(
        "congress/overview.html",
        congress=congress,
        kind_name=KIND_NAMES[congress.kind],
        units=queries.summoned_by_unit(session, congress),
        head=audit_queries.head(session),
        may_setup=allows(g.actor_role, "congress.setup"),
        may_manage_users=allows(g.actor_role, "users.manage"),
    )


@blueprint.get("/roster")
@staff_required
def roll():
    require(g.actor_role, "attendance.view")
    session = database.session()
    congress = the_congress(session)
    return render_template(
        "roster/roll.html",
        congress=congress,
        delegates=queries.delegates(session, congress),
        may_import=allows(g.actor_role, "roster.manage"),
        may_export=allows(g.actor_role, "roster.export"),
    )


@blueprint.get("/roster/import")
@staff_required
def import_form():
    require(g.actor_role, "roster.manage")
    return _import_page(ImportForm())


@blueprint.post("/roster/import")
@staff_required
def import_file():
    require(g.actor_role, "roster.manage")
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(form), 400
    upload = form.roll_file.data
    data = upload.read(MAX_FILE_BYTES + 1)
    units = {unit.name: unit.id for unit in the_congress(database.session()).units}
    parsed = read_roll(upload.filename or "", data, units)
    session = database.session(write=True)
    try:
        result = services.import_roll(session, g.actor, the_congress(session), parsed)
    except RollRefused as refused:
        problems = [(problem, *describe(problem, gettext)) for problem in refused.problems]
        return _import_page(form, problems=problems, filename=upload.filename), 400
    return _import_page(ImportForm(formdata=None), result=result, filename=upload.filename)


def _import_page(form, **context):
    return render_template(
        "roster/import.html",
        form=form,
        columns=COLUMNS,
        limit_mb=MAX_FILE_BYTES // (1024 * 1024),
        limit_rows=MAX_ROWS,
        **context,
    )


@blueprint.get("/roster/export.<any(csv, xlsx):kind>")
@staff_required
def export(kind: str):
    require(g.actor_role, "roster.export")
    session = database.session()
    data = exporting.export_roll(session, g.actor, the_congress(session), kind)
    _writer, mimetype, filename = exporting.FORMATS[kind]
    return Response(
        data,
        content_type=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
