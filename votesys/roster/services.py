"""Every write on the roll (danh sách đại biểu)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.congress.models import Congress
from votesys.core.names import fold, sort_key, split_name
from votesys.roles import Actor, require
from votesys.roster.errors import Problem, RollRefused
from votesys.roster.importing import (
    CHOICES,
    COLUMNS,
    FIELD_OF,
    MEMBER_MIN_AGE,
    REQUIRED,
    ParsedRoll,
    RollRow,
    day_text,
    years_after,
)
from votesys.roster.models import Delegate


@dataclass(frozen=True)
class DelegateFacts:
    """One row of the roll as the secretariat gives it."""

    number: int
    full_name: str
    gender: str
    birth_date: dt.date
    unit_id: int | None
    ethnicity: str = "Kinh"
    joined_party_on: dt.date | None = None
    official_member_on: dt.date | None = None
    position: str = ""
    education: str = ""
    political_theory: str = ""
    how_came: str = "elected"
    is_official: bool = True
    flags: dict = field(default_factory=dict)


def add_delegates(
    session: Session, actor: Actor, congress: Congress, rows: list[DelegateFacts]
) -> list[Delegate]:
    """Add delegates to the roll in one transaction (all or nothing)."""
    require(actor.role, "roster.manage")
    delegates = [_delegate(congress, row) for row in rows]
    session.add_all(delegates)
    session.flush()
    audit.record(session, "roster.added", actor.name, congress=congress.id, count=len(delegates))
    session.commit()
    return delegates


def _delegate(congress: Congress, row: DelegateFacts) -> Delegate:
    parts = split_name(row.full_name)
    values = {key: value for key, value in row.__dict__.items() if key != "flags"}
    values["full_name"] = parts.full
    return Delegate(
        congress_id=congress.id,
        surname=parts.surname,
        middle_name=parts.middle,
        given_name=parts.given,
        **values,
        **row.flags,
    )


# Importing the roll from a file (nhập danh sách đại biểu): see importing.py for the reading.

# A new delegate's values for the columns the file does not have: what an empty cell means. The
# ethnicity is left blank (unknown) rather than assumed: the credentials report counts blanks
# apart.
BLANKS = {"text": "", "date": None, "flag": False, "unit": None, "seat": None}
NEW_DEFAULTS = {
    FIELD_OF.get(column.field, column.field): (
        CHOICES[column.field][0][""] if column.kind == "choice" else BLANKS[column.kind]
    )
    for column in COLUMNS
    if column.field not in REQUIRED
}
ROLL_FIELDS = (*sorted(REQUIRED), *NEW_DEFAULTS)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, by delegate number; ``not_in_file`` were left as they are."""

    created: list[int]
    updated: list[int]
    unchanged: list[int]
    not_in_file: list[tuple[int, str]]
    ignored_columns: list[str]


def import_roll(
    session: Session, actor: Actor, congress: Congress, rows: ParsedRoll
) -> ImportResult:
    """Import a roll file already read by ``importing.read_roll``: all of it, or nothing.

    New numbers are created, known numbers updated with the columns the file has (the others
    keep their values). Delegates absent from the file are never deleted: they are listed in the
    result and left as they are. Any problem, in a cell or between the file and the roll, raises
    RollRefused listing every one, before anything is changed. One audit event gives the counts.
    """
    require(actor.role, "roster.manage")
    # Two imports at once queue here on PostgreSQL (SQLite's writers already queue at BEGIN).
    session.execute(select(Congress.id).where(Congress.id == congress.id).with_for_update())
    stored = {
        delegate.number: delegate
        for delegate in session.scalars(select(Delegate).where(Delegate.congress_id == congress.id))
    }
    entries = _merge(stored, rows)
    unit_ids = {unit.id for unit in congress.units}
    problems = [*rows.problems, *RollCheck(congress.kind, entries, rows, unit_ids).run()]
    if problems:
        raise RollRefused(sorted(problems, key=Problem.sort_key))
    result = _apply(session, congress, stored, entries, rows)
    audit.record(
        session,
        "roster.imported",
        actor.name,
        congress=congress.id,
        created=len(result.created),
        updated=len(result.updated),
        unchanged=len(result.unchanged),
        not_in_file=len(result.not_in_file),
        file=rows.filename[-200:],
        sha256=rows.sha256,
    )
    session.commit()
    return result


@dataclass
class _Entry:
    """A delegate as the roll would be after the import: stored values overlaid by the file's."""

    number: int
    values: dict
    row: RollRow | None = None
    stored: Delegate | None = None

    def ok(self, *fields: str) -> bool:
        """Whether none of ``fields`` had a cell that could not be read (else: skip the check)."""
        return self.row is None or not self.row.broken.intersection(fields)


def _stored_values(delegate: Delegate) -> dict:
    return {name: getattr(delegate, name) for name in ROLL_FIELDS}


