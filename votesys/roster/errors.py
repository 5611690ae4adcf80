"""What can be wrong with the roll (danh sách đại biểu), and how to put it right.

``PROBLEMS`` gives each problem code of an import two English msgids: what is wrong, and how to fix
it. They are translated only when shown (``describe``), in the page's language or, on the command
line, in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from votesys.errors import N_, DomainError


@dataclass(frozen=True)
class Problem:
    """Something in a roll file that cannot be imported: where (row, column) and what (code).

    ``row`` is the spreadsheet's row (None for the whole file), ``column`` the header as written
    in the file, ``letter`` the spreadsheet's column letter ("" when the file has no such column).
    """

    row: int | None
    column: str
    code: str
    params: dict = field(default_factory=dict, compare=False)
    letter: str = ""

    def sort_key(self):
        return (self.row or 0, self.letter.rjust(3), self.code)


class RollRefused(DomainError):
    """The file had problems: nothing was imported. ``problems`` lists every one of them."""

    code = "roll_refused"
    status = 400
    message = N_(
        "The roll was not imported: %(count)s problem(s) found. Nothing was changed. Correct "
        "every problem listed and import the file again."
    )

    def __init__(self, problems: list) -> None:
        super().__init__(count=len(problems))
        self.problems = problems


ANY_DATE = N_("Write the date as day/month/year with four digits for the year, e.g. 20/05/1975.")
FIX_FLAG = N_("Write “Có” (or x) for yes, leave the cell empty or write “Không” for no.")

PROBLEMS: dict[str, tuple[str, str]] = {
    # The file as a whole.
    "file_too_large": (
        N_("The file is larger than %(limit_mb)s MB."),
        N_("Keep only the roll's sheet and columns, or split the roll into several files."),
    ),
    "old_excel": (
        N_("This is an old Excel file (.xls), which cannot be read safely."),
        N_("In Excel, choose File › Save As › Excel Workbook (.xlsx), then import that file."),
    ),
    "unknown_file_type": (
        N_("The file %(name)s is neither CSV nor XLSX."),
        N_("Save the roll from Excel as .xlsx, or as “CSV UTF-8 (comma delimited)”."),
    ),
    "empty_file": (
        N_("The file has no rows."),
        N_("Choose the file that holds the roll, with a header row and one row per delegate."),
    ),
    "not_utf8": (
        N_("The CSV file is not in UTF-8, so Vietnamese letters would be garbled."),
        N_("In Excel, choose File › Save As › “CSV UTF-8 (comma delimited)”, or import the .xlsx."),
    ),
    "bad_csv": (
        N_("The CSV file cannot be read near line %(line)s (%(detail)s)."),
        N_("Check the quotation marks on that line, or import the .xlsx instead."),
    ),
    "not_xlsx": (
        N_("The file is not a readable Excel workbook (.xlsx)."),
        N_("Open it in Excel and save it again as Excel Workbook (.xlsx)."),
    ),
    "no_header": (
        N_("No header row was found in the first %(rows)s rows."),
        N_("Put a header row above the delegates with at least the columns “STT” and “Họ và tên”."),
    ),
    "too_many_rows": (
        N_("The roll has more than %(limit)s delegates; the rest was not read."),
        N_("Check that the sheet holds only the roll; a congress has at most %(limit)s delegates."),
    ),
    # The header row.
    "duplicate_column": (
        N_("Two columns mean the same thing (%(meaning)s): this one and “%(first)s”."),
        N_("Keep one of the two columns and delete the other."),
    ),
    "missing_column": (
        N_("The column “%(vi)s” is missing."),
        N_("Add a column headed “%(vi)s” (or “%(en)s”) to the header row."),
    ),
    # One cell.
    "required": (
        N_("This cell is empty, but it is required."),
        N_("Fill it in for this delegate."),
    ),
    "became_date": (
        N_("Excel turned this cell into the date %(value)s."),
        N_("Format the column as Text in Excel, type the value again, and save."),
    ),
    "too_long": (
        N_("The text is %(length)s characters long; at most %(limit)s fit."),
        N_("Shorten it; put details in the “Ghi chú” column."),
    ),
    "name_part_too_long": (
        N_("A part of the name is too long (surname or given name over 60 characters)."),
        N_("Check that the cell holds one person's full name only."),
    ),
    "bad_gender": (
        N_("“%(value)s” is not a gender the roll knows."),
        N_("Write “Nam” or “Nữ”."),
    ),
    "bad_how_came": (
        N_("“%(value)s” does not say how the delegate came."),
        N_("Write “Đương nhiên” (a member of the convening committee) or “Được bầu” (elected)."),
    ),
    "bad_official": (
        N_("“%(value)s” is neither official nor alternate."),
        N_("Write “Chính thức” or “Dự khuyết” (an empty cell means official)."),
    ),
    "bad_flag": (N_("“%(value)s” is not a yes or a no."), FIX_FLAG),
    "unknown_unit": (
        N_("The unit “%(value)s” is not a unit of this congress."),
        N_("Write the unit's name as it is set up for the congress (see the Congress page)."),
    ),
    "unknown_unit_close": (
        N_("The unit “%(value)s” is not a unit of this congress."),
        N_("Did you mean “%(closest)s”? Write the name exactly as set up for the congress."),
    ),
    "bad_date": (N_("“%(value)s” is not a date."), ANY_DATE),
    "no_such_date": (N_("The date %(value)s does not exist."), ANY_DATE),
    "date_in_future": (
        N_("The date %(value)s is in the future."),
        N_("Check the year and the order day/month/year."),
    ),
    "date_too_early": (
        N_("The date %(value)s is before 1900."),
        N_("Check the year: write all four digits."),
    ),
    "too_young": (
        N_("Born on %(value)s, the delegate would be under %(age)s."),
        N_("Check the birth date; a Party member is at least %(age)s years old."),
    ),
    "not_whole_number": (
        N_("“%(value)s” is not a whole number."),
        N_("Write the delegate's number in digits only, e.g. 57."),
    ),
    "number_out_of_range": (
        N_("The number %(value)s is out of range."),
        N_("Use a number from 1 to %(limit)s."),
    ),
    "duplicate_number": (
        N_("Number %(number)s is also on row %(first_row)s."),
        N_("Give each delegate a different number; a number identifies one delegate."),
    ),
    # Between fields, and against the roll already stored.
    "missing_for_new": (
        N_("Number %(number)s is a new delegate, but the file has no column “%(vi)s”."),
        N_("Add the column “%(vi)s” and fill it in for every new delegate."),
    ),
    "other_person": (
        N_(
            "Number %(number)s is %(name)s, born %(born)s, on the roll; this row gives a different "
            "person."
        ),
        N_(
            "Numbers identify delegates (their cards and check-ins follow the number). Check the "
            "number, or give the new person a number not yet used."
        ),
    ),
    "duplicate_person": (
        N_("%(name)s, born %(born)s, is also number %(other)s."),
        N_("Keep one number for this person; if the roll was renumbered, keep the old numbers."),
    ),
    "joined_before_born": (
        N_("The delegate joined the Party (%(joined)s) before being born (%(born)s)."),
        N_("Check both dates and the order day/month/year."),
    ),
    "joined_under_18": (
        N_("The delegate joined the Party (%(joined)s) before turning %(age)s."),
        N_("Check both dates; a person joins the Party at %(age)s at the earliest."),
    ),
    "official_before_joined": (
        N_("The official membership date (%(official)s) is before joining (%(joined)s)."),
        N_("Check both dates: a member becomes official after the reserve period."),
    ),
    "reserve_with_official_date": (
        N_("A reserve member cannot have an official membership date (%(official)s)."),
        N_("Either clear “Đảng viên dự bị” or clear “Ngày chính thức”."),
    ),
    "seated_for_official": (
        N_("An official delegate cannot be seated in place of number %(seat)s."),
        N_("Only an alternate (“Dự khuyết”) takes an absent delegate's seat: fix one of the two."),
    ),
    "seated_for_self": (
        N_("The delegate is seated in place of themself."),
        N_("Write the number of the absent official delegate, or clear the cell."),
    ),
    "seated_for_unknown": (
        N_("There is no delegate number %(seat)s to be seated for."),
        N_("Write the number of the absent official delegate as it is on the roll."),
    ),
    "seated_for_not_official": (
        N_("Number %(seat)s is an alternate, so nobody can be seated in their place."),
        N_("Write the number of the absent official delegate."),
    ),
    "seated_for_not_replaced": (
        N_("Number %(seat)s is not marked absent and replaced by an alternate."),
        N_("For number %(seat)s, write “Có” in “Vắng cả đại hội” and in “Có dự khuyết thay”."),
    ),
    "seated_twice": (
        N_("Number %(other)s is already seated in place of number %(seat)s."),
        N_("One alternate per absent delegate: clear this cell or the other one."),
    ),
    "replaced_without_alternate": (
        N_("Number %(number)s is marked replaced, but no alternate is seated in their place."),
        N_("Write %(number)s in “Thay cho đại biểu số” on the alternate's row, or clear the mark."),
    ),
    "alternate_by_right": (
        N_("An alternate cannot attend by right."),
        N_("Delegates by right are official: fix “Đương nhiên / Được bầu” or “Chính thức”."),
    ),
    "reason_accepted_not_absent": (
        N_("The absence reason is accepted, but the delegate is not absent."),
        N_("Write “Có” in “Vắng cả đại hội”, or clear “Lý do được chấp nhận”."),
    ),
    "replaced_not_absent": (
        N_("The delegate is replaced by an alternate but is not absent."),
        N_("Write “Có” in “Vắng cả đại hội”, or clear “Có dự khuyết thay”."),
    ),
    "replaced_alternate": (
        N_("An alternate cannot be replaced by another alternate."),
        N_("Only an official delegate's seat is taken by an alternate: clear the mark."),
    ),
    "convening_member_replaced": (
        N_("A member of the convening committee (by right) cannot be replaced by an alternate."),
        N_("Clear “Có dự khuyết thay”: an absent member by right is subtracted from the base."),
    ),
}


def describe(problem, translate: Callable[..., str]) -> tuple[str, str]:
    """(what is wrong, how to fix it) in the language of ``translate`` (a gettext)."""
    what, fix = PROBLEMS[problem.code]
    params = {key: str(value) for key, value in problem.params.items()}
    return translate(what, **params), translate(fix, **params)
