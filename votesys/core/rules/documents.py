"""The ballot as the box stores it (lá phiếu): one opaque document per ballot, plain data.

A document is canonical JSON holding the marks in ballot order and nothing else: no delegate,
no time, no tablet. Counting is a function over the list of documents (``count``), so that
the encrypted ballots of the encryption issue can replace the marks without changing the box.

    strike layout   {"layout": "strike", "kept": [true, false, ...]}      (one per name)
    approve layout  {"layout": "approve", "rows": ["agree", "disagree", null, ...]}
    spoilt          {"layout": "strike"|"approve", "spoilt": true}        (rules.md §4)

``null`` is a row left blank; "both" (a row marked twice) cannot come from the tablet and is
refused here, as the tablet offers one choice per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from votesys.core.audit_chain import canonical_json
from votesys.core.crypto.hashing import digest
from votesys.core.crypto.receipt import receipt_of
from votesys.core.rules.settings import DEFAULT_SETTINGS, RuleSettings
from votesys.core.rules.validity import (
    AGREE,
    DISAGREE,
    SPOILT,
    BadMarks,
    MarksTally,
    Verdict,
    check_ballot,
    tally_marks,
)

ROW_MARKS = (AGREE, DISAGREE, None)
TAG_PLAIN_RECEIPT = "votesys/v1/plain-receipt"


def parse(document: Any, layout: str, rows: int) -> Any:
    """The marks of ``document`` (a list of bools or of row marks), or ``SPOILT``.

    Raises BadMarks naming every problem when the document is not a ballot of this layout
    and this many rows (a crafted request, or a tablet out of date)."""
    if not isinstance(document, Mapping):
        raise BadMarks("document_not_an_object")
    if document.get("layout") != layout:
        raise BadMarks("wrong_layout", layout=document.get("layout"), expected=layout)
    if document.get("spoilt") is True:
        if set(document) != {"layout", "spoilt"}:
            raise BadMarks("unexpected_fields", fields=sorted(set(document) - {"layout", "spoilt"}))
        return SPOILT
    key = "kept" if layout == "strike" else "rows"
    if set(document) != {"layout", key}:
        raise BadMarks("unexpected_fields", fields=sorted(set(document) - {"layout"}))
    marks = document[key]
    if not isinstance(marks, list):
        raise BadMarks("marks_not_a_sequence")
    if len(marks) != rows:
        raise BadMarks("wrong_row_count", rows=len(marks), expected=rows)
    allowed = (True, False) if layout == "strike" else ROW_MARKS
    bad = [i for i, mark in enumerate(marks) if not _one_of(mark, allowed)]
    if bad:
        raise BadMarks("mark_not_allowed", rows=bad)
    return list(marks)


def _one_of(mark: Any, allowed: tuple) -> bool:
    # 1 == True in Python: a mark must be the very value, not an equal number.
    return any(mark is value or (type(mark) is str and mark == value) for value in allowed)


def document(layout: str, marks: Any) -> dict[str, Any]:
    """The document for ``marks`` (what ``parse`` reads back)."""
    if marks is SPOILT:
        return {"layout": layout, "spoilt": True}
    return {"layout": layout, ("kept" if layout == "strike" else "rows"): list(marks)}


def encode(value: Mapping[str, Any]) -> str:
    """The canonical text stored in the box (sorted keys, no spaces)."""
    return canonical_json(dict(value)).decode()


def verdict(
    document: Any,
    layout: str,
    rows: int,
    seats: int,
    alternates: int = 0,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> Verdict:
    """Whether this ballot counts (rules.md §4), and why not."""
    return check_ballot(layout, parse(document, layout, rows), seats, alternates, settings)


def count(
    documents: Sequence[Any],
    layout: str,
    candidate_ids: Sequence[str],
    seats: int,
    alternates: int = 0,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> MarksTally:
    """The round's tally from its documents: returned, valid, invalid by reason, votes."""
    marks = [parse(d, layout, len(candidate_ids)) for d in documents]
    return tally_marks(layout, marks, candidate_ids, seats, alternates, settings)


def plain_receipt(ballot_id: str, text: str) -> str:
    """The receipt of a plain ballot: the hash of its random id and its document, in the same
    "ABCDE-FGHIJ" form as an encrypted ballot's (core.crypto.receipt)."""
    return receipt_of(digest(TAG_PLAIN_RECEIPT, ballot_id.encode(), text.encode())).code
