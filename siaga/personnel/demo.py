"""Demo: 1,067 Polri personnel for the demo Polres (Polres Jember, Pilkada 2024, DOMAIN.md 5.2) over the Polres HQ
functions and the Polsek, with synthetic names (flagged demo), NRPs, ranks and home bases near their HQ (a few
without); Linmas 2 per TPS per desa and TNI counts per Koramil (kecamatan); a few officers on leave on voting day."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count

from siaga.core.audit import audit_record
from siaga.personnel.choices import Agency, Function, Rank, UnavailabilityReason
from siaga.personnel.models import Personnel, SupportStrength, Unavailability

TOTAL = 1067
HQ = {  # Polres HQ strength per function (the rest serves in the Polsek)
    Function.SAMAPTA: 130,
    Function.LANTAS: 70,
    Function.RESKRIM: 45,
    Function.INTELKAM: 35,
    Function.RESNARKOBA: 20,
    Function.BINMAS: 15,
    Function.OPS: 15,
    Function.PROPAM: 10,
    Function.HUMAS: 6,
    Function.LOG: 14,
    Function.TAHTI: 8,
    Function.BRIMOB: 30,
}
POLSEK_MIX = [
    (Function.SAMAPTA, 0.40),
    (Function.BHABIN, 0.30),
    (Function.RESKRIM, 0.15),
    (Function.INTELKAM, 0.10),
    (Function.LANTAS, 0.05),
]
RANK_WEIGHTS = [
    (Rank.BRIPDA, 18),
    (Rank.BRIPTU, 18),
    (Rank.BRIGPOL, 20),
    (Rank.BRIPKA, 16),
    (Rank.AIPDA, 10),
    (Rank.AIPTU, 9),
    (Rank.IPDA, 4),
    (Rank.IPTU, 3),
    (Rank.AKP, 2),
]
GIVEN = [
    "Agus",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hadi",
    "Imam",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhammad",
    "Nur",
    "Oki",
    "Prasetyo",
    "Rizal",
    "Slamet",
    "Teguh",
    "Wahyu",
    "Yudi",
    "Zainal",
    "Ahmad",
    "Bambang",
    "Dwi",
    "Galih",
    "Hendra",
    "Irfan",
    "Rudi",
    "Sugeng",
    "Taufik",
    "Wawan",
    "Ari",
    "Andi",
    "Rina",
    "Siti",
    "Dewi",
    "Yuni",
    "Fitri",
    "Lestari",
    "Ratna",
    "Anisa",
]
FAMILY = [
    "Santoso",
    "Wibowo",
    "Setiawan",
    "Hidayat",
    "Saputra",
    "Susanto",
    "Gunawan",
    "Kusuma",
    "Pratama",
    "Nugroho",
    "Firmansyah",
    "Hakim",
    "Rahman",
    "Wijaya",
    "Purnomo",
    "Hartono",
    "Syahputra",
    "Maulana",
    "Ramadhan",
    "Suharto",
    "Utomo",
    "Prakoso",
    "Sulistyo",
    "Hermawan",
    "Yulianto",
]


def _name(rng) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _nrp(rng, seq: int) -> str:
    return f"{rng.randint(70, 99):02d}{rng.randint(1, 12):02d}{seq:04d}"


def _home(rng, unit):
    if unit.lat is None or rng.random() < 0.02:
        return None, None
    return round(unit.lat + rng.gauss(0, 0.02), 6), round(unit.lon + rng.gauss(0, 0.02), 6)


def _rank(rng) -> str:
    return rng.choices([r for r, _ in RANK_WEIGHTS], weights=[w for _, w in RANK_WEIGHTS])[0]


def _officer(ctx, seq: int, unit, function: str) -> Personnel:
    lat, lon = _home(ctx.rng, unit)
    return Personnel(
        nrp=_nrp(ctx.rng, seq),
        name=_name(ctx.rng),
        rank=_rank(ctx.rng),
        function=function,
        unit=unit,
        home_lat=lat,
        home_lon=lon,
        phone=f"08{ctx.rng.randint(10**9, 10**10 - 1)}",
        is_demo=True,
    )


def _roster(ctx) -> list[Personnel]:
    people, seq = [], 1
    for function, n in HQ.items():
        for _ in range(n):
            people.append(_officer(ctx, seq, ctx.polres, function))
            seq += 1
    per_polsek = (TOTAL - len(people)) // max(len(ctx.polseks), 1)
    extra = (TOTAL - len(people)) - per_polsek * len(ctx.polseks)
    for i, polsek in enumerate(ctx.polseks):
        n = per_polsek + (1 if i < extra else 0)
        for _ in range(n):
            function = ctx.rng.choices([f for f, _ in POLSEK_MIX], weights=[w for _, w in POLSEK_MIX])[0]
            people.append(_officer(ctx, seq, polsek, function))
            seq += 1
    return people


def _link_demo_user(ctx, people: list[Personnel]) -> None:
    """The demo Bhabinkamtibmas account gets a register entry, so that "Tugas saya" shows a card."""
    user = ctx.users.get("bhabin")
    polsek = ctx.polseks[0] if ctx.polseks else None
    mine = next((p for p in people if p.unit_id == getattr(polsek, "pk", None) and p.function == Function.BHABIN), None)
    if user is None or mine is None:
        return
    mine.name, mine.rank = "Demo Bhabinkamtibmas", Rank.AIPTU
    mine.home_lat, mine.home_lon = polsek.lat, polsek.lon
    user.nrp = mine.nrp
    user.save(update_fields=["nrp"])


def _support(ctx) -> tuple[int, int]:
    from siaga.stations.models import Station

    election = ctx.extras.get("election")
    rows = []
    linmas = 0
    if election is not None:
        per_desa = Station.objects.filter(election=election).values("unit_id", "desa_id").annotate(n=Count("id"))
        for r in per_desa:
            rows.append(
                SupportStrength(
                    agency=Agency.LINMAS,
                    unit_id=r["unit_id"] or ctx.polres.pk,
                    desa_id=r["desa_id"],
                    count=2 * r["n"],
                    is_demo=True,
                )
            )
            linmas += 2 * r["n"]
    tni = 0
    for polsek in ctx.polseks:
        n = ctx.rng.randint(8, 16)
        tni += n
        rows.append(SupportStrength(agency=Agency.TNI, unit=polsek, count=n, note="Koramil (demo)", is_demo=True))
    SupportStrength.objects.bulk_create(rows, batch_size=500)
    return linmas, tni


def _leave(ctx, people: list[Personnel]) -> int:
    election = ctx.extras.get("election")
    day = election.voting_day if election else datetime.date(2024, 11, 27)
    chosen = ctx.rng.sample(people, k=min(12, len(people)))
    reasons = [UnavailabilityReason.CUTI, UnavailabilityReason.SAKIT, UnavailabilityReason.DINAS]
    Unavailability.objects.bulk_create(
        Unavailability(
            personnel=p,
            start=day - datetime.timedelta(days=2),
            end=day + datetime.timedelta(days=1),
            reason=ctx.rng.choice(reasons),
            note="demo",
        )
        for p in chosen
    )
    return len(chosen)


def build(ctx) -> None:
    with transaction.atomic():
        Personnel.objects.filter(is_demo=True, unit__path__startswith=ctx.polres.path).delete()
        SupportStrength.objects.filter(is_demo=True, unit__path__startswith=ctx.polres.path).delete()
        people = _roster(ctx)
        _link_demo_user(ctx, people)
        Personnel.objects.bulk_create(people, batch_size=500)
        linmas, tni = _support(ctx)
        leave = _leave(ctx, people)
        audit_record(
            action="import",
            model="personnel.Personnel",
            object_repr="demo",
            changes={"created": len(people)},
            note="Personel demo",
        )
    ctx.log(f"Personel: {len(people)} Polri (demo), {leave} cuti/sakit pada hari H, Linmas {linmas}, TNI {tni}.")
