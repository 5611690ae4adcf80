"""The counting committee's pages (kiểm phiếu): count a closed round, read the figures and the
reconciliation, confirm the count on one's own account; the secretariat's next round.

GET /count every round whose voting has closed; GET /count/<id> one round's count;
POST /count/<id>/count (the committee adds the box up, or counts a paper count);
GET /count/<id>/decrypt, /count/<id>/decryption.json and POST /count/<id>/decryption (a key
holder decrypts the totals on their own device; JSON); POST /count/<id>/confirm (a member confirms),
/count/<id>/next-round (the secretariat, after a tie or open seats); POST /count/<id>/to-list
(the secretariat puts the names an announced opinion ballot agreed on its list). Plain forms
with a CSRF token; a refusal is flashed with the typed error's message and changes nothing.
"""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _

from votesys.ballots import queries as box
from votesys.ceremony import queries as ceremony_queries
from votesys.ceremony import services as ceremony_services
from votesys.congress.queries import the_congress
from votesys.elections import queries as elections
from votesys.elections import rounds
from votesys.errors import DomainError, Forbidden
from votesys.roles import allows, require
from votesys.tally import errors, opinion, queries, services, words
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
        totals=queries.totals_of(session, round_),
        decryption=(status := queries.decryption_status(session, round_)),
        mine=_my_membership(status),
        paper=box.paper_count(session, round_),
        invalid=json.loads(tally.invalid) if tally is not None else {},
        words=words,
        time_of=_time,
        agreed_pending=opinion.agreed_not_on_list(session, round_.id),
        may_manage_lists=allows(g.actor_role, opinion.MANAGE),
    )


@blueprint.post("/count/<int:round_id>/to-list")
@staff_required
def agreed_to_list(round_id: int):
    """The secretariat puts the names an announced opinion ballot agreed on the target list."""
    require(g.actor_role, opinion.MANAGE)
    session = database.session(write=True)
    target_id = elections.round_of(session, round_id).election.target_election_id
    try:
        added = opinion.add_agreed_to_list(session, g.actor, round_id)
    except DomainError as error:
        if error.status == 403:
            raise
        session.rollback()
        flash(domain_message(error), "error")
        return redirect(url_for("tally.round_page", round_id=round_id))
    flash(
        _(
            "On the list, nominated at the congress: %(names)s. The congress now votes on the "
            "list.",
            names=", ".join(c.full_name for c in added),
        ),
        "success",
    )
    return redirect(url_for("elections.show", election_id=target_id))


@blueprint.post("/count/<int:round_id>/count")
@staff_required
def count(round_id: int):
    require(g.actor_role, "tally.count")
    if request.form.get("confirm") != "1":
        flash(_("Tick the box to confirm that voting is closed and the box sealed."), "error")
        return _back(round_id)
    session = database.session(write=True)
    round_ = elections.round_of(session, round_id)
    if box.paper_count(session, round_) is not None:
        return _run(
            round_id, _("The ballots are counted."), services.count_round, session, round_id
        )
    done = _(
        "The box is added up without opening a ballot. Now the members of the key ceremony "
        "decrypt the totals, each on their own device."
    )
    return _run(round_id, done, services.add_up, session, round_id)


@blueprint.get("/count/<int:round_id>/decrypt")
@staff_required
def decrypt_page(round_id: int):
    """A key holder's own device: unlock the share with the passphrase, decrypt the totals."""
    require(g.actor_role, "tally.decrypt")
    session = database.session()
    round_ = elections.round_of(session, round_id)
    status = queries.decryption_status(session, round_)
    mine = _my_membership(status)
    return render_template(
        "tally/decrypt.html",
        round=round_,
        status=status,
        mine=mine,
        totals=queries.totals_of(session, round_),
        words=words,
    )


@blueprint.get("/count/<int:round_id>/decryption.json")
@staff_required
def decryption_data(round_id: int):
    """What the member's browser needs to decrypt: the encrypted totals, the round and ceremony
    fingerprints, the member's number, verification key and wrapped share (useless without
    the passphrase, which never leaves the device)."""
    require(g.actor_role, "tally.decrypt")
    session = database.session()
    round_ = elections.round_of(session, round_id)
    totals = queries.totals_of(session, round_)
    if totals is None or round_.ceremony_id is None:
        return jsonify(error=domain_message(errors.NotAddedUp(number=round_.number))), 409
    ceremony = ceremony_queries.ceremony_of(session, round_.ceremony_id)
    try:
        member = ceremony_queries.member_for(session, ceremony, g.actor.name)
    except DomainError:
        error = errors.NotAKeyHolder(number=round_.number)
        return jsonify(error=domain_message(error)), 403
    return jsonify(
        round=round_.id,
        round_fingerprint=round_.fingerprint,
        ceremony_fingerprint=ceremony.fingerprint,
        member=member.number,
        name=member.display_name,
        verification_key=member.verification_key,
        wrapped_share=json.loads(member.wrapped_share),
        # The floor the server held the wrap to (a hostile server gains nothing by lowering it:
        # it cannot wrap a share it never had).
        min_iterations=ceremony_services.MIN_ITERATIONS,
        totals=json.loads(totals.totals),
        ballots=totals.ballots,
    )


@blueprint.post("/count/<int:round_id>/decryption")
@staff_required
def submit_decryption(round_id: int):
    require(g.actor_role, "tally.decrypt")
    body = request.get_json(silent=True)
    partials = body.get("partials") if isinstance(body, dict) else None
    session = database.session(write=True)
    try:
        services.submit_partials(session, g.actor, round_id, partials)
    except DomainError as error:
        if error.status == 403 and error.code == "forbidden":
            raise
        session.rollback()
        return jsonify(error=domain_message(error), code=error.code), error.status
    round_ = elections.round_of(session, round_id)
    counted = round_.status == "counted"
    message = (
        _(
            "Your decryption is checked and accepted. Enough members have decrypted: the round "
            "is counted."
        )
        if counted
        else _("Your decryption is checked and accepted. Waiting for the other members.")
    )
    return jsonify(
        ok=True,
        counted=counted,
        message=message,
        next=url_for("tally.round_page", round_id=round_id),
    )


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


def _my_membership(status: dict | None) -> dict | None:
    """The signed-in account's row in the decryption status, if it holds a share."""
    if status is None:
        return None
    return next((m for m in status["members"] if m["account"] == g.actor.name), None)


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
