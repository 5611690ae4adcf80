"""`votesys roster ...`: the roll from and to CSV / XLSX files.

votesys roster import danh-sach.xlsx   all or nothing: the counts, or every problem (exit 1)
votesys roster export danh-sach.csv    the whole roll, .csv or .xlsx by the file's extension

Messages are in Vietnamese (``--lang en`` for English), like the pages.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext

from votesys.congress.errors import NoCongress
from votesys.congress.queries import current_congress
from votesys.roles import Actor
from votesys.roster import exporting, queries, services
from votesys.roster.errors import RollRefused, describe
from votesys.roster.importing import MAX_FILE_BYTES, read_roll

LANGUAGES = click.Choice(["vi", "en"])
LISTED = 30  # delegates not in the file named one by one; the rest counted


@click.group("roster")
def roster() -> None:
    """The congress roll (danh sách đại biểu)."""


def _database():
    return current_app.extensions["votesys.db"]


def _congress(session):
    congress = current_congress(session)
    if congress is None:
        error = NoCongress()
        raise click.ClickException(gettext(error.message))
    return congress


@roster.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=LANGUAGES, default="vi", show_default=True)
@with_appcontext
def import_command(file: Path, lang: str) -> None:
    """Import the roll from FILE (.xlsx or .csv): all of it, or nothing."""
    with file.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    with force_locale(lang), _database().session(write=True) as session:
        congress = _congress(session)
        units = {unit.name: unit.id for unit in congress.units}
        parsed = read_roll(file.name, data, units)
        try:
            result = services.import_roll(session, Actor.console(), congress, parsed)
        except RollRefused as refused:
            _print_problems(file, refused)
            raise SystemExit(1) from None
        _print_result(file, result)


def _print_problems(file: Path, refused: RollRefused) -> None:
    click.echo(
        gettext(
            "The file %(name)s was not imported: %(count)s problem(s) found. Nothing was changed. "
            "Correct every problem listed and import the file again.",
            name=file.name,
            count=len(refused.problems),
        ),
        err=True,
    )
    for problem in refused.problems:
        what, fix = describe(problem, gettext)
        if problem.row is None:
            where = gettext("Whole file")
        else:
            column = f"{problem.letter} ({problem.column})" if problem.letter else problem.column
            where = gettext("Row %(row)s, column %(column)s", row=problem.row, column=column)
        click.echo(f"{where}: {what} {fix}", err=True)


def _print_result(file: Path, result: services.ImportResult) -> None:
    click.echo(
        gettext(
            "The file %(name)s was imported: %(created)s new, %(updated)s updated, "
            "%(unchanged)s unchanged.",
            name=file.name,
            created=len(result.created),
            updated=len(result.updated),
            unchanged=len(result.unchanged),
        )
    )
    if result.not_in_file:
        click.echo(
            gettext(
                "%(count)s delegate(s) on the roll are not in the file, left as they are:",
                count=len(result.not_in_file),
            )
        )
        for number, name in result.not_in_file[:LISTED]:
            click.echo(f"  {number:>5}  {name}")
        if len(result.not_in_file) > LISTED:
            more = len(result.not_in_file) - LISTED
            click.echo("  " + gettext("… and %(count)s more.", count=more))
    if result.ignored_columns:
        click.echo(
            gettext(
                "Columns not used (not columns of the roll): %(columns)s",
                columns=", ".join(result.ignored_columns),
            )
        )


@roster.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--lang", type=LANGUAGES, default="vi", show_default=True)
@with_appcontext
def export_command(file: Path, lang: str) -> None:
    """Write the whole roll to FILE: .xlsx or .csv, by its extension."""
    kind = file.suffix.lower().lstrip(".")
    if kind not in exporting.FORMATS:
        raise click.UsageError("The file must end in .csv or .xlsx.")
    with force_locale(lang), _database().session() as session:
        congress = _congress(session)
        data = exporting.export_roll(session, Actor.console(), congress, kind)
        count = len(queries.delegates(session, congress))
        file.write_bytes(data)
        click.echo(gettext("%(count)s delegate(s) written to %(name)s.", count=count, name=file))
