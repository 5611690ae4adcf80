"""The shape of the card forms (what is valid is decided by the services)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class ReasonForm(FlaskForm):
    """Reissue or revoke a card: why (kept in the card row and the audit log)."""

    reason = StringField(_l("Reason"), validators=[Length(max=300)])


class CodeForm(FlaskForm):
    """A card's short code as a person types it."""

    code = StringField(_l("Card code"), validators=[DataRequired(), Length(max=40)])


class PrintForm(FlaskForm):
    """Print cards for every delegate without one: nothing but the CSRF token."""
