"""The live attendance dashboard, the credentials report and the base B."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("attendance", __name__)
