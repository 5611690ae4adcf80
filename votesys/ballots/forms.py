"""The shape of the paper count form (what adds up is decided by ``services.enter_paper_count``).

The form has one field per reason an invalid ballot may have on this round's layout and one per
candidate on the round's list, so it is made for the round (``paper_count_form``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional

WHOLE_NUMBER = _l("Enter a whole number, 0 or more.")


class CountField(IntegerField):
    """A count: a whole number, 0 or more, with one message for anything else."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError(str(WHOLE_NUMBER)) from None
        else:
            self.data = None


def _count(label, required: bool = True) -> CountField:
    first = InputRequired(message=WHOLE_NUMBER) if required else Optional()
    return CountField(label, validators=[first, NumberRange(min=0, message=WHOLE_NUMBER)])


class PaperCountForm(FlaskForm):
    issued = _count(_l("Ballots issued"))
    returned = _count(_l("Ballots returned"))

    def invalid_fields(self) -> list:
        return [self[name] for name in self._invalid_names]

    def vote_fields(self) -> list:
        return [self[name] for name in self._vote_names]

    def invalid(self) -> dict[str, int]:
        return {name[len("invalid_") :]: self[name].data or 0 for name in self._invalid_names}

    def votes(self) -> dict[str, int]:
        return {name[len("votes_") :]: self[name].data for name in self._vote_names}


def paper_count_form(
    reasons: Mapping[str, str], candidates: Sequence[tuple[int, str]]
) -> PaperCountForm:
    """The form for one round: ``reasons`` (code: label) and ``candidates`` (id, name) in
    ballot order."""

    class RoundPaperCountForm(PaperCountForm):
        _invalid_names = [f"invalid_{code}" for code in reasons]
        _vote_names = [f"votes_{cid}" for cid, _name in candidates]

    for code, label in reasons.items():
        setattr(RoundPaperCountForm, f"invalid_{code}", _count(label, required=False))
    for cid, name in candidates:
        setattr(RoundPaperCountForm, f"votes_{cid}", _count(name))
    return RoundPaperCountForm()
