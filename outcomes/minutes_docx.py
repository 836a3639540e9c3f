"""The minutes as an editable Word document (python-docx). In Arabic every paragraph is
right to left (w:bidi), every run is marked right to left (w:rtl) and tables read from the
right (w:bidiVisual), so the secretariat can edit the text in Word or LibreOffice as it is."""

import io

from django.utils.translation import get_language_bidi
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .minutes_document import Block

FONT = "Amiri"  # shipped with the PDF; Word falls back to its own Arabic font when missing
MUTED = RGBColor(0x50, 0x50, 0x50)


def _mark_rtl_paragraph(paragraph):
    ppr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    bidi.set(qn("w:val"), "1")
    ppr.insert(0, bidi)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _mark_rtl_run(run):
    rpr = run._r.get_or_add_rPr()
    rtl = OxmlElement("w:rtl")
    rtl.set(qn("w:val"), "1")
    rpr.append(rtl)


class _Writer:
    def __init__(self, rtl: bool):
        self.rtl = rtl
        self.document = Document()
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(11)
        # Arabic text is "complex script": its font and size are set apart.
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        fonts.set(qn("w:cs"), FONT)
        size = OxmlElement("w:szCs")
        size.set(qn("w:val"), "22")
        rpr.append(size)

    def _fix(self, paragraph):
        if self.rtl:
            _mark_rtl_paragraph(paragraph)
            for run in paragraph.runs:
                _mark_rtl_run(run)
        return paragraph

    def paragraph(self, text, *, bold=False, muted=False, style=None):
        paragraph = self.document.add_paragraph(style=style)
        run = paragraph.add_run(str(text))
        run.bold = bold or None
        if muted:
            run.font.color.rgb = MUTED
        return self._fix(paragraph)

    def heading(self, text, level):
        return self._fix(self.document.add_heading(str(text), level=level))

    def table(self, headers, rows):
        columns = len(headers) if headers else len(rows[0]) if rows else 0
        if not columns:
            return
        table = self.document.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        if self.rtl:
            tblpr = table._tbl.tblPr
            visual = OxmlElement("w:bidiVisual")
            visual.set(qn("w:val"), "1")
            tblpr.append(visual)
        for index, row in enumerate(([headers] if headers else []) + list(rows)):
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = ""
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run(str(value))
                run.bold = (index == 0 and bool(headers)) or None
                self._fix(paragraph)
        self.document.add_paragraph()

    def draw(self, block: Block):
        if block.kind == "title":
            self.heading(block.text, 0)
        elif block.kind == "heading":
            self.heading(block.text, 1)
        elif block.kind == "subheading":
            self.heading(block.text, 2)
        elif block.kind == "para":
            for line in str(block.text).splitlines() or [""]:
                self.paragraph(line)
        elif block.kind == "note":
            self.paragraph(block.text, muted=True)
        elif block.kind == "fields":
            self.table([], [[label, value] for label, value in block.rows])
        elif block.kind == "table":
            self.table(block.headers, block.rows)
        elif block.kind == "items":
            for number, text, details in block.rows:
                self.paragraph(f"{number}. {text}", bold=True)
                for label, value in details:
                    self.paragraph(f"{label}: {value}")


def minutes_docx(blocks: list[Block], *, federation_name: str) -> bytes:
    """The .docx of `blocks`, in the active language's direction."""
    writer = _Writer(rtl=get_language_bidi())
    section = writer.document.sections[0]
    header = section.header.paragraphs[0]
    header.add_run(str(federation_name))
    writer._fix(header)
    writer.document.core_properties.title = blocks[0].text if blocks else ""
    writer.document.core_properties.author = str(federation_name)
    writer.document.core_properties.language = "ar" if writer.rtl else "en"
    for block in blocks:
        writer.draw(block)
    out = io.BytesIO()
    writer.document.save(out)
    return out.getvalue()
