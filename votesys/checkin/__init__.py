"""Check-in at the door (điểm danh, kiểm tra tư cách tại cửa): who is present, when they came,
left early or came back. "Present at the vote" is read from here when a ballot round opens
(rules.md §5)."""
