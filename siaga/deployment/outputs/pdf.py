"""The printable Sprin attachment ("Lampiran Surat Perintah"): per Polsek, per TPS the officers and Linmas."""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus.flowables import PageBreak

from siaga.deployment import selectors
from siaga.deployment.models import DeploymentPlan

STYLES = getSampleStyleSheet()
SMALL = ParagraphStyle("small", parent=STYLES["Normal"], fontSize=8, leading=9.5)
HEAD = ParagraphStyle("head", parent=STYLES["Normal"], fontSize=10, leading=12, fontName="Helvetica-Bold")
CENTER = ParagraphStyle("center", parent=HEAD, alignment=1)
TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eaee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("LEADING", (0, 0), (-1, -1), 9),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)
COL_WIDTHS = [9 * mm, 38 * mm, 46 * mm, 20 * mm, 62 * mm, 11 * mm]


def _footer(plan: DeploymentPlan):
    label = f"Lampiran Sprin — {plan.election} — versi {plan.version} ({plan.get_status_display()})"

    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(15 * mm, 10 * mm, label[:110])
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    return draw


def sprin_pdf(*, user, plan: DeploymentPlan) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"Lampiran Surat Perintah {plan.election}",
        author="Siaga",
    )
    story = _header(plan)
    groups = selectors.roster(user=user, plan=plan)
    for i, group in enumerate(groups):
        if i:
            story.append(PageBreak())
        story += _sector(group)
    if not groups:
        story.append(Paragraph("Tidak ada pos dalam cakupan Anda.", STYLES["Normal"]))
    story += _signature(plan)
    draw = _footer(plan)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return buf.getvalue()


def _header(plan: DeploymentPlan) -> list:
    s = plan.summary
    lines = [
        Paragraph(f"KEPOLISIAN NEGARA REPUBLIK INDONESIA<br/>{plan.unit.name.upper()}", HEAD),
        Spacer(1, 4 * mm),
        Paragraph("LAMPIRAN SURAT PERINTAH", CENTER),
        Paragraph("Nomor: Sprin/ ....... / ..... / ........", CENTER),
        Paragraph(f"Pengamanan TPS {plan.election} — {plan.operation}", CENTER),
        Spacer(1, 3 * mm),
        Paragraph(
            f"Jumlah TPS {s.get('stations', 0)}, pos {s.get('posts', 0)}, "
            f"personel di pos {s.get('assigned_at_posts', 0)}, "
            f"cadangan {s.get('reserve_held', 0)}, Linmas {s.get('linmas_required', 0)}. "
            f"Kekurangan {s.get('missing_at_posts', 0)} personel; BKO dibutuhkan {s.get('bko_needed', 0)}.",
            SMALL,
        ),
        Spacer(1, 3 * mm),
    ]
    return lines


def _sector(group: dict) -> list:
    """One table per sector; plain-string cells (fast) with explicit line breaks instead of Paragraphs."""
    rows = [["No", "TPS", "Alamat / Desa", "Kategori", "Personel Polri (Pos)", "Linmas"]]
    n = 0
    for post in group["posts"]:
        officers = [_officer_line(a.personnel) for a in post.assignments.all()] or ["BELUM ADA PERSONEL"]
        officers_text = "\n".join([*officers, f"Pos {post.number}"])
        linmas_each = _linmas_per_station(post)
        for station in post.stations:
            n += 1
            where = f"{_clip(station.address or '-', 30)}\n{_clip(station.desa.name, 30)}"
            rows.append([str(n), _clip(str(station), 26), where, post.category_label, officers_text, str(linmas_each)])
    title = Paragraph(f"{group['unit'].name} — {len(group['posts'])} pos, {group['officers']} personel", HEAD)
    table = LongTable(rows, colWidths=COL_WIDTHS, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return [title, Spacer(1, 2 * mm), table]


def _officer_line(officer) -> str:
    return _clip(f"{officer.get_rank_display()} {officer.name} ({officer.nrp})", 44)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _linmas_per_station(post) -> int:
    count = max(len(post.station_ids), 1)
    return -(-post.linmas // count)


def _signature(plan: DeploymentPlan) -> list:
    today = timezone.localdate().strftime("%d-%m-%Y")
    block = [
        Spacer(1, 8 * mm),
        Paragraph(f"Dikeluarkan di: {plan.unit.name}<br/>Pada tanggal: {today}", SMALL),
        Spacer(1, 4 * mm),
        Paragraph(f"KAPOLRES / a.n. {plan.unit.name.upper()}", SMALL),
        Spacer(1, 16 * mm),
        Paragraph("(..............................................)", SMALL),
    ]
    return [KeepTogether(block)]
