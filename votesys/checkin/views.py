"""The check-in desk at the door (điểm danh): the credentials committee's start page.

GET /checkin the desk; POST /checkin/scan what the camera, a USB scanner or typing produced;
GET /checkin/search?q= by name, number or code; GET /checkin/recent the counts and the latest
events; POST /checkin/<id> (a search result, or "check in anyway"), /checkin/<id>/leave,
/checkin/<id>/return, /checkin/undo/<event_id>. Every POST is JSON with the X-CSRFToken header.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_babel import format_datetime
from flask_babel import gettext as _

from votesys.checkin import queries, services
from votesys.congress.queries import the_congress
from votesys.credentials.services import DESK, Throttle
from votesys.credentials.views import code_key
from votesys.db import utcnow
from votesys.errors import N_
from votesys.roles import require
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.errors import domain_message
from votesys.web.home import home_endpoint, register_home

blueprint = Blueprint("checkin", __name__)

TITLES = {
    "checked_in": N_("Checked in"),
    "returned": N_("Came back"),
    "already": N_("Already checked in"),
    "left": N_("Left early"),
    "confirm_absent": N_("Check before admitting"),
    "not_seated": N_("Alternate not seated"),
    "not_a_card": N_("Not a delegate card"),
    "unknown_card": N_("Unknown card"),
    "revoked_card": N_("Card revoked"),
    "bad_code": N_("Code not valid"),
    "locked": N_("Too many wrong codes"),
    "undone": N_("Undone"),
}
MESSAGES = {
    "checked_in": N_("Checked in at %(time)s."),
    "returned": N_("Came back at %(time)s (had left at %(since)s)."),
    "already": N_("Already checked in at %(time)s."),
    "left": N_("Left early at %(time)s: not present at a vote until they come back."),
    "confirm_absent": N_(
        "The roll marks this delegate absent for the whole congress. Check their papers; to "
        "admit them, press Check in anyway."
    ),
    "not_seated": N_(
        "An alternate not seated in place of an official delegate has no seat and no vote: not "
        "checked in. The secretariat seats alternates on the roll."
    ),
}
NOTES = {
    "reserve_member": N_("Reserve Party member: attends without a vote and cannot stand."),
    "seated_alternate": N_("Alternate seated in place of delegate No. %(number)s."),
    "absent_flag": N_(
        "The roll marks them absent for the whole congress (%(reason)s); only the secretariat "
        "can correct the roll."
    ),
    "replaced": N_("Alternate No. %(number)s is seated in their place."),
}
UNDONE = {
    "check_in": N_("Undone: the check-in at %(time)s. %(name)s is now not checked in."),
    "leave": N_("Undone: leaving early at %(time)s. %(name)s is in the hall again."),
    "return": N_("Undone: coming back at %(time)s. %(name)s has left early again."),
}
KINDS = {
    "check_in": N_("Checked in"),
    "leave": N_("Left early"),
    "return": N_("Came back"),
    "undo": N_("Undo"),
}
METHODS = {
    "camera": N_("camera"),
    "scanner": N_("scanner"),
    "code": N_("typed code"),
    "search": N_("search"),
    "manual": N_("by hand"),
}
PRESENCE = {"none": N_("Not come"), "present": N_("In the hall"), "left": N_("Left early")}


@blueprint.record_once
def _set_up(_state) -> None:
    """The desk is the credentials committee's start page (registered after the roster's)."""
    register_home("credentials", "checkin.desk")


@blueprint.get("/checkin")
@staff_required
def desk():
    require(g.actor_role, "checkin.record")
    session = database.session()
    congress = the_congress(session)
    return render_template(
        "checkin/desk.html",
        congress=congress,
        counts=queries.counts(session, congress),
        recent=[_event_json(row) for row in _recent(session, congress)],
        is_home=home_endpoint(g.actor_role) == "checkin.desk",
    )


@blueprint.post("/checkin/scan")
@staff_required
def scan():
    body = _body()
    text = body.get("scan") if isinstance(body.get("scan"), str) else ""  # "": EmptyScan
    method = body.get("method") if isinstance(body.get("method"), str) else None
    session = database.session(write=True)
    outcome = services.scan(session, g.actor, code_key(), text, method, _throttle())
    return _outcome_response(outcome)


@blueprint.get("/checkin/search")
@staff_required
def search():
    text = request.args.get("q", "")
    # A typed card code counts against the throttle: a writing session; a name only reads.
    session = database.session(write=services.is_code_like(text))
    congress = the_congress(session)
    found = services.find(session, g.actor, congress, code_key(), text, _throttle())
    results = [_match_json(match) for match in found.matches]
    if found.error is not None:
        message = domain_message(found.error)
    else:
        message = _search_message(text, len(results), found.total)
    return jsonify(results=results, total=found.total, message=message)


@blueprint.get("/checkin/recent")
@staff_required
def recent():
    require(g.actor_role, "checkin.record")
    session = database.session()
    congress = the_congress(session)
    events = [_event_json(row) for row in _recent(session, congress)]
    return jsonify(counts=_counts_json(queries.counts(session, congress)), events=events)


@blueprint.post("/checkin/<int:delegate_id>")
@staff_required
def check_in(delegate_id: int):
    body = _body()
    method = str(body.get("method") or "manual")
    session = database.session(write=True)
    outcome = services.check_in(
        session, g.actor, delegate_id, method, confirm=body.get("confirm") is True
    )
    return _outcome_response(outcome)


@blueprint.post("/checkin/<int:delegate_id>/leave")
@staff_required
def leave(delegate_id: int):
    method = str(_body().get("method") or "manual")
    session = database.session(write=True)
    return _outcome_response(services.leave(session, g.actor, delegate_id, method))


@blueprint.post("/checkin/<int:delegate_id>/return")
@staff_required
def come_back(delegate_id: int):
    method = str(_body().get("method") or "manual")
    session = database.session(write=True)
    return _outcome_response(services.come_back(session, g.actor, delegate_id, method))


@blueprint.post("/checkin/undo/<int:event_id>")
@staff_required
def undo(event_id: int):
    session = database.session(write=True)
    done = services.undo(session, g.actor, event_id, _zone())
    delegate = done.delegate
    params = {"time": _time(done.undid.at), "name": delegate.full_name}
    return jsonify(
        status="undone",
        outcome="undone",
        title=_(TITLES["undone"]),
        message=_(UNDONE[done.undid.kind], **params),
        notes=[],
        **_delegate_json(delegate),
        presence=done.presence,
        at=done.event.at.isoformat(),
        at_local=_time(done.event.at),
        event_id=None,
        can_confirm=False,
        counts=_counts(),
    )


# --- helpers ---


def _search_message(text: str, shown: int, total: int) -> str:
    if text.strip() and not total:
        return _("No delegate matches “%(query)s”. Type fewer letters, or the number.", query=text)
    if total > shown:
        return _("%(shown)s of %(total)s shown: type more letters.", shown=shown, total=total)
    return ""


def _outcome_response(outcome: services.Outcome):
    if outcome.error is not None:
        message = domain_message(outcome.error)
    else:
        params = {"time": _time(outcome.at), "since": _time(outcome.since)}
        message = _(MESSAGES[outcome.code], **params)
    data = {
        "status": outcome.colour,
        "outcome": outcome.code,
        "title": _(TITLES[outcome.code]),
        "message": message,
        "notes": [_(NOTES[note.code], **note.params) for note in outcome.notes],
        **_delegate_json(outcome.delegate),
        "presence": outcome.presence,
        "at": outcome.at.isoformat() if outcome.at else None,
        "at_local": _time(outcome.at),
        "event_id": outcome.event.id if outcome.event is not None else None,
        "can_confirm": outcome.code == "confirm_absent",
        "counts": _counts(),
    }
    return jsonify(data), (429 if outcome.code == "locked" else 200)


def _delegate_json(delegate) -> dict:
    if delegate is None:
        return {"delegate_id": None, "name": "", "unit": "", "number": None}
    return {
        "delegate_id": delegate.id,
        "name": delegate.full_name,
        "unit": delegate.unit.name if delegate.unit else "",
        "number": delegate.number,
    }


def _match_json(match: queries.Match) -> dict:
    delegate = match.delegate
    return {
        **_delegate_json(delegate),
        "presence": match.presence,
        "presence_label": _(PRESENCE[match.presence]),
        "since_local": _time(match.since),
        "is_alternate": not delegate.is_official,
    }


def _event_json(row: queries.RecentEvent) -> dict:
    event = row.event
    return {
        "id": event.id,
        "kind": event.kind,
        "kind_label": _(KINDS[event.kind]),
        "method_label": _(METHODS[event.method]),
        "at_local": _time(event.at),
        "actor": event.actor,
        **_delegate_json(event.delegate),
        "undone": row.is_undone,
        "undoable": row.is_undoable,
    }


def _counts() -> dict:
    """The counts after a write, from a fresh reading session: the writing one would take the
    write lock again, and the request's reading one still sees the moment before the write."""
    with database.database().session() as session:
        return _counts_json(queries.counts(session, the_congress(session)))


def _counts_json(counts: queries.Counts) -> dict:
    return {
        "summoned": counts.summoned,
        "present": counts.present,
        "left": counts.left,
        "not_come": counts.not_come,
        "announced_absent": counts.announced_absent,
        "alternates_present": counts.alternates_present,
    }


def _recent(session, congress):
    return queries.recent_events(session, congress, utcnow(), _zone())


def _body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _time(value) -> str:
    return format_datetime(value, "HH:mm") if value is not None else ""


def _zone() -> str:
    return current_app.config.get("BABEL_DEFAULT_TIMEZONE", services.DEFAULT_ZONE)


def _throttle() -> Throttle:
    """The desk's code throttle, with the same settings as the cards' look-up page."""
    config = current_app.config
    return Throttle(
        DESK.scope,
        int(config.get("CARD_DESK_MAX_FAILURES", DESK.max_failures)),
        int(config.get("CARD_DESK_LOCK_SECONDS", DESK.lock_seconds)),
    )
