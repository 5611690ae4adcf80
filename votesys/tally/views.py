"""The counting committee's pages (kiểm phiếu): count a closed round, read the figures and the
reconciliation, confirm the count on one's own account; the secretariat's next round.

GET /count every round whose voting has closed; GET /count/<id> one round's count;
POST /count/<id>/count (the committee counts), /count/<id>/confirm (a member confirms),
/count/<id>/next-round (the secretariat, after a tie or open seats). Plain forms with a CSRF
token; a refusal is flashed with the typed error's message and changes nothing.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from votesys.congress.queries import the_congress
from votesys.elections import queries as elections
from votesys.elections import rounds
from votesys.errors import DomainError, Forbidden
from votesys.roles import allows, require
from votesys.tally import queries, services, words
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.errors import domain_message
from votesys.web.home import register_home

blueprint = Blueprint("tally", __name__)

AFTER_VOTING = ("closed", "counted", "signed", "announced")


@blueprint.record_once
def _set_up(_state) -> None:
    """The count is the counting committee's start page (registered after the roster's)."""
    register_home("counting", "tally.index")


@blueprint.get("/count")
@staff_required
def index():
    require(g.actor_role, "tally.count")
    session = database.session()
    congress = the_congress(session)
    listed = elections.rounds_in(session, congress, AFTER_VOTING)
    voting = elections.rounds_in(session, congress, ("open",))
    return render_template(
        "tally/index.html",
        congress=congress,
        rounds=listed,
        voting=voting,
        words=words,
    )


@blueprint.get("/count/<int:round_id>")
@staff_required
def round_page(round_id: int):
    session = database.session()
    round_ = elections.round_of(session, round_id)
    is_committee = allows(g.actor_role, "tally.count")
    if not (is_committee or queries.may_see_result(g.actor_role, round_)):
        raise Forbidden(role=g.actor_role, action="tally.view")
    tally = queries.tally_of(session, round_)
    result = queries.result_of(tally) if tally is not None else None
    return render_template(
        "tally/round.html",
        round=round_,
        tally=tally,
        result=result,
        summary=queries.summary(result) if result is not None else None,
        sign_offs=queries.sign_offs(session, round_),
        done=services.confirmations(session, round_),
        needed=services.required_confirmations(session, round_),
        has_confirmed=queries.has_confirmed(session, round_, g.actor.name),
        is_committee=is_committee,
        may_confirm=allows(g.actor_role, "tally.sign"),
        may_make_next=_may_make_next(session, round_, result),
        additions=_additions(session, round_, result),
        label=words.round_state(round_.status),
        invalid=json.loads(tally.invalid) if tally is not None else {},
        words=words,
        time_of=_time,
    )


@blueprint.post("/count/<int:round_id>/count")
@staff_required
def count(round_id: int):
    require(g.actor_role, "tally.count")
    if request.form.get("confirm") != "1":
        flash(_("Tick the box to confirm that voting is closed and the box sealed."), "error")
        return _back(round_id)
    session = database.session(write=True)
    return _run(round_id, _("The ballots are counted."), services.count_round, session, round_id)


@blueprint.post("/count/<int:round_id>/confirm")
@staff_required
def confirm(round_id: int):
    require(g.actor_role, "tally.sign")
    session = database.session(write=True)
    name = g.user.display_name
    done = _("%(name)s confirmed this count.", name=name)
    return _run(round_id, done, services.confirm_count, session, round_id, name)


@blueprint.post("/count/<int:round_id>/next-round")
@staff_required
def next_round(round_id: int):
    require(g.actor_role, rounds.MANAGE)
    session = database.session(write=True)
    round_ = elections.round_of(session, round_id)
    tally = queries.tally_of(session, round_)
    if tally is None:
        flash(
            _("Round %(number)s is not counted yet: count it first.", number=round_.number), "error"
        )
        return _back(round_id)
    if round_.status != "announced":
        flash(
            _(
                "The result of round %(number)s is not announced yet: the next round is made "
                "once the chair has announced it and the congress has decided to vote again.",
                number=round_.number,
            ),
            "error",
        )
        return _back(round_id)
    try:
        added = [int(value) for value in request.form.getlist("added")]
    except ValueError:
        abort(400)
    decision = queries.decision_of(tally)
    try:
        new = rounds.make_next_round(session, g.actor, round_id, decision, added)
    except DomainError as error:
        if error.status == 403:
            raise
        flash(domain_message(error), "error")
        return _back(round_id)
    flash(
        _(
            "Round %(number)s is made as a draft: approve its list, then the chair opens it.",
            number=new.number,
        ),
        "success",
    )
    return _back(round_id)


# --- helpers ---


def _run(round_id: int, done: str, service, session, *args):
    """Call one service; its refusal (but a forbidden role) is flashed, nothing changed."""
    try:
        service(session, g.actor, *args)
    except DomainError as error:
        if error.status == 403:
            raise
        session.rollback()
        flash(domain_message(error), "error")
        return _back(round_id)
    flash(done, "success")
    return _back(round_id)


def _time(value) -> str:
    return format_datetime(value, "HH:mm") if value is not None else ""


def _back(round_id: int):
    return redirect(url_for("tally.round_page", round_id=round_id))


def _may_make_next(session, round_, result) -> bool:
    """The secretariat's offer: a decided round with a tie or open places, still the latest."""
    if result is None or result.get("status") not in ("tie", "short"):
        return False
    if not allows(g.actor_role, rounds.MANAGE) or round_.status not in rounds.DECIDED:
        return False
    return elections.latest_round(session, round_.election).id == round_.id


def _additions(session, round_, result) -> list:
    """Names of this election the congress may add to the next round: not on this round's
    list, not withdrawn (rules.md §5: "plus any names the congress adds")."""
    if result is None:
        return []
    on_list = {c.id for c in elections.round_list(session, round_)}
    return [c for c in round_.election.candidates if c.id not in on_list and not c.is_withdrawn]
