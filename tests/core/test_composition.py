"""The credentials report's figures (rules.md §7), worked by hand on seven delegates."""

from datetime import date
from fractions import Fraction

import pytest

from votesys.core.composition import (
    Absentee,
    BadPerson,
    Person,
    PersonAge,
    Share,
    composition,
    decimal_text,
    percent_text,
    years_between,
)

OPENING = date(2025, 10, 15)


def person(number, name, gender, born, ethnicity, joined, education, theory, how, reason=None):
    return Person(
        number=number,
        full_name=name,
        gender=gender,
        birth_date=born,
        ethnicity=ethnicity,
        joined_party_on=joined,
        education=education,
        political_theory=theory,
        how_came=how,
        is_present=reason is None,
        absence_reason=reason or "",
    )


def delegates():
    """Ages on 15 Oct 2025 and years in the Party, worked out by hand:

    1 Hoa   34 (birthday tomorrow)  9 y    5 Cường  61                     unknown
    2 Bình  35 (birthday today)    15 y    6 Én     45                     20 y
    3 Dũng  55                     30 y    7 Tâm    34 (born the same day as 1) 9 y
    4 Mai   60                     40 y
    """
    d = date
    return [
        person(1, "Nguyễn Thị Hoa", "female", d(1990, 10, 16), "Kinh", d(2015, 10, 16),
               "Thạc sĩ", "Cao cấp", "elected"),
        person(2, "Trần Văn Bình", "male", d(1990, 10, 15), "Tày", d(2010, 1, 1),
               "Đại học", "Trung cấp", "elected"),
        person(3, "Lò Văn Dũng", "male", d(1970, 2, 28), "Thái", d(1995, 10, 15),
               "Đại học", "Cao cấp", "by_right", reason="Ốm"),
        person(4, "Lê Thị Mai", "female", d(1965, 6, 1), "kinh ", d(1985, 6, 1),
               "Tiến sĩ", "Cao cấp", "by_right"),
        person(5, "Phạm Văn Cường", "male", d(1964, 10, 15), "KINH", None,
               "Đại học", "Cao cấp", "elected", reason="Đi công tác"),
        person(6, "Hà Thị Én", "female", d(1980, 3, 10), "Mường", d(2005, 3, 10),
               "Thạc sĩ", "Cao cấp", "elected"),
        person(7, "Đỗ Văn Tâm", "male", d(1990, 10, 16), "", d(2016, 1, 1),
               "Đại  học", "Trung cấp", "elected"),
    ]  # fmt: skip


@pytest.fixture
def report():
    return composition(reversed(delegates()), OPENING)


def test_attendance(report):
    """7 summoned, 5 present (71,43 %), absent 3 and 5 with their reasons."""
    assert report.summoned == 7
    assert report.present == Share("present", 5, 7)
    assert report.present.percent_text == "71,43"
    assert report.absent == Share("absent", 2, 7)
    assert report.absentees == (
        Absentee(3, "Lò Văn Dũng", "Ốm"),
        Absentee(5, "Phạm Văn Cường", "Đi công tác"),
    )


def test_how_they_came(report):
    assert report.how_came == (Share("by_right", 2, 7), Share("elected", 5, 7))


def test_women_and_minorities(report):
    """Women 1, 4, 6 → 3/7 = 42,857… %; minorities Tày, Thái, Mường → 3 ("kinh ", "KINH" are
    Kinh; a blank ethnicity is unknown, not a minority)."""
    assert report.women == Share("female", 3, 7)
    assert report.women.percent == Fraction(300, 7)
    assert report.women.percent_text == "42,86"
    assert report.ethnic_minorities == Share("minority", 3, 7)


