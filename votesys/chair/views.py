"""The chair's page: rounds ready to open, open rounds with their live turnout, closed rounds
waiting for the count; the motion by show of hands being voted (how many have voted, never how)
and the next ones on the agenda. Nothing about what is in the ballots is read here.

GET /chair (the chair's start page); GET /chair/<round id>/<open|close> (the confirmation) and
POST the same address; GET /chair/<round id>/turnout.json: eligible, issued and voted, nothing
else (any staff role: the projector and the hall may be told how it is going).
"""

from __future__ import annotations

from flask import Blueprint, flash, g, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _

from votesys.ballots import services as box
from votesys.congress.queries import the_congress
from votesys.elections import queries, rounds, words
from votesys.errors import DomainError
from votesys.motions import queries as motions
from votesys.roles import require
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.home import home_endpoint, register_home

blueprint = Blueprint("chair", __name__)
OPEN_CLOSE = "rounds.open_close"
REFRESH_SECONDS = 3
STEPS = {"open": rounds.open_round, "close": box.close_voting}


@blueprint.record_once
def _set_up(_state) -> None:
    """The chair's start page (registered after the roster's overview, which stays in the menu)."""
    register_home("chair", "chair.index")


@blueprint.get("/chair")
@staff_required
def index():
    require(g.actor_role, OPEN_CLOSE)
    return _page()


def _page(error: str | None = None, status: int = 200):
    session = database.session()
    congress = the_congress(session)
    voting = [
        (r, queries.turnout(session, r)) for r in queries.rounds_in(session, congress, ("open",))
    ]
    motion = motions.open_motion(session, congress)
    waiting = [m for m in motions.motions(session, congress) if m.status == "draft"]
    page = render_template(
        "chair/index.html",
        congress=congress,
        ready=[
            (r, len(queries.round_list(session, r)))
            for r in queries.rounds_in(session, congress, ("list_approved",))
        ],
        voting=voting,
        closed=queries.rounds_in(session, congress, ("closed",)),
        refresh=REFRESH_SECONDS,
        motion=motion,
        motion_turnout=motions.turnout(session, motion) if motion is not None else None,
        next_motions=waiting[:3],
        error=error,
        is_home=home_endpoint(g.actor_role) == "chair.index",
    )
    return page, status


@blueprint.get("/chair/<int:round_id>/<any(open, close):step>")
@staff_required
def confirm(round_id: int, step: str):
    require(g.actor_role, OPEN_CLOSE)
    session = database.session()
    round_ = queries.round_of(session, round_id)
    turnout = queries.turnout(session, round_) if step == "close" else None
    return render_template("chair/confirm.html", round=round_, step=step, turnout=turnout)


@blueprint.post("/chair/<int:round_id>/<any(open, close):step>")
@staff_required
def change(round_id: int, step: str):
    require(g.actor_role, OPEN_CLOSE)
    session = database.session(write=True)
    try:
        STEPS[step](session, g.actor, round_id)
    except DomainError as error:
        session.rollback()
        return _page(words.message(error), error.status)
    round_ = queries.round_of(database.session(), round_id)  # sealing the box ends the session
    title = round_.election.title
    if step == "open":
        message = _(
            "Voting is open: round %(number)s of %(election)s.",
            number=round_.number,
            election=title,
        )
    else:
        message = _(
            "Voting is closed: round %(number)s of %(election)s. The ballot box is sealed; "
            "the counting committee may count.",
            number=round_.number,
            election=title,
        )
    flash(message, "success")
    return redirect(url_for("chair.index"))


@blueprint.get("/chair/<int:round_id>/turnout.json")
@staff_required
def turnout(round_id: int):
    """How many may vote, opened a ballot, voted: counts only, never a name or a ballot."""
    require(g.actor_role, "elections.view")
    session = database.session()
    counted = queries.turnout(session, queries.round_of(session, round_id))
    return jsonify(eligible=counted.eligible, issued=counted.issued, voted=counted.voted)
