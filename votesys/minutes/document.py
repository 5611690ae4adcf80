"""The minutes of the count as a document (biên bản kiểm phiếu): heading, sections of lines,
tables and paragraphs, signature blocks; built once and rendered twice (the page and the PDF), so
that both say exactly the same thing, in the order of rules.md §6.

Everything printed comes from the stored result (``Tally.result``), the figures the count froze
and fingerprinted. Call ``build_election`` (an opinion ballot: ``opinion.build_opinion``) inside
``force_locale("vi")``: the signed document is in Vietnamese whatever the viewer's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from votesys.core.minutes.moments import moment
from votesys.core.rules.validity import INVALID_REASONS
from votesys.minutes import words
from votesys.minutes.queries import Counted
from votesys.tally import words as tally_words


@dataclass(frozen=True)
class Line:
    """A label and its value; ``is_code``: a hash, printed whole in a fixed-width font."""

    label: str
    value: str = ""
    indent: int = 0
    key: str = ""
    is_code: bool = False
    kind: str = "line"


@dataclass(frozen=True)
class Table:
    """Rows of text cells; ``widths``: each column's share of the page (sums to 100)."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]
    numeric: tuple[bool, ...]  # right-aligned columns
    key: str = ""
    kind: str = "table"


@dataclass(frozen=True)
class Paragraph:
    text: str
    key: str = ""
    is_strong: bool = False
    kind: str = "paragraph"


Block = Line | Table | Paragraph


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    key: str = ""


@dataclass(frozen=True)
class Signer:
    role: str  # "ỦY VIÊN", "TRƯỞNG BAN"
    name: str


@dataclass(frozen=True)
class Document:
    organisation: str
    issuer: str
    dated: str  # "Hội trường ..., ngày 21 tháng 05 năm 2025"
    title: str
    subtitle: str
    congress: str
    opening: str
    sections: tuple[Section, ...]
    closing: str
    signers: tuple[Signer, ...]  # the members, the head last
    footer: str
    fingerprint: str


def build_election(counted: Counted) -> Document:
    """The minutes of an election's counted round (an opinion ballot's: opinion.py)."""
    result = counted.result
    election = result["election"]
    return Document(
        organisation=counted.organisation.upper(),
        issuer=_("COUNTING COMMITTEE"),
        dated=dated(result.get("place", ""), result["counted_at"]["iso"]),
        title=_("MINUTES OF THE COUNT"),
        subtitle=_(
            "Election of %(title)s, round %(number)s",
            title=election["title"],
            number=result["round"],
        ),
        congress=congress_line(result["congress"]),
        opening=_(
            "At %(time)s, at %(place)s, the counting committee elected by the congress counted "
            "the ballots of this round and records the following.",
            time=result["counted_at"]["text"],
            place=result["place"],
        ),
        sections=(
            _places(result),
            _committee(result["committee"]),
            _roll(result["roll"]),
            _base(result),
            ballots_section(_("V. Ballots"), result["ballots"], by_reason(result["ballots"])),
            _candidates(result),
            _elected(result),
            _checks(result["checks"]),
            _settings(result["settings"]),
            _times(counted),
            confirmations_section(_("XI. Electronic confirmations"), counted),
        ),
        closing=closing(),
        signers=signers([(m["name"], m["role"]) for m in result["committee"]]),
        footer=footer(election["title"], result["round"]),
        fingerprint=counted.tally.fingerprint,
    )


def dated(place: str, iso: str) -> str:
    """The heading's place and date, from the time of the count."""
    day = dt.datetime.fromisoformat(iso)
    words_ = _(
        "day %(day)s month %(month)s year %(year)s",
        day=f"{day.day:02d}",
        month=f"{day.month:02d}",
        year=day.year,
    )
    return f"{place}, {words_}" if place else words_.capitalize()


def congress_line(congress: dict[str, Any]) -> str:
    name, term = congress["name"], congress["term"]
    if not term or term in name:
        return name
    return _("%(name)s, term %(term)s", name=name, term=term)


def footer(title: str, number: int) -> str:
    return _("Minutes of the count · %(title)s · round %(number)s", title=title, number=number)


