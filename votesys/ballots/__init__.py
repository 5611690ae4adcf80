"""The ballot box (hòm phiếu): one secret ballot per eligible delegate per round.

The box keeps ballots as opaque documents with random ids and nothing else: no delegate, no time,
no insertion order. Who has voted is kept apart, on the round's voters (elections). At closing
the box is sealed: both are rewritten so that no trace of the order of casting remains, and the
audit log records the number of ballots and the hashes of the sorted receipts and voters
(design.md, decision 3). rules.md §4 (valid ballots) and §6 (issued and returned ballots).
This module knows nothing of cards or of the roll: the tablet says who is voting.
"""
