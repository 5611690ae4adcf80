"""The key ceremony's pages (lễ tạo khóa của Ban kiểm phiếu), docs/ceremony.md.

GET /ceremony the congress's ceremony: members, t, each member's progress, the public key; for
the counting committee the forms to start one (POST /ceremony/start) and to abandon one
(POST /ceremony/<id>/abandon). GET /ceremony/<id>/member the signed-in member's guided page,
which polls GET /ceremony/<id>/status.json, reads GET /ceremony/<id>/shares.json and publishes
with JSON POSTs (X-CSRFToken header) to /ceremony/<id>/transport-key, /dealing and /confirm.
GET /ceremony/<id>/card the member's printable recovery card; GET /ceremony/<id>/transcript.json
the public transcript (any staff).

The server sees no secret here: the browser makes the transport secret and the polynomial, and
sends only public keys, proofs, sealed shares and the passphrase-wrapped final share.
"""

from __future__ import annotations

import base64
import json

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from votesys.accounts.models import StaffUser
from votesys.ceremony import errors, forms, queries, services, words
from votesys.congress.queries import the_congress
from votesys.credentials.pdf import qr_png
from votesys.errors import DomainError
from votesys.roles import allows, require
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.errors import domain_message

blueprint = Blueprint("ceremony", __name__)
VIEW, RUN = "ceremony.view", services.RUN


# --- the ceremony of the congress ---


@blueprint.get("/ceremony")
@staff_required
def index():
    require(g.actor_role, VIEW)
    return _index_page(forms.StartForm(), forms.AbandonForm(), tick_all=True)


@blueprint.post("/ceremony/start")
@staff_required
def start():
    require(g.actor_role, RUN)
    form = forms.StartForm()
    _member_choices(form)
    if not form.validate_on_submit():
        return _index_page(form, forms.AbandonForm(), status=400)
    session = database.session(write=True)
    try:
        ceremony = services.start_ceremony(
            session, g.actor, form.chosen_threshold(), form.members.data
        )
    except DomainError as error:
        session.rollback()
        return _index_page(form, forms.AbandonForm(), domain_message(error), error.status)
    flash(
        _(
            "The key ceremony is started: %(threshold)s of %(members)s. Each member now opens "
            "their guided page on their own device.",
            threshold=ceremony.threshold,
            members=ceremony.members,
        ),
        "success",
    )
    return redirect(url_for("ceremony.index"))


@blueprint.post("/ceremony/<int:ceremony_id>/abandon")
@staff_required
def abandon(ceremony_id: int):
    require(g.actor_role, RUN)
    form = forms.AbandonForm()
    if not form.validate_on_submit():
        return _index_page(forms.StartForm(), form, status=400, tick_all=True)
    session = database.session(write=True)
    try:
        services.abandon(session, g.actor, ceremony_id, form.reason.data)
    except DomainError as error:
        session.rollback()
        message = domain_message(error)
        return _index_page(forms.StartForm(), form, message, error.status, tick_all=True)
    flash(_("The key ceremony is abandoned: its key will never be used."), "success")
    return redirect(url_for("ceremony.index"))


def _index_page(
    start_form, abandon_form, error: str | None = None, status: int = 200, tick_all=False
):
    session = database.session()
    congress = the_congress(session)
    ceremony = queries.current(session, congress)
    _member_choices(start_form)
    if tick_all:
        start_form.members.data = [value for value, _label in start_form.members.choices]
    members = queries.members(session, ceremony) if ceremony is not None else []
    progress = queries.status(session, ceremony)["members"] if ceremony is not None else []
    return render_template(
        "ceremony/index.html",
        congress=congress,
        ceremony=ceremony,
        progress=progress,
        me=next((m for m in members if m.account == g.actor.name), None),
        may_run=allows(g.actor_role, RUN),
        start_form=start_form,
        abandon_form=abandon_form,
        default_threshold=forms.majority(len(start_form.members.data or [])),
        error=error,
        words=words,
    ), status


def _member_choices(form) -> None:
    users = database.session().scalars(
        select(StaffUser)
        .where(StaffUser.role == "counting", StaffUser.is_active.is_(True))
        .order_by(StaffUser.username)
    )
    form.members.choices = [(u.actor, f"{u.display_name} ({u.username})") for u in users]


