"""The chair's desk (Đoàn Chủ tịch điều hành bỏ phiếu): opening and closing voting, with the
turnout while voting is open (rules.md §5; design.md: turnout, never partial results).

Above the ballot box in the layers: closing voting seals the box (``ballots.services``)."""
