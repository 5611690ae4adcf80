"""The minutes of the count (biên bản kiểm phiếu): pages, PDF and exports; staff only, read only.

GET /minutes (every counted round, with its links), /minutes/<id> (the printable page),
/minutes/<id>.pdf, /minutes/<id>/result.csv, /minutes/<id>/result.json (the stored result, with
its fingerprint in X-Votesys-Fingerprint), /minutes/all.pdf (every counted round, agenda order);
/minutes/decisions and /minutes/decisions.pdf (the motions decided by show of hands, for the
secretariat's minutes of the congress).
The document is always in Vietnamese, whatever the viewer's language; the page around it is not.
A round's minutes hold its result: they are shown to the counting committee once counted, to the
chair once signed, to every staff role once announced (``tally.queries.may_see_result``).
"""

from __future__ import annotations

from flask import Blueprint, g, make_response, render_template
from flask_babel import force_locale
from markupsafe import Markup

from votesys.congress.queries import the_congress
from votesys.minutes import exporting, queries
from votesys.minutes.decisions import build_decisions
from votesys.minutes.document import Document, build_election
from votesys.minutes.errors import NothingCounted, NotReleased
from votesys.minutes.opinion import build_opinion
from votesys.minutes.pdf import minutes_pdf
from votesys.motions import queries as motions
from votesys.roles import require
from votesys.tally import queries as tally_queries
from votesys.tally import words as tally_words
from votesys.web import database
from votesys.web.access import staff_required

blueprint = Blueprint("minutes", __name__)
VIEW = "elections.view"


@blueprint.get("/minutes")
@staff_required
def index():
    require(g.actor_role, VIEW)
    session = database.session()
    congress = the_congress(session)
    return render_template(
        "minutes/index.html",
        congress=congress,
        rounds=[r for r in queries.counted_rounds(session, congress) if _may_see(r)],
        round_state=tally_words.round_state,
    )


@blueprint.get("/minutes/<int:round_id>")
@staff_required
def page(round_id: int):
    require(g.actor_role, VIEW)
    counted = _released(round_id)
    with force_locale("vi"):
        document = _build(counted)
        body = render_template("minutes/_document.html", document=document)
    # The fragment is the output of an autoescaped template: already safe HTML.
    body = Markup(body)  # noqa: S704
    return render_template("minutes/page.html", body=body, document=document, round=counted.round)


@blueprint.get("/minutes/<int:round_id>.pdf")
@staff_required
def as_pdf(round_id: int):
    require(g.actor_role, VIEW)
    counted = _released(round_id)
    with force_locale("vi"):
        data = minutes_pdf([_build(counted)])
    return _file(data, "application/pdf", f"bien-ban-kiem-phieu-{round_id}.pdf")


@blueprint.get("/minutes/all.pdf")
@staff_required
def all_as_pdf():
    require(g.actor_role, VIEW)
    session = database.session()
    every = [c for c in queries.all_counted(session, the_congress(session)) if _may_see(c.round)]
    if not every:
        raise NothingCounted()
    with force_locale("vi"):
        data = minutes_pdf([_build(counted) for counted in every])
    return _file(data, "application/pdf", "bien-ban-kiem-phieu.pdf")


@blueprint.get("/minutes/decisions")
@staff_required
def decisions():
    require(g.actor_role, "motions.view")
    document = _decisions()
    body = Markup(render_template("minutes/_document.html", document=document))  # noqa: S704
    return render_template("minutes/decisions.html", body=body, document=document)


@blueprint.get("/minutes/decisions.pdf")
@staff_required
def decisions_pdf():
    require(g.actor_role, "motions.view")
    document = _decisions()
    with force_locale("vi"):
        data = minutes_pdf([document], title=document.title)
    return _file(data, "application/pdf", "bieu-quyet-dai-hoi.pdf")


def _decisions() -> Document:
    session = database.session()
    congress = the_congress(session)
    listed = motions.motions(session, congress)
    with force_locale("vi"):
        return build_decisions(congress, listed, {m.id: motions.result_of(m) for m in listed})


@blueprint.get("/minutes/<int:round_id>/result.csv")
@staff_required
def result_csv(round_id: int):
    require(g.actor_role, VIEW)
    counted = _released(round_id)
    data = exporting.result_csv(counted.result)
    return _file(data, "text/csv; charset=utf-8", f"ket-qua-{round_id}.csv")


@blueprint.get("/minutes/<int:round_id>/result.json")
@staff_required
def result_json(round_id: int):
    require(g.actor_role, VIEW)
    counted = _released(round_id)
    response = _file(
        exporting.result_json(counted.tally),
        "application/json",
        f"ket-qua-{round_id}.json",
    )
    response.headers["X-Votesys-Fingerprint"] = counted.tally.fingerprint
    return response


def _released(round_id: int) -> queries.Counted:
    """The round's minutes, if its result is released to this role (tally.queries)."""
    counted = queries.counted(database.session(), round_id)
    if not _may_see(counted.round):
        raise NotReleased(number=counted.round.number, election=counted.round.election.title)
    return counted


def _may_see(round_) -> bool:
    return tally_queries.may_see_result(g.actor_role, round_)


def _build(counted: queries.Counted) -> Document:
    return build_opinion(counted) if counted.is_opinion else build_election(counted)


def _file(data: bytes, mimetype: str, filename: str):
    response = make_response(data)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
