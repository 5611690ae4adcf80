"""The shape of the roll's forms (what a roll file must hold is decided by importing.py)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class ImportForm(FlaskForm):
    roll_file = FileField(
        _l("Roll file (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose the file of the roll (.xlsx or .csv)."))],
    )
