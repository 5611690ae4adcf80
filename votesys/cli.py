"""The ``votesys`` command (Flask's CLI on Click): set-up, demo, serving, accounts, audit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from votesys import schema
from votesys.accounts import services as accounts
from votesys.app import create_app
from votesys.audit import queries as audit_queries
from votesys.audit import services as audit_services
from votesys.core.audit_chain import verify_lines
from votesys.credentials.cli import cards as card_commands
from votesys.errors import DomainError
from votesys.roles import ROLES, Actor
from votesys.roster.cli import roster as roster_commands


def _create_app(*_args, **_kwargs):
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """votesys: voting and counting for a Party congress."""


main.add_command(roster_commands)
main.add_command(card_commands)


def _db():
    return current_app.extensions["votesys.db"]


def _fail(error: DomainError) -> None:
    raise click.ClickException(f"{error.code}: {error.message % error.params}")


@main.group()
def db() -> None:
    """The database schema (Alembic migrations)."""


@db.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Bring the database to the newest schema."""
    schema.upgrade(current_app.config["DATABASE_URL"])
    click.echo("The database schema is up to date.")


@main.group()
def users() -> None:
    """Staff accounts."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", "display_name", required=True, help="The person's full name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def users_add(username: str, role: str, display_name: str, password_stdin: bool) -> None:
    """Create a staff account (the password is asked for, never given on the command line)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _db().session(write=True) as session:
        try:
            accounts.create_user(session, Actor.console(), username, display_name, role, password)
        except DomainError as error:
            _fail(error)
    click.echo(f"Account {username} ({role}) created.")


@main.group()
def audit() -> None:
    """The audit log: export and verify."""


@audit.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def audit_export(file: Path) -> None:
    """Write the audit log as JSON Lines (the head is signed first)."""
    signer = current_app.extensions["votesys.signer"]
    with _db().session(write=True) as session:
        audit_services.sign_head(session)
        count = 0
        with file.open("w", encoding="utf-8") as out:
            for line in audit_queries.export_lines(session, signer.public_key_hex):
                out.write(line + "\n")
                count += 1
        seq, head = audit_queries.head(session)
    click.echo(f"Exported {seq} entries to {file}; head {head}; key {signer.fingerprint}.")


@audit.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", "expected_key", help="The installation's public key (hex) to insist on.")
def audit_verify(file: Path, expected_key: str | None) -> None:
    """Check an exported audit log; exit 1 naming every entry that was tampered with."""
    with file.open(encoding="utf-8") as lines:
        report = verify_lines(lines, expected_public_key=expected_key)
    if not report.ok:
        for problem in report.problems:
            click.echo(f"FAIL {problem.describe()}", err=True)
        raise SystemExit(1)
    click.echo(
        f"OK: {report.entries} entries, {report.checkpoints} signed checkpoints, "
        f"head {report.head}, key {report.public_key}"
    )


@main.group()
def record() -> None:
    """The election record (hồ sơ bầu cử): export it for ``votesys verify``."""


@record.command("export")
@click.option(
    "--out",
    "file",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write (JSON, docs/record.md).",
)
@click.option("--round", "round_id", type=int, help="Only this round (its id), once announced.")
@with_appcontext
def record_export(file: Path, round_id: int | None) -> None:
    """Write the election record of every announced round (or one) with the audit log."""
    from votesys.congress.queries import the_congress
    from votesys.record import queries as record_queries

    signer = current_app.extensions["votesys.signer"]
    with _db().session(write=True) as session:
        audit_services.sign_head(session)
        try:
            congress = the_congress(session)
            rounds = (
                [record_queries.published_round(session, round_id)]
                if round_id is not None
                else record_queries.announced_rounds(session, congress)
            )
            with file.open("w", encoding="utf-8") as out:
                for chunk in record_queries.record_chunks(
                    session, congress, rounds, signer.public_key_hex
                ):
                    out.write(chunk)
        except DomainError as error:
            _fail(error)
        prints = [(r.id, record_queries.fingerprint(session, r)) for r in rounds]
    click.echo(f"Exported {len(rounds)} round(s) to {file}. Check it: votesys verify {file}")
    for number, fingerprint in prints:
        click.echo(f"  round {number}: record fingerprint {fingerprint}")


