"""The credentials report as a document (báo cáo thẩm tra tư cách đại biểu): its heading, its
sections and their lines, with their labels, built once and rendered twice (the page and the PDF),
so that both say exactly the same thing.

Call ``build`` inside ``force_locale("vi")``: the signed document is in Vietnamese whatever the
viewer's language. At a Party-member congress (a cell's) the convening committee reports instead
of a credentials committee (rules.md §7), and the words change with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _

from votesys.attendance.queries import Report
from votesys.core.composition import Share, decimal_text
from votesys.errors import N_

AGE_LABELS = {
    "under_35": N_("Under 35"),
    "35_45": N_("35 to 45"),
    "46_55": N_("46 to 55"),
    "56_60": N_("56 to 60"),
    "over_60": N_("Over 60"),
}
PARTY_LABELS = {
    "under_10": N_("Under 10 years"),
    "10_20": N_("10 to 20 years"),
    "21_30": N_("21 to 30 years"),
    "over_30": N_("Over 30 years"),
}


@dataclass(frozen=True)
class Line:
    """One line of a section: a label, a count and its share of the summoned (or a text)."""

    label: str
    count: int | None = None
    percent: str = ""  # "95,24%": two decimals, decimal comma, rounded half up
    text: str = ""
    indent: int = 0
    key: str = ""  # a stable name for tests and styling


@dataclass(frozen=True)
class Section:
    title: str
    lines: list[Line]


@dataclass(frozen=True)
class Absence:
    number: int
    full_name: str
    reason: str


@dataclass(frozen=True)
class Document:
    issuer: str  # the committee that signs
    organisation: str
    title: str
    congress: str
    dated: str
    as_of: str
    sections: list[Section]
    absences: list[Absence]
    seated: list[str]
    signer: str
    signer_role: str


def build(report: Report, now: dt.datetime) -> Document:
    """The document for ``report``, with its figures as of ``now`` (local time)."""
    congress = report.congress
    is_delegate = congress.kind == "delegate"
    return Document(
        issuer=_("CREDENTIALS COMMITTEE") if is_delegate else _("CONVENING COMMITTEE"),
        organisation=congress.organisation.upper(),
        title=(
            _("REPORT ON THE CREDENTIALS OF DELEGATES")
            if is_delegate
            else _("REPORT ON THE PARTY MEMBERS ATTENDING THE CONGRESS")
        ),
        congress=congress.name,
        dated=_(
            "day %(day)s month %(month)s year %(year)s",
            day=f"{now.day:02d}",
            month=f"{now.month:02d}",
            year=now.year,
        ),
        as_of=_(
            "Figures as of %(time)s on %(date)s.",
            time=now.strftime("%H:%M"),
            date=now.strftime("%d/%m/%Y"),
        ),
        sections=[_numbers(report, is_delegate), _composition(report, is_delegate)],
        absences=[
            Absence(d.number, d.full_name, reason or _("No reason recorded"))
            for d, reason in report.absentees
        ],
        seated=[
            _(
                "Alternate No. %(number)s, %(name)s, sits in place of delegate No. %(for_number)s.",
                number=s.delegate.number,
                name=s.delegate.full_name,
                for_number=s.for_number,
            )
            for s in report.seated
        ],
        signer=(
            _("ON BEHALF OF THE CREDENTIALS COMMITTEE")
            if is_delegate
            else _("ON BEHALF OF THE CONVENING COMMITTEE")
        ),
        signer_role=_("HEAD") if is_delegate else _("SECRETARY"),
    )


def _share(label: str, share: Share, indent: int = 0) -> Line:
    percent = f"{share.percent_text}%" if share.of else ""
    return Line(label, share.count, percent, indent=indent, key=share.key)


def _numbers(report: Report, is_delegate: bool) -> Section:
    figures = report.figures
    lines = [
        Line(
            _("Delegates summoned") if is_delegate else _("Party members summoned"),
            figures.summoned,
            key="summoned",
        )
    ]
    if is_delegate:
        by_right, elected = figures.how_came
        lines += [
            _share(_("Delegates by right (members of the convening committee)"), by_right, 1),
            _share(_("Elected delegates"), elected, 1),
        ]
    lines += [_share(_("Present"), figures.present), _share(_("Absent"), figures.absent)]
    title = _("I. Delegates") if is_delegate else _("I. Party members")
    return Section(title, lines)


def _composition(report: Report, is_delegate: bool) -> Section:
    figures = report.figures
    lines = [
        _share(_("Women"), figures.women),
        _share(_("Ethnic minorities"), figures.ethnic_minorities),
        Line(_("Age"), key="age"),
        *(_share(_(AGE_LABELS[s.key]), s, 1) for s in figures.age_bands),
        Line(_("Average age"), text=_average(figures.average_age), key="average_age"),
        Line(_("Youngest"), text=_people(figures.youngest), key="youngest"),
        Line(_("Oldest"), text=_people(figures.oldest), key="oldest"),
        Line(_("Years of Party membership"), key="party_years"),
        *(_share(_(PARTY_LABELS[s.key]), s, 1) for s in figures.party_years_bands),
    ]
    if figures.party_years_unknown:
        unknown = Share("unknown", figures.party_years_unknown, figures.summoned)
        lines.append(_share(_("Date of joining the Party unknown"), unknown, 1))
    lines.append(Line(_("Education"), key="education"))
    lines += [_share(s.key or _("Not stated"), s, 1) for s in figures.education]
    lines.append(Line(_("Political theory"), key="political_theory"))
    lines += [_share(s.key or _("Not stated"), s, 1) for s in figures.political_theory]
    title = (
        _("II. Composition of the delegates")
        if is_delegate
        else _("II. Composition of the Party members")
    )
    return Section(title, lines)


def _average(value) -> str:
    return "" if value is None else _("%(years)s years", years=decimal_text(value, 1))


def _people(people) -> str:
    return "; ".join(
        _(
            "%(name)s (No. %(number)s), born %(born)s, %(age)s years old",
            name=p.full_name,
            number=p.number,
            born=p.birth_date.strftime("%d/%m/%Y"),
            age=p.age,
        )
        for p in people
    )
