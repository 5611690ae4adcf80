"""The application factory: short named steps, one per concern."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from votesys import config as configuration
from votesys.accounts import access
from votesys.audit.signing import Signer
from votesys.db import Database
from votesys.extensions import csrf
from votesys.web import locale, security
from votesys.web.database import close_sessions
from votesys.web.errors import register_error_handlers

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    settings = configuration.load(overrides)
    app = Flask(
        "votesys",
        instance_path=settings["INSTANCE_PATH"],
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(settings)
    _connect_database(app)
    _init_extensions(app)
    _register_blueprints(app)
    register_error_handlers(app)
    return app


def _connect_database(app: Flask) -> None:
    signer = Signer.from_instance(
        Path(app.config["INSTANCE_PATH"]), app.config["AUDIT_CHECKPOINT_EVERY"]
    )
    app.extensions["votesys.signer"] = signer
    app.extensions["votesys.db"] = Database.connect(app.config["DATABASE_URL"], signer)
    app.teardown_appcontext(close_sessions)


def _init_extensions(app: Flask) -> None:
    csrf.init_app(app)
    access.init_app(app)
    locale.init_app(app)
    security.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from votesys.accounts.views import blueprint as accounts
    from votesys.attendance.views import blueprint as attendance
    from votesys.audit.views import blueprint as audit
    from votesys.ballots.views import blueprint as ballots
    from votesys.ceremony.views import blueprint as ceremony
    from votesys.chair.views import blueprint as chair
    from votesys.checkin.views import blueprint as checkin
    from votesys.congress.views import blueprint as congress
    from votesys.credentials.views import blueprint as credentials
    from votesys.elections.views import blueprint as elections
    from votesys.minutes.views import blueprint as minutes
    from votesys.motions.views import blueprint as motions
    from votesys.projector.views import blueprint as projector
    from votesys.record.views import blueprint as record
    from votesys.roster.views import blueprint as roster
    from votesys.tablet.stations import blueprint as stations
    from votesys.tablet.views import blueprint as tablet
    from votesys.tally.views import blueprint as tally
    from votesys.web.views import blueprint as web

    for blueprint in (
        web,
        accounts,
        audit,
        congress,
        roster,
        credentials,
        checkin,
        attendance,
        ceremony,
        elections,
        motions,
        chair,
        tally,
        minutes,
        record,
        projector,
        tablet,
        stations,
        ballots,
    ):
        app.register_blueprint(blueprint)