# --- the member's guided page and what it calls ---


@blueprint.get("/ceremony/<int:ceremony_id>/member")
@staff_required
def member_page(ceremony_id: int):
    session = database.session()
    ceremony, member = _the_member(session, ceremony_id)
    return render_template(
        "ceremony/member.html",
        ceremony=ceremony,
        member=member,
        congress=the_congress(session),
        numbers=queries.member_numbers(session, ceremony),
    )


@blueprint.get("/ceremony/<int:ceremony_id>/status.json")
@staff_required
def status(ceremony_id: int):
    require(g.actor_role, VIEW)
    session = database.session()
    ceremony = queries.ceremony_of(session, ceremony_id)
    return jsonify(queries.status(session, ceremony))


@blueprint.get("/ceremony/<int:ceremony_id>/shares.json")
@staff_required
def shares(ceremony_id: int):
    """The shares sealed to the signed-in member, each with its dealer's commitments."""
    session = database.session()
    ceremony, member = _the_member(session, ceremony_id)
    if ceremony.status not in ("checking", "complete"):
        raise errors.WrongStep(current=ceremony.status, expected="checking")
    return jsonify(shares=queries.shares_for(session, ceremony, member.number))


@blueprint.post("/ceremony/<int:ceremony_id>/transport-key")
@staff_required
def transport_key(ceremony_id: int):
    require(g.actor_role, RUN)
    body = _body("keys")
    session = database.session(write=True)
    services.publish_transport_key(session, g.actor, ceremony_id, body)
    return _status_of(session, ceremony_id)


@blueprint.post("/ceremony/<int:ceremony_id>/dealing")
@staff_required
def dealing(ceremony_id: int):
    require(g.actor_role, RUN)
    body = _body("dealing")
    session = database.session(write=True)
    services.publish_dealing(
        session, g.actor, ceremony_id, body.get("commitments"), body.get("sealed")
    )
    return _status_of(session, ceremony_id)


@blueprint.post("/ceremony/<int:ceremony_id>/confirm")
@staff_required
def confirm(ceremony_id: int):
    require(g.actor_role, RUN)
    body = _body("checking")
    session = database.session(write=True)
    services.confirm_shares(
        session,
        g.actor,
        ceremony_id,
        body.get("complaints", []),
        body.get("verification_key"),
        body.get("wrapped_share"),
    )
    return _status_of(session, ceremony_id)


def _status_of(session, ceremony_id: int):
    return jsonify(queries.status(session, queries.ceremony_of(session, ceremony_id)))


def _body(step: str) -> dict:
    """The JSON body; anything else is refused before any service runs."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise errors.BadPublication(step=step, detail="json_body")
    return body


def _the_member(session, ceremony_id: int):
    require(g.actor_role, RUN)
    ceremony = queries.ceremony_of(session, ceremony_id)
    return ceremony, queries.member_for(session, ceremony, g.actor.name)


# --- the recovery card and the transcript ---


@blueprint.get("/ceremony/<int:ceremony_id>/card")
@staff_required
def card(ceremony_id: int):
    """The member's recovery card, in Vietnamese whatever the viewer's language."""
    session = database.session()
    ceremony, member = _the_member(session, ceremony_id)
    if member.wrapped_share is None:
        message = _("Your recovery card exists once you have checked your shares (step 3).")
        return render_template("errors.html", status=409, message=message), 409
    wrapped = json.loads(member.wrapped_share)
    text = json.dumps(wrapped, sort_keys=True, separators=(",", ":"))
    with force_locale("vi"):
        return render_template(
            "ceremony/card.html",
            ceremony=ceremony,
            member=member,
            congress=the_congress(session),
            wrapped_text=text,
            qr="data:image/png;base64," + base64.b64encode(qr_png(text)).decode("ascii"),
        )


@blueprint.get("/ceremony/<int:ceremony_id>/transcript.json")
@staff_required
def transcript(ceremony_id: int):
    require(g.actor_role, VIEW)
    session = database.session()
    ceremony = queries.ceremony_of(session, ceremony_id)
    response = jsonify(queries.transcript(session, ceremony))
    response.headers["Content-Disposition"] = (
        f'inline; filename="ceremony-{ceremony.id}-transcript.json"'
    )
    return response
