#!/usr/bin/env python3
"""Backup and restore drill: a backup taken while the tablets cast, restored, the round finished.

    .venv/bin/python scripts/drill_backup.py [--database sqlite|postgresql] [--ballots 30]
        [--clients 4] [--seed 1] [--postgres URL] [--restore-into URL] [--keep]

As scripts/drill_crash.py (the same congress, ballots and tablets): ``votesys serve`` runs and
the tablets cast over HTTP; when half the receipts are in, ``votesys backup --out`` is run as
the operator would, while the casting goes on (a sixth of the tablets come only after it has
finished, so that some ballots are surely not in it). Then the server is lost (SIGKILL) and the
backup is restored with ``votesys restore`` into a fresh instance folder (and, on PostgreSQL,
the empty database --restore-into, default t_drill_restore, WIPED first). The restored box must
be whole (ballots = voters marked, every ciphertext point there, the audit chain verified
against the restored signing key) and hold only ballots whose receipts the tablets received,
under the very ciphertexts sent. A server on the restored copy is started; each tablet whose
receipt is not in the restored box sends its very submission again (same submission key, same
ciphertexts) and gets the same receipt; then every check of the crash drill runs on the restored
copy: every receipt in the box, counts agreeing, the round sealed, added up, decrypted, each
name's votes the sum of the marks the tablets encrypted. Exit 1 naming what failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from drill_crash import (
    POSTGRES,
    ROOT,
    VOTESYS,
    Receipts,
    Report,
    Server,
    Tablet,
    Traffic,
    build_hall,
    cast_all,
    check,
    database_url,
    free_port,
    prepare_postgres,
)
from sqlalchemy import func, select

from votesys.app import create_app
from votesys.ballots.models import Ballot
from votesys.elections.models import Round

RESTORE_INTO = "postgresql+psycopg://postgres@127.0.0.1:5432/t_drill_restore"


@dataclass
class BackupReport:
    database: str
    ballots: int
    received_at_backup: int = 0
    backup_seconds: float = 0.0
    backup_bytes: int = 0
    in_backup: int = 0
    resent_after_restore: int = 0
    restore_seconds: float = 0.0
    crash: Report | None = None
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        crash = self.crash
        return [
            f"{self.database}: {self.ballots} ballots; load average {os.getloadavg()[0]:.2f}",
            f"  backup while casting, after {self.received_at_backup} receipts: "
            f"{self.backup_seconds:.1f} s, {self.backup_bytes} bytes, {self.in_backup} ballots "
            f"in it; restored in {self.restore_seconds:.1f} s",
            f"  cast after the backup, resent to the restored copy: {self.resent_after_restore} "
            f"(same receipts); in the box {crash.in_box if crash else '-'}, voters marked "
            f"{crash.voted if crash else '-'}; votes per name {crash.votes if crash else '-'}",
            "  OK: the restored copy is whole, and finishes and counts the round"
            if not self.problems
            else "  FAILED:\n" + "\n".join(f"    {p}" for p in self.problems),
        ]


def votesys(*arguments: str, instance: Path, url: str) -> str:
    """A votesys command as the operator types it; its output (exit 1: SystemExit)."""
    env = {**os.environ, "VOTESYS_INSTANCE_PATH": str(instance), "VOTESYS_DATABASE_URL": url}
    done = subprocess.run(  # noqa: S603 - our own command
        [str(VOTESYS), *arguments], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"votesys {' '.join(arguments)} failed: {done.stderr or done.stdout}")
    return done.stdout


def run_drill(
    database: str,
    folder: Path,
    *,
    ballots: int,
    clients: int,
    seed_value: int,
    postgres: str = POSTGRES,
    restore_into: str = RESTORE_INTO,
    wipe: bool = True,
) -> BackupReport:
    rng = random.Random(seed_value)
    url = database_url(database, folder / "instance", postgres, wipe)
    hall = build_hall(folder / "instance", url, ballots, rng)
    report = BackupReport(database, len(hall.voters))
    server = Server(hall, free_port(), None, folder / "server.log")
    server.start()
    traffic, receipts = Traffic(), Receipts()
    backup = folder / "backup.tar.gz"
    late = hall.voters[-max(1, len(hall.voters) // 6) :]  # they come after the backup
    try:
        early = [d for d in hall.voters if d not in late]
        threads = cast_all(hall, server.base, clients, traffic, receipts, early)
        while receipts.count() < len(early) // 2 and any(t.is_alive() for t in threads):
            time.sleep(0.01)
        report.received_at_backup = receipts.count()
        began = time.monotonic()
        votesys("backup", "--out", str(backup), instance=hall.instance, url=hall.url)
        report.backup_seconds = time.monotonic() - began
        report.backup_bytes = backup.stat().st_size
        for thread in threads:
            thread.join()
        threads = cast_all(hall, server.base, clients, traffic, receipts, late)
        for thread in threads:
            thread.join()
        report.problems += receipts.problems
    finally:
        server.kill()  # the server is lost: only the backup is left
    restored = restore(hall, folder, backup, restore_into, wipe, report)
    check_backup(restored, receipts, report)
    finish(restored, folder, clients, receipts, report)
    return report


def restore(hall, folder: Path, backup: Path, restore_into: str, wipe: bool, report):
    instance = folder / "restored"
    if hall.url.startswith("sqlite"):
        url = f"sqlite:///{instance / 'votesys.sqlite3'}"
    else:
        if wipe:
            prepare_postgres(restore_into)
        url = restore_into
    began = time.monotonic()
    votesys("restore", str(backup), instance=instance, url=url)
    report.restore_seconds = time.monotonic() - began
    return replace(hall, instance=instance, url=url)


def check_backup(restored, receipts: Receipts, report: BackupReport) -> None:
    """The restored box holds ballots the tablets were answered for, each under what it sent."""
    app = create_app({"INSTANCE_PATH": str(restored.instance), "DATABASE_URL": restored.url})
    database = app.extensions["votesys.db"]
    sent = {receipt: restored.ballots[d] for d, (receipt, _key) in receipts.got.items()}
    with database.session() as session:
        round_ = session.get(Round, restored.round_id)
        if round_.status != "open":
            report.problems.append(f"the restored round is {round_.status}, not open")
        rows = session.execute(
            select(Ballot.receipt, Ballot.document).where(Ballot.round_id == restored.round_id)
        ).all()
        report.in_backup = session.scalar(
            select(func.count()).where(Ballot.round_id == restored.round_id)
        )
    for receipt, document in rows:
        if receipt not in sent:
            report.problems.append(f"the backup holds a ballot ({receipt}) nobody was answered")
        elif json.loads(document) != sent[receipt]:
            report.problems.append(f"the backup holds another ballot under {receipt}")
    if report.in_backup < report.received_at_backup:
        report.problems.append(
            f"{report.in_backup} ballots in the backup, {report.received_at_backup} receipts "
            "had been given before it was taken"
        )
    database.dispose()


def finish(restored, folder: Path, clients: int, receipts: Receipts, report) -> None:
    """Serve the restored copy; the tablets whose ballots came after the backup resend them;
    then the crash drill's every check, closing and counting the round."""
    app = create_app({"INSTANCE_PATH": str(restored.instance), "DATABASE_URL": restored.url})
    database = app.extensions["votesys.db"]
    with database.session() as session:
        held = set(
            session.scalars(select(Ballot.receipt).where(Ballot.round_id == restored.round_id))
        )
    database.dispose()
    missing = [d for d, (receipt, _) in receipts.got.items() if receipt not in held]
    server = Server(restored, free_port(), None, folder / "restored-server.log")
    server.start()
    try:
        lock = threading.Lock()

        def resend(delegate_id: int) -> None:
            receipt, key = receipts.got[delegate_id]
            tablet = Tablet(server.base, Traffic())
            tablet.welcome()
            tablet.post("/vote/sign-in", {"scan": restored.tokens[delegate_id]})
            tablet.post(f"/vote/rounds/{restored.round_id}/ballot")
            body = {"ballot": restored.ballots[delegate_id], "submission_key": key}
            answer = tablet.post(f"/vote/rounds/{restored.round_id}/cast", body)
            with lock:
                report.resent_after_restore += 1
                if answer["receipt"] != receipt:
                    got = answer["receipt"]
                    report.problems.append(f"resent to the copy: {got}, not {receipt}")

        threads = [
            threading.Thread(target=lambda share=missing[i::clients]: [resend(d) for d in share])
            for i in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report.crash = Report(report.database, len(restored.voters), clients, None)
        check(restored, server, receipts, report.crash)
        report.problems += report.crash.problems
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--ballots", type=int, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default=POSTGRES, help="the drill's OWN database")
    parser.add_argument("--restore-into", default=RESTORE_INTO, help="another OWN database")
    parser.add_argument("--keep", action="store_true", help="keep the folders, backup and logs")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="drill-backup-"))
    report = run_drill(
        args.database,
        folder,
        ballots=args.ballots,
        clients=args.clients,
        seed_value=args.seed,
        postgres=args.postgres,
        restore_into=args.restore_into,
    )
    print("\n".join(report.lines()))
    if args.keep:
        print(f"  instances, backup and server logs in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    raise SystemExit(1 if report.problems else 0)


if __name__ == "__main__":
    main()
