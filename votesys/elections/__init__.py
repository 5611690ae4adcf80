"""Elections by secret ballot (bầu cử), rules.md §1-§5: what the congress elects, the approved list
of candidates in Vietnamese alphabetical order, and the rounds (lần bầu), each with its own base
B, frozen when voting opens, and its own eligible voters.
"""