@main.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--workers", type=int, help="Processes for the ballots (default: every core).")
def verify(file: Path, workers: int | None) -> None:
    """Check an election record offline; exit 1 naming every failing item."""
    from votesys.core.verify.console import verify_file

    status = verify_file(file, sys.stdout, sys.stderr, workers=workers)
    if status:
        raise SystemExit(status)


@main.command("backup")
@click.option(
    "--out",
    "file",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The backup file to write (best on another disk: a USB stick).",
)
@with_appcontext
def backup(file: Path) -> None:
    """An online, consistent copy of the database and the instance's secrets (docs/reliability.md);
    voting may go on meanwhile."""
    from votesys.operations import services as operations

    instance = Path(current_app.config["INSTANCE_PATH"])
    with _db().session(write=True) as session:
        try:
            made = operations.backup(session, Actor.console(), instance, file)
        except DomainError as error:
            _fail(error)
    click.echo(
        f"Backup of the {made.database} database written to {made.file} ({made.size} bytes): "
        f"audit log to entry {made.entries}, head {made.head}; database image SHA-256 "
        f"{made.sha256}."
    )
    click.echo(f"  with the instance's {', '.join(made.secrets)}")
    missing = [name for name in operations.SECRETS if name not in made.secrets]
    if missing:
        click.echo(f"  NOT in it (set outside the instance folder, keep them too): {missing}")
    click.echo("  It holds the installation's secrets: keep it as you keep the server.")


@main.command("restore", with_appcontext=False)  # the app would make new secrets
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Restore a backup into a fresh instance folder (VOTESYS_INSTANCE_PATH) and an empty
    database (VOTESYS_DATABASE_URL); the audit log is checked, the restore audited."""
    from votesys import config
    from votesys.operations import services as operations

    instance = config.instance_path()
    url = config.database_url(instance)
    try:
        done = operations.restore(file, instance, url, Actor.console())
    except DomainError as error:
        _fail(error)
    click.echo(
        f"Restored the {done.database} backup taken at {done.taken_at} into {instance}: the "
        f"audit log verifies to entry {done.entries}, head {done.head}."
    )
    click.echo(f"  secrets restored: {', '.join(done.secrets)}. Serve it: votesys serve")


@main.group()
def translations() -> None:
    """The Vietnamese and English catalogs."""


@translations.command("compile")
def translations_compile() -> None:
    """Compile the .po catalogs into .mo files."""
    from votesys.web.locale import compile_catalogs

    compiled = compile_catalogs()
    click.echo(f"{len(compiled)} catalog(s) compiled.")


@main.command()
@click.option("--host", default="0.0.0.0", show_default=True)  # noqa: S104 - the hall's LAN
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", type=int, help="Worker processes (default: 1 on SQLite, 2 x CPUs + 1).")
@click.option("--tls", is_flag=True, help="HTTPS with a self-signed certificate (for the camera).")
@with_appcontext
def serve(host: str, port: int, workers: int | None, tls: bool) -> None:
    """Serve the app with Gunicorn (production WSGI server)."""
    _serve(host, port, workers, tls)


def _serve(host: str, port: int, workers: int | None, tls: bool = False) -> None:
    from votesys.serving import lan_addresses
    from votesys.serving import serve as run
    from votesys.tls import ensure_certificate, fingerprint

    is_sqlite = _db().is_sqlite
    workers = workers or (1 if is_sqlite else 2 * (os.cpu_count() or 1) + 1)
    addresses = lan_addresses()
    certificate = None
    if tls:
        folder = Path(current_app.config["INSTANCE_PATH"]) / "tls"
        certificate = ensure_certificate(folder, addresses)
        current_app.config["SESSION_COOKIE_SECURE"] = True
        click.echo(f"TLS certificate {certificate[0]}")
        click.echo(f"  SHA-256 fingerprint {fingerprint(certificate[0])}")
    scheme = "https" if tls else "http"
    for address in addresses:
        click.echo(f"Serving on {scheme}://{address}:{port}/")
    run(current_app._get_current_object(), host, port, workers, threads=8, tls=certificate)


@main.command()
@click.option("--port", default=5000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Seed the demo congress and exit.")
@click.option("--tls", is_flag=True, help="HTTPS with a self-signed certificate (for the camera).")
@click.option(
    "--simulate", is_flag=True, help="Vote, count, sign and announce every round (random ballots)."
)
@click.option("--seed", "rng_seed", type=int, help="The simulated ballots' seed (reproducible).")
@with_appcontext
def demo(port: int, no_serve: bool, tls: bool, simulate: bool, rng_seed: int | None) -> None:
    """Recreate the database with the demo congress and its elections, then serve it on the
    hall's network. With --simulate every present delegate votes and each round is counted."""
    from votesys.congress.queries import the_congress
    from votesys.credentials.queries import code_key
    from votesys.demo.hall import LATE, open_the_doors
    from votesys.demo.seed import KEY_THRESHOLD, LOGINS, PASSPHRASES, seed
    from votesys.serving import lan_addresses

    config = current_app.config
    scheme = "https" if tls else "http"
    base_url = config["PUBLIC_URL"] or f"{scheme}://{lan_addresses()[0]}:{port}"
    schema.downgrade_all(config["DATABASE_URL"])
    schema.upgrade(config["DATABASE_URL"])
    instance = Path(config["INSTANCE_PATH"])
    with _db().session(write=True) as session:
        seed(session)
        hall = open_the_doors(
            session,
            the_congress(session),
            code_key(instance),
            base_url,
            instance / "demo-cards.pdf",
        )
        elections = _demo_elections(session, the_congress(session), simulate, rng_seed)
    click.echo("Demo congress ready: Đại hội đại biểu Đảng bộ Phường 1 lần thứ XIV.")
    click.echo(f"{hall.cards} delegate cards (QR codes for {base_url}) in {hall.cards_pdf}")
    late = ", ".join(str(number) for number in LATE)
    click.echo(f"{hall.present} in the hall; delegates {late} have not come yet (try /checkin).")
    click.echo("Staff logins (username / password / role):")
    for login in LOGINS:
        click.echo(f"  {login.username:<12} {login.password:<18} {login.role}")
    click.echo(
        f"Election key: made by the key ceremony of the three counting accounts, any "
        f"{KEY_THRESHOLD} of 3 decrypt (/ceremony). Their passphrases, for /count/<round>/decrypt:"
    )
    for account, passphrase in PASSPHRASES.items():
        click.echo(f"  {account.removeprefix('staff:'):<12} {passphrase}")
    for line in elections:
        click.echo(line)
    if no_serve:
        return
    for address in lan_addresses():
        click.echo(f"Sign in at {scheme}://{address}:{port}/login")
    _serve("0.0.0.0", port, None, tls)  # noqa: S104 - tablets on the hall's LAN