def _merge(stored: dict[int, Delegate], rows: ParsedRoll) -> dict[int, _Entry]:
    entries = {
        number: _Entry(number, _stored_values(delegate), stored=delegate)
        for number, delegate in stored.items()
    }
    for row in rows.rows:
        if row.number is None:
            continue
        entry = entries.get(row.number) or _Entry(row.number, dict(NEW_DEFAULTS))
        entry.values = {**entry.values, **row.values}
        entry.row = row
        entries[row.number] = entry
    return entries


def _apply(session, congress, stored, entries, rows: ParsedRoll) -> ImportResult:
    created, updated, unchanged = [], [], []
    for entry in entries.values():
        if entry.row is None:
            continue
        if entry.stored is None:
            session.add(_new_delegate(congress, entry.values))
            created.append(entry.number)
        elif _update(entry.stored, entry.row.values):
            updated.append(entry.number)
        else:
            unchanged.append(entry.number)
    session.flush()
    left = [delegate for number, delegate in stored.items() if entries[number].row is None]
    left.sort(key=lambda d: sort_key(d.given_name, d.surname, d.middle_name, d.birth_date))
    return ImportResult(
        created=sorted(created),
        updated=sorted(updated),
        unchanged=sorted(unchanged),
        not_in_file=[(d.number, d.full_name) for d in left],
        ignored_columns=list(rows.ignored),
    )


def _new_delegate(congress: Congress, values: dict) -> Delegate:
    parts = split_name(values["full_name"])
    return Delegate(
        congress_id=congress.id,
        surname=parts.surname,
        middle_name=parts.middle,
        given_name=parts.given,
        **values,
    )


def _update(delegate: Delegate, values: dict) -> bool:
    changed = {name: value for name, value in values.items() if getattr(delegate, name) != value}
    for name, value in changed.items():
        setattr(delegate, name, value)
    if "full_name" in changed:
        parts = split_name(delegate.full_name)
        delegate.surname, delegate.middle_name, delegate.given_name = (
            parts.surname,
            parts.middle,
            parts.given,
        )
    return bool(changed)


