"""The shape of the tablet's staff forms (what is valid is decided by the services)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length


class StationForm(FlaskForm):
    """Register the tablet this browser runs on as a voting station: its name in the hall."""

    name = StringField(_l("Name of this tablet"), validators=[Length(max=100)])


class PolicyForm(FlaskForm):
    """Whether cards open a ballot only on registered stations."""

    required = RadioField(
        _l("Where may delegates vote?"),
        choices=[
            SelectChoice("0", _l("On any device: a hall tablet, or the delegate's own phone")),
            SelectChoice("1", _l("Only on the registered voting stations")),
        ],
    )


class RevokeForm(FlaskForm):
    """Revoke a station: nothing but the CSRF token."""
