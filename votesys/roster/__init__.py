"""The congress roll (danh sách đại biểu): every delegate summoned, with the flags of rules.md §5.

The roll is what the threshold base B is computed from, so every flag here matters to who gets
elected.
"""
