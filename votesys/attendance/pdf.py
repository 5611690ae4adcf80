"""The credentials report as a PDF, A4, always in Vietnamese (báo cáo thẩm tra tư cách đại biểu).

It lays out the same ``document.Document`` as the page, with the DejaVu fonts of the shared
``vietnamese_pdf()`` (VOTESYS_FONT_DIR overrides where they are), so every Vietnamese letter prints
and ``pdftotext`` reads it back. Made in memory; the server keeps no copy.
"""

from __future__ import annotations

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from votesys.attendance.document import Document, Line, Section
from votesys.attendance.errors import ReportFontMissing
from votesys.credentials.errors import FontMissing
from votesys.credentials.pdf import letterhead, vietnamese_pdf

LEFT, RIGHT, TOP, BOTTOM = 20.0, 15.0, 15.0, 18.0
WIDTH = 210.0 - LEFT - RIGHT
BOLD = FontFace(emphasis="BOLD")
SIGN_SPACE = 28.0
NEXT = {"new_x": "LMARGIN", "new_y": "NEXT"}  # after a cell: back to the margin, next line


def report_pdf(document: Document) -> bytes:
    """The report's PDF bytes. Call inside ``force_locale("vi")`` (labels are translated)."""
    try:
        pdf = vietnamese_pdf()
    except FontMissing as error:
        raise ReportFontMissing(path=error.params["path"]) from error
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.set_title(document.title.capitalize())
    footer = document.as_of
    # FPDF calls self.footer() on each page break and at the end: the figures' time on every page.
    pdf.footer = lambda: _footer(pdf, footer)
    pdf.add_page()
    _heading(pdf, document)
    for index, section in enumerate(document.sections):
        _section(pdf, section)
        if index == 0:
            _absences(pdf, document)
            _seated(pdf, document)
    _signature(pdf, document)
    return bytes(pdf.output())


def _heading(pdf: FPDF, document: Document) -> None:
    letterhead(
        pdf,
        (LEFT, TOP, WIDTH),
        f"{document.organisation}\n{document.issuer}",
        _("COMMUNIST PARTY OF VIETNAM"),
        document.dated,
    )
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(WIDTH, 7, document.title, align="C", **NEXT)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(WIDTH, 5.5, document.congress, align="C", **NEXT)
    pdf.ln(5)


def _section(pdf: FPDF, section: Section) -> None:
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(WIDTH, 7, section.title, **NEXT)
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(
        col_widths=(110, 25, 30),
        text_align=("LEFT", "RIGHT", "RIGHT"),
        headings_style=BOLD,
        line_height=5.5,
        width=WIDTH,
    ) as table:
        heading = table.row()
        for label in (_("Item"), _("Number"), _("Share")):
            heading.cell(label)
        for line in section.lines:
            _line(table.row(), line)
    pdf.ln(3)


def _line(row, line: Line) -> None:
    label = ("    – " * line.indent) + line.label
    if line.text:
        row.cell(f"{label}: {line.text}", colspan=3)
    elif line.count is None:
        row.cell(label, colspan=3, style=BOLD)
    else:
        row.cell(label)
        row.cell(str(line.count))
        row.cell(line.percent)


def _absences(pdf: FPDF, document: Document) -> None:
    if not document.absences:
        return
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(WIDTH, 6, _("Absent delegates and their reasons"), **NEXT)
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(
        col_widths=(15, 70, 80),
        text_align=("RIGHT", "LEFT", "LEFT"),
        headings_style=BOLD,
        line_height=5.5,
        width=WIDTH,
    ) as table:
        heading = table.row()
        for label in (_("No."), _("Full name"), _("Reason")):
            heading.cell(label)
        for absence in document.absences:
            row = table.row()
            row.cell(str(absence.number))
            row.cell(absence.full_name)
            row.cell(absence.reason)
    pdf.ln(3)


def _seated(pdf: FPDF, document: Document) -> None:
    pdf.set_font("DejaVu", "", 10)
    for text in document.seated:
        pdf.multi_cell(WIDTH, 5.5, text, **NEXT)
    if document.seated:
        pdf.ln(3)


def _signature(pdf: FPDF, document: Document) -> None:
    if pdf.get_y() + 12 + SIGN_SPACE > pdf.h - BOTTOM:
        pdf.add_page()
    half = WIDTH / 2
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 10)
    for text in (document.signer, document.signer_role):
        pdf.set_x(LEFT + half)
        pdf.multi_cell(half, 5, text, align="C", **NEXT)


def _footer(pdf: FPDF, text: str) -> None:
    pdf.set_y(-12)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(90)
    page = _("Page %(page)s", page=pdf.page_no())
    pdf.cell(WIDTH, 5, f"{text} · {page}", align="C")
    pdf.set_text_color(0)
