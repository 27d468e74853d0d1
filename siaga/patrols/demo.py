"""Demo patrol data for the demo district (marked is_demo): objects, joint teams, a 7-day plan, check-ins."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from siaga.core.access import SYSTEM
from siaga.core.jobs import job_execute
from siaga.patrols.choices import ObjectKind
from siaga.patrols.models import PatrolCheckin, PatrolPlan, PatrolStop, PatrolTeam, VulnerableObject
from siaga.patrols.services import (
    critical_period_create,
    patrol_checkin_record,
    patrol_plan_create,
    patrol_team_save,
    shift_create,
)

SHIFTS = [("Pagi", time(8), time(14)), ("Siang", time(14), time(20)), ("Malam", time(20), time(2))]
WORSHIP = ["Masjid Jami'", "Masjid Al-Ikhlas", "Gereja Kristen Jawi Wetan", "Pura", "Klenteng", "Masjid Baitur Rahman"]
CANDIDATE_POSTS = ["Posko pemenangan paslon 01", "Posko pemenangan paslon 02", "Rumah calon bupati"]


def build(ctx) -> None:
    if VulnerableObject.objects.filter(is_demo=True, unit__path__startswith=ctx.polres.path).exists():
        ctx.log("Patroli: data demo sudah ada, dilewati.")
        return
    objects = _objects(ctx)
    teams = _teams(ctx)
    plan = _plan(ctx)
    checkins = _checkins(ctx, plan)
    ctx.extras["patrol_plan"] = plan
    ctx.log(
        f"Patroli: {len(objects)} objek rawan, {len(teams)} tim gabungan, {plan.summary.get('visits', 0)} "
        f"kunjungan terencana 7 hari, {checkins} check-in hari ini."
    )


def _jitter(ctx, lat, lon, km: float = 0.8):
    if lat is None:
        return None, None
    return lat + ctx.rng.uniform(-km, km) / 111, lon + ctx.rng.uniform(-km, km) / 111


def _make(ctx, *, unit, kind, name, lat, lon, weight, desa=None, shared=(), **extra) -> VulnerableObject:
    obj = VulnerableObject.objects.create(
        unit=unit,
        kind=kind,
        name=name,
        lat=lat,
        lon=lon,
        base_weight=weight,
        desa=desa,
        is_demo=True,
        owner=extra.pop("owner", ""),
        address=extra.pop("address", ""),
        **extra,
    )
    if shared:
        obj.shared_with.set(shared)
    return obj


def _objects(ctx) -> list[VulnerableObject]:
    kab, p = ctx.kabupaten, ctx.partners
    name = kab.name.removeprefix("Kabupaten ").removeprefix("Kota ")
    objs = [
        _make(
            ctx,
            unit=ctx.polres,
            kind=ObjectKind.KPU_OFFICE,
            name=f"Kantor KPU Kabupaten {name}",
            lat=kab.lat + 0.004,
            lon=kab.lon + 0.003,
            weight=9,
            shared=[p["kpu"]],
            owner="KPU Kabupaten",
            open_from=time(8),
            open_to=time(16),
        ),
        _make(
            ctx,
            unit=ctx.polres,
            kind=ObjectKind.BAWASLU_OFFICE,
            name=f"Kantor Bawaslu Kabupaten {name}",
            lat=kab.lat - 0.003,
            lon=kab.lon + 0.005,
            weight=8,
            shared=[p["bawaslu"]],
            owner="Bawaslu Kabupaten",
        ),
        _make(
            ctx,
            unit=ctx.polres,
            kind=ObjectKind.CROWD,
            name=f"Alun-alun {name}",
            lat=kab.lat,
            lon=kab.lon,
            weight=7,
            owner="Pemerintah Kabupaten",
        ),
        _make(
            ctx,
            unit=ctx.polres,
            kind=ObjectKind.VITAL,
            name="Gardu induk PLN",
            weight=6,
            owner="PLN",
            lat=kab.lat + 0.02,
            lon=kab.lon - 0.015,
        ),
        _make(
            ctx,
            unit=ctx.polres,
            kind=ObjectKind.VITAL,
            name="Terminal bus",
            weight=5,
            owner="Dishub",
            lat=kab.lat - 0.018,
            lon=kab.lon - 0.02,
            shared=[p["dishub"]],
        ),
    ]
    for number in (1, 2):
        warehouse = _make(
            ctx,
            unit=ctx.polres,
            kind=ObjectKind.WAREHOUSE,
            name=f"Gudang logistik KPU {number}",
            weight=9,
            lat=kab.lat + 0.01 * number,
            lon=kab.lon + 0.012,
            shared=[p["kpu"]],
            owner="KPU Kabupaten",
        )
        start = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=2), time(6)))
        critical_period_create(
            actor=SYSTEM,
            obj=warehouse,
            label="Distribusi logistik pemilihan",
            starts_at=start,
            ends_at=start + timedelta(days=3),
            multiplier=1.8,
        )
        objs.append(warehouse)
    for polsek, kec in _polsek_kecamatan(ctx):
        objs += _kecamatan_objects(ctx, polsek, kec)
    objs.append(
        _make(
            ctx,
            unit=ctx.polres,
            kind=ObjectKind.CANDIDATE,
            name="Rumah tim sukses (alamat belum dipetakan)",
            lat=None,
            lon=None,
            weight=6,
            note="Koordinat belum diketahui: contoh objek yang tak terjadwal.",
        )
    )
    return objs


def _polsek_kecamatan(ctx):
    by_name = {kec.name: kec for kec in ctx.kabupaten.children.all()}
    for polsek in ctx.polseks:
        kec = by_name.get(polsek.name.removeprefix("Polsek "))
        if kec is not None and kec.lat is not None:
            yield polsek, kec


def _kecamatan_objects(ctx, polsek, kec) -> list[VulnerableObject]:
    desa = list(kec.children.all()[:20])
    pick = (lambda: ctx.rng.choice(desa)) if desa else (lambda: None)
    objs = [
        _make(
            ctx,
            unit=polsek,
            kind=ObjectKind.PPK_PPS,
            name=f"Kantor PPK {kec.name}",
            lat=kec.lat + 0.001,
            lon=kec.lon + 0.001,
            weight=ctx.rng.randint(4, 7),
            shared=[ctx.partners["kpu"]],
            desa=pick(),
        )
    ]
    roll = ctx.rng.random()
    if roll < 0.3:
        lat, lon = _jitter(ctx, kec.lat, kec.lon, 0.3)
        objs.append(
            _make(
                ctx,
                unit=polsek,
                kind=ObjectKind.CROWD,
                name=f"Alun-alun {kec.name}",
                lat=lat,
                lon=lon,
                weight=ctx.rng.randint(4, 7),
                desa=pick(),
            )
        )
    if roll > 0.55:
        lat, lon = _jitter(ctx, kec.lat, kec.lon, 1.5)
        objs.append(
            _make(
                ctx,
                unit=polsek,
                kind=ObjectKind.CANDIDATE,
                name=f"{ctx.rng.choice(CANDIDATE_POSTS)} {kec.name}",
                lat=lat,
                lon=lon,
                weight=ctx.rng.randint(3, 8),
                desa=pick(),
            )
        )
    if ctx.rng.random() < 0.45:
        lat, lon = _jitter(ctx, kec.lat, kec.lon, 1.0)
        objs.append(
            _make(
                ctx,
                unit=polsek,
                kind=ObjectKind.WORSHIP,
                name=f"{ctx.rng.choice(WORSHIP)} {kec.name}",
                lat=lat,
                lon=lon,
                weight=ctx.rng.randint(2, 5),
                desa=pick(),
            )
        )
    return objs


def _teams(ctx) -> list[PatrolTeam]:
    partners = [ctx.partners[k] for k in ("kodim", "satpolpp", "dishub")]
    pairs = list(_polsek_kecamatan(ctx))
    step = max(len(pairs) // 6, 1)
    bases = [(ctx.polres, ctx.kabupaten.lat, ctx.kabupaten.lon)] * 4
    bases += [(polsek, kec.lat, kec.lon) for polsek, kec in pairs[::step][:6]]
    teams = []
    for number, (unit, lat, lon) in enumerate(bases, start=1):
        data = {
            "unit": unit,
            "name": f"Tim Patroli Gabungan {number}",
            "polri_count": 4,
            "tni_count": 2,
            "satpolpp_count": 2 if number % 2 else 1,
            "dishub_count": 1 if number <= 4 else 0,
            "vehicle": "Mobil patroli" if number % 3 else "Sepeda motor trail",
            "base_name": unit.name,
            "base_lat": lat,
            "base_lon": lon,
            "speed_kmh": 35,
            "visits_per_shift": 5,
        }
        members = [ctx.users["bhabin"]] if unit == ctx.polseks[0] else []
        team = patrol_team_save(actor=SYSTEM, data=data, partners=partners, members=members)
        PatrolTeam.objects.filter(pk=team.pk).update(is_demo=True)
        name, start, end = SHIFTS[(number - 1) % 3]
        shift_create(actor=SYSTEM, team=team, start=start, end=end, name=name)
        if number in (1, 5):
            name, start, end = SHIFTS[2]
            shift_create(actor=SYSTEM, team=team, start=start, end=end, name=name, days="45")
        teams.append(team)
    return teams


def _plan(ctx) -> PatrolPlan:
    today = timezone.localdate()
    plan = patrol_plan_create(
        unit=ctx.polres,
        date_from=today,
        date_to=today + timedelta(days=6),
        actor=SYSTEM,
        title="Patroli gabungan masa kampanye (demo)",
        is_demo=True,
    )
    job_execute(plan.job)
    PatrolPlan.objects.filter(pk=plan.pk).update(created_by=ctx.users["kabagops"])  # the demo story's planner
    plan.refresh_from_db()
    return plan


def _checkins(ctx, plan) -> int:
    today = timezone.localdate()
    now = timezone.now()
    stops = list(PatrolStop.objects.filter(plan=plan, day=today).select_related("team", "object").order_by("arrival"))
    done = [s for s in stops if s.arrival <= now][:6] or stops[:3]
    for stop in done:
        # a check-in is signed by the officer who made it (a demo persona), not by the system
        member = stop.team.members.first() or ctx.users["kabagops"]
        lat, lon = _jitter(ctx, stop.object.lat, stop.object.lon, 0.03)
        patrol_checkin_record(
            user=member,
            client_id=uuid.uuid4(),
            team=stop.team,
            obj=stop.object,
            stop=stop,
            at=min(stop.arrival + timedelta(minutes=3), now),
            lat=lat,
            lon=lon,
            accuracy_m=15.0,
            note="Situasi aman dan kondusif.",
            is_demo=True,
        )
    return PatrolCheckin.objects.filter(is_demo=True, stop__plan=plan).count()
