"""Delegate cards: printing, reprinting and revoking (thẻ đại biểu)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("credentials", __name__)
