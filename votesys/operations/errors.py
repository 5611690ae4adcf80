"""What can go wrong with a backup or a restore, in words that tell the operator what to do."""

from __future__ import annotations

from votesys.errors import N_, DomainError


class BackupFailed(DomainError):
    code = "backup_failed"
    status = 500
    message = N_("The backup could not be made (%(detail)s). Nothing was written to %(file)s.")


class NotABackup(DomainError):
    code = "not_a_backup"
    message = N_("%(file)s is not a votesys backup, or it is damaged: %(detail)s.")


class RestoreTargetInUse(DomainError):
    code = "restore_target_in_use"
    status = 409
    message = N_(
        "The restore needs a fresh instance and an empty database, but %(what)s already holds "
        "data. Restore into a new instance folder and an empty database."
    )


class WrongDatabaseKind(DomainError):
    code = "wrong_database_kind"
    message = N_(
        "This backup is of a %(backup)s database and cannot be restored into %(target)s. Set "
        "VOTESYS_DATABASE_URL to a %(backup)s database."
    )


class RestoreFailed(DomainError):
    code = "restore_failed"
    status = 500
    message = N_("The restore failed (%(detail)s). Empty the database and try again.")
