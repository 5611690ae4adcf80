"""The online backup of an installation (while voting runs) and its restore into a fresh one.

A backup is one file (a gzipped tar, mode 0600): ``votesys-backup.json`` (the format, when, the
database kind, the audit head the copy holds, each member's SHA-256), the database image, and
the instance's secrets the app cannot do without (``SECRETS``; the TLS certificate the tablets
trust, if there is one). Why each method and what a backup taken during voting exposes:
docs/reliability.md, "Backup and restore".

- SQLite: ``VACUUM INTO`` a new file, one read transaction of the live database (consistent;
  writers go on meanwhile, WAL mode), the rows rewritten in key order and no freed page copied.
- PostgreSQL: ``pg_dump --format=custom`` under a snapshot this module exports from a REPEATABLE
  READ transaction, in which it also reads the audit head: the manifest names exactly the head
  the dump holds.

There is no web page for either: the file holds the installation's secrets, so only the server's
console makes or restores one. Both are audited: ``operations.backup_made`` in the live log
(where to, the head copied, the image's SHA-256), ``operations.restored`` in the restored one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from votesys.audit import queries as audit_queries
from votesys.audit import services as audit
from votesys.audit.models import AuditEntry
from votesys.audit.signing import Signer
from votesys.db import Database, utcnow
from votesys.operations import errors
from votesys.roles import Actor

FORMAT = "votesys-backup/1"
MANIFEST = "votesys-backup.json"
IMAGES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# What the app needs besides the database: the session key (the tablets' voter sessions and the
# staff's logins are signed with it), the audit signing key (the log's checkpoints), the card
# code key (without it no printed short code opens a card).
SECRETS = ("secret_key", "audit_signing_key", "card_code_key")
TLS = "tls"  # the certificate every tablet was told to trust (docs/serving.md)
# A member missing, or the archive cut short or damaged:
UNREADABLE = (KeyError, AttributeError, OSError, EOFError, tarfile.TarError, zlib.error)


@dataclass(frozen=True)
class Backup:
    file: Path
    database: str
    entries: int  # the audit head the copy holds
    head: str
    sha256: str  # of the database image
    size: int  # bytes of the backup file
    secrets: tuple[str, ...]


@dataclass(frozen=True)
class Restored:
    database: str
    taken_at: str
    entries: int
    head: str
    secrets: tuple[str, ...]


def backup(session: Session, actor: Actor, instance: Path, out: Path) -> Backup:
    """Copy the live database and the instance's secrets into ``out`` (replaced only once the
    whole file is written), then audit the backup in the live log."""
    engine = session.get_bind()
    kind = _kind(engine.url)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".votesys-backup-") as work:
        image = Path(work) / IMAGES[kind]
        try:
            if kind == "sqlite":
                entries, head = _copy_sqlite(engine, image)
            else:
                entries, head = _dump_postgres(engine, image)
        except (OSError, subprocess.CalledProcessError) as error:
            raise errors.BackupFailed(detail=_why(error), file=str(out)) from None
        digest = _sha256(image)
        secrets = _secrets(instance)
        manifest = {
            "format": FORMAT,
            "taken_at": utcnow().isoformat(),
            "database": kind,
            "audit": {"entries": entries, "head": head},
            "image": {"name": IMAGES[kind], "sha256": digest},
            "secrets": {name: _sha256(instance / name) for name in secrets},
        }
        partial = Path(work) / "backup.tar.gz"
        _write_archive(partial, manifest, image, instance, secrets)
        os.replace(partial, out)
    session.rollback()
    audit.record(
        session,
        "operations.backup_made",
        actor.name,
        database=kind,
        to=str(out),
        entries=entries,
        head=head,
        sha256=digest,
    )
    session.commit()
    return Backup(out, kind, entries, head, digest, out.stat().st_size, tuple(secrets))


def _copy_sqlite(engine, image: Path) -> tuple[int, str]:
    """VACUUM INTO: one read transaction of the live file, so a consistent copy while the
    tablets write; then the head as the copy holds it."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("VACUUM INTO ?", (str(image),))
    finally:
        raw.close()
    copy = create_engine(f"sqlite:///{image}")
    try:
        with copy.connect() as connection:
            row = connection.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
    finally:
        copy.dispose()
    os.chmod(image, 0o600)
    return (row.seq, row.hash) if row else (0, "0" * 64)


def _dump_postgres(engine, image: Path) -> tuple[int, str]:
    """pg_dump under a snapshot exported by a REPEATABLE READ transaction kept open meanwhile,
    in which the audit head is read: the dump holds exactly that head."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise OSError("pg_dump is not installed: apt install postgresql-client")
    libpq, env = _libpq(engine.url)
    reading = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with reading as connection, connection.begin():
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar()
        row = connection.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
        subprocess.run(  # noqa: S603 - pg_dump, our arguments
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={image}",
                f"--dbname={libpq}",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    os.chmod(image, 0o600)
    return (row.seq, row.hash) if row else (0, "0" * 64)


def restore(file: Path, instance: Path, url: str, actor: Actor) -> Restored:
    """Put a backup into a fresh instance folder and an empty database, check its audit log
    against the backup's manifest and the restored signing key, and audit the restore."""
    with _open(file) as archive:
        manifest = _manifest(archive, file)
        kind = manifest["database"]
        if _kind(make_url(url)) != kind:
            raise errors.WrongDatabaseKind(backup=kind, target=_kind(make_url(url)))
        secrets = _check_secrets(archive, manifest, instance, file)
        image = _member(archive, manifest["image"]["name"], manifest["image"]["sha256"], file)
        _check_empty(url)
        instance.mkdir(parents=True, exist_ok=True)
        try:
            if kind == "sqlite":
                _restore_sqlite(image, make_url(url))
            else:
                _restore_postgres(image, make_url(url))
        except (OSError, subprocess.CalledProcessError) as error:
            raise errors.RestoreFailed(detail=_why(error)) from None
        for name, data in secrets.items():
            _write_secret(instance / name, data)
    return _check_restored(file, instance, url, manifest, actor, tuple(secrets))


