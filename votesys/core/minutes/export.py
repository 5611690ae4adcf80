"""The round's result for export (CSV and JSON), and the minutes' fingerprint (dấu vân tay).

``result_json`` holds every figure of the minutes under stable English keys, integers and text
only; ``fingerprint`` is the SHA-256 of its canonical JSON (votesys.core.audit_chain), printed on
the minutes so anyone holding the JSON export can check that it is the one that was signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from votesys.core.audit_chain import canonical_json
from votesys.core.minutes.figures import CandidateRow, Minutes
from votesys.core.minutes.moments import Moment

FORMAT = "votesys-minutes/1"
CSV_HEADER = (
    "number",
    "id",
    "full_name",
    "votes",
    "base",
    "votes_of_base",
    "percent_of_base",
    "is_eligible",
    "outcome",
    "announcement_order",
)


def fingerprint(minutes: Minutes) -> str:
    """SHA-256 (hex) of the canonical JSON of ``result_json(minutes)``."""
    return hashlib.sha256(canonical_json(result_json(minutes))).hexdigest()


def result_rows_csv(minutes: Minutes) -> list[list[str]]:
    """CSV_HEADER, then one row per candidate in ballot order; all cells text.

    ``announcement_order``: the place in the announcement, the elected then the alternates
    (1, 2, ...); empty for the others. The writer neutralises formula-like cells, not this.
    """
    return result_rows_csv_of(result_json(minutes))


def result_rows_csv_of(result: Mapping[str, Any]) -> list[list[str]]:
    """``result_rows_csv`` from a stored ``result_json`` (what was counted and fingerprinted),
    so an export made later never needs the figures recomputed."""
    announced = [*result["elected"], *result["alternates"]]
    order = {cid: place for place, cid in enumerate(announced, start=1)}
    base = str(result["base"]["value"])
    rows = [list(CSV_HEADER)]
    for row in result["candidates"]:
        rows.append(
            [
                str(row["number"]),
                row["id"],
                row["name"],
                str(row["votes"]),
                base,
                row["of_base"],
                row["percent"],
                "yes" if row["is_eligible"] else "no",
                row["outcome"],
                str(order.get(row["id"], "")),
            ]
        )
    return rows


def result_json(minutes: Minutes) -> dict[str, Any]:
    """Every figure of the minutes as plain JSON values, lists in the minutes' order."""
    return {
        "format": FORMAT,
        "congress": {"name": minutes.congress.name, "term": minutes.congress.term},
        "election": {
            "title": minutes.election.title,
            "seats": minutes.election.seats,
            "alternates": minutes.election.alternates,
        },
        "round": minutes.round_number,
        "layout": minutes.layout,
        "status": minutes.status,
        "committee": [{"name": m.name, "role": m.role} for m in minutes.committee],
        "roll": {
            "summoned": minutes.roll.summoned,
            "present": minutes.roll.present,
            "absent": minutes.roll.absent,
        },
        "base": _base(minutes),
        "ballots": _ballots(minutes),
        "threshold": minutes.threshold,
        "candidates": [_row(row) for row in minutes.rows],
        "elected": [row.id for row in minutes.elected],
        "alternates": [row.id for row in minutes.alternates],
        "tied": [row.id for row in minutes.tied],
        "open_seats": minutes.open_seats,
        "open_alternates": minutes.open_alternates,
        "notices": [
            {"code": n.code, "places": n.places, "ids": list(n.ids)} for n in minutes.notices
        ],
        "checks": [{"code": c.code, "ok": c.ok, "detail": c.detail} for c in minutes.checks],
        "settings": [{"code": code, "value": value} for code, value in minutes.settings],
        "closed_at": _moment(minutes.closed_at),
        "counted_at": _moment(minutes.counted_at),
        "place": minutes.place,
        "audit_head": minutes.audit_head,
        "round_fingerprint": minutes.round_fingerprint,
    }


def _base(minutes: Minutes) -> dict[str, Any]:
    return {
        "value": minutes.base.value,
        "summoned": minutes.base.summoned,
        "exclusions": [
            {"code": e.code, "count": e.count, "numbers": list(e.numbers)}
            for e in minutes.base.exclusions
        ],
    }


def _ballots(minutes: Minutes) -> dict[str, Any]:
    ballots = minutes.ballots
    return {
        "issued": ballots.issued,
        "returned": ballots.returned,
        "valid": ballots.valid,
        "invalid": ballots.invalid,
        "invalid_by_reason": [
            {"reason": reason, "count": count} for reason, count in ballots.invalid_by_reason
        ],
    }


def _row(row: CandidateRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "id": row.id,
        "name": row.name,
        "votes": row.votes,
        "of_base": row.of_base,
        "percent": row.percent,
        "is_eligible": row.is_eligible,
        "outcome": row.outcome,
    }


def _moment(value: Moment) -> dict[str, str]:
    return {"iso": value.iso, "text": value.text}
