"""Writing to the audit log. ``record`` joins the caller's transaction; it never commits."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from votesys.audit.signing import Signer
from votesys.core.audit_chain import GENESIS, canonical_json, checkpoint_message, entry_hash
from votesys.db import utcnow

# Keys that would put ballot content or a delegate-ballot link into the log (design.md §1).
FORBIDDEN_KEYS = frozenset({"marks", "choices", "ballot", "receipt", "plaintext", "vote_content"})


def signer_of(session: Session) -> Signer:
    signer = session.info.get("audit_signer")
    if signer is None:
        raise RuntimeError("the session has no audit signer: open it through votesys.db.Database")
    return signer


def record(session: Session, kind: str, actor: str, **data) -> AuditEntry:
    """Append one event to the log in the caller's transaction (joins it; does not commit)."""
    leaked = FORBIDDEN_KEYS.intersection(data)
    if leaked:
        raise ValueError(f"audit events may not carry {sorted(leaked)}")
    head = _lock_head(session)
    entry = {
        "seq": head.seq + 1,
        "at": utcnow().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": actor,
        "kind": kind,
        "data": json.loads(canonical_json(data)),
        "prev": head.hash,
    }
    digest = entry_hash(entry)
    row = AuditEntry(
        seq=entry["seq"],
        at=entry["at"],
        actor=actor,
        kind=kind,
        data=canonical_json(data).decode(),
        prev=head.hash,
        hash=digest,
    )
    session.add(row)
    head.seq, head.hash = row.seq, digest
    signer = signer_of(session)
    if row.seq % signer.checkpoint_every == 0:
        session.flush()
        _add_checkpoint(session, signer, row.seq, digest)
    return row


def checkpoint_head(session: Session) -> AuditCheckpoint | None:
    """Sign the current head if it is not signed yet (before an export, at closing a round)."""
    head = _lock_head(session)
    if head.seq == 0 or session.get(AuditCheckpoint, head.seq) is not None:
        return None
    return _add_checkpoint(session, signer_of(session), head.seq, head.hash)


def _add_checkpoint(session: Session, signer: Signer, seq: int, digest: str) -> AuditCheckpoint:
    checkpoint = AuditCheckpoint(
        seq=seq,
        hash=digest,
        public_key=signer.public_key_hex,
        signature=signer.sign(checkpoint_message(seq, digest)),
    )
    session.add(checkpoint)
    return checkpoint


def _lock_head(session: Session) -> AuditHead:
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def sign_head(session: Session) -> AuditCheckpoint | None:
    """Sign the current head now (before an export) and commit: a service of its own."""
    checkpoint = checkpoint_head(session)
    session.commit()
    return checkpoint
