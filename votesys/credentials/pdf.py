"""Printing delegate cards (in thẻ đại biểu) on A4 sheets, always in Vietnamese.

Eight cards of 90 × 60 mm per A4 page (2 × 4), with cutting marks in the margins. Each card: the
congress, the delegate's number, full name, unit, the QR code of the card URL, the short code
and one line saying how to use it. The PDF is made in memory and handed to the caller; the
server never keeps it (it holds the only copy of the tokens and codes).

``vietnamese_pdf()`` is the shared entry for any printed document: an FPDF with DejaVu Sans
registered, so every Vietnamese letter prints and ``pdftotext`` reads it back.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import qrcode
from fpdf import FPDF
from fpdf.enums import MethodReturnValue
from qrcode.constants import ERROR_CORRECT_Q

from votesys.core.codes import format_short_code
from votesys.credentials.errors import FontMissing
from votesys.credentials.queries import card_url

DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
FONTS = (
    ("DejaVu", "", "DejaVuSans.ttf"),
    ("DejaVu", "B", "DejaVuSans-Bold.ttf"),
    ("DejaVuMono", "", "DejaVuSansMono.ttf"),
    ("DejaVuMono", "B", "DejaVuSansMono-Bold.ttf"),
)

PAGE_W, PAGE_H = 210.0, 297.0
CARD_W, CARD_H = 90.0, 60.0
COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
LEFT = (PAGE_W - COLUMNS * CARD_W) / 2
TOP = (PAGE_H - ROWS * CARD_H) / 2
QR_SIZE = 32.0
RED = (165, 0, 0)

TITLE = "THẺ ĐẠI BIỂU"
NUMBER = "Số {number}"
ALTERNATE = "Đại biểu dự khuyết"
CODE_LABEL = "Mã thẻ (nhập khi không quét được mã QR)"
INSTRUCTION = "Quét mã QR tại cửa hội trường và trên máy tính bảng bỏ phiếu."
FOOTER = (
    "{congress} · Tờ {page} · In lúc {at}. Máy chủ không lưu mã thẻ: giữ kín tờ in; "
    "tờ in hỏng thì hủy và cấp lại thẻ."
)


def font_dir() -> Path:
    """Where the DejaVu fonts are: VOTESYS_FONT_DIR, else Debian's folder."""
    configured = os.environ.get("VOTESYS_FONT_DIR")
    return Path(configured) if configured else DEFAULT_FONT_DIR


def vietnamese_pdf(folder: Path | None = None) -> FPDF:
    """An A4 portrait FPDF in millimetres with the fonts "DejaVu" (regular, B) and "DejaVuMono"
    (regular, B) registered, no automatic page break. Raises FontMissing naming the file."""
    folder = folder or font_dir()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    for family, style, name in FONTS:
        path = folder / name
        if not path.is_file():
            raise FontMissing(path=str(path))
        pdf.add_font(family, style, str(path))
    pdf.set_auto_page_break(False)
    pdf.set_creator("votesys")
    pdf.set_lang("vi")
    return pdf


def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as a 1-bit PNG, error correction Q, with its 4-module quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, box_size=6, border=4)
    code.add_data(url)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


