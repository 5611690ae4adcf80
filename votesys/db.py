"""The database layer: SQLAlchemy 2 engine, sessions, the declarative base.

SQLite (the embedded default) runs in WAL mode with ``synchronous=FULL`` and foreign keys on.
A transaction that will write is started with ``BEGIN IMMEDIATE`` on SQLite, so that two writers
queue for the lock at the start instead of failing half-way; on PostgreSQL the usual row locks do
the same job. The schema is made only by Alembic migrations (``votesys db upgrade``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


SQLITE_FULL = 13  # "database or disk is full" (also max_page_count reached)
POSTGRES_DISK_FULL = "53100"


def is_storage_full(error: BaseException) -> bool:
    """Whether a database error (SQLAlchemy's, or the driver's) is the disk being full: the
    statement and its transaction wrote nothing."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == SQLITE_FULL
    return getattr(original, "sqlstate", None) == POSTGRES_DISK_FULL


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is DEFERRED only).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # freed pages are zeroed: no old ballots
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, **kwargs) -> Engine:
    # A statement's parameters never reach a log or an error message: an INSERT into the ballot
    # box carries a ballot's marks.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


@dataclass
class Database:
    """An engine with its two session factories: one for reading, one for writing."""

    engine: Engine
    read_sessions: sessionmaker[Session]
    write_sessions: sessionmaker[Session]

    @classmethod
    def connect(cls, url: str, audit_signer=None, **engine_kwargs) -> Database:
        """Open the database; every session carries the installation's audit signer."""
        engine = make_engine(url, **engine_kwargs)
        writer = engine.execution_options(sqlite_begin="IMMEDIATE")
        info = {"audit_signer": audit_signer}
        return cls(
            engine=engine,
            read_sessions=sessionmaker(bind=engine, expire_on_commit=False, info=info),
            write_sessions=sessionmaker(bind=writer, expire_on_commit=False, info=info),
        )

    def session(self, write: bool = False) -> Session:
        return (self.write_sessions if write else self.read_sessions)()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()
