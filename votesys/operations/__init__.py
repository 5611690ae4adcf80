"""Operating the installation: the online backup and the restore (docs/reliability.md)."""
