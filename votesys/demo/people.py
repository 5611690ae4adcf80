"""Generated but realistic Vietnamese delegates: names, ages, Party years, schooling."""

from __future__ import annotations

import datetime as dt
import random

SURNAMES = [
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 4),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 2),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trương", 1),
    ("Lương", 1),
    ("Tạ", 1),
]
MIDDLE = {
    "male": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Trọng"],
    "female": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mai", "Bích", "Hồng"],
}
GIVEN = {
    "male": [
        "An",
        "Anh",
        "Bình",
        "Cường",
        "Dũng",
        "Đạt",
        "Đông",
        "Giang",
        "Hải",
        "Hào",
        "Hiếu",
        "Hòa",
        "Hùng",
        "Huy",
        "Khang",
        "Khánh",
        "Kiên",
        "Lâm",
        "Long",
        "Lộc",
        "Minh",
        "Nam",
        "Nghĩa",
        "Phong",
        "Phúc",
        "Quân",
        "Quang",
        "Sơn",
        "Tài",
        "Thắng",
        "Thành",
        "Thịnh",
        "Toàn",
        "Trí",
        "Trung",
        "Tuấn",
        "Tùng",
        "Việt",
        "Vinh",
        "Vũ",
        "Ước",
    ],
    "female": [
        "An",
        "Anh",
        "Ánh",
        "Bích",
        "Châu",
        "Chi",
        "Diệp",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hoa",
        "Hồng",
        "Huệ",
        "Hương",
        "Lan",
        "Liên",
        "Linh",
        "Loan",
        "Mai",
        "My",
        "Nga",
        "Ngân",
        "Nhung",
        "Oanh",
        "Ơn",
        "Phương",
        "Quyên",
        "Thảo",
        "Thủy",
        "Trang",
        "Tuyết",
        "Uyên",
        "Vân",
        "Xuân",
        "Yến",
    ],
}
ETHNICITIES = [("Kinh", 94), ("Hoa", 3), ("Khmer", 2), ("Tày", 1)]
EDUCATION = [("Thạc sĩ", 12), ("Đại học", 63), ("Cao đẳng", 10), ("Trung cấp", 10), ("12/12", 5)]
THEORY = [("Cao cấp", 18), ("Trung cấp", 62), ("Sơ cấp", 20)]


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def person(rng: random.Random, today: dt.date, taken: set[str]) -> dict:
    """One delegate's personal facts; full names are kept unique within the roll."""
    gender = "female" if rng.random() < 0.32 else "male"
    while True:
        surname = pick(rng, SURNAMES)
        name = f"{surname} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        if name not in taken:
            taken.add(name)
            break
    age = rng.randint(27, 62)
    birth = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    joined = _add_years(birth, rng.randint(21, min(age - 2, 35)), rng)
    return {
        "full_name": name,
        "gender": gender,
        "birth_date": birth,
        "ethnicity": pick(rng, ETHNICITIES),
        "joined_party_on": joined,
        "official_member_on": _add_years(joined, 1, rng),
        "education": pick(rng, EDUCATION),
        "political_theory": pick(rng, THEORY),
    }


def _add_years(day: dt.date, years: int, rng: random.Random) -> dt.date:
    return dt.date(day.year + years, rng.randint(1, 12), rng.randint(1, 28))
