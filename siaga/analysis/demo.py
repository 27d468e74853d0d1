"""Demo: a year of gangguan kamtibmas cases for the demo Polres (near-repeat clusters around a few desa per
Polsek), with status histories, and synthetic population figures per desa. All flagged as demo."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from siaga.analysis.models import CrimeType, Population
from siaga.analysis.services import case_create, case_set_status
from siaga.core.access import SYSTEM
from siaga.regions.models import Region

TYPES = [("curat", 20), ("curanmor", 16), ("pencurian_biasa", 12), ("penganiayaan", 9), ("penipuan", 8),
         ("narkotika", 10), ("curas", 5), ("penggelapan", 5), ("pengeroyokan", 3), ("politik_uang", 2),
         ("laka_lantas", 6)]  # fmt: skip
CASES_PER_POLSEK = 40


def _desa_of(polsek) -> list[Region]:
    codes = [r.code for r in polsek.regions.all()]
    out = []
    for code in codes:
        out += list(Region.objects.filter(level=4, code__startswith=code + ".").exclude(lat=None))
    return out


def build(ctx) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    types = {t.code: t for t in CrimeType.objects.all()}
    codes, weights = zip(*TYPES, strict=True)
    n = 0
    for polsek in ctx.polseks:
        desa = _desa_of(polsek)
        if not desa:
            continue
        for d in desa:
            Population.objects.update_or_create(
                region=d, year=today.year, defaults={"population": rng.randint(2500, 12000), "is_demo": True,
                                                     "source": "sintetis (demo)"},
            )  # fmt: skip
        hot = rng.sample(desa, min(3, len(desa)))
        for _ in range(CASES_PER_POLSEK):
            place = rng.choice(hot) if rng.random() < 0.7 else rng.choice(desa)
            day = today - dt.timedelta(days=rng.randint(1, 365))
            when = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(0, 23), rng.randint(0, 59))))
            ctype = types[rng.choices(codes, weights)[0]]
            n += 1
            case = case_create(
                unit=polsek, lp_number=f"LP/B/{n}/{day:%Y}/SPKT/{polsek.code.upper()}", crime_type=ctype,
                occurred_at=when, desa=place, lat=place.lat + rng.gauss(0, 0.003), lon=place.lon + rng.gauss(0, 0.003),
                evidence_type="sabu" if ctype.code == "narkotika" else "",
                evidence_grams=round(rng.uniform(0.2, 25), 2) if ctype.code == "narkotika" else None,
                gakkumdu=ctype.code == "politik_uang", is_demo=True, actor=SYSTEM,
            )  # fmt: skip
            steps = rng.choice([[], ["sidik"], ["sidik", "tahap2"], ["sidik", "tahap2", "selesai"], ["sp3"]])
            on = day
            for status in steps:
                on = min(today, on + dt.timedelta(days=rng.randint(2, 30)))
                case_set_status(case=case, status=status, on=on, actor=SYSTEM)
    ctx.log(f"Register gangguan kamtibmas: {n} perkara demo, penduduk sintetis per desa.")
