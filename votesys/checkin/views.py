"""The check-in desk at the door (điểm danh)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("checkin", __name__)
