"""The minutes of the count (biên bản kiểm phiếu), rules.md §6; issue 5 items 4 and 7.

In the hall the counting committee (ban kiểm phiếu) writes, reads out and signs one set of minutes
per ballot round. Here they are drawn from what the count stored and fingerprinted
(``tally.models.Tally.result``), never recounted: a printable page and a PDF that share one
document model (document.py), always in Vietnamese; the result as CSV and as the stored JSON;
every counted round of the congress in one PDF. An opinion ballot (phiếu xin ý kiến, rules.md §2)
has its simpler minutes. Read only: nothing here writes.
"""
