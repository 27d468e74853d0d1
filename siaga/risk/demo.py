"""Demo: indicator values for the demo TPS drawn so that Bawaslu's national shares (DOMAIN.md §2) are roughly
reproduced, clustered by desa; a few intel notes; then the categories computed. Runs after the stations demo."""

from django.db import transaction
from django.db.models import Count

from siaga.risk.models import IntelNote, Source, StationIndicator
from siaga.risk.services import categories_recompute, profile_get_or_create
from siaga.stations.models import Station

# Share of TPS with the indicator, from the national Bawaslu counts (Pemilu 2024 counts ÷ 820,161 TPS; Pilkada-only
# indicators ÷ 435,296 TPS, disabled voters from Jabar). Indicators without a published count get a small share.
SHARES = {
    "dpt_tms": 0.153, "dptb": 0.146, "kpps_luar_domisili": 0.047, "kendala_internet": 0.044,
    "dekat_posko_kampanye": 0.027, "potensi_dpk": 0.0227, "rawan_bencana": 0.0132, "kendala_listrik": 0.0099,
    "dekat_sekolah": 0.0059, "sulit_dijangkau": 0.0051, "politik_uang": 0.0047, "riwayat_kekerasan": 0.0028,
    "intimidasi_penyelenggara": 0.0027, "dekat_pabrik_tambang": 0.0025, "logistik_kurang_lebih": 0.0024,
    "ujaran_kebencian_sara": 0.001, "rawan_konflik": 0.0044, "netralitas_asn_tni_polri": 0.0015,
    "netralitas_kades": 0.0012, "netralitas_penyelenggara": 0.0008, "kpps_berkampanye": 0.0005,
    "pemilih_disabilitas": 0.20, "riwayat_psu": 0.0019, "logistik_rusak": 0.001, "logistik_terlambat": 0.001,
    "logistik_tertukar_terlambat": 0.001, "lokasi_khusus": 0.0005, "penolakan_pemungutan": 0.0001,
}  # fmt: skip
NOTES = [
    (3, "Dua kubu pendukung paslon berbasis massa di dusun yang sama; pernah bentrok saat kampanye."),
    (2, "Informasi adanya rencana pembagian sembako menjelang masa tenang."),
    (2, "Tokoh masyarakat setempat aktif menggalang dukungan dan menolak KPPS baru."),
    (1, "Akses jalan rusak saat hujan; perlu kendaraan roda dua."),
    (2, "Beredar pesan berantai bernada SARA di grup WhatsApp warga."),
]


def _draw(ctx, stations, indicators) -> list[StationIndicator]:
    desa_factor: dict[str, float] = {}
    rows = []
    for s in stations:
        factor = desa_factor.setdefault(s.desa_id, ctx.rng.lognormvariate(-0.18, 0.6))
        codes = {c for c in indicators if ctx.rng.random() < min(0.9, SHARES.get(c, 0.001) * factor)}
        if s.special_type == Station.SpecialType.REMOTE:
            codes.add("sulit_dijangkau")
        if s.special_type == Station.SpecialType.LAPAS:
            codes.add("lokasi_khusus")
        rows += [StationIndicator(station=s, indicator=indicators[c], source=Source.DEMO) for c in codes]
    return rows


def _conflict_in_remote(stations, indicators) -> list[StationIndicator]:
    """Polda Lampung's sangat rawan: some hard-to-reach TPS with a history of conflict."""
    remote = [s for s in stations if s.special_type == Station.SpecialType.REMOTE][:3]
    code = "rawan_konflik" if "rawan_konflik" in indicators else "riwayat_kekerasan"
    return [StationIndicator(station=s, indicator=indicators[code], source=Source.DEMO) for s in remote]


def _notes(ctx, election, stations) -> list[IntelNote]:
    author = ctx.users.get("kasatintel")
    picks = ctx.rng.sample(stations, min(40, len(stations)))
    notes = []
    for i, s in enumerate(picks):
        severity, text = NOTES[i % len(NOTES)]
        whole_desa = i % 8 == 0
        notes.append(
            IntelNote(
                election=election,
                station=None if whole_desa else s,
                desa_id=s.desa_id,
                severity=severity,
                text=text,
                author=author,
                unit_id=s.unit_id or ctx.polres.pk,
                is_demo=True,
            )  # fmt: skip
        )
    return notes


def build(ctx) -> None:
    election, operation = ctx.extras.get("election"), ctx.extras.get("operation")
    if election is None or operation is None:
        ctx.log("Kerawanan: dilewati (belum ada pemilihan/operasi demo).")
        return
    profile = profile_get_or_create(election=election, operation=operation)
    indicators = {i.code: i for i in profile.indicators.filter(active=True)}
    stations = list(Station.objects.filter(election=election).order_by("pk"))
    if not stations:
        ctx.log("Kerawanan: dilewati (belum ada TPS demo).")
        return
    with transaction.atomic():
        StationIndicator.objects.filter(station__election=election).delete()
        IntelNote.objects.filter(election=election, is_demo=True).delete()
        rows = _draw(ctx, stations, indicators)
        rows += [r for r in _conflict_in_remote(stations, indicators) if r not in rows]
        StationIndicator.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        IntelNote.objects.bulk_create(_notes(ctx, election, stations))
    result = categories_recompute(election=election)
    counts = dict(Station.objects.filter(election=election).values_list("category").annotate(n=Count("id")))
    summary = ", ".join(f"{profile.category(c)['label']} {n}" for c, n in sorted(counts.items(), key=lambda x: -x[1]))
    ctx.log(f"Kerawanan: {len(rows)} indikator TPS, {result['stations']} TPS dinilai: {summary}.")
