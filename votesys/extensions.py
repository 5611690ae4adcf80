"""Flask extensions, created unbound and bound to the app with ``init_app`` in ``create_app``."""

from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
