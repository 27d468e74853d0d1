"""Demo Binmas data for the demo district (marked is_demo): desa and RW beats, tokoh, visits of the last 45 days,
aspirations at every step, two himbauan campaigns, a directive for every calon kades and a weekly plan."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from siaga.community import services
from siaga.community.models import Aspiration, AspirationEvent, Beat, EarlyWarning, Tokoh, Visit
from siaga.core.access import SYSTEM
from siaga.core.jobs import job_execute

FIRST = ["Ahmad", "Siti", "Slamet", "Sri", "Hasan", "Nur", "Agus", "Dewi", "Bambang", "Yuli", "Imam", "Rina"]
LAST = ["Hidayat", "Wahyuni", "Santoso", "Rahayu", "Basri", "Fauzi", "Setiawan", "Lestari", "Kurniawan", "Maulana"]
TOKOH = [
    ("tokoh_agama", "KH"),
    ("tokoh_masyarakat", "Bapak"),
    ("perangkat_desa", "Sekdes"),
    ("calon_kades", "Cakades"),
    ("tokoh_pemuda", "Mas"),
    ("pegiat_medsos", "Admin grup"),
]
TOPICS = ["Pilkades damai", "Hoaks DPT", "Keamanan lingkungan", "Politik uang", "Ronda malam"]
ASPIRATIONS = [
    ("infrastruktur", "Penerangan jalan menuju TPS"),
    ("pemilu", "Warga pindahan belum masuk DPT"),
    ("kamtibmas", "Balap liar tiap malam minggu"),
    ("hoaks", "Beredar pesan berantai soal surat suara"),
]


def build(ctx) -> None:
    if Beat.objects.filter(is_demo=True, unit__path__startswith=ctx.polres.path).exists():
        ctx.log("Binmas: data demo sudah ada, dilewati.")
        return
    from siaga.regions.models import Region
    from siaga.units.selectors import polsek_by_desa

    mapping = polsek_by_desa(kabupaten_code=ctx.kabupaten.code)
    units = {u.pk: u for u in ctx.polseks}
    desa = [d for d in Region.objects.filter(code__in=list(mapping)).order_by("code") if mapping[d.code] in units]
    bhabin = ctx.users.get("bhabin")
    beats = _beats(ctx, desa, mapping, units, bhabin)
    tokoh = _tokoh(ctx, beats)
    campaigns, directive = _campaigns(ctx, desa)
    visits = _visits(ctx, beats, tokoh, campaigns, bhabin)
    _aspirations(ctx, visits)
    plan = services.visit_plan_create(actor=SYSTEM, unit=ctx.polseks[0], week_start=timezone.localdate())
    job_execute(plan.job)
    ctx.extras["visit_plan"] = plan
    ctx.log(
        f"Binmas: {len(beats)} wilayah binaan, {len(tokoh)} tokoh, {len(visits)} kunjungan 45 hari, "
        f"arahan '{directive.title}', rencana kunjungan minggu ini."
    )


def _name(ctx) -> str:
    return f"{ctx.rng.choice(FIRST)} {ctx.rng.choice(LAST)}"


def _near(ctx, lat, lon, km=1.2):
    return lat + ctx.rng.uniform(-km, km) / 111, lon + ctx.rng.uniform(-km, km) / 111


def _beats(ctx, desa, mapping, units, bhabin) -> list[Beat]:
    rows = []
    own = [d for d in desa if mapping[d.code] == ctx.polseks[0].pk][:3]
    for d in desa:
        if d.lat is None:
            continue
        unit = units[mapping[d.code]]
        covered = ctx.rng.random() < 0.85
        rows.append(
            Beat(
                unit=unit,
                desa=d,
                kind="desa",
                lat=d.lat,
                lon=d.lon,
                radius_m=2000,
                is_demo=True,
                officer=bhabin if d in own else None,
                babinsa_name=f"Serda {_name(ctx)}" if covered else "",
            )
        )
        for rw in range(1, ctx.rng.randint(3, 7)):
            lat, lon = _near(ctx, d.lat, d.lon)
            rows.append(
                Beat(
                    unit=unit,
                    desa=d,
                    kind="rw",
                    rw=f"{rw:02d}",
                    lat=lat,
                    lon=lon,
                    radius_m=500,
                    households=ctx.rng.randint(60, 250),
                    is_demo=True,
                    officer=bhabin if d in own and rw <= 2 else None,
                )
            )
    return Beat.objects.bulk_create(rows)


def _tokoh(ctx, beats) -> list[Tokoh]:
    rows = []
    for beat in beats:
        if beat.kind != "desa":
            continue
        for kind, title in TOKOH:
            if kind == "calon_kades" and ctx.rng.random() < 0.7:
                continue
            lat, lon = _near(ctx, beat.lat, beat.lon)
            rows.append(
                Tokoh(
                    unit=beat.unit,
                    desa=beat.desa,
                    name=f"{title} {_name(ctx)}",
                    kind=kind,
                    influence=ctx.rng.randint(1, 5),
                    lat=lat,
                    lon=lon,
                    is_demo=True,
                    phone=f"08{ctx.rng.randint(10**9, 10**10 - 1)}",
                    intel_note="Dekat dengan salah satu tim sukses." if ctx.rng.random() < 0.1 else "",
                )
            )
    return Tokoh.objects.bulk_create(rows)


def _campaigns(ctx, desa):
    today = timezone.localdate()
    damai = services.campaign_save(
        actor=SYSTEM,
        unit=ctx.polres,
        title="Pilkada damai, tolak politik uang",
        kind="pemilu_damai",
        message="Beda pilihan tetap saudara; jangan terprovokasi.",
        start=today - timedelta(days=30),
        end=today + timedelta(days=30),
        target_desa=desa[:60],
        is_demo=True,
    )
    hoaks = services.campaign_save(
        actor=SYSTEM,
        unit=ctx.polres,
        title="Kontra hoaks surat suara tercoblos",
        kind="kontra_hoaks",
        message="Surat suara tercoblos adalah hoaks; cek ke KPU.",
        hoax="Surat suara sudah tercoblos di gudang",
        start=today - timedelta(days=10),
        end=today + timedelta(days=20),
        is_demo=True,
    )
    for day in range(5):
        services.reach_record(
            actor=SYSTEM,
            campaign=damai,
            channel="khotbah",
            day=today - timedelta(days=day),
            audience=ctx.rng.randint(80, 300),
            note="Khotbah Jumat",
        )
        services.reach_record(
            actor=SYSTEM,
            campaign=hoaks,
            channel="whatsapp",
            day=today - timedelta(days=day),
            audience=ctx.rng.randint(50, 250),
            note="Grup WA RW",
        )
    directive = services.directive_save(
        actor=SYSTEM,
        unit=ctx.polres,
        title="Sambang seluruh calon kades",
        tokoh_kinds=["calon_kades"],
        start=today - timedelta(days=14),
        deadline=today + timedelta(days=14),
        is_demo=True,
    )
    return [damai, hoaks], directive


def _visits(ctx, beats, tokoh, campaigns, bhabin) -> list[Visit]:
    now = timezone.now()
    by_desa = {}
    for t in tokoh:
        by_desa.setdefault(t.desa_id, []).append(t)
    desa_beats = [b for b in beats if b.kind == "desa"]
    rows, links, carried = [], [], []
    for beat in ctx.rng.sample(desa_beats, k=int(len(desa_beats) * 0.7)):
        for _ in range(ctx.rng.randint(1, 4)):
            at = now - timedelta(days=ctx.rng.uniform(0, 45))
            lat, lon = _near(ctx, beat.lat, beat.lon, 0.8 if ctx.rng.random() < 0.95 else 8)
            far = ((lat - beat.lat) ** 2 + (lon - beat.lon) ** 2) ** 0.5 * 111000 > beat.radius_m + 150
            rows.append(
                Visit(
                    client_id=uuid.uuid4(),
                    unit=beat.unit,
                    officer=bhabin if beat.officer_id else None,
                    beat=beat,
                    desa=beat.desa,
                    kind=ctx.rng.choice(["sambang", "dds", "sambung_roso", "ceramah_masjid", "pos_ronda"]),
                    at=at,
                    lat=lat,
                    lon=lon,
                    accuracy_m=15,
                    position_check="outside" if far else "inside",
                    audience="kelompok",
                    headcount=ctx.rng.randint(3, 60),
                    topics=ctx.rng.choice(TOPICS),
                    himbauan="Jaga kondusivitas, jangan sebar hoaks.",
                    is_demo=True,
                )
            )
    visits = Visit.objects.bulk_create(rows)
    for v in visits:
        for t in ctx.rng.sample(by_desa.get(v.desa_id, []), k=min(2, len(by_desa.get(v.desa_id, [])))):
            links.append(Visit.tokoh.through(visit_id=v.pk, tokoh_id=t.pk))
        if ctx.rng.random() < 0.5:
            carried.append(Visit.campaigns.through(visit_id=v.pk, campaign_id=ctx.rng.choice(campaigns).pk))
    Visit.tokoh.through.objects.bulk_create(links)
    Visit.campaigns.through.objects.bulk_create(carried)
    for v in ctx.rng.sample(visits, k=min(8, len(visits))):
        EarlyWarning.objects.create(
            visit=v,
            unit=v.unit,
            text="Informasi rencana pengerahan massa pendukung.",
            source="Warga setempat (dirahasiakan)",
            is_demo=True,
        )
    return visits


def _aspirations(ctx, visits) -> None:
    partners = list(ctx.partners.values())
    now = timezone.now()
    for v in ctx.rng.sample(visits, k=min(30, len(visits))):
        topic, text = ctx.rng.choice(ASPIRATIONS)
        status = ctx.rng.choice(["recorded", "routed", "routed", "answered", "returned"])
        item = Aspiration.objects.create(
            unit=v.unit,
            desa=v.desa,
            visit=v,
            kind=ctx.rng.choice(["aspirasi", "keluhan"]),
            topic=topic,
            text=text,
            status=status,
            routed_to=ctx.rng.choice(partners) if status != "recorded" and partners else None,
            due=(v.at + timedelta(days=7)).date(),
            answer="Sudah ditindaklanjuti." if status in ("answered", "returned") else "",
            answered_at=now if status in ("answered", "returned") else None,
            returned_at=now if status == "returned" else None,
            is_demo=True,
        )
        AspirationEvent.objects.create(aspiration=item, new="recorded")
        if status != "recorded":
            AspirationEvent.objects.create(aspiration=item, old="recorded", new=status)
