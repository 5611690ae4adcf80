"""The shape of the quorum form (what is a valid quorum is decided by the service)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField


class QuorumForm(FlaskForm):
    quorum = StringField(
        _l("Quorum (fraction of B)"),
        description=_l("For example 2/3, 1/2 or 50%. Leave empty for no quorum check."),
    )