def _check_restored(file, instance, url, manifest, actor, secrets) -> Restored:
    signer = Signer.from_instance(instance)
    database = Database.connect(url, signer)
    expected = manifest["audit"]
    try:
        with database.session(write=True) as session:
            report = audit_queries.verify_database(session, signer.public_key_hex)
            if not report.ok:
                raise errors.RestoreFailed(detail=report.problems[0].describe())
            held = session.get(AuditEntry, expected["entries"]) if expected["entries"] else None
            if expected["entries"] and (held is None or held.hash != expected["head"]):
                raise errors.RestoreFailed(detail="the audit log is not the one the backup names")
            audit.record(
                session,
                "operations.restored",
                actor.name,
                source=file.name,
                taken_at=manifest["taken_at"],
                entries=expected["entries"],
                head=expected["head"],
            )
            session.commit()
    finally:
        database.dispose()
    return Restored(
        manifest["database"], manifest["taken_at"], expected["entries"], expected["head"], secrets
    )


def _restore_sqlite(image: bytes, url: URL) -> None:
    target = Path(url.database)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_secret(target, image)


def _restore_postgres(image: bytes, url: URL) -> None:
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise OSError("pg_restore is not installed: apt install postgresql-client")
    libpq, env = _libpq(url)
    with tempfile.NamedTemporaryFile(suffix=".pgdump") as dump:
        dump.write(image)
        dump.flush()
        subprocess.run(  # noqa: S603 - pg_restore, our arguments
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={libpq}",
                dump.name,
            ],
            env=env,
            check=True,
            capture_output=True,
        )


def _check_empty(url: str) -> None:
    parsed = make_url(url)
    if _kind(parsed) == "sqlite":
        target = Path(parsed.database or "")
        if target.exists() and target.stat().st_size:
            raise errors.RestoreTargetInUse(what=str(target))
        return
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                text(
                    "SELECT count(*) FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                )
            ).scalar()
    finally:
        engine.dispose()
    if tables:
        raise errors.RestoreTargetInUse(what=parsed.render_as_string(hide_password=True))


def _check_secrets(archive, manifest, instance: Path, file: Path) -> dict[str, bytes]:
    """The backup's secrets; a fresh instance may already hold the same ones, not others."""
    found = {}
    for name, digest in manifest["secrets"].items():
        data = _member(archive, "instance/" + name, digest, file)
        present = instance / name
        if present.exists() and present.read_bytes() != data:
            raise errors.RestoreTargetInUse(what=str(present))
        found[name] = data
    return found


def _manifest(archive: tarfile.TarFile, file: Path) -> dict:
    try:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
    except (*UNREADABLE, ValueError):
        raise errors.NotABackup(file=str(file), detail=f"no {MANIFEST}") from None
    if manifest.get("format") != FORMAT or manifest.get("database") not in IMAGES:
        raise errors.NotABackup(file=str(file), detail=f"not the format {FORMAT}")
    return manifest


def _member(archive: tarfile.TarFile, name: str, digest: str, file: Path) -> bytes:
    try:
        data = archive.extractfile(name).read()
    except UNREADABLE:
        raise errors.NotABackup(file=str(file), detail=f"{name} is missing") from None
    if hashlib.sha256(data).hexdigest() != digest:
        raise errors.NotABackup(file=str(file), detail=f"{name} does not match its SHA-256")
    return data


def _open(file: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(file, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise errors.NotABackup(file=str(file), detail=_why(error)) from None


def _write_archive(path: Path, manifest: dict, image: Path, instance: Path, secrets) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
        _add(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
        archive.add(image, arcname=image.name, filter=_private)
        for name in secrets:
            archive.add(instance / name, arcname="instance/" + name, filter=_private)
        raw.flush()
        os.fsync(raw.fileno())


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(dt.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    return info


def _secrets(instance: Path) -> list[str]:
    names = [name for name in SECRETS if (instance / name).is_file()]
    tls = instance / TLS
    if tls.is_dir():
        names += sorted(f"{TLS}/{p.name}" for p in tls.iterdir() if p.is_file())
    return names


def _write_secret(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _libpq(url: URL) -> tuple[str, dict]:
    """A libpq address for pg_dump/pg_restore, its password in the environment (never in ps)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _kind(url: URL) -> str:
    return "sqlite" if url.get_backend_name() == "sqlite" else "postgresql"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _why(error: Exception) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        return (error.stderr or b"").decode(errors="replace").strip()[-300:] or str(error)
    return str(error)