def test_age_bands_and_average(report):
    """Ages 34, 35, 55, 60, 61, 45, 34: sum 324, average 324/7 = 46,285… → "46,3"."""
    assert report.age_bands == (
        Share("under_35", 2, 7),
        Share("35_45", 2, 7),
        Share("46_55", 1, 7),
        Share("56_60", 1, 7),
        Share("over_60", 1, 7),
    )
    assert report.average_age == Fraction(324, 7)
    assert decimal_text(report.average_age, 1) == "46,3"


def test_youngest_and_oldest(report):
    """Two share the latest birth date: both are listed, by input order."""
    assert report.youngest == (
        PersonAge(7, "Đỗ Văn Tâm", date(1990, 10, 16), 34),
        PersonAge(1, "Nguyễn Thị Hoa", date(1990, 10, 16), 34),
    )
    assert report.oldest == (PersonAge(5, "Phạm Văn Cường", date(1964, 10, 15), 61),)


def test_party_membership_bands(report):
    """9, 9 → under 10; 15, 20 → 10-20; 30 → 21-30; 40 → over 30; one date unknown."""
    assert report.party_years_bands == (
        Share("under_10", 2, 7),
        Share("10_20", 2, 7),
        Share("21_30", 1, 7),
        Share("over_30", 1, 7),
    )
    assert report.party_years_unknown == 1


def test_levels_counted_most_frequent_first(report):
    """ "Đại  học" with two spaces counts as "Đại học"."""
    assert report.education == (
        Share("Đại học", 4, 7),
        Share("Thạc sĩ", 2, 7),
        Share("Tiến sĩ", 1, 7),
    )
    assert report.political_theory == (Share("Cao cấp", 5, 7), Share("Trung cấp", 2, 7))


def test_nobody_summoned():
    report = composition([], OPENING)
    assert (report.summoned, report.average_age, report.youngest) == (0, None, ())
    assert report.women.percent is None
    assert report.women.percent_text == ""


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [
        (20, 21, "95,24"),
        (1, 8, "12,50"),
        (1, 800, "0,13"),  # 0,125 rounds half up
        (1, 3, "33,33"),
        (2, 3, "66,67"),
        (0, 5, "0,00"),
        (5, 5, "100,00"),
        (Fraction(1, 2), 1, "50,00"),
        (1234, 1, "123400,00"),
    ],
)
def test_percent_text(numerator, denominator, text):
    assert percent_text(numerator, denominator) == text


def test_percent_text_refuses_floats_and_zero():
    with pytest.raises(TypeError):
        percent_text(0.5, 1)
    with pytest.raises(ValueError, match="denominator_not_positive"):
        percent_text(1, 0)


def test_decimal_text_signs_and_places():
    assert decimal_text(Fraction(-1, 8), 2) == "-0,13"
    assert decimal_text(Fraction(-1, 1000), 2) == "0,00"
    assert decimal_text(Fraction(5, 2), 0) == "3"
    assert decimal_text(Fraction(9995, 100), 1) == "100,0"


def test_years_between_birthdays():
    assert years_between(date(1990, 10, 16), OPENING) == 34
    assert years_between(date(1990, 10, 15), OPENING) == 35
    assert years_between(date(2000, 2, 29), date(2025, 2, 28)) == 24
    assert years_between(date(2000, 2, 29), date(2025, 3, 1)) == 25
    assert years_between(date(2000, 2, 29), date(2024, 2, 29)) == 24


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"gender": "f"}, "bad_gender", "gender"),
        ({"how_came": "appointed"}, "bad_how_came", "how_came"),
        ({"birth_date": date(2025, 10, 16)}, "born_after_reference", "birth_date"),
        ({"joined_party_on": date(2026, 1, 1)}, "joined_after_reference", "joined_party_on"),
    ],
)
def test_bad_person(change, code, field):
    good = delegates()[1]
    bad = Person(**{**good.__dict__, **change})
    with pytest.raises(BadPerson) as caught:
        composition([delegates()[0], bad], OPENING)
    assert (caught.value.code, caught.value.field, caught.value.number) == (code, field, 2)
