"""The plan as an XLSX workbook: Ringkasan, Pos, Personel, Cadangan, Kekurangan."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from siaga.core.exports import safe_workbook
from siaga.deployment import selectors
from siaga.deployment.models import DeploymentPlan, category_label

SUMMARY_LABELS = [
    ("stations", "Jumlah TPS"),
    ("stations_no_coords", "TPS tanpa koordinat"),
    ("posts", "Jumlah pos"),
    ("officers_available", "Personel Polri tersedia"),
    ("officers_no_home", "Personel tanpa pangkalan"),
    ("required_at_posts", "Polri dibutuhkan di pos"),
    ("assigned_at_posts", "Polri ditugaskan di pos"),
    ("missing_at_posts", "Kekurangan di pos"),
    ("understaffed_posts", "Pos kurang personel"),
    ("reserve_target", "Target cadangan"),
    ("reserve_held", "Cadangan (power on hand)"),
    ("reserve_teams", "Tim cadangan"),
    ("coverage_pct", "TPS rawan/sangat rawan terjangkau cadangan (%)"),
    ("bko_needed", "BKO dibutuhkan (TNI/Polda)"),
    ("linmas_required", "Linmas dibutuhkan"),
    ("linmas_available", "Linmas tersedia"),
    ("tni_available", "TNI tersedia"),
    ("total_travel_km", "Total jarak tempuh (km)"),
    ("moved", "Personel berpindah dari versi sebelumnya"),
]


def _sheet(wb, title: str, header: list[str], widths: list[int] | None = None):
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width
    return ws


def plan_workbook(*, user, plan: DeploymentPlan) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _summary(wb, plan)
    posts = list(selectors.plan_posts(user=user, plan=plan))
    stations = selectors.stations_by_id(i for p in posts for i in p.station_ids)
    _posts(wb, posts, stations)
    reserves = list(selectors.plan_reserves(user=user, plan=plan))
    _personnel(wb, posts, reserves)
    _reserves(wb, reserves)
    _shortfall(wb, plan, [p for p in sorted(posts, key=lambda p: (p.fill_rank, p.number)) if p.missing])
    safe_workbook(wb)  # names, addresses and notes typed by users must not come back as live formulas
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _summary(wb, plan: DeploymentPlan) -> None:
    ws = _sheet(wb, "Ringkasan", ["Uraian", "Nilai"], [48, 40])
    ws.append(["Pemilihan", str(plan.election)])
    ws.append(["Operasi", str(plan.operation)])
    ws.append(["Satuan", plan.unit.name])
    ws.append(["Versi", plan.version])
    ws.append(["Status", plan.get_status_display()])
    for key, label in SUMMARY_LABELS:
        value = plan.summary.get(key)
        if value is not None:
            ws.append([label, value])
    for pattern in plan.operation.patterns.all():
        ws.append([f"Pola {category_label(pattern.category)} (Polri:TPS:Linmas)", pattern.ratio])


def _posts(wb, posts, stations) -> None:
    ws = _sheet(
        wb,
        "Pos",
        [
            "Pos",
            "Kategori",
            "Polsek",
            "Jumlah TPS",
            "TPS",
            "Polri dibutuhkan",
            "Polri ditugaskan",
            "Linmas",
            "Lintang",
            "Bujur",
            "Personel",
        ],
        [6, 14, 24, 10, 50, 10, 10, 8, 10, 10, 60],
    )
    for p in posts:
        names = "; ".join(str(stations[i]) for i in p.station_ids if i in stations)
        officers = "; ".join(f"{a.personnel.get_rank_display()} {a.personnel.name}" for a in p.assignments.all())
        ws.append(
            [
                p.number,
                p.category_label,
                p.unit.name,
                len(p.station_ids),
                names,
                p.required,
                p.assigned,
                p.linmas,
                p.lat,
                p.lon,
                officers,
            ]
        )


def _personnel(wb, posts, reserves) -> None:
    ws = _sheet(
        wb,
        "Personel",
        ["NRP", "Nama", "Pangkat", "Satuan", "Tugas", "Lokasi", "Kategori"],
        [20, 30, 10, 24, 14, 30, 14],
    )
    for p in posts:
        for a in p.assignments.all():
            o = a.personnel
            ws.append(
                [
                    o.nrp,
                    o.name,
                    o.get_rank_display(),
                    _unit_name(o),
                    "Pos",
                    f"Pos {p.number} ({p.unit.name})",
                    p.category_label,
                ]
            )
    for r in reserves:
        for a in r.assignments.all():
            o = a.personnel
            ws.append([o.nrp, o.name, o.get_rank_display(), _unit_name(o), "Cadangan", r.name, ""])


def _unit_name(officer) -> str:
    return officer.unit.name


def _reserves(wb, reserves) -> None:
    ws = _sheet(
        wb,
        "Cadangan",
        ["Tim", "Lokasi", "Jenis", "Personel", "TPS rawan terjangkau", "Lintang", "Bujur"],
        [6, 34, 12, 10, 20, 10, 10],
    )
    for r in reserves:
        ws.append([r.number, r.name, r.kind, r.size, r.covered, r.lat, r.lon])


def _shortfall(wb, plan: DeploymentPlan, rows) -> None:
    ws = _sheet(
        wb,
        "Kekurangan",
        ["Urutan pengisian", "Pos", "Kategori", "Polsek", "Dibutuhkan", "Ditugaskan", "Kurang"],
        [16, 8, 14, 24, 12, 12, 10],
    )
    for p in rows:
        ws.append([p.fill_rank, p.number, p.category_label, p.unit.name, p.required, p.assigned, p.missing])
    ws.append([])
    ws.append(["BKO dibutuhkan (TNI/Polda)", plan.summary.get("bko_needed", 0)])
