"""The takedown request letter to the platform regulator (Komdigi), as DOCX and PDF, with the evidence hash."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone

REGULATOR = "Direktur Jenderal Pengawasan Ruang Digital, Kementerian Komunikasi dan Digital (Komdigi)"


def letter_parts(case) -> dict:
    post = case.post
    evidence = case.evidence.order_by("created_at").first()
    labels = ", ".join(_label(code) for code in post.labels) or "-"
    return {
        "title": "PERMOHONAN PEMUTUSAN AKSES (TAKEDOWN) KONTEN",
        "number": f"Nomor: B/{case.number}",
        "date": timezone.localdate().strftime("%d-%m-%Y"),
        "to": f"Kepada Yth. {REGULATOR}",
        "from": f"Dari: {case.unit.name}",
        "body": [
            "Dalam rangka pengamanan penyelenggaraan pemilihan, tim patroli siber kami menemukan konten berikut "
            f"yang mengandung unsur: {labels}. Konten tersebut berpotensi mengganggu keamanan dan ketertiban "
            "masyarakat. Bersama ini kami mohon agar akses terhadap konten tersebut diputus.",
        ],
        "rows": [
            ("Platform", post.get_platform_display()),
            ("Akun", post.account.handle),
            ("ID unggahan", post.external_id),
            ("Tautan", post.url or "-"),
            ("Waktu unggah", timezone.localtime(post.posted_at).strftime("%d-%m-%Y %H.%M WIB")),
            ("Isi", post.text[:1500]),
            ("SHA-256 barang bukti", evidence.sha256 if evidence else "-"),
        ],
        "closing": "Demikian permohonan ini kami sampaikan. Atas perhatian dan kerja samanya kami ucapkan "
        "terima kasih.",
        "sign": f"a.n. Kapolres — {case.unit.name}",
    }


def _label(code: str) -> str:
    from siaga.engine.text import LABEL_NAMES

    return LABEL_NAMES.get(code, code)


def letter_docx(case) -> bytes:
    from docx import Document

    parts = letter_parts(case)
    doc = Document()
    doc.add_heading(parts["title"], level=1)
    for key in ("number", "date", "to", "from"):
        doc.add_paragraph(parts[key])
    for text in parts["body"]:
        doc.add_paragraph(text)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in parts["rows"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(value)
    doc.add_paragraph(parts["closing"])
    doc.add_paragraph(parts["sign"])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def letter_pdf(case) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    parts = letter_parts(case)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=parts["title"],
                            author="Siaga")  # fmt: skip
    story = [Paragraph(escape(parts["title"]), styles["Title"])]
    for key in ("number", "date", "to", "from"):
        story.append(Paragraph(escape(parts[key]), styles["Normal"]))
    story.append(Spacer(1, 6 * mm))
    story += [Paragraph(escape(text), styles["Normal"]) for text in parts["body"]]
    story.append(Spacer(1, 4 * mm))
    rows = [[Paragraph(escape(k), styles["Normal"]), Paragraph(escape(str(v)), styles["Normal"])]
            for k, v in parts["rows"]]  # fmt: skip
    table = Table(rows, colWidths=[45 * mm, 125 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#888888"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [table, Spacer(1, 6 * mm), Paragraph(escape(parts["closing"]), styles["Normal"]),
              Spacer(1, 10 * mm), Paragraph(escape(parts["sign"]), styles["Normal"])]  # fmt: skip
    doc.build(story)
    return buffer.getvalue()
