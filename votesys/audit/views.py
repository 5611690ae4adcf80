"""The audit log's page: the head hash, the latest entries, the check, the export."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, render_template
from flask_babel import gettext as _

from votesys.audit import queries
from votesys.core.audit_chain import Problem
from votesys.errors import N_
from votesys.roles import require
from votesys.web import database
from votesys.web.access import staff_required

blueprint = Blueprint("audit", __name__, url_prefix="/audit")

PROBLEM_MESSAGES = {
    "malformed": N_("not a valid log line"),
    "edited": N_("the entry's content does not match its hash: it was edited"),
    "chain_broken": N_(
        "the entry does not follow the one before it: an entry was removed, inserted or moved here"
    ),
    "missing": N_("entries are missing before this one: removed"),
    "out_of_order": N_("the entry is out of order or repeated: reordered or inserted"),
    "checkpoint_mismatch": N_("the signed checkpoint does not match the log at this entry"),
    "bad_signature": N_("the checkpoint's signature is not the installation's: forged"),
    "unknown_key": N_("the log is signed with another key than the one expected"),
    "no_header": N_("the first line is not a votesys audit log header"),
    "empty": N_("the log holds no entries"),
}


def problem_text(problem: Problem) -> str:
    where = _("line %(line)s", line=problem.line)
    if problem.seq is not None:
        where += ", " + _("entry %(seq)s", seq=problem.seq)
    return f"{where}: {_(PROBLEM_MESSAGES.get(problem.code, problem.code))}"


@blueprint.get("/")
@staff_required
def log():
    require(g.actor_role, "audit.view")
    session = database.session()
    return render_template(
        "audit/log.html",
        head=queries.head(session),
        entries=queries.recent(session, 100),
        signer=current_app.extensions["votesys.signer"],
        report=None,
    )


@blueprint.get("/verify")
@staff_required
def verify():
    require(g.actor_role, "audit.verify")
    session = database.session()
    signer = current_app.extensions["votesys.signer"]
    return render_template(
        "audit/log.html",
        head=queries.head(session),
        entries=queries.recent(session, 100),
        signer=signer,
        report=queries.verify_database(session, signer.public_key_hex),
        problem_text=problem_text,
    )


@blueprint.get("/export.jsonl")
@staff_required
def export():
    require(g.actor_role, "audit.view")
    signer = current_app.extensions["votesys.signer"]
    lines = queries.export_lines(database.session(), signer.public_key_hex)
    body = "".join(line + "\n" for line in lines)
    return Response(
        body,
        mimetype="application/x-ndjson",
        headers={"Content-Disposition": "attachment; filename=votesys-audit.jsonl"},
    )
