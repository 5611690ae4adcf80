"""The chair's projector (màn hình chiếu của Đoàn Chủ tịch): what the hall sees on the big screen.

The chair chooses the screen: idle (the congress's name), a round's voting (turnout "73 / 98" with
a bar and the audit log's head hash at opening; never a partial result), the counting committee
at work, or a round's results once the chair has announced them (rules.md §5: votes, "votes/B",
% of B, elected highlighted, ties and open seats in words). The projector page polls
``/projector/state.json``; nothing of a round's ballots reaches it before the announcement.
"""
