"""The minutes as PDF: fpdf2, with HarfBuzz shaping (uharfbuzz) so Arabic letters join and
lines run right to left, in the Amiri font shipped in outcomes/fonts (SIL Open Font License,
see LICENSE-Amiri.txt). Every page has the federation's name (and logo, when it has one) at
the top and "page n of N" at the bottom. No system library is needed."""

import io
import logging
from pathlib import Path

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TableBordersLayout
from fpdf.fonts import FontFace

from .minutes_document import Block

log = logging.getLogger(__name__)
# fontTools reports every table it prunes when fpdf2 subsets the font: not worth a log line.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "Amiri"
INK = (20, 20, 20)
MUTED = (80, 80, 80)


class MinutesPDF(FPDF):
    def __init__(self, *, federation_name: str, logo: bytes | None, rtl: bool):
        super().__init__(format="A4")
        self.federation_name = federation_name
        self.logo = logo
        self.rtl = rtl
        self.add_font(FAMILY, "", FONTS / "Amiri-Regular.ttf")
        self.add_font(FAMILY, "B", FONTS / "Amiri-Bold.ttf")
        self.set_text_shaping(
            use_shaping_engine=True,
            direction="rtl" if rtl else "ltr",
            script="arab" if rtl else None,
            language="ara" if rtl else None,
        )
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(18, 18, 18)

    @property
    def align(self):
        return "R" if self.rtl else "L"

    def header(self):
        logo_drawn = False
        if self.logo:
            try:
                x = self.w - self.r_margin - 14 if self.rtl else self.l_margin
                self.image(io.BytesIO(self.logo), x=x, y=8, h=12)
                logo_drawn = True
            except Exception as error:  # an unreadable logo must not stop the minutes
                log.warning("federation logo not drawn: %s", error)
                self.logo = None
        self.set_font(FAMILY, "B", 11)
        self.set_text_color(*MUTED)
        indent = 16 if logo_drawn else 0
        width = self.w - self.l_margin - self.r_margin - indent
        self.set_xy(self.l_margin + (0 if self.rtl else indent), 10)
        self.cell(width, 8, self.federation_name, align=self.align)
        self.set_draw_color(*MUTED)
        self.line(self.l_margin, 22, self.w - self.r_margin, 22)
        self.set_xy(self.l_margin, 26)
        self.set_text_color(*INK)

    def footer(self):
        self.set_y(-14)
        self.set_font(FAMILY, "", 9)
        self.set_text_color(*MUTED)
        words = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 8, words, align="C")
        self.set_text_color(*INK)

    # -- blocks ------------------------------------------------------------------------------

    def paragraph(self, text, *, size=11, style="", height=6, color=INK, space=1.5):
        self.set_font(FAMILY, style, size)
        self.set_text_color(*color)
        self.set_x(self.l_margin)
        self.multi_cell(0, height, str(text), align=self.align, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(space)

    def table_of(self, headers, rows, widths=None):
        self.set_font(FAMILY, "", 10)
        if self.rtl:  # the first column on the right
            headers = list(reversed(headers))
            rows = [list(reversed(row)) for row in rows]
            widths = list(reversed(widths)) if widths else None
        with self.table(
            col_widths=widths,
            text_align=self.align,
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            line_height=6,
            first_row_as_headings=bool(headers),
            headings_style=FontFace(emphasis="BOLD"),
        ) as table:
            if headers:
                heading = table.row()
                for cell in headers:
                    heading.cell(str(cell))
            for row in rows:
                line = table.row()
                for cell in row:
                    line.cell(str(cell))
        self.ln(2)

    def draw(self, block: Block):
        if block.kind == "title":
            self.paragraph(block.text, size=17, style="B", height=9, space=2)
        elif block.kind == "heading":
            self.ln(3)
            self.paragraph(block.text, size=14, style="B", height=8)
        elif block.kind == "subheading":
            self.paragraph(block.text, size=12, style="B", height=7)
        elif block.kind == "para":
            self.paragraph(block.text)
        elif block.kind == "note":
            self.paragraph(block.text, size=10, color=MUTED)
        elif block.kind == "fields":
            self.table_of([], [[label, value] for label, value in block.rows], widths=(1, 3))
        elif block.kind == "table":
            self.table_of(block.headers, block.rows)
        elif block.kind == "items":
            for number, text, details in block.rows:
                self.paragraph(f"{number}. {text}", style="B")
                for label, value in details:
                    self.paragraph(f"{label}: {value}", size=10, height=5, space=0.5)
                self.ln(1.5)


def minutes_pdf(blocks: list[Block], *, federation_name: str, logo: bytes | None) -> bytes:
    """The PDF of `blocks`, in the active language's direction."""
    pdf = MinutesPDF(federation_name=federation_name, logo=logo, rtl=get_language_bidi())
    pdf.set_title(blocks[0].text if blocks else "")
    pdf.set_lang("ar" if pdf.rtl else "en")
    pdf.set_creator("Tansiq")
    pdf.add_page()
    for block in blocks:
        pdf.draw(block)
    return bytes(pdf.output())
