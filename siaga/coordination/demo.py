"""Demo: the partner directory (FKUB, Kesbangpol, Dai Kamtibmas, ormas, media beside KPU, Bawaslu, TNI...), a
Pilkades serentak round over a third of the kabupaten's desa, the Kapolres' rakor before it with his arahan to
every Polsek (some done, some under way, one escalated), a readiness dialog with partners partly on Zoom before
Nataru, and an Anev. All flagged as demo; names are fictitious."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from siaga.coordination import services
from siaga.coordination.models import DirectiveTarget, Meeting, PilkadesDesa
from siaga.coordination.pilkades import pilkades_round_write
from siaga.core.access import SYSTEM
from siaga.regions.models import Region
from siaga.regions.selectors import short_name
from siaga.units.services import unit_create

PILKADES_DAY = date(2025, 12, 7)
EXTRA_PARTNERS = [
    ("kesbangpol", "Bakesbangpol"),
    ("pemda", "Pemkab"),
    ("fkub", "FKUB"),
    ("mui", "MUI"),
    ("dai_kamtibmas", "Dai Kamtibmas"),
    ("ormas", "PCNU (demo)"),
    ("media", "Radar Demo"),
    ("koramil", "Koramil Kota (demo)"),
]
CONTACTS = [
    ("kpu", "Ketua KPU (demo)", "Ketua"),
    ("bawaslu", "Ketua Bawaslu (demo)", "Ketua"),
    ("kodim", "Dandim (demo)", "Komandan Kodim"),
    ("kesbangpol", "Kepala Bakesbangpol (demo)", "Kepala Badan"),
    ("fkub", "Ketua FKUB (demo)", "Ketua"),
    ("mui", "Ketua MUI (demo)", "Ketua"),
    ("dai_kamtibmas", "Ketua Dai Kamtibmas (demo)", "Ketua"),
    ("media", "Redaktur Demo", "Redaktur"),
]
FIRST = ["Ahmad", "Budi", "Siti", "Slamet", "Joko", "Hari", "Wahyu", "Sri", "Agus", "Dwi", "Eko", "Nur", "Yusuf"]
LAST = ["Santoso", "Hidayat", "Wibowo", "Rahayu", "Purnomo", "Susilo", "Fauzi", "Lestari", "Prasetyo", "Maulana"]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def build(ctx) -> None:
    name = short_name(ctx.kabupaten)
    partners = dict(ctx.partners)
    for kind, label in EXTRA_PARTNERS:
        partners[kind] = unit_create(
            actor=SYSTEM,
            code=f"{kind.replace('_', '-')}-{ctx.polres.code.split('-', 1)[1]}",
            name=f"{label} {name}" if "(demo)" not in label else label,
            kind=kind,
            parent=ctx.polres,
            regions=[ctx.kabupaten],
            is_demo=True,
        )
    for kind, person, position in CONTACTS:
        if kind in partners:
            services.contact_save(
                unit=partners[kind], name=person, position=position, phone=f"0812-0000-{ctx.rng.randint(1000, 9999)}",
                actor=SYSTEM, is_demo=True,
            )  # fmt: skip
    rnd = _pilkades_round(ctx)
    _meetings(ctx, partners, rnd)
    ctx.log(f"Koordinasi: {len(partners)} mitra, Pilkades serentak {rnd.desas.count()} desa, rapat dan arahan.")


def _pilkades_round(ctx):
    rng = ctx.rng
    desa = list(
        Region.objects.filter(level=4, code__startswith=ctx.kabupaten.code + ".", kind="desa")
        .select_related("parent__parent")
        .order_by("code")
    )
    chosen = desa[::3][:80]  # a third of the desa (kelurahan hold no Pilkades)
    candidates, tps = {}, {}
    for d in chosen:
        n = rng.choice([2, 2, 3, 3, 4])
        candidates[d.code] = {i: (f"{rng.choice(FIRST)} {rng.choice(LAST)} (fiktif)", 0) for i in range(1, n + 1)}
        tps[d.code] = {
            i: {"male": rng.randint(180, 320), "female": rng.randint(180, 330), "address": f"Balai dusun {i}"}
            for i in range(1, rng.randint(3, 9) + 1)
        }
    rnd, _ = pilkades_round_write(
        unit=ctx.polres, voting_day=PILKADES_DAY, desa=chosen, candidates=candidates, tps=tps, actor=SYSTEM,
        is_demo=True,
    )  # fmt: skip
    rows = list(PilkadesDesa.objects.filter(round=rnd))
    for i, row in enumerate(rows):  # the day as it stood in the evening: most counted, two disputed
        if i % 7 == 6:
            continue
        row.voting, row.counting = "closed", "done" if i % 5 else "counting"
        if row.counting == "done":
            row.result = "disputed" if i % 17 == 3 else "accepted"
            row.winner_number = 1 + i % 2
        row.save()
    ctx.extras["pilkades_round"] = rnd
    return rnd


def _meetings(ctx, partners, rnd) -> None:
    polseks = ctx.polseks
    kapolres = ctx.users.get("kapolres", SYSTEM)
    rakor = services.meeting_create(
        unit=ctx.polres,
        title="Rakor dan arahan Kapolres: pengamanan Pilkades serentak",
        kind=Meeting.Kind.APEL,
        starts_at=_at(PILKADES_DAY - timedelta(days=14), 9),
        place=f"Gedung Rupatama {ctx.polres.name}",
        agenda="Kesiapan pengamanan Pilkades serentak\nPemetaan kerawanan desa\nArahan Kapolres",
        invite_units=polseks,
        actor=SYSTEM,
        is_demo=True,
    )
    services.meeting_minutes_save(
        meeting=rakor,
        minutes="Kapolres memberi arahan kepada seluruh Kapolsek dan Kanit Intel: sambang setiap calon kades, "
        "perangkat "
        "desa dan tokoh; jangan meremehkan desa yang dulu aman.",
        decisions="Sambang calon kades tuntas sebelum H-2.\nPetakan ulang kerawanan setiap desa.",
        actor=SYSTEM,
    )
    for i, invitee in enumerate(rakor.invitees.all()):
        services.invitee_mark(invitee=invitee, status="present" if i % 6 else "absent", actor=SYSTEM)
    sambang = services.directive_issue(
        unit=ctx.polres,
        title="Sambang setiap calon kades, perangkat desa dan tokoh",
        body="Laporkan jumlah calon yang sudah disambang dan catatan kerawanan desa.",
        deadline=PILKADES_DAY - timedelta(days=2),
        units=polseks,
        meeting=rakor,
        actor=SYSTEM,
        today=rakor.starts_at.date(),
        is_demo=True,
    )
    sambang.issued_by = kapolres if kapolres is not SYSTEM else None
    sambang.save(update_fields=["issued_by"])
    now = timezone.now()
    for i, target in enumerate(DirectiveTarget.objects.filter(directive=sambang).order_by("unit__path")):
        if i % 3:  # two sectors in three closed; the deadline passed for the rest and the worker escalated them
            target.status, target.closed_at, target.progress = "done", now, 5 + i % 4
            target.acknowledged_at = now
        else:
            target.status = "in_progress" if i % 2 else "acknowledged"
            target.acknowledged_at, target.escalated_at = now, now
        target.save()
    anev_day = timezone.localdate() + timedelta(days=10)
    follow_up = services.directive_issue(
        unit=ctx.polres,
        title="Amankan musyawarah dan penyelesaian sengketa hasil Pilkades di desa yang disengketakan",
        deadline=anev_day - timedelta(days=1),
        units=polseks[:8],
        actor=SYSTEM,
        is_demo=True,
    )
    for i, target in enumerate(DirectiveTarget.objects.filter(directive=follow_up).order_by("unit__path")):
        target.status = ["pending", "acknowledged", "in_progress", "done"][i % 4]
        target.acknowledged_at = now if target.status != "pending" else None
        target.closed_at = now if target.status == "done" else None
        target.progress = i if target.status in ("in_progress", "done") else 0
        target.save()
    dialog = services.meeting_create(
        unit=ctx.polres,
        title="Dialog kesiapan pengamanan Natal dan Tahun Baru di masa kampanye",
        kind=Meeting.Kind.DIALOG,
        mode=Meeting.Mode.HYBRID,
        starts_at=_at(date(2024, 12, 18), 13),
        place=f"Aula {ctx.polres.name}",
        link="https://zoom.us/j/0000000000",
        election=ctx.extras.get("election"),
        agenda="Kesiapan Nataru\nPotensi gesekan di masa kampanye",
        invite_units=[partners[k] for k in ("fkub", "dai_kamtibmas", "bawaslu", "kpu", "mui", "kesbangpol")],
        actor=SYSTEM,
        is_demo=True,
    )
    services.meeting_minutes_save(
        meeting=dialog, minutes="FKUB dan Dai Kamtibmas menyampaikan kesiapan menjaga kondusivitas.",
        decisions="Patroli gabungan di tempat ibadah malam Natal.", actor=SYSTEM,
    )  # fmt: skip
    services.meeting_create(
        unit=ctx.polres,
        title="Anev pengamanan Pilkada dan Pilkades",
        kind=Meeting.Kind.ANEV,
        starts_at=_at(anev_day, 9),
        place=f"Ruang Bagops {ctx.polres.name}",
        invite_units=polseks[:6],
        actor=SYSTEM,
        is_demo=True,
    )
    ctx.extras["rakor"] = rakor
    ctx.extras["directive"] = sambang
