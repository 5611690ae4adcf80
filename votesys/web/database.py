"""The database as the views reach it: one session per request, closed at the end."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy.orm import Session

from votesys.db import Database


def database() -> Database:
    return current_app.extensions["votesys.db"]


def session(write: bool = False) -> Session:
    """The request's session (a writing one on SQLite takes the write lock when it begins).

    Services commit; views never do. The session is closed when the request ends.
    """
    key = "db_write" if write else "db_read"
    if key not in g:
        setattr(g, key, database().session(write=write))
    return getattr(g, key)


def close_sessions(_exc=None) -> None:
    for key in ("db_write", "db_read"):
        opened = g.pop(key, None)
        if opened is not None:
            opened.close()