def record_lines(counted: Counted) -> tuple[Line, ...]:
    """The election record's fingerprint and where to get it (docs/record.md)."""
    url = url_for("record.round_record", round_id=counted.round.id, _external=True)
    where = _(
        "%(url)s (all staff, once the result is announced), or on the server: votesys record "
        "export --out FILE; check it with: votesys verify FILE",
        url=url,
    )
    return (
        Line(_("Fingerprint of the election record (SHA-256, docs/record.md)"),
             counted.record_fingerprint, key="record_fingerprint", is_code=True),
        Line(_("Where to get the election record"), where, key="record_url"),
    )  # fmt: skip


def closing() -> str:
    return _(
        "These minutes were read out to the congress and signed by the members of the counting "
        "committee."
    )


def people(count: int) -> str:
    return _("%(count)s people", count=count)


def by_reason(ballots: dict[str, Any]) -> dict[str, int]:
    return {item["reason"]: item["count"] for item in ballots["invalid_by_reason"]}


def ballots_section(title: str, ballots: dict[str, Any], invalid: dict[str, int]) -> Section:
    """Issued, returned, valid, invalid, and each reason (INVALID_REASONS order) with its count."""
    total = sum(invalid.values())
    lines = [
        Line(_("Ballots issued"), str(ballots["issued"]), key="issued"),
        Line(_("Ballots returned"), str(ballots["returned"]), key="returned"),
        Line(_("Valid ballots"), str(ballots["valid"]), key="valid"),
        Line(_("Invalid ballots"), str(total), key="invalid"),
    ]
    lines += [
        Line(
            tally_words.invalid_reason(code).capitalize(), str(invalid[code]), 1, f"invalid-{code}"
        )
        for code in INVALID_REASONS
        if invalid.get(code, 0) > 0
    ]
    return Section(title, tuple(lines), "ballots")


def confirmations_section(title: str, counted: Counted) -> Section:
    """Who confirmed the count on their own account, when, and whether what they confirmed is
    the fingerprint printed here."""
    if not counted.sign_offs:
        return Section(title, (Paragraph(_("Nobody has confirmed yet.")),), "confirmations")
    rows = tuple(
        (
            item.display_name,
            moment(item.confirmed_at).text,
            _("the same") if item.fingerprint == counted.tally.fingerprint else _("DIFFERENT"),
        )
        for item in counted.sign_offs
    )
    table = Table(
        (_("Member"), _("Confirmed at"), _("Fingerprint confirmed")),
        rows,
        (35, 45, 20),
        (False, False, False),
        "confirmations",
    )
    return Section(title, (table,), "confirmations")


def signers(committee: list[tuple[str, str]]) -> tuple[Signer, ...]:
    """A signature block for each member, the head's last."""
    ordered = [m for m in committee if m[1] != "chair"] + [m for m in committee if m[1] == "chair"]
    return tuple(Signer(words.signer_role(role), name) for name, role in ordered)


def _places(result: dict[str, Any]) -> Section:
    election = result["election"]
    lines = [
        Line(_("Number to elect, as the congress decided"), people(election["seats"]), key="seats")
    ]
    if election["alternates"]:
        lines.append(
            Line(_("Alternates to elect"), people(election["alternates"]), key="alternates")
        )
    lines += [
        Line(_("Candidates on the list"), people(len(result["candidates"])), key="candidates"),
        Line(_("Ballot"), words.layout(result["layout"]), key="layout"),
    ]
    return Section(_("I. What is elected"), tuple(lines), "places")


def _committee(committee: list[dict[str, str]]) -> Section:
    lines = tuple(
        Line(_("Comrade %(name)s", name=m["name"]), words.committee_role(m["role"]), key="member")
        for m in committee
    )
    return Section(_("II. The counting committee"), lines, "committee")


def _roll(roll: dict[str, int]) -> Section:
    lines = (
        Line(_("Official delegates summoned"), str(roll["summoned"]), key="summoned"),
        Line(_("Present at the vote"), str(roll["present"]), key="present"),
        Line(_("Absent at the vote"), str(roll["absent"]), key="absent"),
    )
    return Section(_("III. Delegates"), lines, "roll")


