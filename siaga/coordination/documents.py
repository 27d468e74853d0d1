"""The meeting's documents — invitation letter (undangan), attendance list with a signature column (daftar hadir)
and minutes (notulen) — as DOCX (python-docx) and PDF (reportlab), from one neutral description."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils import timezone

from siaga.coordination.models import Invitee, Meeting
from siaga.coordination.pilkades import MONTHS

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
KINDS = {"undangan": "Undangan", "daftar-hadir": "Daftar hadir", "notulen": "Notulen"}


@dataclass
class Document:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # first row: header
    closing: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # column widths in cm
    row_height: float | None = None  # cm: room to sign


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    text = f"{DAYS[start.weekday()]}, {start.day} {MONTHS[start.month]} {start.year}, pukul {start:%H.%M} WIB"
    if meeting.ends_at:
        text += f" s.d. {timezone.localtime(meeting.ends_at):%H.%M} WIB"
    return text


def _where(meeting: Meeting) -> str:
    parts = []
    if meeting.place:
        parts.append(meeting.place)
    if meeting.link:
        parts.append(f"daring: {meeting.link}")
    return "; ".join(parts) or "-"


def _serves(meeting: Meeting) -> str:
    return ", ".join(str(x) for x in (meeting.election, meeting.operation, meeting.stage) if x) or "-"


def _issuer(meeting: Meeting) -> str:
    return meeting.unit.name


def invitation(meeting: Meeting, invitees: list[Invitee], user=None) -> Document:
    doc = Document(title=f"UNDANGAN — {meeting.title}")
    doc.paragraphs = [
        f"Dari: {_issuer(meeting)}",
        "Kepada Yth.:",
        *[
            f"{i}. {inv.position or inv.name}"
            + (f" ({inv.name})" if inv.position and inv.name not in inv.position else "")
            for i, inv in enumerate(invitees, 1)
        ],  # fmt: skip
        f"Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri {meeting.get_kind_display().lower()} "
        f"“{meeting.title}” yang akan dilaksanakan pada:",
        f"Hari/tanggal: {_when(meeting)}",
        f"Tempat: {_where(meeting)}",
        f"Bentuk: {meeting.get_mode_display()}",
        f"Dalam rangka: {_serves(meeting)}",
        "Acara:",
        *(meeting.agenda.splitlines() or ["-"]),
        "Mengingat pentingnya acara tersebut, kehadiran Bapak/Ibu tepat waktu sangat kami harapkan.",
    ]
    doc.closing = [_issuer(meeting)]
    return doc


def attendance(meeting: Meeting, invitees: list[Invitee], user=None) -> Document:
    doc = Document(title=f"DAFTAR HADIR — {meeting.title}")
    doc.paragraphs = [f"Hari/tanggal: {_when(meeting)}", f"Tempat: {_where(meeting)}"]
    doc.table = [["No", "Nama", "Jabatan/Instansi", "Kehadiran", "Tanda tangan"]]
    for i, inv in enumerate(invitees, 1):
        name = inv.attendee_name or inv.name
        status = inv.get_status_display()
        if inv.status == Invitee.Status.PRESENT and inv.checked_in_at:
            status += f" {timezone.localtime(inv.checked_in_at):%H.%M}"
        doc.table.append([str(i), name, inv.position, status, f"{i}. ........................"])
    doc.widths = [0.6, 3.2, 4.2, 1.9, 3.0]
    doc.row_height = 1.0
    return doc


def minutes(meeting: Meeting, invitees: list[Invitee], user=None) -> Document:
    present = [inv for inv in invitees if inv.status == Invitee.Status.PRESENT]
    doc = Document(title=f"NOTULEN — {meeting.title}")
    doc.paragraphs = [
        f"Penyelenggara: {_issuer(meeting)}",
        f"Hari/tanggal: {_when(meeting)}",
        f"Tempat: {_where(meeting)}",
        f"Dalam rangka: {_serves(meeting)}",
        f"Hadir ({len(present)} dari {len(invitees)} undangan): "
        + (", ".join(inv.attendee_name or inv.name for inv in present) or "-"),
        "Agenda:",
        *(meeting.agenda.splitlines() or ["-"]),
        "Jalannya rapat:",
        *(meeting.minutes.splitlines() or ["-"]),
        "Keputusan:",
        *(meeting.decisions.splitlines() or ["-"]),
    ]
    directives = list(meeting.directives.prefetch_related("targets__unit"))
    if directives:
        doc.paragraphs.append("Arahan pimpinan:")
        for i, d in enumerate(directives, 1):
            units = ", ".join(t.unit.name for t in d.targets.all())
            doc.paragraphs.append(f"{i}. {d.title} — kepada {units}; batas waktu {d.deadline:%d-%m-%Y}.")
    if meeting.kind == Meeting.Kind.ANEV and user is not None and not getattr(user, "is_partner", False):
        _anev_matrix(doc, meeting, user)
    doc.closing = (
        ["Notulis", meeting.secretary.get_full_name() or meeting.secretary.username]
        if meeting.secretary
        else ["Notulis"]
    )
    return doc


def _anev_matrix(doc: Document, meeting: Meeting, user) -> None:
    """An Anev's minutes carry the matrix of the organiser's arahan: which unit did what it was told."""
    from siaga.coordination.models import Directive
    from siaga.coordination.selectors import matrix

    directives = Directive.objects.filter(unit=meeting.unit).order_by("-created_at")[:12]
    data = matrix(user=user, directives=directives, today=timezone.localtime(meeting.starts_at).date())
    if not data["rows"]:
        return
    doc.paragraphs.append("Matriks tindak lanjut arahan (lampiran):")
    doc.table = [["Arahan", *[u.name for u in data["columns"]]]]
    for row in data["rows"]:
        doc.table.append([row["directive"].title, *[c["label"] if c else "-" for c in row["cells"]]])


BUILDERS = {"undangan": invitation, "daftar-hadir": attendance, "notulen": minutes}


def build(kind: str, meeting: Meeting, invitees: list[Invitee], user=None) -> Document:
    return BUILDERS[kind](meeting, invitees, user)


def to_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.shared import Cm, Pt

    out = Docx()
    out.styles["Normal"].font.name = "Arial"
    out.styles["Normal"].font.size = Pt(11)
    out.add_heading(doc.title, level=1)
    for text in doc.paragraphs:
        out.add_paragraph(text)
    if doc.table:
        table = out.add_table(rows=0, cols=len(doc.table[0]))
        table.style = "Table Grid"
        for r, values in enumerate(doc.table):
            cells = table.add_row().cells
            for c, value in enumerate(values):
                cells[c].text = value
                if r == 0:
                    for run in cells[c].paragraphs[0].runs:
                        run.bold = True
                if doc.widths:
                    cells[c].width = Cm(doc.widths[c])
        if doc.row_height:
            for row in table.rows[1:]:
                row.height = Cm(doc.row_height)
    for text in doc.closing:
        out.add_paragraph(text).alignment = 2
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def to_pdf(doc: Document) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=10.5, leading=14)
    right = ParagraphStyle("right", parent=body, alignment=2)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)
    buf = io.BytesIO()
    wide = bool(doc.table) and len(doc.table[0]) > 6  # an Anev matrix: landscape, small print
    if wide:
        cell = ParagraphStyle("cell_small", parent=cell, fontSize=6.5, leading=7.5)
    pagesize = landscape(A4) if wide else A4
    pdf = SimpleDocTemplate(buf, pagesize=pagesize, title=doc.title, leftMargin=1.5 * cm, rightMargin=1.5 * cm)
    flow = [Paragraph(escape(doc.title), styles["Heading2"])]
    flow += [Paragraph(escape(text), body) for text in doc.paragraphs]
    if doc.table:
        flow.append(Spacer(1, 0.3 * cm))
        data = [[Paragraph(escape(v), cell) for v in row] for row in doc.table]
        widths = [w * cm for w in doc.widths] if doc.widths else None
        heights = [None] + [doc.row_height * cm] * (len(data) - 1) if doc.row_height else None
        table = LongTable(data, colWidths=widths, repeatRows=1, rowHeights=heights)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eaee")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        flow.append(table)
    if doc.closing:
        flow.append(Spacer(1, 0.8 * cm))
        flow += [Paragraph(escape(text), right) for text in doc.closing]
    pdf.build(flow)
    return buf.getvalue()
