"""The shape of the congress form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

KIND_NAMES = {
    "delegate": _l("Delegate congress (đại hội đại biểu)"),
    "member": _l("Party-member congress (đại hội đảng viên)"),
}


class CongressForm(FlaskForm):
    name = StringField(_l("Name of the congress"), validators=[DataRequired(), Length(max=300)])
    organisation = StringField(
        _l("Party organisation"), validators=[DataRequired(), Length(max=200)]
    )
    level = StringField(_l("Level"), validators=[DataRequired(), Length(max=40)])
    ordinal = StringField(_l("Congress number"), validators=[DataRequired(), Length(max=20)])
    term = StringField(_l("Term"), validators=[DataRequired(), Length(max=20)])
    kind = SelectField(
        _l("Kind of congress"),
        choices=[SelectChoice(kind, name) for kind, name in KIND_NAMES.items()],
    )
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=300)])
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
