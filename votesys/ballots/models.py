"""The box's tables. ``ballots`` has no delegate, no timestamp and no ordering column; on SQLite
it is a WITHOUT ROWID table keyed by a random id, so that not even the storage order follows
the order of casting (PostgreSQL's heap order is rewritten when the box is sealed)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from votesys.db import Base, UTCDateTime


class Ballot(Base):
    """One ballot cast (lá phiếu đã bỏ): ``document`` (the encrypted ballot, canonical JSON,
    core.crypto.ballot), ``ballot_hash`` (its full hash, hex) and ``receipt`` (the short code the
    delegate was shown), ``retry_tag`` (SHA-256 of the tablet's one-time submission key, so that a
    resent ballot gets the same receipt and is not counted twice)."""

    __tablename__ = "ballots"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # 128 random bits, hex
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    document: Mapped[str] = mapped_column(Text)
    receipt: Mapped[str] = mapped_column(String(11), unique=True)
    ballot_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    retry_tag: Mapped[str] = mapped_column(String(64), unique=True)

    __table_args__ = (
        CheckConstraint("length(id) = 32", name="id_random_hex"),
        Index("ix_ballots_ballot_hash", "ballot_hash", unique=True),
        {"sqlite_with_rowid": False},
    )


class BallotPoint(Base):
    """Every ciphertext's first point (A = r·G) of every ballot in the box, one row each: a
    ballot that repeats a ciphertext already in the box (a copied vote) is refused by the
    primary key. No delegate, no order (WITHOUT ROWID, keyed by the random point)."""

    __tablename__ = "ballot_points"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    point: Mapped[str] = mapped_column(String(64), primary_key=True)

    __table_args__ = ({"sqlite_with_rowid": False},)


class VotingStation(Base):
    """A tablet the secretariat registered as a voting station (điểm bỏ phiếu). When the
    congress requires stations, a card opens a ballot only on one of them. The tablet keeps its
    token in a long-lived cookie; only the token's SHA-256 is stored."""

    __tablename__ = "voting_stations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    registered_by: Mapped[str] = mapped_column(String(120))
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class StationPolicy(Base):
    """Whether cards work only on registered stations (one row per congress; none = anywhere)."""

    __tablename__ = "station_policies"

    congress_id: Mapped[int] = mapped_column(
        ForeignKey("congresses.id", ondelete="CASCADE"), primary_key=True
    )
    is_required: Mapped[bool] = mapped_column(Boolean, default=False)


class PaperCount(Base):
    """A round counted on paper (kiểm phiếu giấy), entered as totals by the counting committee:
    ballots issued and returned, invalid ones by reason and each candidate's votes (canonical
    JSON keyed by candidate id). It then goes through the same counting and minutes."""

    __tablename__ = "paper_counts"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    issued: Mapped[int] = mapped_column(Integer)
    returned: Mapped[int] = mapped_column(Integer)
    invalid: Mapped[str] = mapped_column(Text)  # {"too_many_kept": 2, ...}
    votes: Mapped[str] = mapped_column(Text)  # {"<candidate id>": 71, ...}
    entered_by: Mapped[str] = mapped_column(String(120))
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("issued >= 0", name="issued_not_negative"),
        CheckConstraint("returned >= 0 AND returned <= issued", name="returned_at_most_issued"),
    )


class ChallengedBallot(Base):
    """A ballot the delegate challenged instead of casting it (phiếu kiểm tra, the Benaloh
    challenge, protocol.md §6.6): the encrypted ballot and the tablet's reveal (its marks and
    nonces), published so that anyone can re-encrypt and compare. It is never cast (the box
    refuses its hash and its ciphertexts) and never counted. ``code`` is its receipt code;
    ``is_match`` and ``problems`` the server's own check when it was published. No delegate, no
    time, no order: the id is random and the table has no rowid."""

    __tablename__ = "challenged_ballots"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # 128 random bits, hex
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(11), unique=True)
    ballot_hash: Mapped[str] = mapped_column(String(64), unique=True)
    document: Mapped[str] = mapped_column(Text)  # the encrypted ballot, canonical JSON
    revealed: Mapped[str] = mapped_column(Text)  # the reveal, canonical JSON
    is_match: Mapped[bool] = mapped_column(Boolean)
    problems: Mapped[str] = mapped_column(Text, default="")  # "revealed_mark 2, mark_proof 1"

    __table_args__ = (
        CheckConstraint("length(id) = 32", name="id_random_hex"),
        {"sqlite_with_rowid": False},
    )


class ChallengedPoint(Base):
    """Every ciphertext's A of every challenged ballot: the box refuses a ballot that reuses
    one (its nonce is public, so its mark is too)."""

    __tablename__ = "challenged_points"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    point: Mapped[str] = mapped_column(String(64), primary_key=True)

    __table_args__ = ({"sqlite_with_rowid": False},)


class BoardSnapshot(Base):
    """What the public board of an open round shows (bảng công bố while voting is open): the
    sorted receipts and challenged codes as they stood when the batch was published, so that
    watching the board does not tell which receipt appeared when (docs/ballot-box.md). A new
    batch is published no sooner than BOARD_BATCH_SECONDS after the last one and only once
    BOARD_BATCH_SIZE ballots have come since. One row per open round, overwritten; deleted
    when the box is sealed (the board then shows the box itself)."""

    __tablename__ = "board_snapshots"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    taken_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ballots: Mapped[int] = mapped_column(Integer)
    voted: Mapped[int] = mapped_column(Integer)
    challenged: Mapped[int] = mapped_column(Integer)
    entries: Mapped[str] = mapped_column(Text)  # canonical JSON: {"ballots": [...], ...}
