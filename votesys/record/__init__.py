"""The election record (hồ sơ bầu cử): everything a round's result rests on, in one file that
anyone re-checks offline with ``votesys verify`` or scripts/verify_record.py (docs/record.md).

Built from the stored rows (the frozen manifest, the ceremony's transcript, the box, the totals,
the partial decryptions, the result, the audit log); its format and the record fingerprint are
the pure core's (votesys.core.verify). Released to all staff once a round is announced.
"""
