"""The congress's settings for every GAP of rules.md (thiết lập của đại hội).

Where the regulation (Quy chế bầu cử trong Đảng, QC190) is silent, rules.md makes the rule a
setting with a default, and the minutes (biên bản kiểm phiếu) print the setting used. Each GAP is
one named field here; ``describe()`` gives the (code, value) pairs the minutes print.

This module also holds the rules package's error shape: a list of problems, each a code with
parameters. The core never writes messages; the shells turn codes into words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any, Self

# rules.md §2: order of candidates who share a given name (tên). "manual": the convening
# committee fixes their order itself and the list says so.
SAME_GIVEN_NAME_ORDERS = ("surname_middle_birth", "manual")
# rules.md §5: tie across a cut-off. Only the re-ballot is offered: any other way of breaking a
# tie needs a decision of the congress, which is a new ballot (rules.md: "never by sort order").
TIE_RULES = ("reballot",)
# rules.md §5: rounding of the percentage of B (tỷ lệ phần trăm).
PERCENT_ROUNDINGS = ("half_up", "truncate")
# rules.md §5: alternates (dự khuyết) on the officials' ballot, or on a ballot of their own.
ALTERNATES_BALLOTS = ("same_ballot", "separate_ballot")

_CHOICES = {
    "same_given_name_order": SAME_GIVEN_NAME_ORDERS,
    "tie_rule": TIE_RULES,
    "percent_rounding": PERCENT_ROUNDINGS,
    "alternates_ballot": ALTERNATES_BALLOTS,
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: a stable code and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


class RulesError(Exception):
    """Every problem found in one input, not just the first. ``code``/``params``: the first."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.problems: tuple[Problem, ...] = (Problem(code, params),)
        super().__init__(code)

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> Self:
        """The error listing ``problems`` (at least one)."""
        found = tuple(problems)
        error = cls(found[0].code, **found[0].params)
        error.problems = found
        return error

    @property
    def code(self) -> str:
        return self.problems[0].code

    @property
    def params(self) -> Mapping[str, Any]:
        return self.problems[0].params

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(problem.code for problem in self.problems)

    def __str__(self) -> str:
        return "; ".join(f"{p.code} {dict(p.params)}" for p in self.problems)


class BadSettings(RulesError):
    """The congress's settings are not ones this software knows."""


@dataclass(frozen=True)
class RuleSettings:
    """The congress's choice for each GAP of rules.md (§2, §4, §5, §8), with the defaults."""

    same_given_name_order: str = "surname_middle_birth"
    is_all_disagree_valid: bool = True
    tie_rule: str = "reballot"
    percent_rounding: str = "half_up"
    alternates_ballot: str = "same_ballot"
    quorum: Fraction | None = None

    def __post_init__(self) -> None:
        problems = [*_choice_problems(self), *_typed_problems(self)]
        if problems:
            raise BadSettings.of(problems)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values; the quorum as a fraction string ("2/3") or None."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["quorum"] = None if self.quorum is None else str(self.quorum)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSettings:
        """Settings from ``to_dict()``'s shape; a missing key takes its default."""
        if not isinstance(data, Mapping):
            raise BadSettings("settings_not_a_mapping")
        known = {f.name for f in fields(cls)}
        unknown = [Problem("unknown_setting", {"name": k}) for k in data if k not in known]
        values = dict(data)
        quorum_problems = _parse_quorum(values)
        try:
            settings = cls(**{k: v for k, v in values.items() if k in known})
        except BadSettings as error:
            raise BadSettings.of([*unknown, *quorum_problems, *error.problems]) from None
        if unknown or quorum_problems:
            raise BadSettings.of([*unknown, *quorum_problems])
        return settings

    def describe(self) -> tuple[tuple[str, str], ...]:
        """(code, value) pairs, in field order, for the minutes to print (rules.md preamble)."""
        return tuple((name, _describe_value(value)) for name, value in self.to_dict().items())


def _choice_problems(settings: RuleSettings) -> list[Problem]:
    problems = []
    for name, allowed in _CHOICES.items():
        value = getattr(settings, name)
        if not isinstance(value, str) or value not in allowed:
            problems.append(
                Problem("setting_not_allowed", {"name": name, "value": value, "allowed": allowed})
            )
    return problems


def _typed_problems(settings: RuleSettings) -> list[Problem]:
    problems = []
    if not isinstance(settings.is_all_disagree_valid, bool):
        problems.append(
            Problem("setting_not_a_boolean", {"name": "is_all_disagree_valid"}),
        )
    quorum = settings.quorum
    if quorum is not None and not isinstance(quorum, Fraction):
        problems.append(Problem("quorum_not_a_fraction", {"value": quorum}))
    elif quorum is not None and not 0 < quorum <= 1:
        problems.append(Problem("quorum_out_of_range", {"value": str(quorum)}))
    return problems


def _parse_quorum(values: dict[str, Any]) -> list[Problem]:
    """Turn a "2/3" string into a Fraction in place; floats are refused (exact numbers only)."""
    raw = values.get("quorum")
    if raw is None or isinstance(raw, Fraction):
        return []
    if isinstance(raw, str):
        try:
            values["quorum"] = Fraction(raw)
            return []
        except (ValueError, ZeroDivisionError):
            pass
    values["quorum"] = None
    return [Problem("quorum_not_a_fraction", {"value": raw})]


def _describe_value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


DEFAULT_SETTINGS = RuleSettings()
