"""Reading the audit log: the head, the export as JSON Lines, the check of the stored log."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from votesys.core.audit_chain import FORMAT, GENESIS, Report, verify_lines


def head(session: Session) -> tuple[int, str]:
    row = session.get(AuditHead, 1)
    return (row.seq, row.hash) if row else (0, GENESIS)


def export_lines(session: Session, public_key: str) -> Iterator[str]:
    """The log as JSON Lines: a header, then each entry followed by its checkpoint, if any."""
    yield json.dumps({"type": "header", "format": FORMAT, "public_key": public_key})
    checkpoints = {c.seq: c for c in session.scalars(select(AuditCheckpoint))}
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(500):
        yield json.dumps(
            {
                "type": "entry",
                "seq": entry.seq,
                "at": entry.at,
                "actor": entry.actor,
                "kind": entry.kind,
                "data": json.loads(entry.data),
                "prev": entry.prev,
                "hash": entry.hash,
            },
            ensure_ascii=False,
        )
        checkpoint = checkpoints.get(entry.seq)
        if checkpoint is not None:
            yield json.dumps(
                {
                    "type": "checkpoint",
                    "seq": checkpoint.seq,
                    "hash": checkpoint.hash,
                    "signature": checkpoint.signature,
                }
            )


def verify_database(session: Session, public_key: str) -> Report:
    """Run the same check as ``votesys audit verify`` over the database's own log."""
    return verify_lines(export_lines(session, public_key), expected_public_key=public_key)


def recent(session: Session, limit: int = 50) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)))
