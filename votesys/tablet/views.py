"""The delegate's pages: the voting tablet (/vote), the public board of receipts (/receipts)
and the verification page of challenged ballots (/challenges).

GET /vote the welcome screen (it ends any voter session left on the device); POST
/vote/sign-in what the camera, a USB scanner or typing read; POST /vote/card the card holder's
page (/c/<token>) sending its card; GET /vote/session the signed-in delegate's rounds; POST
/vote/rounds/<id>/ballot opens the ballot (what the tablet needs to encrypt it, from the round's
frozen manifest); POST /vote/rounds/<id>/cast casts the ballot the tablet encrypted (ciphertexts
and proofs, never a mark); POST /vote/rounds/<id>/challenge publishes a ballot the delegate
challenged instead (it is never cast); POST /vote/motions/<id> the delegate's vote on the open
motion (biểu quyết), changeable until it closes; POST /vote/finish ends the session. The POSTs
but /vote/card are JSON with the X-CSRFToken header.

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

from votesys.ballots import board, challenges
from votesys.ballots import queries as box
from votesys.ballots.errors import BoardNotOpen, UnknownChallenge, UnknownReceipt
from votesys.congress.queries import the_congress
from votesys.credentials.services import PUBLIC, Throttle
from votesys.credentials.views import code_key
from votesys.db import utcnow
from votesys.elections import queries as elections
from votesys.elections.models import Round
from votesys.errors import DomainError
from votesys.motions.views import slip_key
from votesys.tablet import errors, queries, services, voter
from votesys.tablet.stations import station_token
from votesys.web import database
from votesys.web.errors import domain_message

blueprint = Blueprint("tablet", __name__)
IDLE_SECONDS = 90
RECEIPT_SECONDS = 60
CAST_KEYS = {"ballot", "submission_key"}  # what a cast carries: never a mark
CHALLENGE_KEYS = {"ballot", "revealed"}  # a challenged ballot: public, never cast
BOARD_BATCH_SECONDS = 60
BOARD_BATCH_SIZE = 5


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
    return jsonify(_state(signed.name, signed.rounds, voter.lifetime(), signed.delegate_id))


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
        return jsonify(voter=None, rounds=[], motions=[])
    session = database.session()
    congress = the_congress(session)
    standing = queries.standing(session, congress, current.delegate_id)
    name = queries.delegate_name(session, current.delegate_id)
    return jsonify(_state(name, standing.rounds, voter.seconds_left(current), current.delegate_id))


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
        # A resend whose session ran out while the answer was lost: its receipt, if it is in.
        resent = services.resent(database.session(), round_id, body.get("ballot"), key)
        if resent is None:
            raise errors.NoVoterSession()
        return jsonify(receipt=resent.receipt, is_repeat=True, qr=receipt_qr(resent.receipt))
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


@blueprint.post("/vote/rounds/<int:round_id>/challenge")
def challenge(round_id: int):
    """Body: exactly ``{"ballot": <the encrypted ballot>, "revealed": <its reveal>}``: a ballot
    the delegate challenged instead of casting (protocol.md §6.6). Their vote is left as it was."""
    current = _signed_in()
    body = _body()
    if set(body) != CHALLENGE_KEYS:
        raise errors.OutdatedTablet()
    session = database.session(write=True)
    done = services.challenge(
        session,
        the_congress(session),
        current.delegate_id,
        round_id,
        body["ballot"],
        body["revealed"],
        station_token(),
    )
    link = url_for("tablet.challenge_page", _external=True) + "#" + done.code
    return jsonify(
        code=done.code,
        matches=done.is_match,
        problems=list(done.problems),
        is_repeat=done.is_repeat,
        verify_url=link,
        qr=receipt_qr(link),
    )


@blueprint.post("/vote/motions/<int:motion_id>")
def vote_on_motion(motion_id: int):
    """Body: ``{"choice": "agree" | "disagree" | "abstain"}``: the delegate's vote on the open
    motion, which they may change until the chair closes it."""
    current = _signed_in()
    choice = _body().get("choice")
    session = database.session(write=True)
    congress = the_congress(session)
    done = services.vote_on_motion(
        session, congress, current.delegate_id, motion_id, choice, slip_key(), station_token()
    )
    return jsonify(
        choice=done.choice,
        is_change=done.is_change,
        motions=queries.tablet_motions(
            database.session(), congress, current.delegate_id, slip_key()
        ),
    )


@blueprint.post("/vote/finish")
def finish():
    voter.end()
    return jsonify(next=url_for("tablet.welcome"))


# --- the public board of receipts (during voting and after) ---


@blueprint.get("/receipts")
def receipt_rounds():
    session = database.session()
    rounds = queries.published_rounds(session, the_congress(session))
    return render_template("tablet/receipt_rounds.html", rounds=rounds)


@blueprint.route("/receipts/<int:round_id>", methods=["GET", "POST"])
def receipt_board(round_id: int):
    round_, shown = _board(round_id)
    if shown is None:
        return render_template("tablet/receipt_board.html", round=round_, board=None), 409
    typed = (request.form.get("receipt") or "").strip()[:40] if request.method == "POST" else ""
    found = missing = challenged = None
    if typed:
        session = database.session()
        try:
            found = box.find_receipt(session, round_, typed)
        except UnknownReceipt as error:
            challenged = _challenged_code(session, round_, typed)
            missing = None if challenged else domain_message(error)
    return render_template(
        "tablet/receipt_board.html",
        round=round_,
        board=shown,
        batching=_batching(),
        typed=typed,
        found=found,
        is_shown=found in {e.code for e in shown.ballots},
        missing=missing,
        challenged=challenged,
    )


@blueprint.get("/receipts/<int:round_id>.json")
def receipt_list(round_id: int):
    round_, shown = _board(round_id)
    if shown is None:
        error = BoardNotOpen(
            number=round_.number, election=round_.election.title, current=round_.status
        )
        return jsonify(error=error.code, message=domain_message(error)), 409
    batching = _batching()
    return jsonify(
        round={**_round_json(round_), "status": round_.status},
        is_final=shown.is_final,
        published_at=shown.taken_at.isoformat() if shown.taken_at else None,
        batching=None if shown.is_final else {"seconds": batching.seconds, "size": batching.size},
        count=shown.count,
        voted=shown.voted,
        agrees=shown.agrees,
        receipts=[e.code for e in shown.ballots],
        ballots=[{"receipt": e.code, "ballot_hash": e.ballot_hash} for e in shown.ballots],
        challenged=[
            {"code": e.code, "ballot_hash": e.ballot_hash, "matches": e.is_match}
            for e in shown.challenged
        ],
    )


# --- challenged ballots: the verification page (public, any device) ---


@blueprint.get("/challenges")
def challenge_page():
    """The code comes after ``#`` (the tablet's QR code) or is typed: never in a URL's path or
    query, so no log line holds it."""
    return render_template("tablet/challenge.html")


@blueprint.post("/challenges/find")
def challenge_find():
    session = database.session()
    text = _body().get("code")
    row = challenges.find_challenge(session, text if isinstance(text, str) else "")
    return jsonify(queries.challenged_ballot(session, row))


# --- helpers ---


def receipt_qr(code: str) -> str:
    """A receipt's QR code (its text only, no URL) or a challenge's (the verification page's
    URL, the code after #), an SVG data: URI made here."""
    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _board(round_id: int) -> tuple[Round, board.Board | None]:
    """A round and its public board (None before voting opens). While voting is open a due
    batch is published here, in a writing session."""
    session = database.session()
    round_ = elections.round_of(session, round_id)
    now, batching = utcnow(), _batching()
    try:
        shown = board.board(session, round_, now, batching)
    except BoardNotOpen:
        return round_, None
    if shown is None:
        shown = board.publish_batch(database.session(write=True), round_id, now, batching)
    if shown is None:  # voting closed meanwhile: the box itself
        session.expire_all()
        round_ = elections.round_of(session, round_id)
        shown = board.live(session, round_)
    return round_, shown


def _batching() -> board.Batching:
    config = current_app.config
    return board.Batching(
        int(config.get("BOARD_BATCH_SECONDS", BOARD_BATCH_SECONDS)),
        int(config.get("BOARD_BATCH_SIZE", BOARD_BATCH_SIZE)),
    )


def _challenged_code(session, round_: Round, typed: str) -> str | None:
    """The code of one of the round's challenged ballots, typed into the receipt search."""
    try:
        row = challenges.find_challenge(session, typed)
    except UnknownChallenge:
        return None
    return row.code if row.round_id == round_.id else None


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


def _state(name: str, rounds, seconds_left: int, delegate_id: int) -> dict:
    session = database.session()
    return {
        "voter": {"name": name, "seconds_left": seconds_left},
        "rounds": [_round_json(r) for r in rounds],
        "motions": queries.tablet_motions(session, the_congress(session), delegate_id, slip_key()),
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
