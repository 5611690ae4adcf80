"""The congress (Đại hội) and its Party units (chi bộ, đảng bộ bộ phận).

A congress is either a delegate congress (đại hội đại biểu) or a Party-member congress (đại hội
đảng viên, at a cell); the base B is computed differently for each (rules.md §5).
"""
