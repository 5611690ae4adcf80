"""The minutes of an opinion ballot (biên bản kiểm phiếu xin ý kiến), rules.md §2.

Before an election the congress may be asked whether names proposed in the hall go on the
list: a name joins it with more than 30% of the delegates attending (the threshold frozen when
the ballot opened). These minutes give each name's agree count against that threshold and who
joins the list, from the stored result (format "votesys-opinion/1").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _

from votesys.core.minutes.moments import moment
from votesys.minutes.document import (
    Document,
    Line,
    Paragraph,
    Section,
    Table,
    ballots_section,
    closing,
    confirmations_section,
    congress_line,
    dated,
    footer,
    record_lines,
    signers,
)
from votesys.minutes.queries import Counted


def build_opinion(counted: Counted) -> Document:
    result = counted.result
    title = result["election"]["title"]
    counted_at = moment(dt.datetime.fromisoformat(result["counted_at"]))
    return Document(
        organisation=counted.organisation.upper(),
        issuer=_("COUNTING COMMITTEE"),
        dated=dated("", counted_at.iso),
        title=_("MINUTES OF THE COUNT OF THE OPINION BALLOT"),
        subtitle=_("%(title)s, round %(number)s", title=title, number=result["round"]),
        congress=congress_line(result["congress"]),
        opening=_(
            "At %(time)s the counting committee counted the opinion ballot on adding names to "
            "the list of %(target)s, and records the following.",
            time=counted_at.text,
            target=counted.target_title,
        ),
        sections=(
            _attending(result),
            ballots_section(_("II. Ballots"), result["ballots"], result["ballots"]["invalid"]),
            _agree(result),
            _joining(result, counted.target_title),
            _times(counted, counted_at.text),
            confirmations_section(_("VI. Electronic confirmations"), counted),
        ),
        closing=closing(),
        signers=signers(counted.committee),
        footer=footer(title, result["round"]),
        fingerprint=counted.tally.fingerprint,
    )


def _attending(result: dict[str, Any]) -> Section:
    lines = (
        Line(_("Delegates attending the vote"), str(result["attending"]), key="attending"),
        Line(
            _("Agree votes needed to join the list (more than 30% of those attending)"),
            str(result["threshold"]),
            key="threshold",
        ),
    )
    return Section(_("I. The delegates attending"), lines, "attending")


def _agree(result: dict[str, Any]) -> Section:
    rows = tuple(
        (
            str(number),
            row["name"],
            str(row["agree"]),
            str(result["threshold"]),
            _("joins the list") if row["is_agreed"] else _("does not join"),
        )
        for number, row in enumerate(result["candidates"], start=1)
    )
    table = Table(
        (_("No."), _("Full name"), _("Agree"), _("Needed"), _("Result")),
        rows,
        (7, 43, 13, 13, 24),
        (True, False, True, True, False),
        "agree",
    )
    return Section(_("III. Agree votes for each name"), (table,), "agree")


def _joining(result: dict[str, Any], target: str) -> Section:
    names = {row["id"]: row["name"] for row in result["candidates"]}
    if result["agreed"]:
        text = _(
            "Join the list of %(target)s: %(names)s.",
            target=target,
            names=", ".join(names[cid] for cid in result["agreed"]),
        )
    else:
        text = _("Nobody joins the list of %(target)s.", target=target)
    return Section(_("IV. Who joins the list"), (Paragraph(text, "joining", True),), "joining")


def _times(counted: Counted, counted_text: str) -> Section:
    result = counted.result
    closed = moment(counted.closed_at).text if counted.closed_at else ""
    lines = (
        Line(_("Voting closed at"), closed, key="closed_at"),
        Line(_("Counted at"), counted_text, key="counted_at"),
        Line(_("Audit log head hash at the count"), result["audit_head"], key="audit_head",
             is_code=True),
        Line(_("Fingerprint of the round (fixed before any ballot)"), result["round_fingerprint"],
             key="round_fingerprint", is_code=True),
        Line(_("Fingerprint of these minutes (SHA-256 of the JSON export)"),
             counted.tally.fingerprint, key="fingerprint", is_code=True),
        *record_lines(counted),
    )  # fmt: skip
    return Section(_("V. Time and fingerprints"), lines, "times")
