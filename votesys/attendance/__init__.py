"""Attendance and the credentials committee's report (báo cáo thẩm tra tư cách đại biểu):
summoned / present / absent per unit, the delegates' composition, and the base B with its
breakdown (rules.md §5, §7, §8)."""
