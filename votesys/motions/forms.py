"""The shape of the motions' forms; the rules are the services'."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from votesys.core.rules.motions import CHOICES
from votesys.elections.forms import Choice, options
from votesys.motions.models import KINDS
from votesys.motions.words import CHOICE_NAMES, KIND_NAMES


class MotionForm(FlaskForm):
    kind = Choice(_l("Kind"), default="other")
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the motion a title.")),
            Length(max=200, message=_l("At most 200 characters.")),
        ],
    )
    question = TextAreaField(
        _l("The question put to the congress"),
        validators=[
            DataRequired(_l("Write the question put to the congress.")),
            Length(max=2000, message=_l("At most 2,000 characters.")),
        ],
    )
    is_named = BooleanField(_l("Named vote (each delegate's choice is recorded, as a raised card)"))
    election = Choice(_l("The election it concerns (number to elect, election list)"), default="")

    def set_choices(self, elections) -> None:
        self.kind.choices = options((k, _l(KIND_NAMES[k])) for k in KINDS)
        self.election.choices = options(
            [("", _l("None"))] + [(str(e.id), e.title) for e in elections if e.kind != "opinion"]
        )


class ByHandForm(FlaskForm):
    number = StringField(
        _l("Delegate number"),
        validators=[DataRequired(_l("Write the delegate's number, as on their card."))],
    )
    choice = Choice(_l("Their raised card"))

    def set_choices(self) -> None:
        self.choice.choices = options((code, _l(CHOICE_NAMES[code])) for code in CHOICES)


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
