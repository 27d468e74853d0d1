"""The Anev as DOCX (python-docx, to edit) and PDF (reportlab), from anev.Anev.

With a template (templating.py) the DOCX is the template filled in, and the PDF follows the template's reading
order: its headings, texts (placeholders filled) and sections, under the same titles. Without one (the Sislap
reports) both use the plain numbered layout."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from siaga.analysis.anev import Anev
from siaga.core.exports import safe_cell

# The Anev's own figures: "+1 (+100,0 %)", "-3 (-)", "-", "12,5 %". Only other text goes through safe_cell (a table
# pasted from Word into a spreadsheet must not carry a formula); these would otherwise show a stray apostrophe.
_FIGURE = re.compile(r"[+-]?[\d.,]+(?: (?:%|\([+-]?[\d.,]+ %\)|\(-\)))?|-")


def cell_text(value) -> str:
    text = str(value)
    return text if _FIGURE.fullmatch(text) else str(safe_cell(value))


_text = cell_text


def to_docx(anev: Anev, template: bytes | None = None) -> bytes:
    if template is not None:
        from siaga.analysis.templating import template_fill

        return template_fill(template, anev)
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(anev.title, level=0)
    doc.add_paragraph(anev.subtitle)
    for n, section in enumerate(anev.sections, 1):
        doc.add_heading(f"{n}. {section.title}", level=1)
        for text in section.paragraphs:
            doc.add_paragraph(text)
        for table in section.tables:
            doc.add_paragraph(table.title).runs[0].bold = True
            grid = doc.add_table(rows=1, cols=len(table.header))
            grid.style = "Table Grid"
            for cell, value in zip(grid.rows[0].cells, table.header, strict=True):
                cell.text = _text(value)
            for row in table.rows:
                for cell, value in zip(grid.add_row().cells, row, strict=True):
                    cell.text = _text(value)
        for caption, png in section.images:
            doc.add_picture(io.BytesIO(png), width=Cm(16))
            doc.add_paragraph(caption)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# reportlab's built-in fonts (WinAnsi) lack these: they would print as empty boxes.
_PDF_SAFE = str.maketrans({"→": "->", "′": "'", "″": '"', "↑": "^"})


def _esc(text) -> str:
    return escape(str(text).translate(_PDF_SAFE))


def to_pdf(anev: Anev, layout=None) -> bytes:
    """The PDF; `layout` (templating.Layout) gives the template's order, headings and texts."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=9.5, leading=12)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    aligned = {1: ParagraphStyle("centre", parent=body, alignment=TA_CENTER),
               2: ParagraphStyle("right", parent=body, alignment=TA_RIGHT)}  # fmt: skip
    headings = {0: styles["Title"], 1: styles["Heading1"], 2: styles["Heading2"], 3: styles["Heading3"]}
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(buf, pagesize=A4, title=anev.title, leftMargin=1.8 * cm, rightMargin=1.8 * cm)

    def content(section) -> list:
        out = [Paragraph(_esc(t), body) for t in section.paragraphs]
        for table in section.tables:
            out.append(Paragraph(f"<b>{_esc(table.title)}</b>", body))
            data = [[Paragraph(_esc(_text(v)), cell) for v in row] for row in [table.header, *table.rows]]
            t = LongTable(data, repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eaee"))]))  # fmt: skip
            out += [t, Spacer(1, 0.3 * cm)]
        for caption, png in section.images:
            img = Image(io.BytesIO(png))
            ratio = img.imageHeight / img.imageWidth
            img.drawWidth, img.drawHeight = 16 * cm, 16 * cm * ratio
            out += [img, Paragraph(_esc(caption), cell)]
        return out

    if layout is None:
        flow = [Paragraph(_esc(anev.title), styles["Title"]), Paragraph(_esc(anev.subtitle), body)]
        for n, section in enumerate(anev.sections, 1):
            flow.append(Paragraph(_esc(f"{n}. {section.title}"), styles["Heading2"]))
            flow += content(section)
    else:
        from siaga.analysis.templating import fill_text

        by_key = {s.key: s for s in anev.sections}
        flow = []
        for block in layout.blocks:
            if block[0] == "heading":
                style = headings.get(block[1], styles["Heading3"])
                flow.append(Paragraph(_esc(fill_text(block[2], anev.fields)), style))
            elif block[0] == "text":
                style = aligned.get(int(block[1]) if block[1] is not None else 0, body)
                flow.append(Paragraph(_esc(fill_text(block[2], anev.fields)), style))
            elif block[1] in by_key:
                flow += content(by_key[block[1]])
    pdf.build(flow)
    return buf.getvalue()
