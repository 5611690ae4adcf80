"""`votesys roster ...`: the roll from and to CSV / XLSX files."""

from __future__ import annotations

import click


@click.group("roster")
def roster() -> None:
    """The congress roll (danh sách đại biểu)."""
