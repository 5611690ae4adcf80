"""The delegate's pages: the voting tablet (/vote) and the public board of receipts (/receipts).

GET /vote the welcome screen (it ends any voter session left on the device); POST
/vote/sign-in what the camera, a USB scanner or typing read; POST /vote/card the card holder's
page (/c/<token>) sending its card; GET /vote/session the signed-in delegate's rounds; POST
/vote/rounds/<id>/ballot opens the ballot (what the tablet needs to encrypt it, from the round's
frozen manifest); POST /vote/rounds/<id>/cast casts the ballot the tablet encrypted (ciphertexts
and proofs, never a mark); POST /vote/finish ends the session. The POSTs but /vote/card are
JSON with the X-CSRFToken header.

Secrecy: no URL here carries a card token or a delegate's id or number (tokens and codes travel
in request bodies, which are never logged); who is voting is only in the encrypted voter session.
"""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask import session as browser_session
from flask_babel import gettext as _

from votesys.ballots import queries as box
from votesys.ballots.errors import BoxNotClosed, UnknownReceipt
from votesys.congress.queries import the_congress
from votesys.credentials.services import PUBLIC, Throttle
from votesys.credentials.views import code_key
from votesys.errors import DomainError
from votesys.tablet import errors, queries, services, voter
from votesys.tablet.stations import station_token
from votesys.web import database
from votesys.web.errors import domain_message

blueprint = Blueprint("tablet", __name__)
IDLE_SECONDS = 90
RECEIPT_SECONDS = 60
CAST_KEYS = {"ballot", "submission_key"}  # what a cast carries: never a mark


@blueprint.app_context_processor
def _offer() -> dict:
    return {"tablet_vote_offer": vote_offer}


def vote_offer() -> dict | None:
    """For the card holder's page (templates/credentials/holder.html): the field to post to
    /vote/card when a round is open, or None."""
    if request.endpoint == "credentials.holder":
        field, value = "token", (request.view_args or {}).get("token", "")
    elif request.endpoint == "credentials.enter_code":
        field, value = "code", request.form.get("code", "")
    else:
        return None
    session = database.session()
    if not queries.is_any_round_open(session, the_congress(session)):
        return None
    return {"field": field, "value": value}


# --- the tablet ---


@blueprint.get("/vote")
def welcome():
    if voter.KEY in browser_session:
        voter.end()  # the welcome screen serves nobody: whoever was signed in here is not any more
    return _vote_page()


@blueprint.post("/vote/sign-in")
def sign_in():
    body = _body()
    text = body.get("scan") if isinstance(body.get("scan"), str) else ""
    method = body.get("method") if isinstance(body.get("method"), str) else None
    signed = _sign_in(text, method)
    return jsonify(_state(signed.name, signed.rounds, voter.lifetime()))


@blueprint.post("/vote/card")
def card_sign_in():
    """From the card holder's page: the card's token (or the code just typed there)."""
    code = request.form.get("code", "")
    try:
        _sign_in(code or request.form.get("token", ""), "code" if code else "scanner")
    except DomainError as error:
        voter.end()
        return _vote_page(domain_message(error)), error.status
    return _vote_page(signed_in=True)


@blueprint.get("/vote/session")
def voter_state():
    current = voter.current()
    if current is None or current.has_cast:
        return jsonify(voter=None, rounds=[])
    session = database.session()
    congress = the_congress(session)
    standing = queries.standing(session, congress, current.delegate_id)
    name = queries.delegate_name(session, current.delegate_id)
    return jsonify(_state(name, standing.rounds, voter.seconds_left(current)))


@blueprint.post("/vote/rounds/<int:round_id>/ballot")
def open_ballot(round_id: int):
    current = _signed_in()
    session = database.session(write=True)
    paper = services.open_ballot(
        session, the_congress(session), current.delegate_id, round_id, station_token()
    )
    return jsonify(queries.tablet_ballot(paper))


