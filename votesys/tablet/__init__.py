"""The voting tablet (máy tính bảng bỏ phiếu): the delegate's side of a secret ballot.

A delegate scans their card (or types its code) on a tablet in the hall, sees the open rounds
they may vote in, marks the ballot (strike layout: gạch tên; approve layout: đồng ý / không đồng
ý), reviews it, casts it and gets a receipt; the tablet then wipes itself for the next person.
This domain knows who is voting (the card); the ballot box (votesys.ballots) never does.
It also holds the voting stations (điểm bỏ phiếu: tablets the secretariat registered, which the
congress may require) and the public board of receipts (bảng công bố mã biên nhận) after closing.
rules.md §3-§4; design.md "Ballot layouts"; docs/tablet.md.
"""
