"""The secretariat's set-up form for the congress."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from votesys.congress import queries, services
from votesys.congress.forms import CongressForm
from votesys.roles import require
from votesys.web import database
from votesys.web.access import staff_required

blueprint = Blueprint("congress", __name__)


@blueprint.get("/congress/edit")
@staff_required
def edit():
    require(g.actor_role, "congress.setup")
    congress = queries.the_congress(database.session())
    return render_template("congress/edit.html", form=CongressForm(obj=congress))


@blueprint.post("/congress/edit")
@staff_required
def save():
    require(g.actor_role, "congress.setup")
    form = CongressForm()
    if not form.validate_on_submit():
        return render_template("congress/edit.html", form=form), 400
    facts = services.CongressFacts(
        **{name: getattr(form, name).data for name in services.CongressFacts.__dataclass_fields__}
    )
    services.update_congress(database.session(write=True), g.actor, facts)
    flash(_("The congress is saved."), "success")
    return redirect(url_for("roster.overview"))
