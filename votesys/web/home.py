"""Each role's home page: the domains register theirs, the root URL sends the actor there."""

from __future__ import annotations

HOMES: dict[str, str] = {}


def register_home(role: str, endpoint: str) -> None:
    HOMES[role] = endpoint


def home_endpoint(role: str | None) -> str:
    return HOMES.get(role or "", "accounts.login")
