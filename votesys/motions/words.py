"""The motions in words: kinds, choices and states as the pages say them (English msgids marked
with N_, translated when shown), and the usual items of a congress as the secretariat puts them
(in Vietnamese: the words the congress votes on and the minutes print, whatever the screen's
language)."""

from __future__ import annotations

from flask_babel import gettext

from votesys.errors import N_

KIND_NAMES = {
    "presidium": N_("Presidium"),
    "secretariat": N_("Secretariat of the congress"),
    "credentials_committee": N_("Credentials committee"),
    "programme": N_("Programme of the congress"),
    "working_rules": N_("Working rules"),
    "counting_committee": N_("Counting committee"),
    "number_to_elect": N_("Number to elect"),
    "election_list": N_("Election list"),
    "withdrawal": N_("Withdrawal from the list"),
    "resolution": N_("Resolution of the congress"),
    "other": N_("Other question"),
}
CHOICE_NAMES = {
    "agree": N_("In favour"),
    "disagree": N_("Against"),
    "abstain": N_("Abstain"),
}
STATUS_NAMES = {
    "draft": N_("Not yet put to the vote"),
    "open": N_("Voting now"),
    "closed": N_("Closed"),
}

# The usual items, in their usual order (rules.md §1): kind, title, question. A delegate
# congress elects a credentials committee; a Party members' congress does not (rules.md §7).
USUAL = (
    (
        "presidium",
        "Đoàn Chủ tịch đại hội",
        "Đại hội biểu quyết thông qua danh sách Đoàn Chủ tịch đại hội.",
    ),
    (
        "secretariat",
        "Đoàn Thư ký đại hội",
        "Đại hội biểu quyết thông qua danh sách Đoàn Thư ký đại hội.",
    ),
    (
        "credentials_committee",
        "Ban Thẩm tra tư cách đại biểu",
        "Đại hội biểu quyết thông qua danh sách Ban Thẩm tra tư cách đại biểu.",
    ),
    (
        "programme",
        "Chương trình đại hội",
        "Đại hội biểu quyết thông qua Chương trình làm việc của đại hội.",
    ),
    (
        "working_rules",
        "Quy chế làm việc của đại hội",
        "Đại hội biểu quyết thông qua Quy chế làm việc của đại hội.",
    ),
    (
        "counting_committee",
        "Ban Kiểm phiếu",
        "Đại hội biểu quyết thông qua danh sách Ban Kiểm phiếu.",
    ),
)
CLOSING = (
    (
        "resolution",
        "Nghị quyết đại hội",
        "Đại hội biểu quyết thông qua Nghị quyết Đại hội.",
    ),
)


def number_to_elect(title: str, seats: int, alternates: int) -> tuple[str, str]:
    """The title and question of the motion on how many an election elects."""
    question = f"Đại hội biểu quyết thông qua số lượng {title}: {seats} người"
    if alternates:
        question += f", trong đó có {alternates} đại biểu dự khuyết"
    return f"Số lượng {title}", question + "."


def election_list(title: str, names: list[str]) -> tuple[str, str]:
    """The title and question of the motion on an election's list, with the names in order."""
    listed = "; ".join(f"{n}. {name}" for n, name in enumerate(names, start=1))
    question = (
        f"Đại hội biểu quyết thông qua danh sách bầu cử {title} gồm {len(names)} đồng chí: "
        f"{listed}."
    )
    return f"Danh sách bầu cử {title}", question


def kind(code: str) -> str:
    return gettext(KIND_NAMES.get(code, code))


def choice(code: str) -> str:
    return gettext(CHOICE_NAMES.get(code, code))


def status(code: str) -> str:
    return gettext(STATUS_NAMES.get(code, code))


def message(error) -> str:
    """A motion error's message, translated, with its coded parameters in words."""
    params = {key: str(value) for key, value in error.params.items()}
    if "kind" in params:
        params["kind"] = kind(params["kind"])
    return gettext(error.message, **params)


def result_line(result: dict) -> str:
    """ "72 / 98 tán thành (73,47%)": agree over B, never over the delegates who voted."""
    return gettext(
        "%(agree)s / %(base)s in favour (%(percent)s%%)",
        agree=result["counts"]["agree"],
        base=result["base"],
        percent=result["percent"]["agree"],
    )


def verdict(result: dict) -> str:
    if result["is_passed"]:
        return gettext(
            "Passed: more than half of B = %(base)s (at least %(threshold)s) in favour.",
            base=result["base"],
            threshold=result["threshold"],
        )
    return gettext(
        "Not passed: it needed more than half of B = %(base)s, at least %(threshold)s in favour.",
        base=result["base"],
        threshold=result["threshold"],
    )


def figures(result: dict) -> list[tuple[str, int, str]]:
    """Each answer with its count and its share of B, then those who did not vote."""
    rows = [
        (choice(code), result["counts"][code], result["percent"][code])
        for code in ("agree", "disagree", "abstain")
    ]
    rows.append((gettext("Did not vote"), result["not_voted"], ""))
    return rows
