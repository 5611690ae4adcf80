"""The shape of the ceremony's two forms (start, abandon). Who may be a member and which
thresholds are allowed are the service's rules; these only say what was typed wrongly."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


def majority(members: int) -> int:
    """The default threshold: a majority of the members (t = n // 2 + 1)."""
    return members // 2 + 1


class Members(SelectMultipleField):
    """Tick boxes, one per counting account; an unknown value is refused in words."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        known = {value for value, _label in self.choices}
        if not self.data:
            raise ValidationError(_l("Tick the members of the counting committee."))
        if any(value not in known for value in self.data):
            raise ValidationError(_l("Tick only accounts of the list."))


def _threshold(form, field) -> None:
    text = (field.data or "").strip()
    if text and (not text.isdigit() or len(text) > 2):
        raise ValidationError(
            _l("Write the threshold as a whole number, such as 3, or leave it empty: a majority.")
        )


class StartForm(FlaskForm):
    members = Members(_l("Members (the counting committee's accounts)"))
    threshold = StringField(_l("Threshold t: how many members are needed to decrypt"), [_threshold])

    def chosen_threshold(self) -> int:
        text = (self.threshold.data or "").strip()
        return int(text) if text else majority(len(self.members.data or []))


class AbandonForm(FlaskForm):
    reason = StringField(
        _l("Reason (goes into the audit log)"),
        [
            DataRequired(_l("Write why the ceremony is abandoned.")),
            Length(max=500, message=_l("Keep the reason under 500 characters.")),
        ],
    )
