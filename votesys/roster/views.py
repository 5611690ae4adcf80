"""The congress and its roll as staff see them: the overview (every role's start page for now)
and every delegate in Vietnamese alphabetical order."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from votesys.audit import queries as audit_queries
from votesys.congress.errors import NoCongress
from votesys.congress.forms import KIND_NAMES
from votesys.congress.queries import current_congress
from votesys.roles import ROLES, allows, require
from votesys.roster import queries
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.home import register_home

blueprint = Blueprint("roster", __name__)

for _role in ROLES:
    register_home(_role, "roster.overview")


def _congress(session):
    congress = current_congress(session)
    if congress is None:
        raise NoCongress()
    return congress


@blueprint.get("/congress")
@staff_required
def overview():
    require(g.actor_role, "attendance.view")
    session = database.session()
    congress = _congress(session)
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
    congress = _congress(session)
    return render_template(
        "roster/roll.html", congress=congress, delegates=queries.delegates(session, congress)
    )
