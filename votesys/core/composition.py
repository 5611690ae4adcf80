"""The figures of the credentials report (báo cáo thẩm tra tư cách đại biểu, rules.md §7).

From the summoned delegates (đại biểu được triệu tập) and the congress's opening date: summoned,
present and absent (with reasons), how they came (by right or elected), and the composition (cơ
cấu): women, ethnic minorities, age, years of Party membership (tuổi Đảng), education and political
theory levels, the youngest and the oldest. Every share's denominator is the number summoned.

Ages and years of membership are whole years completed on the reference date (a birthday not yet
reached that year counts one less; born 29 February: one more year on 1 March in common years).
Age bands: under 35, 35-45, 46-55, 56-60, over 60. Membership bands: under 10, 10-20, 21-30, over
30 years, counted from ``joined_party_on`` (ngày vào Đảng) as given; unknown dates counted apart.
Ethnic minority (dân tộc thiểu số): an ethnicity other than "Kinh" (ignoring case and accents);
a blank ethnicity is unknown and not counted as a minority.

Numbers are exact: percentages are Fractions; ``percent_text`` and ``decimal_text`` print them
with a decimal comma, rounded half up (away from zero). No floats anywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from votesys.core.names import fold

GENDERS = ("female", "male")
HOW_CAME = ("by_right", "elected")
AGE_BANDS = (("under_35", 0, 34), ("35_45", 35, 45), ("46_55", 46, 55), ("56_60", 56, 60))
AGE_TOP_BAND = "over_60"
PARTY_BANDS = (("under_10", 0, 9), ("10_20", 10, 20), ("21_30", 21, 30))
PARTY_TOP_BAND = "over_30"


class BadPerson(ValueError):
    """A person record the report cannot use; ``field`` and ``number`` say which."""

    def __init__(self, code: str, field: str, number: int) -> None:
        super().__init__(code, field, number)
        self.code = code
        self.field = field
        self.number = number


@dataclass(frozen=True)
class Person:
    """A summoned delegate as the credentials committee sees them (đại biểu)."""

    number: int
    full_name: str
    gender: str
    birth_date: date
    ethnicity: str
    joined_party_on: date | None
    education: str
    political_theory: str
    how_came: str
    is_present: bool
    absence_reason: str = ""


@dataclass(frozen=True)
class Share:
    """A count and its share of the summoned (số lượng, tỷ lệ); key names the group."""

    key: str
    count: int
    of: int

    @property
    def percent(self) -> Fraction | None:
        return Fraction(100 * self.count, self.of) if self.of else None

    @property
    def percent_text(self) -> str:
        return percent_text(self.count, self.of) if self.of else ""


@dataclass(frozen=True)
class Absentee:
    """A delegate absent (vắng mặt), with the reason given."""

    number: int
    full_name: str
    reason: str


@dataclass(frozen=True)
class PersonAge:
    number: int
    full_name: str
    birth_date: date
    age: int


@dataclass(frozen=True)
class Composition:
    """The credentials report's figures (số liệu báo cáo thẩm tra tư cách đại biểu)."""

    reference_date: date
    summoned: int
    present: Share
    absent: Share
    absentees: tuple[Absentee, ...]
    how_came: tuple[Share, ...]
    women: Share
    ethnic_minorities: Share
    age_bands: tuple[Share, ...]
    average_age: Fraction | None
    youngest: tuple[PersonAge, ...]
    oldest: tuple[PersonAge, ...]
    party_years_bands: tuple[Share, ...]
    party_years_unknown: int
    education: tuple[Share, ...]
    political_theory: tuple[Share, ...]


def decimal_text(value: Fraction | int, places: int) -> str:
    """``value`` with ``places`` decimals, rounded half up (away from zero), decimal comma."""
    value = Fraction(value)
    scale = 10**places
    units = (abs(value) * scale * 2 + 1) // 2
    sign = "-" if value < 0 and units else ""
    whole, decimals = divmod(units, scale)
    if not places:
        return f"{sign}{whole}"
    return f"{sign}{whole},{decimals:0{places}d}"


def percent_text(numerator: Fraction | int, denominator: Fraction | int) -> str:
    """numerator / denominator in percent, two decimals: percent_text(20, 21) == "95,24"."""
    if isinstance(numerator, float) or isinstance(denominator, float):
        raise TypeError("floats are not allowed")
    if denominator <= 0:
        raise ValueError("denominator_not_positive")
    return decimal_text(Fraction(numerator) * 100 / Fraction(denominator), 2)


