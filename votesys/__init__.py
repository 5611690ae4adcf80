"""votesys: electronic voting and ballot counting for Party congresses (Đại hội Đảng bộ).

The package is a pure core (``votesys.core``) inside a thin web shell: one folder per domain of
the hall, each with its models, services (every write), queries (reads) and views.
"""

__version__ = "0.1.0"
