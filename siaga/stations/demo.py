"""Demo: the TPS of the demo election spread over the kabupaten's desa in proportion to a plausible (synthetic)
voter count — for Jember the KPU totals of Pilkada 2024: 1,955,219 DPT (965,055 L) in 4,046 TPS. Coordinates
are the desa point with jitter; a few special TPS (lapas, remote Tempurejo/Bandealit). Flagged as demo data."""

from siaga.regions.models import Region
from siaga.stations.models import Station
from siaga.units.selectors import polsek_by_desa

JEMBER = {"dpt": 1_955_219, "male": 965_055, "tps": 4_046}
PER_TPS = 483
REMOTE_DESA = ("andongrejo", "sanenrejo", "curahnongko")  # Tempurejo, around Bandealit
LAPAS_KECAMATAN = ("patrang", "kaliwates", "sumbersari")


def _targets(desa_count: int) -> dict:
    if desa_count == 248:
        return JEMBER
    dpt = desa_count * 7_900
    return {"dpt": dpt, "male": round(dpt * 0.494), "tps": round(dpt / PER_TPS)}


def _apportion(weights: list[float], total: int, minimum: int = 0) -> list[int]:
    """Largest-remainder apportionment of `total` over `weights` with a floor of `minimum` each."""
    base = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    scale = sum(weights)
    quotas = [rest * w / scale for w in weights]
    parts = [b + int(q) for b, q in zip(base, quotas, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: quotas[i] - int(quotas[i]), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _desa_plan(ctx, desa: list[Region]) -> list[tuple[Region, int, int]]:
    targets = _targets(len(desa))
    weights = [ctx.rng.lognormvariate(0, 0.45) * (1.4 if d.kind == "kelurahan" else 1.0) for d in desa]
    voters = _apportion(weights, targets["dpt"], minimum=600)
    tps = _apportion(voters, targets["tps"], minimum=1)
    return list(zip(desa, voters, tps, strict=True))


def _stations_for(ctx, election, desa: Region, voters: int, count: int, unit_id: int) -> list[Station]:
    shares = _apportion([ctx.rng.uniform(0.85, 1.15) for _ in range(count)], voters)
    lat0, lon0 = desa.lat if desa.lat is not None else desa.parent.lat, desa.lon or desa.parent.lon
    stations = []
    for number, share in enumerate(shares, start=1):
        male = round(share * JEMBER["male"] / JEMBER["dpt"] + ctx.rng.uniform(-4, 4))
        stations.append(
            Station(
                election=election,
                desa=desa,
                number=number,
                address=f"Dusun demo {1 + (number - 1) // 4}, TPS {number:03d} (alamat fiktif)",
                lat=round(lat0 + ctx.rng.gauss(0, 0.006), 6) if lat0 is not None else None,
                lon=round(lon0 + ctx.rng.gauss(0, 0.006), 6) if lon0 is not None else None,
                voters_male=male,
                voters_female=share - male,
                voters_disabled=ctx.rng.choices([0, 1, 2, 3, 5], weights=[30, 30, 20, 12, 8])[0],
                unit_id=unit_id,
                is_demo=True,
            )
        )
    return stations


def _mark_special(stations: list[Station], by_desa: dict[str, Region]) -> None:
    remote = [s for s in stations if by_desa[s.desa_id].name.lower() in REMOTE_DESA]
    for s in remote[:6]:
        s.special_type = Station.SpecialType.REMOTE
    urban = [s for s in stations if by_desa[s.desa_id].parent.name.lower() in LAPAS_KECAMATAN]
    desa_code = urban[0].desa_id if urban else None
    for s in [s for s in urban if s.desa_id == desa_code][-2:]:
        s.special_type, s.address = Station.SpecialType.LAPAS, f"Lapas/Rutan, TPS {s.number:03d} (lokasi khusus, demo)"


def build(ctx) -> None:
    election = ctx.extras.get("election")
    if election is None:
        return
    desa = list(
        Region.objects.filter(level=4, code__startswith=ctx.kabupaten.code + ".")
        .select_related("parent")
        .order_by("code")
    )
    polsek = polsek_by_desa(kabupaten_code=ctx.kabupaten.code)
    stations: list[Station] = []
    for region, voters, count in _desa_plan(ctx, desa):
        stations += _stations_for(ctx, election, region, voters, count, polsek.get(region.code, ctx.polres.pk))
    _mark_special(stations, {d.code: d for d in desa})
    Station.objects.filter(election=election).delete()
    Station.objects.bulk_create(stations, batch_size=2000)
    total = sum(s.voters for s in stations)
    ctx.log(f"TPS: {len(stations)} TPS di {len(desa)} desa/kelurahan, DPT {total:,}.".replace(",", "."))
