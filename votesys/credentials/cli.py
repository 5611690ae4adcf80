"""`votesys cards ...`: printing delegate cards from the command line.

votesys cards --out the.pdf [--url http://192.168.1.10:5000]        every missing card
votesys cards --out the.pdf --delegate 17                           delegate 17's first card
votesys cards --out the.pdf --delegate 17 --reissue --reason "..."  a new card for 17
votesys cards revoke 17 --reason "..."                              stop 17's card
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from votesys.congress.queries import the_congress
from votesys.credentials import queries, services
from votesys.credentials.errors import NoDelegate
from votesys.credentials.pdf import CardSheets
from votesys.errors import DomainError
from votesys.roles import Actor


@click.group("cards", invoke_without_command=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF to write (the only copy of the cards' codes: delete it once printed).",
)
@click.option("--url", help="The address in the QR codes (default: VOTESYS_PUBLIC_URL).")
@click.option("--delegate", "number", type=int, help="Only this delegate (their number).")
@click.option("--reissue", is_flag=True, help="Revoke the delegate's card in force, print anew.")
@click.option("--reason", default="", help="Why the card is reissued (required with --reissue).")
@click.pass_context
@with_appcontext
def cards(ctx, out: Path | None, url, number: int | None, reissue: bool, reason: str) -> None:
    """Delegate cards (thẻ đại biểu): print every delegate without a card in force, or one."""
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise click.UsageError("Give the PDF to write with --out FILE.")
    if reissue and number is None:
        raise click.UsageError("--reissue needs --delegate NUMBER.")
    try:
        issued = _issue_and_write(out, url, number, reissue, reason)
    except DomainError as error:
        raise click.ClickException(_message(error)) from None
    click.echo(
        f"{len(issued)} card(s) written to {out}. It is the only copy of their codes: print it, "
        "then delete it."
    )


@cards.command("revoke")
@click.argument("number", type=int)
@click.option("--reason", required=True, help="Why (card lost, damaged, ...).")
@with_appcontext
def revoke(number: int, reason: str) -> None:
    """Revoke delegate NUMBER's card in force (no new card)."""
    try:
        with _db().session(write=True) as session:
            congress = the_congress(session)
            delegate = _delegate(session, congress, number)
            services.revoke(session, Actor.console(), congress, delegate.id, reason)
    except DomainError as error:
        raise click.ClickException(_message(error)) from None
    click.echo(f"The card of delegate No. {number} is revoked.")


def _issue_and_write(out: Path, url, number, reissue: bool, reason: str) -> list:
    config = current_app.config
    key = queries.code_key(Path(config["INSTANCE_PATH"]))
    base = queries.check_base_url(url or config.get("PUBLIC_URL") or "")
    with _db().session(write=True) as session:
        congress = the_congress(session)
        # Everything that can fail is checked before a card exists: fonts, address, the file.
        sheets = CardSheets(congress.name, base, config.get("BABEL_DEFAULT_TIMEZONE", "UTC"))
        delegate = _delegate(session, congress, number) if number is not None else None
        with _private_file(out) as handle:
            if delegate is None:
                issued = services.issue_missing(session, Actor.console(), congress, key)
            else:
                one = services.reissue(
                    session, Actor.console(), congress, key, delegate.id, reason, replace=reissue
                )
                issued = [one]
            handle.write(sheets.add_all(issued).output())
    return issued


@contextmanager
def _private_file(path: Path):
    """The output opened (mode 0600) before any card is issued, removed again on failure."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise click.ClickException(f"Cannot write {path}: {error.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _db():
    return current_app.extensions["votesys.db"]


def _delegate(session, congress, number: int):
    delegate = queries.delegate_by_number(session, congress, number)
    if delegate is None:
        raise NoDelegate(delegate=number)
    return delegate


def _message(error: DomainError) -> str:
    return f"{error.code}: {error.message % error.params}"
