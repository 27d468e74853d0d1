"""The Anev as DOCX (python-docx, to edit) and PDF (reportlab), from anev.Anev."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from siaga.analysis.anev import Anev
from siaga.core.exports import safe_cell


def _text(value) -> str:
    return str(safe_cell(value))


def to_docx(anev: Anev) -> bytes:
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


def to_pdf(anev: Anev) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=9.5, leading=12)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(buf, pagesize=A4, title=anev.title, leftMargin=1.8 * cm, rightMargin=1.8 * cm)
    flow = [Paragraph(escape(anev.title), styles["Title"]), Paragraph(escape(anev.subtitle), body)]
    for n, section in enumerate(anev.sections, 1):
        flow.append(Paragraph(escape(f"{n}. {section.title}"), styles["Heading2"]))
        flow += [Paragraph(escape(t), body) for t in section.paragraphs]
        for table in section.tables:
            flow.append(Paragraph(f"<b>{escape(table.title)}</b>", body))
            data = [[Paragraph(escape(_text(v)), cell) for v in row] for row in [table.header, *table.rows]]
            t = LongTable(data, repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eaee"))]))  # fmt: skip
            flow += [t, Spacer(1, 0.3 * cm)]
        for caption, png in section.images:
            img = Image(io.BytesIO(png))
            ratio = img.imageHeight / img.imageWidth
            img.drawWidth, img.drawHeight = 16 * cm, 16 * cm * ratio
            flow += [img, Paragraph(escape(caption), cell)]
    pdf.build(flow)
    return buf.getvalue()
