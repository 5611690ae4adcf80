"""The minutes of the count as a PDF, A4, always in Vietnamese (biên bản kiểm phiếu).

It lays out the same ``document.Document`` as the page, with the DejaVu fonts of the shared
``vietnamese_pdf()`` (VOTESYS_FONT_DIR overrides where they are), so every Vietnamese letter prints
and ``pdftotext`` reads it back. Several documents (every counted round of the congress) go in
one file, each from a new page. Made in memory; the server keeps no copy.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from votesys.credentials.errors import FontMissing
from votesys.credentials.pdf import letterhead, vietnamese_pdf
from votesys.minutes.document import Document, Line, Paragraph, Section, Table
from votesys.minutes.errors import MinutesFontMissing

LEFT, RIGHT, TOP, BOTTOM = 20.0, 15.0, 15.0, 18.0
WIDTH = 210.0 - LEFT - RIGHT
BOLD = FontFace(emphasis="BOLD")
KEEP_WITH_TITLE = 30.0
SIGN_SPACE = 30.0  # room for a handwritten signature above the name
NEXT = {"new_x": "LMARGIN", "new_y": "NEXT"}  # after a cell: back to the margin, next line


def minutes_pdf(documents: Sequence[Document], title: str | None = None) -> bytes:
    """The PDF bytes of ``documents`` in order (``title``: the file's, by default "Minutes of
    the count"). Call inside ``force_locale("vi")``."""
    try:
        pdf = vietnamese_pdf()
    except FontMissing as error:
        raise MinutesFontMissing(path=error.params["path"]) from error
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.set_title(title or _("Minutes of the count"))
    current = {"footer": ""}
    # FPDF calls self.footer() at each page break and at the end: the round on every page.
    pdf.footer = lambda: _footer(pdf, current["footer"])
    for document in documents:
        current["footer"] = document.footer
        pdf.add_page()
        _document(pdf, document)
    return bytes(pdf.output())


def _document(pdf: FPDF, document: Document) -> None:
    _heading(pdf, document)
    for section in document.sections:
        _section(pdf, section)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(WIDTH, 5.5, document.closing, **NEXT)
    _signatures(pdf, document)


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
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(WIDTH, 5.5, document.subtitle, align="C", **NEXT)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(WIDTH, 5.5, document.congress, align="C", **NEXT)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(WIDTH, 5.5, document.opening, **NEXT)
    pdf.ln(2)


def _section(pdf: FPDF, section: Section) -> None:
    if pdf.get_y() + KEEP_WITH_TITLE > pdf.h - BOTTOM:
        pdf.add_page()  # a title never ends a page alone
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(WIDTH, 7, section.title, **NEXT)
    pending: list[Line] = []
    for block in section.blocks:
        if isinstance(block, Line) and not block.is_code:
            pending.append(block)
            continue
        _lines(pdf, pending)
        pending = []
        if isinstance(block, Line):
            _code(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Paragraph):
            pdf.set_font("DejaVu", "B" if block.is_strong else "", 10)
            pdf.multi_cell(WIDTH, 5.5, block.text, **NEXT)
            pdf.ln(1)
    _lines(pdf, pending)
    pdf.ln(2)


def _lines(pdf: FPDF, lines: list[Line]) -> None:
    if not lines:
        return
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(
        col_widths=(58, 42),
        text_align=("LEFT", "LEFT"),
        borders_layout="NONE",
        first_row_as_headings=False,
        line_height=5.5,
        width=WIDTH,
        padding=(0.5, 1),
    ) as table:
        for line in lines:
            row = table.row()
            row.cell(("      " * line.indent) + line.label)
            row.cell(line.value)


def _code(pdf: FPDF, line: Line) -> None:
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(WIDTH, 5.5, f"{line.label}:", **NEXT)
    pdf.set_font("DejaVuMono", "", 8.5)
    pdf.set_x(LEFT + 6)
    pdf.multi_cell(WIDTH - 6, 4.5, line.value, **NEXT)


def _table(pdf: FPDF, table_block: Table) -> None:
    pdf.set_font("DejaVu", "", 9.5)
    align = tuple("RIGHT" if numeric else "LEFT" for numeric in table_block.numeric)
    with pdf.table(
        col_widths=table_block.widths,
        text_align=align,
        headings_style=BOLD,
        line_height=5.5,
        width=WIDTH,
    ) as table:
        heading = table.row()
        for label in table_block.headings:
            heading.cell(label)
        for cells in table_block.rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(2)


def _signatures(pdf: FPDF, document: Document) -> None:
    """Two blocks a row, the head's last; a row never splits across pages."""
    half = WIDTH / 2
    pdf.ln(4)
    signers = list(document.signers)
    for start in range(0, len(signers), 2):
        pair = signers[start : start + 2]
        if pdf.get_y() + 10 + SIGN_SPACE > pdf.h - BOTTOM:
            pdf.add_page()
        top = pdf.get_y()
        for index, signer in enumerate(pair):
            x = LEFT + half * index if len(pair) == 2 else LEFT + half
            pdf.set_xy(x, top)
            pdf.set_font("DejaVu", "B", 10)
            pdf.cell(half, 5, signer.role, align="C")
            pdf.set_xy(x, top + 5 + SIGN_SPACE - 10)
            pdf.cell(half, 5, signer.name, align="C")
        pdf.set_y(top + SIGN_SPACE)


def _footer(pdf: FPDF, text: str) -> None:
    pdf.set_y(-12)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(90)
    page = _("Page %(page)s", page=pdf.page_no())
    pdf.cell(WIDTH, 5, f"{text} · {page}", align="C")
    pdf.set_text_color(0)
