"""Delegate cards (thẻ đại biểu): the QR code and the short code a delegate comes in with.

A card carries a URL with a random 128-bit token and a short typeable code with a check character;
only their hashes are stored. Revoking a card stops it at once. rules.md §5 and §7 need to know who
is who; the card is how a delegate proves it at the door and on the tablet.
"""