class RollCheck:
    """The checks between fields and between delegates, on the roll as the import would leave it.

    A problem is reported on the file's row and column that take part in it (the first of the
    fields named that the file has); a contradiction the file did not touch is not the file's.
    """

    def __init__(self, kind: str, entries: dict[int, _Entry], rows: ParsedRoll, unit_ids) -> None:
        self.kind = kind
        self.entries = entries
        self.rows = rows
        self.unit_ids = unit_ids
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        in_file = [entry for entry in self.entries.values() if entry.row is not None]
        for entry in in_file:
            self._new_or_same_person(entry)
            self._dates(entry)
            self._flags(entry)
        self._seats()
        self._same_people()
        return self.problems

    def _blame(self, entry: _Entry, fields: tuple[str, ...], code: str, **params) -> bool:
        if entry.row is None:
            return False
        given = [name for name in fields if name in entry.row.values] or list(fields)
        header, letter = self.rows.where(given[0])
        self.problems.append(Problem(entry.row.line, header, code, params, letter))
        return True

    def _new_or_same_person(self, entry: _Entry) -> None:
        values, given = entry.values, entry.row.values
        if entry.stored is None:
            needed = ("gender", "birth_date") + (("unit_id",) if self.unit_ids else ())
            for name in needed:
                if name not in given and entry.ok(name):
                    header = self.rows.where(name)[0]
                    self._blame(entry, (name,), "missing_for_new", number=entry.number, vi=header)
        elif (
            "birth_date" in given
            and fold(given.get("full_name", "")) != fold(entry.stored.full_name)
            and values["birth_date"] != entry.stored.birth_date
        ):
            self._blame(
                entry,
                ("full_name",),
                "other_person",
                number=entry.number,
                name=entry.stored.full_name,
                born=day_text(entry.stored.birth_date),
            )
        if values.get("unit_id") is not None and values["unit_id"] not in self.unit_ids:
            self._blame(entry, ("unit_id",), "unknown_unit", value=values["unit_id"])

    def _dates(self, entry: _Entry) -> None:
        values = entry.values
        born, joined = values.get("birth_date"), values.get("joined_party_on")
        official = values.get("official_member_on")
        if born and joined and entry.ok("birth_date", "joined_party_on"):
            if joined < born:
                self._blame(
                    entry,
                    ("joined_party_on", "birth_date"),
                    "joined_before_born",
                    joined=day_text(joined),
                    born=day_text(born),
                )
            elif joined < years_after(born, MEMBER_MIN_AGE):
                self._blame(
                    entry,
                    ("joined_party_on", "birth_date"),
                    "joined_under_18",
                    joined=day_text(joined),
                    age=MEMBER_MIN_AGE,
                )
        if official and joined and official < joined and entry.ok("official_member_on"):
            self._blame(
                entry,
                ("official_member_on", "joined_party_on"),
                "official_before_joined",
                official=day_text(official),
                joined=day_text(joined),
            )
        if official and values["is_reserve_member"] and entry.ok("official_member_on"):
            self._blame(
                entry,
                ("is_reserve_member", "official_member_on"),
                "reserve_with_official_date",
                official=day_text(official),
            )

    def _flags(self, entry: _Entry) -> None:
        v = entry.values
        rules = (
            (v["seated_for_number"] is not None and v["is_official"], "seated_for_official"),
            (v["seated_for_number"] == entry.number, "seated_for_self"),
            (not v["is_official"] and v["how_came"] == "by_right", "alternate_by_right"),
            (
                v["absence_reason_accepted"] and not v["absent_whole_congress"],
                "reason_accepted_not_absent",
            ),
            (v["replaced_by_alternate"] and not v["absent_whole_congress"], "replaced_not_absent"),
            (v["replaced_by_alternate"] and not v["is_official"], "replaced_alternate"),
            (
                self.kind == "delegate"
                and v["replaced_by_alternate"]
                and v["how_came"] == "by_right",
                "convening_member_replaced",
            ),
        )
        for broken, code in rules:
            fields = FLAG_FIELDS[code]
            if broken and entry.ok(*fields):
                self._blame(entry, fields, code, seat=v["seated_for_number"])

    def _seats(self) -> None:
        seated: dict[int, _Entry] = {}
        for entry in sorted(self.entries.values(), key=_file_order):
            seat = entry.values["seated_for_number"]
            if seat is None or entry.values["is_official"] or seat == entry.number:
                continue
            if not entry.ok("seated_for_number"):
                continue
            self._seat(entry, seat, seated)
        for entry in self.entries.values():
            v = entry.values
            if v["is_official"] and v["replaced_by_alternate"] and entry.number not in seated:
                moved = [e for e in self.entries.values() if _was_seated_for(e, entry.number)]
                for culprit in [entry, *moved]:
                    if entry.ok("replaced_by_alternate") and self._blame(
                        culprit,
                        ("replaced_by_alternate", "seated_for_number"),
                        "replaced_without_alternate",
                        number=entry.number,
                    ):
                        break

    def _seat(self, entry: _Entry, seat: int, seated: dict[int, _Entry]) -> None:
        target = self.entries.get(seat)
        seat_fields = ("seated_for_number",)
        if target is None:
            self._blame(entry, seat_fields, "seated_for_unknown", seat=seat)
        elif not target.values["is_official"]:
            self._blame(entry, seat_fields, "seated_for_not_official", seat=seat) or self._blame(
                target, ("is_official",), "seated_for_not_official", seat=seat
            )
        elif not (
            target.values["absent_whole_congress"] and target.values["replaced_by_alternate"]
        ):
            self._blame(entry, seat_fields, "seated_for_not_replaced", seat=seat) or self._blame(
                target,
                ("replaced_by_alternate", "absent_whole_congress"),
                "seated_for_not_replaced",
                seat=seat,
            )
        if seat in seated:
            self._blame(entry, seat_fields, "seated_twice", seat=seat, other=seated[seat].number)
        else:
            seated[seat] = entry

    def _same_people(self) -> None:
        people: dict[tuple[str, dt.date], list[_Entry]] = {}
        for entry in sorted(self.entries.values(), key=_file_order):
            born = entry.values.get("birth_date")
            if born is not None and entry.ok("full_name", "birth_date"):
                people.setdefault((fold(entry.values["full_name"]), born), []).append(entry)
        for group in people.values():
            for entry in group[1:] if len(group) > 1 else ():
                first = group[0]
                self._blame(
                    entry,
                    ("full_name",),
                    "duplicate_person",
                    name=entry.values["full_name"],
                    born=day_text(entry.values["birth_date"]),
                    other=first.number,
                )


FLAG_FIELDS = {
    "seated_for_official": ("seated_for_number", "is_official"),
    "seated_for_self": ("seated_for_number",),
    "alternate_by_right": ("how_came", "is_official"),
    "reason_accepted_not_absent": ("absence_reason_accepted", "absent_whole_congress"),
    "replaced_not_absent": ("replaced_by_alternate", "absent_whole_congress"),
    "replaced_alternate": ("replaced_by_alternate", "is_official"),
    "convening_member_replaced": ("replaced_by_alternate", "how_came"),
}


def _file_order(entry: _Entry) -> tuple[int, int]:
    """Stored delegates first (they were there before), then the file's rows in order."""
    return (0, entry.number) if entry.row is None else (1, entry.row.line)


def _was_seated_for(entry: _Entry, number: int) -> bool:
    return entry.stored is not None and entry.stored.seated_for_number == number