class CardSheets:
    """A PDF of cards being laid out. Make it before issuing: a missing font then stops the
    printing before any card exists."""

    def __init__(self, congress_name: str, base_url: str, timezone: str = "Asia/Ho_Chi_Minh"):
        self.pdf = vietnamese_pdf()
        self.pdf.set_title(TITLE.capitalize())
        self.pdf.c_margin = 0  # text measured by _fit must fit the box exactly
        self.congress_name = congress_name
        self.base_url = base_url
        self.printed_at = dt.datetime.now(ZoneInfo(timezone)).strftime("%H:%M %d/%m/%Y")
        self.count = 0
        self._header: tuple[float, list[str]] | None = None

    def add_all(self, issued) -> CardSheets:
        for item in issued:
            self.add(item)
        return self

    def add(self, issued) -> None:
        """Lay out one ``services.IssuedCard`` in the next free place."""
        slot = self.count % PER_PAGE
        if slot == 0:
            self.pdf.add_page()
            self._page_marks()
        x = LEFT + (slot % COLUMNS) * CARD_W
        y = TOP + (slot // COLUMNS) * CARD_H
        delegate = issued.delegate
        unit = delegate.unit.name if delegate.unit else ""
        self._frame(x, y)
        self._body(x, y, delegate.number, delegate.full_name, unit, not delegate.is_official)
        self._code(x, y, format_short_code(issued.code))
        self.pdf.image(
            io.BytesIO(qr_png(card_url(self.base_url, issued.token))),
            x=x + CARD_W - QR_SIZE - 3,
            y=y + 14,
            w=QR_SIZE,
            h=QR_SIZE,
        )
        self.count += 1

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    def _page_marks(self) -> None:
        """Cutting marks in the margins on every line between cards, and the page's footer."""
        pdf = self.pdf
        pdf.set_draw_color(0)
        pdf.set_line_width(0.2)
        right, bottom = LEFT + COLUMNS * CARD_W, TOP + ROWS * CARD_H
        for column in range(COLUMNS + 1):
            x = LEFT + column * CARD_W
            pdf.line(x, TOP - 9, x, TOP - 3)
            pdf.line(x, bottom + 3, x, bottom + 9)
        for row in range(ROWS + 1):
            y = TOP + row * CARD_H
            pdf.line(LEFT - 9, y, LEFT - 3, y)
            pdf.line(right + 3, y, right + 9, y)
        pdf.set_text_color(90)
        pdf.set_font("DejaVu", "", 7)
        pdf.set_xy(LEFT, bottom + 11)
        footer = FOOTER.format(congress=self.congress_name, page=pdf.page_no(), at=self.printed_at)
        pdf.multi_cell(COLUMNS * CARD_W, 3.2, footer, align="C")

    def _frame(self, x: float, y: float) -> None:
        pdf = self.pdf
        pdf.set_draw_color(170)
        pdf.set_line_width(0.1)
        pdf.rect(x, y, CARD_W, CARD_H)
        pdf.set_fill_color(*RED)
        pdf.rect(x, y, CARD_W, 12, style="F")
        pdf.set_text_color(255)
        pdf.set_xy(x + 3, y + 1)
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(CARD_W - 6, 3.8, TITLE, align="C")
        size, lines = self._congress_lines()
        pdf.set_font("DejaVu", "B", size)
        for index, line in enumerate(lines):
            pdf.set_xy(x + 3, y + 5 + index * size * 0.42)
            pdf.cell(CARD_W - 6, size * 0.42, line, align="C")

    def _congress_lines(self) -> tuple[float, list[str]]:
        """The congress name broken into at most two lines, once for every card."""
        if self._header is None:
            size = _fit(self.pdf, self.congress_name, 2 * (CARD_W - 6), 6.5, 5)
            lines = self.pdf.multi_cell(
                CARD_W - 6, 3, self.congress_name, dry_run=True, output=MethodReturnValue.LINES
            )
            self._header = (size, lines[:2])
        return self._header

    def _body(self, x, y, number: int, full_name: str, unit: str, is_alternate: bool) -> None:
        pdf, width = self.pdf, CARD_W - QR_SIZE - 9
        pdf.set_text_color(0)
        pdf.set_xy(x + 4, y + 14)
        pdf.set_font("DejaVu", "B", 16)
        pdf.cell(width, 7, NUMBER.format(number=number))
        if is_alternate:
            pdf.set_xy(x + 4, y + 21)
            pdf.set_font("DejaVu", "", 7)
            pdf.cell(width, 3, ALTERNATE)
        size = _fit(pdf, full_name, width, 13, 8.5)
        pdf.set_xy(x + 4, y + 25)
        pdf.multi_cell(width, size * 0.42, full_name, align="L")
        size = _fit(pdf, unit, 2 * width, 8, 6, style="")
        pdf.set_xy(x + 4, pdf.get_y() + 0.8)
        pdf.multi_cell(width, size * 0.42, unit, align="L")

    def _code(self, x: float, y: float, code: str) -> None:
        pdf = self.pdf
        pdf.set_text_color(70)
        pdf.set_font("DejaVu", "", 5.5)
        pdf.set_xy(x + 4, y + 43.5)
        pdf.cell(CARD_W - 8, 2.5, CODE_LABEL)
        pdf.set_text_color(0)
        pdf.set_font("DejaVuMono", "B", 17)
        pdf.set_xy(x + 4, y + 46.5)
        pdf.cell(CARD_W - 8, 7, code)
        _fit(pdf, INSTRUCTION, CARD_W - 8, 6.5, 5, style="")
        pdf.set_xy(x + 4, y + 55)
        pdf.cell(CARD_W - 8, 3, INSTRUCTION)


def _fit(pdf: FPDF, text: str, width: float, size: float, minimum: float, style="B") -> float:
    """Set the largest font size from ``size`` down to ``minimum`` at which ``text`` fits."""
    pdf.set_font("DejaVu", style, size)
    while size > minimum and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font("DejaVu", style, size)
    return size


def letterhead(pdf: FPDF, box: tuple[float, float, float], issuer: str, party: str, dated: str):
    """The two columns at the top of a Party document: on the left the organisation and the
    issuing body over a star, on the right the Party's name and the place and date; then the
    cursor below both. ``box``: left margin, top and width in millimetres. Used by the reports
    and the minutes, which lay out everything below it themselves."""
    left, top, width = box
    half = width / 2
    nxt = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_xy(left, top)
    pdf.multi_cell(half - 4, 5, f"{issuer}\n*", align="C", **nxt)
    left_bottom = pdf.get_y()
    pdf.set_xy(left + half, top)
    pdf.cell(half, 5, party, align="C", **nxt)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_x(left + half)
    pdf.multi_cell(half, 5.5, dated, align="C", **nxt)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)
