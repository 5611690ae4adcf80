"""Every domain's models, imported in one place so that Alembic sees the whole schema."""

from votesys.accounts.models import LoginThrottle, StaffUser
from votesys.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from votesys.checkin.models import Attendance, CheckinEvent
from votesys.congress.models import Congress, PartyUnit
from votesys.credentials.models import Card
from votesys.db import Base
from votesys.roster.models import Delegate

__all__ = [
    "Attendance",
    "Card",
    "CheckinEvent",
    "AuditCheckpoint",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Congress",
    "Delegate",
    "LoginThrottle",
    "PartyUnit",
    "StaffUser",
]
