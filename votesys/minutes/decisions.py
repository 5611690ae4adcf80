"""The congress's list of decisions by show of hands (danh sách các nội dung đại hội biểu
quyết), for the secretariat's minutes of the congress: every closed motion in agenda order with
its figures against B and whether it passed, built once and rendered twice (page and PDF) like
the minutes of the count. Call ``build_decisions`` inside ``force_locale("vi")``.
"""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _

from votesys.congress.models import Congress
from votesys.core.audit_chain import canonical_json
from votesys.db import utcnow
from votesys.minutes.document import (
    Document,
    Line,
    Paragraph,
    Section,
    Signer,
    Table,
    congress_line,
    dated,
)
from votesys.motions import words
from votesys.motions.models import Motion


def build_decisions(congress: Congress, motions: list[Motion], results: dict) -> Document:
    """``motions``: the congress's motions in agenda order; ``results``: each closed one's
    stored result (motions.queries.result_of)."""
    closed = [m for m in motions if m.status == "closed"]
    rows = tuple(
        (
            str(number),
            motion.title,
            _("named") if motion.is_named else _("anonymous"),
            str(results[motion.id]["counts"]["agree"]),
            str(results[motion.id]["counts"]["disagree"]),
            str(results[motion.id]["counts"]["abstain"]),
            str(results[motion.id]["not_voted"]),
            f"{results[motion.id]['counts']['agree']}/{results[motion.id]['base']} "
            f"({results[motion.id]['percent']['agree']}%)",
            _("Passed") if results[motion.id]["is_passed"] else _("Not passed"),
        )
        for number, motion in enumerate(closed, start=1)
    )
    table = Table(
        headings=(
            _("No."),
            _("Motion"),
            _("Vote"),
            _("In favour"),
            _("Against"),
            _("Abstain"),
            _("Did not vote"),
            _("In favour / B"),
            _("Result"),
        ),
        rows=rows,
        widths=(6, 28, 10, 8, 9, 8, 8, 13, 10),
        numeric=(True, False, False, True, True, True, True, True, False),
        key="decisions",
    )
    questions = tuple(
        Paragraph(
            f"{number}. {motion.question} {words.result_line(results[motion.id])}. "
            f"{words.verdict(results[motion.id])}",
            key=f"question-{motion.id}",
        )
        for number, motion in enumerate(closed, start=1)
    )
    pending = [m for m in motions if m.status != "closed"]
    sections = [
        Section(_("I. Decisions"), (table,) if rows else (Paragraph(_("None yet.")),), "table"),
        Section(_("II. The questions put and their results"), questions, "questions"),
        Section(
            _("III. How a motion passes"),
            (
                Paragraph(
                    _(
                        "A motion passes when more than half of the base B are in favour (Quy "
                        "chế bầu cử trong Đảng, rules.md §1 and §5): B is the roll adjusted as for "
                        "a ballot round, frozen when the motion was put to the vote. Delegates who "
                        "did not vote or abstained count like those against."
                    )
                ),
            ),
            "rule",
        ),
    ]
    if pending:
        sections.append(
            Section(
                _("IV. Not yet decided"),
                tuple(
                    Line(m.title, words.status(m.status), key=f"pending-{m.id}") for m in pending
                ),
                "pending",
            )
        )
    fingerprint = hashlib.sha256(
        canonical_json(
            [
                {"motion": m.id, "title": m.title, "question": m.question, "result": results[m.id]}
                for m in closed
            ]
        )
    ).hexdigest()
    return Document(
        organisation=congress.organisation.upper(),
        issuer=_("SECRETARIAT OF THE CONGRESS"),
        dated=dated(congress.venue, utcnow().isoformat()),
        title=_("DECISIONS OF THE CONGRESS BY SHOW OF HANDS"),
        subtitle=_("%(count)s motions decided", count=len(closed)),
        congress=congress_line({"name": congress.name, "term": congress.term}),
        opening=_(
            "The secretariat of the congress records the motions the congress voted on by show "
            "of hands, on the tablets or by raised card, and their results."
        ),
        sections=tuple(sections),
        closing=_("This list is annexed to the minutes of the congress."),
        signers=(Signer(_("CONGRESS SECRETARY"), ""), Signer(_("HEAD OF THE SECRETARIAT"), "")),
        footer=_("Decisions of the congress by show of hands"),
        fingerprint=fingerprint,
    )
