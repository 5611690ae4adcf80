"""The shape of the elections' forms. The rules (seats, surplus, who may stand) are the
services'; these only say what was typed wrongly, in words that say how to fix it."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, SelectField, StringField
from wtforms.fields import FieldList, FormField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from votesys.elections.words import KIND_NAMES, ROLE_NAMES

COMMITTEE_ROWS = 7  # the counting committee: 3 to 7 members (design.md)
COMMITTEE_MIN = 3
NOMINATED = {
    "convening": _l("The convening committee (cấp ủy triệu tập)"),
    "congress": _l("The congress (nominated or standing at the congress)"),
}


class Choice(SelectField):
    """A select whose refusal of an unknown value is translated (WTForms has no Vietnamese)."""

    def pre_validate(self, form) -> None:
        if self.data not in [choice.value for choice in self.choices]:
            raise ValidationError(_l("Choose one of the options in the list."))

    def process_formdata(self, valuelist) -> None:
        self.data = valuelist[0] if valuelist else None


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _whole_number(_form, field) -> None:
    text = (field.data or "").strip()
    if not text.isdigit() or len(text) > 4:
        raise ValidationError(_l("Write a whole number, such as 10 (0 if there are none)."))


def _date_or_empty(_form, field) -> None:
    try:
        as_date(field.data)
    except ValueError:
        raise ValidationError(_l("Write the date as day/month/year, or leave it empty.")) from None


def as_date(text: str | None) -> dt.date | None:
    """The date picker sends 1970-05-20; typed by hand, 20/05/1970."""
    text = (text or "").strip()
    if not text:
        return None
    if "/" in text:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    return dt.date.fromisoformat(text)


def _reason():
    return StringField(
        _l("Reason (goes into the minutes)"),
        validators=[
            DataRequired(message=_l("Write the reason: it goes into the minutes.")),
            Length(max=300, message=_l("Keep the reason under 300 characters.")),
        ],
    )


class ElectionForm(FlaskForm):
    kind = Choice(_l("What is elected"), choices=options((k, _l(v)) for k, v in KIND_NAMES.items()))
    title = StringField(
        _l("Title (as on the ballot)"),
        validators=[
            DataRequired(message=_l("Write the election's title, as on the ballot.")),
            Length(max=200, message=_l("Keep the title under 200 characters.")),
        ],
    )
    seats = StringField(_l("Number to elect"), default="1", validators=[_whole_number])
    alternates = StringField(
        _l("Alternates (delegates to the higher congress only)"),
        default="0",
        validators=[_whole_number],
    )
    target = Choice(_l("For an opinion ballot: the election whose list it may add to"))


class DelegateCandidateForm(FlaskForm):
    delegate = Choice(
        _l("Delegate from the roll"),
        validators=[DataRequired(message=_l("Choose a delegate from the roll."))],
    )
    description = StringField(
        _l("Description (position, unit); empty: the position on the roll"),
        validators=[Length(max=300, message=_l("Keep the description under 300 characters."))],
    )
    nominated_by = Choice(_l("Put forward by"), choices=options(NOMINATED.items()))


class NamedCandidateForm(FlaskForm):
    full_name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(message=_l("Write the candidate's full name.")),
            Length(max=200, message=_l("Keep the name under 200 characters.")),
        ],
    )
    birth_date = StringField(_l("Date of birth"), validators=[_date_or_empty])
    description = StringField(
        _l("Description (position, unit)"),
        validators=[Length(max=300, message=_l("Keep the description under 300 characters."))],
    )
    nominated_by = Choice(_l("Put forward by"), choices=options(NOMINATED.items()))


class WithdrawForm(FlaskForm):
    reason = _reason()


class ReopenForm(FlaskForm):
    reason = _reason()


class ApproveForm(FlaskForm):
    confirm_surplus = BooleanField(_l("The congress voted to accept a surplus above 30%"))


class MemberRow(Form):
    """One row of the counting committee: a delegate from the roll or a name, and the role."""

    delegate = Choice(_l("Delegate from the roll"))
    full_name = StringField(
        _l("or the full name"),
        validators=[Length(max=200, message=_l("Keep the name under 200 characters."))],
    )
    role = Choice(
        _l("Role"), choices=options((k, _l(v)) for k, v in ROLE_NAMES.items()), default="member"
    )

    def validate_full_name(self, field) -> None:
        if self.delegate.data and (field.data or "").strip():
            raise ValidationError(
                _l("Choose the delegate from the roll or write a name, not both.")
            )

    def is_empty(self) -> bool:
        return not self.delegate.data and not (self.full_name.data or "").strip()


class CountingForm(FlaskForm):
    members = FieldList(
        FormField(MemberRow), min_entries=COMMITTEE_ROWS, max_entries=COMMITTEE_ROWS
    )

    def filled(self) -> list[MemberRow]:
        return [entry.form for entry in self.members if not entry.form.is_empty()]

    problem = None

    def validate(self, extra_validators=None) -> bool:
        is_valid = super().validate(extra_validators)
        self.problem = self._problem()
        return is_valid and self.problem is None

    def _problem(self):
        """What is wrong with the committee as a whole (each row's own errors are on the row)."""
        rows = self.filled()
        if not COMMITTEE_MIN <= len(rows) <= COMMITTEE_ROWS:
            return _l("The counting committee has 3 to 7 members: fill in 3 to 7 rows.")
        heads = sum(row.role.data == "head" for row in rows)
        if heads != 1:
            return _l(
                "Mark exactly one member as the head of the committee (now %(count)s).",
                count=heads,
            )
        seen = set()
        for row in rows:
            who = row.delegate.data or " ".join((row.full_name.data or "").split()).casefold()
            if who in seen:
                return _l("The same person is given twice: give each member once.")
            seen.add(who)
        return None
