"""The demo congress (đại hội mẫu), modelled on a real ward congress: the seed a newcomer sees.

"Đại hội đại biểu Đảng bộ Phường 1 lần thứ XIV, nhiệm kỳ 2025-2030": 100 delegates summoned from
16 Party cells and 2 sub-committees, with generated but realistic Vietnamese names.
"""
