"""What every blueprint shares: error pages, security headers, the language, the current actor,
and the registry of each role's home page (giao diện web chung)."""