@blueprint.post("/vote/rounds/<int:round_id>/cast")
def cast(round_id: int):
    """Body: exactly ``{"ballot": <the encrypted ballot>, "submission_key": "..."}``. Anything
    else (a plain "document" from a page of before the encryption) is refused unread."""
    current = voter.current()
    body = _body()
    key = body.get("submission_key")
    if current is None or (current.has_cast and not current.may_resend(round_id, key)):
        raise errors.NoVoterSession()
    if set(body) != CAST_KEYS:
        raise errors.OutdatedTablet()
    reading = database.session()  # the proofs are checked before the write lock is taken
    congress = the_congress(reading)
    checked = services.check(reading, round_id, body["ballot"])
    session = database.session(write=True)
    done = services.cast(
        session,
        congress,
        current.delegate_id,
        round_id,
        body["ballot"],
        key,
        station_token(),
        checked,
    )
    voter.mark_cast(current, round_id, key)
    return jsonify(receipt=done.receipt, is_repeat=done.is_repeat, qr=receipt_qr(done.receipt))


@blueprint.post("/vote/finish")
def finish():
    voter.end()
    return jsonify(next=url_for("tablet.welcome"))


# --- the public board of receipts ---


@blueprint.get("/receipts")
def receipt_rounds():
    session = database.session()
    rounds = queries.published_rounds(session, the_congress(session))
    return render_template("tablet/receipt_rounds.html", rounds=rounds)


@blueprint.route("/receipts/<int:round_id>", methods=["GET", "POST"])
def receipt_board(round_id: int):
    session = database.session()
    round_, codes = queries.board(session, round_id)
    if codes is None:
        return render_template("tablet/receipt_board.html", round=round_, codes=None), 409
    typed = (request.form.get("receipt") or "").strip()[:40] if request.method == "POST" else ""
    found = missing = None
    if typed:
        try:
            found = box.find_receipt(session, round_, typed)
        except UnknownReceipt as error:
            missing = domain_message(error)
    return render_template(
        "tablet/receipt_board.html",
        round=round_,
        codes=codes,
        typed=typed,
        found=found,
        missing=missing,
    )


@blueprint.get("/receipts/<int:round_id>.json")
def receipt_list(round_id: int):
    round_, codes = queries.board(database.session(), round_id)
    if codes is None:
        message = _("The receipts of this round are published when voting closes.")
        return jsonify(error=BoxNotClosed.code, message=message), 409
    return jsonify(
        round={**_round_json(round_), "status": round_.status}, count=len(codes), receipts=codes
    )


# --- helpers ---


def receipt_qr(code: str) -> str:
    """The receipt as a QR code (its text only, no URL), an SVG data: URI made here."""
    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _vote_page(error: str | None = None, signed_in: bool = False):
    session = database.session()
    config = current_app.config
    return render_template(
        "tablet/vote.html",
        congress=the_congress(session),
        error=error,
        signed_in=signed_in,
        idle_seconds=int(config.get("TABLET_IDLE_SECONDS", IDLE_SECONDS)),
        receipt_seconds=int(config.get("TABLET_RECEIPT_SECONDS", RECEIPT_SECONDS)),
    )


def _sign_in(text: str, method: str | None) -> services.SignedIn:
    """Sign in whoever holds the card read or typed, and start their voter session."""
    session = database.session(write=True)
    signed = services.sign_in(
        session,
        the_congress(session),
        code_key(),
        text,
        method,
        _public_throttle(),
        request.remote_addr or "-",
        station_token(),
    )
    voter.start(signed.delegate_id)
    return signed


def _signed_in() -> voter.Voter:
    current = voter.current()
    if current is None or current.has_cast:
        raise errors.NoVoterSession()
    return current


def _state(name: str, rounds, seconds_left: int) -> dict:
    return {
        "voter": {"name": name, "seconds_left": seconds_left},
        "rounds": [_round_json(r) for r in rounds],
    }


def _round_json(round_) -> dict:
    return {
        "id": round_.id,
        "title": round_.election.title,
        "number": round_.number,
        "layout": round_.layout,
    }


def _public_throttle() -> Throttle:
    """The card page's throttle (/c): a typed code on a tablet counts against its address."""
    config = current_app.config
    return Throttle(
        PUBLIC.scope,
        int(config.get("CARD_CODE_MAX_FAILURES", PUBLIC.max_failures)),
        int(config.get("CARD_CODE_LOCK_SECONDS", PUBLIC.lock_seconds)),
    )


def _body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}
