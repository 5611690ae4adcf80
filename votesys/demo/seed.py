"""Seeding the demo congress through the same services the secretariat uses."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy.orm import Session

from votesys.accounts import services as accounts
from votesys.congress import services as congress_services
from votesys.demo.committee import Committee, run_ceremony
from votesys.demo.people import person
from votesys.roles import Actor
from votesys.roster import services as roster
from votesys.roster.services import DelegateFacts

CONGRESS = congress_services.CongressFacts(
    name="Đại hội đại biểu Đảng bộ Phường 1 lần thứ XIV, nhiệm kỳ 2025-2030",
    organisation="Đảng bộ Phường 1",
    level="ward",
    ordinal="XIV",
    term="2025-2030",
    kind="delegate",
    venue="Hội trường Ủy ban nhân dân Phường 1",
    starts_on=dt.date(2025, 5, 20),
    ends_on=dt.date(2025, 5, 21),
)
CELLS = [f"Chi bộ Khu phố {n}" for n in range(1, 11)] + [
    "Chi bộ Cơ quan Ủy ban nhân dân",
    "Chi bộ Công an Phường",
    "Chi bộ Quân sự Phường",
    "Chi bộ Trường Trung học cơ sở Phường 1",
    "Chi bộ Trạm Y tế",
    "Chi bộ Mặt trận và các Đoàn thể",
]
SUBCOMMITTEES = ["Đảng bộ bộ phận Khu phố 11", "Đảng bộ bộ phận Khu phố 12"]
CONVENING_MEMBERS = 11  # the outgoing executive committee: delegates by right
SUMMONED = 100  # official delegates
ALTERNATES = 2  # numbers 101 and 102; 101 is seated in place of 57
# Absences for the whole congress that the base B must see (rules.md §5), B = 100 - 1 - 1 = 98:
ABSENCES = {
    9: ("Đi công tác nước ngoài", True, False),  # convening committee member: subtracted
    57: ("Ốm, nằm viện", True, True),  # replaced by alternate 101: not subtracted
    73: ("Việc gia đình", False, False),  # not replaced: subtracted
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    display_name: str


# The counting committee's passphrases for their shares of the election key (demo only: in the
# hall each member chooses their own in the key ceremony, and the server never sees it).
PASSPHRASES = {
    "staff:counting1": "khoa-binh-demo-2025",
    "staff:counting2": "khoa-lan-demo-2025",
    "staff:counting3": "khoa-tuan-demo-2025",
}
KEY_THRESHOLD = 2  # any 2 of the 3 demo members decrypt


LOGINS = [
    DemoLogin("secretariat", "secretariat-demo", "secretariat", "Văn phòng Đại hội"),
    DemoLogin("credentials", "credentials-demo", "credentials", "Trần Thị Thu Hà"),
    DemoLogin("counting1", "counting1-demo", "counting", "Lê Văn Bình"),
    DemoLogin("counting2", "counting2-demo", "counting", "Phạm Thị Lan"),
    DemoLogin("counting3", "counting3-demo", "counting", "Võ Minh Tuấn"),
    DemoLogin("chair", "chair-demo-2025", "chair", "Nguyễn Văn Hùng"),
    DemoLogin("observer", "observer-demo", "observer", "Quan sát viên"),
]


def seed(session: Session, rng_seed: int = 14) -> Committee:
    """Create the staff accounts, the congress, its units and its 100 delegates, and run the key
    ceremony for the three demo counting accounts (2 of 3), as their browsers would. Returns the
    simulated committee (its members' shares: for the simulation and the tests)."""
    actor = Actor.console()
    for login in LOGINS:
        accounts.create_user(
            session, actor, login.username, login.display_name, login.role, login.password
        )
    units = [(name, "cell") for name in CELLS] + [(name, "subcommittee") for name in SUBCOMMITTEES]
    congress = congress_services.create_congress(session, actor, CONGRESS, units)
    roster.add_delegates(session, actor, congress, _roll(congress, random.Random(rng_seed)))
    members = [Actor(f"staff:{x.username}", x.role) for x in LOGINS if x.role == "counting"]
    return run_ceremony(session, members, KEY_THRESHOLD, PASSPHRASES)


def _roll(congress, rng: random.Random) -> list[DelegateFacts]:
    unit_ids = [unit.id for unit in congress.units]
    taken: set[str] = set()
    rows = []
    for number in range(1, SUMMONED + ALTERNATES + 1):
        by_right = number <= CONVENING_MEMBERS
        facts = person(rng, congress.starts_on, taken)
        unit_id = unit_ids[(number - 1) % len(unit_ids)]
        rows.append(
            DelegateFacts(
                number=number,
                unit_id=unit_id,
                how_came="by_right" if by_right else "elected",
                position=_position(rng, by_right, number),
                is_official=number <= SUMMONED,
                flags=_flags(number),
                **facts,
            )
        )
    return rows


def _flags(number: int) -> dict:
    if number == SUMMONED + 1:
        return {"seated_for_number": 57}
    if number not in ABSENCES:
        return {}
    reason, accepted, replaced = ABSENCES[number]
    return {
        "absent_whole_congress": True,
        "absence_reason": reason,
        "absence_reason_accepted": accepted,
        "replaced_by_alternate": replaced,
    }


def _position(rng: random.Random, by_right: bool, number: int) -> str:
    if number > SUMMONED:
        return "Đảng viên (đại biểu dự khuyết)"
    if number == 1:
        return "Bí thư Đảng ủy Phường"
    if by_right:
        return "Ủy viên Ban Chấp hành Đảng bộ Phường"
    return rng.choice(["Bí thư Chi bộ", "Phó Bí thư Chi bộ", "Chi ủy viên", "Đảng viên"])