def _demo_elections(session, congress, simulate: bool, rng_seed: int | None) -> list[str]:
    """The demo's elections, ready to open; with ``simulate``, voted, closed and counted.
    What to print: totals only, never who voted how."""
    import random
    import secrets

    from votesys.demo import motions as demo_motions
    from votesys.demo import simulate as simulation
    from votesys.demo.elections import COUNTING_COMMITTEE, set_up_elections
    from votesys.motions.views import slip_key

    head, *others = COUNTING_COMMITTEE
    lines = [f"Counting committee: delegates No. {head} (head), " + ", ".join(map(str, others))]
    for election in set_up_elections(session, congress):
        alternates = f" + {election.alternates} alternate(s)" if election.alternates else ""
        lines.append(
            f"Election: {election.title}: {election.seats} seats{alternates} from a list of "
            f"{election.candidates}, list approved, ready for the chair to open."
        )
    made = demo_motions.put_usual(session, congress)
    lines.append(f"Motions by show of hands: {len(made)} usual items on the agenda (/motions).")
    if not simulate:
        return lines
    rng_seed = secrets.randbelow(10**6) if rng_seed is None else rng_seed
    lines.append(f"Simulated voting and count (--seed {rng_seed} gives the same results):")
    rng = random.Random(rng_seed)
    lines += demo_motions.simulate(session, congress, rng, slip_key())
    for result in simulation.simulate(session, congress, rng):
        lines += simulation.describe(result)
    return lines


@main.group()
def rules() -> None:
    """The counting rules engine (rules.md), for paper counts and auditors."""


@rules.command("decide")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def rules_decide(file) -> None:
    """Decide a round from its totals (JSON from FILE, or - for standard input)."""
    from votesys.core.rules.cli_io import BadFactsFile, decide_json

    try:
        result = decide_json(file.read())
    except BadFactsFile as error:
        for line in error.messages():
            click.echo(line, err=True)
        raise SystemExit(2) from None
    click.echo(result)
