"""Counting (kiểm phiếu): the tally of a closed round, its result, the counting committee's
sign-off, and the chair's announcement. rules.md §4-§6.

The tally is a function over the ballot box's documents (or a paper count's totals); the
figures, the reconciliation and who is elected come from the pure core (core.minutes,
core.rules.decide). A counted round is released to the chair only when enough members of the
counting committee have confirmed it, each on their own device.
"""
