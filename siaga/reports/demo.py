"""Demo reports: ~240 synthetic reports over the last eight campaign weeks across categories, with Indonesian texts,
some near-duplicate groups, a mix of statuses, and the Polres alert level. Everything is marked demo data."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from siaga.regions.models import Region
from siaga.reports.models import Report, ReportEvent
from siaga.reports.services import (
    alert_level_set,
    report_reject,
    report_resolve,
    report_start_handling,
    report_submit,
    report_verify,
    reports_triage,
)
from siaga.reports.taxonomy import categories_sync

TEXTS = {
    "politik_uang": [
        "Tim sukses membagikan amplop berisi uang Rp50.000 kepada warga di {desa}",
        "Pembagian sembako disertai ajakan memilih paslon tertentu di {desa}",
    ],
    "intimidasi": [
        "Warga {desa} diancam tidak mendapat bantuan jika tidak memilih calon tertentu",
        "Saksi paslon mengaku diintimidasi sekelompok orang di {desa}",
    ],
    "provokasi": [
        "Beredar ajakan di grup WhatsApp untuk menolak hasil pemilihan di {desa}",
        "Orang tak dikenal memprovokasi massa saat kampanye di lapangan {desa}",
    ],
    "hoaks_sara": [
        "Beredar hoaks di media sosial bahwa TPS di {desa} dipindahkan",
        "Selebaran bernada SARA ditemukan di dekat masjid {desa}",
    ],
    "bentrok_pendukung": [
        "Massa pendukung dua paslon bentrok di jalan raya {desa}, satu orang luka",
        "Keributan antarpendukung setelah kampanye di {desa}",
    ],
    "gangguan_tps": [
        "Keributan di TPS {desa} karena pemilih tidak terdaftar memaksa mencoblos",
        "Petugas KPPS di {desa} melaporkan ada upaya merusak kotak suara",
    ],
    "logistik": [
        "Surat suara untuk TPS di {desa} kurang dari jumlah DPT",
        "Kotak suara rusak terkena hujan saat distribusi ke {desa}",
    ],
    "perusakan_apk": [
        "Baliho paslon di simpang {desa} dirobek orang tak dikenal",
        "Spanduk kampanye dicopot paksa di {desa}",
    ],
    "ancaman_teror": [
        "Ditemukan tas mencurigakan di depan kantor PPK dekat {desa}",
        "Ada ancaman bom lewat telepon ke kantor KPU, pelapor dari {desa}",
    ],
    "unjuk_rasa": [
        "Sekitar 200 orang berunjuk rasa di kantor Bawaslu menuntut pemungutan suara ulang {desa}",
        "Aksi massa di kantor desa {desa} menolak hasil rekapitulasi",
    ],
    "konvoi_lalin": [
        "Konvoi kampanye dengan knalpot brong menyebabkan macet di {desa}",
        "Kecelakaan lalu lintas saat arak-arakan pendukung di {desa}",
    ],
    "narkoba": [
        "Warga melaporkan transaksi sabu di warung dekat {desa}",
        "Pemuda di {desa} diduga mengedarkan pil koplo",
    ],
    "kriminal_konvensional": [
        "Pencurian sepeda motor di parkiran pasar {desa}",
        "Penganiayaan di warung kopi {desa} setelah cekcok",
    ],
    "bencana": ["Banjir merendam jalan menuju TPS di {desa}", "Pohon tumbang menutup akses jalan di {desa}"],
    "lainnya": ["Warga {desa} menanyakan lokasi TPS yang belum diumumkan", "Lampu penerangan di balai {desa} padam"],
}
WEIGHTS = {
    "politik_uang": 5,
    "perusakan_apk": 5,
    "hoaks_sara": 4,
    "provokasi": 3,
    "konvoi_lalin": 3,
    "kriminal_konvensional": 3,
    "bentrok_pendukung": 2,
    "intimidasi": 2,
    "unjuk_rasa": 2,
    "logistik": 2,
}
TOTAL = 220
DUPLICATE_GROUPS = 12


def build(ctx) -> None:
    categories_sync()
    desa = list(Region.objects.filter(code__startswith=ctx.kabupaten.code + ".", level=4, lat__isnull=False))
    if not desa or Report.objects.filter(is_demo=True).exists():
        ctx.log("Laporan demo: dilewati (tidak ada desa atau sudah ada).")
        return
    users = ctx.users
    reporters = [users.get("bhabin"), users.get("kapolsek"), users.get("kapolsek2"), users.get("mitra_kpu"), None]
    codes = list(TEXTS)
    weights = [WEIGHTS.get(code, 1) for code in codes]
    now = timezone.now()
    made = []
    for _ in range(TOTAL):
        code = ctx.rng.choices(codes, weights)[0]
        place = ctx.rng.choice(desa)
        when = now - timedelta(minutes=int(ctx.rng.triangular(0, 56 * 24 * 60, 0)))
        made.append(_one(ctx, code, place, when, ctx.rng.choice(reporters)))
    for report in ctx.rng.sample(made, DUPLICATE_GROUPS):
        for _ in range(ctx.rng.randint(1, 3)):
            place = Region(code=report.desa_id, name="", lat=report.lat, lon=report.lon)
            made.append(
                _one(
                    ctx,
                    report.suggested_category,
                    place,
                    report.occurred_at + timedelta(minutes=15),
                    ctx.rng.choice(reporters),
                    text=report.text + " — laporan susulan warga",
                )
            )
    _statuses(ctx, made, now)
    alert_level_set(unit=ctx.polres, level=2, user=users.get("kapolres"), note="Masa kampanye", is_demo=True)
    ctx.log(f"Laporan demo: {len(made)} laporan, tingkat siaga Polres: Siaga II.")


def _one(ctx, code, place, when, user, text=None) -> Report:
    name = place.name or ""
    text = text or ctx.rng.choice(TEXTS[code]).format(desa=f"Desa {name}" if name else "desa")
    lat = place.lat + ctx.rng.uniform(-0.004, 0.004)
    lon = place.lon + ctx.rng.uniform(-0.004, 0.004)
    channel = "public" if user is None else ("partner" if user.is_partner else "officer")
    report, _ = report_submit(
        channel=channel,
        user=user,
        client_id=uuid.uuid4(),
        text=text,
        occurred_at=when,
        lat=lat,
        lon=lon,
        category=code if user is not None and ctx.rng.random() < 0.5 else None,
        is_demo=True,
        contact={"name": "Warga (demo)", "phone": "08xx-demo"} if user is None else None,
    )
    reports_triage(ids=[report.pk])  # the demo's duplicates and statuses build on the triage suggestions
    received = when + timedelta(minutes=ctx.rng.randint(2, 40))
    deadline = report.deadline_at - (timezone.now() - received)
    Report.objects.filter(pk=report.pk).update(created_at=received, updated_at=received, deadline_at=deadline)
    ReportEvent.objects.filter(report=report).update(at=received)
    report.refresh_from_db()
    return report


def _spread_events(report: Report) -> None:
    """Demo timelines: the workflow steps follow the receipt by 20 minutes each, not all at build time."""
    for step, event in enumerate(report.events.order_by("id")):
        at = min(report.created_at + timedelta(minutes=20 * step), timezone.now())
        ReportEvent.objects.filter(pk=event.pk).update(at=at)


def _statuses(ctx, reports, now) -> None:
    officer = ctx.users.get("kabagops") or ctx.users.get("kapolres")
    for report in reports:
        report.refresh_from_db()
        age_days = (now - report.occurred_at).days
        roll = ctx.rng.random()
        if age_days < 2 and roll < 0.6:
            continue  # fresh reports stay new
        if roll < 0.12:
            report_reject(report=report, user=officer, reason="Tidak dapat dikonfirmasi di lapangan (demo).")
            continue
        report_verify(report=report, user=officer)
        if age_days < 4 and roll < 0.5:
            continue
        report_start_handling(report=report, user=officer, note="Personel Polsek menuju lokasi.")
        if age_days >= 6 or roll > 0.85:
            report_resolve(report=report, user=officer, note="Situasi kondusif, ditangani bersama Bhabinkamtibmas.")
    for report in reports:
        _spread_events(report)
