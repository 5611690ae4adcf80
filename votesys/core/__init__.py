"""The pure core of votesys: no Flask, no database, no other votesys package.

Crypto, counting rules, names and codes, the minutes' figures and the election record live here,
as plain data in and plain data out, so that the standalone verifier can import this package alone.
"""
