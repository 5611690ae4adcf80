"""`votesys cards ...`: printing delegate cards from the command line."""

from __future__ import annotations

import click


@click.group("cards", invoke_without_command=False)
def cards() -> None:
    """Delegate cards (thẻ đại biểu)."""