def _base(result: dict[str, Any]) -> Section:
    base = result["base"]
    lines = [Line(_("Official delegates summoned"), str(base["summoned"]), key="base-summoned")]
    for item in base["exclusions"]:
        label = words.exclusion(item["code"])
        if item["numbers"]:
            numbers = ", ".join(str(n) for n in item["numbers"])
            label = _("%(what)s (No. %(numbers)s)", what=label, numbers=numbers)
        lines.append(Line(f"− {label}", str(item["count"]), 1, f"exclusion-{item['code']}"))
    lines += [
        Line(_("Base B"), str(base["value"]), key="base"),
        Line(_("Votes needed to be elected (more than half of B)"), str(result["threshold"]),
             key="threshold"),
    ]  # fmt: skip
    return Section(_("IV. The base B for the result"), tuple(lines), "base")


def _candidates(result: dict[str, Any]) -> Section:
    rows = tuple(
        (
            str(row["number"]),
            row["name"],
            str(row["votes"]),
            row["of_base"],
            row["percent"],
            tally_words.outcome(row["outcome"]),
        )
        for row in result["candidates"]
    )
    table = Table(
        (_("No."), _("Full name"), _("Votes"), _("Votes/B"), _("% of B"), _("Result")),
        rows,
        (7, 38, 11, 13, 13, 18),
        (True, False, True, True, True, False),
        "candidates",
    )
    return Section(_("VI. Votes for each candidate, in ballot order"), (table,), "candidates")


def _elected(result: dict[str, Any]) -> Section:
    rows = {row["id"]: row for row in result["candidates"]}
    blocks: list[Block] = []
    if result["elected"]:
        blocks.append(Paragraph(_("Elected, by votes, highest first:"), "elected", True))
        blocks.append(_ranked(result["elected"], rows, "elected"))
    else:
        blocks.append(Paragraph(_("Nobody is elected in this round."), "nobody", True))
    if result["alternates"]:
        blocks.append(Paragraph(_("Alternates, by votes, highest first:"), "alternates", True))
        blocks.append(_ranked(result["alternates"], rows, "alternates"))
    for notice in result["notices"]:
        item = {**notice, "names": [rows[cid]["name"] for cid in notice["ids"]]}
        blocks.append(Paragraph(tally_words.notice(item, result["threshold"]), "notice", True))
    return Section(_("VII. The result"), tuple(blocks), "result")


def _ranked(ids: list[str], rows: dict[str, dict], key: str) -> Table:
    table_rows = tuple(
        (str(place), rows[cid]["name"], str(rows[cid]["votes"]), rows[cid]["percent"])
        for place, cid in enumerate(ids, start=1)
    )
    return Table(
        (_("Order"), _("Full name"), _("Votes"), _("% of B")),
        table_rows,
        (12, 58, 15, 15),
        (True, False, True, True),
        key,
    )


def _checks(checks: list[dict[str, Any]]) -> Section:
    rows = tuple(
        (tally_words.check(c["code"]), c["detail"], _("correct") if c["ok"] else _("WRONG"))
        for c in checks
    )
    table = Table(
        (_("Check"), _("Figures"), _("Finding")),
        rows,
        (50, 35, 15),
        (False, False, False),
        "checks",
    )
    return Section(_("VIII. Reconciliation of the figures"), (table,), "checks")


def _settings(settings: list[dict[str, str]]) -> Section:
    lines = tuple(
        Line(words.setting(s["code"]), words.setting_value(s["code"], s["value"]), key=s["code"])
        for s in settings
    )
    return Section(_("IX. Settings used (where the regulation is silent)"), lines, "settings")


def _times(counted: Counted) -> Section:
    result = counted.result
    lines = (
        Line(_("Voting closed at"), result["closed_at"]["text"], key="closed_at"),
        Line(_("Counted at"), result["counted_at"]["text"], key="counted_at"),
        Line(_("Place"), result["place"], key="place"),
        Line(_("Counted from"), words.source(counted.tally.source), key="source"),
        Line(_("Audit log head hash at the count"), result["audit_head"], key="audit_head",
             is_code=True),
        Line(_("Fingerprint of the round (fixed before any ballot)"), result["round_fingerprint"],
             key="round_fingerprint", is_code=True),
        Line(_("Fingerprint of these minutes (SHA-256 of the JSON export)"),
             counted.tally.fingerprint, key="fingerprint", is_code=True),
        *record_lines(counted),
    )  # fmt: skip
    return Section(_("X. Time, place and fingerprints"), lines, "times")
