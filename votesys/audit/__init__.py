"""The audit log (nhật ký kiểm tra): an append-only, hash-chained record of every state change.

Every service writes its event here in the same transaction as the change itself. Entries never
hold ballot content or anything that links a delegate to a ballot (design.md, decision 3 of
style.md). Checkpoints are signed with the installation's Ed25519 key.
"""
