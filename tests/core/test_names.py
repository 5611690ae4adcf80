"""Vietnamese names: split, collation "theo vần A, B, C" (rules.md §2), search folding."""

import unicodedata
from datetime import date

import icu
import pytest

from votesys.core.names import (
    BadName,
    NameParts,
    fold,
    full_name_sort_key,
    matches,
    normalise_name,
    part_key,
    sort_key,
    sort_people,
    split_name,
)


def test_split_three_words():
    assert split_name("Nguyễn Văn An") == NameParts("Nguyễn", "Văn", "An")


def test_split_long_middle_and_whitespace():
    assert split_name("  Tôn  Nữ Thị\tMinh   Châu ") == NameParts("Tôn", "Nữ Thị Minh", "Châu")


def test_split_two_words_has_empty_middle():
    assert split_name("Lê Lợi") == NameParts("Lê", "", "Lợi")


def test_split_single_word_is_given_name_only():
    assert split_name("Hoa") == NameParts("", "", "Hoa")


def test_split_normalises_to_nfc_and_keeps_case():
    decomposed = unicodedata.normalize("NFD", "NGUYỄN thị ánh")
    parts = split_name(decomposed)
    assert parts == NameParts("NGUYỄN", "thị", "ánh")
    assert parts.given == "\u00e1nh"


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_split_empty_is_an_error_code(blank):
    with pytest.raises(BadName) as caught:
        split_name(blank)
    assert caught.value.code == "empty_name"


def test_full_and_normalise():
    assert split_name(" Trần   Hưng Đạo").full == "Trần Hưng Đạo"
    assert NameParts("", "", "Hoa").full == "Hoa"
    assert normalise_name(" a \u00a0 b ") == "a b"


def given_order(names):
    return sorted(names, key=lambda name: sort_key(name))


def test_given_names_in_vietnamese_alphabetical_order():
    """a < ă < â, d < đ, o < ô < ơ, u < ư; a letter weighs more than a tone."""
    expected = [
        "An", "Anh", "Ánh", "Ân", "Bình", "Dung", "Dũng", "Đạt", "Gấm", "Giang",
        "Hà", "Hạ", "Hải", "Hùng", "Hưng", "Lan", "Lâm", "Lân", "Oanh", "Ôn", "Ơn",
        "Uyên", "Ước", "Vân", "Xuân", "Yến",
    ]  # fmt: skip
    assert given_order(reversed(expected)) == expected
    assert given_order(sorted(expected)) == expected


def test_each_modified_letter_follows_its_base():
    pairs = [("a", "ă"), ("ă", "â"), ("d", "đ"), ("e", "ê"), ("o", "ô"), ("ô", "ơ"), ("u", "ư")]
    for before, after in pairs:
        assert part_key(before + "z") < part_key(after), (before, after)
        assert part_key(before.upper()) < part_key(after), (before, after)


def test_tone_order_is_ngang_huyen_hoi_nga_sac_nang():
    expected = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert given_order(["mạ", "má", "mã", "mả", "mà", "ma"]) == expected


def test_icu_alone_uses_the_same_tone_order():
    """Documents what ICU's "vi" collator does with tones on a fixed tone position."""
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    words = ["mại", "mái", "mãi", "mải", "mài", "mai"]
    assert sorted(words, key=collator.getSortKey) == ["mai", "mài", "mải", "mãi", "mái", "mại"]


def test_tone_position_does_not_change_the_order():
    """Thuỷ (old spelling) sorts with Thủy, between Thùy and Thũy; raw ICU puts it before Thùy."""
    assert part_key("Thuỷ") == part_key("Thủy")
    assert part_key("Hoà") == part_key("Hòa")
    names = ["Thụy", "Thuỷ", "Thúy", "Thùy", "Thuy", "Thũy"]
    assert given_order(names) == ["Thuy", "Thùy", "Thuỷ", "Thũy", "Thúy", "Thụy"]
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    assert collator.compare("Thuỷ", "Thùy") == -1


def test_case_is_ignored():
    assert part_key("ANH") == part_key("anh") == part_key("Anh")
    assert part_key("ĐẠT") == part_key("đạt")


def test_decomposed_input_sorts_like_composed():
    assert part_key(unicodedata.normalize("NFD", "Ước")) == part_key("Ước")


def test_same_given_name_then_surname():
    names = ["Nguyễn Văn An", "Lê Thị An", "Đỗ An", "Bùi Bá Anh"]
    ordered = sort_people(names, key=lambda name: name)
    assert ordered == ["Đỗ An", "Lê Thị An", "Nguyễn Văn An", "Bùi Bá Anh"]


def test_same_given_and_surname_then_middle():
    names = ["Trần Văn Bình", "Trần Thị Bình", "Trần Bình", "Trần Đức Bình"]
    ordered = sort_people(names, key=lambda name: name)
    assert ordered == ["Trần Bình", "Trần Đức Bình", "Trần Thị Bình", "Trần Văn Bình"]


def test_same_name_then_earlier_birth_date_and_unknown_last():
    people = [
        ("c", "Phạm Văn Cường", None),
        ("b", "Phạm Văn Cường", date(1975, 3, 2)),
        ("a", "Phạm Văn Cường", date(1970, 12, 31)),
    ]
    ordered = sort_people(people, key=lambda p: (p[1], p[2]))
    assert [p[0] for p in ordered] == ["a", "b", "c"]


def test_given_name_beats_birth_date_and_surname():
    assert full_name_sort_key("Ân Văn A", date(2000, 1, 1)) < full_name_sort_key(
        "An Văn B", date(1950, 1, 1)
    )


def test_full_ties_keep_input_order():
    people = [("first", "Lý Thị Mai"), ("second", "LÝ THỊ MAI")]
    assert sort_people(people, key=lambda p: p[1]) == people
    assert sort_people(people[::-1], key=lambda p: p[1]) == people[::-1]


def test_fold():
    assert fold("Nguyễn  Văn   Ấn") == "nguyen van an"
    assert fold("ĐẶNG Thị Ước") == "dang thi uoc"
    assert fold(unicodedata.normalize("NFD", "Đỗ Mười")) == "do muoi"
    assert fold("  ") == ""


@pytest.mark.parametrize(
    "query",
    ["nguyen van an", "an", "Nguyễn An", "van a", "NGUYEN", "an nguyen", "", "ng v a"],
)
def test_matches_finds(query):
    assert matches(query, "Nguyễn Văn An")


@pytest.mark.parametrize("query", ["lan", "nguyen van anh", "yen", "van b", "nguyenx"])
def test_matches_rejects(query):
    assert not matches(query, "Nguyễn Văn An")


def test_accented_query_is_folded_too():
    assert matches("Văn Ân", "nguyen van an")
    assert matches("ươc", "Lê Thị Ước")


def test_matches_is_word_prefix_not_substring():
    assert matches("an", "Nguyễn Văn Anh")
    assert not matches("an", "Phạm Thị Lan")
    assert matches("dang", "Đặng Thùy Trâm")
