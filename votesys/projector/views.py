"""The projector (màn hình chiếu) and the chair's results control.

GET /projector the full-screen page the hall sees (any signed-in staff: the projector laptop is
signed in as the chair); GET /projector/state.json what it shows now, polled every few seconds;
GET /projector/control the chair's control: announce a signed round, choose the screen;
POST /projector/control/announce/<round_id>, POST /projector/control/show (mode, round_id or
motion_id).
"""

from __future__ import annotations

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from votesys.congress.queries import the_congress
from votesys.errors import N_, DomainError, InvalidInput
from votesys.motions import words as motion_words
from votesys.projector import queries, services
from votesys.roles import require
from votesys.tally import services as tally
from votesys.tally import words
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.errors import domain_message

blueprint = Blueprint("projector", __name__)

POLL_MS = 2500
MODE_LABELS = {
    "idle": N_("Idle: the congress's name"),
    "voting": N_("Voting: turnout"),
    "counting": N_("The counting committee at work"),
    "results": N_("Results"),
    "motion": N_("A motion by show of hands"),
}


@blueprint.get("/projector")
@staff_required
def screen():
    require(g.actor_role, "elections.view")
    session = database.session()
    return render_template(
        "projector/screen.html",
        congress=the_congress(session),
        poll_ms=POLL_MS,
    )


@blueprint.get("/projector/state.json")
@staff_required
def state():
    require(g.actor_role, "elections.view")
    session = database.session()
    data = queries.screen(session, the_congress(session))
    data["text"] = _texts(data)
    return jsonify(data)


@blueprint.get("/projector/control")
@staff_required
def control():
    require(g.actor_role, services.SHOW)
    session = database.session()
    congress = the_congress(session)
    return render_template(
        "projector/control.html",
        congress=congress,
        current=queries.state_of(session, congress),
        screen=queries.screen(session, congress),
        rounds=queries.choosable(session, congress),
        motions=queries.choosable_motions(session, congress),
        modes=MODE_LABELS,
        changed_at=_time,
        words=words,
    )


@blueprint.post("/projector/control/announce/<int:round_id>")
@staff_required
def announce(round_id: int):
    require(g.actor_role, "results.announce")
    session = database.session(write=True)
    try:
        round_ = tally.announce(session, g.actor, round_id)
    except DomainError as error:
        return _refused(error)
    flash(
        _(
            "Round %(number)s of %(election)s is announced: it may now be shown on the projector.",
            number=round_.number,
            election=round_.election.title,
        ),
        "success",
    )
    return redirect(url_for("projector.control"))


@blueprint.post("/projector/control/show")
@staff_required
def show():
    require(g.actor_role, services.SHOW)
    mode = request.form.get("mode", "")
    raw = request.form.get("round_id", "")
    raw_motion = request.form.get("motion_id", "")
    session = database.session(write=True)
    try:
        if raw and not raw.isdigit():
            raise InvalidInput(field="round_id", detail=raw[:20])
        if raw_motion and not raw_motion.isdigit():
            raise InvalidInput(field="motion_id", detail=raw_motion[:20])
        round_id = int(raw) if raw else None
        motion_id = int(raw_motion) if raw_motion else None
        services.show(session, g.actor, the_congress(session), mode, round_id, motion_id)
    except DomainError as error:
        return _refused(error)
    flash(_("The projector now shows: %(mode)s.", mode=_(MODE_LABELS[mode])), "success")
    return redirect(url_for("projector.control"))


# --- helpers ---


def _refused(error: DomainError):
    if error.status == 403:
        raise error
    flash(domain_message(error), "error")
    return redirect(url_for("projector.control"))


def _texts(data: dict) -> dict:
    """The words of the screen, in the viewer's language (Vietnamese by default)."""
    round_ = data.get("round")
    text = {"heading": data["congress"]["name"]}
    if data["mode"] == "motion":
        return text | _motion_texts(data["motion"])
    if round_ is not None:
        text["round"] = _(
            "%(election)s · round %(number)s", election=round_["election"], number=round_["number"]
        )
    if data["mode"] == "voting":
        text["state"] = _("Voting is open") if data["is_open"] else _("Voting has closed")
        text["turnout_label"] = _("Delegates who have voted")
    elif data["mode"] == "counting":
        text["state"] = _("The counting committee is counting the ballots")
    elif data["mode"] == "results":
        text["state"] = _("Result announced")
        text["notices"] = [words.notice(item, data["threshold"]) for item in data["notices"]]
        text["outcomes"] = {code: words.outcome(code) for code in words.OUTCOMES}
        if data["is_opinion"]:
            text["summary"] = _("Join the list: %(names)s", names=", ".join(data["elected"]))
        elif data["elected"]:
            text["summary"] = _("Elected: %(names)s", names=", ".join(data["elected"]))
        else:
            text["summary"] = _("Nobody is elected in this round.")
        if data["alternates"]:
            text["alternates"] = _("Alternates: %(names)s", names=", ".join(data["alternates"]))
        text["record_label"] = _("Fingerprint of the election record (SHA-256)")
        url = url_for("record.round_record", round_id=round_["id"], _external=True)
        text["record_where"] = _(
            "The record: %(url)s, or votesys record export; anyone checks it with votesys verify",
            url=url,
        )
        if data["base"] is not None:
            text["base"] = _(
                "Base B = %(base)s; elected with more than half of B: at least %(threshold)s "
                "votes. Valid ballots: %(valid)s.",
                base=data["base"],
                threshold=data["threshold"],
                valid=data["ballots"]["valid"],
            )
    return text


def _motion_texts(motion: dict) -> dict:
    text = {"title": motion["title"], "question": motion["question"]}
    text["kind"] = _("Named vote") if motion["is_named"] else _("Anonymous vote")
    result = motion["result"]
    if result is None:
        text["state"] = _("Voting now") if motion["is_open"] else _("Voting has closed")
        text["turnout_label"] = _("Delegates who have voted")
        text["turnout"] = f"{motion['voted']} / {motion['voters']}"
        return text
    text["state"] = _("Passed") if result["is_passed"] else _("Not passed")
    text["result_line"] = motion_words.result_line(result)
    text["verdict"] = motion_words.verdict(result)
    text["figures"] = [
        {"label": label, "count": count, "percent": f"{percent}%" if percent else ""}
        for label, count, percent in motion_words.figures(result)
    ]
    return text


def _time(value) -> str:
    return format_datetime(value, "HH:mm:ss") if value is not None else ""
