"""Vietnamese personal names: splitting, order and search (họ tên, xếp theo vần A, B, C).

A Vietnamese full name is surname (họ), middle name (tên đệm, zero or more words) and given name
(tên, the last word). Lists and ballots are ordered by the given name "theo vần A, B, C"
(rules.md §2): a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, tones significant.

Collation. ICU's "vi" collator (checked with ICU 72) makes ă, â, đ, ê, ô, ơ, ư separate letters
after a, ă, d, e, o, ô, u (primary differences) and the tones secondary differences, in the order
ngang < huyền < hỏi < ngã < sắc < nặng (a à ả ã á ạ); case is tertiary. Letters therefore weigh
more than tones: Hùng < Hưng, Lan < Lâm < Lân, Hà < Hạ < Hải.

ICU compares the tone marks position by position, so the same syllable spelled with the tone on a
different vowel (the old "Thuỷ", "Hoà" and the new "Thủy", "Hòa") sorts differently: ICU puts
Thuỷ (hỏi) before Thùy (huyền). Both spellings are in use on real rolls, so each name part is
compared as (ICU primary key of the name without tone marks, the tone of each word): ICU decides
the letters, the tone of each word decides ties, wherever the mark sits. Case is ignored.

Ties on the given name: GAP (rules.md §2); the default is then surname, then middle name, then the
earlier birth date; a person whose birth date is unknown comes after those whose date is known.
People equal on all of these keep their input order (sorted() is stable).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import icu

T = TypeVar("T")

# Combining tone marks after NFD, in ICU's Vietnamese order (ngang, the unmarked tone, is 0).
TONE_MARKS = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}


class BadName(ValueError):
    """A name that cannot be used; ``code`` says why (``empty_name``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NameParts:
    """A full name split into họ (surname), tên đệm (middle, may be empty) and tên (given)."""

    surname: str
    middle: str
    given: str

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.surname, self.middle, self.given) if part)


def normalise_name(text: str) -> str:
    """NFC and single spaces, capitalisation kept (chuẩn hoá họ tên)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def split_name(full: str) -> NameParts:
    """Split a full name (họ tên): first word surname, last word given name, middle in between.

    A single word is a given name only. Raises BadName("empty_name") for blank input.
    """
    words = normalise_name(full).split(" ")
    if words == [""]:
        raise BadName("empty_name")
    if len(words) == 1:
        return NameParts(surname="", middle="", given=words[0])
    return NameParts(surname=words[0], middle=" ".join(words[1:-1]), given=words[-1])


@functools.cache
def _collator() -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    collator.setStrength(icu.Collator.PRIMARY)
    return collator


def _word_tone(word: str) -> int:
    """The tone (thanh điệu) of one syllable: the first tone mark found, 0 for ngang."""
    for char in word:
        if char in TONE_MARKS:
            return TONE_MARKS[char]
    return 0


def _strip_tones(decomposed: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if char not in TONE_MARKS)
    )


def part_key(text: str) -> tuple[bytes, tuple[int, ...]]:
    """Collation key of one name part: ICU's primary key without tones, then each word's tone."""
    decomposed = unicodedata.normalize("NFD", normalise_name(text))
    tones = tuple(_word_tone(word) for word in decomposed.split(" ") if word)
    return _collator().getSortKey(_strip_tones(decomposed)), tones


def sort_key(given: str, surname: str = "", middle: str = "", birth_date: date | None = None):
    """Key for sorted(): tên, then họ, then tên đệm, then earlier ngày sinh (unknown last)."""
    born = (0, birth_date) if birth_date is not None else (1,)
    return part_key(given), part_key(surname), part_key(middle), born


def full_name_sort_key(full_name: str, birth_date: date | None = None):
    """sort_key() of a full name (họ tên) as written on the roll."""
    parts = split_name(full_name)
    return sort_key(parts.given, parts.surname, parts.middle, birth_date)


def sort_people(items: Iterable[T], key: Callable[[T], str | tuple[str, date | None]]) -> list[T]:
    """Sort items in Vietnamese alphabetical order (xếp theo vần A, B, C).

    ``key(item)`` gives the full name, or a pair (full name, birth date or None).
    """

    def item_key(item: T):
        value = key(item)
        if isinstance(value, str):
            return full_name_sort_key(value)
        return full_name_sort_key(*value)

    return sorted(items, key=item_key)


def fold(text: str) -> str:
    """Search folding (bỏ dấu): lower case, no diacritics, đ → d, single spaces.

    fold("Nguyễn  Văn Ấn") == "nguyen van an".
    """
    lowered = unicodedata.normalize("NFC", text).lower().replace("đ", "d").replace("ð", "d")
    decomposed = unicodedata.normalize("NFD", lowered)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", bare).split())


def matches(query: str, text: str) -> bool:
    """Accent-insensitive search (tìm kiếm không dấu) by word prefixes.

    Every word of the query must be the start of some word of the text, in any order: "nguyen van
    an", "an", "van a" and "Nguyễn An" all find "Nguyễn Văn An"; "an" also finds "Nguyễn Văn Anh"
    but not "Phạm Thị Lan" (a word prefix, not a substring). An empty query matches everything.
    """
    words = fold(text).split(" ")
    return all(
        any(word.startswith(part) for word in words) for part in fold(query).split(" ") if part
    )
