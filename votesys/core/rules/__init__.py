"""The counting rules of Quy chế bầu cử trong Đảng (190-QĐ/TW), pure (rules.md).

Settings (every GAP of rules.md a named field), ballot validity, the base B, seats, ties and rounds.
Plain data in, plain data out: no Flask, no database.
"""
