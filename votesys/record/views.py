"""The election record as a file (tải hồ sơ bầu cử): staff only, once results are announced.

GET /record.json (every announced round of the congress, with the key ceremony and the audit
log) and /record/<id>.json (one announced round, the same otherwise). Streamed: a big record is
never held in memory. The round's record fingerprint is in X-Votesys-Record-Fingerprint.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, stream_with_context

from votesys.congress.queries import the_congress
from votesys.record import queries
from votesys.roles import require
from votesys.web import database
from votesys.web.access import staff_required

blueprint = Blueprint("record", __name__)
VIEW = "elections.view"


@blueprint.get("/record.json")
@staff_required
def congress_record():
    require(g.actor_role, VIEW)
    session = database.session()
    congress = the_congress(session)
    rounds = queries.announced_rounds(session, congress)
    return _stream(session, congress, rounds, "ho-so-bau-cu.json")


@blueprint.get("/record/<int:round_id>.json")
@staff_required
def round_record(round_id: int):
    require(g.actor_role, VIEW)
    session = database.session()
    round_ = queries.published_round(session, round_id)
    response = _stream(session, round_.election.congress, [round_], f"ho-so-{round_id}.json")
    response.headers["X-Votesys-Record-Fingerprint"] = queries.fingerprint(session, round_)
    return response


def _stream(session, congress, rounds, filename: str) -> Response:
    key = current_app.extensions["votesys.signer"].public_key_hex
    chunks = queries.record_chunks(session, congress, rounds, key)
    response = Response(stream_with_context(chunks), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
