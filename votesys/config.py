"""Configuration from environment variables, with safe defaults for a hall laptop.

VOTESYS_DATABASE_URL  the database (default: an SQLite file in the instance folder)
VOTESYS_SECRET_KEY    the session-signing key (default: generated once, kept in the instance folder)
VOTESYS_INSTANCE_PATH where the instance folder is (default: Flask's, ./instance)
VOTESYS_SECURE_COOKIES  "1" to mark cookies Secure (set automatically by `votesys serve --tls`)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def instance_path() -> Path:
    """The instance folder: the database, the secret key and the audit signing key live here."""
    configured = os.environ.get("VOTESYS_INSTANCE_PATH")
    path = Path(configured) if configured else Path.cwd() / "instance"
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def read_or_create_secret(path: Path, make) -> bytes:
    """Return the secret kept at ``path``, creating it (mode 0600) on first use."""
    if path.exists():
        return path.read_bytes()
    data = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return data


def database_url(instance: Path) -> str:
    return os.environ.get("VOTESYS_DATABASE_URL") or f"sqlite:///{instance / 'votesys.sqlite3'}"


def secret_key(instance: Path) -> str:
    configured = os.environ.get("VOTESYS_SECRET_KEY")
    if configured:
        return configured
    return read_or_create_secret(
        instance / "secret_key", lambda: secrets.token_hex(32).encode()
    ).decode()


def load(overrides: dict | None = None) -> dict:
    """The application's configuration as a plain dict (Flask's config is filled from it)."""
    instance = (
        Path(overrides["INSTANCE_PATH"])
        if overrides and "INSTANCE_PATH" in overrides
        else instance_path()
    )
    secure = os.environ.get("VOTESYS_SECURE_COOKIES") == "1"
    config = {
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url(instance),
        "SECRET_KEY": secret_key(instance),
        "SESSION_COOKIE_NAME": "votesys_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Strict",
        "SESSION_COOKIE_SECURE": secure,
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        "WTF_CSRF_TIME_LIMIT": None,
        # The Referer check is off: our Referrer-Policy is no-referrer (a card URL must never
        # travel in a header), and the session-bound token with SameSite=Strict cookies suffices.
        "WTF_CSRF_SSL_STRICT": False,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("VOTESYS_TIMEZONE", "Asia/Ho_Chi_Minh"),
        "LANGUAGES": ("vi", "en"),
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_LOCK_SECONDS": 300,
        "AUDIT_CHECKPOINT_EVERY": 50,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        # The address printed in card QR codes (http(s)://host:port); default: the request's own.
        "PUBLIC_URL": os.environ.get("VOTESYS_PUBLIC_URL", "").rstrip("/"),
    }
    if overrides:
        config.update(overrides)
    return config