def years_between(start: date, on: date) -> int:
    """Whole years completed from ``start`` to ``on`` (tuổi tròn)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def _band(years: int, bands: tuple[tuple[str, int, int], ...], top: str) -> str:
    for key, low, high in bands:
        if low <= years <= high:
            return key
    return top


def _band_shares(keys: list[str], bands, top: str, of: int) -> tuple[Share, ...]:
    counts = Counter(keys)
    order = [key for key, _, _ in bands] + [top]
    return tuple(Share(key=key, count=counts[key], of=of) for key in order)


def _level_shares(labels: Iterable[str], of: int) -> tuple[Share, ...]:
    """Free-text levels counted, most frequent first, then by label (blank is unspecified)."""
    counts = Counter(" ".join(label.split()) for label in labels)
    order = sorted(counts, key=lambda label: (-counts[label], fold(label), label))
    return tuple(Share(key=label, count=counts[label], of=of) for label in order)


def _check(person: Person, reference_date: date) -> None:
    if person.gender not in GENDERS:
        raise BadPerson("bad_gender", "gender", person.number)
    if person.how_came not in HOW_CAME:
        raise BadPerson("bad_how_came", "how_came", person.number)
    if person.birth_date > reference_date:
        raise BadPerson("born_after_reference", "birth_date", person.number)
    if person.joined_party_on and person.joined_party_on > reference_date:
        raise BadPerson("joined_after_reference", "joined_party_on", person.number)


def _ages(people: list[Person], on: date) -> list[PersonAge]:
    return [
        PersonAge(p.number, p.full_name, p.birth_date, years_between(p.birth_date, on))
        for p in people
    ]


def _extremes(ages: list[PersonAge]) -> tuple[tuple[PersonAge, ...], tuple[PersonAge, ...]]:
    """The youngest and the oldest by birth date; everyone born on that same day is listed."""
    if not ages:
        return (), ()
    latest = max(a.birth_date for a in ages)
    earliest = min(a.birth_date for a in ages)
    youngest = tuple(a for a in ages if a.birth_date == latest)
    oldest = tuple(a for a in ages if a.birth_date == earliest)
    return youngest, oldest


def _absentees(people: list[Person]) -> tuple[Absentee, ...]:
    absent = sorted((p for p in people if not p.is_present), key=lambda p: p.number)
    return tuple(Absentee(p.number, p.full_name, p.absence_reason) for p in absent)


def _party_years(people: list[Person], on: date) -> tuple[tuple[Share, ...], int]:
    known = [years_between(p.joined_party_on, on) for p in people if p.joined_party_on]
    keys = [_band(years, PARTY_BANDS, PARTY_TOP_BAND) for years in known]
    bands = _band_shares(keys, PARTY_BANDS, PARTY_TOP_BAND, len(people))
    return bands, len(people) - len(known)


def composition(people: Iterable[Person], reference_date: date) -> Composition:
    """The credentials report's figures for the summoned ``people`` on the opening date."""
    people = list(people)
    for person in people:
        _check(person, reference_date)
    n = len(people)
    ages = _ages(people, reference_date)
    youngest, oldest = _extremes(ages)
    absentees = _absentees(people)
    party_bands, party_unknown = _party_years(people, reference_date)
    age_keys = [_band(a.age, AGE_BANDS, AGE_TOP_BAND) for a in ages]
    return Composition(
        reference_date=reference_date,
        summoned=n,
        present=Share("present", n - len(absentees), n),
        absent=Share("absent", len(absentees), n),
        absentees=absentees,
        how_came=tuple(Share(key, sum(p.how_came == key for p in people), n) for key in HOW_CAME),
        women=Share("female", sum(p.gender == "female" for p in people), n),
        ethnic_minorities=Share("minority", sum(_is_minority(p.ethnicity) for p in people), n),
        age_bands=_band_shares(age_keys, AGE_BANDS, AGE_TOP_BAND, n),
        average_age=Fraction(sum(a.age for a in ages), n) if n else None,
        youngest=youngest,
        oldest=oldest,
        party_years_bands=party_bands,
        party_years_unknown=party_unknown,
        education=_level_shares((p.education for p in people), n),
        political_theory=_level_shares((p.political_theory for p in people), n),
    )


def _is_minority(ethnicity: str) -> bool:
    folded = fold(ethnicity)
    return bool(folded) and folded != "kinh"
